"""A production-like Hamstrong, for tests that measure what a phone downloads.

pytest-django's live_server serves /static/ itself (uncompressed, outside the
middleware) and the tests run with DEBUG on (plain static storage), so it says
nothing about the bytes a visitor receives. The `production_server` fixture runs
the app the way the container does: gunicorn, DEBUG off, static files collected
into whitenoise's compressed manifest storage, pages through GZipMiddleware. It
has a SQLite database of its own (whatever database the test run uses) holding
the catalog and the demo account, and is started once per test run.

A test module uses it with `pytest_plugins = ["tests.production_server"]`.
"""

import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
# Generous: the demo replays twelve weeks of training through the services, and CI
# machines are slow and shared.
STEP_TIMEOUT_S = 300
START_TIMEOUT_S = 30
# The line `manage.py demo` ends with: "... as demo (demo@...), password hamstrong-demo".
DEMO_LOGIN = re.compile(r" as (?P<username>\S+) \(.*\), password (?P<password>\S+)\s*$")
LISTENING = re.compile(r"Listening at: (?P<url>http://\S+)")


@dataclass(frozen=True)
class ProductionServer:
    url: str
    username: str
    password: str
    setup_s: float


def production_environment(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    # The test run's own settings must not leak in: gunicorn reads these two, and the
    # async guard is relaxed for the test process only.
    for name in ("GUNICORN_CMD_ARGS", "WEB_CONCURRENCY", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp / "static"),
        # Plain HTTP on loopback: no redirect to https, cookies sent without TLS.
        SECURE_SSL_REDIRECT="0",
        # As behind the TLS proxy: a request marked X-Forwarded-Proto: https is secure.
        BEHIND_TLS_PROXY="1",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        PYTHONUNBUFFERED="1",
    )
    return env


def _manage_command(*args: str) -> list[str]:
    return [sys.executable, "manage.py", *args]


def _fail(what: str, output: str) -> NoReturn:
    pytest.fail(f"production server: {what}\n{output}", pytrace=False)


def _manage(*args: str, env: dict[str, str]) -> str:
    try:
        result = subprocess.run(
            _manage_command(*args),
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired as timeout:
        _fail(f"`manage.py {' '.join(args)}` took over {STEP_TIMEOUT_S}s", str(timeout.stderr))
    if result.returncode != 0:
        _fail(
            f"`manage.py {' '.join(args)}` exited with {result.returncode}",
            result.stdout + result.stderr,
        )
    return result.stdout


def _prepare(tmp: Path, env: dict[str, str]) -> tuple[str, str]:
    """Collect the static files while the database is built; return the demo login."""
    collect_log = tmp / "collectstatic.log"
    with collect_log.open("w") as log:
        # Hashed and pre-compressed (.gz, and .br where brotli is installed), as the
        # image's build stage does.
        collect = subprocess.Popen(
            _manage_command("collectstatic", "--noinput", "-v", "0"),
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            # As the container's entrypoint does: schema, then every catalog fixture.
            _manage("migrate", "--noinput", "-v", "0", env=env)
            fixtures = sorted(
                str(p.relative_to(BASE_DIR)) for p in BASE_DIR.glob("fixtures/*.json")
            )
            _manage("loaddata", *fixtures, env=env)
            # The demo refuses DEBUG off (it has a published password); this database is
            # thrown away, so it runs with DEBUG on rather than with --force.
            demo = _manage("demo", env={**env, "DEBUG": "1"})
            collect.wait(timeout=STEP_TIMEOUT_S)
        finally:
            if collect.poll() is None:
                collect.kill()
                collect.wait()
    if collect.returncode != 0:
        _fail(f"collectstatic exited with {collect.returncode}", collect_log.read_text())
    login = DEMO_LOGIN.search(demo)
    if login is None:
        _fail("`manage.py demo` did not print the demo login", demo)
    return login["username"], login["password"]


def _read(log: Path) -> str:
    return log.read_text() if log.exists() else ""


def _wait_until_serving(server: subprocess.Popen, log: Path) -> str:
    """The base URL once /healthz answers; port 0 lets the system pick a free port."""
    deadline = time.monotonic() + START_TIMEOUT_S
    url = None
    while time.monotonic() < deadline:
        if server.poll() is not None:
            _fail(f"gunicorn exited with {server.returncode}", _read(log))
        if url is None:
            listening = LISTENING.search(_read(log))
            url = listening["url"] if listening else None
        if url is not None:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return url
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
        time.sleep(0.1)
    _fail(f"gunicorn was not serving /healthz after {START_TIMEOUT_S}s", _read(log))


@pytest.fixture(scope="session")
def production_server(tmp_path_factory):
    """gunicorn serving Hamstrong with DEBUG off, with the demo account; stopped at the end."""
    started = time.monotonic()
    tmp = tmp_path_factory.mktemp("production")
    env = production_environment(tmp)
    username, password = _prepare(tmp, env)
    log = tmp / "gunicorn.log"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            "127.0.0.1:0",
            "--workers",
            "2",
            "--error-logfile",
            str(log),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = _wait_until_serving(server, log)
        yield ProductionServer(
            url=url,
            username=username,
            password=password,
            setup_s=round(time.monotonic() - started, 1),
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
