"""A backup being restored: checked in the request, written by a background task.

The upload is checked before anything else (a bad file is an error beside the
field, nothing kept); a good one waits here in `document` until a worker
restores it, in one transaction, so a worker killed half-way writes nothing and
the next worker restores it again. The document is dropped once done.

The model is training's, beside `Import`; the code that checks, restores and
shows a backup is the transfer app's (transfer/restore/, transfer/tasks.py).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from training.models.imports import quiet_too_long


class RestoreQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class Restore(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be restored"
        DONE = "done", "Restored"
        FAILED = "failed", "Failed, nothing restored"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="restores"
    )
    filename = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    document = models.JSONField(blank=True, help_text="The checked backup, until restored.")
    counts = models.JSONField(default=dict, blank=True, help_text="The rows restored.")
    problems = models.JSONField(default=list, blank=True, help_text="Why it failed.")
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker was last given it."
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RestoreQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Restore of {self.filename}"

    def get_absolute_url(self):
        return reverse("transfer:restore-progress", args=[self.pk])

    @property
    def stalled(self) -> bool:
        return self.status == self.Status.QUEUED and quiet_too_long(self.heartbeat_at)
