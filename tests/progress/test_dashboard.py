import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from training.models import Routine, Session

pytestmark = pytest.mark.django_db

URL = reverse("progress:dashboard")


def test_a_new_user_is_invited_to_plan_their_training(auth_client):
    response = auth_client.get(URL)
    assert response.status_code == 200
    assert reverse("training:schedule-create") in response.text


def test_the_next_planned_session_is_one_tap_away(auth_client, user, other_user):
    today = timezone.localdate()
    routine = Routine.objects.create(owner=user, name="Leg day 1")
    Session.objects.create(user=other_user, date=today, routine=routine)
    Session.objects.create(user=user, date=today - datetime.timedelta(days=1), routine=routine)
    later = Session.objects.create(user=user, date=today + datetime.timedelta(days=5))
    soon = Session.objects.create(
        user=user, date=today + datetime.timedelta(days=2), routine=routine
    )
    response = auth_client.get(URL)
    assert response.context["next_session"] == soon
    assert soon.get_absolute_url() in response.text
    assert later.get_absolute_url() not in response.text


def test_a_session_in_progress_comes_first(auth_client, user):
    today = timezone.localdate()
    Session.objects.create(user=user, date=today)
    going = Session.objects.create(user=user, date=today, status=Session.Status.IN_PROGRESS)
    response = auth_client.get(URL)
    assert response.context["next_session"] == going
    assert "Continue logging" in response.text


def test_post_is_not_allowed(auth_client):
    assert auth_client.post(URL).status_code == 405


@pytest.mark.parametrize("history", [0, 300])
def test_the_dashboard_costs_the_same_queries_whatever_the_history(
    auth_client, user, django_assert_max_num_queries, history
):
    today = timezone.localdate()
    Session.objects.bulk_create(
        Session(user=user, date=today - datetime.timedelta(days=d), status=Session.Status.DONE)
        for d in range(1, history + 1)
    )
    with django_assert_max_num_queries(3):
        assert auth_client.get(URL).status_code == 200
