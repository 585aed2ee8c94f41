"""Properties of the progression engine over generated exercises, stages and sessions.

Whatever was logged: a recommendation never skips a stage, never asks for more
after a session that fell short, always gives a reason, and depends on nothing
but its arguments.
"""

import copy
import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

from hypothesis import event, given, settings
from hypothesis import strategies as st

from progress.engine import (
    Band,
    Change,
    Context,
    LoggedSet,
    Prescription,
    SessionLog,
    Side,
    Spec,
    recommend,
    start,
)
from progress.engine.model import ladder_reps
from progress.engine.rules.rep_build import position, stages

FAST = settings(max_examples=200, deadline=None)

BANDS = tuple(
    Band(slug, slug.title())
    for slug in ("tan", "yellow", "red", "green", "blue", "black", "silver", "gold")
)
BAND_SLUGS = [band.slug for band in BANDS]
STEPS = [None, Decimal("0.5"), Decimal("1"), Decimal("2.5"), Decimal("4"), Decimal("5")]
DEFAULT_STEP = Decimal("1")
FIRST_DAY = date(2025, 1, 1)
LOADS = [Decimal(60), Decimal(61), Decimal("3.2")]


# Exercises, as the catalog could hold them.


@st.composite
def specs(draw, rule=None, slug="exercise"):
    rule = rule or draw(
        st.sampled_from(
            ["set_ladder", "band_colour", "rep_build", "double_progression", "hold_build"]
        )
    )
    unilateral = draw(st.booleans())
    common = {"slug": slug, "name": slug.replace("-", " ").title(), "rule": rule}
    common["unilateral"] = unilateral
    if rule == "set_ladder":
        reps = draw(st.sampled_from([(10, 10), (8, 10), (10, 12), (8, 12), None]))
        holds = draw(st.sampled_from([None, (5, 10)])) if reps else (30, 60)
        return Spec(
            **common,
            sets=draw(st.integers(1, 4)),
            reps_min=reps and reps[0],
            reps_max=reps and reps[1],
            hold_min_s=holds and holds[0],
            hold_max_s=holds and holds[1],
        )
    if rule == "band_colour":
        low, high = draw(st.sampled_from([(10, 10), (10, 12)]))
        return Spec(**common, sets=draw(st.integers(1, 4)), reps_min=low, reps_max=high)
    if rule == "rep_build":
        low = draw(st.integers(1, 8))
        return Spec(
            **common,
            sets=draw(st.integers(1, 3)),
            reps_min=low,
            reps_max=draw(st.integers(low, 12)),
        )
    if rule == "double_progression":
        low = draw(st.integers(3, 12))
        return Spec(
            **common,
            sets=draw(st.integers(1, 5)),
            reps_min=low,
            reps_max=draw(st.integers(low, 15)),
            load_step_kg=draw(st.sampled_from(STEPS)),
        )
    low, high = draw(st.sampled_from([(30, 60), (5, 10), (20, 45), (10, 30), (15, 20)]))
    return Spec(
        **common,
        sets=draw(st.integers(1, 4)),
        reps_min=draw(st.sampled_from([None, 10])),
        hold_min_s=low,
        hold_max_s=high,
    )


@st.composite
def contexts(draw):
    spec = draw(specs())
    following = draw(st.none() | specs(slug="next-exercise"))
    return Context(spec=spec, next=following, bands=BANDS, unit=draw(st.sampled_from(["kg", "lb"])))


def step_of(spec: Spec) -> Decimal:
    return spec.load_step_kg or DEFAULT_STEP


def hold_step(spec: Spec) -> int:
    """The hold build's step: 5 s across a range of 20 s or more, else 1 s."""
    return 5 if spec.hold_max_s - spec.hold_min_s >= 20 else 1


ANY_LOAD = st.integers(0, 2000).map(lambda tenths: Decimal(tenths).scaleb(-1))  # 0–200 kg


HINT_SETS = st.integers(1, 6)
HINT_HOLD = st.none() | st.integers(1, 90)
HINT_LOAD = st.none() | ANY_LOAD
HINT_BAND = st.none() | st.sampled_from(BAND_SLUGS)


@st.composite
def currents(draw, context: Context) -> Prescription:
    """A prescription reachable from `start`: a routine's hint, then some stages climbed."""
    spec = context.spec
    hint = None
    if draw(st.booleans()):
        hint = Prescription(
            exercise=spec.slug,
            sets=draw(HINT_SETS),
            hold_s=draw(HINT_HOLD),
            load_kg=draw(HINT_LOAD),
            band=draw(HINT_BAND),
        )
    first = start(context, hint)
    if spec.rule == "set_ladder":
        return replace(first, sets=draw(st.integers(first.sets, spec.sets)))
    if spec.rule == "band_colour":
        return replace(
            first,
            sets=draw(st.integers(1, spec.sets)),
            band=draw(st.sampled_from(BAND_SLUGS[BAND_SLUGS.index(first.band) :])),
        )
    if spec.rule == "rep_build":
        sets, reps = draw(st.sampled_from(stages(spec)))
        since = draw(st.none() | st.integers(0, 20).map(lambda d: FIRST_DAY - timedelta(days=d)))
        return replace(first, sets=sets, reps=reps, since=since)
    if spec.rule == "double_progression":
        return replace(
            first,
            reps=draw(st.integers(spec.reps_min, spec.reps_max)),
            load_kg=draw(st.sampled_from([first.load_kg, None]) | ANY_LOAD),
        )
    held = draw(st.integers(first.hold_s, spec.hold_max_s))
    sets = draw(st.integers(first.sets, spec.sets)) if held == spec.hold_max_s else first.sets
    return replace(first, hold_s=held, sets=sets)


# Logged values are drawn relative to the target, so that sessions often just meet it.
NEAR_REPS = st.sampled_from(["none", "below", "at", "at", "above", "top"]) | st.integers(0, 15)
NEAR_HOLD = st.sampled_from(["none", "below", "at", "at", "above", "top"]) | st.integers(0, 70)
NEAR_LOAD = st.sampled_from(["none", "at", "at", "above", "below", *LOADS]) | ANY_LOAD
NEAR_BAND = st.sampled_from(["none", "at", *BAND_SLUGS])
SIDES = st.sampled_from([Side.BOTH, Side.LEFT, Side.RIGHT])


def near(pick, target, top, step=1):
    if not isinstance(pick, str):
        return pick
    if pick == "top":
        return top
    if pick == "none" or target is None:
        return None
    return {"below": target - step, "at": target, "above": target + step}[pick]


@st.composite
def logged_sets(draw, context: Context, current: Prescription) -> LoggedSet:
    spec = context.spec
    load = near(draw(NEAR_LOAD), current.load_kg, None, step_of(spec))
    band = draw(NEAR_BAND)
    return LoggedSet(
        reps=near(draw(NEAR_REPS), current.reps, spec.reps_max),
        hold_s=near(draw(NEAR_HOLD), current.hold_s, spec.hold_max_s),
        load_kg=None if load is None else max(Decimal(0), load),
        band={"none": None, "at": current.band}.get(band, band),
        side=draw(SIDES),
    )


@st.composite
def clean_sets(draw, context: Context, current: Prescription) -> tuple[LoggedSet, ...]:
    """The prescribed sets on each leg at or past the target, and perhaps a stray set."""
    sides = [Side.LEFT, Side.RIGHT] if context.spec.unilateral else [Side.BOTH]
    top = context.spec.reps_max
    load = current.load_kg if current.load_kg is not None else draw(st.sampled_from(LOADS))
    sets = [
        LoggedSet(
            reps=None if current.reps is None else draw(st.sampled_from([current.reps, top])),
            hold_s=current.hold_s,
            load_kg=load,
            band=draw(st.sampled_from([None, current.band])),
            side=side,
        )
        for side in sides
        for _ in range(current.sets)
    ]
    sets += draw(st.lists(logged_sets(context, current), max_size=1))
    return tuple(draw(st.permutations(sets)))


@st.composite
def scenarios(draw):
    context = draw(contexts())
    current = draw(currents(context))
    count = draw(st.integers(1, 4))
    days = sorted(draw(st.lists(st.integers(0, 60), min_size=count, max_size=count, unique=True)))
    logged = st.lists(logged_sets(context, current), max_size=8).map(tuple) | clean_sets(
        context, current
    )
    sessions = tuple(SessionLog(FIRST_DAY + timedelta(days=day), draw(logged)) for day in days)
    away = draw(st.integers(0, 30))
    today = FIRST_DAY + timedelta(days=days[-1] + away)
    return context, current, sessions, today


# Independent readings of the rules, to check the engine against.


def band_index(slug: str | None) -> int:
    return BAND_SLUGS.index(slug)


def multiple_of(load: Decimal, step: Decimal) -> bool:
    return load % step == 0


def next_load(load: Decimal, step: Decimal) -> Decimal:
    """The smallest multiple of the step above `load`."""
    return ((load / step).to_integral_value(rounding=ROUND_FLOOR) + 1) * step


def meets(context: Context, current: Prescription, session: SessionLog) -> bool:
    """Every prescribed set reaches its target, on each leg if unilateral."""
    # A two-legged exercise counts every set, whatever side it was logged for.
    sides = [Side.LEFT, Side.RIGHT] if context.spec.unilateral else [None]

    def reaches(logged: LoggedSet) -> bool:
        if current.reps is not None and (logged.reps or 0) < current.reps:
            return False
        if current.hold_s is not None and (logged.hold_s or 0) < current.hold_s:
            return False
        if current.load_kg is not None and (logged.load_kg or 0) < current.load_kg:
            return False
        band = logged.band or current.band
        return current.band is None or band_index(band) >= band_index(current.band)

    def counts_for(logged: LoggedSet, side: Side | None) -> bool:
        return side is None or logged.side in (side, Side.BOTH)

    return all(
        sum(1 for s in session.sets if counts_for(s, side) and reaches(s)) >= current.sets
        for side in sides
    )


# (a) A recommendation never skips a stage.


@FAST
@given(scenarios())
def test_a_recommendation_never_skips_a_stage(scenario):
    context, current, sessions, today = scenario
    spec = context.spec
    result = recommend(context, current, sessions, today)
    new = result.prescription
    event(f"{spec.rule}: {result.change}")
    if (today - max(s.date for s in sessions)).days >= 28:
        return  # two stages back or a restart: tests/progress/test_breaks.py

    if new.exercise != current.exercise:
        # Only to the chain's next exercise, at its start, from the top of this one.
        assert context.next is not None
        assert new.exercise == context.next.slug
        assert new == start(replace(context, spec=context.next, next=None))
        assert result.change == Change.NEXT_EXERCISE
        assert result.met is True
        assert spec.rule != "double_progression"  # loads have no top
        if spec.rule == "rep_build":
            assert current.reps >= spec.reps_max
        else:
            assert current.sets >= spec.sets
        if spec.rule in ("set_ladder", "band_colour") and current.reps is not None:
            assert current.reps >= spec.reps_max  # the top of the range
        if spec.rule == "band_colour":
            assert current.band == BAND_SLUGS[-1]
        if spec.rule == "hold_build":
            assert current.hold_s >= spec.hold_max_s
        return

    if spec.rule == "band_colour":
        moved = band_index(new.band) - band_index(current.band)
        assert moved in (-1, 0, 1)
        if moved == 1:  # 3 × 10 at a colour → 1 × 8 at the next
            assert (current.sets, new.sets) == (spec.sets, 1)
        elif moved == -1:  # 1 set at a colour → every set at the one before
            assert (current.sets, new.sets) == (1, spec.sets)
        else:
            assert abs(new.sets - current.sets) <= 1
    else:
        assert new.band == current.band
        assert abs(new.sets - current.sets) <= 1

    if spec.rule == "rep_build":
        # One step of the Nordic programme's table, up or down.
        table = stages(spec)
        if (new.sets, new.reps) != (current.sets, current.reps):
            assert (new.sets, new.reps) in table
            assert abs(table.index((new.sets, new.reps)) - position(spec, current)) <= 1
    elif spec.rule == "double_progression":
        assert spec.reps_min <= new.reps <= spec.reps_max
    elif spec.rule == "band_colour" and new.band != current.band:
        # A new colour starts 2 reps under the ladder's; a lighter one at its top.
        base = ladder_reps(spec)
        assert new.reps == (
            max(1, base - 2) if band_index(new.band) > band_index(current.band) else spec.reps_max
        )
    elif spec.rule in ("set_ladder", "band_colour") and current.reps is not None:
        # Reps climb back to 10 on a new colour, then one at a time up a wider range,
        # only at full sets.
        base = ladder_reps(spec)
        if new.reps > current.reps:
            assert new.reps == base or new.reps == current.reps + 1
            assert new.reps <= spec.reps_max
            if current.reps >= base:
                assert current.sets >= spec.sets
        else:
            assert current.reps - new.reps <= 1
    else:
        assert new.reps == current.reps

    if spec.rule == "hold_build":
        assert abs(new.hold_s - current.hold_s) <= hold_step(spec)
    else:
        assert new.hold_s == current.hold_s

    step = step_of(spec)
    if spec.rule != "double_progression":
        assert new.load_kg == current.load_kg
    elif current.load_kg is None:
        # A first session: its load is adopted, then perhaps moved one step.
        latest = max(sessions, key=lambda s: s.date)
        logged = {s.load_kg or Decimal(0) for s in latest.sets}
        if new.load_kg is not None and new.load_kg not in logged:
            assert multiple_of(new.load_kg, step)
            assert any(abs(new.load_kg - kg) <= step for kg in logged)
    elif new.load_kg > current.load_kg:
        assert new.load_kg == next_load(current.load_kg, step)
        assert new.reps == spec.reps_min  # a new load starts at the bottom of the range
    elif new.load_kg < current.load_kg:
        assert multiple_of(new.load_kg, step)
        assert current.load_kg - step <= new.load_kg
        assert new.reps == spec.reps_min


# (b) A session that fell short never earns more.


@FAST
@given(scenarios())
def test_a_session_that_fell_short_never_earns_more(scenario):
    context, current, sessions, today = scenario
    result = recommend(context, current, sessions, today)
    event(f"met: {result.met}")
    if result.met is not False:
        return
    new = result.prescription
    assert new.exercise == current.exercise
    assert result.change in (Change.STAY, Change.STEP_BACK)
    if context.spec.rule == "band_colour":
        # A lighter band comes back with more sets: the stage is lower all the same.
        assert band_index(new.band) <= band_index(current.band)
        if new.band == current.band:
            assert new.sets <= current.sets
    else:
        assert new.band == current.band
        assert new.sets <= current.sets
    if current.reps is not None and new.band == current.band:
        assert new.reps <= current.reps
    if current.hold_s is not None:
        assert new.hold_s <= current.hold_s
    if current.load_kg is None:
        assert new.load_kg is None
    else:
        assert new.load_kg <= current.load_kg


@FAST
@given(scenarios())
def test_met_means_every_prescribed_set_reached_its_target_on_each_leg(scenario):
    context, current, sessions, today = scenario
    if context.spec.rule == "double_progression" and current.load_kg is None:
        return  # the first session's load is read from the session itself
    result = recommend(context, current, sessions, today)
    latest = max(sessions, key=lambda s: s.date)
    assert result.met is meets(context, current, latest)


# (c) Every recommendation has a reason.


@FAST
@given(scenarios())
def test_every_recommendation_gives_a_reason(scenario):
    context, current, sessions, today = scenario
    for judged in (sessions, ()):
        result = recommend(context, current, judged, today)
        assert result.reason.strip()
        assert result.reason.rstrip().endswith(".")


# (d) Purity: the arguments, and only the arguments, decide.


@FAST
@given(scenarios(), st.randoms(use_true_random=False))
def test_recommend_is_a_pure_function_of_its_arguments(scenario, rnd: random.Random):
    context, current, sessions, today = scenario
    before = copy.deepcopy(scenario)

    first = recommend(context, current, sessions, today)
    again = recommend(context, current, sessions, today)
    shuffled = list(sessions)
    rnd.shuffle(shuffled)
    reordered = recommend(context, current, tuple(shuffled), today)

    assert first == again
    assert first == reordered
    assert (context, current, sessions, today) == before
    older = tuple(s for s in sessions if s.date < max(s.date for s in sessions))
    if older:
        # Older sessions change nothing: only the latest is judged.
        latest = tuple(s for s in sessions if s not in older)
        assert recommend(context, current, latest, today) == first
