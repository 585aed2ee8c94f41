"""Erasing an account in the background: a five-year log is too much to delete in a request.

The request closes the account at once (`account_close`: it can no longer log
in, its address is free again) and queues `account_erase`, which deletes
everything in one transaction: a worker killed half-way deletes nothing, and
the account is erased again by the next worker that starts.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from accounts.models import User
from accounts.services import account_delete


@task()
def account_erase(user_id: int) -> bool:
    """Delete a closed account and everything in it; False if there was nothing to do."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id).first()
        if user is None or user.deleting_since is None:
            return False
        account_delete(user=user)
    return True


@transaction.atomic
def account_close(*, user) -> None:
    """Close the account now (no log-in, no email address) and queue its erasure."""
    User.objects.filter(pk=user.pk).update(is_active=False, email="", deleting_since=timezone.now())
    account_erase.enqueue(user.pk)


def resume_stalled() -> int:
    """Queue again the erasures a stopped worker left; returns how many."""
    quiet = timezone.now() - datetime.timedelta(seconds=settings.TASK_STALL_SECONDS)
    waiting = list(User.objects.filter(deleting_since__lt=quiet).values_list("pk", flat=True))
    for pk in waiting:
        with transaction.atomic():
            User.objects.filter(pk=pk).update(deleting_since=timezone.now())
            account_erase.enqueue(pk)
    return len(waiting)
