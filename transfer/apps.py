from django.apps import AppConfig


class TransferConfig(AppConfig):
    """Moving a log in and out: imports of other apps' exports, the CSV, backup and restore.

    It sits on top: it writes training, progress and the catalog alike, and nothing
    below imports it. Its rows, `Import` and `Restore`, stay in training's models (a
    session points at the import that brought it in), so this app has no models.
    """

    name = "transfer"
    verbose_name = "Import and export"
