"""Personal records: which sets beat the user's best, the moment they are logged.

What counts, per exercise, from working sets only (warm-ups never count):

- exercises measured in reps × load: the heaviest load for each number of
  reps, and the best estimated one-rep max (Epley: load × (1 + reps / 30),
  from sets of at most 10 reps; a single is its own load);
- exercises measured in reps (bodyweight, bands): the most reps in one set;
- exercises measured in hold seconds: the longest hold.

Each of those is kept apart per band colour (for reps at a band) and per
side (for a unilateral exercise): 15 reps on the yellow band never beat 12 on
the red one, and the left leg competes only with the left leg.

A record must beat the best before it as the user sees it, in their unit, by
at least the precision loads are shown to (0.01 kg or 0.01 lb; one rep; one
second): anything closer is a tie, never "100 kg (was 100 kg)", and the record
stays with the set that got there first. `beats` is that comparison, the only
one. The first set of an identity sets a baseline (a row with no `previous`);
pages show only records that beat something. Records are kept in kg.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, Expression, F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber

from exercises.models import Exercise
from progress.models import PersonalRecord
from training.models import LoggedSet
from training.units import from_kg

EPLEY_MAX_REPS = 10
_PLACES = Decimal("0.0001")
_LOADS = (PersonalRecord.Kind.LOAD, PersonalRecord.Kind.E1RM)

# (kind, reps, band id, side): what a record competes with, within one exercise.
Identity = tuple[str, int | None, int | None, str]


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


def shown(kind: str, value: Decimal, unit: str) -> Decimal:
    """A record's value as the user reads it: a load in their unit to 0.01, else whole."""
    if kind in _LOADS:
        return from_kg(value, unit)
    return Decimal(value).to_integral_value(rounding=ROUND_HALF_UP)


def beats(kind: str, value: Decimal, best: Decimal | None, *, unit: str) -> bool:
    """Whether `value` is a record over `best`: higher as shown in `unit`, so by at least
    the shown precision. Equal as shown is a tie, whatever grams lie under it."""
    return best is None or shown(kind, value, unit) > shown(kind, best, unit)


def set_apart(measure: str, unilateral: bool, *, band_id, side) -> tuple[int | None, str]:
    """The band and side a set's records belong to: the band only for reps at a band,
    the side only for a unilateral exercise."""
    return (
        band_id if measure == Exercise.Measure.BAND_REPS else None,
        side if unilateral else LoggedSet.Side.BOTH,
    )


def records_for(logged, best: dict[Identity, Decimal], *, unit: str, model=PersonalRecord):
    """The records one set sets against `best` (an exercise's bests, which it updates).

    `logged` is read by attribute only (pk, exercise_id, exercise.measure,
    exercise.unilateral, kind, reps, load_kg, hold_s, band_id, side,
    session.user_id, session.date), and rows are made with `model`, so the
    migration that added bands and sides rebuilds with its historical models.
    """
    exercise, session = logged.exercise, logged.session
    band_id, side = set_apart(
        exercise.measure, exercise.unilateral, band_id=logged.band_id, side=logged.side
    )
    rows = []
    found = candidates(
        exercise.measure,
        kind=logged.kind,
        reps=logged.reps,
        load_kg=logged.load_kg,
        hold_s=logged.hold_s,
    )
    for c in found:
        key = (c.kind, c.reps, band_id, side)
        previous = best.get(key)
        if beats(c.kind, c.value, previous, unit=unit):
            best[key] = c.value
            rows.append(
                model(
                    user_id=session.user_id,
                    exercise_id=logged.exercise_id,
                    logged_set_id=logged.pk,
                    kind=c.kind,
                    reps=c.reps,
                    band_id=band_id,
                    side=side,
                    value=c.value,
                    previous=previous,
                    date=session.date,
                )
            )
    return rows


def rebuild_rows(sets: Iterable, *, unit: str, model=PersonalRecord) -> list:
    """Every record of `sets` (one user's working sets in the order done), unsaved."""
    best: dict[int, dict[Identity, Decimal]] = {}
    rows = []
    for logged in sets:
        exercise_best = best.setdefault(logged.exercise_id, {})
        rows.extend(records_for(logged, exercise_best, unit=unit, model=model))
    return rows


RECORD_SET_FIELDS = (
    "kind",
    "reps",
    "load_kg",
    "hold_s",
    "band",
    "side",
    "exercise__measure",
    "exercise__unilateral",
    "session__date",
    "session__user_id",
)


@transaction.atomic
def records_rebuild(*, user, exercise_ids: Iterable[int] | None = None) -> int:
    """Recompute the user's records from the log (for one set of exercises, or all).

    For when the log changes under them: a set edited or deleted, a set logged
    into an earlier session, an import, a change of unit (ties are judged in
    the unit shown). One pass over the sets in the order they were done;
    returns the number of records.
    """
    sets = LoggedSet.objects.filter(session__user=user).working()
    records = PersonalRecord.objects.filter(user=user)
    if exercise_ids is not None:
        exercise_ids = list(exercise_ids)
        sets = sets.filter(exercise_id__in=exercise_ids)
        records = records.filter(exercise_id__in=exercise_ids)
    records.delete()
    sets = (
        sets.select_related("session", "exercise")
        .only(*RECORD_SET_FIELDS)
        .order_by("session__date", "pk")
    )
    rows = rebuild_rows(sets.iterator(chunk_size=2000), unit=user.unit)
    PersonalRecord.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _identities(logged) -> list[tuple[Identity, Candidate]]:
    """What one set competes in: each record it could set, with its identity."""
    exercise = logged.exercise
    band_id, side = set_apart(
        exercise.measure, exercise.unilateral, band_id=logged.band_id, side=logged.side
    )
    found = candidates(
        exercise.measure,
        kind=logged.kind,
        reps=logged.reps,
        load_kg=logged.load_kg,
        hold_s=logged.hold_s,
    )
    return [((c.kind, c.reps, band_id, side), c) for c in found]


def records_check(logged: LoggedSet) -> dict[str, Expression]:
    """The record check of a set about to be logged, as annotations of its session's row.

    Logging reads the session anyway, so the check costs no query of its own:
    `records_unit` is the user's unit (ties are judged as shown),
    `records_later` whether the user has working sets of the exercise after the
    session's day, and `records_best_<n>` the best so far of each record the set
    could set (each identity's highest value, on the (user, exercise, kind)
    index). `records_pending` reads them.
    """
    annotations: dict[str, Expression] = {
        "records_unit": Subquery(
            get_user_model().objects.filter(pk=OuterRef("user_id")).values("unit")[:1]
        ),
        "records_later": Exists(
            LoggedSet.objects.working().filter(
                session__user_id=OuterRef("user_id"),
                exercise_id=logged.exercise_id,
                session__date__gt=OuterRef("date"),
            )
        ),
    }
    for n, ((kind, reps, band_id, side), _) in enumerate(_identities(logged)):
        best = PersonalRecord.objects.filter(
            user_id=OuterRef("user_id"),
            exercise_id=logged.exercise_id,
            kind=kind,
            reps=reps,
            band_id=band_id,
            side=side,
        )
        annotations[f"records_best_{n}"] = Subquery(best.order_by("-value").values("value")[:1])
    return annotations


def records_pending(logged: LoggedSet) -> list[PersonalRecord] | None:
    """The records a set about to be logged sets, unsaved and not yet linked to it.

    `logged.session` carries the annotations of `records_check`. None when the
    set goes in before other sets of its exercise (a forgotten session logged
    late): the exercise's records are then rebuilt (`records_rebuild`) once the
    set is saved.
    """
    session = logged.session
    if logged.kind == LoggedSet.Kind.WARMUP:
        return []
    if session.records_later:
        return None
    best = {}
    for n, (key, _) in enumerate(_identities(logged)):
        value = getattr(session, f"records_best_{n}")
        if value is not None:
            best[key] = value
    rows = records_for(logged, best, unit=session.records_unit)
    for row in rows:
        if row.band_id is not None:
            row.band = logged.band
    return rows


# The records page: each identity's current best.

_KIND_ORDER = {
    kind: i
    for i, kind in enumerate(
        [
            PersonalRecord.Kind.E1RM,
            PersonalRecord.Kind.LOAD,
            PersonalRecord.Kind.REPS,
            PersonalRecord.Kind.HOLD,
        ]
    )
}
_SIDE_ORDER = {LoggedSet.Side.BOTH: 0, LoggedSet.Side.LEFT: 1, LoggedSet.Side.RIGHT: 2}


@dataclass
class Variant:
    """An exercise's bests on one band colour and one side ('' when neither applies)."""

    label: str
    records: list[PersonalRecord]


@dataclass
class ExerciseRecords:
    exercise: Exercise
    variants: list[Variant]


def records_current(*, user, exercise: Exercise | None = None) -> list[ExerciseRecords]:
    """The user's current best of every record identity, by exercise (one query).

    Records only rise, so an identity's best is its latest row. Each record
    carries `shown` and `was` (its value and the best it beat, in the user's
    unit; `was` is None for a first set) and `session_id`.
    """
    latest = Window(
        RowNumber(),
        partition_by=[F("exercise_id"), F("kind"), F("reps"), F("band_id"), F("side")],
        order_by=[F("date").desc(), F("pk").desc()],
    )
    records = (
        PersonalRecord.objects.for_user(user)
        .annotate(rank=latest, session_id=F("logged_set__session_id"))
        .filter(rank=1)
        .select_related("exercise")
    )
    if exercise is not None:
        records = records.filter(exercise=exercise)
    by_exercise: dict[int, dict[tuple, list[PersonalRecord]]] = {}
    exercises = {}
    for record in records:
        record.shown = record.amount(user.unit)
        record.was = None if record.previous is None else record.amount(user.unit, record.previous)
        exercises[record.exercise_id] = record.exercise
        variant = (record.band.position if record.band_id else 0, _SIDE_ORDER[record.side])
        by_exercise.setdefault(record.exercise_id, {}).setdefault(variant, []).append(record)
    found = []
    for exercise_id, variants in by_exercise.items():
        found.append(
            ExerciseRecords(
                exercise=exercises[exercise_id],
                variants=[
                    Variant(
                        label=rows[0].variant(),
                        records=sorted(rows, key=lambda r: (_KIND_ORDER[r.kind], r.reps or 0)),
                    )
                    for _, rows in sorted(variants.items())
                ],
            )
        )
    return sorted(found, key=lambda group: group.exercise.name.lower())
