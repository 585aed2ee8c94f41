from django.urls import path

from logbook import start_views, views

app_name = "logbook"

# Under /training/ beside the training app's pages (config/urls.py): the paths are the
# ones people and the docs have always used.
urlpatterns = [
    path("sessions/now/", start_views.session_now, name="session-now"),
    path("sessions/past/", start_views.session_past, name="session-past"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/date/", start_views.session_date, name="session-date"),
    path("sessions/<int:pk>/start/", views.session_start, name="session-start"),
    path("sessions/<int:pk>/sets/", views.set_create, name="set-create"),
    path("sets/<int:pk>/edit/", views.set_edit, name="set-edit"),
    path("sets/<int:pk>/delete/", views.set_delete, name="set-delete"),
    path("sessions/<int:pk>/sets/undo/", views.set_undo, name="set-undo"),
    path("sessions/<int:pk>/finish/", views.session_finish, name="session-finish"),
    path("sessions/<int:pk>/summary/", views.session_summary, name="session-summary"),
]
