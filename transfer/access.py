"""Get an import or a restore for its owner, or 404: never another user's.

As `training/access.py` does for the log's rows: views fetch through these
helpers, and another user's row is a 404, not a 403. The models themselves are
training's (`Import`, `Restore`).
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from training.models import Import, Restore


def get_import_for_user(user, pk, *, queryset: QuerySet | None = None) -> Import:
    """One of the user's imports. Views that only show progress defer the staged file."""
    queryset = Import.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.filter(user=user), pk=pk)


def get_restore_for_user(user, pk) -> Restore:
    """One of the user's restores, without the backup it may still hold."""
    return get_object_or_404(Restore.objects.defer("document").filter(user=user), pk=pk)
