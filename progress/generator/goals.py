"""The goals a generated user set, against their generated log as it stood that day.

Read from the rows in memory, before or after they are written: no queries
but the `full_clean()` of each goal.
"""

import datetime
import random
from collections.abc import Callable, Sequence
from decimal import ROUND_CEILING, Decimal

from exercises.models import Exercise
from progress import engine
from progress.models import Goal, ProgressionEvent
from progress.records import epley
from training.models import LoggedSet

WHYS = (
    "Stronger every month, and no more strains.",
    "Back to football after the summer without a twinge.",
    "My physio says this is what keeps a strain from coming back.",
    "Lifting the kids without thinking about the back of my legs.",
)
STAGE_RULES = (Exercise.Rule.SET_LADDER, Exercise.Rule.BAND_COLOUR)


def goals_build(
    *,
    user,
    today: datetime.date,
    rng: random.Random,
    contexts: dict[Exercise, engine.Context],
    logged: Sequence[LoggedSet],
    events: Sequence[ProgressionEvent],
    first_loads: dict[int, Decimal],
    load_steps: dict[int, Decimal],
) -> list[Goal]:
    """Goals set four weeks ago (or when training began), validated, not saved.

    A load or one-rep-max goal for the first loaded lift, sessions a week, a
    stage of a set ladder still below its top (else a longer hold), and, with
    nine months of history, a load goal set then and closed half a year ago.
    Each target goes beyond its baseline, as the goal form asks. `logged`
    holds the sets with their sessions; no sets, no goals.
    """
    if not logged:
        return []
    first_day = min(s.session.date for s in logged)
    created_on = max(first_day, today - datetime.timedelta(weeks=4))

    def best(exercise: Exercise, value: Callable, before: datetime.date) -> Decimal:
        """The best `value` of the exercise's sets before a day (0 for none)."""
        found = (
            value(s) for s in logged if s.exercise_id == exercise.pk and s.session.date < before
        )
        return max((Decimal(v) for v in found if v is not None), default=Decimal(0))

    def goal(metric, exercise=None, **fields) -> Goal:
        dates = {"created_on": created_on, "deadline": created_on + datetime.timedelta(weeks=12)}
        row = Goal(
            user=user, metric=metric, exercise=exercise, why=rng.choice(WHYS), **(dates | fields)
        )
        row.full_clean()
        return row

    rows = []
    lift = next((e for e in contexts if e.measure == Exercise.Measure.REPS_LOAD), None)
    if lift is not None:
        first, step, reps = first_loads[lift.pk], load_steps.get(lift.pk, 1), lift.reps_min or 1
        if reps <= 10 and rng.random() < 0.5:
            baseline = best(lift, lambda s: epley(s.load_kg, s.reps or 0), created_on)
            # 5% up, to the half kilogram.
            target = (max(baseline, first) * Decimal("2.1")).to_integral_value(
                rounding=ROUND_CEILING
            ) / 2
            rows.append(goal(Goal.Metric.E1RM, lift, target=target, baseline=baseline))
        else:
            baseline = best(lift, _load_for(reps), created_on)
            rows.append(
                goal(
                    Goal.Metric.LOAD_FOR_REPS,
                    lift,
                    target=max(baseline, first) + 2 * step,
                    reps=reps,
                    baseline=baseline,
                )
            )
        closed_on = today - datetime.timedelta(weeks=26)
        set_on = closed_on - datetime.timedelta(weeks=12)
        if first_day <= set_on:
            baseline = best(lift, _load_for(reps), set_on)
            rows.append(
                goal(
                    Goal.Metric.LOAD_FOR_REPS,
                    lift,
                    target=max(baseline, first) + step,
                    reps=reps,
                    baseline=baseline,
                    created_on=set_on,
                    deadline=closed_on - datetime.timedelta(weeks=1),
                    closed_on=closed_on,
                )
            )
    rows.append(
        goal(
            Goal.Metric.SESSIONS,
            target=min(user.weekly_target, 3),
            weeks=8,
            baseline=0,
            deadline=created_on + datetime.timedelta(weeks=8),
        )
    )
    stage = _stage(goal, contexts, events, created_on)
    if stage is not None:
        rows.append(stage)
    else:
        hold = next((e for e in contexts if e.measure == Exercise.Measure.HOLD), None)
        if hold is not None:
            baseline = best(hold, lambda s: s.hold_s, created_on)
            longest = hold.hold_max_s or 0
            # Past the rule's range, a quarter longer (at least 5 s): 60 s → 75 s.
            target = longest if baseline < longest else baseline + max(5, round(baseline / 4))
            rows.append(goal(Goal.Metric.HOLD, hold, target=target, baseline=baseline))
    return rows


def _load_for(reps: int) -> Callable:
    return lambda s: s.load_kg if (s.reps or 0) >= reps else None


def _stage(goal, contexts, events, created_on) -> Goal | None:
    """The top stage of the first set ladder (or band colour) not yet met at it."""
    for exercise, context in contexts.items():
        if exercise.rule not in STAGE_RULES:
            continue
        reps = engine.start(context).reps  # as the goal form sets it
        if reps is None:
            continue
        reached = max(
            (
                e.before["sets"]
                for e in events
                if e.exercise_id == exercise.pk
                and e.met
                and e.date < created_on
                and (e.before["reps"] or 0) >= reps
            ),
            default=0,
        )
        if reached < exercise.sets:
            return goal(
                Goal.Metric.STAGE, exercise, target=exercise.sets, reps=reps, baseline=reached
            )
    return None
