"""Breaks scale with the time away: properties over generated exercises and stages.

14–27 days away is one stage back, 28–55 two, 56 or more the exercise's first
stage; a break never changes the exercise, never raises the target, and a
longer break never leaves a user further on than a shorter one.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from progress.engine import BREAKS, RULES, Change, after_gap, start
from progress.engine.rules.breaks import break_for
from tests.progress.test_engine_properties import FAST, contexts, currents

LAST = date(2025, 1, 1)


def ladder_down(context, earned):
    """`earned`, then each stage back from it, down to the first."""
    stages = [earned]
    while (back := RULES[context.spec.rule].step_back(context, stages[-1])) is not None:
        stages.append(back)
    return stages


@st.composite
def breaks(draw):
    context = draw(contexts())
    return context, draw(currents(context)), draw(st.integers(0, 400))


@pytest.mark.parametrize(
    ("days", "stages"),
    [(0, 0), (13, 0), (14, 1), (20, 1), (27, 1), (28, 2), (41, 2), (55, 2), (56, None)],
)
def test_the_break_table_names_the_stages_back(days, stages):
    row = break_for(days)
    assert (row.stages if row else 0) == stages


def test_the_break_table_is_longest_first_and_starts_at_a_fortnight():
    assert [row.days for row in BREAKS] == sorted((row.days for row in BREAKS), reverse=True)
    assert BREAKS[-1].days == 14


@FAST
@given(breaks())
def test_a_break_goes_back_as_many_stages_as_the_table_says(scenario):
    context, earned, days = scenario
    result = after_gap(context, earned, LAST, LAST + timedelta(days=days))
    down = ladder_down(context, earned)
    row = break_for(days)
    if row is None:
        expected = earned
    elif row.stages is None:
        expected = start(context)
    else:
        expected = down[min(row.stages, len(down) - 1)]
    assert result.prescription == expected
    assert result.prescription.exercise == earned.exercise
    assert result.change == (Change.STAY if expected == earned else Change.STEP_BACK)
    assert result.reason
    if row is not None:
        assert f"{days} days" in result.reason


@FAST
@given(breaks(), st.integers(0, 400))
def test_a_longer_break_never_leaves_the_user_further_on(scenario, more):
    context, earned, days = scenario
    shorter = after_gap(context, earned, LAST, LAST + timedelta(days=days)).prescription
    longer = after_gap(context, earned, LAST, LAST + timedelta(days=days + more)).prescription
    if break_for(days + more) is not None and break_for(days + more).stages is None:
        assert longer == start(context)
    else:
        assert longer in ladder_down(context, shorter)
