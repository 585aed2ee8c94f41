"""Where each user stands on each exercise, and how they got there.

`ProgressionState` is what pages read: the stage the engine earned the user,
so no page replays their history. `ProgressionEvent` is the history: one row
per exercise per finished session, plus the user's own decisions (moving on,
staying, setting their own target).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from exercises.models import MAX_HOLD_SECONDS, MAX_REPS, BandColour, Chain, Exercise
from progress import engine
from training.models import MAX_LOAD_KG, Session


class ProgressionState(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progressions"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    chain = models.ForeignKey(
        Chain,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The chain whose next step this exercise leads to.",
    )
    sets = models.PositiveSmallIntegerField()
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_s = models.PositiveSmallIntegerField("hold (s)", null=True, blank=True)
    load_kg = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)
    band = models.ForeignKey(
        BandColour, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    trained_on = models.DateField(
        null=True, blank=True, help_text="The date of the last session judged."
    )
    reason = models.TextField(blank=True)
    offer = models.ForeignKey(
        Exercise,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The next exercise offered, until the user moves on or stays.",
    )
    moved_to = models.ForeignKey(
        Exercise,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The exercise the user moved on to; sessions show it in this one's place.",
    )
    event = models.ForeignKey(
        "ProgressionEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The event that set this state: re-finishing a session only revises its own.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "exercise"], name="progressionstate_unique"),
            models.CheckConstraint(
                condition=Q(sets__gte=1, sets__lte=20), name="progressionstate_sets_1_to_20"
            ),
            models.CheckConstraint(
                condition=Q(reps__isnull=True) | Q(reps__gte=1, reps__lte=MAX_REPS),
                name="progressionstate_reps_in_range",
            ),
            models.CheckConstraint(
                condition=Q(hold_s__isnull=True) | Q(hold_s__gte=1, hold_s__lte=MAX_HOLD_SECONDS),
                name="progressionstate_hold_in_range",
            ),
            models.CheckConstraint(
                condition=Q(load_kg__isnull=True) | Q(load_kg__gte=0, load_kg__lte=MAX_LOAD_KG),
                name="progressionstate_load_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.exercise}"

    def get_absolute_url(self):
        return reverse("progress:exercise-progress", args=[self.exercise.slug])

    @property
    def prescription(self) -> engine.Prescription:
        return engine.Prescription(
            exercise=self.exercise.slug,
            sets=self.sets,
            reps=self.reps,
            hold_s=self.hold_s,
            load_kg=self.load_kg,
            band=self.band.slug if self.band_id else None,
        )


class ProgressionEventQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class ProgressionEvent(models.Model):
    class Kind(models.TextChoices):
        STAY = engine.Change.STAY, "Stayed"
        ADD_SET = engine.Change.ADD_SET, "Added a set"
        ADD_REPS = engine.Change.ADD_REPS, "Added reps"
        ADD_LOAD = engine.Change.ADD_LOAD, "Added load"
        LONGER_HOLD = engine.Change.LONGER_HOLD, "Longer hold"
        NEXT_BAND = engine.Change.NEXT_BAND, "Next band colour"
        NEXT_EXERCISE = engine.Change.NEXT_EXERCISE, "Ready for the next exercise"
        STEP_BACK = engine.Change.STEP_BACK, "Stepped back"
        MOVED_ON = "moved_on", "Moved on"
        KEPT = "kept", "Kept the current stage"
        OVERRIDE = "override", "Set by you"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progression_events"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progression_events",
        help_text="The session judged; empty for the user's own decisions and gap step-backs.",
    )
    date = models.DateField()
    kind = models.CharField(max_length=16, choices=Kind)
    met = models.BooleanField(null=True, blank=True, help_text="Whether the session met its stage.")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField()
    before_text = models.CharField(max_length=200, blank=True)
    after_text = models.CharField(max_length=200)
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgressionEventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["user", "exercise", "date"])]
        constraints = [
            # Finishing a session twice updates its judgement instead of adding one.
            models.UniqueConstraint(
                fields=["session", "exercise"],
                condition=Q(session__isnull=False),
                name="progressionevent_one_per_session_exercise",
            ),
        ]

    def __str__(self):
        return f"{self.exercise} on {self.date}: {self.get_kind_display()}"
