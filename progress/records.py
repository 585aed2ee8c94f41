"""Personal records: which sets beat the user's best, the moment they are logged.

What counts, per exercise, from working sets only (warm-ups never count):

- exercises measured in reps × load: the heaviest load for each number of
  reps, and the best estimated one-rep max (Epley: load × (1 + reps / 30),
  from sets of at most 10 reps; a single is its own load);
- exercises measured in reps (bodyweight, bands): the most reps in one set;
- exercises measured in hold seconds: the longest hold.

A record must beat the best before it: equalling it is not a new record, and
the record stays with the set that got there first. The first set of an
exercise sets a baseline (a row with no `previous`); pages show only records
that beat something. Records are kept in kg, so a pound user's 225 lb and a
kilogram user's 102.06 kg compare alike.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Max

from exercises.models import Exercise
from progress.models import PersonalRecord
from training.models import LoggedSet

EPLEY_MAX_REPS = 10
_PLACES = Decimal("0.0001")


def epley(load_kg: Decimal, reps: int) -> Decimal | None:
    """The estimated one-rep max of `reps` at `load_kg`, or None past 10 reps."""
    if reps < 1 or reps > EPLEY_MAX_REPS or load_kg <= 0:
        return None
    if reps == 1:
        return Decimal(load_kg).quantize(_PLACES)
    return (Decimal(load_kg) * (30 + reps) / 30).quantize(_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Candidate:
    kind: str
    reps: int | None
    value: Decimal


def candidates(measure: str, *, kind: str, reps, load_kg, hold_s) -> list[Candidate]:
    """What one set could be a record of, by how its exercise is measured."""
    if kind == LoggedSet.Kind.WARMUP:
        return []
    found = []
    if measure == Exercise.Measure.REPS_LOAD:
        if reps and load_kg is not None and load_kg > 0:
            found.append(
                Candidate(PersonalRecord.Kind.LOAD, reps, Decimal(load_kg).quantize(_PLACES))
            )
            estimate = epley(load_kg, reps)
            if estimate is not None:
                found.append(Candidate(PersonalRecord.Kind.E1RM, None, estimate))
    elif measure in (Exercise.Measure.REPS, Exercise.Measure.BAND_REPS):
        if reps:
            found.append(Candidate(PersonalRecord.Kind.REPS, None, Decimal(reps)))
    elif measure == Exercise.Measure.HOLD and hold_s:
        found.append(Candidate(PersonalRecord.Kind.HOLD, None, Decimal(hold_s)))
    return found


def _beats(best: dict[tuple[str, int | None], Decimal], logged: LoggedSet, *, user_id, date):
    """The records one set sets against `best`, which it updates."""
    rows = []
    found = candidates(
        logged.exercise.measure,
        kind=logged.kind,
        reps=logged.reps,
        load_kg=logged.load_kg,
        hold_s=logged.hold_s,
    )
    for c in found:
        key = (c.kind, c.reps)
        previous = best.get(key)
        if previous is None or c.value > previous:
            best[key] = c.value
            rows.append(
                PersonalRecord(
                    user_id=user_id,
                    exercise_id=logged.exercise_id,
                    logged_set_id=logged.pk,
                    kind=c.kind,
                    reps=c.reps,
                    value=c.value,
                    previous=previous,
                    date=date,
                )
            )
    return rows


@transaction.atomic
def records_rebuild(*, user, exercise_ids: Iterable[int] | None = None) -> int:
    """Recompute the user's records from the log (for one set of exercises, or all).

    For when the log changes under them: a set edited or deleted, a set logged
    into an earlier session, an import. One pass over the sets in the order
    they were done; returns the number of records.
    """
    sets = LoggedSet.objects.filter(session__user=user).working()
    records = PersonalRecord.objects.filter(user=user)
    if exercise_ids is not None:
        exercise_ids = list(exercise_ids)
        sets = sets.filter(exercise_id__in=exercise_ids)
        records = records.filter(exercise_id__in=exercise_ids)
    records.delete()
    best: dict[int, dict] = {}
    rows = []
    sets = (
        sets.select_related("session", "exercise")
        .only("kind", "reps", "load_kg", "hold_s", "exercise__measure", "session__date")
        .order_by("session__date", "pk")
    )
    for logged in sets:
        exercise_best = best.setdefault(logged.exercise_id, {})
        rows.extend(_beats(exercise_best, logged, user_id=user.pk, date=logged.session.date))
    PersonalRecord.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def records_note(*, logged: LoggedSet) -> list[PersonalRecord]:
    """Record what a newly logged set beats; returns the records it set.

    Runs in the transaction that logs the set. A set logged into a session
    older than the exercise's latest rewrites the exercise's records instead.
    """
    session = logged.session
    if logged.kind == LoggedSet.Kind.WARMUP:
        return []
    later = (
        LoggedSet.objects.filter(
            session__user_id=session.user_id,
            exercise_id=logged.exercise_id,
            session__date__gt=session.date,
        )
        .working()
        .exists()
    )
    if later:
        records_rebuild(user=session.user, exercise_ids=[logged.exercise_id])
        return list(PersonalRecord.objects.filter(logged_set=logged))
    best = {
        (row["kind"], row["reps"]): row["best"]
        for row in PersonalRecord.objects.filter(
            user_id=session.user_id, exercise_id=logged.exercise_id
        )
        .values("kind", "reps")
        .annotate(best=Max("value"))
    }
    rows = _beats(best, logged, user_id=session.user_id, date=session.date)
    return PersonalRecord.objects.bulk_create(rows)
