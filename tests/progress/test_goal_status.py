"""Goal status, read from real rows: sets logged and sessions finished through the logbook.

`today` is always passed in, so each boundary day is exact.
"""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exercises.models import Chain, Exercise
from logbook import services as logbook
from progress import goals
from progress.goals import Status, Verdict
from progress.models import Goal, ProgressionEvent
from progress.records import epley
from tests.factories import ExerciseFactory, hold_stretch_factory, loaded_lift_factory, make_chain
from tests.history import history_exercises, make_history
from training.models import LoggedSet, Session

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 4)  # a Wednesday
WHY = "To sprint after my kids without a twinge."


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


@pytest.fixture
def moves(db):
    return {
        "rdl": loaded_lift_factory(),
        "bridge": ExerciseFactory(name="Glute Bridge"),
        "stretch": hold_stretch_factory(),
    }


def log(user, exercise, *sets, on, finish=False):
    """A session on `on` with `sets` logged as the app logs them (records written on the way)."""
    session = Session.objects.create(user=user, date=on, status=Session.Status.IN_PROGRESS)
    for values in sets:
        logbook.set_log(session=session, exercise=exercise, token=uuid.uuid4(), **values)
    if finish:
        logbook.session_finish(session=session, effort=6, notes="", cooldown_done=False)
    return session


def trained(user, *offsets, status=Session.Status.DONE):
    for offset in offsets:
        Session.objects.create(user=user, date=day(offset), status=status)


def make_goal(user, metric, *, target, deadline=None, created_on=None, **fields):
    return Goal.objects.create(
        user=user,
        metric=metric,
        target=Decimal(target),
        baseline=Decimal(0),
        why=WHY,
        deadline=deadline or day(35),
        created_on=created_on or day(-70),
        **fields,
    )


def judge(goal, today=TODAY, load_steps=None):
    (result,) = goals.progress([goal], user=goal.user, today=today, load_steps=load_steps)
    return result


# Achieved and missed, at the deadline's edges, for each metric read from records ----------

# metric, exercise, goal fields, target, a set short of it, a set that reaches it
RECORD_METRICS = [
    pytest.param(
        Goal.Metric.LOAD_FOR_REPS,
        "rdl",
        {"reps": 8},
        "60",
        {"reps": 8, "load_kg": Decimal("50")},
        {"reps": 8, "load_kg": Decimal("60")},
        id="load-for-reps",
    ),
    pytest.param(
        Goal.Metric.E1RM,
        "rdl",
        {},
        "70",
        {"reps": 5, "load_kg": Decimal("50")},  # 58.3 kg
        {"reps": 6, "load_kg": Decimal("60")},  # 72 kg
        id="e1rm",
    ),
    pytest.param(Goal.Metric.REPS, "bridge", {}, "15", {"reps": 10}, {"reps": 15}, id="reps"),
    pytest.param(
        Goal.Metric.HOLD,
        "stretch",
        {},
        "45",
        {"hold_s": 30, "side": "left"},
        {"hold_s": 45, "side": "left"},
        id="hold",
    ),
]
METRIC_ARGS = "metric, move, fields, target, short, reach"


@pytest.mark.parametrize(METRIC_ARGS, RECORD_METRICS)
def test_a_target_reached_before_the_deadline_is_achieved(
    user, moves, metric, move, fields, target, short, reach
):
    log(user, moves[move], short, on=day(-20))
    log(user, moves[move], reach, on=day(-3))
    goal = make_goal(user, metric, target=target, exercise=moves[move], **fields)

    result = judge(goal)

    assert result.status == Status.ACHIEVED
    assert result.reading.achieved_on == day(-3)
    assert result.fraction == 1.0
    assert result.explanation == "You reached it on 1 Mar 2026."


@pytest.mark.parametrize(METRIC_ARGS, RECORD_METRICS)
def test_a_target_reached_on_the_deadline_day_is_achieved(
    user, moves, metric, move, fields, target, short, reach
):
    log(user, moves[move], short, on=day(-20))
    log(user, moves[move], reach, on=day(-5))
    goal = make_goal(user, metric, target=target, exercise=moves[move], deadline=day(-5), **fields)

    assert judge(goal, today=day(-5)).status == Status.ACHIEVED
    assert judge(goal).status == Status.ACHIEVED  # and it stays so


@pytest.mark.parametrize(METRIC_ARGS, RECORD_METRICS)
def test_a_target_reached_the_day_after_the_deadline_is_missed(
    user, moves, metric, move, fields, target, short, reach
):
    log(user, moves[move], short, on=day(-20))
    log(user, moves[move], reach, on=day(-4))
    goal = make_goal(user, metric, target=target, exercise=moves[move], deadline=day(-5), **fields)

    result = judge(goal)

    assert result.status == Status.MISSED
    assert "You got there on 28 Feb 2026, after the deadline." in result.explanation


@pytest.mark.parametrize(METRIC_ARGS, RECORD_METRICS)
def test_a_deadline_that_passed_yesterday_without_the_target_is_missed(
    user, moves, metric, move, fields, target, short, reach
):
    log(user, moves[move], short, on=day(-20))
    goal = make_goal(user, metric, target=target, exercise=moves[move], deadline=day(-1), **fields)

    result = judge(goal)

    assert result.status == Status.MISSED
    assert result.explanation.startswith("The deadline passed at ")
    assert "after the deadline" not in result.explanation


@pytest.mark.parametrize(METRIC_ARGS, RECORD_METRICS)
def test_the_deadline_day_itself_still_counts(
    user, moves, metric, move, fields, target, short, reach
):
    log(user, moves[move], short, on=day(-20))
    goal = make_goal(user, metric, target=target, exercise=moves[move], deadline=TODAY, **fields)

    assert judge(goal).status in (Status.ON_TRACK, Status.AT_RISK)
    assert judge(goal, today=day(1)).status == Status.MISSED


# On track or at risk: the trend ----------------------------------------------------------


def reps_goal(user, exercise, target, deadline=None):
    return make_goal(user, Goal.Metric.REPS, target=target, exercise=exercise, deadline=deadline)


def log_reps(user, exercise, *points):
    """(days ago, reps): one set each, in order."""
    for offset, reps in points:
        log(user, exercise, {"reps": reps}, on=day(offset))


STEADY = [(-60, 10), (-45, 12), (-30, 14), (-15, 16), (-1, 18)]  # 1 rep a week over 8 weeks


def test_a_steady_gain_that_carries_past_the_target_is_on_track(user, moves):
    log_reps(user, moves["bridge"], *STEADY)
    goal = reps_goal(user, moves["bridge"], 23)  # 18 + 1 a week × 5 weeks

    result = judge(goal)

    assert result.status == Status.ON_TRACK
    assert result.explanation == (
        "Now 18 reps; over the last 8 weeks you gained 1 rep a week. "
        "Kept up to the deadline that makes about 23 reps, which reaches the target."
    )
    assert result.fraction == pytest.approx(18 / 23)


def test_a_steady_gain_that_falls_short_is_at_risk(user, moves):
    log_reps(user, moves["bridge"], *STEADY)
    goal = reps_goal(user, moves["bridge"], 24)

    result = judge(goal)

    assert result.status == Status.AT_RISK
    assert "falls short of the target" in result.explanation


def test_a_slow_gain_is_at_risk(user, moves):
    log_reps(user, moves["bridge"], (-60, 10), (-1, 11))
    goal = reps_goal(user, moves["bridge"], 13)

    result = judge(goal)

    assert result.status == Status.AT_RISK
    assert "over the last 8 weeks you gained 0.1 reps a week" in result.explanation


def test_a_flat_log_is_at_risk_not_judged_by_the_usual_pace(user, moves):
    log_reps(user, moves["bridge"], (-60, 15))
    log(user, moves["bridge"], {"reps": 15}, {"reps": 14}, on=day(-2))
    goal = reps_goal(user, moves["bridge"], 16)  # the usual pace would make 20 by then

    result = judge(goal)

    assert result.status == Status.AT_RISK
    assert "over the last 8 weeks you gained 0 reps a week" in result.explanation
    assert "too young" not in result.explanation


def test_a_log_younger_than_eight_weeks_reads_the_trend_over_four(user, moves):
    log_reps(user, moves["bridge"], (-40, 10), (-1, 14))
    goal = reps_goal(user, moves["bridge"], 19)

    result = judge(goal)

    assert result.status == Status.ON_TRACK
    assert "over the last 4 weeks you gained 1 rep a week" in result.explanation


@pytest.mark.parametrize(
    "first, window",
    [(-56, "8 weeks"), (-55, "4 weeks"), (-28, "4 weeks")],
    ids=["exactly-56-days", "55-days", "exactly-28-days"],
)
def test_a_window_counts_from_a_log_exactly_as_old_as_it(user, moves, first, window):
    log_reps(user, moves["bridge"], (first, 10), (-1, 14))

    result = judge(reps_goal(user, moves["bridge"], 30))

    assert f"over the last {window} you gained" in result.explanation


def test_a_log_younger_than_four_weeks_uses_the_usual_pace_and_says_so(user, moves):
    log_reps(user, moves["bridge"], (-27, 10), (-1, 20))  # 10 reps in 4 weeks, not shown
    goal = reps_goal(user, moves["bridge"], 26)  # 20 + the usual 1 a week × 5 weeks = 25

    result = judge(goal)

    assert result.status == Status.AT_RISK
    assert goals.rate(goal, result.reading).shown is False
    assert (
        "your log is too young to show a trend here, so this uses the usual pace of "
        "1 rep a week" in result.explanation
    )


def test_a_young_load_goal_uses_the_equipments_load_step(user, moves):
    log(user, moves["rdl"], {"reps": 8, "load_kg": Decimal("50")}, on=day(-3))
    goal = make_goal(
        user, Goal.Metric.LOAD_FOR_REPS, target="65", exercise=moves["rdl"], reps=8
    )  # a 5 kg step every 3 sessions (6, 7, 8 reps), 2 a week, 5 weeks: about 66.7 kg

    result = judge(goal, load_steps={moves["rdl"].pk: Decimal("5")})

    assert result.status == Status.ON_TRACK
    assert "the usual pace of 3.33 kg a week" in result.explanation
    assert judge(goal).status == Status.AT_RISK  # at the default 2.5 kg: about 58.3 kg


# Each metric reads its own value ---------------------------------------------------------


def reading(goal, today=TODAY):
    return goals.read_goals([goal], user=goal.user, today=today)[0]


def test_load_for_n_reps_counts_sets_of_n_reps_or_more(user, moves):
    rdl = moves["rdl"]
    log(
        user,
        rdl,
        {"reps": 10, "load_kg": Decimal("65")},  # counts: more reps than asked
        {"reps": 5, "load_kg": Decimal("80")},  # too few reps
        {"reps": 8, "load_kg": Decimal("90"), "kind": LoggedSet.Kind.WARMUP},  # not a work set
        on=day(-10),
    )
    goal = make_goal(user, Goal.Metric.LOAD_FOR_REPS, target="70", exercise=rdl, reps=8)

    assert reading(goal).current == Decimal("65")
    assert reading(goal).achieved_on is None

    log(user, rdl, {"reps": 8, "load_kg": Decimal("70")}, on=day(-2))

    assert reading(goal).current == Decimal("70")
    assert reading(goal).achieved_on == day(-2)


def test_a_load_goal_in_pounds_compares_in_kilograms(user, moves):
    user.unit = "lb"
    user.save()
    log(user, moves["rdl"], {"reps": 8, "load_kg": Decimal("102.0583")}, on=day(-2))  # 225 lb
    goal = make_goal(
        user, Goal.Metric.LOAD_FOR_REPS, target="102.0583", exercise=moves["rdl"], reps=8
    )

    result = judge(goal)

    assert result.status == Status.ACHIEVED
    assert goals.describe(goal, "lb") == "Romanian Deadlift: 225 lb for 8 reps"


def test_e1rm_reads_the_best_epley_estimate_of_ten_reps_or_fewer(user, moves):
    rdl = moves["rdl"]
    log(
        user,
        rdl,
        {"reps": 5, "load_kg": Decimal("100")},
        {"reps": 12, "load_kg": Decimal("120")},  # past 10 reps: no estimate
        on=day(-4),
    )
    goal = make_goal(user, Goal.Metric.E1RM, target="150", exercise=rdl)

    assert reading(goal).current == epley(Decimal("100"), 5) == Decimal("116.6667")


def test_reps_reads_the_most_in_one_working_set(user, moves):
    bridge = moves["bridge"]
    log(
        user,
        bridge,
        {"reps": 12},
        {"reps": 14},
        {"reps": 30, "kind": LoggedSet.Kind.WARMUP},
        on=day(-4),
    )

    assert reading(reps_goal(user, bridge, 20)).current == 14


def test_hold_reads_the_longest_hold_on_either_leg(user, moves):
    stretch = moves["stretch"]
    log(
        user,
        stretch,
        {"hold_s": 40, "side": "left"},
        {"hold_s": 50, "side": "right"},
        on=day(-4),
    )
    goal = make_goal(user, Goal.Metric.HOLD, target="60", exercise=stretch)

    assert reading(goal).current == 50


def stage_goal(user, exercise, target="3", **fields):
    return make_goal(user, Goal.Metric.STAGE, target=target, exercise=exercise, reps=10, **fields)


def test_a_stage_is_read_from_the_sessions_the_engine_judged_met(user, moves):
    bridge = moves["bridge"]
    ten = {"reps": 10}
    log(user, bridge, ten, on=day(-9), finish=True)  # 1 × 10 met
    log(user, bridge, ten, {"reps": 9}, on=day(-6), finish=True)  # 2 × 10 not met
    goal = stage_goal(user, bridge)

    assert reading(goal).current == 1
    log(user, bridge, ten, ten, on=day(-3), finish=True)  # 2 × 10 met
    assert (reading(goal).current, reading(goal).achieved_on) == (2, None)
    assert judge(goal).status in (Status.ON_TRACK, Status.AT_RISK)

    log(user, bridge, ten, ten, ten, on=TODAY, finish=True)  # 3 × 10 met

    assert ProgressionEvent.objects.filter(user=user, met=True).count() == 3
    assert reading(goal).current == 3
    assert reading(goal).achieved_on == TODAY
    assert judge(goal).status == Status.ACHIEVED


def test_a_stage_met_at_fewer_reps_than_the_ladders_does_not_count(user, moves):
    bridge = moves["bridge"]
    for sets, reps in [(3, 8), (1, 10)]:
        ProgressionEvent.objects.create(
            user=user,
            exercise=bridge,
            date=day(-2),
            kind=ProgressionEvent.Kind.ADD_SET,
            met=True,
            before={"exercise": bridge.slug, "sets": sets, "reps": reps},
            after={"exercise": bridge.slug, "sets": sets + 1, "reps": reps},
            after_text="",
            reason="",
        )

    assert reading(stage_goal(user, bridge)).current == 1


def test_a_stage_reached_the_day_after_the_deadline_is_missed(user, moves):
    bridge = moves["bridge"]
    ten = {"reps": 10}
    for offset, sets in [(-12, 1), (-9, 2), (-6, 3)]:
        log(user, bridge, *[ten] * sets, on=day(offset), finish=True)

    assert judge(stage_goal(user, bridge, deadline=day(-6))).status == Status.ACHIEVED
    late = judge(stage_goal(user, bridge, deadline=day(-7)))
    assert late.status == Status.MISSED
    assert "after the deadline" in late.explanation


@pytest.fixture
def chain(moves):
    """Four steps: a bridge, a march, a one-leg bridge, a one-leg bridge on a bench."""
    steps = [
        moves["bridge"],
        ExerciseFactory(name="Bridge March"),
        ExerciseFactory(name="One-Leg Bridge", unilateral=True),
        ExerciseFactory(name="Bench One-Leg Bridge", unilateral=True),
    ]
    make_chain(*steps, slug="bridges", name="Bridges")
    return steps


def reach_goal(user, exercise, **fields):
    found, position = goals.chain_for(exercise)
    return make_goal(
        user, Goal.Metric.EXERCISE, target=position, exercise=exercise, chain=found, **fields
    )


def moved_on(user, source, target, on):
    """The engine's offer accepted: `user` moved on from `source` to `target` on `on`."""
    return ProgressionEvent.objects.create(
        user=user,
        exercise=source,
        date=on,
        kind=ProgressionEvent.Kind.MOVED_ON,
        before={"exercise": source.slug, "sets": 3, "reps": 10},
        after={"exercise": target.slug, "sets": 1, "reps": 10},
        before_text="3 × 10",
        after_text="1 × 10",
        reason=f"You moved on from {source.name} to {target.name}.",
    )


def test_an_exercise_goal_is_reached_when_the_engine_moves_you_on_to_it(user, chain):
    bridge, march, one_leg, _bench = chain
    goal = reach_goal(user, one_leg)
    assert (goal.chain.slug, goal.target) == ("bridges", 3)
    log(user, bridge, {"reps": 10}, on=day(-20), finish=True)
    assert reading(goal).current == 1  # where the chain was started

    moved_on(user, bridge, march, on=day(-15))
    assert (reading(goal).current, reading(goal).achieved_on) == (2, None)

    moved_on(user, march, one_leg, on=day(-2))
    assert (reading(goal).current, reading(goal).achieved_on) == (3, day(-2))
    assert judge(goal).status == Status.ACHIEVED


def test_logging_a_later_step_without_earning_it_reaches_nothing(user, chain):
    """The issue's case: "reach Nordic curls" was achieved the first time Nordics were
    logged, not when earned."""
    bridge, _march, one_leg, bench = chain
    log(user, bridge, {"reps": 10}, on=day(-20), finish=True)
    log(user, bench, {"reps": 6, "side": "left"}, on=day(-2), finish=True)

    result = judge(reach_goal(user, one_leg))

    assert result.reading.current == 1
    assert result.status != Status.ACHIEVED


def test_an_exercise_goal_is_reached_by_a_move_on_beyond_it(user, chain):
    bridge, _march, one_leg, bench = chain
    log(user, bridge, {"reps": 10}, on=day(-20), finish=True)
    moved_on(user, one_leg, bench, on=day(-2))

    result = judge(reach_goal(user, one_leg))

    assert result.status == Status.ACHIEVED
    assert result.reading.achieved_on == day(-2)


def test_an_exercise_goal_reads_positions_in_its_own_chain_only(user, chain):
    bridge, _march, one_leg, _bench = chain
    # The bridge is also the last step of a longer chain, which must not leak in.
    make_chain(*[ExerciseFactory(name=f"Other {n}") for n in range(5)], bridge, slug="other")
    log(user, bridge, {"reps": 10}, on=day(-2), finish=True)

    assert reading(reach_goal(user, one_leg)).current == 1


# Sessions a week, for weeks in a row -----------------------------------------------------

# TODAY is a Wednesday: this week's Monday is day(-2), the weeks before start at day(-9),
# day(-16), day(-23); the next ones at day(5), day(12).


def sessions_goal(user, *, weeks=3, target="2", created_on=None, deadline=None):
    return make_goal(
        user,
        Goal.Metric.SESSIONS,
        target=target,
        weeks=weeks,
        created_on=created_on or day(-23),
        deadline=deadline or day(12),
    )


def test_weeks_in_a_row_with_enough_sessions_achieve_the_goal(user):
    trained(user, -23, -20, -16, -13, -9, -6, -5)
    goal = sessions_goal(user)

    result = judge(goal)

    assert result.status == Status.ACHIEVED
    assert result.reading.current == 3
    assert result.reading.achieved_on == day(-5)  # the last session of the third week
    assert result.reading.weeks[:3] == ((day(-23), 2), (day(-16), 2), (day(-9), 3))
    assert result.explanation == "You kept it up for 3 weeks, done on 27 Feb 2026."


def test_a_week_short_of_sessions_resets_the_run(user):
    trained(user, -23, -20, -16, -9, -6)
    goal = sessions_goal(user)

    assert reading(goal).current == 1


def test_the_week_in_hand_does_not_break_the_run(user):
    trained(user, -16, -13, -9, -6)
    goal = sessions_goal(user)

    assert reading(goal).current == 2  # this week has none yet, and days to go
    trained(user, -2)
    assert reading(goal).current == 2
    assert reading(goal, today=day(5)).current == 0  # once the week is over it does


def test_only_finished_sessions_count(user, other_user):
    trained(user, -16, -13)
    trained(user, -9, -6, status=Session.Status.SKIPPED)
    trained(user, -8, status=Session.Status.PLANNED)
    trained(other_user, -9, -6)

    assert reading(sessions_goal(user)).current == 0


def test_a_run_that_can_still_fit_before_the_deadline_is_on_track(user):
    trained(user, -9, -6)
    # Three weeks needed, one done; this week and next still count.
    goal = sessions_goal(user, deadline=day(5))

    result = judge(goal)

    assert result.status == Status.ON_TRACK
    assert result.explanation == (
        "1 week in a row so far; 2 more needed and 2 weeks left, counting this one."
    )
    assert judge(sessions_goal(user, deadline=day(4))).status == Status.AT_RISK


def test_the_deadlines_week_counts(user):
    trained(user, -16, -13, -9, -6, -2)
    goal = sessions_goal(user, deadline=TODAY)  # a Wednesday

    assert judge(goal).status == Status.ON_TRACK
    trained(user, -1)
    assert judge(goal).status == Status.ACHIEVED
    assert judge(goal, today=day(10)).status == Status.ACHIEVED


def test_a_run_finished_later_in_the_deadlines_week_is_achieved(user):
    trained(user, -16, -13, -9, -6, -2)
    goal = sessions_goal(user, deadline=TODAY)  # a Wednesday; the week ends on Sunday

    assert judge(goal, today=day(1)).status != Status.MISSED
    trained(user, 2)  # Friday
    assert judge(goal, today=day(2)).status == Status.ACHIEVED
    assert judge(goal, today=day(30)).status == Status.ACHIEVED


def test_a_run_not_finished_by_the_end_of_the_deadlines_week_is_missed(user):
    trained(user, -16, -13, -9, -6, -2)
    goal = sessions_goal(user, deadline=TODAY)

    assert judge(goal, today=day(4)).status != Status.MISSED  # Sunday
    result = judge(goal, today=day(5))
    assert result.status == Status.MISSED
    # The best run before the deadline, not the run as it stands today (none).
    assert result.explanation == "The deadline passed with a best run of 2 weeks."


# Reading many goals: four queries however many goals and sets ----------------------------


def every_metric(user, today, exercises):
    """Seven goals, one per metric, on the history's exercises (factories, not the catalog)."""
    bridge, band_curl, hinge, stretch = exercises
    one_leg = Exercise.objects.get(slug="one-leg-floor-bridge")
    chain = Chain.objects.get(slug="floor-bridge-ladder")
    common = {"why": WHY, "deadline": today + datetime.timedelta(weeks=8), "created_on": today}
    rows = [
        Goal(metric=Goal.Metric.LOAD_FOR_REPS, exercise=hinge, target=200, reps=6),
        Goal(metric=Goal.Metric.E1RM, exercise=hinge, target=250),
        Goal(metric=Goal.Metric.REPS, exercise=band_curl, target=40),
        Goal(metric=Goal.Metric.HOLD, exercise=stretch, target=600),
        Goal(metric=Goal.Metric.STAGE, exercise=bridge, target=3, reps=10),
        Goal(metric=Goal.Metric.EXERCISE, exercise=one_leg, chain=chain, target=2),
        Goal(metric=Goal.Metric.SESSIONS, target=3, weeks=8),
    ]
    for goal in rows:
        goal.user, goal.target, goal.baseline = user, Decimal(goal.target), Decimal(0)
        for name, value in common.items():
            setattr(goal, name, value)
    return Goal.objects.bulk_create(rows)


@pytest.mark.parametrize("years", [0, 12])
def test_read_goals_takes_four_queries_whatever_the_history(user, years):
    exercises = history_exercises()
    make_history(user, years=years, today=TODAY, exercises=exercises)  # records included
    mine = every_metric(user, TODAY, exercises)
    assert {g.metric for g in mine} == set(Goal.Metric.values)

    with CaptureQueriesContext(connection) as queries:
        readings = goals.read_goals(mine, user=user, today=TODAY)

    assert len(queries.captured_queries) == 4
    if years:
        assert LoggedSet.objects.filter(session__user=user).count() > 12_000
        load, e1rm, reps, hold, stage, _reach, _sessions = readings
        assert load.current > 40 and e1rm.current > load.current
        assert reps.current >= 10 and hold.current >= 30
        assert stage.current == 3 and stage.achieved_on is not None
        assert all(r.earlier[0] is not None for r in readings[:5])
    else:
        assert all(r.current == 0 for r in readings)


# Whether a new goal looks realistic ------------------------------------------------------


def new_goal(user, metric, *, target, exercise=None, deadline=None, **fields):
    """A goal being set: not saved, read as the form reads it."""
    goal = Goal(
        user=user,
        metric=metric,
        exercise=exercise,
        target=Decimal(target),
        why=WHY,
        deadline=deadline or day(35),
        created_on=TODAY,
        **fields,
    )
    return goal, reading(goal)


@pytest.mark.parametrize(
    "target, verdict",
    [
        (23, Verdict.REALISTIC),  # needs 1 a week, the rate shown
        (24, Verdict.AMBITIOUS),  # 1.2
        (28, Verdict.AMBITIOUS),  # 2: twice the rate
        (29, Verdict.OUT_OF_REACH),  # 2.2
    ],
)
def test_a_goal_is_judged_by_the_weekly_gain_it_needs_against_the_shown_one(
    user, moves, target, verdict
):
    log_reps(user, moves["bridge"], *STEADY)
    goal, now = new_goal(user, Goal.Metric.REPS, target=target, exercise=moves["bridge"])

    assessment = goals.assess(goal, now, today=TODAY)

    assert assessment.verdict == verdict
    assert assessment.text.startswith("From 18 reps to ")
    assert "over the last 8 weeks you gained 1 rep a week" in assessment.text


def test_a_goal_beyond_a_stalled_log_is_out_of_reach(user, moves):
    log_reps(user, moves["bridge"], (-60, 15), (-1, 15))
    goal, now = new_goal(user, Goal.Metric.REPS, target=16, exercise=moves["bridge"])

    assessment = goals.assess(goal, now, today=TODAY)

    assert assessment.verdict == Verdict.OUT_OF_REACH
    assert "over the last 8 weeks you gained 0 reps a week" in assessment.text


def test_a_load_goal_with_nothing_loaded_yet_is_ambitious_and_says_why(user, moves):
    log(user, moves["rdl"], {"reps": 5, "load_kg": Decimal("80")}, on=day(-3))  # too few reps
    goal, now = new_goal(user, Goal.Metric.LOAD_FOR_REPS, target=60, exercise=moves["rdl"], reps=8)

    assessment = goals.assess(goal, now, today=TODAY)

    assert assessment.verdict == Verdict.AMBITIOUS
    assert (
        "There is no loaded set of Romanian Deadlift of 8 reps or more in your log yet"
        in assessment.text
    )


def test_a_one_rep_max_goal_with_nothing_loaded_yet_is_ambitious(user, moves):
    goal, now = new_goal(user, Goal.Metric.E1RM, target=60, exercise=moves["rdl"])

    assessment = goals.assess(goal, now, today=TODAY)

    assert assessment.verdict == Verdict.AMBITIOUS
    assert "There is no loaded set of Romanian Deadlift in your log yet" in assessment.text


@pytest.mark.parametrize(
    "weeks, recent, verdict, words",
    [
        (4, Decimal(3), Verdict.OUT_OF_REACH, "only 3 weeks count"),
        (3, Decimal(2), Verdict.REALISTIC, "You have averaged 2 sessions a week"),
        (3, Decimal("1.5"), Verdict.AMBITIOUS, "this needs 2 every week, 3 weeks running"),
        (3, None, Verdict.AMBITIOUS, "You have no finished sessions in the last 8 weeks"),
    ],
)
def test_a_sessions_goal_needs_its_weeks_to_fit_before_the_deadline(
    user, weeks, recent, verdict, words
):
    # From a Wednesday to the Monday twelve days on: this week, next, and the deadline's.
    goal, now = new_goal(user, Goal.Metric.SESSIONS, target=2, weeks=weeks, deadline=day(12))

    assessment = goals.assess(goal, now, today=TODAY, recent_weekly=recent)

    assert assessment.verdict == verdict
    assert words in assessment.text
