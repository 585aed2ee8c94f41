"""`make bench-import`: how long a 50,000-set Strong export takes to import, on PostgreSQL and
SQLite, then through the background worker; into docs/performance.md (its IMPORT_* too)."""

import datetime
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import harness

DOC = harness.ROOT / "docs" / "performance.md"
SQLITE = os.environ.get("IMPORT_SQLITE", "1") != "0"
USERNAME = "import-bench"
EXERCISES = {  # the name in Strong, the first working load
    "Romanian Deadlift (Barbell)": 60, "Lying Leg Curl (Machine)": 30, "Glute Bridge": 0,
    "Good Morning (Barbell)": 40, "Cable Pull-Through": 25,
}  # fmt: skip
HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
HEADER += "Workout Notes,RPE"


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


OPTIONS = ("--username", USERNAME, "--unit", "kg", "--unknown", "new")
USER_CREATE = f"from accounts.models import User; User.objects.create_user({USERNAME!r})"


def import_timed(env: dict, path: Path) -> str:
    """A fresh schema with the catalog and a new user, then one timed import: its row."""
    harness.database_prepare(env)
    harness.manage(env, "shell", "-c", USER_CREATE)
    started = time.monotonic()
    said = harness.manage(env, "import_history", *OPTIONS, str(path)).strip().splitlines()[-1]
    return f"{time.monotonic() - started:.1f} s | {said}"


def through_the_worker(url: str, path: Path, tmp: Path) -> tuple:
    """The file queued, a worker writing it, /healthz sampled meanwhile: the report's cells."""
    env = harness.environment(url, debug=True, IMPORT_MAX_BYTES=str(100 << 20))
    harness.database_create(url, fresh=True)
    harness.manage(env, "load_catalog", "--migrate")
    harness.manage(env, "shell", "-c", USER_CREATE)
    queued = harness.manage(env, "import_history", *OPTIONS, "--queue", str(path))
    pk = re.search(r"Queued import (\d+)", queued)[1]
    harness.django_setup(url)  # the import's status read here: no process a second
    from training.models import Import

    served, done = [], threading.Event()

    def ask(url):
        while not done.is_set():
            started = time.monotonic()
            urllib.request.urlopen(url + "/healthz", timeout=10).read()
            served.append((time.monotonic() - started) * 1000)
            time.sleep(0.05)

    with harness.gunicorn(harness.environment(url, debug=False), tmp / "g.log") as web:
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


def measure(tmp: Path) -> tuple[str, bool]:
    sets, rows = harness.setting("IMPORT_SETS", 50000, 1), []
    url = os.environ.get("IMPORT_DATABASE_URL", harness.POSTGRES + "hamstrong_import")
    worker_sets = harness.setting("IMPORT_WORKER_SETS", 100000, 1)
    (path := tmp / "strong.csv").write_text(strong_export(sets), encoding="utf-8")
    size = path.stat().st_size
    limit = str(max(size, 20 << 20))
    harness.database_create(url, fresh=True)
    databases = {"PostgreSQL": url, "SQLite": f"sqlite:///{tmp / 'import.sqlite3'}"}
    for name, database_url in list(databases.items())[: 1 + SQLITE]:
        env = harness.environment(database_url, debug=True, IMPORT_MAX_BYTES=limit)
        rows.append(f"{name} | {import_timed(env, path)}")
        harness.say(rows[-1])
    path.write_text(strong_export(worker_sets), encoding="utf-8")
    harness.say(" | ".join(worker_row := through_the_worker(url, path, tmp)))
    section = f"""## Importing a long history

`make bench-import` ({harness.STARTED:%Y-%m-%d %H:%M UTC}, {platform.machine()}, {os.cpu_count()}
CPUs): a Strong export of {sets:,} sets ({size / 1e6:.1f} MB, four workouts a week, the exercise
names the catalog lacks made private exercises) imported with `manage.py import_history`, timed
from reading the file to the records and progression rebuilt. Target: under a minute.

{harness.table("Database | Time | What the command said", rows)}

Through the background worker, on PostgreSQL: {worker_sets:,} sets queued with `import_history
--queue`, written and judged by one `manage.py worker` while /healthz was asked 20 times a
second through gunicorn (2 workers, DEBUG off). Target: /healthz p95 under 50 ms throughout.

{harness.table("Import | /healthz answers | p50 | p95 | slowest", [worker_row])}
"""
    return section, True


if __name__ == "__main__":
    sys.exit(harness.main(measure, DOC, "import"))
