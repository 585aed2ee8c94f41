"""`make bench`: a load test on PostgreSQL, written into docs/performance.md.

gunicorn (DEBUG off) on loopback, the benchmark accounts generated when missing,
locust (bench/.venv) playing bench/locustfile.py, then Lighthouse; every set the
server acknowledged must be in the database exactly once. It exits non-zero when
the run breaks, never because a target was missed. Settings [defaults]:

    BENCH_TIME          seconds measured once everyone is logged in [60]
    BENCH_USERS         simulated people of each kind, each their own account [10]
    BENCH_WAIT          pause between one person's actions, seconds, "min-max" [1-3]
    BENCH_WORKERS       gunicorn worker processes [2 × cores + 1]
    BENCH_DATABASE_URL  [postgres://postgres@127.0.0.1:5432/hamstrong_bench]
    BENCH_LIGHTHOUSE    0 skips the Lighthouse step [1]
    BENCH_SETTLE        longest wait, seconds, for other work to leave the CPU first [180]
"""

import csv
import datetime
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import harness
from harness import ROOT, fmt, say

TIME_S, USERS = harness.setting("BENCH_TIME", 60, 1), harness.setting("BENCH_USERS", 10, 1)
WAIT = tuple(float(part) for part in os.environ.get("BENCH_WAIT", "1-3").split("-", 1))
# gunicorn's 2 × cores + 1 sync workers: a worker waiting on PostgreSQL (a third of a page)
# leaves its core to another; with cores + 1, /healthz p95 measured the queue (10 → 60 ms).
WORKERS = harness.setting("BENCH_WORKERS", 2 * (os.cpu_count() or 1) + 1, 1)
DATABASE_URL = (
    os.environ.get("BENCH_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/hamstrong_bench"
)
LIGHTHOUSE = harness.setting("BENCH_LIGHTHOUSE", 1) != 0
SETTLE_S = harness.setting("BENCH_SETTLE", 180.0)
KINDS = {"5y": "bench5y", "new": "benchnew"}  # the kinds of account, and their prefixes
ACCOUNTS = {kind: [f"{prefix}-{i}" for i in range(1, USERS + 1)] for kind, prefix in KINDS.items()}
# The pages a person opens (the targets' "main pages"), then the set-logging POSTs.
PAGES = ("dashboard", "session", "chart", "catalog")
POSTS = ("log set", "log set, same token twice")
RATIO_TARGET, LOG_SET_TARGET = 1.3, 3.0
PASSWORD = "bench-hamstrong-2026"
YEARS = 5  # of history behind the veteran accounts (the "five-year user")
LOGIN_ALLOWANCE_S = 240  # locust's outer bound: logging twenty people in, on a busy machine
SPAWN_RATE = 2  # people arriving per second
SETTLE_BUSY = 0.25  # wait (a while) for other work to finish when the CPU is busier than this
NOISY = 0.1  # other work above this share of the cores during the run blurs the figures
HZ = os.sysconf("SC_CLK_TCK")
LOCUST = ROOT / "bench" / ".venv" / "bin" / "locust"  # apart: gevent, Flask, a requests
ENDPOINTS = (
    "endpoint | requests | failures | req/s | p50 | p95 | p50 ÷ /healthz p50 "
    "| p95 ÷ /healthz p95 | server p50 | db p50 | queries"
)
VERSUS = (
    "page | p50 5y | p50 new | ratio p50 | p95 5y | p95 new | ratio p95 | server p50 5y "
    "| server p50 new | ratio server | queries 5y / new"
)
REPORT = """\
## Load test (`make bench`)

Measured {started:%Y-%m-%d %H:%M} UTC on {info[cores]} cores{cpu}, {info[os]}: Python
{info[python]}, PostgreSQL {info[postgres]}, Django {info[django]}, gunicorn {info[gunicorn]}
(DEBUG off; {workers}), locust {info[locust]}, all on these cores. Busy with other work just
before the run: {busy_before} %; during it (log-ins included): {busy_during} %, {ours} % this
bench and {other} % other work{noisy}

**Scenario.** {people} people at once, each logged in once as their own account: {USERS} with
{YEARS} years of history ({names[5y][0]}…{last[5y]}, {history:,} sets between them) and {USERS}
new ({names[new][0]}…{last[new]}: a routine and today's planned session). Each pauses {wait} s
between actions (a person resting between sets waits minutes: these carry the traffic of many
more), chosen at random with weights {weights}: the dashboard, today's session (from the
dashboard), logging a set (an htmx POST with the CSRF token and a fresh idempotency token; one
in ten sent twice at once with the same token, as a retry), an exercise's chart, the catalog.
Figures cover {window_s:.0f} s after the last log-in (password hashing is slow on purpose).
Times in ms, seen by the client; *server*: the median `Server-Timing` total, the time inside
Django without the wait for a free worker.

### Targets

{targets}

{misses}

Ratios to /healthz shrink toward 1 as the load grows: with every worker busy, /healthz too
first waits for one. The *server* columns leave that wait out.

### Per endpoint

{endpoints}

### Five-year user against new user

The same pages for accounts built alike (bench5y-N and benchnew-N share a routine), one with
five years behind it. The catalog is the same page for both: its ratio's distance from 1 is
the run's noise.

{versus}

### Sets and errors

{sets[sent]:,} sets sent, {sets[acknowledged]:,} acknowledged (a 2xx with the set in the card);
in the database: {sets[once]:,} exactly once, {sets[lost]} lost, {sets[duplicated]} duplicated.
Sent, not acknowledged, yet stored (cut off after the save; a resend would not add it twice):
{sets[unacked]}. The run's sets were then removed, so the next run meets the same data.

{errors}

### Lighthouse

{lighthouse}
"""


def accounts_ensure() -> dict[str, int]:
    """Generate the accounts that are missing; rebuild those with no session today that is
    planned or in progress (their history ended on an earlier day, so the dashboard no
    longer leads to today's session). Returns the number of logged sets per kind."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from training.models import LoggedSet, Schedule, Session

    env, sets = harness.environment(DATABASE_URL, debug=True), {}
    status = [Session.Status.PLANNED, Session.Status.IN_PROGRESS]
    today = Session.objects.filter(date=timezone.localdate(), status__in=status)
    for kind, names in ACCOUNTS.items():
        ready = set(today.filter(user__username__in=names).values_list("user__username", flat=True))
        stale = User.objects.filter(username__in=names).exclude(username__in=ready)
        if stale.exists():
            say(f"rebuilding {stale.count()} {kind} account(s) with no session today")
            Schedule.objects.filter(user__in=stale).delete()  # a schedule protects its routine
            stale.delete()
        if len(ready) < len(names):
            say(f"generating {kind} accounts {KINDS[kind]}-1…{len(names)}")
            harness.manage(
                env, "generate_history", f"--users={len(names)}", f"--prefix={KINDS[kind]}",
                f"--years={YEARS if kind == '5y' else 0}", f"--password={PASSWORD}", "--seed=1",
            )  # fmt: skip
        sets[kind] = LoggedSet.objects.filter(session__user__username__in=names).count()
    # Whoever generated them, the accounts answer to this run's password (one hash for all).
    everyone = [name for names in ACCOUNTS.values() for name in names]
    User.objects.filter(username__in=everyone).update(password=make_password(PASSWORD))
    # Bulk-written tables lack planner statistics until autovacuum comes: without them the
    # "last time" query walked every session of a five-year user (18 ms, not 0.5).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return sets


def cpu_times() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine since boot; idle and iowait are not busy."""
    fields = [float(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return sum(fields) - fields[3] - fields[4], sum(fields)


def cpu_busy(before: tuple[float, float], after: tuple[float, float]) -> float | None:
    return (after[0] - before[0]) / (after[1] - before[1]) if after[1] > before[1] else None


def cpu_settle() -> float | None:
    """Wait a while for other work (a test suite, a browser) to leave the cores, or it is
    measured as the app's; returns how busy the machine last was."""
    deadline = time.monotonic() + SETTLE_S
    while True:
        before = cpu_times()
        time.sleep(3)
        busy = cpu_busy(before, cpu_times())
        if busy is None or busy <= SETTLE_BUSY or time.monotonic() >= deadline:
            return busy
        say(f"the CPU is {busy:.0%} busy with other work: waiting for it to settle")
        time.sleep(7)


def cpu_ours(server_pid: int) -> dict[int, float]:
    """CPU seconds of gunicorn and its workers, their PostgreSQL backends and (under key 0)
    this process's children (locust), by process."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = [row[0] for row in cursor.fetchall()]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = {0: children.ru_utime + children.ru_stime}
    for pid in [server_pid, *harness.process_children(server_pid), *pids]:
        try:  # utime + stime, from /proc (0 once the process is gone)
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            seconds[pid] = (int(stat[11]) + int(stat[12])) / HZ
        except (OSError, IndexError):
            seconds[pid] = 0.0
    return seconds


def cpu_share(server_pid: int, machine: tuple, ours: dict) -> tuple[float | None, float | None]:
    """Since `machine` (cpu_times()) and `ours` (cpu_ours()): how busy the cores were, and how
    busy with other work, each a fraction of all the cores' time."""
    now = cpu_times()
    total_s, busy = (now[1] - machine[1]) / HZ, cpu_busy(machine, now)
    if not total_s or busy is None:
        return None, None
    mine = sum(cpu - ours.get(pid, 0.0) for pid, cpu in cpu_ours(server_pid).items())
    return busy, max(0.0, busy - mine / total_s)


def locust_run(base_url: str, out: Path) -> dict:
    """bench/locustfile.py, headless; what its processes recorded, their lists merged."""
    settings = {"accounts": ACCOUNTS, "password": PASSWORD, "out_dir": str(out), "wait": WAIT}
    (out / "config.json").write_text(json.dumps({**settings, "measure_s": TIME_S}))
    command = [
        str(LOCUST), f"--locustfile={ROOT / 'bench' / 'locustfile.py'}", "--headless",
        # People arrive over a few seconds, as they would: twenty log-ins at once only
        # measure password hashing, and the last ones would time out.
        f"--users={USERS * len(KINDS)}", f"--spawn-rate={SPAWN_RATE}", f"--host={base_url}",
        f"--run-time={TIME_S + LOGIN_ALLOWANCE_S}s", f"--csv={out / 'locust'}",
        "--only-summary", "--stop-timeout=10", "--loglevel=WARNING",
        "--exit-code-on-error=0",  # failed requests are figures, not a broken run
    ]  # fmt: skip
    say(f"locust: {USERS * len(KINDS)} people, {TIME_S} s measured after they have logged in")
    env = {**os.environ, "BENCH_CONFIG": str(out / "config.json")}
    if (code := subprocess.run(command, cwd=ROOT, env=env).returncode) != 0:
        raise harness.RunBroken(f"locust failed (exit {code})")
    people = {"acked": [], "sent": [], "setup_errors": [], "timing": [], "windows": []}
    for path in sorted(out.glob("people-*.json")):
        people["windows"].append(found := json.loads(path.read_text()))
        for key in ("acked", "sent", "setup_errors", "timing"):
            people[key] += found[key]
    return people


def sets_check(people: dict) -> dict:
    """Every acknowledged token in the database exactly once; then the run's sets are
    removed (their records recomputed), so the next run meets the same data."""
    from django.db import transaction

    from accounts.models import User
    from progress.records import records_rebuild
    from training.models import LoggedSet

    sent = set(people["sent"])
    logged = LoggedSet.objects.filter(token__in=sent)
    result = harness.sets_counted(sent, set(people["acked"]), logged)
    if sent:
        touched = set(logged.values_list("session__user", "exercise"))
        with transaction.atomic():
            logged.delete()
            for user_id in {user for user, _ in touched}:
                exercise_ids = [ex for user, ex in touched if user == user_id]
                records_rebuild(user=User.objects.get(pk=user_id), exercise_ids=exercise_ids)
    return result


@dataclass
class Row:
    requests: int = 0
    failures: int = 0
    rps: float = 0.0
    p50: float | None = None
    p95: float | None = None
    server: list[float] = field(default_factory=list)
    db: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)

    def median(self, name: str) -> float | None:
        values = getattr(self, name)
        return statistics.median(values) if values else None

    def query_range(self) -> str:
        low, high = min(self.queries, default=None), max(self.queries, default=None)
        return "–" if low is None else str(low) if low == high else f"{low}–{high}"


def csv_read(path: Path) -> list[dict]:
    return list(csv.DictReader(path.read_text().splitlines())) if path.exists() else []


def rows_read(out: Path, people: dict) -> dict[str, Row]:
    rows = {}
    for r in csv_read(out / "locust_stats.csv"):
        p50, p95 = (None if r[k] in ("", "N/A") else float(r[k]) for k in ("50%", "95%"))
        counts = int(r["Request Count"]), int(r["Failure Count"]), float(r["Requests/s"])
        rows["total" if r["Name"] == "Aggregated" else r["Name"]] = Row(*counts, p50, p95)
    for name, server_ms, db_ms, queries in people["timing"]:
        if row := rows.get(name):
            row.server.append(server_ms), row.db.append(db_ms), row.queries.append(queries)
    return rows


def ratio(a, b) -> float | None:
    return a / b if a is not None and b else None


def verdict(value: float | None, target: float) -> str:
    if value is not None and value <= target:
        return "met"
    return "**missed**" + ("" if value is None else f" (by {(value / target - 1) * 100:.0f} %)")


def report(out, people, rows, sets, history, info, busy, lighthouse, started) -> str:
    windows, setup_errors, none, names = people["windows"], people["setup_errors"], Row(), ACCOUNTS
    health, total = rows.get("/healthz", none), rows["total"]
    exceptions = csv_read(out / "locust_exceptions.csv")
    errors = total.failures + sum(int(r["Count"]) for r in exceptions) + len(setup_errors)
    targets, misses = [], []
    for page in PAGES:
        old, new = rows.get(f"{page} [5y]", none), rows.get(f"{page} [new]", none)
        value = ratio(old.p50, new.p50)
        targets.append(
            f"{page}: five-year ÷ new, p50 ≤ {RATIO_TARGET:g} | {fmt(value, 2)} | "
            + verdict(value, RATIO_TARGET)
        )
        if value is not None and value > RATIO_TARGET and old.server and new.server:
            s_old, s_new = old.median("server"), new.median("server")
            misses.append(
                f"- {page}: {fmt(s_old - s_new, 1)} ms more in Django ({fmt(s_old, 1)} against "
                f"{fmt(s_new, 1)} ms), {fmt(old.median('db') - new.median('db'), 1)} ms of it in "
                f"the database ({old.query_range()} against {new.query_range()} queries), the "
                "rest in Python (the ORM, the templates) or waiting for a core."
            )
    for kind in KINDS:
        row = rows.get(f"log set [{kind}]", none)
        value = ratio(row.p95, health.p95)
        targets.append(
            f"log set [{kind}]: p95 ≤ {LOG_SET_TARGET:g} × /healthz p95, {USERS * 2} people | "
            f"{fmt(row.p95)} ms ÷ {fmt(health.p95)} ms = {fmt(value, 1)} | "
            + verdict(value, LOG_SET_TARGET)
        )
        if value is not None and value > LOG_SET_TARGET and row.server:
            misses.append(
                f"- log set [{kind}]: {fmt(row.median('server'), 1)} ms in Django, "
                f"{fmt(row.median('db'), 1)} ms of it in {row.query_range()} queries; /healthz: "
                f"{fmt(health.median('server'), 1)} ms and one query."
            )
    exact = sets["lost"] == sets["duplicated"] == 0 < sets["acknowledged"]
    targets += [
        f"zero errors | {errors} | {'**missed**' if errors else 'met'}",
        f"every acknowledged set stored exactly once | {sets['once']:,} of "
        f"{sets['acknowledged']:,} ({sets['lost']} lost, {sets['duplicated']} duplicated) | "
        + ("met" if exact else "**missed**"),
    ]
    if misses:
        misses.insert(0, "Where the time of each miss goes (medians of `Server-Timing`):\n")
    endpoints = [
        f"{name} | {row.requests:,} | {row.failures:,} | {fmt(row.rps, 1)} | {fmt(row.p50)} | "
        f"{fmt(row.p95)} | {fmt(ratio(row.p50, health.p50), 1)} | "
        f"{fmt(ratio(row.p95, health.p95), 1)} | {fmt(row.median('server'), 1)} | "
        f"{fmt(row.median('db'), 1)} | {row.query_range()}"
        for name in [f"{name} [{kind}]" for name in PAGES + POSTS for kind in KINDS] + ["/healthz"]
        if (row := rows.get(name, none)).requests
    ]
    endpoints.append(
        f"**all requests** | {total.requests:,} | {total.failures:,} | {fmt(total.rps, 1)} | "
        f"{fmt(total.p50)} | {fmt(total.p95)}" + " |" * 5
    )
    versus = []
    for page in PAGES + POSTS[:1]:
        if (old := rows.get(f"{page} [5y]")) and (new := rows.get(f"{page} [new]")):
            cells = [page]
            for a, b, digits in (
                (old.p50, new.p50, 0),
                (old.p95, new.p95, 0),
                (old.median("server"), new.median("server"), 1),
            ):
                cells += [fmt(a, digits), fmt(b, digits), fmt(ratio(a, b), 2)]
            versus.append((*cells, f"{old.query_range()} / {new.query_range()}"))
    failed = [
        f"- {r['Occurrences']} × {r['Name']}: {r['Error']}"
        for r in csv_read(out / "locust_failures.csv")
    ]
    failed += [f"- {r['Count']} × exception in the scenario: {r['Message']}" for r in exceptions]
    failed += [f"- set-up failed: {message}" for message in setup_errors]
    if scores := lighthouse.get("scores"):
        categories = sorted({c for page in scores.values() for c in page})
        lighthouse = f"Scored after the load test, same server, as {names['5y'][0]}.\n\n"
        lighthouse += harness.table(
            "page | " + " | ".join(categories),
            [(page, *(fmt(by.get(c)) for c in categories)) for page, by in scores.items()],
        )
    elif "error" in lighthouse:
        lighthouse = f"The Lighthouse step failed: `{lighthouse['error']}`"
    else:
        lighthouse = f"Not run: {lighthouse.get('skipped', 'switched off')}."
    workers = f"{WORKERS} sync workers"
    if info["cores"] * 2 + 1 == WORKERS:
        workers += ", 2 × cores + 1: a worker waiting on PostgreSQL leaves its core to another"
    ours = busy[1] - busy[2] if None not in busy[1:] else None
    busy_before, busy_during, ours, other = (fmt(b and b * 100) for b in (*busy[:2], ours, busy[2]))
    noisy = "."
    if busy[2] is not None and busy[2] > NOISY:
        noisy = " — enough to blur the figures: run it again on a quieter machine."
    cpu = f" ({info['cpu']})" if info["cpu"] else ""
    people, wait = USERS * 2, f"{WAIT[0]:g}–{WAIT[1]:g}"
    weights = next((w["weights"] for w in windows if "weights" in w), {})
    weights = ", ".join(f"{name} {weight}" for name, weight in weights.items())
    window_s = max(w["stopped"] - w["started"] for w in windows if w.get("started"))
    errors = "\n".join(failed) or "No failed request, no exception in the scenario, all set up."
    targets = harness.table("target | measured | result", targets)
    endpoints, versus = harness.table(ENDPOINTS, endpoints), harness.table(VERSUS, versus)
    misses, last = "\n".join(misses), {k: v[-1] for k, v in names.items()}
    history = history.get("5y", 0)
    return harness.markdown(REPORT.format_map({**globals(), **locals()}))  # its fields: these names


def measure(out: Path) -> str:
    started = datetime.datetime.now(datetime.UTC)
    if not LOCUST.exists():
        raise harness.RunBroken("locust is missing from bench/.venv: `make bench` installs it")
    env = harness.app_prepare(DATABASE_URL, out / "static")
    history, busy_before = accounts_ensure(), cpu_settle()
    with harness.gunicorn(env, out / "gunicorn.log", workers=WORKERS) as server:
        say(f"gunicorn up at {server.url} ({WORKERS} workers)")
        machine, ours = cpu_times(), cpu_ours(server.pid)
        people = locust_run(server.url, out)
        busy = (busy_before, *cpu_share(server.pid, machine, ours))
        lighthouse = {"skipped": "switched off (BENCH_LIGHTHOUSE=0)"}
        try:  # its failure is reported, never the end of the run
            if LIGHTHOUSE:
                import lighthouse as scorer

                say("lighthouse: scoring pages as " + ACCOUNTS["5y"][0])
                lighthouse = {"scores": scorer.run(server.url, ACCOUNTS["5y"][0], PASSWORD)}
        except Exception as error:
            lighthouse = {"error": f"{error.__class__.__name__}: {error}"}
    rows = rows_read(out, people)
    if "total" not in rows or rows["total"].requests == 0:
        raise harness.RunBroken("nothing was measured: " + "; ".join(people["setup_errors"]))
    if not any(w.get("started") for w in people["windows"]):
        raise harness.RunBroken("the simulated people never all got past logging in")
    say("checking the sets against the database")
    info = {**harness.machine(), "locust": harness.version_of(str(LOCUST), "--version")}
    return report(out, people, rows, sets_check(people), history, info, busy, lighthouse, started)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="hamstrong-bench-") as temp:
        return harness.main(lambda: (measure(Path(temp)), True), ROOT / "docs" / "performance.md")


if __name__ == "__main__":
    sys.exit(main())
