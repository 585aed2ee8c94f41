"""A goal's chart: its metric over time against the target line."""

import datetime
from decimal import Decimal

from progress import charts
from progress.goals.words import amount, day_text
from progress.models import Goal
from training.units import from_kg


def chart(goal: Goal, points, unit: str, *, today: datetime.date):
    """The goal's chart: the metric over time against the target line (see progress.charts)."""
    loaded = goal.metric in (Goal.Metric.LOAD_FOR_REPS, Goal.Metric.E1RM)

    def shown(value: Decimal):
        return from_kg(value, unit) if loaded else value

    if goal.metric == Goal.Metric.SESSIONS:
        labels = [monday for monday, _ in points]
        return charts.Chart(
            id=f"goal-{goal.pk}",
            title="Sessions each week since the goal was set",
            summary=f"Bar chart of finished sessions per week since {day_text(goal.created_on)}, "
            f"against the target of {int(goal.target)} a week.",
            labels=labels,
            series=[
                charts.Series("Sessions", [v for _, v in points], style=charts.BAR),
                charts.Series("Target", [goal.target] * len(labels), style=charts.TARGET),
            ],
            y=charts.Axis("sessions", integer=True),
            type=charts.BAR,
            row_header="Week of",
        )
    labels = [day for day, _ in points]
    values = [shown(v) for _, v in points]
    # Carry the line on to today, and show the deadline ahead.
    for day in (today, goal.deadline):
        if not labels or day > labels[-1]:
            labels.append(day)
            values.append(values[-1] if values and day == today else None)
    axis_label = {
        Goal.Metric.LOAD_FOR_REPS: unit,
        Goal.Metric.E1RM: unit,
        Goal.Metric.REPS: "reps",
        Goal.Metric.HOLD: "seconds",
        Goal.Metric.STAGE: "sets",
        Goal.Metric.EXERCISE: "step",
    }[goal.metric]
    whole = goal.metric in (Goal.Metric.STAGE, Goal.Metric.EXERCISE, Goal.Metric.REPS)
    target = shown(goal.target)
    return charts.Chart(
        id=f"goal-{goal.pk}",
        title="Your best so far, against the target",
        summary=f"Line chart of your best {axis_label} over time, rising to "
        f"{amount(goal, points[-1][1], unit) if points else 'nothing yet'}, with the target of "
        f"{amount(goal, goal.target, unit)} by {day_text(goal.deadline)}.",
        labels=labels,
        series=[
            charts.Series("Best so far", values),
            charts.Series("Target", [target] * len(labels), style=charts.TARGET),
        ],
        y=charts.Axis(axis_label, integer=whole),
        step=True,
    )
