import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.factories import RoutineFactory, SessionFactory
from training.models import Session
from training.views import schedule as schedule_views

pytestmark = pytest.mark.django_db

URL = reverse("training:calendar")
TODAY = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(schedule_views, "_today", lambda: TODAY)
    return TODAY


def month_url(year, month):
    return reverse("training:calendar-month", args=[year, month])


def day_cell(response, day):
    """The text of the calendar cell of `day`, tags stripped and spaces squeezed."""
    match = re.search(
        rf'<li class="cal-day[^"]*"[^>]*>\s*<div class="cal-date">\s*'
        rf'<time datetime="{day:%Y-%m-%d}">(.*?)</li>\s*(?=<li class="cal-day|</ol>)',
        response.text,
        re.S,
    )
    assert match, f"no cell for {day}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_shows_this_month_in_monday_first_weeks_with_links_either_side(auth_client):
    response = auth_client.get(URL)

    assert response.status_code == 200
    assert "<h1" in response.text and "March 2026</h1>" in response.text
    weeks = response.context["weeks"]
    assert weeks[0][0]["day"] == date(2026, 2, 23)  # the Monday before 1 March
    assert weeks[-1][-1]["day"] == date(2026, 4, 5)
    assert all(len(week) == 7 and week[0]["day"].weekday() == 0 for week in weeks)
    assert f'href="{month_url(2026, 2)}">' in response.text
    assert f'href="{month_url(2026, 4)}">' in response.text
    assert 'aria-current="date"' in response.text


def test_each_session_shows_its_status_in_words(auth_client, user):
    leg_day = RoutineFactory(owner=user, name="Leg day 1")
    SessionFactory(user=user, routine=leg_day, date=date(2026, 3, 2), status="done")
    SessionFactory(user=user, routine=leg_day, date=date(2026, 3, 5))
    SessionFactory(user=user, routine=leg_day, date=date(2026, 3, 9), status="skipped")
    SessionFactory(user=user, date=date(2026, 3, 23))
    SessionFactory(user=user, routine=leg_day, date=TODAY, status="in_progress")

    response = auth_client.get(URL)

    assert day_cell(response, date(2026, 3, 2)) == "Mon 2 Leg day 1 Done"
    assert day_cell(response, date(2026, 3, 5)) == "Thu 5 Leg day 1 Missed"
    assert day_cell(response, date(2026, 3, 9)) == "Mon 9 Leg day 1 Skipped"
    assert day_cell(response, date(2026, 3, 20)) == "Fri 20 Today Leg day 1 In progress"
    assert day_cell(response, date(2026, 3, 23)) == "Mon 23 Free session Planned"
    assert day_cell(response, date(2026, 3, 24)) == "Tue 24"


def test_sessions_link_to_their_page(auth_client, user):
    session = SessionFactory(user=user, date=date(2026, 3, 23))

    response = auth_client.get(URL)

    assert f'href="{reverse("logbook:session-detail", args=[session.pk])}"' in response.text


def test_days_of_the_next_month_in_the_last_week_show_their_sessions(auth_client, user):
    SessionFactory(user=user, date=date(2026, 4, 2))

    response = auth_client.get(URL)

    assert day_cell(response, date(2026, 4, 2)) == "Thu 2 Apr Free session Planned"


def test_another_users_sessions_are_not_shown(auth_client, other_user):
    SessionFactory(user=other_user, date=date(2026, 3, 23))

    response = auth_client.get(URL)

    assert "Free session" not in response.text
    assert "No sessions in March." in response.text


def test_any_month_can_be_shown_and_december_leads_to_january(auth_client, user):
    SessionFactory(user=user, date=date(2026, 12, 31))

    response = auth_client.get(month_url(2026, 12))

    assert response.status_code == 200
    assert "December 2026</h1>" in response.text
    assert day_cell(response, date(2026, 12, 31)) == "Thu 31 Free session Planned"
    assert f'href="{month_url(2027, 1)}">' in response.text
    assert f'href="{month_url(2026, 11)}">' in response.text
    assert f'href="{URL}">This month' in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/training/calendar/2026/13/",
        "/training/calendar/2026/0/",
        "/training/calendar/0/1/",
        "/training/calendar/99999/1/",
        "/training/calendar/2026/-1/",
        "/training/calendar/2026/march/",
    ],
)
def test_a_month_that_does_not_exist_is_not_found(auth_client, path):
    assert auth_client.get(path).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_other_methods_are_refused(auth_client, method):
    assert getattr(auth_client, method)(URL).status_code == 405


@pytest.mark.parametrize("history", [3, 300])
def test_the_calendar_stays_within_its_query_budget(
    auth_client, user, history, django_assert_max_num_queries
):
    routine = RoutineFactory(owner=user)
    Session.objects.bulk_create(
        Session(
            user=user,
            routine=routine,
            date=date(2026, 3, 1) + timedelta(days=day % 40 - 5),
            status="done" if day % 2 else "planned",
        )
        for day in range(history)
    )

    # The login session, the user, the sessions of the grid with their routines.
    with django_assert_max_num_queries(3):
        response = auth_client.get(URL)
    assert response.status_code == 200
