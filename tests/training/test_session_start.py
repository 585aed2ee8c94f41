import pytest
from django.urls import reverse

from tests.training.conftest import make_session
from training.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(user, routine):
    return make_session(user, routine, status=Session.Status.PLANNED)


def url(session):
    return reverse("logbook:session-start", args=[session.pk])


def test_starting_without_the_warm_up_box_still_starts(auth_client, planned):
    response = auth_client.post(url(planned))
    assert response.status_code == 302
    assert response["Location"] == planned.get_absolute_url()
    planned.refresh_from_db()
    assert planned.status == Session.Status.IN_PROGRESS
    assert not planned.warmup_done


def test_starting_twice_keeps_the_first_start_time(auth_client, planned):
    auth_client.post(url(planned), {"warmup_done": "on"})
    planned.refresh_from_db()
    first = planned.started_at
    auth_client.post(url(planned))
    planned.refresh_from_db()
    assert planned.started_at == first
    assert planned.warmup_done


def test_another_users_session_is_404_and_unchanged(client, other_user, planned):
    client.force_login(other_user)
    assert client.post(url(planned)).status_code == 404
    planned.refresh_from_db()
    assert planned.status == Session.Status.PLANNED


def test_anonymous_is_sent_to_log_in(client, planned):
    assert reverse("accounts:login") in client.post(url(planned))["Location"]


def test_get_is_not_allowed(auth_client, planned):
    assert auth_client.get(url(planned)).status_code == 405
