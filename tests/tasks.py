"""Running the background tasks a test queued: the real worker, in this process.

`run_tasks()` is `manage.py worker --batch`: it takes every task the queue
(the database) holds, runs it as the deployed worker would, and stops when
the queue is empty. No mock queue: what a view enqueued is what runs.

One thing differs from a deployed worker: between tasks the worker closes
"old" database connections, and inside a test's transaction Django takes the
connection for unusable (autocommit is off) and would close it, throwing the
test's rows away. Here the worker keeps the test's connection.
"""

from unittest import mock

from django.core.management import call_command
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult


def run_tasks() -> list[DBTaskResult]:
    """Run every queued task; returns the results of this run, failures included."""
    before = set(DBTaskResult.objects.values_list("pk", flat=True))
    waiting = set(DBTaskResult.objects.ready().values_list("pk", flat=True))
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        call_command("worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    # What was waiting, and what those tasks (or the worker's resume) queued in turn.
    after = set(DBTaskResult.objects.values_list("pk", flat=True))
    return list(DBTaskResult.objects.filter(pk__in=waiting | (after - before)))


def run_tasks_ok() -> list[DBTaskResult]:
    """Run every queued task and fail the test if one of them failed."""
    results = run_tasks()
    failed = [r for r in results if r.status != "SUCCESSFUL"]
    assert not failed, [(r.task_path, r.exception_class_path, r.traceback) for r in failed]
    return results
