"""ANALYZE after bulk writes (training/analyze.py): on PostgreSQL only, after the commit."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from progress.models import PersonalRecord
from tests.factories import ExerciseFactory
from training.analyze import analyze, analyze_on_commit
from training.models import LoggedSet, Session
from transfer.backup import backup_json
from transfer.restore import backup_restore

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"


def analyzed(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]


def test_it_analyzes_the_tables_in_one_statement_on_postgresql_only():
    with CaptureQueriesContext(connection) as queries:
        analyze([LoggedSet, Session, PersonalRecord, LoggedSet])
    if POSTGRESQL:
        assert analyzed(queries) == [
            'ANALYZE "progress_personalrecord", "training_loggedset", "training_session"'
        ]
    else:
        assert queries.captured_queries == []


def test_on_commit_it_waits_for_the_commit(django_capture_on_commit_callbacks):
    with CaptureQueriesContext(connection) as queries:
        with django_capture_on_commit_callbacks() as callbacks:
            analyze_on_commit([LoggedSet])
        assert analyzed(queries) == []
        assert len(callbacks) == 1
        callbacks[0]()
    assert len(analyzed(queries)) == (1 if POSTGRESQL else 0)


def test_generating_a_history_analyzes_what_it_wrote():
    call_command("loaddata", "fixtures/exercises.json", verbosity=0)
    with CaptureQueriesContext(connection) as queries:
        call_command(
            "generate_history",
            users=1,
            years=0.1,
            prefix="analyzed",
            password="x",
            force=True,
            verbosity=0,
        )
    assert len(analyzed(queries)) == (1 if POSTGRESQL else 0)
    if POSTGRESQL:
        assert '"training_loggedset"' in analyzed(queries)[0]


def test_a_restore_analyzes_once_it_is_committed(
    user, other_user, django_capture_on_commit_callbacks
):
    session = Session.objects.create(user=user, date="2026-01-05", status=Session.Status.DONE)
    LoggedSet.objects.create(session=session, exercise=ExerciseFactory(), set_number=1, reps=10)
    document = json.loads("".join(backup_json(user=user)))
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        backup_restore(user=other_user, data=document)
    assert len(analyzed(queries)) == (1 if POSTGRESQL else 0)


def test_an_import_analyzes_once_it_is_written(user, tmp_path, django_capture_on_commit_callbacks):
    ExerciseFactory(name="Glute Bridge")
    export = tmp_path / "fitnotes.csv"
    rows = ["Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment"]
    rows += [f"2025-01-{day:02d},Glute Bridge,Legs,,,10,,,," for day in range(1, 20)]
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("import_history", str(export), username=user.username, stdout=io.StringIO())
    assert Session.objects.filter(user=user).count() == 19
    assert len(analyzed(queries)) == (1 if POSTGRESQL else 0)
