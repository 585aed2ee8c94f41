from django.urls import path

from progress.views import dashboard, goals, pain, progression, records, stages

app_name = "progress"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/morning/", pain.morning_check, name="morning-check"),
    path("sessions/<int:pk>/pain/", pain.pain_report, name="pain-report"),
    path("progress/", progression.progress_list, name="progress-list"),
    # Before progress/<slug>/, which would take "records" for an exercise's slug.
    path("progress/records/", records.record_list, name="record-list"),
    path("progress/records/<slug:slug>/", records.exercise_records, name="exercise-records"),
    path("progress/<slug:slug>/", progression.exercise_progress, name="exercise-progress"),
    path(
        "progress/<slug:slug>/move-on/", progression.progression_move_on, name="progression-move-on"
    ),
    path("progress/<slug:slug>/keep/", progression.progression_keep, name="progression-keep"),
    path("progress/<slug:slug>/unlock/", stages.stage_unlock, name="stage-unlock"),
    path("goals/", goals.goal_list, name="goal-list"),
    path("goals/new/", goals.goal_create, name="goal-create"),
    path("goals/<int:pk>/", goals.goal_detail, name="goal-detail"),
    path("goals/<int:pk>/archive/", goals.goal_archive, name="goal-archive"),
    path("goals/<int:pk>/delete/", goals.goal_delete, name="goal-delete"),
]
