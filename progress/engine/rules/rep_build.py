"""Rep build (Nordic curls): one more rep a session, up the range."""

from __future__ import annotations

from dataclasses import replace

from progress.engine.model import Change, Prescription, Recommendation, describe
from progress.engine.rules.base import Rule, _clamp


class RepBuild(Rule):
    """Nordic curls: start at the bottom of the range, one more rep a session to the top."""

    key = "rep_build"

    def start(self, context, hint=None):
        spec = context.spec
        sets = _clamp(hint.sets, 1, spec.sets) if hint else spec.sets
        return Prescription(exercise=spec.slug, sets=sets, reps=spec.reps_min or 1)

    def advance(self, context, current, session):
        done = describe(context, current)
        if current.reps < (context.spec.reps_max or current.reps):
            nxt = replace(current, reps=current.reps + 1)
            return Recommendation(
                nxt,
                Change.ADD_REPS,
                f"You did {done}: add a rep, next time {describe(context, nxt)}.",
                met=True,
            )
        return self.move_on(context, current, done)

    def step_back(self, context, current):
        bottom = context.spec.reps_min or 1
        return replace(current, reps=current.reps - 1) if current.reps > bottom else None
