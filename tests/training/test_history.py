"""The training history: finished sessions, newest first, only the user's own."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from training.models import LoggedSet, Session
from training.views.history import SESSIONS_PER_PAGE

pytestmark = pytest.mark.django_db

URL = reverse("training:history")


def finished(user, routine, days_ago, sets=()):
    session = Session.objects.create(
        user=user,
        routine=routine,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        status=Session.Status.DONE,
        effort=7,
    )
    for number, (exercise, reps, kind) in enumerate(sets, start=1):
        LoggedSet.objects.create(
            session=session, exercise=exercise, set_number=number, reps=reps, kind=kind
        )
    return session


def items(response):
    return re.findall(r'<li class="list-group-item">(.*?)</li>', response.content.decode(), re.S)


def test_finished_sessions_are_listed_newest_first_with_totals_that_leave_out_warm_ups(
    client, user, routine, moves
):
    bridge, rdl = moves["bridge"], moves["rdl"]
    finished(user, routine, 9, [(bridge, 10, LoggedSet.Kind.WORKING)])
    latest = finished(
        user,
        routine,
        2,
        [
            (rdl, 5, LoggedSet.Kind.WARMUP),
            (rdl, 8, LoggedSet.Kind.WORKING),
            (bridge, 10, LoggedSet.Kind.WORKING),
        ],
    )
    Session.objects.create(user=user, routine=routine, date=timezone.localdate())  # planned
    client.force_login(user)

    response = client.get(URL)

    assert response.status_code == 200
    rows = items(response)
    assert len(rows) == 2
    assert reverse("logbook:session-summary", args=[latest.pk]) in rows[0]
    assert "2 sets, 18 reps, effort RPE 7" in rows[0]
    assert ", ".join(sorted([bridge.name, rdl.name])) in rows[0]
    assert "1 set, 10 reps" in rows[1]


def test_the_history_pages_through_long_logs(client, user, routine):
    for days_ago in range(1, SESSIONS_PER_PAGE + 6):
        finished(user, routine, days_ago)
    client.force_login(user)

    first, second = client.get(URL), client.get(URL, {"page": 2})

    assert len(items(first)) == SESSIONS_PER_PAGE
    assert len(items(second)) == 5
    assert "Page 2 of 2" in second.content.decode()
    # A page number past the end shows the last page, not an error.
    assert client.get(URL, {"page": "999"}).status_code == 200


def test_nobody_sees_another_users_sessions(client, user, routine):
    finished(user, routine, 3)
    client.force_login(UserFactory())

    response = client.get(URL)

    assert items(response) == []
    assert "No finished sessions yet" in response.content.decode()


def test_the_history_needs_a_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
