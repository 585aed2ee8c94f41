"""Years of training for one user, bulk-created in a few seconds, for query budgets.

`make_history(user, years=5, today=...)` gives the user a routine of four
exercises (a set ladder, a band colour, a loaded lift, a unilateral hold),
two or three finished sessions a week with the sets they logged, one
progression event per exercise per session, the progression state the
last one left and the personal records, then a planned session today from
the routine. The engine
itself judges every session, so the events and states are the ones the app
would have recorded; a seeded random decides which sessions fall short.
`years=0` gives the same routine and planned session with no history: a new
user whose pages have the same shape.
"""

import datetime
import random
import uuid
from decimal import Decimal

from django.utils import timezone

from exercises.models import BandColour, Exercise
from progress import engine
from progress.models import ProgressionEvent, ProgressionState
from progress.records import records_rebuild
from progress.specs import Chains, context_for, hint_from_entry, load_steps, to_json
from tests.factories import EquipmentFactory, ExerciseFactory, make_chain
from training.models import LoggedSet, Routine, RoutineEntry, Session

BANDS = [
    ("tan", "Tan", "#d2b48c"),
    ("yellow", "Yellow", "#f2d22e"),
    ("red", "Red", "#d62828"),
    ("green", "Green", "#2e8b57"),
    ("blue", "Blue", "#1f5fbf"),
]
FIRST_LOAD_KG = Decimal("40")
SEED = 20_240_501


def history_bands() -> list[BandColour]:
    """The band colours, lightest first (created where missing)."""
    for position, (slug, name, hex_colour) in enumerate(BANDS, start=1):
        BandColour.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position, "hex_colour": hex_colour}
        )
    return list(BandColour.objects.order_by("position"))


def history_exercises() -> list[Exercise]:
    """The routine's four exercises, one per way of measuring (idempotent).

    The bridge's chain leads on to a one-leg bridge, so a history at the top
    of the ladder carries an open offer to move on.
    """
    history_bands()
    bridge = ExerciseFactory(name="Floor Bridge")
    make_chain(
        bridge,
        ExerciseFactory(name="One-Leg Floor Bridge", unilateral=True),
        slug="floor-bridge-ladder",
        name="Floor bridge ladder",
    )
    band_curl = ExerciseFactory(
        name="Band Leg Curl",
        movement=Exercise.Movement.KNEE_FLEXION,
        measure=Exercise.Measure.BAND_REPS,
        rule=Exercise.Rule.BAND_COLOUR,
    )
    hinge = ExerciseFactory(
        name="Barbell Hip Hinge",
        movement=Exercise.Movement.HIP_HINGE,
        measure=Exercise.Measure.REPS_LOAD,
        rule=Exercise.Rule.DOUBLE_PROGRESSION,
        reps_min=6,
        reps_max=8,
        rest_s=90,
        equipment=[
            EquipmentFactory(
                slug="history-barbell",
                name="History barbell",
                at_home=False,
                load_step_kg=Decimal("2.5"),
            )
        ],
    )
    stretch = ExerciseFactory(
        name="Seated Hamstring Hold",
        kind=Exercise.Kind.STRETCH,
        movement=Exercise.Movement.STRETCH,
        measure=Exercise.Measure.HOLD,
        rule=Exercise.Rule.HOLD_BUILD,
        unilateral=True,
        sets=1,
        reps_min=None,
        reps_max=None,
        hold_min_s=30,
        hold_max_s=60,
        rest_s=15,
    )
    return [bridge, band_curl, hinge, stretch]


def _training_days(rng, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Two or three days a week from `first` to `last`, with a three-week break each year."""
    breaks = set()
    year_start = first
    while year_start + datetime.timedelta(days=200) < last - datetime.timedelta(days=30):
        start = year_start + datetime.timedelta(days=rng.randrange(120, 200))
        breaks.update(start + datetime.timedelta(days=d) for d in range(21))
        year_start += datetime.timedelta(days=365)
    patterns = [(0, 3), (1, 4), (0, 2, 4), (1, 3, 5), (0, 3, 5)]
    days = []
    monday = first - datetime.timedelta(days=first.weekday())
    while monday <= last:
        for weekday in rng.choice(patterns):
            day = monday + datetime.timedelta(days=weekday)
            if first <= day <= last and day not in breaks:
                days.append(day)
        monday += datetime.timedelta(days=7)
    return days


def _sets_for(rng, exercise, current, *, success, bands_by_slug) -> list[dict]:
    """The sets logged against `current`: all of them reached when `success`, else one short."""
    sides = (
        [LoggedSet.Side.LEFT, LoggedSet.Side.RIGHT]
        if exercise.unilateral
        else [LoggedSet.Side.BOTH]
    )
    short = None if success else rng.randrange(current.sets)
    load = current.load_kg if current.load_kg is not None else None
    if exercise.measure == Exercise.Measure.REPS_LOAD and load is None:
        load = FIRST_LOAD_KG
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


def _success(rng, exercise, current) -> bool:
    if current.load_kg is not None:
        # Heavier is harder: the loaded lift stalls somewhere past 100 kg.
        return rng.random() < max(0.1, 0.75 - float(current.load_kg) / 160)
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


def make_history(user, *, years, today: datetime.date, exercises=None) -> None:
    """Give `user` `years` years of finished sessions up to yesterday, and a session planned today.

    `years` may be a fraction (7 / 365.25 is a week). Everything is
    bulk-created: five years (about 650 sessions, 6,400 sets, 2,600 events)
    take under two seconds on SQLite and PostgreSQL. Deterministic: the same
    arguments give the same history.
    """
    rng = random.Random(SEED + int(years * 1000))
    exercises = list(exercises) if exercises is not None else history_exercises()
    bands = history_bands()
    bands_by_slug = {b.slug: b for b in bands}

    routine = Routine.objects.create(owner=user, name="Hamstrings twice a week")
    entries = RoutineEntry.objects.bulk_create(
        RoutineEntry(
            routine=routine,
            exercise=exercise,
            position=position,
            sets=2 if exercise.measure == Exercise.Measure.REPS_LOAD else 1,
            reps_min=exercise.reps_min,
            reps_max=exercise.reps_max,
            hold_s=exercise.hold_min_s,
            rest_s=exercise.rest_s,
        )
        for position, exercise in enumerate(exercises, start=1)
    )

    first = today - datetime.timedelta(days=round(365.25 * years))
    days = _training_days(rng, first, today - datetime.timedelta(days=1)) if years else []
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

    sets, events, last_event = [], [], {}

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
                # The last session went well: the bridge, at the top of its ladder, has an
                # open offer to move on.
                success=last or _success(rng, exercise, current),
                bands_by_slug=bands_by_slug,
            )
            sets.extend(
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

    LoggedSet.objects.bulk_create(sets, batch_size=2000)
    ProgressionEvent.objects.bulk_create(events, batch_size=2000)
    ProgressionState.objects.bulk_create(
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
    records_rebuild(user=user)
    Session.objects.create(user=user, routine=routine, date=today)
