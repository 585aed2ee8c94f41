"""`make fault-load`: people keep logging sets while the servers fail under them.

    .venv/bin/python bench/faults.py            # what `make fault-load` runs
    FAULTS_TIME=90 .venv/bin/python bench/faults.py

Everything runs on loopback and is thrown away at the end: a private PostgreSQL
cluster made with Debian's postgresql-common (the machine's own server is left
alone), two gunicorn instances with DEBUG off, and Debian's nginx in front of
both (installed with apt-get when it is missing). Simulated people log in, then
log sets for FAULTS_TIME seconds, each set with a token of its own, as the set
form sends. A third of the way in, one gunicorn instance is killed (kill -9,
master and workers, left dead); a little past half way, PostgreSQL is
restarted once. A phone that gets no answer, or a 503, sends the same set
again (the same token) after a short back-off.

Afterwards the database is read: every set acknowledged (a redirect to the
session page) must be there exactly once. The figures go between the markers
of docs/reliability.md. The command exits non-zero when a set is lost or
duplicated, when an error page is not the clean 503 page (or has a traceback),
or when the app takes 10 s or more to serve again after a fault.

Settings, from the environment (defaults in brackets):

    FAULTS_TIME     seconds of logging sets, faults included [60]
    FAULTS_USERS    simulated people, each their own account [20]
    FAULTS_PG_PORT  port of the private PostgreSQL cluster [54329]
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import http.client
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import run as loadtest  # bench/run.py: `make bench`, whose helpers this reuses

ROOT = loadtest.ROOT
DOC = ROOT / "docs" / "reliability.md"
CLUSTER = "hamstrong_faults"
PASSWORD = "faults-hamstrong-2026"
WORKERS = 2  # per gunicorn instance: two instances share the machine's cores
THINK_S = (0.5, 1.5)  # a person's pause between two sets, here compressed
BACKOFF_S = (0.25, 0.5, 1.0, 2.0)  # the phone's waits before sending a set again
GRACE_S = 15  # after the clock stops, how long a phone keeps resending its last set
RECOVERY_TARGET_S = 10
KILL_AT, RESTART_AT = 1 / 3, 7 / 12  # when the faults strike, as shares of FAULTS_TIME
CLIENT_TIMEOUT_S = 30
OUTAGE_TEXT = "Hamstrong is back in a moment"  # templates/503.html

NGINX_CONF = """\
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/nginx-temp/body;
    proxy_temp_path {tmp}/nginx-temp/proxy;
    fastcgi_temp_path {tmp}/nginx-temp/fastcgi;
    uwsgi_temp_path {tmp}/nginx-temp/uwsgi;
    scgi_temp_path {tmp}/nginx-temp/scgi;

    upstream hamstrong {{
        server 127.0.0.1:{port_a};
        server 127.0.0.1:{port_b};
    }}

    server {{
        listen 127.0.0.1:{port};

        location / {{
            proxy_pass http://hamstrong;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_connect_timeout 2s;
            proxy_read_timeout {read_timeout}s;
            # A refused connection goes to the other instance. A POST already sent
            # is never sent again by nginx (its default): it may have been written,
            # so the phone resends it, with the same token.
            proxy_next_upstream error timeout;
        }}

        # When no instance answers, nginx's own 502/504 become the outage page.
        # proxy_intercept_errors stays off: the app's own pages (its 404, its 503
        # while the database is down) pass through as they are.
        error_page 502 504 =503 /503.html;
        location = /503.html {{
            internal;
            root {tmp}/errors;
            default_type text/html;
            add_header Retry-After {retry_after} always;
            add_header Cache-Control "no-store" always;
        }}
    }}
}}
"""


@dataclass(frozen=True)
class Config:
    time_s: int
    users: int
    pg_port: int

    @property
    def database_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.pg_port}/hamstrong"


def config_from_env(env=os.environ) -> Config:
    def number(name: str, default: int, least: int) -> int:
        raw = env.get(name, "").strip().removesuffix("s")
        try:
            value = int(raw) if raw else default
        except ValueError:
            raise SystemExit(f"{name} must be a whole number; got {env[name]!r}") from None
        if value < least:
            raise SystemExit(f"{name} must be at least {least}; got {value}")
        return value

    return Config(
        time_s=number("FAULTS_TIME", 60, 30),
        users=number("FAULTS_USERS", 20, 1),
        pg_port=number("FAULTS_PG_PORT", 54329, 1024),
    )


say = loadtest.say


# --- The machinery: nginx, a private PostgreSQL, two gunicorn instances ---------


def nginx_ensure() -> str:
    """Debian's nginx: the one on the machine, or installed with apt-get."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit(
            "nginx is not installed and installing it needs root: "
            "run `apt-get install nginx` as root, or run this command as root."
        )
    say("installing nginx with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "nginx"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return shutil.which("nginx", path="/usr/sbin:/usr/bin:/sbin")


def quiet(*command: str) -> None:
    """Run a command; on failure, stop with what it printed."""
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise loadtest.RunBroken(
            f"`{' '.join(command)}` exited with {result.returncode}:\n"
            + (result.stdout + result.stderr).strip()
        )


@dataclass(frozen=True)
class Cluster:
    version: str
    port: int

    def ctl(self, action: str, *options: str) -> None:
        quiet("pg_ctlcluster", "--skip-systemctl-redirect", *options, self.version, CLUSTER, action)

    def ready(self, timeout_s: float = 30) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            time.sleep(0.2)
        raise loadtest.RunBroken(f"PostgreSQL did not listen on port {self.port}")


@contextlib.contextmanager
def private_cluster(port: int):
    """A throwaway cluster on `port`, dropped at the end whatever happens."""
    if shutil.which("pg_createcluster") is None:
        raise SystemExit("pg_createcluster is missing: install Debian's postgresql-common.")
    versions = sorted(
        (p.name for p in Path("/etc/postgresql").glob("*") if p.name.isdigit()), key=int
    )
    if not versions:
        raise SystemExit("no PostgreSQL server under /etc/postgresql: install postgresql.")
    cluster = Cluster(version=versions[-1], port=port)
    if Path(f"/etc/postgresql/{cluster.version}/{CLUSTER}").exists():
        say(f"dropping the cluster {CLUSTER} an interrupted run left behind")
        quiet("pg_dropcluster", "--stop", cluster.version, CLUSTER)
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        raise SystemExit(f"port {port} is taken: choose another with FAULTS_PG_PORT.")
    say(f"creating PostgreSQL {cluster.version} cluster {CLUSTER} on port {port}")
    quiet(
        "pg_createcluster", cluster.version, CLUSTER, f"--port={port}", "--start-conf=manual",
        "--", "--auth=trust", "--no-sync",
    )  # fmt: skip
    try:
        cluster.ctl("start")
        cluster.ready()
        yield cluster
    finally:
        say(f"dropping the cluster {CLUSTER}")
        subprocess.run(["pg_dropcluster", "--stop", cluster.version, CLUSTER], check=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def nginx(binary: str, tmp: Path, upstreams: list[str]):
    """nginx in the foreground, in front of both instances; yields its base URL."""
    port = free_port()
    (tmp / "nginx-temp").mkdir()
    conf = tmp / "nginx.conf"
    ports = [url.rsplit(":", 1)[1] for url in upstreams]
    from config.views import RETRY_AFTER_S  # the app's own outage page asks the same

    conf.write_text(
        NGINX_CONF.format(
            tmp=tmp,
            port=port,
            port_a=ports[0],
            port_b=ports[1],
            read_timeout=CLIENT_TIMEOUT_S,
            retry_after=RETRY_AFTER_S,
        )
    )
    log = tmp / "nginx-error.log"
    command = [binary, "-c", str(conf), "-p", str(tmp), "-e", str(log), "-g", "daemon off;"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        loadtest.healthz_wait(base_url, server, log, timeout_s=20)
        yield base_url
    finally:
        server.terminate()  # nginx's fast shutdown
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=10)
        server.kill()  # nothing, once it has exited
        server.wait()


def kill_instance(pid: int) -> None:
    """kill -9 a gunicorn master and its workers, as a crash or the OOM killer would."""
    workers = loadtest.process_children(pid)
    for victim in [pid, *workers]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(victim, signal.SIGKILL)


# --- The data ------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    username: str
    session_id: int


def accounts_create(count: int) -> tuple[list[Account], int, str]:
    """`count` people, each with a session today; the exercise they log and its slug."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from exercises.models import Exercise
    from training.models import Session

    exercise = (
        Exercise.objects.catalog()
        .active()
        .filter(measure=Exercise.Measure.REPS, unilateral=False)
        .order_by("slug")
        .first()
    )
    if exercise is None:
        raise loadtest.RunBroken("the catalog has no two-legged exercise measured in reps")
    password = make_password(PASSWORD)  # one hash for all: hashing is slow on purpose
    users = User.objects.bulk_create(
        User(username=f"faults-{n}", password=password) for n in range(1, count + 1)
    )
    today = timezone.localdate()
    sessions = Session.objects.bulk_create(Session(user=user, date=today) for user in users)
    accounts = [Account(u.username, s.pk) for u, s in zip(users, sessions, strict=True)]
    return accounts, exercise.pk, exercise.slug


def outage_page_write(tmp: Path) -> None:
    """The app's own outage page, for nginx to show when no instance answers."""
    from django.template.loader import render_to_string

    (tmp / "errors").mkdir()
    (tmp / "errors" / "503.html").write_text(render_to_string("503.html"))


# --- The people ----------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One request: when (seconds from the start of the clock), what came back."""

    kind: str  # "set" or "page"
    started: float
    ended: float
    status: int  # 0: no HTTP answer at all
    source: str  # "app" (Django's Server-Timing header is on it), "nginx" or "network"
    acked: bool = False
    clean: bool = True  # an error page a person may see: the outage page, no traceback
    note: str = ""


class Phone(threading.Thread):
    """One person logging sets between sets, resending a set until it is acknowledged."""

    def __init__(self, trial: Trial, account: Account):
        super().__init__(daemon=True)
        self.trial = trial
        self.prepared = threading.Event()  # logged in, or failed to
        self.account = account
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None
        self.rng = random.Random(account.username)
        self.session_url = f"/training/sessions/{account.session_id}/"
        self.error: str | None = None

    def request(self, method: str, path: str, fields: dict | None = None):
        """(status, headers, body); raises OSError or HTTPException when nothing came back."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                self.trial.host, self.trial.port, timeout=CLIENT_TIMEOUT_S
            )
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            fields = {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, response.headers, content

    def log_in(self) -> None:
        status, _, _ = self.request("GET", "/accounts/login/")
        fields = {"username": self.account.username, "password": PASSWORD}
        if status == 200:
            status, _, _ = self.request("POST", "/accounts/login/", fields)
        if status != 302 or "sessionid" not in self.cookies:
            raise loadtest.RunBroken(f"{self.account.username} could not log in (HTTP {status})")
        status, _, _ = self.request("GET", self.session_url)
        if status != 200:
            raise loadtest.RunBroken(f"{self.account.username}: session page HTTP {status}")

    def run(self) -> None:
        try:
            self.log_in()
        except (OSError, http.client.HTTPException, loadtest.RunBroken) as error:
            self.error = str(error)
        self.prepared.set()
        self.trial.ready.wait()  # everyone logged in (or given up): the clock starts
        if self.error is None:
            while self.trial.now() < self.trial.config.time_s:
                self.log_set()
                if self.rng.random() < 0.2:
                    self.send("page", "GET", self.session_url)
                time.sleep(self.rng.uniform(*THINK_S))

    def log_set(self) -> None:
        token = str(uuid.uuid4())
        fields = {"exercise": self.trial.exercise_id, "token": token, "reps": 10}
        self.trial.sent.append(token)
        for attempt in range(1000):
            answer = self.send("set", "POST", self.session_url + "sets/", fields)
            if answer.acked:
                self.trial.acked.append(token)
                if attempt:
                    self.trial.resent[token] = self.trial.wall(answer.started)
                return
            if self.trial.now() > self.trial.config.time_s + GRACE_S:
                self.trial.abandoned.append(token)
                return
            wait = BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)]
            time.sleep(wait * self.rng.uniform(0.8, 1.2))

    def send(self, kind: str, method: str, path: str, fields: dict | None = None) -> Answer:
        started = self.trial.now()
        try:
            status, headers, body = self.request(method, path, fields)
        except (OSError, http.client.HTTPException) as error:
            answer = Answer(
                kind, started, self.trial.now(), 0, "network", clean=False, note=repr(error)
            )
        else:
            answer = self.judge(kind, started, status, headers, body)
        self.trial.answers.append(answer)
        return answer

    def judge(self, kind, started, status, headers, body) -> Answer:
        source = "app" if "Server-Timing" in headers else "nginx"
        ended = self.trial.now()
        if kind == "set" and status == 302:
            # Logged (or logged before, by an earlier try): back to the exercise's card.
            location = headers.get("Location", "")
            acked = location.startswith(self.session_url) and f"#ex-{self.trial.slug}" in location
            note = "" if acked else f"redirected to {location}"
            return Answer(kind, started, ended, status, source, acked, clean=acked, note=note)
        if kind == "set" and status < 400:
            return Answer(kind, started, ended, status, source, clean=False, note="not logged")
        if status < 400:
            return Answer(kind, started, ended, status, source)
        clean = (
            status == 503
            and OUTAGE_TEXT in body
            and "Traceback" not in body
            and headers.get("Retry-After") is not None
        )
        return Answer(kind, started, ended, status, source, clean=clean, note=body[:200])


# --- The run -------------------------------------------------------------------


@dataclass
class Trial:
    config: Config
    host: str
    port: int
    exercise_id: int
    slug: str
    started: float = 0.0
    started_wall: float = 0.0
    ready: threading.Event = field(default_factory=threading.Event)
    answers: list[Answer] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    acked: list[str] = field(default_factory=list)
    abandoned: list[str] = field(default_factory=list)
    # Sets acknowledged only on a resend: when (the epoch) that resend started.
    resent: dict[str, float] = field(default_factory=dict)
    faults: list[tuple[str, float, float]] = field(default_factory=list)

    def now(self) -> float:
        return time.monotonic() - self.started

    def wall(self, second: float) -> float:
        return self.started_wall + second

    def wait_until(self, second: float) -> None:
        time.sleep(max(0.0, second - self.now()))


def load(trial: Trial, accounts: list[Account], victim_pid: int, cluster: Cluster) -> None:
    """The people log sets; the faults strike on the clock; wait for every phone."""
    phones = [Phone(trial, account) for account in accounts]
    say(f"{len(phones)} people logging in through nginx")
    for phone in phones:
        phone.start()
    deadline = time.monotonic() + 240  # password hashing is slow on purpose
    for phone in phones:
        phone.prepared.wait(timeout=max(0.0, deadline - time.monotonic()))
    failed = [p.error or "no answer" for p in phones if p.error or not p.prepared.is_set()]
    trial.started, trial.started_wall = time.monotonic(), time.time()
    trial.ready.set()
    if failed:
        raise loadtest.RunBroken("log-in failed: " + "; ".join(failed[:3]))
    say(f"logging sets for {trial.config.time_s} s")

    trial.wait_until(trial.config.time_s * KILL_AT)
    at = trial.now()
    kill_instance(victim_pid)
    trial.faults.append(("gunicorn instance B killed (kill -9, master and workers)", at, 0.0))
    say(f"{at:.1f} s: killed gunicorn instance B (pid {victim_pid})")

    trial.wait_until(trial.config.time_s * RESTART_AT)
    at = trial.now()
    cluster.ctl("restart", "--mode=fast")
    took = trial.now() - at
    trial.faults.append(("PostgreSQL restarted (fast mode)", at, took))
    say(f"{at:.1f} s: restarted PostgreSQL ({took:.1f} s)")

    for phone in phones:
        phone.join(timeout=trial.config.time_s + GRACE_S + CLIENT_TIMEOUT_S)


def sets_check(trial: Trial, accounts: list[Account]) -> dict[str, int]:
    """Every acknowledged set in the database exactly once, and nothing else there."""
    from django.db import connections
    from django.db.models import Count

    from training.models import LoggedSet

    connections.close_all()  # this process's connection died with the restart
    mine = LoggedSet.objects.filter(session_id__in=[a.session_id for a in accounts])
    counts = {
        str(token): n
        for token, n in mine.values("token").annotate(n=Count("pk")).values_list("token", "n")
    }
    numbering = (
        mine.values("session", "exercise", "side", "set_number")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    acked, sent = set(trial.acked), set(trial.sent)
    # A resent set written before its resend started: an earlier try wrote it, and its
    # answer was lost (the instance died, the database went away before the reply).
    written_earlier = sum(
        1
        for token, created in mine.filter(token__in=list(trial.resent)).values_list(
            "token", "created_at"
        )
        if created.timestamp() < trial.resent[str(token)]
    )
    return {
        "sent": len(sent),
        "acknowledged": len(acked),
        "once": sum(1 for token in acked if counts.get(token) == 1),
        "lost": sum(1 for token in acked if token not in counts),
        "duplicated": sum(1 for n in counts.values() if n > 1),
        "stored, never acknowledged": sum(1 for token in sent - acked if token in counts),
        "never sent": sum(1 for token in counts if token not in sent),
        "set numbers repeated": numbering,
        "given up": len(trial.abandoned),
        "resent": len(trial.resent),
        "written by an earlier try": written_earlier,
    }


def recovery(trial: Trial, index: int) -> tuple[float | None, float | None]:
    """Seconds from a fault to its last failed answer, and until the app serves again.

    Serving again: the first acknowledged set sent after the fault's last failed
    answer; with no failure at all, the first acknowledged set after the fault.
    """
    at = trial.faults[index][1]
    until = trial.faults[index + 1][1] if index + 1 < len(trial.faults) else float("inf")
    window = [a for a in trial.answers if at <= a.ended < until]
    failures = [a.ended for a in window if a.status == 0 or a.status >= 500]
    since = max(failures, default=at)
    served = [a.ended for a in window if a.acked and a.started >= since]
    return (since - at if failures else None), (min(served) - at if served else None)


@dataclass(frozen=True)
class Phase:
    name: str
    start: float
    end: float
    answers: list[Answer]


def phases(trial: Trial) -> list[Phase]:
    edges = [("before the faults", 0.0)] + [(name, at) for name, at, _ in trial.faults]
    ends = [at for _, at in edges[1:]] + [float("inf")]
    return [
        Phase(name, start, end, [a for a in trial.answers if start <= a.ended < end])
        for (name, start), end in zip(edges, ends, strict=True)
    ]


def machine(cluster: Cluster, nginx_binary: str) -> dict[str, str]:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    nginx_version = subprocess.run([nginx_binary, "-v"], capture_output=True, text=True).stderr
    found = re.search(r"nginx/(\S+)", nginx_version)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return {
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgres": postgres,
        "nginx": found.group(1) if found else "?",
        "gunicorn": loadtest.version_of(gunicorn, "--version"),
    }


def report(trial: Trial, sets: dict[str, int], info: dict[str, str], started) -> tuple[str, bool]:
    fmt = loadtest.fmt
    unclean = [a for a in trial.answers if not a.clean]
    outages = [recovery(trial, i) for i in range(len(trial.faults))]
    recoveries = [served for _, served in outages]
    checks = [
        ("acknowledged sets in the database exactly once", sets["once"], sets["acknowledged"]),
        ("lost: acknowledged, not in the database", sets["lost"], 0),
        ("duplicated: one token, more than one row", sets["duplicated"], 0),
        ("rows no phone sent", sets["never sent"], 0),
        ("set numbers repeated within a session", sets["set numbers repeated"], 0),
        ("error answers that were not the clean 503 page", len(unclean), 0),
        ("sets given up (unanswered 15 s after the clock stopped)", sets["given up"], 0),
    ]
    failed = [name for name, value, target in checks if value != target]
    failed += [
        f"serving again after “{trial.faults[i][0]}”"
        for i, value in enumerate(recoveries)
        if value is None or value >= RECOVERY_TARGET_S
    ]
    worst = None if None in recoveries else max(recoveries, default=None)
    span = max((a.ended for a in trial.answers), default=0.0) or 1.0
    acked_answers = sum(1 for a in trial.answers if a.acked)
    lines = [
        "## Latest run",
        "",
        f"{started:%Y-%m-%d %H:%M} UTC, on a machine with {info['cores']} CPUs shared with other "
        f"work: Python {info['python']}, Django {info['django']}, PostgreSQL {info['postgres']}, "
        f"nginx {info['nginx']}, gunicorn {info['gunicorn']}. {trial.config.users} simulated "
        f"people logged sets for {trial.config.time_s} s through nginx, in front of two gunicorn "
        f"instances of {WORKERS} sync workers each; a phone resends an unanswered set with "
        f"the same token after {', '.join(f'{s:g}' for s in BACKOFF_S)} s (then every "
        f"{BACKOFF_S[-1]:g} s).",
        "",
        "| fault | at | took | last error after | serving again after |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for (name, at, took), (errors, served) in zip(trial.faults, outages, strict=True):
        lines.append(
            f"| {name} | {at:.1f} s | {fmt(took, 1, ' s') if took else '–'} "
            f"| {fmt(errors, 1, ' s') if errors is not None else 'no error'} "
            f"| {fmt(served, 1, ' s')} |"
        )
    lines += [
        "",
        "Every answer, by the phase it came back in (503 from the app: the database was "
        "down; from nginx: no instance answered):",
        "",
        "| phase | requests | sets acknowledged | 503 from the app | 503 from nginx "
        "| other errors | no answer |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for phase in phases(trial):
        answers = phase.answers
        lines.append(
            f"| {phase.name} | {len(answers):,} | {sum(1 for a in answers if a.acked):,} "
            f"| {sum(1 for a in answers if a.status == 503 and a.source == 'app'):,} "
            f"| {sum(1 for a in answers if a.status == 503 and a.source == 'nginx'):,} "
            f"| {sum(1 for a in answers if a.status >= 400 and a.status != 503):,} "
            f"| {sum(1 for a in answers if a.status == 0):,} |"
        )
    lines += [
        "",
        f"Throughput: {len(trial.answers) / span:.1f} requests/s, {acked_answers / span:.1f} "
        "sets acknowledged/s.",
        "",
        "| check | result | target |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {name} | {value:,} | {target:,} |" for name, value, target in checks]
    lines += [
        f"| serving again after each fault, longest | {fmt(worst, 1)} s "
        f"| < {RECOVERY_TARGET_S} s |",
        "",
        f"Sets sent: {sets['sent']:,}. Acknowledged only when resent after an error or no "
        f"answer: {sets['resent']:,}; {sets['written by an earlier try']:,} of them had been "
        "written by an earlier try whose answer was lost, and the resend found them instead "
        "of writing them again. Written but never acknowledged (the phone gave up): "
        f"{sets['stored, never acknowledged']:,}.",
        "",
        "**Result: passed.**" if not failed else "**Result: failed**: " + "; ".join(failed) + ".",
    ]
    for answer in unclean[:5]:
        note = re.sub(r"\s+", " ", answer.note)[:120]
        lines.append(f"- {answer.kind} at {answer.started:.1f} s: HTTP {answer.status} {note}")
    return "\n".join(loadtest.wrap(line) for line in lines) + "\n", not failed


def main() -> int:
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    config = config_from_env()
    started = datetime.datetime.now(datetime.UTC)
    nginx_binary = nginx_ensure()
    base_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "FAULTS_", "BENCH_", "GUNICORN_"))
        and key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "STATIC_ROOT", "WEB_CONCURRENCY"}
    }
    try:
        with (
            private_cluster(config.pg_port) as cluster,
            tempfile.TemporaryDirectory(prefix="hamstrong-faults-") as temp,
        ):
            tmp = Path(temp)
            tmp.chmod(0o755)  # nginx's workers drop root, and read the outage page here
            data_env = {**base_env, "DATABASE_URL": config.database_url, "DEBUG": "1"}
            loadtest.database_create(config.database_url)
            say("migrating and loading the catalog")
            loadtest.manage(data_env, "migrate", "--noinput", "--verbosity=0")
            fixtures = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("fixtures/*.json"))
            loadtest.manage(data_env, "loaddata", "--verbosity=0", *fixtures)
            loadtest.django_setup(config.database_url)
            accounts, exercise_id, slug = accounts_create(config.users)
            outage_page_write(tmp)
            server_env = {
                **base_env,
                "DATABASE_URL": config.database_url,
                "DEBUG": "0",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "127.0.0.1",
                "STATIC_ROOT": str(tmp / "static"),
                "LOG_LEVEL": "WARNING",
                # Plain HTTP on loopback: no redirect to https, cookies without TLS.
                **dict.fromkeys(("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE"), "0"),
                "CSRF_COOKIE_SECURE": "0",
            }
            say("collecting static files (DEBUG off)")
            loadtest.manage(server_env, "collectstatic", "--noinput", "--verbosity=0")
            gunicorn = dataclasses.replace(loadtest.config_from_env({}), workers=WORKERS, threads=1)
            with contextlib.ExitStack() as stack:
                url_a, _ = stack.enter_context(
                    loadtest.gunicorn(gunicorn, server_env, tmp / "gunicorn-a.log")
                )
                url_b, pid_b = stack.enter_context(
                    loadtest.gunicorn(gunicorn, server_env, tmp / "gunicorn-b.log")
                )
                base_url = stack.enter_context(nginx(nginx_binary, tmp, [url_a, url_b]))
                say(f"nginx at {base_url}, in front of {url_a} (A) and {url_b} (B)")
                host, port = base_url.removeprefix("http://").split(":")
                trial = Trial(config, host, int(port), exercise_id, slug)
                load(trial, accounts, pid_b, cluster)
            say("checking the sets against the database")
            sets = sets_check(trial, accounts)
            section, passed = report(trial, sets, machine(cluster, nginx_binary), started)
    except loadtest.RunBroken as error:
        say(str(error))
        return 1
    loadtest.doc_write(section, DOC)
    say(f"wrote {DOC.relative_to(ROOT)}")
    print(section)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
