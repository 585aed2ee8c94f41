"""Goals in words: amounts, rates and titles as a person reads them."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from progress.models import Goal
from training.units import format_load


def decimal_text(value: Decimal) -> str:
    value = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP).normalize()
    return f"{value:f}"


def day_text(day: datetime.date) -> str:
    """'9 Nov 2026': the day without a leading zero."""
    return f"{day.day} {day:%b %Y}"


def amount(goal: Goal, value: Decimal, unit: str) -> str:
    """A value of the goal's metric as a person reads it."""
    metric = goal.metric
    if metric in (Goal.Metric.LOAD_FOR_REPS, Goal.Metric.E1RM):
        return format_load(value, unit)
    if metric == Goal.Metric.REPS:
        number = decimal_text(value)
        return f"{number} rep{'' if number == '1' else 's'}"
    if metric == Goal.Metric.HOLD:
        return f"{decimal_text(value)} s"
    if metric == Goal.Metric.STAGE:
        return f"{decimal_text(value)} × {goal.reps}"
    if metric == Goal.Metric.EXERCISE:
        return f"step {decimal_text(value)}"
    return f"{decimal_text(value)} week{'' if value == 1 else 's'}"


def per_week(goal: Goal, value: Decimal, unit: str) -> str:
    if goal.metric == Goal.Metric.STAGE:
        return f"{decimal_text(value)} stage{'' if value == 1 else 's'} a week"
    if goal.metric == Goal.Metric.EXERCISE:
        return f"{decimal_text(value)} step{'' if value == 1 else 's'} of the progression a week"
    if goal.metric in (Goal.Metric.LOAD_FOR_REPS, Goal.Metric.E1RM):
        return f"{format_load(value.quantize(Decimal('0.01')), unit)} a week"
    return f"{amount(goal, value, unit)} a week"


def describe(goal: Goal, unit: str) -> str:
    """'Romanian deadlift: 70 kg for 8 reps', 'Train 2 times a week for 8 weeks in a row'."""
    name = goal.exercise.name if goal.exercise_id else ""
    target = goal.target
    if goal.metric == Goal.Metric.LOAD_FOR_REPS:
        return f"{name}: {format_load(target, unit)} for {goal.reps} reps"
    if goal.metric == Goal.Metric.E1RM:
        return f"{name}: an estimated one-rep max of {format_load(target, unit)}"
    if goal.metric == Goal.Metric.REPS:
        return f"{name}: {decimal_text(target)} reps in one set"
    if goal.metric == Goal.Metric.HOLD:
        return f"{name}: hold for {decimal_text(target)} s"
    if goal.metric == Goal.Metric.STAGE:
        return f"{name}: reach {decimal_text(target)} × {goal.reps}"
    if goal.metric == Goal.Metric.EXERCISE:
        return f"Reach {name}"
    times = int(target)
    return f"Train {times} time{'' if times == 1 else 's'} a week for {goal.weeks} weeks in a row"


def rate_words(goal: Goal, r, unit: str) -> str:
    if r.shown:
        gained = per_week(goal, r.per_week, unit)
        return f"over the last {r.window_days // 7} weeks you gained {gained}"
    return (
        f"your log is too young to show a trend here, so this uses the usual pace of "
        f"{per_week(goal, r.per_week, unit)}"
    )
