"""A database outage is a clean 503 with Retry-After: never a traceback, never a 500.

Most tests make every query fail through `connection.execute_wrapper`, the hook
Django runs around each statement; one points the connection at a database
that cannot be reached at all (the recipe of test_healthz.py).
"""

import socket
import uuid

import pytest
from django.db import InterfaceError, OperationalError, ProgrammingError, connection
from django.test import Client, override_settings
from django.urls import reverse

from config.views import service_unavailable
from tests.factories import ExerciseFactory, SessionFactory
from tests.test_healthz import unreachable_database
from training.models import LoggedSet

pytestmark = pytest.mark.django_db

OUTAGE_TEXT = "Hamstrong is back in a moment"
CATALOG = reverse("exercises:exercise-list")


@pytest.fixture
def web():
    """A client that gets the error page, as a browser would, instead of the exception."""
    return Client(raise_request_exception=False)


def failing(error):
    def wrapper(execute, sql, params, many, context):
        raise error("server closed the connection unexpectedly")

    return wrapper


def assert_outage_page(response):
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-cache" in response["Cache-Control"]
    assert OUTAGE_TEXT in body
    assert "Traceback" not in body
    assert "OperationalError" not in body


def test_a_page_is_a_503_with_retry_after_when_the_database_is_down(web):
    with connection.execute_wrapper(failing(OperationalError)):
        response = web.get(CATALOG)

    assert_outage_page(response)


def test_a_lost_connection_is_a_503_too(web, user):
    web.force_login(user)

    # Reading the session, which the dashboard's log-in check does first, fails.
    with connection.execute_wrapper(failing(InterfaceError)):
        response = web.get(reverse("progress:dashboard"))

    assert_outage_page(response)


def test_a_database_that_cannot_be_reached_is_a_503(web, tmp_path):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        with unreachable_database(tmp_path / "gone" / "db.sqlite3", closed.getsockname()[1]):
            response = web.get(CATALOG)

    assert_outage_page(response)


class _SessionStoreDown:
    """Stands in for a middleware whose own query fails, outside any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise OperationalError("the database system is shutting down")


def test_a_failure_inside_a_middleware_is_a_503(web, settings):
    middleware = list(settings.MIDDLEWARE)
    after = middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
    middleware.insert(after, f"{__name__}._SessionStoreDown")

    with override_settings(MIDDLEWARE=middleware):
        response = web.get(CATALOG)

    assert_outage_page(response)


def test_a_set_sent_during_an_outage_logs_nothing_and_its_retry_logs_it_once(web, user):
    session = SessionFactory(user=user)
    exercise = ExerciseFactory()
    web.force_login(user)
    url = reverse("logbook:set-create", args=[session.pk])
    data = {"exercise": exercise.pk, "token": str(uuid.uuid4()), "reps": 10}

    with connection.execute_wrapper(failing(OperationalError)):
        refused = web.post(url, data)
    retried = web.post(url, data)
    again = web.post(url, data)

    assert_outage_page(refused)
    assert retried.status_code == again.status_code == 302
    assert LoggedSet.objects.filter(session=session, token=data["token"]).count() == 1


def test_other_database_errors_stay_a_500(web):
    with connection.execute_wrapper(failing(ProgrammingError)):
        response = web.get(CATALOG)

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong on our side" in response.content.decode()


def test_the_outage_page_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = service_unavailable()

    assert_outage_page(response)
