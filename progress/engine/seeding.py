"""Where an exercise starts when the log holds sets but no prescription: from those sets.

An imported history, or a lift first logged without a routine, has no target
the user was shown. Its first stage then comes from what was done:

- a hold starts from the longest hold logged (on the rule's grid of holds,
  within the exercise's range), so a 45 s hold is followed by "hold 50 s";
- a loaded lift whose judgement leaves it without a load starts from its last
  working load: the heaviest set that reached the bottom of the rep range,
  rounded down to the equipment's step.

Standard library only, like the rest of the engine.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_FLOOR, Decimal

from progress.engine.model import (
    Context,
    Prescription,
    Recommendation,
    SessionLog,
    describe,
    format_load,
)
from progress.engine.rules.base import performed
from progress.engine.rules.double_progression import _kept, load_step, steps_in
from progress.engine.rules.hold_build import HoldBuild


def start_from_log(context: Context, start: Prescription, session: SessionLog) -> Prescription:
    """`start` (the rule's first stage), lengthened to the longest hold of `session`
    for a hold-build exercise; any other exercise starts at `start`."""
    spec = context.spec
    if spec.rule != HoldBuild.key or start.hold_s is None:
        return start
    longest = max((s.hold_s or 0 for s in session.sets), default=0)
    shortest = spec.hold_min_s or 1
    if longest <= start.hold_s:
        return start
    top = spec.hold_max_s or longest
    step = HoldBuild().step(context)
    on_grid = shortest + (min(longest, top) - shortest) // step * step
    return replace(start, hold_s=max(start.hold_s, on_grid))


def working_load(context: Context, session: SessionLog) -> Decimal | None:
    """The heaviest load of a set that reached the bottom of the rep range, rounded down
    to the equipment's step (None when no set did, or none had a load)."""
    bottom = context.spec.reps_min or 1
    loads = [s.load_kg for s in session.sets if s.load_kg and (s.reps or 0) >= bottom]
    if not loads:
        return None
    step = load_step(context)
    whole = steps_in(max(loads), step).to_integral_value(rounding=ROUND_FLOOR)
    load = _kept(whole * step)
    return load if load > 0 else None


def with_working_load(context: Context, rec: Recommendation, session: SessionLog) -> Recommendation:
    """A double-progression judgement that leaves the lift without a load, given the
    session's working load instead; any other recommendation is returned as it is."""
    p = rec.prescription
    if context.spec.rule != "double_progression" or p.load_kg is not None:
        return rec
    if p.exercise != context.spec.slug:
        return rec
    load = working_load(context, session)
    if load is None:
        return rec
    nxt = replace(p, load_kg=load)
    return replace(
        rec,
        prescription=nxt,
        reason=f"You did {performed(context, session)}; your heaviest set of "
        f"{context.spec.reps_min or 1} reps or more was at {format_load(load, context.unit)}: "
        f"next time {describe(context, nxt)}.",
    )
