import socket
from contextlib import contextmanager

import pytest
from django.db import connection, connections
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("healthz")


@pytest.fixture
def closed_port():
    """A local TCP port that refuses connections for as long as the test runs.

    Bound but never listening: Linux answers a connect with a reset, so no
    other process can take the port and answer in our place.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@contextmanager
def unreachable_database(missing_file, closed_port):
    """Point the default alias at a database that cannot be reached.

    A second connection wrapper takes the alias's place instead of the test's
    own connection being reconfigured: closing that one would throw away
    SQLite's in-memory test database and the transaction the test runs in.
    """
    settings_dict = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = str(missing_file)
    elif connection.vendor == "postgresql":
        settings_dict.update(HOST="127.0.0.1", PORT=closed_port)
    else:
        pytest.skip(f"no outage recipe for {connection.vendor}")
    original = connections["default"]
    unreachable = original.__class__(settings_dict, alias="default")
    connections["default"] = unreachable
    try:
        yield
    finally:
        unreachable.close()
        connections["default"] = original


@pytest.fixture
def outage(tmp_path, closed_port):
    return unreachable_database(tmp_path / "no-such-directory" / "db.sqlite3", closed_port)


def test_healthz_reports_ok_when_the_database_answers(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_never_cached(client):
    response = client.get(URL)

    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_503_with_a_reason_when_the_database_is_down(client, outage, caplog):
    with outage:
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "unreachable",
        "reason": "OperationalError",
    }
    assert "healthz: database unreachable" in caplog.text


def test_healthz_recovers_once_the_database_is_back(client, outage):
    with outage:
        assert client.get(URL).status_code == 503

    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_healthz_refuses_other_methods(client, method):
    response = getattr(client, method)(URL)

    assert response.status_code == 405
