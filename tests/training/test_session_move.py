from datetime import date

import pytest
from django.urls import reverse

from tests.factories import RoutineFactory, SessionFactory
from tests.html import field_error
from training.models import Session
from training.views import schedule as schedule_views

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 20)
UPCOMING = reverse("training:upcoming")


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(schedule_views, "_today", lambda: TODAY)
    return TODAY


@pytest.fixture
def session(user):
    return SessionFactory(
        user=user, routine=RoutineFactory(owner=user, name="Leg day 1"), date=date(2026, 3, 23)
    )


def url(session):
    return reverse("training:session-move", args=[session.pk])


def test_an_anonymous_visitor_is_sent_to_log_in(client, session):
    response = client.get(url(session))

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url(session)}"


def test_the_form_shows_the_session_and_its_day(auth_client, session):
    response = auth_client.get(url(session))

    assert response.status_code == 200
    assert "Leg day 1" in response.text
    assert "Monday 23 March 2026" in response.text
    assert 'type="date" name="date" value="2026-03-23"' in response.text


def test_moving_changes_the_day_and_goes_back_to_the_upcoming_list(auth_client, session):
    response = auth_client.post(url(session), {"date": "2026-03-25"})

    assert response.status_code == 302
    assert response.url == UPCOMING
    session.refresh_from_db()
    assert session.date == date(2026, 3, 25)
    assert session.status == Session.Status.PLANNED
    assert "Session moved to Wed 25 Mar." in auth_client.get(UPCOMING).text


def test_moving_goes_back_where_the_user_came_from(auth_client, session):
    back = reverse("training:calendar-month", args=[2026, 3])

    response = auth_client.post(url(session), {"date": "2026-03-25", "next": back})

    assert response.status_code == 302
    assert response.url == back


def test_a_next_address_on_another_site_is_ignored(auth_client, session):
    response = auth_client.post(
        url(session), {"date": "2026-03-25", "next": "https://evil.example/"}
    )

    assert response.url == UPCOMING


def test_a_missed_session_can_be_moved_to_a_new_day(auth_client, user):
    missed = SessionFactory(user=user, date=date(2026, 3, 16))

    response = auth_client.post(url(missed), {"date": "2026-03-21"})

    assert response.status_code == 302
    missed.refresh_from_db()
    assert missed.date == date(2026, 3, 21)


def test_a_week_already_over_is_not_held_to_the_target(auth_client, user):
    missed = SessionFactory(user=user, date=date(2026, 3, 9))

    response = auth_client.post(url(missed), {"date": "2026-03-23"})

    assert response.status_code == 302


@pytest.mark.parametrize("status", ["done", "skipped", "in_progress"])
def test_only_a_planned_session_can_be_moved(auth_client, user, status):
    session = SessionFactory(user=user, date=date(2026, 3, 18), status=status)

    response = auth_client.post(url(session), {"date": "2026-03-25"})

    assert response.status_code == 302
    assert response.url == UPCOMING
    session.refresh_from_db()
    assert session.date == date(2026, 3, 18)
    assert "Only a planned session can be moved." in auth_client.get(UPCOMING).text


def test_another_users_session_is_not_found(auth_client, other_user):
    theirs = SessionFactory(user=other_user, date=date(2026, 3, 23))

    assert auth_client.get(url(theirs)).status_code == 404
    assert auth_client.post(url(theirs), {"date": "2026-03-25"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.date == date(2026, 3, 23)


def test_a_move_next_to_another_session_warns_before_saving(auth_client, user, session):
    SessionFactory(user=user, date=date(2026, 3, 26))

    response = auth_client.post(url(session), {"date": "2026-03-25"})

    assert response.status_code == 200
    assert (
        "Thu 26 Mar is within 48 hours of Wed 25 Mar: hamstrings need about 48 hours to recover."
        in response.text
    )
    session.refresh_from_db()
    assert session.date == date(2026, 3, 23)

    response = auth_client.post(
        url(session), {"date": "2026-03-25", "confirm": response.context["confirm"]}
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.date == date(2026, 3, 25)


def test_a_session_is_not_compared_with_itself(auth_client, session):
    response = auth_client.post(url(session), {"date": "2026-03-24"})

    assert response.status_code == 302


def test_moving_out_of_a_week_that_falls_short_of_the_target_warns(auth_client, user, session):
    SessionFactory(user=user, date=date(2026, 3, 26))

    response = auth_client.post(url(session), {"date": "2026-03-30"})

    assert response.status_code == 200
    assert [w.message for w in response.context["warnings"]] == [
        "The week of Mon 23 Mar holds 1 session, fewer than your target of 2 a week."
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter a date."),
        ("2026-02-30", "Enter a real date, e.g. 2026-03-23."),
        ("2026-03-23", "The session is already on that day: choose another."),
        ("2026-03-19", "Choose today or a later day."),
        ("2027-03-21", "Sessions can be planned up to a year ahead"),
        ("9999-12-31", "Sessions can be planned up to a year ahead"),
    ],
)
def test_a_bad_day_is_refused_and_kept(auth_client, session, value, message):
    response = auth_client.post(url(session), {"date": value})

    assert response.status_code == 200
    assert field_error(response, "date").startswith(message)
    assert f'name="date" value="{value}"' in response.text
    session.refresh_from_db()
    assert session.date == date(2026, 3, 23)


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_methods_are_refused(auth_client, session, method):
    assert getattr(auth_client, method)(url(session)).status_code == 405


@pytest.mark.parametrize("history", [3, 300])
def test_the_form_stays_within_its_query_budget(
    auth_client, user, session, history, django_assert_max_num_queries
):
    Session.objects.bulk_create(
        Session(user=user, date=date(2026, 3, 26), status="done") for _ in range(history)
    )
    # The login session, the user, the session with its routine.
    with django_assert_max_num_queries(3):
        auth_client.get(url(session))
    # ... and the sessions around the new day, on a POST drawing warnings.
    with django_assert_max_num_queries(4):
        response = auth_client.post(url(session), {"date": "2026-03-25"})
    assert response.status_code == 200
