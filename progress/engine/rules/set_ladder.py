"""The set ladder, the default rule (KPE physiotherapy): 1 × 10 → 2 × 10 → 3 × 10."""

from __future__ import annotations

from dataclasses import replace

from progress.engine.model import Change, Prescription, Recommendation, describe
from progress.engine.rules.base import Rule, _clamp

LADDER_REPS = 10


class SetLadder(Rule):
    """1 × 10 → 2 × 10 → 3 × 10, then the next exercise of the chain at 1 × 10."""

    key = "set_ladder"

    def start(self, context, hint=None):
        spec = context.spec
        reps = None
        if spec.reps_min is not None:
            reps = _clamp(LADDER_REPS, spec.reps_min, spec.reps_max or spec.reps_min)
        hold = (hint.hold_s if hint and hint.hold_s else None) or spec.hold_min_s
        sets = _clamp(hint.sets, 1, spec.sets) if hint else 1
        return Prescription(exercise=spec.slug, sets=sets, reps=reps, hold_s=hold)

    def advance(self, context, current, session):
        done = describe(context, current)
        if current.sets < context.spec.sets:
            nxt = replace(current, sets=current.sets + 1)
            return Recommendation(
                nxt,
                Change.ADD_SET,
                f"You did {done}: add a set, next time {describe(context, nxt)}.",
                met=True,
            )
        return self.move_on(context, current, done)

    def step_back(self, context, current):
        return replace(current, sets=current.sets - 1) if current.sets > 1 else None
