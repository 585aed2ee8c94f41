"""A private exercise (made from an import) is its owner's alone."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from exercises.models import Exercise
from tests.factories import ExerciseFactory
from tests.training.conftest import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(user):
    return ExerciseFactory(name="Cable Pull-Through", owner=user)


@pytest.fixture
def theirs(other_user):
    return ExerciseFactory(name="Reverse Hyper", owner=other_user)


def test_the_catalog_lists_no_private_exercise(auth_client, own, theirs):
    ExerciseFactory(name="Glute Bridge")
    response = auth_client.get(reverse("exercises:exercise-list"))
    assert "Glute Bridge" in response.text
    assert "Cable Pull-Through" not in response.text
    assert "Reverse Hyper" not in response.text


def test_its_page_shows_to_its_owner_and_is_404_to_anyone_else(auth_client, own, theirs):
    assert auth_client.get(own.get_absolute_url()).status_code == 200
    assert auth_client.get(theirs.get_absolute_url()).status_code == 404
    assert Client().get(own.get_absolute_url()).status_code == 404


def test_another_users_private_exercise_has_no_progress_page(auth_client, own, theirs):
    page = "progress:exercise-progress"
    assert auth_client.get(reverse(page, args=[own.slug])).status_code == 200
    assert auth_client.get(reverse(page, args=[theirs.slug])).status_code == 404


def test_a_set_cannot_be_logged_against_another_users_exercise(auth_client, user, own, theirs):
    session = make_session(user, None)
    url = reverse("logbook:set-create", args=[session.pk])
    for exercise, logged in ((theirs, 0), (own, 1)):
        data = {"exercise": exercise.pk, "token": str(uuid.uuid4()), "reps": "10"}
        auth_client.post(url, data)
        assert session.sets.count() == logged


def test_two_users_may_each_have_an_exercise_of_the_same_name(user, other_user):
    ExerciseFactory(name="Cable Pull-Through", slug="a", owner=user)
    ExerciseFactory(name="Cable Pull-Through", slug="b", owner=other_user)
    assert Exercise.objects.filter(name="Cable Pull-Through").count() == 2
    assert Exercise.objects.catalog().filter(name="Cable Pull-Through").count() == 0
