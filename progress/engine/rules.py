"""The progression rules, one small class each, with one interface.

A rule knows where an exercise starts, whether a session met the stage it
was given, what the next stage is, and what one stage back is. Registered by
the key stored on the exercise (`Exercise.Rule`), the shape of Django's
password validators.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from progress.engine.model import (
    Change,
    Context,
    LoggedSet,
    Prescription,
    Recommendation,
    SessionLog,
    Side,
    band_name,
    describe,
    format_load,
)

LADDER_REPS = 10
DEFAULT_LOAD_STEP_KG = Decimal("1")


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
        nxt = RULES[following.rule].start(replace(context, spec=following, next=None))
        return Recommendation(
            nxt,
            Change.NEXT_EXERCISE,
            f"You did {done}, the top of {context.spec.name}: move on to {following.name}, "
            f"starting at {describe(context, nxt)}.",
            met=True,
        )


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


class BandColour(SetLadder):
    """The set ladder at each band colour; 3 × 10 → the next colour at 1 × 10."""

    key = "band_colour"

    def start(self, context, hint=None):
        known = {b.slug for b in context.bands}
        band = hint.band if hint and hint.band in known else None
        if band is None and context.bands:
            band = context.bands[0].slug
        return replace(super().start(context, hint), band=band)

    def _position(self, context, slug):
        for index, band in enumerate(context.bands):
            if band.slug == slug:
                return index
        return -1

    def reaches(self, current, logged, context):
        # A set logged without a colour is taken to be at the prescribed one.
        band = logged.band or current.band
        heavy_enough = self._position(context, band) >= self._position(context, current.band)
        return heavy_enough and super().reaches(current, logged, context)

    def until(self, context, current):
        colour = band_name(context, current.band).lower()
        return f"{super().until(context, current)} with the {colour} band or a stronger one"

    def move_on(self, context, current, done):
        if context.next is None:
            return Recommendation(
                current,
                Change.STAY,
                f"You did {done}, with the strongest band there is and at the end of "
                f"{context.spec.name}'s chain: keep it at {describe(context, current)} "
                "to hold on to your strength.",
                met=True,
            )
        return super().move_on(context, current, done)

    def advance(self, context, current, session):
        if current.sets < context.spec.sets:
            return super().advance(context, current, session)
        done = describe(context, current)
        index = self._position(context, current.band)
        if 0 <= index < len(context.bands) - 1:
            nxt = replace(current, sets=1, band=context.bands[index + 1].slug)
            return Recommendation(
                nxt,
                Change.NEXT_BAND,
                f"You did {done}: move up to the next colour, {describe(context, nxt)}. "
                "You may need fewer reps at first with the stronger band.",
                met=True,
            )
        return self.move_on(context, current, done)

    def step_back(self, context, current):
        if current.sets > 1:
            return replace(current, sets=current.sets - 1)
        index = self._position(context, current.band)
        if index > 0:
            return replace(current, sets=context.spec.sets, band=context.bands[index - 1].slug)
        return None


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


def load_step(context: Context) -> Decimal:
    return context.spec.load_step_kg or DEFAULT_LOAD_STEP_KG


def step_up(load: Decimal, step: Decimal) -> Decimal:
    """The next load the equipment allows above `load`: 61 kg on a 2.5 kg barbell → 62.5 kg."""
    return ((load / step).to_integral_value(rounding=ROUND_FLOOR) + 1) * step


def step_down(load: Decimal, step: Decimal) -> Decimal:
    """The load one step below `load`, never below zero: 61 kg → 60 kg, 60 kg → 57.5 kg."""
    return max(Decimal(0), ((load / step).to_integral_value(rounding=ROUND_CEILING) - 1) * step)


class DoubleProgression(Rule):
    """Fixed sets in a rep range: reps first, then the smallest load step, back to the bottom."""

    key = "double_progression"

    def start(self, context, hint=None):
        spec = context.spec
        sets = _clamp(hint.sets, 1, 20) if hint else spec.sets
        load = hint.load_kg if hint else None
        return Prescription(exercise=spec.slug, sets=sets, reps=spec.reps_min, load_kg=load)

    def working_load(self, context, current, session) -> Decimal | None:
        """The prescribed load, or on a first session the load of the prescribed sets
        (None while no set has a load: bodyweight so far)."""
        if current.load_kg is not None:
            return current.load_kg
        if all(s.load_kg is None for s in session.sets):
            return None
        loads = sorted((s.load_kg or Decimal(0) for s in session.sets), reverse=True)
        per_side = len(_sides(context))
        return loads[min(len(loads), current.sets * per_side) - 1]

    def reaches(self, current, logged, context):
        return (logged.load_kg or Decimal(0)) >= (current.load_kg or Decimal(0)) and (
            logged.reps or 0
        ) >= (current.reps or 0)

    def judge(self, context, current, session):
        at_load = replace(current, load_kg=self.working_load(context, current, session))
        return super().judge(context, at_load, session)

    def until(self, context, current):
        text = super().until(context, current)
        if current.load_kg:
            text += f" at {format_load(current.load_kg, context.unit)}"
        return text

    def advance(self, context, current, session):
        spec = context.spec
        working = self.working_load(context, current, session)
        load = working if working is not None else Decimal(0)
        at_load = replace(current, load_kg=working)
        top = replace(at_load, reps=spec.reps_max)
        if super().judge(context, top, session).met:
            nxt = replace(at_load, reps=spec.reps_min, load_kg=step_up(load, load_step(context)))
            return Recommendation(
                nxt,
                Change.ADD_LOAD,
                f"You did {describe(context, top)}, the top of {spec.reps_min}–{spec.reps_max}: "
                f"add {format_load(load_step(context), context.unit)} and go back to "
                f"{spec.reps_min} reps, next time {describe(context, nxt)}.",
                met=True,
            )
        # Judged as met, so each leg has the prescribed sets at this load: aim one
        # rep past the weakest of them.
        fewest = min(
            sorted(
                (s.reps or 0 for s in _on_side(session.sets, side) if (s.load_kg or 0) >= load),
                reverse=True,
            )[current.sets - 1]
            for side in _sides(context)
        )
        nxt = replace(at_load, reps=_clamp(fewest + 1, current.reps, spec.reps_max))
        at = f" at {format_load(working, context.unit)}" if working is not None else ""
        return Recommendation(
            nxt,
            Change.ADD_REPS if nxt.reps > current.reps else Change.STAY,
            f"You did {performed(context, session)}{at}: "
            "aim for one more rep at the same load, "
            f"next time {describe(context, nxt)}.",
            met=True,
        )

    def step_back(self, context, current):
        if current.load_kg is None or current.load_kg <= 0:
            return None
        lighter = step_down(current.load_kg, load_step(context))
        return replace(current, load_kg=lighter, reps=context.spec.reps_min)


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


RULES: dict[str, Rule] = {
    rule.key: rule
    for rule in (SetLadder(), BandColour(), RepBuild(), DoubleProgression(), HoldBuild())
}
