"""`make bench`: a load test on PostgreSQL, written into docs/performance.md; what it does
and its settings (BENCH_*): "The tools and their settings" there."""

import os
import sys
from pathlib import Path

import harness
import lighthouse as scorer
import load
from harness import ROOT, fmt, say
from load import Row, ratio, verdict

TIME_S, USERS = harness.setting("BENCH_TIME", 60, 1), harness.setting("BENCH_USERS", 10, 1)
WAIT = tuple(float(part) for part in os.environ.get("BENCH_WAIT", "1-3").split("-", 1))
# 2 × cores + 1 sync workers (WHY_WORKERS); with cores + 1, /healthz p95 measured the queue.
WORKERS = harness.setting("BENCH_WORKERS", 2 * (os.cpu_count() or 1) + 1, 1)
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL") or harness.POSTGRES + "hamstrong_bench"
LIGHTHOUSE = harness.setting("BENCH_LIGHTHOUSE", 1) != 0
SETTLE_S = harness.setting("BENCH_SETTLE", 180.0)
STEPS = [int(n) for n in os.environ.get("BENCH_STEPS", "20,40,60,90,120,160,200").split(",") if n]
STEP_S = harness.setting("BENCH_STEP_TIME", 20, 5)
KINDS = {"5y": "bench5y", "new": "benchnew", "steps": "benchstep"}  # kinds, their prefixes
COUNTS = {"5y": USERS, "new": USERS, "steps": max(STEPS, default=0)}
ACCOUNTS = {kind: [f"{KINDS[kind]}-{i}" for i in range(1, n + 1)] for kind, n in COUNTS.items()}
# The pages a person opens (the targets' "main pages"), then the set-logging POSTs.
PAGES = ("dashboard", "session", "chart", "history", "catalog")
POSTS = ("log set", "log set, same token twice")
RATIO, LOG_SET_RATIO, LOG_SET_P95, LOG_SET_SERVER, LOG_SET_QUERIES = 1.3, 1.1, 3.0, 5.0, 7
STEP_P95_MS = 200
PASSWORD = "bench-hamstrong-2026"
CONFIG = {"password": PASSWORD, "wait": WAIT}  # the locustfile's settings for every run
YEARS = 5  # of history behind the veteran accounts (the "five-year user")
ENDPOINTS = ("endpoint | requests | failures | req/s | p50 | p95 | p50 ÷ /healthz p50 | "
             "p95 ÷ /healthz p95 | server p50 | db p50 | queries")  # fmt: skip
WHY_WORKERS = ", 2 × cores + 1: a worker waiting on PostgreSQL leaves its core to another"
NOISY = ": other work was still running, which blurs the figures; run it again."
STEP_HEAD = "people | log sets/s | p50 | p95 | server p50 | queries | failures | p95 < 200 ms"
INSTANCES = """At the knee, one gunicorn instance against two behind nginx (round robin) on the
same PostgreSQL. Both ({WORKERS} workers each) share these cores, so a second buys no CPU here: this
shows the balancer's cost, and that a second instance serves the same people with no state of its
own (on a second machine it brings its own cores)."""
REPORT = """\
## Load test (`make bench`)

Measured {harness.STARTED:%Y-%m-%d %H:%M} UTC on {info[cores]} cores{cpu}, {info[os]}: Python
{info[python]}, PostgreSQL {info[postgres]}, Django {info[django]}, gunicorn {info[gunicorn]}
(DEBUG off; {workers}), locust {info[locust]}, all on these cores: {busy_before} % busy just before
the run (it waits for other work to leave), {busy_during} % during it{noisy}

**Scenario.** {people} people, each logged in once as their own account: {USERS} with {YEARS} years
of history ({names[5y][0]}…{last[5y]}, {history:,} sets between them), {USERS} new
({names[new][0]}…{last[new]}: the same routine, today's session planned). Each pauses {wait} s
between actions (people resting between sets: these carry the traffic of many more), at random
with weights {weights}; a set is an htmx POST with a fresh idempotency token, one in ten sent twice
at once. Figures cover {window_s:.0f} s after the last log-in, in ms as the client saw them;
*server* and *queries* come from `Server-Timing`: the time in Django (no wait for a worker) and its
SQL statements. The catalog is the same page for both kinds: its ratio's distance from 1 is the
noise. Ratios to /healthz shrink toward 1 under load (/healthz too waits for a busy worker).

### Targets

{targets}

{misses}

### Per endpoint

{endpoints}

### What one machine carries

People who only log sets (each their own new account, signed in beforehand), each pausing {wait} s
between sets, stepped up on the same server; {STEP_S} s measured at each step once all are in.
{knee}

{steps}

{instances}

### Sets and errors

{sets[sent]:,} sets sent (the capacity steps' included), {sets[acknowledged]:,} acknowledged (a 2xx
with the set in the card); in the database {sets[once]:,} exactly once, {sets[lost]} lost,
{sets[duplicated]} duplicated; {sets[unacked]} sent, not acknowledged, yet stored (a resend would
not add it twice). The run's sets were then removed: the next run meets the same data.

{errors}

### Lighthouse

{lighthouse}
"""


def accounts_ensure() -> dict[str, int]:
    """The accounts generated, again for those with no open session today (the dashboard no
    longer leads to one); the number of logged sets per kind."""
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
            years, options = YEARS if kind == "5y" else 0, [f"--password={PASSWORD}", "--seed=1"]
            harness.manage(env, "generate_history", f"--users={len(names)}",
                           f"--prefix={KINDS[kind]}", f"--years={years}", *options)  # fmt: skip
        sets[kind] = LoggedSet.objects.filter(session__user__username__in=names).count()
    # Whoever generated them, the accounts answer to this run's password (one hash for all).
    everyone = [name for names in ACCOUNTS.values() for name in names]
    User.objects.filter(username__in=everyone).update(password=make_password(PASSWORD))
    # Bulk-written tables lack planner statistics until autovacuum comes: without them the
    # "last time" query walked every session of a five-year user (18 ms, not 0.5).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return sets


def sessions_mint(names: list[str], secret_key: str) -> dict[str, str]:
    """A signed-in session per account (the server's SECRET_KEY): steps measure no hashing."""
    from django.contrib import auth
    from django.contrib.sessions.backends.db import SessionStore
    from django.test.utils import override_settings

    from accounts.models import User

    backend, keys = "django.contrib.auth.backends.ModelBackend", {}
    with override_settings(SECRET_KEY=secret_key):
        for user in User.objects.filter(username__in=names):
            store = SessionStore()
            store[auth.SESSION_KEY], store[auth.BACKEND_SESSION_KEY] = str(user.pk), backend
            store[auth.HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            keys[user.username] = store.session_key
    return keys


def sets_check(people: dict) -> dict:
    """The sets counted in the database; then removed (their records recomputed)."""
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


def step_run(url: str, out: Path, count: int, cookies: dict, people: dict) -> Row:
    """`count` people only logging sets for STEP_S s; their sets join `people`'s."""
    accounts, weights = {"steps": ACCOUNTS["steps"][:count]}, {"log set": 1}
    found = load.locust_run(url, out, accounts, STEP_S, **CONFIG, weights=weights, cookies=cookies)
    for key in ("sent", "acked", "setup_errors"):
        people[key] += found[key]
    rows = load.rows_read(out, found)
    row, twice = rows.get("log set [steps]", Row()), rows.get("log set, same token twice [steps]")
    row.failures += (twice.failures if twice else 0) + len(found["setup_errors"])
    return row


def capacity(env: dict, server, out: Path, people: dict) -> tuple[str, str, str]:
    """The steps until one does not hold, then one instance against two at the knee: the text."""
    if not STEPS:
        return "Not run (BENCH_STEPS is empty).", "", ""
    cookies, steps = sessions_mint(ACCOUNTS["steps"], env["SECRET_KEY"]), []
    for count in STEPS:
        row = step_run(server.url, out / f"step-{count}", count, cookies, people)
        steps.append((count, row))
        if not held(row):
            break
    knee = max(good := [n for n, row in steps if held(row)], default=STEPS[0])
    text = (f"**The knee: {knee} people**" if good else "**No step held**") + (
        f" logging a set every {WAIT[0]:g}–{WAIT[1]:g} s with log-set p95 under {STEP_P95_MS} ms"
        f" and no errors; {len(steps)} steps, up to the first that did not hold."
    )
    table = harness.table(STEP_HEAD, [step_cells(n, row) for n, row in steps])
    if not harness.nginx_binary(required=False):
        return text, table, "One against two instances: not run (nginx is missing)."
    instances = []
    with harness.gunicorn(env, out / "second.log", workers=WORKERS) as second:
        for label, servers in (("one instance", [server]), ("two instances", [server, second])):
            where = out / label.replace(" ", "-")
            with harness.nginx(servers, where) as url:
                row = step_run(url, where / "run", knee, cookies, people)
                instances.append(step_cells(f"{label}, {knee} people", row))
    instances = harness.table(STEP_HEAD.replace("people", "servers"), instances)
    return text, table, INSTANCES.format(WORKERS=WORKERS) + "\n\n" + instances


def held(row: Row) -> bool:
    return not row.failures and row.p95 is not None and row.p95 < STEP_P95_MS


def step_cells(label, row: Row) -> tuple:
    return (label, fmt(row.rps, 1), fmt(row.p50), fmt(row.p95), fmt(row.median("server"), 1),
            row.query_range(), row.failures, "yes" if held(row) else "**no**")  # fmt: skip


# fmt: off
def targets_of(rows: dict[str, Row], errors: int, sets: dict) -> tuple[list, list]:
    """The issue's targets, measured: (table rows, where each miss's time goes)."""
    health, none, targets, misses = rows.get("/healthz", Row()), Row(), [], []
    for page in PAGES + POSTS[:1]:
        old, new = rows.get(f"{page} [5y]", none), rows.get(f"{page} [new]", none)
        goal = LOG_SET_RATIO if page == "log set" else RATIO
        p50, p95 = ratio(old.p50, new.p50), ratio(old.p95, new.p95)
        server = ratio(old.median("server"), new.median("server"))
        targets.append((f"{page}: five-year ÷ new ≤ {goal:g}, p50 / p95",
                        f"{fmt(p50, 2)} / {fmt(p95, 2)} (server p50 {fmt(server, 2)}; queries "
                        f"{old.query_range()} / {new.query_range()})",
                        verdict(max(p50 or 99, p95 or 99), goal)))
        if (p50 or 99) > goal and old.server and new.server:
            s_old, s_new, db = old.median("server"), new.median("server"), old.median("db")
            misses.append(f"- {page}: {fmt(s_old - s_new, 1)} ms more in Django ({fmt(s_old, 1)} "
                          f"against {fmt(s_new, 1)} ms), {fmt(db - new.median('db'), 1)} ms of it "
                          "in the database, the rest in Python or waiting for a core.")
    for kind in ("5y", "new"):
        row = rows.get(f"log set [{kind}]", none)
        ours, floor = row.median("server"), health.median("server")
        p95, server = ratio(row.p95, health.p95), ratio(ours, floor)
        targets += [
            (f"log set [{kind}]: p95 ≤ {LOG_SET_P95:g} × /healthz p95, {USERS * 2} people",
             f"{fmt(row.p95)} ÷ {fmt(health.p95)} ms = {fmt(p95, 1)}", verdict(p95, LOG_SET_P95)),
            (f"log set [{kind}]: server p50 ≤ {LOG_SET_SERVER:g} × /healthz's",
             f"{fmt(ours, 1)} ÷ {fmt(floor, 1)} ms = {fmt(server, 1)}",
             verdict(server, LOG_SET_SERVER)),
            (f"log set [{kind}]: at most {LOG_SET_QUERIES} queries", row.query_range(),
             verdict(max(row.queries, default=None), LOG_SET_QUERIES))]
    exact = sets["lost"] == sets["duplicated"] == 0 < sets["acknowledged"]
    targets += [("zero errors", errors, "**missed**" if errors else "met"),
                ("every acknowledged set stored exactly once", f"{sets['once']:,} of "
                 f"{sets['acknowledged']:,} ({sets['lost']} lost, {sets['duplicated']} "
                 "duplicated)", "met" if exact else "**missed**")]
    return targets, misses and ["Where the time of each miss goes (medians of `Server-Timing`):",
                                "", *misses]
# fmt: on


def report(out, people, rows, sets, history, info, busy, lighthouse, capacity):
    windows, setup_errors, none, names = people["windows"], people["setup_errors"], Row(), ACCOUNTS
    health, total = rows.get("/healthz", none), rows["total"]
    exceptions = load.csv_read(out / "locust_exceptions.csv")
    errors = total.failures + sum(int(r["Count"]) for r in exceptions) + len(setup_errors)
    targets, misses = targets_of(rows, errors, sets)
    endpoints = [
        (name, f"{row.requests:,}", f"{row.failures:,}", fmt(row.rps, 1), fmt(row.p50),
         fmt(row.p95), fmt(ratio(row.p50, health.p50), 1), fmt(ratio(row.p95, health.p95), 1),
         fmt(row.median("server"), 1), fmt(row.median("db"), 1), row.query_range())
        for name in [f"{name} [{kind}]" for name in PAGES + POSTS for kind in ("5y", "new")]
        + ["/healthz"] if (row := rows.get(name, none)).requests
    ] + [f"**all requests** | {total.requests:,} | {total.failures:,} | {fmt(total.rps, 1)} | "
         f"{fmt(total.p50)} | {fmt(total.p95)}" + " |" * 5]  # fmt: skip
    knee, steps, instances = capacity
    failed = [f"- {r['Occurrences']} × {r['Name']}: {r['Error']}"
              for r in load.csv_read(out / "locust_failures.csv")]  # fmt: skip
    failed += [f"- {r['Count']} × exception in the scenario: {r['Message']}" for r in exceptions]
    failed += [f"- set-up failed: {message}" for message in setup_errors]
    workers = f"{WORKERS} sync workers" + WHY_WORKERS * (info["cores"] * 2 + 1 == WORKERS)
    busy_before, busy_during = (fmt(b and b * 100) for b in busy)
    noisy = NOISY if (busy[0] or 0) > load.SETTLE_BUSY else "."
    cpu = f" ({info['cpu']})" if info["cpu"] else ""
    people, wait = USERS * 2, f"{WAIT[0]:g}–{WAIT[1]:g}"
    weights = next((w["weights"] for w in windows if "weights" in w), {})
    weights = ", ".join(f"{name} {weight}" for name, weight in weights.items())
    window_s = max(w["stopped"] - w["started"] for w in windows if w.get("started"))
    errors = "\n".join(failed) or "No failed request, no exception in the scenario, all set up."
    targets = harness.table("target | measured | result", targets)
    endpoints, misses = harness.table(ENDPOINTS, endpoints), "\n".join(misses)
    last, history = {k: v[-1] for k, v in names.items() if v}, history.get("5y", 0)
    return REPORT.format_map({**globals(), **locals()})  # its fields: these names


def measure(out: Path) -> tuple[str, bool]:
    if not load.LOCUST.exists():
        raise harness.RunBroken("locust is missing from bench/.venv: `make bench` installs it")
    env = harness.app_prepare(DATABASE_URL, out / "static")
    history, busy_before = accounts_ensure(), load.cpu_settle(SETTLE_S)
    with harness.gunicorn(env, out / "gunicorn.log", workers=WORKERS) as server:
        say(f"gunicorn up at {server.url} ({WORKERS} workers)")
        machine = load.cpu_times()
        scenario = {kind: ACCOUNTS[kind] for kind in ("5y", "new")}
        people = load.locust_run(server.url, out, scenario, TIME_S, **CONFIG)
        busy = (busy_before, load.cpu_busy(machine))
        lighthouse = "Not run: switched off (BENCH_LIGHTHOUSE=0)."
        if LIGHTHOUSE:
            lighthouse = scorer.section(server.url, ACCOUNTS["5y"][0], PASSWORD, out)
        rows = load.rows_read(out, people)
        steps = capacity(env, server, out, people)
    if "total" not in rows or rows["total"].requests == 0:
        raise harness.RunBroken("nothing was measured: " + "; ".join(people["setup_errors"]))
    if not any(w.get("started") for w in people["windows"]):
        raise harness.RunBroken("the simulated people never all got past logging in")
    say("checking the sets against the database")
    info = {**harness.machine(), "locust": harness.version_of(str(load.LOCUST), "--version")}
    sets = sets_check(people)
    return report(out, people, rows, sets, history, info, busy, lighthouse, steps), True


if __name__ == "__main__":
    sys.exit(harness.main(measure, ROOT / "docs" / "performance.md"))
