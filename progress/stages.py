"""Earned stages: in a ladder routine, a harder exercise is active once the user has
earned it.

A routine's entries that follow one chain are a ladder, in routine order. The
first is open; each later one opens when the user has a stage on it: the engine
moved them on to it, they trained it, or they said "I have done this before"
(recorded, with a warning for advanced moves). A user returning from a hamstring
injury never gets an advanced exercise without passing the ones before it: only
a move on earns it, and "I have done this before" is refused.
"""

from collections import defaultdict
from dataclasses import dataclass

from accounts.models import User
from exercises.models import Exercise
from training.models import RoutineEntry

RETURNING = User.Experience.RETURNING  # the profile's "returning from a hamstring injury"


def returning_from_injury(user) -> bool:
    return getattr(user, "experience", "") == RETURNING


@dataclass(frozen=True)
class Locked:
    exercise: Exercise
    after: Exercise  # the exercise before it in the ladder: moving on from it unlocks it
    can_override: bool = True  # "I have done this before" is offered

    @property
    def advanced(self) -> bool:
        return self.exercise.level == Exercise.Level.ADVANCED


def earned(user, exercise: Exercise, states) -> bool:
    """Whether `user` may do `exercise` in a ladder; `states` are theirs by exercise id."""
    moved_to = any(s.moved_to_id == exercise.pk for s in states.values())
    if returning_from_injury(user) and exercise.level == Exercise.Level.ADVANCED:
        return moved_to
    return moved_to or exercise.pk in states


def locked_stages(entries: list[RoutineEntry], states, user=None) -> dict[int, Locked]:
    """The ladder exercises of `entries` the user has not earned yet, by exercise id.

    `states` are the user's by exercise id, read with their user (`states_for`): with
    none, nothing is earned whoever the user is, so no query is needed for `user`.
    """
    if user is None and states:
        user = next(iter(states.values())).user
    ladders = defaultdict(list)
    for entry in sorted(entries, key=lambda e: e.position):
        if entry.chain_id is not None:
            ladders[entry.chain_id].append(entry)
    locked = {}
    for ladder in ladders.values():
        for before, entry in zip(ladder, ladder[1:], strict=False):
            if not earned(user, entry.exercise, states):
                refused = returning_from_injury(user) and (
                    entry.exercise.level == Exercise.Level.ADVANCED
                )
                locked[entry.exercise_id] = Locked(
                    entry.exercise, before.exercise, can_override=not refused
                )
    return locked


def routine_locked_stages(routine, user, entries=None) -> list[Locked]:
    """A routine's ladder exercises `user` has not earned, in routine order: the user's
    states (one query) and the entries, unless given; none for a routine with no ladder."""
    from progress.selectors import states_for  # selectors read this module's rule

    if routine is None:
        return []
    if entries is None:
        entries = list(routine.entries.select_related("exercise"))
    if not any(e.chain_id for e in entries):
        return []
    locked = locked_stages(entries, states_for(user), user=user)
    return [locked[e.exercise_id] for e in entries if e.exercise_id in locked]
