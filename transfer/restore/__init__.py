"""Putting a backup back: into an empty account, all of it or nothing.

`backup_load(raw)` reads an uploaded file as JSON; `backup_restore(user=...,
data=...)` checks the whole document (see `transfer.backup` for its
shape) before it writes anything, then writes it in one transaction with
`bulk_create`, a handful of statements per table. Any problem, in the file or
from the database, is a `BackupError` whose messages say where it is; the
account is then left as it was.

Private exercises get a fresh slug (their name and a random suffix): a slug is
unique across the site, and the one they had may still be taken. Bookkeeping
timestamps (`created_at`, `updated_at`) and set tokens are set afresh, in the
document's order.

The package: this module holds what callers use; `fields` reads and checks one
value, `plan` reads the document into unsaved rows and writes them, `progress`
the part of the plan that reads progress's rows.
"""

import contextlib
import json
import logging
from collections import Counter

from django.db import DataError, IntegrityError, transaction
from django.db.models import Exists, OuterRef

from accounts.models import User
from exercises.models import Exercise
from progress.models import Goal, PersonalRecord, ProgressionEvent, ProgressionState
from training.analyze import analyze_on_commit
from training.models import LoggedSet, Routine, Schedule, Session
from transfer.restore.fields import MAX_PROBLEMS, BackupError, _TooMany
from transfer.restore.plan import _Plan

__all__ = [
    "BackupError",
    "account_contents",
    "backup_check",
    "backup_load",
    "backup_restore",
    "restored_summary",
]

logger = logging.getLogger(__name__)

# What an account may already hold, for the refusal's message.
CONTENTS = {
    "sessions": ("sessions", Session.objects.filter(user=OuterRef("pk"))),
    "routines": ("routines", Routine.objects.filter(owner=OuterRef("pk"))),
    "schedules": ("schedules", Schedule.objects.filter(user=OuterRef("pk"))),
    "goals": ("goals", Goal.objects.filter(user=OuterRef("pk"))),
    "exercises": ("private exercises", Exercise.objects.filter(owner=OuterRef("pk"))),
    "states": ("progression", ProgressionState.objects.filter(user=OuterRef("pk"))),
    "events": ("progression history", ProgressionEvent.objects.filter(user=OuterRef("pk"))),
    "records": ("personal records", PersonalRecord.objects.filter(user=OuterRef("pk"))),
}


def backup_load(raw: bytes) -> dict:
    """The bytes of an uploaded backup as JSON (UTF-8, a byte-order mark allowed)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = "\x00"
    if "\x00" in text:
        raise BackupError(
            [
                "This is not a Hamstrong backup: it is not a text file. Choose the .json file "
                "that “Download a backup” saved."
            ]
        )
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise BackupError(
            [
                f"This is not a Hamstrong backup: it is not valid JSON ({error.msg} on line "
                f"{error.lineno}, column {error.colno})."
            ]
        ) from None
    except (ValueError, RecursionError):
        raise BackupError(["This is not a Hamstrong backup: it is not valid JSON."]) from None


def _no_constant(name):
    raise ValueError(name)


def account_contents(user) -> list[str]:
    """What the account already holds that a restore would add to (one query)."""
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(**{f"has_{key}": Exists(query) for key, (_, query) in CONTENTS.items()})
        .values(*(f"has_{key}" for key in CONTENTS))
        .get()
    )
    return [name for key, (name, _) in CONTENTS.items() if row[f"has_{key}"]]


def _refuse_unless_empty(user) -> None:
    held = account_contents(user)
    if held:
        listed = held[0] if len(held) == 1 else f"{', '.join(held[:-1])} and {held[-1]}"
        raise BackupError(
            [
                f"Your account already holds {listed}. A backup is restored only into an empty "
                "account, so nothing was changed: sign up for a new account and restore it "
                "there."
            ]
        )


def backup_check(*, user, data) -> "_Plan":
    """Check a backup document against the user's account; raises BackupError, writes nothing."""
    _refuse_unless_empty(user)
    plan = _Plan(user)
    with contextlib.suppress(_TooMany):
        plan.read(data)
    if plan.problems:
        more = len(plan.problems) >= MAX_PROBLEMS
        stopped = [f"Checking stopped at {MAX_PROBLEMS} problems; there may be more."]
        raise BackupError(plan.problems + (stopped if more else []))
    return plan


def backup_restore(*, user, data) -> Counter:
    """Restore a backup document into the user's empty account; returns the rows written."""
    plan = backup_check(user=user, data=data)
    try:
        with transaction.atomic():
            User.objects.select_for_update().filter(pk=user.pk).first()
            _refuse_unless_empty(user)
            written = plan.write()
            # A whole history, into tables that may have held little.
            analyze_on_commit(
                [Session, LoggedSet, PersonalRecord, ProgressionEvent, ProgressionState, Goal]
            )
            return written
    except (IntegrityError, DataError, UnicodeEncodeError):
        # The checks above mirror the database's rules; this is the net under them.
        logger.exception("Restoring a backup for user %s failed in the database", user.pk)
        raise BackupError(
            [
                "The database refused a value of this backup, so nothing was changed. "
                "Is the file one that Hamstrong saved, unedited?"
            ]
        ) from None


RESTORED = (
    ("sessions", "session"),
    ("sets", "set"),
    ("routines", "routine"),
    ("schedules", "schedule"),
    ("goals", "goal"),
    ("exercises", "private exercise"),
    ("progression_events", "progression event"),
    ("personal_records", "personal record"),
)


def restored_summary(counts: Counter) -> str:
    """'Restored 650 sessions, 6,424 sets, 1 routine, … and 40 personal records.'"""
    parts = [
        f"{counts[key]:,} {name}{'' if counts[key] == 1 else 's'}"
        for key, name in RESTORED
        if counts[key] or key == "sessions"
    ]
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"Restored {listed}."
