"""From database rows to the engine's dataclasses, and back.

The engine knows nothing of models; this module is the translation both the
services (writes) and the selectors (reads) use. Each loader is one query,
whatever the number of exercises.
"""

from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import Decimal

from exercises.models import BandColour, ChainStep, Equipment, Exercise
from progress import engine
from progress.engine.model import KG_PER_LB
from training.models import RoutineEntry


def load_steps(exercise_ids) -> dict[int, Decimal]:
    """The smallest load step of each exercise's equipment, by exercise id (one query)."""
    steps: dict[int, Decimal] = {}
    rows = Equipment.objects.filter(
        exercises__in=list(exercise_ids), load_step_kg__isnull=False
    ).values_list("exercises", "load_step_kg")
    for exercise_id, step in rows:
        steps[exercise_id] = min(step, steps.get(exercise_id, step))
    return steps


def band_ladder(exercise: Exercise, bands: list[BandColour]) -> tuple[str, ...]:
    """The colours `exercise` climbs, lightest first, from its lightest to its strongest
    (empty where it names none, or the colours were not read: every colour then)."""
    if exercise.band_lightest_id is None or exercise.band_strongest_id is None:
        return ()
    by_id = {b.pk: b for b in bands}
    low, high = by_id.get(exercise.band_lightest_id), by_id.get(exercise.band_strongest_id)
    if low is None or high is None:
        return ()
    return tuple(b.slug for b in bands if low.position <= b.position <= high.position)


def spec_for(exercise: Exercise, steps: dict[int, Decimal], bands=()) -> engine.Spec:
    return engine.Spec(
        slug=exercise.slug,
        name=exercise.name,
        rule=exercise.rule,
        sets=exercise.sets,
        reps_min=exercise.reps_min,
        reps_max=exercise.reps_max,
        hold_min_s=exercise.hold_min_s,
        hold_max_s=exercise.hold_max_s,
        unilateral=exercise.unilateral,
        load_step_kg=steps.get(exercise.pk),
        rep_hold_s=exercise.rep_hold_s,
        bands=band_ladder(exercise, list(bands)),
    )


def band_tuple(bands: list[BandColour]) -> tuple[engine.Band, ...]:
    return tuple(engine.Band(slug=b.slug, name=b.name) for b in bands)


POUND_STEP = Decimal("2.5")  # the smallest pound plates


def step_in_unit(step_kg: Decimal | None, unit: str) -> Decimal | None:
    """An equipment's load step as the user's plates make it, in kg.

    In pounds, the nearest multiple of 2.5 lb and at least 2.5 lb (a 2.5 kg
    barbell step is 5 lb, a 1 kg dumbbell step 2.5 lb, a 5 kg machine step
    10 lb), so every load the engine gives is a whole number of pound steps
    rather than 1.25 kg converted. The catalog's kilogram step otherwise.
    """
    if unit != "lb":
        return step_kg
    pounds = (step_kg or 0) / KG_PER_LB if step_kg else POUND_STEP
    plates = max(1, int((pounds / POUND_STEP).to_integral_value()))
    return plates * POUND_STEP * KG_PER_LB


def context_for(
    exercise, steps, bands, unit, *, following=None, entry=None, rounds=None, move_on_kg=None
) -> engine.Context:
    """The engine's view of `exercise`; where a routine `entry` sets its target, with the
    entry's rep range (3 × 10–15 stays 10–15) and its circuit's rounds. `move_on_kg` is
    the load at which a loaded lift's chain offers `following` (`Chains.move_on_kg`)."""
    steps = {pk: step_in_unit(step, unit) for pk, step in steps.items()}
    if unit == "lb":
        for other in (exercise, following):
            if other is not None and other.pk not in steps and _loaded(other):
                steps[other.pk] = step_in_unit(None, unit)
    spec = spec_for(exercise, steps, bands)
    if entry is not None and entry.reps_min is not None and spec.reps_min is not None:
        spec = replace(spec, reps_min=entry.reps_min, reps_max=entry.reps_max)
    return engine.Context(
        spec=spec,
        next=spec_for(following, steps, bands) if following is not None else None,
        bands=band_tuple(bands),
        unit=unit,
        rounds=in_rounds(exercise, rounds if rounds is not None else entry_rounds(entry)),
        move_on_kg=move_on_kg,
    )


def in_rounds(exercise: Exercise, rounds: int) -> int:
    """A circuit's rounds repeat its exercises, not the warm-up before them or the
    stretches after them."""
    return 1 if exercise.kind in (Exercise.Kind.STRETCH, Exercise.Kind.RECOVERY) else rounds


def entry_rounds(entry: RoutineEntry | None) -> int:
    """The rounds of the circuit `entry` is in (1 outside a circuit, or where the entry
    came without its routine: reading it would be a query)."""
    if entry is None or not RoutineEntry.routine.is_cached(entry):
        return 1
    return entry.routine.rounds


def _loaded(exercise) -> bool:
    return exercise.measure == exercise.Measure.REPS_LOAD


class Chains:
    """The chains that contain some exercises, loaded in one query, to find what comes next."""

    def __init__(self, exercise_ids):
        containing = ChainStep.objects.filter(exercise__in=list(exercise_ids)).values("chain")
        self.steps: dict[int, list[ChainStep]] = defaultdict(list)
        for step in (
            ChainStep.objects.filter(chain__in=containing)
            .select_related("chain", "exercise")
            .order_by("chain", "position")
        ):
            self.steps[step.chain_id].append(step)

    def exercises(self) -> list[Exercise]:
        return [step.exercise for steps in self.steps.values() for step in steps]

    def choose(self, exercise_id, entry=None) -> int | None:
        """The chain the routine's `entry` follows (None when the exercise is not in it:
        a gym lift beside others has no next step); without one, the longest chain with
        the exercise (the physiotherapy ladder where it is one)."""
        if entry is not None and entry.chain_id is not None:
            steps = self.steps.get(entry.chain_id, [])
            return entry.chain_id if any(s.exercise_id == exercise_id for s in steps) else None
        candidates = [
            (-len(steps), steps[0].chain.slug, chain_id)
            for chain_id, steps in self.steps.items()
            if any(step.exercise_id == exercise_id for step in steps)
        ]
        return min(candidates)[2] if candidates else None

    def move_on_kg(self, chain_id, exercise_id) -> Decimal | None:
        """The load at which the chain offers the step after `exercise_id` (a loaded lift)."""
        for step in self.steps.get(chain_id, []):
            if step.exercise_id == exercise_id:
                return step.move_on_at_kg
        return None

    def following(self, chain_id, exercise_id) -> Exercise | None:
        steps = self.steps.get(chain_id, [])
        for step, after in zip(steps, steps[1:], strict=False):
            if step.exercise_id == exercise_id:
                return after.exercise
        return None


def hint_from_entry(entry: RoutineEntry | None, rounds=None) -> engine.Prescription | None:
    """A routine's target, where a user starts an exercise they have never logged: a
    circuit's sets are its rounds (one set of 10–12 a round, three rounds: three sets)."""
    if entry is None:
        return None
    rounds = in_rounds(entry.exercise, rounds if rounds is not None else entry_rounds(entry))
    return engine.Prescription(
        exercise=entry.exercise.slug,
        sets=entry.sets * rounds,
        reps=entry.reps_min,
        hold_s=entry.hold_s,
    )


def to_json(prescription: engine.Prescription) -> dict:
    p = prescription
    return {
        "exercise": p.exercise,
        "sets": p.sets,
        "reps": p.reps,
        "hold_s": p.hold_s,
        "load_kg": None if p.load_kg is None else str(p.load_kg),
        "band": p.band,
    } | ({"since": p.since.isoformat()} if p.since is not None else {})


def from_json(data: dict) -> engine.Prescription:
    load = data.get("load_kg")
    return engine.Prescription(
        exercise=data["exercise"],
        sets=data["sets"],
        reps=data.get("reps"),
        hold_s=data.get("hold_s"),
        load_kg=None if load is None else Decimal(load),
        band=data.get("band"),
        since=date.fromisoformat(data["since"]) if data.get("since") else None,
    )
