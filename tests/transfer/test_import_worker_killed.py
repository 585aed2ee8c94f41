"""A worker killed in the middle of an import: whole steps only, and the next worker finishes it.

Real processes on the real queue: `manage.py worker` is started as a separate
process on the test database, killed with SIGKILL (no chance to clean up) once
it has written part of the import, and a second worker is started. PostgreSQL
only: the worker process must reach the test database, which on SQLite lives in
this process's memory.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from exercises.models import Exercise
from progress.models import PersonalRecord, ProgressionState
from tests.factories import ExerciseFactory, UserFactory
from training.models import Import, LoggedSet, Session
from transfer.importing import import_confirm, import_stage
from transfer.tasks import import_enqueue

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker process needs a database it can share (PostgreSQL)",
    ),
]

ROOT = Path(settings.BASE_DIR)
HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE"
)


def strong_file(workouts: int) -> bytes:
    """`workouts` Strong workouts, one a day back from yesterday, of 8 sets each."""
    day = datetime.date.today() - datetime.timedelta(days=1)
    lines = [HEADER]
    for n in range(workouts):
        when = f"{day - datetime.timedelta(days=n)} 07:00:00"
        for order in range(1, 5):
            lines.append(f"{when},Legs,45m,Romanian Deadlift (Barbell),{order},60,8,0,0,,,")
            lines.append(f"{when},Legs,45m,Glute Bridge,{order},0,12,0,0,,,")
    return ("\n".join(lines) + "\n").encode()


def database_url() -> str:
    db = connection.settings_dict
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


def worker(*args: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "TASK_STALL_SECONDS": "1",
        "DEBUG": "1",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--no-reload", "--no-startup-delay", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"waited {seconds} s for {what}")


def test_a_killed_worker_leaves_whole_steps_and_the_next_one_finishes(tmp_path):
    user = UserFactory(unit="kg")
    ExerciseFactory(
        name="Romanian Deadlift",
        measure=Exercise.Measure.REPS_LOAD,
        rule=Exercise.Rule.DOUBLE_PROGRESSION,
        reps_min=6,
        reps_max=8,
    )
    ExerciseFactory(name="Glute Bridge")
    # 750 workouts, 6,000 sets: three steps of 2,000 sets.
    batch = import_stage(user=user, filename="strong.csv", data=strong_file(750))
    expected = {s["key"]: len(s["sets"]) for s in batch.payload}
    batch = import_confirm(batch=batch, unit="kg", choices={})
    import_enqueue(batch)

    first = worker()
    try:
        # Killed once it has committed a step, well before the last one.
        wait_for(lambda: Import.objects.filter(pk=batch.pk, cursor__gt=0).exists(), 60, "a step")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        first.kill()
    batch.refresh_from_db()
    assert batch.status == Import.Status.RUNNING
    assert 0 < batch.cursor < batch.total, "killed too late to show anything"

    # What the log shows meanwhile is whole steps: every session has all its sets, and
    # the counts the import shows are the rows that are there.
    written = Counter(
        LoggedSet.objects.filter(session__imported_from=batch).values_list(
            "session__import_key", flat=True
        )
    )
    assert written == {key: expected[key] for key in written}
    assert len(written) == batch.sessions_written
    assert sum(written.values()) == batch.sets_written
    assert Session.objects.filter(imported_from=batch).count() == batch.sessions_written

    # A new worker finds it stalled and carries on from the cursor: nothing twice.
    time.sleep(1.2)
    second = worker("--batch")
    try:
        assert second.wait(120) == 0, second.stderr.read().decode()
    finally:
        second.kill()
    batch.refresh_from_db()
    assert batch.status == Import.Status.DONE, batch.error
    assert (batch.sessions_written, batch.sets_written) == (750, 6000)
    written = Counter(
        LoggedSet.objects.filter(session__imported_from=batch).values_list(
            "session__import_key", flat=True
        )
    )
    assert written == expected
    # Judged once it was whole: its records and progression are there.
    assert PersonalRecord.objects.filter(user=user).exists()
    assert ProgressionState.objects.filter(user=user).count() == 2
