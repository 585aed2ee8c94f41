"""An import of another app's log: staged at upload, written only once the user confirms.

The parsed file waits in `payload` while the user reviews it; nothing reaches
the log before they confirm. Confirmed, it is written in steps of a few
thousand sets, each step one transaction that also moves `cursor` on, so a
step that fails or a process that dies leaves no half-written step, and the
next step carries on where the last committed one ended. The steps run in a
background task (transfer/tasks.py); `heartbeat_at` tells the page and
the workers whether one is still moving it on. An import that fails is undone
whole (its sessions are deleted with their sets); its file is kept so that it
can be tried again.

The model is training's (a session points at the import that brought it in);
the code that stages, writes and shows an import is the transfer app's.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


def quiet_too_long(heartbeat) -> bool:
    """No worker has reported for TASK_STALL_SECONDS: the task is taken for dead."""
    if heartbeat is None:
        return False
    return (timezone.now() - heartbeat).total_seconds() > settings.TASK_STALL_SECONDS


class ImportQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class Import(models.Model):
    class Format(models.TextChoices):
        STRONG = "strong", "Strong"
        HEVY = "hevy", "Hevy"
        FITNOTES = "fitnotes", "FitNotes"

    class Status(models.TextChoices):
        REVIEW = "review", "Waiting for review"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed, nothing imported"
        CANCELLED = "cancelled", "Cancelled"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imports"
    )
    filename = models.CharField(max_length=200)
    format = models.CharField(max_length=10, choices=Format)
    sha256 = models.CharField(max_length=64, help_text="Of the file, to spot the same file again.")
    unit = models.CharField(
        "weight unit of the file", max_length=2, blank=True, help_text="Empty until known."
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.REVIEW)
    # Empty by design: the payload ([]) once written or undone, the mapping ({})
    # until the user confirms.
    payload = models.JSONField(blank=True, help_text="The parsed sessions, as written on confirm.")
    summary = models.JSONField(default=dict, help_text="Counts shown on the review screen.")
    mapping = models.JSONField(
        default=dict,
        blank=True,
        help_text="Each exercise name of the file: the exercise it is logged as.",
    )
    cursor = models.PositiveIntegerField(default=0, help_text="Sessions of the payload written.")
    total = models.PositiveIntegerField(default=0, help_text="Sessions of the payload to write.")
    sessions_written = models.PositiveIntegerField(default=0)
    sets_written = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When the background task last moved it on."
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "sha256"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(cursor__lte=models.F("total")), name="import_cursor_within_total"
            ),
        ]

    def __str__(self):
        return f"{self.get_format_display()} import of {self.filename}"

    def get_absolute_url(self):
        if self.status == self.Status.REVIEW:
            return reverse("transfer:import-review", args=[self.pk])
        return reverse("transfer:import-progress", args=[self.pk])

    @property
    def percent(self) -> int:
        """Progress for the bar: writing the sessions is most of it, the records the rest."""
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(95, self.cursor * 95 // self.total)

    @property
    def stalled(self) -> bool:
        """Running, but no worker has moved it on for a while: it may be resumed."""
        return self.status == self.Status.RUNNING and quiet_too_long(self.heartbeat_at)

    @property
    def waiting(self) -> bool:
        """Confirmed, and no worker has written anything yet."""
        return self.status == self.Status.RUNNING and self.cursor == 0

    @property
    def last_day(self) -> datetime.date | None:
        """The file's latest workout: where the calendar link opens."""
        last = self.summary.get("last_date")
        return datetime.date.fromisoformat(last) if last else None
