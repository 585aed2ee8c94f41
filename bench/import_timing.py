"""`make bench-import`: how long a 50,000-set import takes, into docs/performance.md.

A Strong export of a gym-goer training four times a week for years, imported
with `manage.py import_history` into a fresh schema on PostgreSQL and SQLite;
each measurement is a row of the table between the import markers. Settings:
IMPORT_SETS [50000]; IMPORT_DATABASE_URL [postgres://postgres@127.0.0.1:5432/
hamstrong_import], recreated; IMPORT_SQLITE 0 skips SQLite.
"""

import datetime
import os
import platform
import random
import tempfile
import time
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


def import_timed(env: dict, path: Path) -> str:
    """A fresh schema with the catalog and a new user, then one timed `manage.py
    import_history` (reading, checking, writing in steps, records, progression): its row."""
    harness.database_prepare(env)
    harness.manage(
        env, "shell", "-c",
        f"from accounts.models import User; User.objects.filter(username={USERNAME!r}).delete();"
        f" User.objects.create_user({USERNAME!r}, password='not-used-import-bench')",
    )  # fmt: skip
    started = time.monotonic()
    options = ["--username", USERNAME, "--unit", "kg", "--unknown", "new", str(path)]
    said = harness.manage(env, "import_history", *options).strip().splitlines()[-1]
    return f"{time.monotonic() - started:.1f} s | {said}"


def main() -> None:
    sets = int(os.environ.get("IMPORT_SETS", "50000"))
    url = os.environ.get(
        "IMPORT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hamstrong_import"
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "strong.csv"
        path.write_text(strong_export(sets), encoding="utf-8")
        size = path.stat().st_size
        limits = {"IMPORT_MAX_BYTES": str(max(size, 20 << 20))}
        databases = [("PostgreSQL", url)]
        if os.environ.get("IMPORT_SQLITE", "1") != "0":
            databases.append(("SQLite", f"sqlite:///{Path(tmp) / 'import.sqlite3'}"))
        for name, database_url in databases:
            if name == "PostgreSQL":
                harness.database_create(url, fresh=True)
            env = harness.environment(database_url, debug=True, **limits)
            rows.append(f"| {name} | {import_timed(env, path)} |")
            harness.say(rows[-1])
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = [
        "## Importing a long history",
        "",
        f"`make bench-import` ({stamp}, {platform.machine()}, {os.cpu_count()} CPUs): a "
        f"Strong export of {sets:,} sets ({size / 1e6:.1f} MB, four workouts a week, the "
        "exercise names the catalog lacks made private exercises) imported with "
        "`manage.py import_history`, timed from reading the file to the records and "
        "progression being rebuilt. Target: under a minute.",
        "",
        "| Database | Time | What the command said |",
        "|---|---|---|",
        *rows,
    ]
    harness.section_write(DOC, "import", "\n".join(section))


if __name__ == "__main__":
    main()
