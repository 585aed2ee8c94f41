from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ExerciseFactory,
    RoutineEntryFactory,
    RoutineFactory,
    ScheduleFactory,
    SessionFactory,
)
from training.models import LoggedSet, Routine, RoutineEntry, Schedule, Session

pytestmark = pytest.mark.django_db

LIST_URL = reverse("training:routine-list")
TODAY = timezone.localdate()


def url(routine):
    return reverse("training:routine-delete", args=[routine.pk])


@pytest.fixture
def mine(user):
    routine = RoutineFactory(owner=user, name="Leg day")
    RoutineEntryFactory(routine=routine, position=1)
    return routine


def test_an_anonymous_visitor_is_sent_to_log_in(client, mine):
    for response in (client.get(url(mine)), client.post(url(mine))):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert Routine.objects.filter(pk=mine.pk).exists()


def test_the_confirm_page_names_the_routine_and_what_is_kept(auth_client, user, mine):
    SessionFactory(user=user, routine=mine, status="done")

    response = auth_client.get(url(mine))

    assert response.status_code == 200
    text = response.text
    assert "Delete “Leg day”?" in text
    assert "The 1 session you have already done, started, skipped or missed" in text
    assert "keeps its history" in text
    assert '<button type="submit" class="btn btn-danger' in text
    assert "planned in your schedule" not in text


def test_deleting_removes_the_routine_and_redirects_with_a_message(auth_client, mine):
    response = auth_client.post(url(mine))

    assert response.status_code == 302
    assert response.url == LIST_URL
    assert not Routine.objects.filter(pk=mine.pk).exists()
    assert not RoutineEntry.objects.filter(routine_id=mine.pk).exists()
    assert "“Leg day” deleted." in auth_client.get(LIST_URL).text


def test_sessions_done_with_it_keep_their_history(auth_client, user, mine):
    session = SessionFactory(user=user, routine=mine, status="done")
    logged = LoggedSet.objects.create(
        session=session, exercise=ExerciseFactory(), set_number=1, reps=10
    )

    auth_client.post(url(mine))

    session.refresh_from_db()
    assert session.routine is None
    assert list(session.sets.all()) == [logged]


def test_the_confirm_page_says_deleting_ends_the_schedule_and_its_planned_sessions(
    auth_client, user, mine
):
    schedule = ScheduleFactory(user=user, routine=mine, weekdays="03")
    for days in (0, 3, 7):
        SessionFactory(user=user, routine=mine, schedule=schedule, date=TODAY + timedelta(days))

    text = auth_client.get(url(mine)).text

    assert "It is planned in your schedule" in text
    assert "Mon + Thu" in text
    assert "ends that schedule and removes the 3 sessions still planned from today on" in text


def test_deleting_a_scheduled_routine_ends_the_schedule_and_keeps_the_history(
    auth_client, user, mine
):
    schedule = ScheduleFactory(user=user, routine=mine)
    planned = [
        SessionFactory(user=user, routine=mine, schedule=schedule, date=TODAY + timedelta(d))
        for d in (0, 3)
    ]
    done = SessionFactory(
        user=user, routine=mine, schedule=schedule, date=TODAY - timedelta(4), status="done"
    )
    missed = SessionFactory(user=user, routine=mine, schedule=schedule, date=TODAY - timedelta(1))
    elsewhere = SessionFactory(user=user, date=TODAY + timedelta(1))

    response = auth_client.post(url(mine))

    assert response.status_code == 302
    assert response.url == LIST_URL
    assert not Routine.objects.filter(pk=mine.pk).exists()
    assert not Schedule.objects.filter(pk=schedule.pk).exists()
    assert not Session.objects.filter(pk__in=[s.pk for s in planned]).exists()
    for kept in (done, missed):
        kept.refresh_from_db()
        assert (kept.routine, kept.schedule) == (None, None)
    assert Session.objects.filter(pk=elsewhere.pk).exists()
    assert "“Leg day” deleted with its 2 planned sessions." in auth_client.get(LIST_URL).text


def test_a_template_cannot_be_deleted(auth_client):
    plan = RoutineFactory(owner=None, template_key="leg-day-1")

    assert auth_client.get(url(plan)).status_code == 404
    assert auth_client.post(url(plan)).status_code == 404
    assert Routine.objects.filter(pk=plan.pk).exists()


def test_another_users_routine_is_404(auth_client, other_user):
    theirs = RoutineFactory(owner=other_user)

    assert auth_client.get(url(theirs)).status_code == 404
    assert auth_client.post(url(theirs)).status_code == 404
    assert Routine.objects.filter(pk=theirs.pk).exists()


def test_put_is_not_allowed(auth_client, mine):
    assert auth_client.put(url(mine)).status_code == 405


@pytest.mark.parametrize("sessions", [1, 40])
def test_the_confirm_page_costs_the_same_queries_whatever_the_history(
    auth_client, user, mine, django_assert_max_num_queries, sessions
):
    for _ in range(sessions):
        SessionFactory(user=user, routine=mine)

    # session, user, routine, its schedules, its session counts
    with django_assert_max_num_queries(5):
        assert auth_client.get(url(mine)).status_code == 200
