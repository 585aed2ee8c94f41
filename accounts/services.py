"""Deleting an account with everything in it."""

from django.apps import apps
from django.db import transaction

# The user's rows, in an order no protected foreign key objects to: what points
# at an exercise, a session or a routine goes before it. Looked up by name so
# the accounts app imports none of the apps built on it.
OWNED = [
    ("progress", "Goal", "user"),
    ("progress", "PersonalRecord", "user"),
    ("progress", "ProgressionState", "user"),
    ("progress", "ProgressionEvent", "user"),
    ("training", "Session", "user"),  # with its sets
    ("training", "Schedule", "user"),
    ("training", "Routine", "owner"),  # with its entries
    ("training", "Import", "user"),
    ("exercises", "Exercise", "owner"),  # the user's private exercises
]


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete the user and all their data: nothing of theirs is left behind."""
    for app_label, model_name, field in OWNED:
        apps.get_model(app_label, model_name).objects.filter(**{field: user}).delete()
    user.delete()
