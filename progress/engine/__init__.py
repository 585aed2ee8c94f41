"""The progression engine: from a user's own log to their next prescription.

Standard library only (a test enforces it), so every rule can be tested
exhaustively without a database. Frozen dataclasses in, a frozen
`Recommendation` out; today's date is an argument, never read from a clock.

    recommend(context, current, sessions, today)
        judges the latest session against `current`, the prescription it was
        given, and returns the next one, stepped back after a long gap;
    after_gap(context, earned, last_trained, today)
        what a page shows today for a prescription earned earlier;
    start(context, hint)
        where a user who has never logged the exercise begins.

The rules themselves are in `progress.engine.rules`; `docs/progression.md`
states them in words, with worked examples.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from progress.engine.model import (
    Band,
    Change,
    Context,
    LoggedSet,
    Pain,
    Prescription,
    Recommendation,
    SessionLog,
    Side,
    Spec,
    describe,
)
from progress.engine.rules import RULES
from progress.engine.rules.breaks import BREAKS, GAP_DAYS, after_break
from progress.engine.rules.pain import ACCEPTABLE_PAIN, with_pain

__all__ = [
    "ACCEPTABLE_PAIN",
    "BREAKS",
    "GAP_DAYS",
    "RULES",
    "Band",
    "Change",
    "Context",
    "LoggedSet",
    "Pain",
    "Prescription",
    "Recommendation",
    "SessionLog",
    "Side",
    "Spec",
    "after_gap",
    "describe",
    "recommend",
    "start",
]


def start(context: Context, hint: Prescription | None = None) -> Prescription:
    """The first prescription: the rule's first stage, or the routine's `hint` where it fits."""
    return RULES[context.spec.rule].start(context, hint)


def recommend(
    context: Context, current: Prescription, sessions: tuple[SessionLog, ...], today: date
) -> Recommendation:
    """The next prescription after the latest of `sessions`, which was given `current`.

    A session that meets its stage moves one stage on; one that falls short
    repeats the stage. If `today` is 14 days or more after that session, the
    result steps back as `after_gap` says; an offer to move on is withdrawn
    then, and the step back starts from the stage met instead. Pain said about
    the session (`SessionLog.pain`) holds or steps back as `rules.pain` says.
    """
    if not sessions:
        return Recommendation(
            current,
            Change.STAY,
            f"Start at {describe(context, current)} and log every set; "
            "Hamstrong moves you on when you meet it.",
        )
    # Everything logged on the latest day is judged together, in any order.
    day = max(s.date for s in sessions)
    latest = SessionLog(
        day,
        tuple(x for s in sessions if s.date == day for x in s.sets),
        pain=next((s.pain for s in sessions if s.date == day and s.pain is not None), None),
    )
    rule = RULES[context.spec.rule]
    verdict = rule.judge(context, current, latest)
    if verdict.met:
        result = rule.advance(context, current, latest)
    else:
        shown = describe(context, current)
        result = Recommendation(
            current,
            Change.STAY,
            f"You did {verdict.performed} against {shown}: repeat {shown} next time; "
            f"you move on once {rule.until(context, current)}.",
            met=False,
        )
    result = with_pain(RULES, context, current, latest.pain, result)
    earned = current if result.change == Change.NEXT_EXERCISE else result.prescription
    gap = after_gap(context, earned, latest.date, today)
    if gap.change == Change.STEP_BACK:
        if latest.pain is not None and latest.pain.sharp:
            # The stop advice outlives a break.
            return replace(gap, reason=f"{result.reason} {gap.reason}", met=result.met)
        return replace(gap, met=result.met)
    if result.change == Change.NEXT_EXERCISE and (today - latest.date).days >= GAP_DAYS:
        # Away too long to move on, at a first stage already: stay, without the offer.
        return replace(gap, met=result.met)
    return result


def after_gap(
    context: Context, earned: Prescription, last_trained: date | None, today: date
) -> Recommendation:
    """`earned`, stepped back by the time away since `last_trained`: 14–27 days one
    stage, 28–55 two, 56 or more the exercise's first stage (`rules.breaks`)."""
    return after_break(RULES, context, earned, last_trained, today)
