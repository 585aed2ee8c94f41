"""Finishing with targets still to do: the finish page lists what is missing and asks;
the summary lists the exercises in the order they were done."""

import uuid

import pytest
from django.urls import reverse

from logbook import services
from tests.factories import ExerciseFactory
from training.models import RoutineEntry, Session

pytestmark = pytest.mark.django_db


def log(session, exercise, **values):
    values.setdefault("reps", 10)
    services.set_log(session=session, exercise=exercise, token=uuid.uuid4(), **values)


@pytest.fixture
def one_leg(routine):
    exercise = ExerciseFactory(name="Single-Leg Bridge", unilateral=True)
    RoutineEntry.objects.create(
        routine=routine, exercise=exercise, position=9, sets=2, reps_min=10, reps_max=10
    )
    return exercise


def test_the_finish_page_lists_what_is_missing_leg_by_leg(auth_client, session, moves, one_leg):
    for _ in range(3):
        log(session, moves["bridge"])
    log(session, one_leg, side="left")
    log(session, one_leg, side="left")
    log(session, moves["rdl"], load_kg=60)
    text = auth_client.get(reverse("logbook:session-finish", args=[session.pk])).text
    assert "Not every target is met yet. Finish anyway?" in text
    assert "Single-Leg Bridge</a>: Right leg: 0 of 2 sets" in text
    assert "Romanian Deadlift</a>: 1 of 3 sets" in text
    assert "Glute Bridge</a>:" not in text
    # Finishing anyway is one tap, as before.
    response = auth_client.post(
        reverse("logbook:session-finish", args=[session.pk]), {"effort": "7"}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == Session.Status.DONE


def test_a_session_with_every_target_met_is_not_questioned(auth_client, user, moves):
    from tests.training.conftest import make_session

    session = make_session(user)
    log(session, moves["bridge"])
    text = auth_client.get(reverse("logbook:session-finish", args=[session.pk])).text
    assert "Finish anyway?" not in text


def test_the_summary_lists_exercises_in_the_order_they_were_done(auth_client, session, moves):
    log(session, moves["rdl"], load_kg=60)
    log(session, moves["bridge"], reps=12)
    log(session, moves["rdl"], load_kg=60, reps=8)
    text = auth_client.get(reverse("logbook:session-summary", args=[session.pk])).text
    assert text.index("Romanian Deadlift</h2>") < text.index("Glute Bridge</h2>")
    assert text.index("10 reps × 60 kg") < text.index("8 reps × 60 kg")
