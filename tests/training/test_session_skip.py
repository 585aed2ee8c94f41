from datetime import date

import pytest
from django.urls import reverse

from tests.factories import SessionFactory
from training.models import Session

pytestmark = pytest.mark.django_db

UPCOMING = reverse("training:upcoming")


@pytest.fixture
def session(user):
    return SessionFactory(user=user, date=date(2026, 3, 23))


def url(session):
    return reverse("training:session-skip", args=[session.pk])


def test_an_anonymous_visitor_is_sent_to_log_in(client, session):
    response = client.post(url(session))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    session.refresh_from_db()
    assert session.status == Session.Status.PLANNED


def test_skipping_marks_the_session_and_goes_back_with_a_message(auth_client, session):
    response = auth_client.post(url(session))

    assert response.status_code == 302
    assert response.url == UPCOMING
    session.refresh_from_db()
    assert session.status == Session.Status.SKIPPED
    assert "Skipped the session of Mon 23 Mar." in auth_client.get(UPCOMING).text


def test_skipping_goes_back_where_the_user_came_from(auth_client, session):
    back = reverse("training:calendar-month", args=[2026, 3])

    response = auth_client.post(url(session), {"next": back})

    assert response.url == back


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:x", "0", "home"],
)
def test_a_next_address_off_the_site_is_ignored(auth_client, session, next_url):
    response = auth_client.post(url(session), {"next": next_url})

    assert response.url == UPCOMING


def test_a_next_path_with_control_characters_is_made_harmless(auth_client, session):
    response = auth_client.post(url(session), {"next": "/training/\r\nSet-Cookie: x=1"})

    assert response.status_code == 302
    assert "\n" not in response["Location"]


def test_a_missed_session_can_be_skipped(auth_client, user):
    missed = SessionFactory(user=user, date=date(2020, 1, 6))

    auth_client.post(url(missed))

    missed.refresh_from_db()
    assert missed.status == Session.Status.SKIPPED


@pytest.mark.parametrize("status", ["done", "skipped", "in_progress"])
def test_only_a_planned_session_can_be_skipped(auth_client, user, status):
    session = SessionFactory(user=user, date=date(2026, 3, 23), status=status)

    response = auth_client.post(url(session))

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == status
    assert "Only a planned session can be skipped." in auth_client.get(UPCOMING).text


def test_another_users_session_is_not_found(auth_client, other_user):
    theirs = SessionFactory(user=other_user, date=date(2026, 3, 23))

    response = auth_client.post(url(theirs))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Session.Status.PLANNED


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_skipping_takes_a_post_only(auth_client, session, method):
    assert getattr(auth_client, method)(url(session)).status_code == 405
    session.refresh_from_db()
    assert session.status == Session.Status.PLANNED


@pytest.mark.parametrize("history", [3, 300])
def test_skipping_stays_within_its_query_budget(
    auth_client, user, session, history, django_assert_max_num_queries
):
    Session.objects.bulk_create(
        Session(user=user, date=date(2026, 3, 26), status="done") for _ in range(history)
    )
    # The login session, the user, the session, the check constraints (3 with their
    # savepoint), the update: whatever the history.
    with django_assert_max_num_queries(7):
        auth_client.post(url(session))
