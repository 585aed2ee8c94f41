import datetime

import pytest
from django.utils import timezone

from exercises.models import BandColour, Exercise
from tests.factories import (
    ExerciseFactory,
    hold_stretch_factory,
    loaded_lift_factory,
)
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
        "rdl": loaded_lift_factory(barbell=True),
        "stretch": hold_stretch_factory(),
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
