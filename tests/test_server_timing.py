"""Every response says what it cost: database time and query count, and the total."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = re.compile(
    r'^db;dur=(?P<db>\d+\.\d);desc="(?P<queries>\d+) queries", total;dur=(?P<total>\d+\.\d)$'
)


def timing(response):
    match = HEADER.match(response["Server-Timing"])
    assert match, response["Server-Timing"]
    return float(match["db"]), int(match["queries"]), float(match["total"])


def test_a_page_reports_its_queries_and_a_total_no_shorter_than_its_database_time(client):
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("progress:dashboard"))
    assert response.status_code == 200
    db_ms, queries, total_ms = timing(response)
    assert queries == len(captured.captured_queries)
    assert 0 < db_ms <= total_ms


def test_a_page_without_queries_reports_none(client):
    response = client.get(reverse("home"))
    db_ms, queries, total_ms = timing(response)
    # The anonymous home page touches no table (the session is never loaded).
    assert (queries, db_ms) == (0, 0.0)
    assert total_ms > 0


def test_healthz_reports_its_one_round_trip(client):
    _, queries, _ = timing(client.get(reverse("healthz")))
    assert queries == 1


def test_pages_are_compressed_for_browsers_that_accept_it(client):
    response = client.get(reverse("exercises:exercise-list"), headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    plain = client.get(reverse("exercises:exercise-list"))
    assert len(response.content) < len(plain.content) / 2
