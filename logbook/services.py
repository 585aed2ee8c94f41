"""Writes of the live session flow: starting and finishing sessions, logging sets.

Each writes the training log and brings what progress keeps along with it: a
logged, edited or deleted set updates the personal records, a finished session
records its progression. Every write is one transaction. Logging is idempotent
on the form's token, so a double tap or a retried request records one set, never
two.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from progress.records import records_note, records_rebuild
from progress.services import progression_record
from training.models import LoggedSet, Session
from training.services import IMPORT_FIELDS


def session_start(*, session: Session, warmup_done: bool) -> Session:
    if session.status in (Session.Status.PLANNED, Session.Status.SKIPPED):
        session.status = Session.Status.IN_PROGRESS
        session.started_at = timezone.now()
    session.warmup_done = session.warmup_done or warmup_done
    session.full_clean(exclude=IMPORT_FIELDS)
    session.save()
    return session


@transaction.atomic
def set_log(*, session: Session, exercise, token, **values) -> tuple[LoggedSet, bool]:
    """Record one set; returns (the set, whether it is new).

    A token already used in this session returns the set it created instead.
    """
    existing = LoggedSet.objects.filter(session=session, token=token).first()
    if existing is not None:
        return existing, False
    Session.objects.select_for_update().filter(pk=session.pk).first()
    if session.status != Session.Status.IN_PROGRESS and session.status != Session.Status.DONE:
        session_start(session=session, warmup_done=False)
    side = values.get("side", LoggedSet.Side.BOTH)
    number = LoggedSet.objects.filter(session=session, exercise=exercise, side=side).count() + 1
    logged = LoggedSet(session=session, exercise=exercise, token=token, set_number=number, **values)
    logged.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            logged.save()
    except IntegrityError:
        # Two requests with one token raced; the other one recorded it.
        return LoggedSet.objects.get(session=session, token=token), False
    records_note(logged=logged)
    return logged, True


@transaction.atomic
def set_update(*, logged: LoggedSet, **values) -> LoggedSet:
    old_side = logged.side
    for name, value in values.items():
        setattr(logged, name, value)
    if logged.side != old_side:
        _renumber(logged.session_id, logged.exercise_id, old_side, after=logged.set_number)
        logged.set_number = (
            LoggedSet.objects.filter(
                session_id=logged.session_id, exercise_id=logged.exercise_id, side=logged.side
            ).count()
            + 1
        )
    logged.full_clean(validate_constraints=False)
    logged.save()
    records_rebuild(user=logged.session.user, exercise_ids=[logged.exercise_id])
    return logged


@transaction.atomic
def set_delete(*, logged: LoggedSet) -> None:
    logged.delete()
    _renumber(logged.session_id, logged.exercise_id, logged.side, after=logged.set_number)
    records_rebuild(user=logged.session.user, exercise_ids=[logged.exercise_id])


def _renumber(session_id, exercise_id, side, *, after):
    """Close the gap a removed set leaves: sets 1, 3 become 1, 2."""
    LoggedSet.objects.filter(
        session_id=session_id, exercise_id=exercise_id, side=side, set_number__gt=after
    ).update(set_number=F("set_number") - 1)


@transaction.atomic
def session_finish(*, session: Session, effort, notes: str, cooldown_done: bool) -> Session:
    session.status = Session.Status.DONE
    session.finished_at = timezone.now()
    session.started_at = session.started_at or session.finished_at
    session.effort = effort
    session.notes = notes
    session.cooldown_done = cooldown_done
    session.full_clean(exclude=IMPORT_FIELDS)
    session.save()
    progression_record(session=session)
    return session
