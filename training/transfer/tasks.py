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

from training.models import Import
from training.transfer.importing import import_step, import_undo

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


def resume_stalled() -> int:
    """Queue again every import whose worker stopped reporting; returns how many."""
    quiet = timezone.now() - datetime.timedelta(seconds=settings.TASK_STALL_SECONDS)
    resumed = 0
    for batch in Import.objects.defer("payload").filter(
        status=Import.Status.RUNNING, heartbeat_at__lt=quiet
    ):
        resumed += import_resume(batch)
    return resumed
