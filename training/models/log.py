"""Sessions and logged sets.

Loads are stored in kilograms as exact decimals (4 places, so a load typed in
pounds shows back as the same number); the user's unit is for entry and
display only (training/units.py).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from exercises.models import MAX_HOLD_SECONDS, MAX_REPS, BandColour, Exercise
from training.models.plans import Routine, Schedule
from training.models.validators import validate_session_day, validate_session_moment

MAX_LOAD_KG = 1000
MAX_SET_NOTE = 200


class SessionQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def between(self, first, last):
        return self.filter(date__gte=first, date__lte=last)


class Session(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        SKIPPED = "skipped", "Skipped"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessions"
    )
    routine = models.ForeignKey(
        Routine, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    schedule = models.ForeignKey(
        Schedule, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    date = models.DateField(
        validators=[validate_session_day], help_text="The day it was (or is to be) trained."
    )
    planned_date = models.DateField(
        null=True,
        blank=True,
        validators=[validate_session_day],
        help_text="The day it was planned for, kept when it was trained on another day.",
    )
    title = models.CharField(
        max_length=100, blank=True, help_text="A name of its own, such as an imported workout's."
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.PLANNED)
    warmup_done = models.BooleanField(
        "warm-up done",
        default=False,
        help_text="5–10 minutes of light cardio and dynamic stretches.",
    )
    cooldown_done = models.BooleanField("cool-down stretches done", default=False)
    effort = models.PositiveSmallIntegerField("overall effort (RPE 1–10)", null=True, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    started_at = models.DateTimeField(null=True, blank=True, validators=[validate_session_moment])
    finished_at = models.DateTimeField(null=True, blank=True, validators=[validate_session_moment])
    imported_from = models.ForeignKey(
        "training.Import",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        help_text="The import that brought this session in from another app.",
    )
    import_key = models.CharField(
        max_length=200,
        blank=True,
        help_text="The workout's identity in its file: importing it again adds nothing.",
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["user", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(effort__isnull=True) | Q(effort__gte=1, effort__lte=10),
                name="session_effort_1_to_10",
            ),
            models.UniqueConstraint(
                fields=["user", "import_key"],
                condition=~Q(import_key=""),
                name="session_unique_import_key",
            ),
        ]

    def __str__(self):
        return f"{self.name} on {self.date:%a} {self.date.day} {self.date:%b %Y}"

    def get_absolute_url(self):
        return reverse("logbook:session-detail", args=[self.pk])

    @property
    def name(self) -> str:
        """Its title, else its routine's name (the routine is read if not already)."""
        if self.title:
            return self.title
        if self.routine_id:
            return self.routine.name
        return "Imported workout" if self.imported_from_id else "Free session"

    @property
    def moved(self) -> bool:
        """Trained on another day than the one it was planned for."""
        return self.planned_date is not None and self.planned_date != self.date

    def display_status(self, today):
        """Planned sessions whose day has passed show as missed."""
        if self.status == self.Status.PLANNED and self.date < today:
            return "missed"
        return self.status


class LoggedSetQuerySet(models.QuerySet):
    def working(self):
        """The sets that count: every type but warm-ups (for stages, records, goals, charts)."""
        return self.exclude(kind=LoggedSet.Kind.WARMUP)


class LoggedSet(models.Model):
    class Side(models.TextChoices):
        BOTH = "both", "Both"
        LEFT = "left", "Left"
        RIGHT = "right", "Right"

    class Kind(models.TextChoices):
        """Warm-ups count towards nothing: not the stage, not a record."""

        WORKING = "working", "Working set"
        WARMUP = "warmup", "Warm-up"
        DROP = "drop", "Drop set"
        FAILURE = "failure", "To failure"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="sets")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    set_number = models.PositiveSmallIntegerField()
    side = models.CharField(max_length=5, choices=Side, default=Side.BOTH)
    kind = models.CharField("set type", max_length=8, choices=Kind, default=Kind.WORKING)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    load_kg = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)
    hold_s = models.PositiveSmallIntegerField("hold (s)", null=True, blank=True)
    band = models.ForeignKey(
        BandColour, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rpe = models.PositiveSmallIntegerField("effort (RPE)", null=True, blank=True)
    note = models.CharField(
        max_length=MAX_SET_NOTE, blank=True, help_text="A word on this set: 'left knee twinged'."
    )
    completed = models.BooleanField(default=True)
    token = models.UUIDField(
        default=uuid.uuid4, help_text="Sent with the form: a double tap logs one set, not two."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LoggedSetQuerySet.as_manager()

    class Meta:
        ordering = ["session", "pk"]
        indexes = [models.Index(fields=["exercise", "session"])]
        constraints = [
            models.UniqueConstraint(fields=["session", "token"], name="loggedset_unique_token"),
            models.CheckConstraint(
                condition=Q(reps__isnull=True) | Q(reps__gte=1, reps__lte=MAX_REPS),
                name="loggedset_reps_1_to_1000",
            ),
            models.CheckConstraint(
                condition=Q(load_kg__isnull=True) | Q(load_kg__gte=0, load_kg__lte=MAX_LOAD_KG),
                name="loggedset_load_0_to_1000_kg",
            ),
            models.CheckConstraint(
                condition=Q(hold_s__isnull=True) | Q(hold_s__gte=1, hold_s__lte=MAX_HOLD_SECONDS),
                name="loggedset_hold_up_to_an_hour",
            ),
            models.CheckConstraint(
                condition=Q(rpe__isnull=True) | Q(rpe__gte=1, rpe__lte=10),
                name="loggedset_rpe_1_to_10",
            ),
            models.CheckConstraint(
                condition=Q(reps__isnull=False) | Q(hold_s__isnull=False),
                name="loggedset_has_reps_or_hold",
            ),
        ]

    def __str__(self):
        return f"{self.exercise} set {self.set_number}"
