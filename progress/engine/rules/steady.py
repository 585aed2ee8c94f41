"""Steady: the same every time (the warm-up, 5–10 minutes of light cardio and dynamic
stretching, articles 000 and 004). It prepares the session; it has no stages."""

from __future__ import annotations

from progress.engine.model import Change, Prescription, Recommendation, describe
from progress.engine.rules.base import Rule, _clamp


class Steady(Rule):
    """No progression: the routine's target (or the catalog's) every time."""

    key = "steady"

    def start(self, context, hint=None):
        spec = context.spec
        hold = spec.hold_min_s
        if hint and hint.hold_s and hold is not None:
            hold = _clamp(hint.hold_s, hold, spec.hold_max_s or hold)
        sets = _clamp(hint.sets, 1, spec.sets) if hint else 1
        return Prescription(exercise=spec.slug, sets=sets, reps=spec.reps_min, hold_s=hold)

    def advance(self, context, current, session):
        return Recommendation(
            current,
            Change.STAY,
            f"You did {describe(context, current)}: {context.spec.name} stays the same every "
            "time; it gets your hamstrings ready for the work.",
            met=True,
        )

    def step_back(self, context, current):
        return None
