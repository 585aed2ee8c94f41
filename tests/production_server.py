"""A production-like Hamstrong, for tests that measure what a phone downloads.

pytest-django's live_server serves /static/ itself (uncompressed, outside the
middleware) and the tests run with DEBUG on (plain static storage), so it says
nothing about the bytes a visitor receives. The `production_server` fixture runs
the app the way the container does: gunicorn, DEBUG off, static files collected
into whitenoise's compressed manifest storage, pages through GZipMiddleware. It
has a SQLite database of its own (whatever database the test run uses) holding
the catalog and the demo account, and is started once per test run (per
process under pytest-xdist), on a port of its own. The processes come from
bench/harness.py, as the benchmarks start theirs.

A test module uses it with `pytest_plugins = ["tests.production_server"]`.
"""

import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from bench import harness

# Generous: the demo replays twelve weeks of training through the services, and CI
# machines are slow and shared.
STEP_TIMEOUT_S = 300
# The line `manage.py demo` ends with: "... as demo (demo@...), password hamstrong-demo".
DEMO_LOGIN = re.compile(r" as (?P<username>\S+) \(.*\), password (?P<password>\S+)\s*$")


@dataclass(frozen=True)
class ProductionServer:
    url: str
    username: str
    password: str
    setup_s: float


def _prepare(env: dict[str, str]) -> tuple[str, str]:
    """Collect the static files while the database is built; return the demo login."""
    with ThreadPoolExecutor(1) as pool:
        # Hashed and pre-compressed (.gz, and .br where brotli is installed), as the
        # image's build stage does.
        collected = pool.submit(
            harness.manage, env, "collectstatic", "--noinput", "-v", "0", timeout=STEP_TIMEOUT_S
        )
        # As the container's entrypoint does: schema, then every catalog fixture.
        harness.database_prepare(env, timeout=STEP_TIMEOUT_S)
        # The demo refuses DEBUG off (it has a published password); this database is
        # thrown away, so it runs with DEBUG on rather than with --force.
        demo = harness.manage({**env, "DEBUG": "1"}, "demo", timeout=STEP_TIMEOUT_S)
        collected.result()
    login = DEMO_LOGIN.search(demo)
    if login is None:
        raise harness.RunBroken(f"`manage.py demo` did not print the demo login\n{demo}")
    return login["username"], login["password"]


@pytest.fixture(scope="session")
def production_server(tmp_path_factory):
    """gunicorn serving Hamstrong with DEBUG off, with the demo account; stopped at the end."""
    started = time.monotonic()
    tmp = tmp_path_factory.mktemp("production")
    env = harness.environment(
        f"sqlite:///{tmp / 'db.sqlite3'}",
        debug=False,
        static_root=tmp / "static",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # As behind the TLS proxy: a request marked X-Forwarded-Proto: https is secure.
        BEHIND_TLS_PROXY="1",
        PYTHONUNBUFFERED="1",
    )
    try:
        username, password = _prepare(env)
        with harness.gunicorn(env, tmp / "gunicorn.log") as server:
            setup_s = round(time.monotonic() - started, 1)
            yield ProductionServer(server.url, username, password, setup_s)
    except harness.RunBroken as error:
        pytest.fail(f"production server: {error}", pytrace=False)
