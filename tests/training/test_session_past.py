"""Log a past workout, change the day a session was trained, and train now."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.models import ProgressionEvent
from tests.html import field_error
from training.models import LoggedSet, Routine, Session

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime.date(2026, 3, 18)
PAST = reverse("logbook:session-past")
NOW = reverse("logbook:session-now")


@pytest.fixture
def on_wednesday(monkeypatch, user):
    real = timezone.localdate
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, *a, **k: real(value, *a, **k) if value else WEDNESDAY,
    )
    user.date_joined = timezone.make_aware(datetime.datetime(2026, 3, 1, 12))
    user.save()
    return WEDNESDAY


def test_a_past_workout_opens_on_its_day_in_progress(auth_client, user, routine, on_wednesday):
    monday = WEDNESDAY - datetime.timedelta(days=2)
    response = auth_client.post(PAST, {"date": monday.isoformat(), "routine": routine.pk})
    session = Session.objects.get(user=user)
    assert response["Location"] == session.get_absolute_url()
    assert (session.date, session.status, session.routine) == (
        monday,
        Session.Status.IN_PROGRESS,
        routine,
    )
    page = auth_client.get(session.get_absolute_url())
    assert "Monday 16 March 2026" in page.text
    assert "Finish session" in page.text


def test_a_past_workout_can_be_empty(auth_client, user, on_wednesday):
    auth_client.post(PAST, {"date": "2026-03-17", "routine": ""})
    session = Session.objects.get(user=user)
    assert (session.routine, session.name) == (None, "Free session")


def test_the_form_offers_yesterday(auth_client, on_wednesday):
    response = auth_client.get(PAST)
    assert response.status_code == 200
    assert 'value="2026-03-17"' in response.text
    assert 'max="2026-03-18"' in response.text


@pytest.mark.parametrize(
    ("day", "error"),
    [
        ("2026-03-19", "That day has not come yet"),
        ("2026-02-28", "Your account began on Sun 1 Mar 2026"),
        ("1899-12-31", "Your account began on"),
        ("yesterday", "Enter a real date"),
        ("", "Enter a date."),
    ],
)
def test_a_day_outside_the_account_or_in_the_future_is_refused(
    auth_client, user, on_wednesday, day, error
):
    response = auth_client.post(PAST, {"date": day})
    assert response.status_code == 200
    assert field_error(response, "date").startswith(error)
    assert not Session.objects.filter(user=user).exists()


def test_another_users_routine_is_refused(auth_client, other_user, on_wednesday):
    theirs = Routine.objects.create(owner=other_user, name="Theirs")
    response = auth_client.post(PAST, {"date": "2026-03-17", "routine": theirs.pk})
    assert field_error(response, "routine") == "Choose one of your routines or a shipped template."


def test_finishing_a_past_workout_judges_it_before_the_later_sessions(
    auth_client, user, moves, on_wednesday
):
    later = Session.objects.create(user=user, date=WEDNESDAY, status=Session.Status.IN_PROGRESS)
    LoggedSet.objects.create(
        session=later, exercise=moves["bridge"], set_number=1, reps=10, token=uuid.uuid4()
    )
    auth_client.post(reverse("logbook:session-finish", args=[later.pk]), {"effort": "6"})
    auth_client.post(PAST, {"date": "2026-03-16"})
    past = Session.objects.get(user=user, date="2026-03-16")
    auth_client.post(
        reverse("logbook:set-create", args=[past.pk]),
        {"exercise": moves["bridge"].pk, "reps": "10", "token": uuid.uuid4()},
    )
    auth_client.post(reverse("logbook:session-finish", args=[past.pk]), {"effort": "6"})
    events = ProgressionEvent.objects.filter(user=user).order_by("date")
    assert [(e.date.isoformat(), e.before_text) for e in events] == [
        ("2026-03-16", "1 × 10"),
        ("2026-03-18", "2 × 10"),
    ]


def test_a_finished_sessions_day_can_be_changed(auth_client, user, moves, on_wednesday):
    session = Session.objects.create(user=user, date=WEDNESDAY, status=Session.Status.DONE)
    url = reverse("logbook:session-date", args=[session.pk])
    assert 'value="2026-03-18"' in auth_client.get(url).text
    response = auth_client.post(url, {"date": "2026-03-15"})
    assert response["Location"] == session.get_absolute_url()
    session.refresh_from_db()
    assert session.date == datetime.date(2026, 3, 15)
    response = auth_client.post(url, {"date": "2026-03-20"})
    assert field_error(response, "date").startswith("That day has not come yet")
    # Before the account began (an imported session may be), but not before 1900.
    auth_client.post(url, {"date": "2025-09-15"})
    session.refresh_from_db()
    assert session.date == datetime.date(2025, 9, 15)
    response = auth_client.post(url, {"date": "1899-12-31"})
    assert "no date before 1900" in field_error(response, "date")


def test_a_planned_sessions_day_is_changed_by_moving_it(auth_client, user, on_wednesday):
    session = Session.objects.create(user=user, date=WEDNESDAY + datetime.timedelta(days=2))
    response = auth_client.get(reverse("logbook:session-date", args=[session.pk]))
    assert response["Location"] == reverse("training:session-move", args=[session.pk])


def test_another_users_session_day_is_404(client, other_user, user, on_wednesday):
    session = Session.objects.create(user=user, date=WEDNESDAY, status=Session.Status.DONE)
    client.force_login(other_user)
    url = reverse("logbook:session-date", args=[session.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"date": "2026-03-15"}).status_code == 404


# Train now -------------------------------------------------------------------------------


def test_train_now_moves_the_next_planned_session_to_today(
    auth_client, user, routine, on_wednesday
):
    friday = WEDNESDAY + datetime.timedelta(days=2)
    planned = Session.objects.create(user=user, routine=routine, date=friday)
    response = auth_client.post(NOW)
    assert response["Location"] == planned.get_absolute_url()
    planned.refresh_from_db()
    assert (planned.date, planned.planned_date, planned.status) == (
        WEDNESDAY,
        friday,
        Session.Status.IN_PROGRESS,
    )


def test_train_now_with_nothing_planned_opens_an_empty_session(auth_client, user, on_wednesday):
    response = auth_client.post(NOW, follow=True)
    session = Session.objects.get(user=user)
    assert (session.date, session.status, session.routine) == (
        WEDNESDAY,
        Session.Status.IN_PROGRESS,
        None,
    )
    assert response.redirect_chain[-1][0] == session.get_absolute_url()
    # A second tap goes back to it.
    assert auth_client.post(NOW)["Location"] == session.get_absolute_url()
    assert Session.objects.filter(user=user).count() == 1


def test_train_now_the_day_after_a_session_says_so_on_the_page(auth_client, user, on_wednesday):
    Session.objects.create(
        user=user, date=WEDNESDAY - datetime.timedelta(days=1), status=Session.Status.DONE
    )
    response = auth_client.post(NOW, follow=True)
    assert "within 48 hours of Tue 17 Mar" in response.text
    assert "Finish session" in response.text


def test_the_dashboard_offers_train_now_and_a_past_workout(auth_client, user, on_wednesday):
    response = auth_client.get(reverse("progress:dashboard"))
    assert f'action="{NOW}"' in response.text
    assert PAST in response.text
