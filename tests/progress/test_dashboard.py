import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from logbook import services as logbook
from progress.models import Goal, PersonalRecord, ProgressionEvent
from tests.factories import ExerciseFactory
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


# This week against the weekly target ------------------------------------------------------


def week_count(response) -> str:
    match = re.search(r'<p[^>]*id="week-count"[^>]*>(.*?)</p>', response.text, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_this_weeks_finished_sessions_count_against_the_weekly_target(
    auth_client, user, other_user
):
    user.weekly_target = 3
    user.save()
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    Session.objects.create(user=user, date=monday, status=Session.Status.DONE)
    Session.objects.create(user=user, date=today, status=Session.Status.PLANNED)
    Session.objects.create(user=user, date=today, status=Session.Status.SKIPPED)
    Session.objects.create(
        user=user, date=monday - datetime.timedelta(days=1), status=Session.Status.DONE
    )
    Session.objects.create(user=other_user, date=today, status=Session.Status.DONE)

    response = auth_client.get(URL)

    assert week_count(response) == "1 of 3 sessions done, 1 more planned."
    assert "1 session short of your target" in response.text


def test_a_week_at_its_target_says_so(auth_client, user):
    today = timezone.localdate()
    Session.objects.bulk_create(
        Session(user=user, date=today, status=Session.Status.DONE) for _ in range(2)
    )

    response = auth_client.get(URL)

    assert week_count(response) == "2 of 2 sessions done."
    assert "Target met" in response.text
    assert "short of your target" not in response.text


def test_a_week_with_nothing_planned_says_how_many_are_short(auth_client):
    response = auth_client.get(URL)

    assert week_count(response) == "0 of 2 sessions done."
    assert "2 sessions short of your target, with nothing planned for them" in response.text


# Goals, records and progression ----------------------------------------------------------


@pytest.fixture
def bridge(db):
    return ExerciseFactory(name="Glute Bridge")


def log(user, exercise, *reps, days_ago, finish=False):
    session = Session.objects.create(
        user=user, date=timezone.localdate() - datetime.timedelta(days=days_ago)
    )
    for n in reps:
        logbook.set_log(session=session, exercise=exercise, token=uuid.uuid4(), reps=n)
    if finish:
        logbook.session_finish(session=session, effort=6, notes="", cooldown_done=False)
    return session


def make_goal(user, exercise, target, *, deadline_in=30, **fields):
    today = timezone.localdate()
    return Goal.objects.create(
        user=user,
        metric=Goal.Metric.REPS,
        exercise=exercise,
        target=Decimal(target),
        baseline=Decimal(10),
        why="To sprint again.",
        deadline=today + datetime.timedelta(days=deadline_in),
        created_on=today - datetime.timedelta(days=60),
        **fields,
    )


def badges(response) -> list[tuple[str, str]]:
    """(goal title, status badge) of each goal listed."""
    return re.findall(
        r'<a class="fw-semibold" href="[^"]+">([^<]+)</a>\s*'
        r'<span class="badge [^"]+ goal-status">([^<]+)</span>',
        response.text,
    )


def test_open_goals_show_with_their_status(auth_client, user, other_user, bridge):
    log(user, bridge, 12, days_ago=5)
    make_goal(user, bridge, 12)
    make_goal(user, bridge, 20, deadline_in=-1)
    make_goal(user, bridge, 14)
    make_goal(user, bridge, 13, closed_on=timezone.localdate())
    make_goal(other_user, bridge, 30)

    response = auth_client.get(URL)

    assert badges(response) == [
        ("Glute Bridge: 20 reps in one set", "Missed"),
        ("Glute Bridge: 12 reps in one set", "Achieved"),
        ("Glute Bridge: 14 reps in one set", "On track"),
    ]
    assert reverse("progress:goal-list") in response.text


def test_without_goals_the_dashboard_offers_to_set_one(auth_client, other_user, bridge):
    make_goal(other_user, bridge, 30)

    response = auth_client.get(URL)

    assert badges(response) == []
    assert reverse("progress:goal-create") in response.text


def test_recent_records_show_only_those_that_beat_something(auth_client, user, other_user, bridge):
    log(user, bridge, 10, days_ago=9)  # the first set: a baseline, not a record
    log(user, bridge, 12, days_ago=2)
    log(other_user, bridge, 20, days_ago=9)
    log(other_user, bridge, 25, days_ago=2)
    assert PersonalRecord.objects.filter(user=user).count() == 2

    response = auth_client.get(URL)

    assert [r.describe("kg") for r in response.context["records"]] == [
        "Most reps: 12 reps (was 10 reps)"
    ]
    assert "Most reps: 12 reps (was 10 reps)" in response.text
    assert "25 reps" not in response.text


def test_a_first_set_alone_shows_no_records(auth_client, user, bridge):
    log(user, bridge, 10, days_ago=2)

    response = auth_client.get(URL)

    assert list(response.context["records"]) == []
    assert "Recent records" not in response.text


def test_recent_progression_shows_changes_not_stays(auth_client, user, other_user, bridge):
    log(user, bridge, 10, days_ago=6, finish=True)  # 1 × 10 met: add a set
    log(user, bridge, 10, 9, days_ago=3, finish=True)  # 2 × 10 missed: stay
    log(other_user, bridge, 10, days_ago=3, finish=True)
    assert ProgressionEvent.objects.filter(user=user).count() == 2

    response = auth_client.get(URL)

    events = response.context["events"]
    assert [(e.user, e.kind) for e in events] == [(user, ProgressionEvent.Kind.ADD_SET)]
    assert "added a set, 1 × 10 → 2 × 10" in response.text
    assert "stayed" not in response.text
