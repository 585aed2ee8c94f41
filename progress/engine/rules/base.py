"""What every progression rule shares: one interface, and how a session reads.

A rule knows where an exercise starts, whether a session met the stage it
was given, what the next stage is, and what one stage back is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from progress.engine.model import (
    Change,
    Context,
    LoggedSet,
    Prescription,
    Recommendation,
    SessionLog,
    Side,
    describe,
)


@dataclass(frozen=True)
class Verdict:
    met: bool
    performed: str


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _listing(items: list[str]) -> str:
    if not items:
        return "no sets"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _sides(context: Context) -> tuple[Side, ...]:
    return (Side.LEFT, Side.RIGHT) if context.spec.unilateral else (Side.BOTH,)


def _on_side(sets: tuple[LoggedSet, ...], side: Side) -> list[LoggedSet]:
    """The sets that count for `side`: a set logged for both legs counts for each."""
    if side == Side.BOTH:
        return list(sets)
    return [s for s in sets if s.side in (side, Side.BOTH)]


def _set_text(logged: LoggedSet) -> str:
    if logged.reps is not None and logged.hold_s is not None:
        return f"{logged.reps} × {logged.hold_s} s"
    if logged.reps is not None:
        return str(logged.reps)
    return f"{logged.hold_s} s"


def performed(context: Context, session: SessionLog) -> str:
    """What was logged, as a person reads it: '10 and 9', 'left 10, right 8'."""
    parts = []
    for side in _sides(context):
        sets = _on_side(session.sets, side)
        text = _listing([_set_text(s) for s in sets])
        parts.append(text if side == Side.BOTH else f"{side.value} leg {text}")
    return "; ".join(parts)


class Rule:
    """One interface: start, judge, advance, step back."""

    key = ""

    def start(self, context: Context, hint: Prescription | None = None) -> Prescription:
        raise NotImplementedError

    def reaches(self, current: Prescription, logged: LoggedSet, context: Context) -> bool:
        """Whether one logged set reached the stage's target."""
        if current.reps is not None and (logged.reps or 0) < current.reps:
            return False
        return current.hold_s is None or (logged.hold_s or 0) >= current.hold_s

    def judge(self, context: Context, current: Prescription, session: SessionLog) -> Verdict:
        """Met when every prescribed set reached the target, on each leg if unilateral."""
        met = all(
            sum(1 for s in _on_side(session.sets, side) if self.reaches(current, s, context))
            >= current.sets
            for side in _sides(context)
        )
        return Verdict(met=met, performed=performed(context, session))

    def advance(
        self, context: Context, current: Prescription, session: SessionLog
    ) -> Recommendation:
        raise NotImplementedError

    def step_back(self, context: Context, current: Prescription) -> Prescription | None:
        raise NotImplementedError

    def until(self, context: Context, current: Prescription) -> str:
        """The condition for moving on: 'every prescribed set reaches 10 reps'."""
        legs = " on each leg" if context.spec.unilateral else ""
        if current.reps is None:
            return f"every prescribed hold{legs} lasts {current.hold_s} s"
        text = f"every prescribed set{legs} reaches {current.reps} reps"
        if current.hold_s is not None:
            text += f", each held {current.hold_s} s"
        return text

    # Shared moves.

    def move_on(self, context: Context, current: Prescription, done: str) -> Recommendation:
        """After the top stage: the next exercise of the chain, or hold at the end."""
        following = context.next
        if following is None:
            return Recommendation(
                current,
                Change.STAY,
                f"You did {done}, the top of {context.spec.name} and the end of its chain: "
                f"keep it at {describe(context, current)} to hold on to your strength.",
                met=True,
            )
        from progress.engine.rules import RULES  # the registry imports every rule

        nxt = RULES[following.rule].start(replace(context, spec=following, next=None))
        return Recommendation(
            nxt,
            Change.NEXT_EXERCISE,
            f"You did {done}, the top of {context.spec.name}: move on to {following.name}, "
            f"starting at {describe(context, nxt)}.",
            met=True,
        )
