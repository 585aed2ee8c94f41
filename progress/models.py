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
from training.models import MAX_LOAD_KG, LoggedSet, Session
from training.units import format_load


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


class OwnedQuerySet(models.QuerySet):
    """Rows that belong to one user, through their `user` field."""

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

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["user", "exercise", "date"]),
            # The dashboard's latest changes.
            models.Index(fields=["user", "-date", "-id"], name="event_user_latest"),
        ]
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


class PersonalRecordQuerySet(OwnedQuerySet):
    def beaten(self):
        """Records that beat an earlier best (the first set of an exercise only sets a baseline)."""
        return self.filter(previous__isnull=False)


class PersonalRecordManager(models.Manager.from_queryset(PersonalRecordQuerySet)):
    """Every record comes with its band colour: `describe()` names it, on every page."""

    def get_queryset(self):
        return super().get_queryset().select_related("band")


class PersonalRecord(models.Model):
    """A set that beat the user's best: written when it is logged, rebuilt when the log changes.

    A record's identity is its exercise, kind, rep count (for load), band
    colour (for exercises measured in reps at a band) and side (for
    unilateral exercises): reps at red never compete with reps at green, nor
    the left leg with the right. Records only ever rise, so the best of an
    identity is its latest row. See `progress.records`.
    """

    class Kind(models.TextChoices):
        LOAD = "load", "Heaviest load"
        E1RM = "e1rm", "Best estimated one-rep max"
        REPS = "reps", "Most reps"
        HOLD = "hold", "Longest hold"

    Side = LoggedSet.Side

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_records"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    logged_set = models.ForeignKey(
        "training.LoggedSet", on_delete=models.CASCADE, related_name="records"
    )
    kind = models.CharField(max_length=4, choices=Kind)
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For the heaviest load: the reps it was lifted for."
    )
    band = models.ForeignKey(
        BandColour,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For reps at a band colour: the colour (records never cross colours).",
    )
    side = models.CharField(
        max_length=5,
        choices=Side,
        default=Side.BOTH,
        help_text="For a unilateral exercise: the leg; both legs otherwise.",
    )
    value = models.DecimalField(
        max_digits=10, decimal_places=4, help_text="kg, reps or seconds, by kind."
    )
    previous = models.DecimalField(
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="The best it beat; empty for the first set of its kind.",
    )
    date = models.DateField()

    objects = PersonalRecordManager()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["user", "-date"], name="record_user_date"),
            models.Index(fields=["user", "exercise", "kind"], name="record_user_exercise_kind"),
        ]
        constraints = [
            # A set has one band and one side, so its band and side add nothing here:
            # one record of each kind (and rep count) per set.
            models.UniqueConstraint(
                fields=["logged_set", "kind", "reps"], name="personalrecord_one_per_set_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind="load", reps__isnull=False) | ~Q(kind="load"),
                name="personalrecord_load_has_reps",
            ),
            models.CheckConstraint(
                condition=Q(band__isnull=True) | Q(kind="reps"),
                name="personalrecord_band_only_for_reps",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.exercise} {self.get_kind_display()} {self.value}"

    def kind_title(self) -> str:
        """'Heaviest for 5 reps', 'Best estimated one-rep max (Epley)', 'Most reps'."""
        if self.kind == self.Kind.LOAD:
            return f"Heaviest for {self.reps} rep{'' if self.reps == 1 else 's'}"
        if self.kind == self.Kind.E1RM:
            return "Best estimated one-rep max (Epley)"
        return self.get_kind_display()

    def title(self) -> str:
        """The kind, then the band and the leg where they apply: 'Most reps on the red
        band (left leg)'."""
        text = self.kind_title()
        if self.band_id:
            text += f" on the {self.band.name.lower()} band"
        if self.side != self.Side.BOTH:
            text += f" ({self.side} leg)"
        return text

    def variant(self) -> str:
        """'Red band, left leg', 'Left leg', '': what sets this record apart beside its kind."""
        parts = []
        if self.band_id:
            parts.append(f"{self.band.name} band")
        if self.side != self.Side.BOTH:
            parts.append(f"{self.side} leg")
        return ", ".join(parts).capitalize()

    def amount(self, unit: str, value=None) -> str:
        value = self.value if value is None else value
        if self.kind in (self.Kind.LOAD, self.Kind.E1RM):
            return format_load(value, unit)
        number = value.to_integral_value()
        if self.kind == self.Kind.HOLD:
            return f"{number} s"
        return f"{number} rep{'' if number == 1 else 's'}"

    def describe(self, unit: str) -> str:
        """'Heaviest for 5 reps: 100 kg (was 95 kg)'."""
        text = f"{self.title()}: {self.amount(unit)}"
        if self.previous is not None:
            text += f" (was {self.amount(unit, self.previous)})"
        return text


class GoalQuerySet(OwnedQuerySet):
    def active(self):
        return self.filter(closed_on__isnull=True)


class Goal(models.Model):
    """A SMART goal: what, measured how, against which baseline, why, and by when.

    Targets are stored in the log's units: kg, reps, seconds, sets (for a
    stage), the chain position (for reaching an exercise) or sessions a week.
    How far along a goal is, and its status, are read from the log by
    `progress.goals`; nothing here is a cached copy of them.
    """

    class Metric(models.TextChoices):
        LOAD_FOR_REPS = "load_for_reps", "Load for a number of reps"
        E1RM = "e1rm", "Estimated one-rep max"
        REPS = "reps", "Reps in one set"
        HOLD = "hold", "Hold time"
        STAGE = "stage", "Reach a stage (such as 3 × 10)"
        EXERCISE = "exercise", "Reach an exercise of a progression (such as Nordic curls)"
        SESSIONS = "sessions", "Sessions a week, kept up for a number of weeks"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals"
    )
    metric = models.CharField(max_length=14, choices=Metric)
    exercise = models.ForeignKey(
        Exercise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The exercise measured; for reaching an exercise, the one to reach.",
    )
    chain = models.ForeignKey(
        Chain,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For reaching an exercise: the progression it is a step of.",
    )
    target = models.DecimalField(max_digits=10, decimal_places=4)
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Load for N reps: N. A stage: the reps of each set."
    )
    weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Sessions a week: how many weeks in a row."
    )
    baseline = models.DecimalField(
        max_digits=10, decimal_places=4, help_text="Where the log stood when the goal was set."
    )
    why = models.TextField("why it matters", max_length=500)
    deadline = models.DateField()
    created_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True, help_text="Set when the user archives it.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["user", "closed_on", "deadline"], name="goal_user_open")]
        constraints = [
            models.CheckConstraint(condition=Q(target__gt=0), name="goal_target_positive"),
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("created_on")), name="goal_deadline_after_start"
            ),
            models.CheckConstraint(
                condition=Q(metric="sessions", exercise__isnull=True, weeks__gte=1)
                | (~Q(metric="sessions") & Q(exercise__isnull=False)),
                name="goal_exercise_or_sessions",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_metric_display()} by {self.deadline}"

    def get_absolute_url(self):
        return reverse("progress:goal-detail", args=[self.pk])


class PainReport(models.Model):
    """Pain during one exercise of one session, 0–10, as the user said it (optional).

    `sharp` is a sudden sharp pain or a "pop": the exercise stops there (article
    000's advice). The rules read it with the session (`progress.pain`).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pain_reports"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="pain_reports")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    pain = models.PositiveSmallIntegerField(
        "pain during the exercise (0–10)", null=True, blank=True
    )
    sharp = models.BooleanField("sudden sharp pain or a pop", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "exercise"], name="painreport_one_each"),
            models.CheckConstraint(
                condition=Q(pain__isnull=True) | Q(pain__lte=10), name="painreport_pain_0_to_10"
            ),
        ]

    def __str__(self):
        return f"{self.exercise} on {self.session.date}: {self.pain}/10"


class MorningCheck(models.Model):
    """The next-morning check: "How do your hamstrings feel this morning?", 0–10."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="morning_checks"
    )
    date = models.DateField()
    pain = models.PositiveSmallIntegerField("pain this morning (0–10)")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="morningcheck_one_a_day"),
            models.CheckConstraint(condition=Q(pain__lte=10), name="morningcheck_pain_0_to_10"),
        ]

    def __str__(self):
        return f"{self.user} on {self.date}: {self.pain}/10"
