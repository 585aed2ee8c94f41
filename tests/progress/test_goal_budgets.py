"""Query budgets of the goal pages and the dashboard: the same SQL at zero and at 15,000 sets.

Two users hold one goal of every metric on the same routine (tests/history.py):
a new user, and one with twelve years of history (about 15,000 logged sets,
470 personal records, 6,000 progression events). Goal readings are single
aggregates per source (records, events, chain steps, weeks), so neither the
number of sets nor the number of goals changes the count.
"""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exercises.models import Chain
from progress.models import Goal
from tests.factories import UserFactory
from tests.history import history_exercises, make_history
from training.models import LoggedSet

pytestmark = pytest.mark.django_db

# Every page starts with the login session and the user (2).
BUDGETS = {
    # as before (7); this week's sessions by status; the open goals; their load steps; the
    # goal readings (records, events, chain steps, weeks: 4); recent records; recent changes.
    "dashboard": 16,
    # the goals, their load steps, the readings (4).
    "goal list": 8,
    # the goal, its load steps, its reading (1), its chart's points (at most 1).
    "goal detail": 6,
}


def goals_of_every_metric(user, exercises, today) -> list[Goal]:
    bridge, band_curl, hinge, stretch = exercises
    ladder = Chain.objects.get(slug="floor-bridge-ladder")
    one_leg = ladder.steps.get(position=2).exercise
    common = {
        "user": user,
        "baseline": Decimal(0),
        "why": "Stronger every month",
        "created_on": today - datetime.timedelta(days=30),
        "deadline": today + datetime.timedelta(days=30),
    }
    rows = [
        Goal(metric=Goal.Metric.LOAD_FOR_REPS, exercise=hinge, target=200, reps=6, **common),
        Goal(metric=Goal.Metric.E1RM, exercise=hinge, target=250, **common),
        Goal(metric=Goal.Metric.REPS, exercise=band_curl, target=30, **common),
        Goal(metric=Goal.Metric.HOLD, exercise=stretch, target=90, **common),
        Goal(metric=Goal.Metric.STAGE, exercise=bridge, target=3, reps=10, **common),
        Goal(metric=Goal.Metric.EXERCISE, exercise=one_leg, chain=ladder, target=2, **common),
        Goal(metric=Goal.Metric.SESSIONS, target=2, weeks=8, **common),
    ]
    for goal in rows:
        goal.full_clean()
    return Goal.objects.bulk_create(rows)


def costs(user, goals, django_assert_max_num_queries) -> dict[str, list[int]]:
    client = Client()
    client.force_login(user)
    pages = [
        ("dashboard", reverse("progress:dashboard")),
        ("goal list", reverse("progress:goal-list")),
    ]
    pages += [("goal detail", goal.get_absolute_url()) for goal in goals]
    counts: dict[str, list[int]] = {}
    for name, url in pages:
        with django_assert_max_num_queries(BUDGETS[name]) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.setdefault(name, []).append(len(captured))
    return counts


def test_goal_pages_and_the_dashboard_cost_the_same_at_zero_and_15000_sets(
    django_assert_max_num_queries,
):
    today = timezone.localdate()
    exercises = history_exercises()
    new, veteran = UserFactory(), UserFactory()
    make_history(new, years=0, today=today, exercises=exercises)
    make_history(veteran, years=12, today=today, exercises=exercises)
    assert LoggedSet.objects.filter(session__user=veteran).count() >= 15_000
    assert not LoggedSet.objects.filter(session__user=new).exists()

    at_zero = costs(
        new, goals_of_every_metric(new, exercises, today), django_assert_max_num_queries
    )
    at_15000 = costs(
        veteran, goals_of_every_metric(veteran, exercises, today), django_assert_max_num_queries
    )

    assert at_zero == at_15000
