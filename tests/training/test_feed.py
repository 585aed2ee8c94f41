"""The private iCalendar feed (RFC 5545)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.factories import RoutineFactory, SessionFactory
from training import services
from training.models import CalendarFeed, Session
from training.views import schedule as schedule_views

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(schedule_views, "_today", lambda: TODAY)
    return TODAY


@pytest.fixture
def feed(user):
    return CalendarFeed.objects.create(user=user)


def url(feed):
    return reverse("training:feed", args=[feed.token])


def unfold(body):
    """The content lines, unfolded (RFC 5545 3.1)."""
    return body.replace("\r\n ", "").split("\r\n")[:-1]


def events(body):
    """Each VEVENT as a {property: value} dict, parameters kept in the name."""
    found, current = [], None
    for line in unfold(body):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    return found


def test_anyone_with_the_address_gets_the_calendar_without_logging_in(client, user, feed):
    SessionFactory(user=user, routine=RoutineFactory(owner=user, name="Leg day 1"), date=TODAY)

    response = client.get(url(feed))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")


@pytest.mark.parametrize("token", ["nope", "0" * 64, "a" * 200])
def test_an_unknown_address_is_not_found(client, feed, token):
    assert client.get(reverse("training:feed", args=[token])).status_code == 404


def test_each_session_is_one_all_day_event(client, user, feed):
    leg_day = RoutineFactory(owner=user, name="Leg day 1")
    planned = SessionFactory(user=user, routine=leg_day, date=date(2026, 3, 23))
    done = SessionFactory(user=user, routine=leg_day, date=date(2026, 3, 19), status="done")
    skipped = SessionFactory(user=user, date=date(2026, 3, 26), status="skipped")

    found = events(client.get(url(feed)).content.decode())

    assert [e["UID"] for e in found] == [
        f"session-{done.pk}@hamstrong",
        f"session-{planned.pk}@hamstrong",
        f"session-{skipped.pk}@hamstrong",
    ]
    first = found[1]
    assert first["DTSTART;VALUE=DATE"] == "20260323"
    assert first["DTEND;VALUE=DATE"] == "20260324"
    assert first["SUMMARY"] == "Leg day 1"
    assert first["STATUS"] == "CONFIRMED"
    assert first["URL"] == f"http://testserver{planned.get_absolute_url()}"
    assert len(first["DTSTAMP"]) == 16 and first["DTSTAMP"].endswith("Z")
    assert found[0]["DESCRIPTION"] == "Done in Hamstrong."
    assert found[2]["SUMMARY"] == "Hamstring session"
    assert found[2]["STATUS"] == "CANCELLED"


def test_uids_stay_the_same_from_one_fetch_to_the_next(client, user, feed):
    SessionFactory(user=user, date=date(2026, 3, 23))

    first = events(client.get(url(feed)).content.decode())
    second = events(client.get(url(feed)).content.decode())

    assert [e["UID"] for e in first] == [e["UID"] for e in second]


def test_only_the_owners_sessions_of_the_past_year_and_ahead_are_in_it(
    client, user, other_user, feed
):
    SessionFactory(user=other_user, date=date(2026, 3, 23))
    SessionFactory(user=user, date=TODAY - timedelta(days=366), status="done")
    kept = SessionFactory(user=user, date=TODAY - timedelta(days=365), status="done")

    found = events(client.get(url(feed)).content.decode())

    assert [e["UID"] for e in found] == [f"session-{kept.pk}@hamstrong"]


def test_text_is_escaped_and_long_lines_are_folded_at_75_octets(client, user, feed):
    name = "Bridges, curls; stretch\\hold — Ischiocrurales élégants " * 2
    SessionFactory(user=user, routine=RoutineFactory(owner=user, name=name[:100]))

    body = client.get(url(feed)).content

    for line in body.split(b"\r\n"):
        assert len(line) <= 75
    summary = events(body.decode())[0]["SUMMARY"]
    expected = name[:100].replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    assert summary == expected


def test_folding_never_splits_a_character(client, user, feed):
    SessionFactory(user=user, routine=RoutineFactory(owner=user, name="é" * 100))

    body = client.get(url(feed)).content

    for line in body.split(b"\r\n"):
        line.decode("utf-8")  # raises if a character was cut in two
        assert len(line) <= 75
    assert events(body.decode())[0]["SUMMARY"] == "é" * 100


def test_schedule_dates_survive_the_clocks_changing(client, user, feed, settings):
    # Summer time starts in London on Sunday 29 March 2026: all-day DATE
    # values carry no time, so no calendar app can shift them by an hour.
    settings.TIME_ZONE = "Europe/London"
    services.schedule_create(
        user=user,
        routine=RoutineFactory(owner=user),
        weekdays=[0, 3],
        start_date=date(2026, 3, 23),
        weeks=2,
        today=TODAY,
    )

    found = events(client.get(url(feed)).content.decode())

    assert [e["DTSTART;VALUE=DATE"] for e in found] == [
        "20260323",
        "20260326",
        "20260330",
        "20260402",
    ]
    assert not any("TZID" in name for event in found for name in event)


def test_a_head_request_is_answered(client, feed):
    assert client.head(url(feed)).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_feed_is_read_only(client, feed, method):
    assert getattr(client, method)(url(feed)).status_code == 405


@pytest.mark.parametrize("history", [3, 300])
def test_the_feed_stays_within_its_query_budget(
    client, user, feed, history, django_assert_max_num_queries
):
    routine = RoutineFactory(owner=user)
    Session.objects.bulk_create(
        Session(user=user, routine=routine, date=TODAY + timedelta(days=day - history // 2))
        for day in range(history)
    )

    # The feed by its token, the sessions with their routines.
    with django_assert_max_num_queries(2):
        response = client.get(url(feed))
    assert len(events(response.content.decode())) == history
