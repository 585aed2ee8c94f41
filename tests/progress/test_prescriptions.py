"""Prescriptions survive from the routine to the session page and its judgement:
holds in each rep, rep ranges, circuits judged by rounds."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise
from progress.models import ProgressionEvent, ProgressionState
from tests.factories import EquipmentFactory, ExerciseFactory
from training.models import Routine, RoutineEntry, Session

pytestmark = pytest.mark.django_db


def page_cards(client, user, routine):
    session = Session.objects.create(user=user, routine=routine, date=timezone.localdate())
    response = client.get(session.get_absolute_url())
    session.delete()
    return {card.exercise.slug: card for card in response.context["cards"]}


@pytest.fixture
def circuit(user):
    rdl = ExerciseFactory(
        name="Dumbbell RDL",
        measure=Exercise.Measure.REPS_LOAD,
        rule=Exercise.Rule.DOUBLE_PROGRESSION,
        reps_min=10,
        reps_max=12,
        equipment=[EquipmentFactory(name="Dumbbells", load_step_kg=1)],
    )
    bridge = ExerciseFactory(name="Held bridge", rep_hold_s=3)
    routine = Routine.objects.create(owner=user, name="Circuit", rounds=3)
    for position, exercise in enumerate((rdl, bridge), start=1):
        RoutineEntry.objects.create(
            routine=routine, exercise=exercise, position=position, sets=1, reps_min=10, reps_max=12
        )
    return routine, rdl, bridge


def test_a_circuit_shows_rounds_a_rep_range_and_the_hold_in_each_rep(auth_client, user, circuit):
    routine, rdl, bridge = circuit
    cards = page_cards(auth_client, user, routine)
    assert cards[rdl.slug].target.text == "3 rounds of 10–12"
    assert cards[rdl.slug].target.sets == 3
    assert cards[bridge.slug].target.text == "3 rounds of 10–12, hold 3 s each rep"


def test_three_rounds_of_a_circuit_meet_it(auth_client, user, circuit):
    routine, rdl, _ = circuit
    session = Session.objects.create(user=user, routine=routine, date=timezone.localdate())
    auth_client.post(reverse("logbook:session-start", args=[session.pk]), {"warmup_done": "on"})
    for _ in range(3):
        auth_client.post(
            reverse("logbook:set-create", args=[session.pk]),
            {"exercise": rdl.pk, "token": uuid.uuid4(), "reps": 12, "load": "8"},
        )
    auth_client.post(reverse("logbook:session-finish", args=[session.pk]), {"notes": ""})
    event = ProgressionEvent.objects.get(user=user, exercise=rdl)
    assert event.met is True
    assert event.before_text == "3 rounds of 10–12"
    assert "1 × 12" not in event.reason
    assert ProgressionState.objects.get(user=user, exercise=rdl).sets == 3


def test_a_gym_range_is_kept_on_the_page(auth_client, user):
    bridge = ExerciseFactory(name="Gym bridge")
    routine = Routine.objects.create(owner=user, name="Gym")
    RoutineEntry.objects.create(
        routine=routine, exercise=bridge, position=1, sets=3, reps_min=10, reps_max=15
    )
    assert page_cards(auth_client, user, routine)[bridge.slug].target.text == "3 × 10–15"
