"""`make bench`: a load test on PostgreSQL, written into docs/performance.md.

    .venv/bin/python bench/run.py            # what `make bench` runs
    BENCH_TIME=120 .venv/bin/python bench/run.py

Steps: install locust into its own virtualenv (bench/.venv) when missing;
create the PostgreSQL database, migrate, load the catalog; generate the
benchmark accounts when missing (ten with five years of history, ten new ones);
collect the static files with DEBUG off; start gunicorn with DEBUG off on a
loopback port; run bench/locustfile.py headless; run the Lighthouse step
(bench/lighthouse.py) when there is one; stop gunicorn; check that every set
the server acknowledged is in the database exactly once; write the figures
between the bench markers of docs/performance.md, leaving the rest alone.

It exits non-zero when the run itself breaks (the server does not start,
locust crashes, nothing was measured), never because a target was missed:
misses are reported in the document.

Settings, from the environment (defaults in brackets):

    BENCH_TIME          seconds measured once everyone is logged in [60]
    BENCH_USERS         simulated people of each kind, each their own account [10]
    BENCH_WAIT          pause between one person's actions, seconds, "min-max" [1-3]
    BENCH_WORKERS       gunicorn worker processes [2 × cores + 1]
    BENCH_THREADS       threads per worker (gthread above 1) [1]
    BENCH_DATABASE_URL  [postgres://postgres@127.0.0.1:5432/hamstrong_bench]
    BENCH_KEEP_SETS     1 keeps the sets the run logged [0: removed after the check]
    BENCH_LIGHTHOUSE    0 skips the Lighthouse step [1]
    BENCH_SETTLE        longest wait, seconds, for other work to leave the CPU first [180]
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import importlib.util
import json
import os
import platform
import re
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV = BENCH / ".venv"
REQUIREMENTS = BENCH / "requirements.txt"
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
DOC_INTRO = """# Performance

How fast Hamstrong is on a small machine, and how we know. Each section below
is written by the tool that measures it (the load test by `make bench`); run
the tool again to refresh its section.
"""

KINDS = {"5y": "five-year history", "new": "new account"}
# The pages a person opens (the targets' "main pages"), then the set-logging POSTs.
PAGES = ("dashboard", "session", "chart", "catalog")
POSTS = ("log set", "log set, same token twice")
HEALTHZ = "/healthz"

RATIO_TARGET = 1.3
LOG_SET_TARGET = 3.0
PASSWORD = "bench-hamstrong-2026"
YEARS = 5  # of history behind the veteran accounts (the "five-year user")
SEED = 1
LOGIN_ALLOWANCE_S = 240  # locust's outer bound: logging twenty people in, on a busy machine
SPAWN_RATE = 2  # people arriving per second
SETTLE_BUSY = 0.25  # wait (a while) for other work to finish when the CPU is busier than this
NOISY = 0.1  # other work above this share of the cores during the run blurs the figures


class RunBroken(Exception):
    """The run itself failed: no figures worth writing."""


@dataclass(frozen=True)
class Config:
    time_s: int
    users: int
    wait: tuple[float, float]
    workers: int
    threads: int
    database_url: str
    keep_sets: bool
    lighthouse: bool
    settle_s: float
    prefixes: dict[str, str] = field(default_factory=lambda: {"5y": "bench5y", "new": "benchnew"})

    @property
    def accounts(self) -> dict[str, list[str]]:
        return {
            kind: [f"{prefix}-{i}" for i in range(1, self.users + 1)]
            for kind, prefix in self.prefixes.items()
        }


def config_from_env(env=os.environ) -> Config:
    def number(name, default, kind=int):
        raw = env.get(name, "").strip().lower().removesuffix("s")
        try:
            return kind(raw) if raw else default
        except ValueError:
            raise SystemExit(f"{name} must be a number; got {env[name]!r}") from None

    wait = env.get("BENCH_WAIT", "1-3")
    try:
        low, high = (float(part) for part in wait.split("-"))
    except ValueError:
        raise SystemExit(f"BENCH_WAIT must look like 1-3; got {wait!r}") from None
    cores = os.cpu_count() or 1
    # Sync workers, gunicorn's 2 × cores + 1. The work is CPU-bound (templates,
    # the ORM), yet about a third of a page is spent waiting on PostgreSQL, and a
    # waiting worker leaves its core to another. With cores + 1 a short request
    # (/healthz, a logged set) queued behind pages: /healthz p95 went from 10 ms to
    # 60 ms at the same load, so the floor measured the queue. Threads (gthread)
    # gain nothing on CPU-bound Python and did no better here.
    return Config(
        time_s=number("BENCH_TIME", 60),
        users=number("BENCH_USERS", 10),
        wait=(low, high),
        workers=number("BENCH_WORKERS", 2 * cores + 1),
        threads=number("BENCH_THREADS", 1),
        database_url=env.get("BENCH_DATABASE_URL")
        or "postgres://postgres@127.0.0.1:5432/hamstrong_bench",
        keep_sets=env.get("BENCH_KEEP_SETS", "0") == "1",
        lighthouse=env.get("BENCH_LIGHTHOUSE", "1") != "0",
        settle_s=number("BENCH_SETTLE", 180.0, float),
    )


_T0 = time.monotonic()


def say(message: str) -> None:
    print(f"bench [{time.monotonic() - _T0:5.0f} s]: {message}", file=sys.stderr, flush=True)


# --- Preparing ----------------------------------------------------------------


def locust_install() -> Path:
    """Locust in its own virtualenv, re-installed when bench/requirements.txt changes.

    Not in .venv: locust brings gevent, Flask and a pinned requests of its own,
    which have no business in the environment the app is served and tested from.
    """
    stamp = VENV / ".installed"
    locust = VENV / "bin" / "locust"
    wanted = REQUIREMENTS.read_text()
    if locust.exists() and stamp.exists() and stamp.read_text() == wanted:
        return locust
    say("installing locust into bench/.venv")
    if not (VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [str(VENV / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check"]
        + ["-q", "-r", str(REQUIREMENTS)],
        check=True,
    )
    stamp.write_text(wanted)
    return locust


def database_create(url: str) -> None:
    import dj_database_url
    import psycopg
    from psycopg import sql

    db = dj_database_url.parse(url)
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("BENCH_DATABASE_URL must name a PostgreSQL database.")
    params = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"] or None,
        "password": db["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if found.fetchone() is None:
            say(f"creating database {db['NAME']}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def django_setup(database_url: str) -> None:
    """Django in this process, for the checks that read the database."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "1"  # only this process's reads; the server runs with DEBUG off
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def accounts_ensure(config: Config, env: dict) -> dict[str, int]:
    """Generate the accounts that are missing, and rebuild those gone stale.

    An account is stale when it has no session today that is planned or in
    progress: its history ended on an earlier day, so the dashboard no longer
    leads to today's session. Its history is then built again up to yesterday.
    Returns the number of logged sets per kind.
    """
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from training.models import LoggedSet, Schedule, Session

    today = timezone.localdate()
    years = {"5y": YEARS, "new": 0}
    sets = {}
    for kind, names in config.accounts.items():
        ready = set(
            Session.objects.filter(
                user__username__in=names,
                date=today,
                status__in=[Session.Status.PLANNED, Session.Status.IN_PROGRESS],
            ).values_list("user__username", flat=True)
        )
        stale = User.objects.filter(username__in=names).exclude(username__in=ready)
        if stale.exists():
            say(f"rebuilding {stale.count()} {kind} account(s) with no session today")
            Schedule.objects.filter(user__in=stale).delete()  # a schedule protects its routine
            stale.delete()
        if len(ready) < len(names):
            say(f"generating {KINDS[kind]} accounts {config.prefixes[kind]}-1…{len(names)}")
            manage(
                env,
                "generate_history",
                f"--users={len(names)}",
                f"--years={years[kind]:g}",
                f"--prefix={config.prefixes[kind]}",
                f"--password={PASSWORD}",
                f"--seed={SEED}",
                "--verbosity=0",
            )
        sets[kind] = LoggedSet.objects.filter(session__user__username__in=names).count()
    # Whoever generated them, the accounts answer to this run's password (one hash for all).
    everyone = [name for names in config.accounts.values() for name in names]
    User.objects.filter(username__in=everyone).update(password=make_password(PASSWORD))
    # Bulk-written tables have no planner statistics until autovacuum gets round to
    # them, and until then PostgreSQL picks plans a live database would not (the
    # "last time" query walked every session of a five-year user: 18 ms, not 0.5).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return sets


# --- Serving ------------------------------------------------------------------


@contextlib.contextmanager
def gunicorn(config: Config, env: dict, log: Path):
    """gunicorn with DEBUG off on a loopback port; yields the base URL and its pid.

    The listening socket is opened here and handed over, so the port is ours:
    no race with another server picking the same free port.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(2048)
    port = listener.getsockname()[1]
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "config.wsgi",
        f"--bind=fd://{listener.fileno()}",
        f"--workers={config.workers}",
        f"--threads={config.threads}",
        "--worker-class=" + ("gthread" if config.threads > 1 else "sync"),
        f"--error-logfile={log}",
        "--timeout=60",
    ]
    with open(log, "ab") as out:
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            pass_fds=[listener.fileno()],
        )
    listener.close()
    base_url = f"http://127.0.0.1:{port}"
    try:
        healthz_wait(base_url, server, log)
        yield base_url, server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def healthz_wait(base_url: str, server: subprocess.Popen, log: Path, timeout_s: float = 60):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RunBroken(f"gunicorn exited ({server.returncode}):\n{tail(log)}")
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    raise RunBroken(f"gunicorn did not answer /healthz in {timeout_s:.0f} s:\n{tail(log)}")


def cpu_times() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine since boot, from /proc/stat."""
    try:
        fields = [float(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0, 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def cpu_busy(before: tuple[float, float], after: tuple[float, float]) -> float | None:
    total = after[1] - before[1]
    return (after[0] - before[0]) / total if total > 0 else None


def cpu_settle(limit_s: float) -> float | None:
    """Wait up to `limit_s` for the machine to go quiet; returns how busy it last was.

    The load generator, the server and the database already share the cores;
    other work on top (a test suite, a browser) would be measured as the app's.
    """
    deadline = time.monotonic() + limit_s
    while True:
        before = cpu_times()
        time.sleep(3)
        busy = cpu_busy(before, cpu_times())
        if busy is None or busy <= SETTLE_BUSY or time.monotonic() >= deadline:
            return busy
        say(f"the CPU is {busy:.0%} busy with other work: waiting for it to settle")
        time.sleep(7)


def process_cpu(pid: int) -> float:
    """Seconds of CPU a process has used, from /proc (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


class CpuMeter:
    """The machine's CPU over the load test, and how much of it was the bench's own.

    Ours: gunicorn and its workers, their PostgreSQL backends, and locust. The
    rest of the busy time is other work on the machine, which slows the figures.
    """

    def __init__(self, server_pid: int):
        self.server_pid = server_pid

    def _ours(self) -> dict[str, float]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            backends = [row[0] for row in cursor.fetchall()]
        pids = [self.server_pid, *process_children(self.server_pid), *backends]
        return {str(pid): process_cpu(pid) for pid in pids}

    def start(self) -> None:
        self.machine = cpu_times()
        self.processes = self._ours()
        self.children = resource.getrusage(resource.RUSAGE_CHILDREN)

    def stop(self) -> tuple[float | None, float | None]:
        """(busy, busy with other work), each a fraction of all the cores' time."""
        machine = cpu_times()
        total_s = (machine[1] - self.machine[1]) / os.sysconf("SC_CLK_TCK")
        busy = cpu_busy(self.machine, machine)
        if not total_s or busy is None:
            return None, None
        now = self._ours()
        ours = sum(cpu - self.processes.get(pid, 0.0) for pid, cpu in now.items())
        children = resource.getrusage(resource.RUSAGE_CHILDREN)  # locust, once it has exited
        ours += (children.ru_utime + children.ru_stime) - (
            self.children.ru_utime + self.children.ru_stime
        )
        return busy, max(0.0, busy - ours / total_s)


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --- Loading ------------------------------------------------------------------


def locust_run(config: Config, locust: Path, base_url: str, out: Path) -> None:
    settings = {
        "accounts": config.accounts,
        "password": PASSWORD,
        "out_dir": str(out),
        "wait": list(config.wait),
        "measure_s": config.time_s,
        "double_tap": 0.1,
    }
    (out / "config.json").write_text(json.dumps(settings))
    users = config.users * len(config.prefixes)
    command = [
        str(locust),
        "--locustfile=" + str(BENCH / "locustfile.py"),
        "--headless",
        f"--users={users}",
        # People arrive over a few seconds, as they would: twenty log-ins at once only
        # measure password hashing, and the last ones would time out.
        f"--spawn-rate={SPAWN_RATE}",
        f"--run-time={config.time_s + LOGIN_ALLOWANCE_S}s",
        f"--host={base_url}",
        "--csv=" + str(out / "locust"),
        "--only-summary",
        "--exit-code-on-error=0",  # failed requests are figures, not a broken run
        "--stop-timeout=10",
        "--loglevel=WARNING",
    ]
    env = {**os.environ, "BENCH_CONFIG": str(out / "config.json")}
    say(f"locust: {users} people, {config.time_s} s measured after they have logged in")
    result = subprocess.run(command, cwd=ROOT, env=env)
    if result.returncode != 0 or not (out / "locust_stats.csv").exists():
        raise RunBroken(f"locust failed (exit {result.returncode})")


def lighthouse_run(base_url: str, username: str) -> dict:
    """bench/lighthouse.py's scores when it is there; the error, as text, when it raises."""
    path = BENCH / "lighthouse.py"
    if not path.exists():
        return {"skipped": "bench/lighthouse.py is not there yet"}
    try:
        spec = importlib.util.spec_from_file_location("bench_lighthouse", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up while it loads
        spec.loader.exec_module(module)
        if not callable(getattr(module, "run", None)):
            return {"skipped": "bench/lighthouse.py has no run()"}
        say("lighthouse: scoring pages as " + username)
        return {"scores": module.run(base_url, username, PASSWORD)}
    except Exception as error:  # its failure is reported, never the end of the run
        return {"error": f"{error.__class__.__name__}: {error}"}


# --- Checking -----------------------------------------------------------------


def read_lines(out: Path, pattern: str) -> list[str]:
    lines = []
    for path in sorted(out.glob(pattern)):
        lines += [line for line in path.read_text().splitlines() if line.strip()]
    return lines


def sets_check(out: Path, keep: bool) -> dict:
    """Every acknowledged token in the database exactly once; then tidy up.

    The sets this run logged are removed afterwards (and the records they set
    recomputed), so the next run meets the same data, unless BENCH_KEEP_SETS=1.
    """
    from django.db import transaction
    from django.db.models import Count

    from accounts.models import User
    from progress.records import records_rebuild
    from training.models import LoggedSet

    acked = set(read_lines(out, "acked-*.txt"))
    sent = set(read_lines(out, "sent-*.txt"))
    stored = (
        LoggedSet.objects.filter(token__in=sent)
        .values("token")
        .annotate(n=Count("pk"))
        .values_list("token", "n")
    )
    counts = {str(token): n for token, n in stored}
    result = {
        "sent": len(sent),
        "acknowledged": len(acked),
        "once": sum(1 for token in acked if counts.get(token) == 1),
        "lost": sum(1 for token in acked if token not in counts),
        "duplicated": sum(1 for token in acked if counts.get(token, 0) > 1),
        "unacknowledged_stored": sum(1 for token in sent - acked if token in counts),
    }
    if not keep and sent:
        logged = LoggedSet.objects.filter(token__in=sent)
        touched = set(logged.values_list("session__user", "exercise"))
        with transaction.atomic():
            logged.delete()
            for user_id in {user for user, _ in touched}:
                records_rebuild(
                    user=User.objects.get(pk=user_id),
                    exercise_ids=[ex for user, ex in touched if user == user_id],
                )
    return result


# --- Reporting ----------------------------------------------------------------


@dataclass
class Row:
    name: str
    requests: int
    failures: int
    rps: float
    p50: float | None
    p95: float | None
    server: list[float] = field(default_factory=list)
    db: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)


def rows_read(out: Path) -> dict[str, Row]:
    rows = {}
    with open(out / "locust_stats.csv", newline="") as stats:
        for record in csv.DictReader(stats):
            name = "total" if record["Name"] == "Aggregated" else record["Name"]

            def pct(key, record=record):
                value = record[key]
                return None if value in ("", "N/A") else float(value)

            rows[name] = Row(
                name=name,
                requests=int(record["Request Count"]),
                failures=int(record["Failure Count"]),
                rps=float(record["Requests/s"]),
                p50=pct("50%"),
                p95=pct("95%"),
            )
    for path in out.glob("timing-*.csv"):
        with open(path, newline="") as timings:
            for record in csv.DictReader(timings):
                row = rows.get(record["name"])
                if row is not None:
                    row.server.append(float(record["server_ms"]))
                    row.db.append(float(record["db_ms"]))
                    row.queries.append(int(record["queries"]))
    return rows


def median(values) -> float | None:
    return statistics.median(values) if values else None


def pct(value: float | None) -> float | None:
    return None if value is None else value * 100


def ratio(a, b) -> float | None:
    return a / b if a is not None and b else None


def fmt(value, digits=0, suffix="") -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}{suffix}"


def queries_text(row: Row | None) -> str:
    if row is None or not row.queries:
        return "–"
    low, high = min(row.queries), max(row.queries)
    return str(low) if low == high else f"{low}–{high}"


def failures_read(out: Path) -> list[tuple[str, str, int]]:
    found = []
    path = out / "locust_failures.csv"
    if path.exists():
        with open(path, newline="") as failures:
            for record in csv.DictReader(failures):
                found.append((record["Name"], record["Error"], int(record["Occurrences"])))
    return found


def exceptions_read(out: Path) -> list[tuple[int, str]]:
    found = []
    path = out / "locust_exceptions.csv"
    if path.exists():
        with open(path, newline="") as exceptions:
            for record in csv.DictReader(exceptions):
                found.append((int(record["Count"]), record["Message"]))
    return found


def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    model = ""
    with contextlib.suppress(OSError):
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        model = found.group(1).strip() if found else ""
    import django

    return {
        "cores": os.cpu_count(),
        "cpu": re.sub(r"\s+", " ", model),
        "python": platform.python_version(),
        "postgres": postgres,
        "django": django.get_version(),
        "gunicorn": version_of(Path(sys.executable).with_name("gunicorn"), "--version"),
        "locust": version_of(VENV / "bin" / "locust", "--version"),
        "os": f"{platform.system()} {platform.release()}",
    }


def version_of(program: Path, flag: str) -> str:
    try:
        text = subprocess.run([str(program), flag], capture_output=True, text=True).stdout
    except OSError:
        return "?"
    found = re.search(r"(\d+\.\d+(?:\.\d+)?)", text)
    return found.group(1) if found else "?"


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(
    *,
    config: Config,
    rows: dict[str, Row],
    sets: dict,
    history: dict[str, int],
    info: dict,
    window_s: float,
    weights: dict[str, int],
    busy: tuple[float | None, float | None, float | None],
    setup_errors: list[str],
    failures: list,
    exceptions: list,
    lighthouse: dict,
    started: datetime.datetime,
) -> str:
    health = rows.get(HEALTHZ)
    h50 = health.p50 if health else None
    h95 = health.p95 if health else None
    total = rows.get("total")
    errors = (total.failures if total else 0) + sum(n for n, _ in exceptions) + len(setup_errors)
    worker_text = (
        f"{config.workers} sync workers"
        if config.threads == 1
        else f"{config.workers} workers × {config.threads} threads (gthread)"
    )
    if config.threads == 1 and config.workers == 2 * info["cores"] + 1:
        worker_text += ", 2 × cores + 1: a worker waiting on PostgreSQL leaves its core to another"
    ours = busy[1] - busy[2] if busy[1] is not None and busy[2] is not None else None
    names = config.accounts
    mix = ", ".join(f"{name} {weight}" for name, weight in weights.items())
    lines = [
        "## Load test (`make bench`)",
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC on {info['cores']} cores"
        + (f" ({info['cpu']})" if info["cpu"] else "")
        + f", {info['os']}: Python {info['python']}, PostgreSQL {info['postgres']}, "
        f"Django {info['django']}, gunicorn {info['gunicorn']} (DEBUG off; {worker_text}), "
        f"locust {info['locust']}. The load generator, the server and the database share "
        f"these cores. Just before the run they were {fmt(pct(busy[0]))} % busy with other "
        f"work; during it (log-ins included) {fmt(pct(busy[1]))} % busy: "
        f"{fmt(pct(ours))} % this bench, {fmt(pct(busy[2]))} % other work"
        + (
            " — enough to blur the figures: run it again on a quieter machine."
            if busy[2] is not None and busy[2] > NOISY
            else "."
        ),
        "",
        f"**Scenario.** {config.users * 2} people at once, each logged in once as their own "
        f"account: {config.users} with {YEARS} years of history "
        f"({names['5y'][0]}…{names['5y'][-1]}, {history.get('5y', 0):,} sets between them) and "
        f"{config.users} new ({names['new'][0]}…{names['new'][-1]}: a routine and today's "
        f"planned session). Each pauses {config.wait[0]:g}–{config.wait[1]:g} s between "
        f"actions (a person resting between sets waits a minute or more: twenty of these "
        f"carry the traffic of many more people), chosen at random with weights {mix}: "
        f"the dashboard, today's session "
        f"(reached from the dashboard), logging a set (an htmx POST with the CSRF token and "
        f"a fresh idempotency token; one in ten is sent twice at once with the same token, "
        f"as a retry would), the chart page of an exercise of the session, and the catalog. "
        f"Figures cover {window_s:.0f} s measured after the last person logged in "
        f"(log-ins are left out: password hashing is slow on purpose). Times are in ms, "
        f"seen by the client; *server* is the median `Server-Timing` total, the time "
        f"inside Django, without the wait for a free worker.",
        "",
        "### Targets",
        "",
        "| target | measured | result |",
        "| --- | --- | --- |",
    ]
    for page in PAGES:
        old, new = rows.get(f"{page} [5y]"), rows.get(f"{page} [new]")
        value = ratio(old.p50 if old else None, new.p50 if new else None)
        ok = value is not None and value <= RATIO_TARGET
        miss = "" if ok or value is None else f" (by {(value / RATIO_TARGET - 1) * 100:.0f} %)"
        lines.append(
            f"| {page}: five-year ÷ new, p50 ≤ {RATIO_TARGET:g} | {fmt(value, 2)} | "
            f"{verdict(ok)}{miss} |"
        )
    for kind in KINDS:
        row = rows.get(f"log set [{kind}]")
        value = ratio(row.p95 if row else None, h95)
        ok = value is not None and value <= LOG_SET_TARGET
        miss = "" if ok or value is None else f" (by {(value / LOG_SET_TARGET - 1) * 100:.0f} %)"
        lines.append(
            f"| log set [{kind}]: p95 ≤ {LOG_SET_TARGET:g} × /healthz p95, "
            f"{config.users * 2} people | {fmt(row.p95 if row else None)} ms ÷ {fmt(h95)} ms "
            f"= {fmt(value, 1)} | {verdict(ok)}{miss} |"
        )
    lines.append(f"| zero errors | {errors} | {verdict(errors == 0)} |")
    exact = sets["lost"] == 0 and sets["duplicated"] == 0 and sets["acknowledged"] > 0
    lines.append(
        f"| every acknowledged set stored exactly once | {sets['once']:,} of "
        f"{sets['acknowledged']:,} ({sets['lost']} lost, {sets['duplicated']} duplicated) | "
        f"{verdict(exact)} |"
    )

    lines += misses(rows, health)
    lines += [
        "",
        "Ratios to /healthz depend on the load: with a worker free, /healthz answers in a "
        "few milliseconds and any page takes tens of times longer; when every worker is busy, "
        "every request, /healthz too, first waits for one, and the ratios shrink toward 1. "
        "The *server* columns leave that wait out.",
        "",
        "### Per endpoint",
        "",
        "| endpoint | requests | failures | req/s | p50 | p95 | p50 ÷ /healthz p50 "
        "| p95 ÷ /healthz p95 | server p50 | db p50 | queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    order = [f"{name} [{kind}]" for name in PAGES + POSTS for kind in KINDS] + [HEALTHZ]
    for name in order:
        row = rows.get(name)
        if row is None or row.requests == 0:
            continue
        lines.append(
            f"| {name} | {row.requests:,} | {row.failures:,} | {fmt(row.rps, 1)} | "
            f"{fmt(row.p50)} | {fmt(row.p95)} | {fmt(ratio(row.p50, h50), 1)} | "
            f"{fmt(ratio(row.p95, h95), 1)} | {fmt(median(row.server), 1)} | "
            f"{fmt(median(row.db), 1)} | {queries_text(row)} |"
        )
    if total:
        lines.append(
            f"| **all requests** | {total.requests:,} | {total.failures:,} | "
            f"{fmt(total.rps, 1)} | {fmt(total.p50)} | {fmt(total.p95)} | | | | | |"
        )

    lines += [
        "",
        "### Five-year user against new user",
        "",
        "The same pages for accounts built alike (the same routine for bench5y-N and "
        "benchnew-N), one with five years behind it. The catalog is the same page for both: "
        "how far its ratio strays from 1 shows the run's noise.",
        "",
        "| page | p50 5y | p50 new | ratio p50 | p95 5y | p95 new | ratio p95 "
        "| server p50 5y | server p50 new | ratio server | queries 5y / new |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for page in PAGES + POSTS[:1]:
        old, new = rows.get(f"{page} [5y]"), rows.get(f"{page} [new]")
        if old is None or new is None:
            continue
        lines.append(
            f"| {page} | {fmt(old.p50)} | {fmt(new.p50)} | {fmt(ratio(old.p50, new.p50), 2)} | "
            f"{fmt(old.p95)} | {fmt(new.p95)} | {fmt(ratio(old.p95, new.p95), 2)} | "
            f"{fmt(median(old.server), 1)} | {fmt(median(new.server), 1)} | "
            f"{fmt(ratio(median(old.server), median(new.server)), 2)} | "
            f"{queries_text(old)} / {queries_text(new)} |"
        )

    lines += [
        "",
        "### Sets and errors",
        "",
        f"{sets['sent']:,} sets sent, {sets['acknowledged']:,} acknowledged with a 2xx and "
        f"the set in the returned card; in the database: {sets['once']:,} exactly once, "
        f"{sets['lost']} lost, {sets['duplicated']} duplicated. "
        f"{sets['unacknowledged_stored']} sent but not acknowledged were stored (a request "
        f"cut off after the server saved it; the same token sent again would not add it "
        f"twice). "
        + (
            "The run's sets were then removed, so the next run meets the same data."
            if not config.keep_sets
            else "The run's sets were kept (BENCH_KEEP_SETS=1)."
        ),
        "",
    ]
    if errors == 0:
        lines.append("No failed request, no exception in the scenario, every person set up.")
    else:
        for name, error, count in failures:
            lines.append(f"- {count} × {name}: {error}")
        for count, message in exceptions:
            lines.append(f"- {count} × exception in the scenario: {message}")
        for message in setup_errors:
            lines.append(f"- set-up failed: {message}")

    lines += ["", "### Lighthouse", ""]
    if "scores" in lighthouse:
        scores = lighthouse["scores"]
        categories = sorted({c for page in scores.values() for c in page})
        lines += [
            f"Scored after the load test against the same server, as {names['5y'][0]}.",
            "",
            "| page | " + " | ".join(categories) + " |",
            "| --- |" + " ---: |" * len(categories),
        ]
        for page, by_category in scores.items():
            lines.append(
                f"| {page} | " + " | ".join(fmt(by_category.get(c)) for c in categories) + " |"
            )
    elif "error" in lighthouse:
        lines.append(f"The Lighthouse step failed: `{lighthouse['error']}`")
    else:
        lines.append(f"Not run: {lighthouse.get('skipped', 'switched off')}.")
    return "\n".join(wrap(line) for line in lines) + "\n"


def wrap(line: str, width: int = 88) -> str:
    """Prose wrapped for readable diffs; tables and headings as they are."""
    if len(line) <= width or line.startswith(("|", "#")):
        return line
    indent = "  " if line.startswith("- ") else ""
    return textwrap.fill(
        line,
        width=width,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def misses(rows: dict[str, Row], health: Row | None) -> list[str]:
    """Where the time of each missed target goes: the database or the rest of Django."""
    found = []
    for page in PAGES:
        old, new = rows.get(f"{page} [5y]"), rows.get(f"{page} [new]")
        value = ratio(old.p50 if old else None, new.p50 if new else None)
        if value is None or value <= RATIO_TARGET or not (old.server and new.server):
            continue
        server_old, server_new = median(old.server), median(new.server)
        db_old, db_new = median(old.db), median(new.db)
        found.append(
            f"- {page}: a five-year page spends {fmt(server_old - server_new, 1)} ms more in "
            f"Django ({fmt(server_old, 1)} against {fmt(server_new, 1)} ms), "
            f"{fmt(db_old - db_new, 1)} ms of it in the database ({queries_text(old)} "
            f"against {queries_text(new)} queries), the rest outside it: Python (the ORM, "
            f"the templates) and, on a busy machine, waiting for a core."
        )
    floor = median(health.server) if health and health.server else None
    for kind in KINDS:
        row = rows.get(f"log set [{kind}]")
        value = ratio(row.p95 if row else None, health.p95 if health else None)
        if value is None or value <= LOG_SET_TARGET or not row.server:
            continue
        found.append(
            f"- log set [{kind}]: {fmt(median(row.server), 1)} ms in Django, "
            f"{fmt(median(row.db), 1)} ms of it in {queries_text(row)} queries, against "
            f"{fmt(floor, 1)} ms and one query for /healthz."
        )
    if found:
        found = ["", "Where the time of each miss goes (medians of `Server-Timing`):", ""] + found
    return found


def doc_write(section: str, path: Path = DOC) -> None:
    """Replace what lies between the bench markers; leave the rest of the file alone."""
    text = path.read_text() if path.exists() else DOC_INTRO
    block = f"{BEGIN}\n{section}{END}"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail_text = rest.split(END, 1)[1]
        text = head + block + tail_text
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)


# --- The run ------------------------------------------------------------------


def main() -> int:
    # Stopped from outside (a CI timeout): unwind, so gunicorn is stopped too.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    config = config_from_env()
    started = datetime.datetime.now(datetime.UTC)
    locust = locust_install()
    database_create(config.database_url)
    base_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BENCH_", "DJANGO_"))
        and key not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "STATIC_ROOT")
    }
    data_env = {**base_env, "DATABASE_URL": config.database_url, "DEBUG": "1"}
    say("migrating and loading the catalog")
    manage(data_env, "migrate", "--noinput", "--verbosity=0")
    manage(data_env, "loaddata", "fixtures/exercises.json", "fixtures/routines.json")
    django_setup(config.database_url)
    history = accounts_ensure(config, data_env)

    with tempfile.TemporaryDirectory(prefix="hamstrong-bench-") as temp:
        out = Path(temp)
        server_env = {
            **base_env,
            "DATABASE_URL": config.database_url,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "STATIC_ROOT": str(out / "static"),
            "LOG_LEVEL": "WARNING",
        }
        say("collecting static files (DEBUG off)")
        manage(server_env, "collectstatic", "--noinput", "--verbosity=0")
        busy_before = cpu_settle(config.settle_s)
        try:
            with gunicorn(config, server_env, out / "gunicorn.log") as (base_url, pid):
                say(f"gunicorn up at {base_url} ({config.workers} workers)")
                meter = CpuMeter(pid)
                meter.start()
                locust_run(config, locust, base_url, out)
                busy_during, other_during = meter.stop()
                lighthouse = (
                    lighthouse_run(base_url, config.accounts["5y"][0])
                    if config.lighthouse
                    else {"skipped": "switched off (BENCH_LIGHTHOUSE=0)"}
                )
        except RunBroken as error:
            say(str(error))
            return 1
        rows = rows_read(out)
        total = rows.get("total")
        if total is None or total.requests == 0:
            say("nothing was measured: " + "; ".join(read_lines(out, "setup-errors-*.txt")))
            return 1
        windows = [json.loads(p.read_text()) for p in out.glob("window-*.json")]
        if not any(w.get("started") for w in windows):
            say("the simulated people never all got past logging in: nothing was measured")
            return 1
        window_s = max(
            (w["stopped"] - w["started"] for w in windows if w.get("started")), default=0
        )
        say("checking the sets against the database")
        sets = sets_check(out, config.keep_sets)
        section = report(
            config=config,
            rows=rows,
            sets=sets,
            history=history,
            info=machine(),
            window_s=window_s,
            weights=next((w["weights"] for w in windows if "weights" in w), {}),
            busy=(busy_before, busy_during, other_during),
            setup_errors=read_lines(out, "setup-errors-*.txt"),
            failures=failures_read(out),
            exceptions=exceptions_read(out),
            lighthouse=lighthouse,
            started=started,
        )
    doc_write(section)
    say(f"wrote {DOC.relative_to(ROOT)}")
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
