"""The long work of import and restore, run by background workers (`manage.py worker`).

Django's Tasks API with the database as the queue (django-tasks, django-tasks-db):
a request records what is to be done and enqueues a task in the same
transaction, then answers at once; the page polls the row the task moves on.
Each task can be run again safely: an import carries on from its cursor (every
step one transaction), a restore is one transaction. A worker that is killed
leaves its task "running" with no progress; `resume_stalled` (run by every
starting worker, and offered on the import's page) enqueues it again.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from training.models import Import, Restore
from transfer.import_writing import import_step, import_undo
from transfer.restore import BackupError, backup_restore

logger = logging.getLogger(__name__)


@task()
def import_write(import_id: int) -> str:
    """Write a confirmed import to the end, then judge it; returns its status."""
    batch = Import.objects.select_related("user").filter(pk=import_id).first()
    if batch is None or batch.status != Import.Status.RUNNING:
        return batch.status if batch else "gone"
    try:
        while batch.status == Import.Status.RUNNING:
            # `import_step` reads the cursor under a lock each step: a second task on the
            # same import (a resume while the first was only slow) waits, then finds it on.
            batch = import_step(batch=batch, budget=float("inf"))
    except Exception as error:
        logger.exception("Import %s failed in its task", import_id)
        import_undo(
            batch=batch,
            status=Import.Status.FAILED,
            error=f"Something went wrong while writing it ({error.__class__.__name__}); "
            "nothing was kept.",
        )
        raise
    return batch.status


def import_enqueue(batch: Import) -> None:
    """Queue the writing of a confirmed import (inside the caller's transaction)."""
    Import.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now())
    import_write.enqueue(batch.pk)


def import_resume(batch: Import) -> bool:
    """Queue a stalled import again; False when it is still moving (or not running)."""
    with transaction.atomic():
        current = Import.objects.select_for_update().defer("payload").get(pk=batch.pk)
        if not current.stalled:
            return False
        import_enqueue(current)
    return True


@task()
def restore_write(restore_id: int) -> str:
    """Restore a checked backup into its (still empty) account, in one transaction."""
    with transaction.atomic():
        job = Restore.objects.select_for_update().filter(pk=restore_id).first()
        if job is None or job.status != Restore.Status.QUEUED:
            return job.status if job else "gone"
        try:
            with transaction.atomic():
                counts = backup_restore(user=job.user, data=job.document)
        except BackupError as error:
            # Checked when uploaded; the account may have changed since (another tab).
            job.status, job.problems = Restore.Status.FAILED, error.messages
        else:
            job.status, job.counts = Restore.Status.DONE, dict(counts)
        job.document, job.finished_at = {}, timezone.now()
        job.save()
    return job.status


def restore_enqueue(*, user, filename: str, document: dict) -> Restore:
    """Keep a checked backup and queue its restore."""
    with transaction.atomic():
        job = Restore.objects.create(
            user=user, filename=filename[:200], document=document, heartbeat_at=timezone.now()
        )
        restore_write.enqueue(job.pk)
    return job


def resume_stalled() -> int:
    """Queue again every import and restore whose worker stopped; returns how many."""
    quiet = timezone.now() - datetime.timedelta(seconds=settings.TASK_STALL_SECONDS)
    resumed = 0
    for batch in Import.objects.defer("payload").filter(
        status=Import.Status.RUNNING, heartbeat_at__lt=quiet
    ):
        resumed += import_resume(batch)
    for job in Restore.objects.defer("document").filter(
        status=Restore.Status.QUEUED, heartbeat_at__lt=quiet
    ):
        with transaction.atomic():
            Restore.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
            restore_write.enqueue(job.pk)
        resumed += 1
    return resumed
