"""Nordic curls follow the published programme: one step a week at most, whatever the log."""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from progress.engine import Change, Context, LoggedSet, SessionLog, Spec, recommend, start
from progress.engine.rules.rep_build import stages
from progress.specs import from_json, to_json
from tests.progress.test_engine_properties import FAST

NORDIC = Spec(
    "nordic-hamstring-curl", "Nordic Hamstring Curl", "rep_build", sets=2, reps_min=5, reps_max=10
)
FIRST = date(2025, 1, 6)


def test_the_programme_is_mjolsnes_2004_up_to_kpes_ten_reps():
    assert stages(NORDIC) == [(2, 5), (2, 6), (3, 6), (3, 8), (3, 10)]
    assert start(Context(NORDIC)) == replace(start(Context(NORDIC)), sets=2, reps=5)


@FAST
@given(st.lists(st.integers(1, 6), min_size=1, max_size=30))
def test_met_sessions_never_climb_more_than_one_step_in_a_week(gaps):
    """Every session meets its target with room to spare, as often as every day."""
    context = Context(NORDIC)
    current, day = start(context), FIRST
    climbs = []
    for gap in gaps:
        session = SessionLog(day, tuple(LoggedSet(reps=12) for _ in range(4)))
        result = recommend(context, current, (session,), day)
        assert result.met is True
        if result.change != Change.STAY:
            climbs.append(day)
        current = result.prescription
        day += timedelta(days=gap)
    for earlier, later in zip(climbs, climbs[1:], strict=False):
        assert (later - earlier).days >= 7
    assert len(climbs) <= len(stages(NORDIC)) - 1


def test_the_day_a_stage_began_survives_the_database():
    given_on = replace(start(Context(NORDIC)), since=FIRST)
    assert from_json(to_json(given_on)).since == FIRST
    assert from_json({"exercise": "x", "sets": 2, "reps": 5}).since is None
