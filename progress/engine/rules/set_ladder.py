"""The set ladder, the default rule (KPE physiotherapy): 1 × 10 → 2 × 10 → 3 × 10.

Where the exercise (or the routine) gives a range above 10 reps (3 × 10–15,
a circuit's 10–12), the ladder goes on up the range at full sets, one rep a
session, before the next exercise. In a circuit the sets are its rounds: they
stay fixed, and only the reps climb.
"""

from __future__ import annotations

from dataclasses import replace

from progress.engine.model import (
    LADDER_REPS,
    Change,
    Prescription,
    Recommendation,
    describe,
    full_sets,
    ladder_reps,
)
from progress.engine.rules.base import Rule, _clamp

__all__ = ["LADDER_REPS", "SetLadder"]


class SetLadder(Rule):
    """1 × 10 → 2 × 10 → 3 × 10 (→ 3 × 11 … up a wider range), then the next exercise."""

    key = "set_ladder"

    def start(self, context, hint=None):
        spec = context.spec
        hold = (hint.hold_s if hint and hint.hold_s else None) or spec.hold_min_s
        top = full_sets(context)
        # A circuit's sets are its rounds; a routine's sets are where a ladder starts.
        sets = _clamp(hint.sets, 1, top) if hint else 1
        if context.rounds > 1:
            sets = top
        return Prescription(exercise=spec.slug, sets=sets, reps=ladder_reps(spec), hold_s=hold)

    def advance(self, context, current, session):
        spec = context.spec
        done = describe(context, current)
        base = ladder_reps(spec)
        if current.reps is not None and base is not None and current.reps < base:
            nxt = replace(current, reps=base)
            return Recommendation(
                nxt,
                Change.ADD_REPS,
                f"You did {done}: back up to {base} reps, next time {describe(context, nxt)}.",
                met=True,
            )
        if current.sets < full_sets(context):
            nxt = replace(current, sets=current.sets + 1)
            return Recommendation(
                nxt,
                Change.ADD_SET,
                f"You did {done}: add a set, next time {describe(context, nxt)}.",
                met=True,
            )
        if current.reps is not None and current.reps < (spec.reps_max or 0):
            nxt = replace(current, reps=current.reps + 1)
            return Recommendation(
                nxt,
                Change.ADD_REPS,
                f"You did {done}: one more rep up the {base}–{spec.reps_max} range, "
                f"next time {describe(context, nxt)}.",
                met=True,
            )
        return self.move_on(context, current, done)

    def step_back(self, context, current):
        base = ladder_reps(context.spec)
        if current.reps is not None and base is not None and current.reps > base:
            return replace(current, reps=current.reps - 1)
        if current.sets > 1 and context.rounds == 1:
            return replace(current, sets=current.sets - 1)
        return None
