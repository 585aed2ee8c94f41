"""`make bench-import`: how long a 50,000-set import takes, into docs/performance.md.

A Strong export of a gym-goer training four times a week for years, imported with
`manage.py import_history` on PostgreSQL and SQLite, then queued and written by the
background worker while /healthz is sampled. Settings (IMPORT_*): docs/performance.md.
"""

import datetime
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import harness

DOC = harness.ROOT / "docs" / "performance.md"
USERNAME = "import-bench"
EXERCISES = {  # the name in Strong, the first working load
    "Romanian Deadlift (Barbell)": 60, "Lying Leg Curl (Machine)": 30, "Glute Bridge": 0,
    "Good Morning (Barbell)": 40, "Cable Pull-Through": 25,
}  # fmt: skip
HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE"
)


def strong_export(sets: int, seed: int = 1) -> str:
    """A Strong CSV with `sets` set rows, four workouts a week back from yesterday."""
    rng = random.Random(seed)
    sessions = -(-sets // (len(EXERCISES) * 5))
    day, days = datetime.date.today(), []
    while len(days) < sessions:
        day -= datetime.timedelta(days=1)
        if day.weekday() in (0, 1, 3, 4):
            days.append(day)
    lines = [HEADER]
    for number, day in enumerate(reversed(days)):
        when = f"{day.isoformat()} 18:{number % 60:02d}:00"
        for name, start in EXERCISES.items():
            load = start + number // 20 * 2.5 if start else 0
            for order in ("W", "1", "2", "3", "4"):
                weight = load * 0.6 if order == "W" and load else load
                reps = rng.randint(8, 12)
                lines.append(f"{when},Hamstrings,1h 5m,{name},{order},{weight:g},{reps},0,0,,,")
    return "\n".join(lines[: sets + 1]) + "\n"


def user_create(env: dict) -> None:
    users = "from accounts.models import User; User.objects"
    code = f"{users}.filter(username={USERNAME!r}).delete(); {users}.create_user({USERNAME!r})"
    harness.manage(env, "shell", "-c", code)


def import_timed(env: dict, path: Path) -> str:
    """A fresh schema with the catalog and a new user, then one timed `manage.py
    import_history` (reading, checking, writing in steps, records, progression): its row."""
    harness.database_prepare(env)
    user_create(env)
    started = time.monotonic()
    options = ["--username", USERNAME, "--unit", "kg", "--unknown", "new", str(path)]
    said = harness.manage(env, "import_history", *options).strip().splitlines()[-1]
    return f"{time.monotonic() - started:.1f} s | {said}"


def through_the_worker(url: str, path: Path, tmp: str) -> tuple:
    """The file queued, a worker writing it, /healthz sampled meanwhile: the report's cells."""
    env = harness.environment(url, debug=True, IMPORT_MAX_BYTES=str(100 << 20))
    harness.database_create(url, fresh=True)
    harness.manage(env, "load_catalog", "--migrate")
    user_create(env)
    options = ["--username", USERNAME, "--unit", "kg", "--unknown", "new", "--queue"]
    pk = re.search(r"Queued import (\d+)", harness.manage(env, "import_history", *options,
                                                          str(path)))[1]  # fmt: skip
    harness.django_setup(url)  # the import's status read here: no process a second
    from training.models import Import

    served, done = [], threading.Event()

    def ask(url):
        while not done.is_set():
            started = time.monotonic()
            urllib.request.urlopen(url + "/healthz", timeout=10).read()
            served.append((time.monotonic() - started) * 1000)
            time.sleep(0.05)

    with harness.gunicorn(harness.environment(url, debug=False), Path(tmp) / "g.log") as web:
        (asker := threading.Thread(target=ask, args=[web.url])).start()
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--no-reload", "--no-startup-delay"],
            cwd=harness.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        started = time.monotonic()
        while (state := Import.objects.get(pk=pk).status) == Import.Status.RUNNING:
            time.sleep(0.5)
        took = time.monotonic() - started
        done.set(), asker.join(), worker.terminate(), worker.wait()
    cuts = statistics.quantiles(served, n=100)
    return (f"{state} in {took:.0f} s", f"{len(served):,}", f"{statistics.median(served):.1f} ms",
            f"{cuts[94]:.1f} ms", f"{max(served):.0f} ms")  # fmt: skip


def main() -> tuple[str, bool]:
    sets, rows = harness.setting("IMPORT_SETS", 50000, 1), []
    url = os.environ.get(
        "IMPORT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hamstrong_import"
    )
    worker_sets = harness.setting("IMPORT_WORKER_SETS", 100000, 1)
    with tempfile.TemporaryDirectory() as tmp:
        (path := Path(tmp) / "strong.csv").write_text(strong_export(sets), encoding="utf-8")
        size = path.stat().st_size
        databases = [("PostgreSQL", url)]
        if os.environ.get("IMPORT_SQLITE", "1") != "0":
            databases.append(("SQLite", f"sqlite:///{Path(tmp) / 'import.sqlite3'}"))
        for name, database_url in databases:
            if name == "PostgreSQL":
                harness.database_create(url, fresh=True)
            limit = str(max(size, 20 << 20))
            env = harness.environment(database_url, debug=True, IMPORT_MAX_BYTES=limit)
            rows.append(f"{name} | {import_timed(env, path)}")
            harness.say(rows[-1])
        path.write_text(strong_export(worker_sets), encoding="utf-8")
        harness.say(" | ".join(worker_row := through_the_worker(url, path, tmp)))
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = f"""## Importing a long history

`make bench-import` ({stamp}, {platform.machine()}, {os.cpu_count()} CPUs): a Strong export of
{sets:,} sets ({size / 1e6:.1f} MB, four workouts a week, the exercise names the catalog lacks
made private exercises) imported with `manage.py import_history`, timed from reading the file
to the records and progression rebuilt. Target: under a minute.

{harness.table("Database | Time | What the command said", rows)}

Through the background worker, on PostgreSQL: {worker_sets:,} sets queued with `import_history
--queue`, written and judged by one `manage.py worker` while /healthz was asked 20 times a
second through gunicorn (2 workers, DEBUG off). Target: /healthz p95 under 50 ms throughout.

{harness.table("Import | /healthz answers | p50 | p95 | slowest", [worker_row])}
"""
    return harness.markdown(section), True


if __name__ == "__main__":
    sys.exit(harness.main(main, DOC, "import"))
