"""Pain monitoring in the rules: table-driven cases and properties (no database)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from progress.engine import (
    Change,
    Context,
    LoggedSet,
    Pain,
    Prescription,
    SessionLog,
    Spec,
    recommend,
)
from tests.progress.test_engine_properties import FAST, scenarios

BRIDGE = Spec("glute-bridge", "Glute Bridge", "set_ladder", sets=3, reps_min=10, reps_max=10)
DAY = date(2025, 3, 3)
MOVES_ON = {Change.ADD_SET, Change.ADD_REPS, Change.ADD_LOAD, Change.LONGER_HOLD}
MOVES_ON |= {Change.NEXT_BAND, Change.NEXT_EXERCISE}


def judge(current_sets, pain):
    current = Prescription("glute-bridge", current_sets, 10)
    session = SessionLog(DAY, tuple(LoggedSet(reps=10) for _ in range(current_sets)), pain=pain)
    return recommend(Context(BRIDGE), current, (session,), DAY + timedelta(days=2))


@pytest.mark.parametrize(
    ("pain", "change", "sets", "words"),
    [
        pytest.param(None, Change.ADD_SET, 3, (), id="no-pain-said"),
        pytest.param(Pain(during=0), Change.ADD_SET, 3, (), id="no-pain"),
        pytest.param(Pain(during=3), Change.ADD_SET, 3, (), id="3-of-10-settling-moves-on"),
        pytest.param(
            Pain(during=6),
            Change.STAY,
            2,
            ("Pain of 6/10", "more than 3/10", "stay at 2 × 10"),
            id="6-of-10-holds-the-stage",
        ),
        pytest.param(
            Pain(during=2, morning_worse=True),
            Change.STAY,
            2,
            ("worse the morning after", "stay at 2 × 10"),
            id="next-morning-worse-holds",
        ),
        pytest.param(
            Pain(during=5, previous=4),
            Change.STEP_BACK,
            1,
            ("5/10", "4/10 the session before", "1 × 10", "physiotherapist"),
            id="pain-that-persists-steps-back-and-suggests-a-professional",
        ),
        pytest.param(
            Pain(during=2, previous=6), Change.ADD_SET, 3, (), id="pain-that-settled-moves-on"
        ),
        pytest.param(
            Pain(during=1, sharp=True),
            Change.STAY,
            2,
            ("sharp pain or a pop", "Stop Glute Bridge", "popping", "doctor or physiotherapist"),
            id="sharp-pain-or-a-pop-stops-with-the-articles-advice",
        ),
    ],
)
def test_pain_decides_whether_the_rules_may_move_on(pain, change, sets, words):
    result = judge(2, pain)
    assert result.change == change
    assert result.prescription.sets == sets
    for word in words:
        assert word in result.reason
    assert result.met is True


def test_a_session_that_fell_short_with_pain_says_so():
    current = Prescription("glute-bridge", 2, 10)
    session = SessionLog(DAY, (LoggedSet(reps=8),), pain=Pain(during=5))
    result = recommend(Context(BRIDGE), current, (session,), DAY)
    assert result.change == Change.STAY
    assert "5/10" in result.reason


@FAST
@given(scenarios(), st.integers(4, 10), st.none() | st.integers(0, 10), st.booleans())
def test_pain_over_3_never_moves_on_and_sharp_pain_always_stops(scenario, during, previous, sharp):
    context, current, sessions, today = scenario
    pained = tuple(
        SessionLog(s.date, s.sets, pain=Pain(during=during, previous=previous, sharp=sharp))
        for s in sessions
    )
    result = recommend(context, current, pained, today)
    assert result.change not in MOVES_ON
    assert result.prescription.exercise == current.exercise
    if sharp:
        assert "doctor or physiotherapist" in result.reason
    else:
        assert f"{during}/10" in result.reason or "days since" in result.reason


@FAST
@given(scenarios())
def test_a_worse_morning_never_moves_on(scenario):
    context, current, sessions, today = scenario
    pained = tuple(SessionLog(s.date, s.sets, pain=Pain(morning_worse=True)) for s in sessions)
    assert recommend(context, current, pained, today).change not in MOVES_ON
