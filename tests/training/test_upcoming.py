from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.factories import RoutineFactory, SessionFactory
from training.models import Session
from training.views import schedule as schedule_views

pytestmark = pytest.mark.django_db

URL = reverse("training:upcoming")
TODAY = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(schedule_views, "_today", lambda: TODAY)
    return TODAY


def days(entries):
    return [entry["session"].date for entry in entries]


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={URL}"


def test_it_lists_the_next_eight_planned_sessions_in_date_order(auth_client, user):
    for offset in [9, 0, 3, 6, 12, 15, 18, 21, 24, 27]:
        SessionFactory(user=user, date=TODAY + timedelta(days=offset))

    response = auth_client.get(URL)

    assert response.status_code == 200
    assert days(response.context["coming"]) == [
        TODAY + timedelta(days=offset) for offset in [0, 3, 6, 9, 12, 15, 18, 21]
    ]


def test_it_leaves_out_finished_skipped_and_other_users_sessions(auth_client, user, other_user):
    SessionFactory(user=user, date=TODAY + timedelta(days=1), status="done")
    SessionFactory(user=user, date=TODAY + timedelta(days=2), status="skipped")
    SessionFactory(user=other_user, date=TODAY + timedelta(days=3))
    started = SessionFactory(user=user, date=TODAY - timedelta(days=1), status="in_progress")

    response = auth_client.get(URL)

    assert [entry["session"] for entry in response.context["coming"]] == [started]
    assert "In progress" in response.text


def test_each_session_shows_its_date_routine_status_and_actions(auth_client, user):
    leg_day = RoutineFactory(owner=user, name="Leg day 1")
    session = SessionFactory(user=user, routine=leg_day, date=date(2026, 3, 23))

    response = auth_client.get(URL)

    text = response.text
    assert "Monday 23 March" in text
    assert "Leg day 1" in text
    assert "Planned" in text
    assert f'href="{reverse("logbook:session-detail", args=[session.pk])}"' in text
    assert f'href="{reverse("training:session-move", args=[session.pk])}?next=' in text
    assert f'action="{reverse("training:session-skip", args=[session.pk])}"' in text
    assert f'name="next" value="{URL}"' in text


def test_recently_missed_sessions_are_listed_apart(auth_client, user):
    SessionFactory(user=user, date=TODAY - timedelta(days=1))
    SessionFactory(user=user, date=TODAY - timedelta(days=4))
    SessionFactory(user=user, date=TODAY - timedelta(days=30))  # long gone
    SessionFactory(user=user, date=TODAY - timedelta(days=2), status="done")

    response = auth_client.get(URL)

    assert days(response.context["missed"]) == [
        TODAY - timedelta(days=1),
        TODAY - timedelta(days=4),
    ]
    assert {entry["status"] for entry in response.context["missed"]} == {"missed"}
    assert "Missed in the last 14 days" in response.text
    assert response.text.count(">Missed</span>") == 2


def test_with_nothing_planned_it_points_to_planning(auth_client):
    response = auth_client.get(URL)

    assert "Nothing planned yet." in response.text
    assert f'href="{reverse("training:schedule-create")}"' in response.text
    assert "Missed in the last" not in response.text


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_other_methods_are_refused(auth_client, method):
    assert getattr(auth_client, method)(URL).status_code == 405


@pytest.mark.parametrize("history", [3, 300])
def test_the_list_stays_within_its_query_budget(
    auth_client, user, history, django_assert_max_num_queries
):
    routine = RoutineFactory(owner=user)
    Session.objects.bulk_create(
        Session(
            user=user,
            routine=routine,
            date=TODAY + timedelta(days=day - history // 2),
            status="planned" if day % 3 else "done",
        )
        for day in range(history)
    )

    # The login session, the user, the coming sessions, the missed ones.
    with django_assert_max_num_queries(4):
        response = auth_client.get(URL)
    assert len(response.context["coming"]) == (2 if history == 3 else 8)
