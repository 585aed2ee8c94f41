"""A session's date is the day it was trained: started early or late, it moves to that day.

The calendar, the upcoming list, the dashboard's week and the weekly chart read
one definition of "this week" and "done": finished sessions by their date.
"""

import datetime
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from training.models import LoggedSet, Schedule, Session

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime.date(2026, 3, 18)
THURSDAY = datetime.date(2026, 3, 19)


@pytest.fixture
def on_wednesday(monkeypatch):
    real = timezone.localdate
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, *a, **k: real(value, *a, **k) if value else WEDNESDAY,
    )
    return WEDNESDAY


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def day_cell(response, day) -> str:
    match = re.search(
        rf'<time datetime="{day:%Y-%m-%d}">.*?</li>\s*(?=<li class="cal-day|</ol>)',
        response.text,
        re.S,
    )
    return _text(match.group(0))


def test_a_thursday_session_done_on_wednesday_is_wednesdays_everywhere(
    auth_client, user, routine, moves, on_wednesday
):
    user.weekly_target = 2
    user.save()
    schedule = Schedule.objects.create(
        user=user, routine=routine, weekdays="36", start_date=THURSDAY, weeks=1
    )
    thursday = Session.objects.create(user=user, routine=routine, schedule=schedule, date=THURSDAY)
    sunday = Session.objects.create(
        user=user, routine=routine, schedule=schedule, date=THURSDAY + datetime.timedelta(days=3)
    )

    auth_client.post(reverse("logbook:session-start", args=[thursday.pk]))
    auth_client.post(
        reverse("logbook:set-create", args=[thursday.pk]),
        {"exercise": moves["bridge"].pk, "reps": "10", "token": uuid.uuid4()},
    )
    auth_client.post(reverse("logbook:session-finish", args=[thursday.pk]), {"effort": "6"})

    thursday.refresh_from_db()
    assert (thursday.date, thursday.planned_date, thursday.status) == (
        WEDNESDAY,
        THURSDAY,
        Session.Status.DONE,
    )
    sunday.refresh_from_db()
    assert (sunday.date, sunday.planned_date) == (THURSDAY + datetime.timedelta(days=3), None)

    calendar = auth_client.get(reverse("training:calendar"))
    assert "Leg day Done planned for Thu 19 Mar, done Wed" in day_cell(calendar, WEDNESDAY)
    assert "Leg day" not in day_cell(calendar, THURSDAY)

    dashboard = auth_client.get(reverse("progress:dashboard"))
    assert (dashboard.context["week_done"], dashboard.context["week_planned"]) == (1, 1)

    chart = auth_client.get(reverse("progress:progress-list")).context["weekly"]
    assert chart.series[0].values[-1] == 1
    assert chart.labels[-1] == datetime.date(2026, 3, 16)

    upcoming = auth_client.get(reverse("training:upcoming"))
    assert [e["session"] for e in upcoming.context["coming"]] == [sunday]


def test_a_missed_session_started_today_moves_to_today(auth_client, user, routine, on_wednesday):
    monday = WEDNESDAY - datetime.timedelta(days=2)
    session = Session.objects.create(user=user, routine=routine, date=monday)
    auth_client.post(reverse("logbook:session-start", args=[session.pk]))
    session.refresh_from_db()
    assert (session.date, session.planned_date) == (WEDNESDAY, monday)


def test_a_session_started_on_its_day_keeps_no_planned_date(
    auth_client, user, routine, on_wednesday
):
    session = Session.objects.create(user=user, routine=routine, date=WEDNESDAY)
    auth_client.post(reverse("logbook:session-start", args=[session.pk]))
    session.refresh_from_db()
    assert (session.date, session.planned_date, session.status) == (
        WEDNESDAY,
        None,
        Session.Status.IN_PROGRESS,
    )


def test_logging_a_set_into_a_planned_session_moves_it_too(
    auth_client, user, routine, moves, on_wednesday
):
    session = Session.objects.create(user=user, routine=routine, date=THURSDAY)
    auth_client.post(
        reverse("logbook:set-create", args=[session.pk]),
        {"exercise": moves["bridge"].pk, "reps": "10", "token": uuid.uuid4()},
    )
    session.refresh_from_db()
    assert (session.date, session.planned_date) == (WEDNESDAY, THURSDAY)
    assert LoggedSet.objects.filter(session=session).count() == 1
