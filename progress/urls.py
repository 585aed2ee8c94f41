from django.urls import path

from progress import views

app_name = "progress"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("progress/", views.progress_list, name="progress-list"),
    path("progress/<slug:slug>/", views.exercise_progress, name="exercise-progress"),
    path("progress/<slug:slug>/move-on/", views.progression_move_on, name="progression-move-on"),
    path("progress/<slug:slug>/keep/", views.progression_keep, name="progression-keep"),
]
