"""`make bench-import`: how long a 50,000-set import takes, into docs/performance.md.

    .venv/bin/python bench/import_timing.py              # 50,000 sets, PostgreSQL and SQLite
    IMPORT_SETS=100000 .venv/bin/python bench/import_timing.py

Writes a Strong export (the comma form, kilograms asked for) of a gym-goer
who trained four times a week for years: five exercises a session, five sets
each with a warm-up, two of the exercises not in the catalog. Then, for each
database, a fresh schema with the catalog, a new user, and the timed run of
`manage.py import_history` (reading, checking, writing in steps, records and
progression). The figures go between the import markers of the document.

Settings: IMPORT_SETS [50000]; IMPORT_DATABASE_URL
[postgres://postgres@127.0.0.1:5432/hamstrong_import]; IMPORT_SQLITE 0 skips SQLite.
"""

import datetime
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- import:begin -->", "<!-- import:end -->"
EXERCISES = [
    ("Romanian Deadlift (Barbell)", 60),
    ("Lying Leg Curl (Machine)", 30),
    ("Glute Bridge", 0),
    ("Good Morning (Barbell)", 40),
    ("Cable Pull-Through", 25),
]
HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE"
)


def strong_export(sets: int, seed: int = 1) -> str:
    """A Strong CSV with `sets` set rows, four workouts a week back from yesterday."""
    rng = random.Random(seed)
    per_session = len(EXERCISES) * 5
    sessions = -(-sets // per_session)
    day = datetime.date.today() - datetime.timedelta(days=1)
    days = []
    while len(days) < sessions:
        if day.weekday() in (0, 1, 3, 4):
            days.append(day)
        day -= datetime.timedelta(days=1)
    lines, written = [HEADER], 0
    for number, day in enumerate(reversed(days)):
        when = f"{day.isoformat()} 18:{number % 60:02d}:00"
        for name, start in EXERCISES:
            load = start + number // 20 * 2.5 if start else 0
            for order in ("W", "1", "2", "3", "4"):
                if written == sets:
                    break
                weight = load * 0.6 if order == "W" and load else load
                reps = rng.randint(8, 12)
                lines.append(f"{when},Hamstrings,1h 5m,{name},{order},{weight:g},{reps},0,0,,,")
                written += 1
    return "\n".join(lines) + "\n"


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def prepare(env: dict) -> None:
    manage(env, "migrate", "--noinput", "--verbosity=0")
    manage(env, "loaddata", *sorted(str(p) for p in (ROOT / "fixtures").glob("*.json")))
    manage(
        env,
        "shell",
        "-c",
        "from accounts.models import User; User.objects.filter(username='import-bench').delete();"
        " User.objects.create_user('import-bench', password='not-used-import-bench')",
    )


def timed_import(env: dict, path: Path) -> tuple[float, str]:
    started = time.monotonic()
    done = manage(
        env,
        "import_history",
        "--username",
        "import-bench",
        "--unit",
        "kg",
        "--unknown",
        "new",
        str(path),
    )
    return time.monotonic() - started, done.stdout.strip().splitlines()[-1]


def postgres_ready(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


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
        base = {**os.environ, "DEBUG": "1", "IMPORT_MAX_BYTES": str(max(size, 20 << 20))}
        targets = [("PostgreSQL", {**base, "DATABASE_URL": url})]
        if os.environ.get("IMPORT_SQLITE", "1") != "0":
            sqlite = f"sqlite:///{Path(tmp) / 'import.sqlite3'}"
            targets.append(("SQLite", {**base, "DATABASE_URL": sqlite}))
        for name, env in targets:
            if name == "PostgreSQL":
                postgres_ready(url)
            prepare(env)
            seconds, said = timed_import(env, path)
            print(f"{name}: {seconds:.1f} s — {said}")
            rows.append(f"| {name} | {seconds:.1f} s | {said} |")
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = "\n".join(
        [
            BEGIN,
            "## Importing a long history",
            "",
            f"`make bench-import` ({stamp}, {platform.machine()}, {os.cpu_count()} CPUs): a "
            f"Strong export of {sets:,} sets ({size / 1e6:.1f} MB, four workouts a week, the "
            "exercise names the catalog lacks made private exercises) imported with "
            "`manage.py import_history`, timed from reading the file to the records and "
            "progression being rebuilt. "
            "Target: under a minute.",
            "",
            "| Database | Time | What the command said |",
            "|---|---|---|",
            *rows,
            END,
        ]
    )
    text = DOC.read_text(encoding="utf-8")
    if BEGIN in text:
        text = re.sub(
            re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: section, text, flags=re.S
        )
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
