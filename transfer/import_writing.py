"""Steps 3 and 4 of an import (the whole flow: `importing`): writing it, taking it back.

`import_step` writes a confirmed import a few thousand sets at a time, run by a
background task (transfer/tasks.py) until it is done; `import_undo` takes back
what an import wrote, `import_retry` returns a failed one to its review and
`import_cancel` stops one the user no longer wants.
"""

import datetime
import time
from collections import Counter
from decimal import Decimal

from django.db import DatabaseError, transaction
from django.db.models import Min
from django.utils import timezone

from exercises.models import Exercise
from progress.models import PersonalRecord, ProgressionEvent, ProgressionState
from progress.records import records_rebuild
from progress.services import progression_replay
from training.analyze import analyze_on_commit
from training.models import MAX_SET_NOTE, Import, LoggedSet, Session
from training.units import to_kg

# Sets written per transaction: big enough for bulk writes to pay, small
# enough that each step commits in well under a second.
CHUNK_SETS = 2000
# A step writes chunks for about this long, then answers with the progress.
STEP_SECONDS = 1.0


def _aware(value: str | None) -> datetime.datetime | None:
    if not value:
        return None
    moment = datetime.datetime.fromisoformat(value)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _write(batch: Import, payload: list[dict], start: int) -> tuple[int, int]:
    """Write sessions from `start` until CHUNK_SETS sets are written.

    Returns where the next chunk starts, and the sessions and sets written."""
    end, count = start, 0
    while end < len(payload) and count < CHUNK_SETS:
        count += len(payload[end]["sets"])
        end += 1
    chunk = payload[start:end]
    mapping, default_unit = batch.mapping, batch.unit or batch.user.unit
    there = set(
        Session.objects.filter(
            user_id=batch.user_id, import_key__in=[s["key"] for s in chunk]
        ).values_list("import_key", flat=True)
    )
    sessions, sets_of = [], []
    label = batch.get_format_display()
    for s in chunk:
        kept = [x for x in s["sets"] if mapping.get(x[1]) is not None]
        if s["key"] in there or not kept:
            continue
        # The workout's name is the session's title; the notes say where it came from
        # and keep the workout's; each set's note is the set's.
        notes = f"From {label}\n{s['notes']}".strip()
        sessions.append(
            Session(
                user_id=batch.user_id,
                date=datetime.date.fromisoformat(s["date"]),
                title=(s["title"] or "")[:100],
                status=Session.Status.DONE,
                started_at=_aware(s["started_at"]),
                finished_at=_aware(s["finished_at"]),
                notes=notes[:2000],
                imported_from=batch,
                import_key=s["key"],
            )
        )
        sets_of.append(kept)
    Session.objects.bulk_create(sessions)
    rows = []
    for session, kept in zip(sessions, sets_of, strict=True):
        numbers: Counter = Counter()
        # An import reviewed before sets kept notes has nine cells a set.
        for _line, name, kind, side, reps, weight, unit, seconds, rpe, *note in kept:
            exercise_id = mapping[name]
            numbers[exercise_id, side] += 1
            load = Decimal(weight) if weight is not None else None
            rows.append(
                LoggedSet(
                    session=session,
                    exercise_id=exercise_id,
                    set_number=numbers[exercise_id, side],
                    side=side,
                    kind=kind,
                    reps=reps or None,
                    load_kg=to_kg(load, unit or default_unit) if load else None,
                    hold_s=seconds or None,
                    rpe=rpe or None,
                    note=(note[0] if note else "")[:MAX_SET_NOTE],
                )
            )
    LoggedSet.objects.bulk_create(rows, batch_size=CHUNK_SETS)
    return end, len(sessions), len(rows)


def _drop_unused_exercises(batch: Import) -> list[int]:
    """Delete the private exercises the import made that no logged set uses; the rest."""
    created = batch.summary.get("created", [])
    if not created:
        return []
    used = set(
        LoggedSet.objects.filter(exercise_id__in=created).values_list("exercise_id", flat=True)
    )
    Exercise.objects.filter(
        pk__in=[pk for pk in created if pk not in used], owner=batch.user
    ).delete()
    return [pk for pk in created if pk in used]


def _finish(batch: Import) -> None:
    # An import whose sessions were all there before adds nothing, not even an exercise.
    kept = _drop_unused_exercises(batch)
    dropped = set(batch.summary.get("created", [])) - set(kept)
    batch.summary = {**batch.summary, "created": kept}
    batch.mapping = {name: None if pk in dropped else pk for name, pk in batch.mapping.items()}
    if batch.sessions_written:
        exercise_ids = sorted({pk for pk in batch.mapping.values() if pk is not None})
        records_rebuild(user=batch.user, exercise_ids=exercise_ids)
        # Judged in date order from the first day the import brought: an imported
        # session between two logged ones is judged in its place.
        first = Session.objects.filter(imported_from=batch).aggregate(first=Min("date"))["first"]
        progression_replay(user=batch.user, exercise_ids=exercise_ids, since=first)
        # The tables may have grown many times over: plan the next queries on what is there.
        analyze_on_commit([Session, LoggedSet, PersonalRecord, ProgressionEvent, ProgressionState])
    batch.status = Import.Status.DONE
    batch.finished_at = timezone.now()
    batch.payload = []  # written: the file's contents need not stay twice
    batch.save()


def import_undo(*, batch: Import, status: str, error: str = "") -> Import:
    """Take back everything the import wrote, and the exercises it made.

    A failed import keeps its file (`payload`) so that it can be tried again."""
    with transaction.atomic():
        Session.objects.filter(imported_from=batch).delete()
        _drop_unused_exercises(batch)
        kept = {} if status == Import.Status.FAILED else {"payload": []}
        Import.objects.filter(pk=batch.pk).update(
            status=status, error=error, finished_at=timezone.now(), **kept
        )
    batch.refresh_from_db()
    return batch


def import_retry(*, batch: Import) -> Import:
    """Take a failed import back to its review, with the user's answers kept."""
    with transaction.atomic():
        updated = Import.objects.filter(
            pk=batch.pk, status=Import.Status.FAILED, payload__isnull=False
        ).update(
            status=Import.Status.REVIEW,
            error="",
            cursor=0,
            total=0,
            sessions_written=0,
            sets_written=0,
            mapping={},
            finished_at=None,
            heartbeat_at=None,
        )
    batch.refresh_from_db()
    if updated and not batch.payload:
        # Failed before its file was kept: there is nothing to try again.
        return import_undo(batch=batch, status=Import.Status.CANCELLED)
    return batch


def import_step(*, batch: Import, budget: float | None = None) -> Import:
    """Write for about `budget` seconds (at least one chunk); returns the import as it stands."""
    if batch.status != Import.Status.RUNNING:
        return batch
    payload = batch.payload
    deadline = time.monotonic() + (STEP_SECONDS if budget is None else budget)
    try:
        while True:
            with transaction.atomic():
                # The lock serialises two tabs (or a tab and a retry) stepping one import.
                current = (
                    Import.objects.select_for_update()
                    .defer("payload")
                    .select_related("user")
                    .get(pk=batch.pk)
                )
                if current.status != Import.Status.RUNNING:
                    return current
                current.heartbeat_at = timezone.now()
                if current.cursor < current.total:
                    current.cursor, sessions, sets = _write(current, payload, current.cursor)
                    current.sessions_written += sessions
                    current.sets_written += sets
                    current.save(
                        update_fields=["cursor", "sessions_written", "sets_written", "heartbeat_at"]
                    )
                else:
                    current.payload = payload
                    _finish(current)
                    return current
            if time.monotonic() >= deadline:
                return current
    except DatabaseError as error:
        return import_undo(
            batch=batch,
            status=Import.Status.FAILED,
            error=f"The database refused a row ({error.__class__.__name__}); nothing was kept.",
        )


def import_cancel(*, batch: Import) -> Import:
    if batch.status not in (Import.Status.REVIEW, Import.Status.RUNNING):
        return batch
    return import_undo(batch=batch, status=Import.Status.CANCELLED)
