"""Years of training for one user, bulk-created in seconds: for load tests and query budgets.

`history_generate(user=..., years=5, today=..., exercises=[...])` gives the
user a routine of those exercises, two or three finished sessions a week (a
three-week break each year) with the sets they logged, one progression event
per exercise per session, the progression state the last one left and the
personal records, then a session planned today from the routine; with
`goals=True`, a few goals (see `progress.generator.goals`).

The engine itself judges every session, so the events and states are the
ones the app would have recorded; a seeded random decides which sessions fall
short, and a loaded lift gets harder as it gets heavier, stalling at about
two and a half times its first load. The user never takes an offer to move
on: it stays open, as it would for someone who likes their routine.
`years=0` gives the same routine and planned session with no history: a new
user whose pages have the same shape.

Unlike the demo (`manage.py demo`), nothing goes through the app's write
paths one set at a time: every table is written with `bulk_create`.
"""

import datetime
import random
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from exercises.models import BandColour, Equipment, Exercise
from progress import engine
from progress.generator.goals import goals_build
from progress.models import Goal, ProgressionEvent, ProgressionState
from progress.records import records_rebuild
from progress.specs import Chains, context_for, hint_from_entry, load_steps, to_json
from training.models import MAX_LOAD_KG, LoggedSet, Routine, RoutineEntry, Session

# Weekday patterns (Monday = 0) a week of training is drawn from.
PATTERNS = ((0, 3), (1, 4), (0, 2, 4), (1, 3, 5), (0, 3, 5))
ROUTINE_NAME = "Hamstrings twice a week"
# The first load of a lift, by its equipment, before the engine has one to prescribe.
FIRST_LOAD_KG = {
    "ankle-weight": Decimal("2"),
    "dumbbell": Decimal("8"),
    "kettlebell": Decimal("12"),
    "leg-curl-machine": Decimal("25"),
    "barbell": Decimal("40"),
}
DEFAULT_FIRST_LOAD_KG = Decimal("40")


def _training_days(rng, first: datetime.date, last: datetime.date, patterns) -> list[datetime.date]:
    """Two or three days a week from `first` to `last`, with a three-week break each year."""
    breaks = set()
    year_start = first
    while year_start + datetime.timedelta(days=200) < last - datetime.timedelta(days=30):
        start = year_start + datetime.timedelta(days=rng.randrange(120, 200))
        breaks.update(start + datetime.timedelta(days=d) for d in range(21))
        year_start += datetime.timedelta(days=365)
    days = []
    monday = first - datetime.timedelta(days=first.weekday())
    while monday <= last:
        for weekday in rng.choice(patterns):
            day = monday + datetime.timedelta(days=weekday)
            if first <= day <= last and day not in breaks:
                days.append(day)
        monday += datetime.timedelta(days=7)
    return days


def _first_loads(exercises) -> dict[int, Decimal]:
    """Where each loaded lift starts, by exercise id (one query)."""
    loads: dict[int, Decimal] = {}
    rows = Equipment.objects.filter(
        exercises__in=[e.pk for e in exercises], slug__in=FIRST_LOAD_KG
    ).values_list("exercises", "slug")
    for exercise_id, slug in rows:
        loads[exercise_id] = min(FIRST_LOAD_KG[slug], loads.get(exercise_id, MAX_LOAD_KG))
    return {e.pk: loads.get(e.pk, DEFAULT_FIRST_LOAD_KG) for e in exercises}


def _sets_for(rng, exercise, current, *, success, first_load, bands_by_slug) -> list[dict]:
    """The sets logged against `current`: all of them reached when `success`, else one short."""
    sides = (
        [LoggedSet.Side.LEFT, LoggedSet.Side.RIGHT]
        if exercise.unilateral
        else [LoggedSet.Side.BOTH]
    )
    short = None if success else rng.randrange(current.sets)
    load = current.load_kg
    if exercise.measure == Exercise.Measure.REPS_LOAD and load is None:
        load = first_load
    rows = []
    for side in sides:
        for number in range(1, current.sets + 1):
            missed = number - 1 == short
            values = {"side": side, "set_number": number, "rpe": rng.randint(6, 9)}
            if current.reps is not None:
                top = exercise.reps_max or current.reps
                reps = rng.randint(current.reps, max(current.reps, top))
                values["reps"] = max(1, current.reps - rng.randint(1, 3)) if missed else reps
            if current.hold_s is not None:
                held = current.hold_s
                values["hold_s"] = max(1, held - rng.randint(5, 15)) if missed else held
            if load is not None:
                values["load_kg"] = load
            if current.band is not None:
                values["band"] = bands_by_slug[current.band]
            rows.append(values)
    return rows


def _success(rng, current, first_load: Decimal) -> bool:
    if current.load_kg is not None:
        # Heavier is harder: a lift stalls at about two and a half times its first load.
        return rng.random() < max(0.1, 0.75 - float(current.load_kg) / (4 * float(first_load)))
    return rng.random() < 0.7


def _as_engine_set(values) -> engine.LoggedSet:
    band = values.get("band")
    return engine.LoggedSet(
        reps=values.get("reps"),
        hold_s=values.get("hold_s"),
        load_kg=values.get("load_kg"),
        band=band.slug if band is not None else None,
        side=engine.Side(values["side"]),
    )


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _after_text(context, prescription) -> str:
    """As the app words it: a move on names the next exercise."""
    text = engine.describe(context, prescription)
    if prescription.exercise != context.spec.slug and context.next is not None:
        return f"{context.next.name}, {text}"
    return text


@transaction.atomic
def history_generate(
    *,
    user,
    years: float,
    today: datetime.date,
    exercises: Sequence[Exercise],
    seed: int | str,
    sets: Mapping[int, int] | None = None,
    patterns: Sequence[tuple[int, ...]] = PATTERNS,
    routine_name: str = ROUTINE_NAME,
    goals: bool = False,
) -> Counter:
    """Give `user` `years` years of finished sessions up to yesterday, and a session planned today.

    `years` may be a fraction (7 / 365.25 is a week). `sets` is the routine's
    sets by exercise id (default: 2 for a loaded lift, else 1, where the set
    ladders start); the rule decides the sets of each session from there.
    Each week's days are one of `patterns`. Deterministic: the same arguments
    (and the same database) give the same history. Returns the rows created,
    by kind. Five years of four exercises (about 650 sessions, 6,400 sets,
    2,600 events) take a few seconds.
    """
    rng = random.Random(seed)
    exercises = list(exercises)
    bands = list(BandColour.objects.order_by("position"))
    bands_by_slug = {b.slug: b for b in bands}
    first_loads = _first_loads(exercises)

    routine = Routine.objects.create(owner=user, name=routine_name)
    entries = RoutineEntry.objects.bulk_create(
        RoutineEntry(
            routine=routine,
            exercise=exercise,
            position=position,
            sets=(sets or {}).get(
                exercise.pk, 2 if exercise.measure == Exercise.Measure.REPS_LOAD else 1
            ),
            reps_min=exercise.reps_min,
            reps_max=exercise.reps_max,
            hold_s=exercise.hold_min_s,
            rest_s=exercise.rest_s,
        )
        for position, exercise in enumerate(exercises, start=1)
    )

    first = today - datetime.timedelta(days=round(365.25 * years))
    days = _training_days(rng, first, today - datetime.timedelta(days=1), patterns) if years else []
    sessions = Session.objects.bulk_create(
        Session(
            user=user,
            routine=routine,
            date=day,
            status=Session.Status.DONE,
            warmup_done=rng.random() < 0.9,
            cooldown_done=rng.random() < 0.6,
            effort=rng.randint(5, 8),
            started_at=_at(day, 18),
            finished_at=_at(day, 18, 40),
        )
        for day in days
    )

    chains = Chains(e.pk for e in exercises)
    steps = load_steps({*(e.pk for e in exercises), *(e.pk for e in chains.exercises())})
    stand = {}
    for entry in entries:
        exercise = entry.exercise
        chain_id = chains.choose(exercise.pk)
        following = chains.following(chain_id, exercise.pk)
        stand[exercise.pk] = {
            "exercise": exercise,
            "entry": entry,
            "chain_id": chain_id,
            "following": following,
            "context": context_for(exercise, steps, bands, user.unit, following=following),
            "current": None,
            "trained_on": None,
            "offer": None,
            "reason": "",
        }

    logged_sets, events, last_event = [], [], {}

    def event(s, *, kind, before, after, reason, day, session=None, met=None):
        row = ProgressionEvent(
            user=user,
            exercise=s["exercise"],
            session=session,
            date=day,
            kind=kind,
            met=met,
            before=to_json(before) if before is not None else None,
            after=to_json(after),
            before_text=engine.describe(s["context"], before) if before is not None else "",
            after_text=_after_text(s["context"], after),
            reason=reason,
        )
        events.append(row)
        last_event[s["exercise"].pk] = row

    for index, session in enumerate(sessions, start=1):
        last = index == len(sessions)
        for s in stand.values():
            exercise, context, current = s["exercise"], s["context"], s["current"]
            first_load = first_loads[exercise.pk]
            if current is None:
                current = engine.start(context, hint_from_entry(s["entry"]))
            else:
                gap = engine.after_gap(context, current, s["trained_on"], session.date)
                if gap.change == engine.Change.STEP_BACK:
                    event(
                        s,
                        kind=gap.change,
                        before=current,
                        after=gap.prescription,
                        reason=gap.reason,
                        day=session.date,
                    )
                    current = gap.prescription
            logged = _sets_for(
                rng,
                exercise,
                current,
                # The last session went well: an exercise at the top of its ladder has an
                # open offer to move on.
                success=last or _success(rng, current, first_load),
                first_load=first_load,
                bands_by_slug=bands_by_slug,
            )
            logged_sets.extend(
                LoggedSet(
                    session=session,
                    exercise=exercise,
                    token=uuid.UUID(int=rng.getrandbits(128), version=4),
                    **values,
                )
                for values in logged
            )
            log = engine.SessionLog(
                date=session.date, sets=tuple(_as_engine_set(v) for v in logged)
            )
            rec = engine.recommend(context, current, (log,), session.date)
            moving_on = rec.change == engine.Change.NEXT_EXERCISE
            event(
                s,
                kind=rec.change,
                before=current,
                after=rec.prescription,
                reason=rec.reason,
                day=session.date,
                session=session,
                met=rec.met,
            )
            s["current"] = current if moving_on else rec.prescription
            s["trained_on"] = session.date
            s["offer"] = s["following"] if moving_on else None
            s["reason"] = rec.reason

    LoggedSet.objects.bulk_create(logged_sets, batch_size=2000)
    ProgressionEvent.objects.bulk_create(events, batch_size=2000)
    states = ProgressionState.objects.bulk_create(
        ProgressionState(
            user=user,
            exercise=s["exercise"],
            chain_id=s["chain_id"],
            sets=s["current"].sets,
            reps=s["current"].reps,
            hold_s=s["current"].hold_s,
            load_kg=s["current"].load_kg,
            band=bands_by_slug.get(s["current"].band),
            trained_on=s["trained_on"],
            reason=s["reason"],
            offer=s["offer"],
            event=last_event[pk],
        )
        for pk, s in stand.items()
        if s["current"] is not None
    )
    # Personal records, as logging each set would have written them.
    records = records_rebuild(user=user)
    Session.objects.create(user=user, routine=routine, date=today)
    made = []
    if goals:
        made = Goal.objects.bulk_create(
            goals_build(
                user=user,
                today=today,
                rng=rng,
                contexts={s["exercise"]: s["context"] for s in stand.values()},
                logged=logged_sets,
                events=events,
                first_loads=first_loads,
                load_steps=steps,
            )
        )
    return Counter(
        {
            "sessions": len(sessions) + 1,
            "sets": len(logged_sets),
            "events": len(events),
            "states": len(states),
            "records": records,
            "goals": len(made),
        }
    )
