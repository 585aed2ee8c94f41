import uuid

import pytest
from django.urls import reverse

from tests.html import field_error
from training.models import LoggedSet, Session

pytestmark = pytest.mark.django_db


def url(session):
    return reverse("logbook:session-finish", args=[session.pk])


@pytest.fixture
def with_a_set(session, moves):
    LoggedSet.objects.create(
        session=session, exercise=moves["bridge"], set_number=1, reps=10, token=uuid.uuid4()
    )
    return session


def test_finishing_saves_effort_notes_and_cool_down_then_shows_the_summary(auth_client, with_a_set):
    response = auth_client.post(
        url(with_a_set), {"effort": "7", "notes": "Felt strong", "cooldown_done": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("logbook:session-summary", args=[with_a_set.pk])
    with_a_set.refresh_from_db()
    assert with_a_set.status == Session.Status.DONE
    assert (with_a_set.effort, with_a_set.notes, with_a_set.cooldown_done) == (
        7,
        "Felt strong",
        True,
    )
    assert with_a_set.finished_at is not None


def test_a_session_with_no_sets_cannot_be_finished(auth_client, session):
    response = auth_client.post(url(session), {"effort": "5", "notes": "keep me"})
    assert response.status_code == 200
    assert "Log at least one set before finishing" in response.text
    assert "keep me" in response.text
    session.refresh_from_db()
    assert session.status == Session.Status.IN_PROGRESS


@pytest.mark.parametrize("effort", ["11", "99999999999999999999", "7.5", "0", "hard"])
def test_an_effort_outside_1_to_10_is_refused_and_the_notes_kept(auth_client, with_a_set, effort):
    response = auth_client.post(url(with_a_set), {"effort": effort, "notes": "keep me"})
    assert response.status_code == 200
    assert field_error(response, "effort") == "Effort runs from 1 (easy) to 10 (all-out)."
    assert "keep me" in response.text
    with_a_set.refresh_from_db()
    assert with_a_set.status == Session.Status.IN_PROGRESS


def test_another_users_session_is_404(client, other_user, with_a_set):
    client.force_login(other_user)
    assert client.post(url(with_a_set), {"effort": "5"}).status_code == 404
    with_a_set.refresh_from_db()
    assert with_a_set.status == Session.Status.IN_PROGRESS


def test_anonymous_is_sent_to_log_in(client, session):
    assert reverse("accounts:login") in client.get(url(session))["Location"]


def test_delete_method_is_not_allowed(auth_client, session):
    assert auth_client.delete(url(session)).status_code == 405


def test_the_summary_lists_exactly_the_sets_logged(auth_client, session, moves, user):
    for n, reps in enumerate([10, 9, 8], start=1):
        LoggedSet.objects.create(
            session=session, exercise=moves["bridge"], set_number=n, reps=reps, token=uuid.uuid4()
        )
    auth_client.post(url(session), {"effort": "6"})
    response = auth_client.get(reverse("logbook:session-summary", args=[session.pk]))
    assert response.status_code == 200
    assert '<dd class="col-6" id="summary-set-count">3</dd>' in response.text
    assert response.text.count("<li>") == 3
    assert "RPE 6" in response.text


def test_another_users_summary_is_404(client, other_user, session):
    client.force_login(other_user)
    response = client.get(reverse("logbook:session-summary", args=[session.pk]))
    assert response.status_code == 404
