from django.urls import path

from training.views import history, routines, schedule

app_name = "training"

urlpatterns = [
    # Routines: shipped templates and the user's own.
    path("routines/", routines.routine_list, name="routine-list"),
    path("routines/new/", routines.routine_create, name="routine-create"),
    path("routines/<int:pk>/", routines.routine_detail, name="routine-detail"),
    path("routines/<int:pk>/edit/", routines.routine_edit, name="routine-edit"),
    path("routines/<int:pk>/copy/", routines.routine_copy, name="routine-copy"),
    path("routines/<int:pk>/delete/", routines.routine_delete, name="routine-delete"),
    # Schedule: plan, calendar, upcoming list, iCalendar feed.
    path("schedule/", schedule.schedule_create, name="schedule-create"),
    path("calendar/", schedule.calendar_month, name="calendar"),
    path("calendar/<int:year>/<int:month>/", schedule.calendar_month, name="calendar-month"),
    path("upcoming/", schedule.upcoming, name="upcoming"),
    path("history/", history.history, name="history"),
    path("sessions/new/", schedule.session_add, name="session-add"),
    path("sessions/<int:pk>/move/", schedule.session_move, name="session-move"),
    path("sessions/<int:pk>/skip/", schedule.session_skip, name="session-skip"),
    path("calendar/feed/", schedule.feed_settings, name="feed-settings"),
    path("calendar/feed/<str:token>.ics", schedule.feed, name="feed"),
    # A session's own page, logging its sets and finishing it: logbook/urls.py.
    # Import, export, backup and restore, under the same prefix: transfer/urls.py.
]
