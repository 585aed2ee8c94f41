"""Earned stages, over generated ladders and histories (no database): a user returning
from injury never has an advanced exercise open before a move on to it, the first step
of a ladder is always open, and a locked exercise names the step before it."""

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from exercises.models import Exercise
from progress.stages import RETURNING, locked_stages
from tests.progress.test_engine_properties import FAST

LEVELS = [Exercise.Level.BEGINNER, Exercise.Level.INTERMEDIATE, Exercise.Level.ADVANCED]


@st.composite
def ladders(draw):
    size = draw(st.integers(1, 6))
    exercises = [
        Exercise(pk=n + 1, name=f"Step {n + 1}", level=draw(st.sampled_from(LEVELS)))
        for n in range(size)
    ]
    entries = [
        SimpleNamespace(position=n + 1, exercise=e, exercise_id=e.pk, chain_id=1)
        for n, e in enumerate(exercises)
    ]
    user = SimpleNamespace(experience=draw(st.sampled_from([RETURNING, "beginner"])))
    states = {}
    for e in exercises:
        if draw(st.booleans()):  # trained, or unlocked by "I have done this before"
            states[e.pk] = SimpleNamespace(moved_to_id=None, user=user)
    moved_into = draw(st.sets(st.sampled_from([e.pk for e in exercises])))
    for n, pk in enumerate(sorted(moved_into)):
        states[-(n + 1)] = SimpleNamespace(moved_to_id=pk, user=user)
    return exercises, entries, states, user, moved_into


@FAST
@given(ladders())
def test_earned_stages_hold_whatever_the_history(ladder):
    exercises, entries, states, user, moved_into = ladder
    locked = locked_stages(entries, states, user=user)
    assert exercises[0].pk not in locked  # the first step is always open
    for e in exercises:
        is_open = e.pk not in locked
        if e.pk in moved_into:
            assert is_open  # a move on always opens it
        if (
            user.experience == RETURNING
            and e.level == Exercise.Level.ADVANCED
            and e != exercises[0]
        ):
            assert is_open == (e.pk in moved_into)
            if not is_open:
                assert locked[e.pk].can_override is False
    for pk, stage in locked.items():
        index = next(i for i, e in enumerate(exercises) if e.pk == pk)
        assert stage.after == exercises[index - 1]
