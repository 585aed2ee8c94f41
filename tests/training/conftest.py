import datetime

import pytest
from django.utils import timezone

from exercises.models import BandColour, Exercise
from tests.factories import EquipmentFactory, ExerciseFactory
from training.models import Routine, RoutineEntry, Session


@pytest.fixture
def bands(db):
    return [
        BandColour.objects.create(slug=slug, name=slug.title(), position=i, hex_colour="#cccccc")
        for i, slug in enumerate(["tan", "yellow", "red"], start=1)
    ]


@pytest.fixture
def moves(db, bands):
    """One exercise per way of measuring."""
    return {
        "bridge": ExerciseFactory(name="Glute Bridge"),
        "rdl": ExerciseFactory(
            name="Romanian Deadlift",
            measure=Exercise.Measure.REPS_LOAD,
            rule=Exercise.Rule.DOUBLE_PROGRESSION,
            reps_min=6,
            reps_max=8,
            rest_s=90,
            equipment=[EquipmentFactory(name="Barbell", at_home=False)],
        ),
        "stretch": ExerciseFactory(
            name="Towel Stretch",
            kind=Exercise.Kind.STRETCH,
            measure=Exercise.Measure.HOLD,
            rule=Exercise.Rule.HOLD_BUILD,
            sets=1,
            reps_min=None,
            reps_max=None,
            hold_min_s=30,
            hold_max_s=60,
            unilateral=True,
            rest_s=15,
        ),
        "band": ExerciseFactory(
            name="Band Curl",
            measure=Exercise.Measure.BAND_REPS,
            rule=Exercise.Rule.BAND_COLOUR,
        ),
    }


@pytest.fixture
def routine(user, moves):
    routine = Routine.objects.create(owner=user, name="Leg day")
    for position, (key, sets) in enumerate(
        [("bridge", 3), ("rdl", 3), ("stretch", 1), ("band", 2)], start=1
    ):
        move = moves[key]
        RoutineEntry.objects.create(
            routine=routine,
            exercise=move,
            position=position,
            sets=sets,
            reps_min=move.reps_min,
            reps_max=move.reps_max,
            hold_s=move.hold_min_s,
            rest_s=move.rest_s,
        )
    return routine


def make_session(user, routine=None, *, status=Session.Status.IN_PROGRESS, days_ago=0):
    return Session.objects.create(
        user=user,
        routine=routine,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        status=status,
    )


@pytest.fixture
def session(user, routine):
    return make_session(user, routine)
