"""One path judges a user's history from a date: finishing, editing, backfilling, importing.

Whatever came in late, the state and the events are what logging every
session on its day, in date order, would have given.
"""

import datetime
import uuid
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logbook import services as logbook
from progress.models import ProgressionEvent, ProgressionState
from tests.factories import (
    EquipmentFactory,
    ExerciseFactory,
    UserFactory,
    hold_stretch_factory,
    loaded_lift_factory,
)
from training.models import LoggedSet, Session
from training.units import from_kg, to_kg

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 5)


@pytest.fixture
def lifts(db):
    barbell = EquipmentFactory(slug="barbell", name="Barbell", load_step_kg=Decimal("2.5"))
    return {
        "bridge": ExerciseFactory(name="Glute Bridge"),
        "rdl": loaded_lift_factory(equipment=[barbell]),
        "hold": hold_stretch_factory(name="Wall Hold", unilateral=False),
    }


def sets_of(key, exercise, level):
    """A session's sets of one exercise, `level` 0 (short) to 3 (strong)."""
    if key == "bridge":
        return [{"reps": 10 if n < level else 8} for n in range(max(1, level))]
    if key == "rdl":
        load = Decimal("40") + Decimal("2.5") * level
        return [{"reps": 6 + level // 2, "load_kg": load} for _ in range(3 if level else 2)]
    return [{"hold_s": 30 + 5 * level}]


def log_finished(user, lifts, day, plan) -> Session:
    session = Session.objects.create(user=user, date=day, status=Session.Status.IN_PROGRESS)
    for key, level in plan:
        for values in sets_of(key, lifts[key], level):
            logbook.set_log(session=session, exercise=lifts[key], token=uuid.uuid4(), **values)
    logbook.session_finish(session=session, effort=6, notes="", cooldown_done=False)
    return session


def outcome(user):
    """What a page would read: each state, and every event, by exercise and day."""
    states = sorted(
        (
            s.exercise.slug,
            s.sets,
            s.reps,
            s.hold_s,
            s.load_kg,
            s.trained_on,
            s.offer_id,
            s.reason,
        )
        for s in ProgressionState.objects.filter(user=user).select_related("exercise")
    )
    events = sorted(
        (
            e.exercise.slug,
            e.date,
            e.session_id is not None,
            e.kind,
            e.met,
            e.before,
            e.after,
            e.reason,
        )
        for e in ProgressionEvent.objects.filter(user=user).select_related("exercise")
    )
    return states, events


histories = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=40),  # the day
        st.lists(
            st.tuples(st.sampled_from(["bridge", "rdl", "hold"]), st.integers(0, 3)),
            min_size=1,
            max_size=3,
            unique_by=lambda p: p[0],
        ),
    ),
    min_size=2,
    max_size=6,
    unique_by=lambda s: s[0],
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(history=histories, late=st.integers(min_value=0))
def test_a_backfilled_session_gives_what_logging_in_date_order_gives(lifts, history, late):
    history = sorted(history)
    late %= len(history)
    on_time, backfilled = UserFactory(), UserFactory()
    for offset, plan in history:
        log_finished(on_time, lifts, START + datetime.timedelta(days=offset), plan)
    for offset, plan in [h for i, h in enumerate(history) if i != late] + [history[late]]:
        log_finished(backfilled, lifts, START + datetime.timedelta(days=offset), plan)
    assert outcome(backfilled) == outcome(on_time)


def test_a_session_three_days_ago_between_two_others_is_judged_in_its_place(lifts):
    user, bridge = UserFactory(), lifts["bridge"]
    today = START + datetime.timedelta(days=7)
    log_finished(user, lifts, today - datetime.timedelta(days=5), [("bridge", 1)])  # 1 × 10 met
    log_finished(user, lifts, today, [("bridge", 2)])  # 2 × 10 met
    state = ProgressionState.objects.get(user=user, exercise=bridge)
    assert state.sets == 3
    # Forgotten: three days ago, one set short of 2 × 10.
    log_finished(user, lifts, today - datetime.timedelta(days=3), [("bridge", 0)])
    events = ProgressionEvent.objects.filter(user=user, exercise=bridge).order_by("date")
    assert [(e.date, e.before_text, e.after_text) for e in events] == [
        (today - datetime.timedelta(days=5), "1 × 10", "2 × 10"),
        (today - datetime.timedelta(days=3), "2 × 10", "2 × 10"),
        (today, "2 × 10", "3 × 10"),
    ]
    state.refresh_from_db()
    assert (state.sets, state.trained_on) == (3, today)


def test_moving_a_finished_session_to_another_day_judges_again_from_the_earlier(lifts):
    user, bridge = UserFactory(), lifts["bridge"]
    first = log_finished(user, lifts, START, [("bridge", 1)])
    log_finished(user, lifts, START + datetime.timedelta(days=3), [("bridge", 0)])
    # The first session was really done after the second.
    logbook.session_redate(session=first, day=START + datetime.timedelta(days=5))
    events = ProgressionEvent.objects.filter(user=user, exercise=bridge).order_by("date")
    assert [(e.date, e.met) for e in events] == [
        (START + datetime.timedelta(days=3), False),
        (START + datetime.timedelta(days=5), True),
    ]
    first_sets = LoggedSet.objects.filter(session=first)
    assert {r.date for s in first_sets for r in s.records.all()} <= {
        START + datetime.timedelta(days=5)
    }


def test_correcting_a_set_of_a_finished_session_judges_it_again(lifts):
    user, bridge = UserFactory(), lifts["bridge"]
    session = log_finished(user, lifts, START, [("bridge", 0)])  # 1 set of 8: short
    assert ProgressionState.objects.get(user=user, exercise=bridge).sets == 1
    logged = LoggedSet.objects.get(session=session)
    logbook.set_update(logged=logged, reps=10)
    assert ProgressionState.objects.get(user=user, exercise=bridge).sets == 2
    logbook.set_delete(logged=LoggedSet.objects.get(session=session))
    assert not ProgressionState.objects.filter(user=user, exercise=bridge).exists()
    assert not ProgressionEvent.objects.filter(user=user).exists()


def test_a_lift_first_logged_without_a_routine_gets_a_load(lifts):
    user = UserFactory()
    session = Session.objects.create(user=user, date=START, status=Session.Status.IN_PROGRESS)
    for reps, load in [(8, "60"), (6, "62.5")]:
        logbook.set_log(
            session=session,
            exercise=lifts["rdl"],
            token=uuid.uuid4(),
            reps=reps,
            load_kg=Decimal(load),
        )
    logbook.session_finish(session=session, effort=6, notes="", cooldown_done=False)
    state = ProgressionState.objects.get(user=user, exercise=lifts["rdl"])
    assert (state.sets, state.reps, state.load_kg) == (3, 6, Decimal("62.5"))
    assert "next time 3 × 6 at 62.5 kg" in state.reason


def test_a_first_hold_starts_from_the_longest_hold_logged(lifts):
    user = UserFactory()
    log_finished(user, lifts, START, [("hold", 3)])  # 45 s
    state = ProgressionState.objects.get(user=user, exercise=lifts["hold"])
    assert state.hold_s == 50


def test_a_pound_user_adds_five_pounds_to_a_barbell_lift(lifts):
    user = UserFactory(unit="lb")
    rdl = lifts["rdl"]
    shown = []
    load = Decimal("135")
    for n in range(3):
        session = Session.objects.create(
            user=user,
            date=START + datetime.timedelta(days=3 * n),
            status=Session.Status.IN_PROGRESS,
        )
        for _ in range(3):
            logbook.set_log(
                session=session, exercise=rdl, token=uuid.uuid4(), reps=8, load_kg=to_kg(load, "lb")
            )
        logbook.session_finish(session=session, effort=6, notes="", cooldown_done=False)
        state = ProgressionState.objects.get(user=user, exercise=rdl)
        load = from_kg(state.load_kg, "lb")
        shown.append(load)
    assert shown == [Decimal("140"), Decimal("145"), Decimal("150")]
    event = ProgressionEvent.objects.filter(user=user).order_by("-date").first()
    assert "add 5 lb" in event.reason
    assert event.after_text == "3 × 6 at 150 lb"
