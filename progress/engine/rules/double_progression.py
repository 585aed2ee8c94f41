"""Double progression (loaded gym lifts): reps up the range, then the smallest load step."""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from progress.engine.model import (
    Change,
    Context,
    Prescription,
    Recommendation,
    describe,
    format_load,
)
from progress.engine.rules.base import Rule, _clamp, _on_side, _sides, performed

DEFAULT_LOAD_STEP_KG = Decimal("1")


def load_step(context: Context) -> Decimal:
    return context.spec.load_step_kg or DEFAULT_LOAD_STEP_KG


_KEPT = Decimal("0.0001")  # loads are kept to 4 places of a kilogram


def _kept(load: Decimal) -> Decimal:
    """`load` to at most 4 places (a pound step in kg has 8): 62.5 stays 62.5."""
    return load if load.as_tuple().exponent >= -4 else load.quantize(_KEPT, ROUND_HALF_UP)


def steps_in(load: Decimal, step: Decimal) -> Decimal:
    """How many steps make `load`, to a thousandth: a load kept to 4 places of a kg
    (135 lb is 61.2350 kg) counts as the whole number of pound steps it was."""
    return (load / step).quantize(Decimal("0.001"))


def step_up(load: Decimal, step: Decimal) -> Decimal:
    """The next load the equipment allows above `load`: 61 kg on a 2.5 kg barbell → 62.5 kg."""
    whole = steps_in(load, step).to_integral_value(rounding=ROUND_FLOOR)
    return _kept((whole + 1) * step)


def step_down(load: Decimal, step: Decimal) -> Decimal:
    """The load one step below `load`, never below zero: 61 kg → 60 kg, 60 kg → 57.5 kg."""
    whole = steps_in(load, step).to_integral_value(rounding=ROUND_CEILING)
    return max(Decimal(0), _kept((whole - 1) * step))


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
            threshold = context.move_on_kg
            if context.next is not None and threshold is not None and load >= threshold:
                # The chain names the load at which this lift hands over to the next.
                return self.move_on(context, top, describe(context, top))
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
