import re
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import RoutineFactory, SessionFactory
from tests.html import field_error
from training.models import Session
from training.views import schedule as schedule_views

pytestmark = pytest.mark.django_db

URL = reverse("training:session-add")
TODAY = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(schedule_views, "_today", lambda: TODAY)
    return TODAY


@pytest.fixture
def leg_day(user):
    return RoutineFactory(owner=user, name="Leg day 1")


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={URL}"


def test_the_form_offers_a_day_and_the_users_routines(auth_client, leg_day, other_user):
    RoutineFactory(owner=None, template_key="gym-split-1", name="Leg day template")
    RoutineFactory(owner=other_user, name="Not mine")

    response = auth_client.get(URL)

    assert response.status_code == 200
    text = response.text
    assert re.search(r'<label\s+for="id_date"', text)
    assert re.search(r'<label\s+for="id_routine"', text)
    assert 'type="date" name="date" value="2026-03-20"' in text
    assert "Leg day 1" in text and "Leg day template (template)" in text
    assert "Not mine" not in text
    assert "No routine: a free session" in text


def test_adding_a_session_plans_it_and_redirects_with_a_message(auth_client, user, leg_day):
    response = auth_client.post(URL, {"date": "2026-03-24", "routine": str(leg_day.pk)})

    assert response.status_code == 302
    assert response.url == reverse("training:upcoming")
    session = Session.objects.get(user=user)
    assert (session.date, session.routine, session.status, session.schedule) == (
        date(2026, 3, 24),
        leg_day,
        Session.Status.PLANNED,
        None,
    )
    assert "Session added on Tue 24 Mar." in auth_client.get(response.url).text


def test_a_session_needs_no_routine(auth_client, user):
    response = auth_client.post(URL, {"date": "2026-03-20", "routine": ""})

    assert response.status_code == 302
    assert Session.objects.get(user=user).routine is None


def test_a_session_next_to_another_warns_before_saving(auth_client, user):
    SessionFactory(user=user, date=date(2026, 3, 23))
    data = {"date": "2026-03-24", "routine": ""}

    response = auth_client.post(URL, data)

    assert response.status_code == 200
    assert (
        "Tue 24 Mar is within 48 hours of Mon 23 Mar: hamstrings need about 48 hours to recover."
        in response.text
    )
    assert 'value="2026-03-24"' in response.text
    assert Session.objects.count() == 1

    response = auth_client.post(URL, {**data, "confirm": response.context["confirm"]})

    assert response.status_code == 302
    assert Session.objects.count() == 2


def test_a_second_session_on_the_same_day_warns(auth_client, user):
    SessionFactory(user=user, date=date(2026, 3, 23))

    response = auth_client.post(URL, {"date": "2026-03-23"})

    assert response.status_code == 200
    assert "Mon 23 Mar holds 2 sessions" in response.text


def test_adding_one_session_never_warns_about_the_weekly_target(auth_client, user):
    user.weekly_target = 3
    user.save()

    response = auth_client.post(URL, {"date": "2026-03-23"})

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter a date."),
        ("2026-02-30", "Enter a real date, e.g. 2026-03-23."),
        ("tomorrow", "Enter a real date, e.g. 2026-03-23."),
        ("2026-03-19", "Choose today or a later day."),
        (
            "2027-03-21",
            "Sessions can be planned up to a year ahead: choose Sat 20 Mar 2027 or earlier.",
        ),
        ("9999-12-31", "Sessions can be planned up to a year ahead"),
    ],
)
def test_a_bad_day_is_refused_and_kept(auth_client, leg_day, value, message):
    response = auth_client.post(URL, {"date": value, "routine": str(leg_day.pk)})

    assert response.status_code == 200
    assert field_error(response, "date").startswith(message)
    assert f'name="date" value="{value}"' in response.text
    assert f'<option value="{leg_day.pk}" selected>' in response.text
    assert not Session.objects.exists()


@pytest.mark.parametrize("routine", ["abc", "999999", "-1"])
def test_an_unknown_routine_is_refused(auth_client, routine):
    response = auth_client.post(URL, {"date": "2026-03-23", "routine": routine})

    assert response.status_code == 200
    assert field_error(response, "routine") == (
        "Choose one of your routines or a shipped template."
    )


def test_another_users_routine_is_refused(auth_client, other_user):
    theirs = RoutineFactory(owner=other_user)

    response = auth_client.post(URL, {"date": "2026-03-23", "routine": str(theirs.pk)})

    assert response.status_code == 200
    assert field_error(response, "routine") == (
        "Choose one of your routines or a shipped template."
    )
    assert not Session.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_methods_are_refused(auth_client, method):
    assert getattr(auth_client, method)(URL).status_code == 405


@pytest.mark.parametrize("history", [3, 300])
def test_the_form_stays_within_its_query_budget(
    auth_client, user, leg_day, history, django_assert_max_num_queries
):
    Session.objects.bulk_create(
        Session(user=user, date=date(2026, 3, 23), status="done") for _ in range(history)
    )
    # The login session, the user, the routines to choose from.
    with django_assert_max_num_queries(3):
        auth_client.get(URL)
    # ... and the sessions around the day, on a POST drawing warnings.
    with django_assert_max_num_queries(4):
        response = auth_client.post(URL, {"date": "2026-03-24"})
    assert response.status_code == 200
