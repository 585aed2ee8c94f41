"""Read-only questions other apps ask of progress.

`todays_targets` is the one place a session page learns what to aim for. For
now it reads the routine's targets; the progression engine (issue 5) answers
here instead, so the training views do not change when it arrives.
"""

from dataclasses import dataclass

from exercises.models import Exercise
from training.models import RoutineEntry, Session, describe_target


@dataclass(frozen=True)
class Target:
    sets: int
    reps: int | None
    reps_max: int | None
    hold_s: int | None
    rest_s: int
    text: str


def target_from_entry(entry: RoutineEntry) -> Target:
    """The entry's target, blanks filled from the catalog, worded as on the routine page."""
    exercise = entry.exercise
    effective = RoutineEntry(
        exercise=exercise,
        sets=entry.sets,
        reps_min=entry.reps_min if entry.reps_min is not None else exercise.reps_min,
        reps_max=entry.reps_max if entry.reps_max is not None else exercise.reps_max,
        hold_s=entry.hold_s if entry.hold_s is not None else exercise.hold_min_s,
        rest_s=entry.rest_s,
    )
    return Target(
        sets=effective.sets,
        reps=effective.reps_min,
        reps_max=effective.reps_max,
        hold_s=effective.hold_s,
        rest_s=effective.rest_s,
        text=describe_target(effective),
    )


def target_from_catalog(exercise: Exercise) -> Target:
    return target_from_entry(
        RoutineEntry(exercise=exercise, sets=exercise.sets, rest_s=exercise.rest_s)
    )


def todays_targets(session: Session, entries, exercises) -> dict[int, Target]:
    """Targets by exercise id: the routine's where it names the exercise, else the catalog's."""
    targets = {entry.exercise_id: target_from_entry(entry) for entry in entries}
    for exercise in exercises:
        targets.setdefault(exercise.pk, target_from_catalog(exercise))
    return targets
