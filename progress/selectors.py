"""Read-only questions other apps ask of progress.

`todays_targets` is the one place a session page learns what to aim for. For
now it reads the routine's targets; the progression engine (issue 5) answers
here instead, so the training views do not change when it arrives.
"""

from dataclasses import dataclass

from exercises.models import Exercise
from training.models import RoutineEntry, Session


@dataclass(frozen=True)
class Target:
    sets: int
    reps: int | None
    reps_max: int | None
    hold_s: int | None
    rest_s: int
    text: str


def _target_text(sets, reps_min, reps_max, hold_s, unilateral):
    if reps_min is not None:
        reps = str(reps_min) if reps_min == reps_max else f"{reps_min}–{reps_max}"
        text = f"{sets} × {reps}"
        if hold_s:
            text += f", hold {hold_s} s"
    else:
        text = f"{sets} × hold {hold_s} s"
    return text + (" each leg" if unilateral else "")


def target_from_entry(entry: RoutineEntry) -> Target:
    exercise = entry.exercise
    reps_min = entry.reps_min if entry.reps_min is not None else exercise.reps_min
    reps_max = entry.reps_max if entry.reps_max is not None else exercise.reps_max
    hold_s = entry.hold_s if entry.hold_s is not None else exercise.hold_min_s
    return Target(
        sets=entry.sets,
        reps=reps_min,
        reps_max=reps_max,
        hold_s=hold_s,
        rest_s=entry.rest_s,
        text=_target_text(entry.sets, reps_min, reps_max, hold_s, exercise.unilateral),
    )


def target_from_catalog(exercise: Exercise) -> Target:
    return Target(
        sets=exercise.sets,
        reps=exercise.reps_min,
        reps_max=exercise.reps_max,
        hold_s=exercise.hold_min_s,
        rest_s=exercise.rest_s,
        text=_target_text(
            exercise.sets,
            exercise.reps_min,
            exercise.reps_max,
            exercise.hold_min_s,
            exercise.unilateral,
        ),
    )


def todays_targets(session: Session, entries, exercises) -> dict[int, Target]:
    """Targets by exercise id: the routine's where it names the exercise, else the catalog's."""
    targets = {entry.exercise_id: target_from_entry(entry) for entry in entries}
    for exercise in exercises:
        targets.setdefault(exercise.pk, target_from_catalog(exercise))
    return targets
