"""Hold build (isometrics and stretches): longer holds, then more sets."""

from __future__ import annotations

from dataclasses import replace

from progress.engine.model import Change, Prescription, Recommendation, describe
from progress.engine.rules.base import Rule, _clamp


class HoldBuild(Rule):
    """Isometrics and stretches: longer holds up the range, then more sets at the longest hold."""

    key = "hold_build"

    def step(self, context) -> int:
        spec = context.spec
        return 5 if (spec.hold_max_s or 0) - (spec.hold_min_s or 0) >= 20 else 1

    def start(self, context, hint=None):
        spec = context.spec
        sets = _clamp(hint.sets, 1, spec.sets) if hint else 1
        hold = spec.hold_min_s or 1
        if hint and hint.hold_s:
            hold = _clamp(hint.hold_s, hold, spec.hold_max_s or hold)
        return Prescription(exercise=spec.slug, sets=sets, reps=spec.reps_min, hold_s=hold)

    def advance(self, context, current, session):
        spec = context.spec
        done = describe(context, current)
        longest = spec.hold_max_s or current.hold_s
        if current.hold_s < longest:
            nxt = replace(current, hold_s=min(longest, current.hold_s + self.step(context)))
            return Recommendation(
                nxt,
                Change.LONGER_HOLD,
                f"You did {done}: hold a little longer, next time {describe(context, nxt)}.",
                met=True,
            )
        if current.sets < spec.sets:
            nxt = replace(current, sets=current.sets + 1)
            return Recommendation(
                nxt,
                Change.ADD_SET,
                f"You did {done}, the longest hold of the range: add a set, "
                f"next time {describe(context, nxt)}.",
                met=True,
            )
        return self.move_on(context, current, done)

    def step_back(self, context, current):
        spec = context.spec
        if current.hold_s >= (spec.hold_max_s or current.hold_s) and current.sets > 1:
            return replace(current, sets=current.sets - 1)
        shortest = spec.hold_min_s or 1
        if current.hold_s > shortest:
            return replace(current, hold_s=max(shortest, current.hold_s - self.step(context)))
        return None
