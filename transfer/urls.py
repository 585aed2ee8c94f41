from django.urls import path

from transfer.views import backup, imports

app_name = "transfer"

# Under /training/ beside the training app's pages (config/urls.py): the paths are the
# ones people and the docs have always used.
urlpatterns = [
    # Bring history in from another app; take it out as CSV or a backup.
    path("import/", imports.import_start, name="import-start"),
    path("import/<int:pk>/", imports.import_review, name="import-review"),
    path("import/<int:pk>/progress/", imports.import_progress, name="import-progress"),
    path("import/<int:pk>/step/", imports.import_step, name="import-step"),
    path("import/<int:pk>/retry/", imports.import_retry_view, name="import-retry"),
    path("import/<int:pk>/cancel/", imports.import_cancel, name="import-cancel"),
    path("export/sets.csv", backup.export_csv, name="export-csv"),
    path("export/backup.json", backup.export_backup, name="export-backup"),
    path("restore/", backup.restore, name="restore"),
    path("restore/<int:pk>/", backup.restore_progress, name="restore-progress"),
]
