"""`manage.py import_history`: the import from a terminal, with a progress bar."""

import io

import pytest
from django.core.management import CommandError, call_command

from exercises.models import Exercise
from progress.models import ProgressionEvent, ProgressionState
from tests.factories import ExerciseFactory
from tests.tasks import run_tasks_ok
from training.models import Import, LoggedSet, Session
from transfer import import_writing

pytestmark = pytest.mark.django_db

HEADER = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment"


def fitnotes(days: int) -> str:
    """Glute bridges, 3 × 10 every third day, and one exercise the catalog lacks."""
    rows = [HEADER]
    for day in range(1, days + 1):
        date = f"2025-{1 + (day * 3) // 28:02d}-{1 + (day * 3) % 28:02d}"
        rows += [f"{date},Glute Bridge,Legs,,,10,,,," for _ in range(3)]
        rows.append(f"{date},Reverse Hyper,Legs,20,kgs,15,,,,")
    return "\n".join(rows) + "\n"


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "fitnotes.csv"
    path.write_text(fitnotes(30), encoding="utf-8")
    return path


@pytest.fixture
def bridge(db):
    return ExerciseFactory(name="Glute Bridge")


def test_it_imports_with_a_progress_bar(user, export, bridge, monkeypatch):
    monkeypatch.setattr(import_writing, "STEP_SECONDS", 0)
    monkeypatch.setattr(import_writing, "CHUNK_SETS", 40)
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_history", str(export), username=user.username, unknown="new", stdout=out, stderr=err
    )
    assert "Imported 120 sets in 30 sessions" in out.getvalue()
    bars = err.getvalue().splitlines()
    assert len(bars) == 3  # 40 sets a step: 10 sessions each
    assert bars[0].startswith("[##########....................] 10/30")
    assert bars[-1].startswith("[##############################] 30/30")
    assert Session.objects.filter(user=user).count() == 30
    assert Exercise.objects.get(owner=user).name == "Reverse Hyper"
    # The set ladder judged every session: 1×10 → 2×10 → 3×10 → ready to move on.
    assert ProgressionEvent.objects.filter(user=user, exercise=bridge).count() == 30
    assert ProgressionState.objects.get(user=user, exercise=bridge).sets == 3


def test_queued_it_is_written_by_a_worker(user, export, bridge):
    out = io.StringIO()
    call_command(
        "import_history", str(export), username=user.username, unknown="new", queue=True, stdout=out
    )
    batch = Import.objects.get(user=user)
    assert f"Queued import {batch.pk}" in out.getvalue()
    assert batch.status == Import.Status.RUNNING and not Session.objects.exists()
    run_tasks_ok()
    batch.refresh_from_db()
    assert (batch.status, batch.sets_written) == (Import.Status.DONE, 120)
    assert ProgressionState.objects.get(user=user, exercise=bridge).sets == 3


def test_it_refuses_unknown_exercises_unless_told_what_to_do(user, export, bridge):
    with pytest.raises(CommandError, match="Reverse Hyper"):
        call_command("import_history", str(export), username=user.username)
    assert not Import.objects.exists()
    call_command(
        "import_history",
        str(export),
        username=user.username,
        map=[f"Reverse Hyper={bridge.slug}"],
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert LoggedSet.objects.filter(exercise=bridge).count() == 120


def test_a_bad_file_names_its_lines_and_imports_nothing(user, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "\n2025-01-01,Glute Bridge,Legs,,,ten,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2: "):
        call_command("import_history", str(path), username=user.username, unknown="skip")
    assert not Session.objects.exists()
