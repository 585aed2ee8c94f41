"""The restore form: one backup file, read as JSON (the restore service checks the rest)."""

from django import forms
from django.conf import settings

from transfer.restore import BackupError, backup_load


class RestoreForm(forms.Form):
    file = forms.FileField(
        label="Backup file",
        help_text="The .json file that “Download a backup” saved.",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self) -> dict:
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"This file is {_size(upload.size)}: a backup may be {_size(limit)} at most. "
                "Ask the site's operator to restore it for you."
            )
        try:
            return backup_load(upload.read())
        except BackupError as error:
            raise forms.ValidationError(error.messages) from None


def _size(count: int) -> str:
    """'20 MB', '512 KB', '100 bytes'."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if count >= scale:
            return f"{count / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} bytes"
