"""Rep build (Nordic hamstring curls): a published progression, one step a week at most.

The stages follow the 10-week Nordic hamstring programme of Mjølsnes et al.
(2004, Scand J Med Sci Sports 14:311–317), the one the prevention trial of
Petersen et al. (2011, Am J Sports Med 39:2296–2303) used: 2 × 5 in the first
week, 2 × 6 the second, 3 × 6–8 the third, 3 × 8–10 the fourth, then three
sets of up to 12. The top is KPE's "start with 5 reps and then build up to
10", so for the catalog's Nordic curl (2 sets of 5–10):

    2 × 5 → 2 × 6 → 3 × 6 → 3 × 8 → 3 × 10

A session that meets its stage moves on one step, but never sooner than a
week after the stage was first given (`Prescription.since`): a stage met
again within the week stays, and says when the next step comes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from progress.engine.model import Change, Prescription, Recommendation, Spec, describe
from progress.engine.rules.base import Rule

WEEK_DAYS = 7


def stages(spec: Spec) -> list[tuple[int, int]]:
    """The programme's (sets, reps) steps, fitted to the exercise's sets and range."""
    sets, low = spec.sets, spec.reps_min or 1
    high = max(low, spec.reps_max or low)
    steps = [(sets, low), (sets, low + 1), (sets + 1, low + 1), (sets + 1, low + 3)]
    steps.append((sets + 1, high))
    found: list[tuple[int, int]] = []
    for s, r in steps:
        step = (s, min(r, high))
        if not found or (step != found[-1] and step[1] >= found[-1][1]):
            found.append(step)
    return found


def position(spec: Spec, current: Prescription) -> int:
    """The last step the prescription has reached (a target off the table counts at the
    highest step at or under it)."""
    reached = [
        i for i, (s, r) in enumerate(stages(spec)) if s <= current.sets and r <= (current.reps or 0)
    ]
    return reached[-1] if reached else 0


class RepBuild(Rule):
    """Nordic curls: the programme's steps, one a week at most, to the top of the range."""

    key = "rep_build"

    def start(self, context, hint=None):
        sets, reps = stages(context.spec)[0]
        return Prescription(exercise=context.spec.slug, sets=sets, reps=reps)

    def advance(self, context, current, session):
        done = describe(context, current)
        table = stages(context.spec)
        here = position(context.spec, current)
        if here == len(table) - 1:
            return self.move_on(context, current, done)
        sets, reps = table[here + 1]
        nxt = replace(current, sets=sets, reps=reps, since=session.date)
        ready = current.since + timedelta(days=WEEK_DAYS) if current.since else session.date
        if session.date < ready:
            return Recommendation(
                replace(current),
                Change.STAY,
                f"You did {done}. Nordic curls go up one step a week at most (the 10-week "
                f"programme of Mjølsnes et al., 2004): stay at {done} until "
                f"{ready.day} {ready:%b}, then {describe(context, nxt)}.",
                met=True,
            )
        change = Change.ADD_SET if sets > current.sets else Change.ADD_REPS
        return Recommendation(
            nxt,
            change,
            f"You did {done}: the next step of the Nordic programme, "
            f"next time {describe(context, nxt)}.",
            met=True,
        )

    def step_back(self, context, current):
        table = stages(context.spec)
        here = position(context.spec, current)
        if (current.sets, current.reps) != table[here]:
            sets, reps = table[here]
        elif here > 0:
            sets, reps = table[here - 1]
        else:
            return None
        return replace(current, sets=sets, reps=reps)
