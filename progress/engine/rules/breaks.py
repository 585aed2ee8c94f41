"""Breaks: the longer the time away, the further back the target goes.

Detraining is gradual: two weeks off costs a little, a month more, two months
most of what a home ladder built. So the step back scales with the days since
the exercise was last trained (the table below), and a restart goes back to
the first stage of the exercise the user is on, never to an easier exercise.

    days away   what happens
    0–13        nothing: the earned target stands
    14–27       one stage back
    28–55       two stages back
    56 or more  the exercise's first stage (a restart of its ladder)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from progress.engine.model import Change, Context, Prescription, Recommendation, describe


@dataclass(frozen=True)
class Break:
    """One row of the table: from `days` away on, `stages` back (None: restart)."""

    days: int
    stages: int | None
    words: str


# Longest first: the first row a gap reaches is the one that applies.
BREAKS = (
    Break(56, None, "after 56 days or more away you restart the exercise at its first stage"),
    Break(28, 2, "after 28 to 55 days away you step back two stages"),
    Break(14, 1, "after 14 to 27 days away you step back one stage"),
)
GAP_DAYS = BREAKS[-1].days


def break_for(days: int) -> Break | None:
    """The table's row for `days` away, or None when the break is too short to count."""
    return next((row for row in BREAKS if days >= row.days), None)


def stepped_back(rules, context: Context, earned: Prescription, row: Break) -> Prescription:
    """`earned` moved back as `row` says; never past the exercise's first stage."""
    rule = rules[context.spec.rule]
    if row.stages is None:
        return rule.start(context)
    current = earned
    for _ in range(row.stages):
        back = rule.step_back(context, current)
        if back is None:
            break
        current = back
    return current


def after_break(
    rules, context: Context, earned: Prescription, last_trained: date | None, today: date
) -> Recommendation:
    """`earned` after the time away since `last_trained` (see the table above)."""
    days = (today - last_trained).days if last_trained is not None else 0
    row = break_for(days)
    if row is None:
        return Recommendation(earned, Change.STAY, f"Next: {describe(context, earned)}.")
    own = context.owning(earned)
    back = stepped_back(rules, own, earned, row)
    away = f"It has been {days} days since you last did {own.spec.name}, and {row.words}"
    if back == earned:
        return Recommendation(
            earned,
            Change.STAY,
            f"{away}; {describe(context, earned)} is the first stage already, so start there.",
        )
    return Recommendation(
        back,
        Change.STEP_BACK,
        f"{away}: {describe(own, back)} instead of {describe(own, earned)}.",
    )
