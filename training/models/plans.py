"""Routines (shipped templates and the user's own), the schedule, the calendar feed."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from exercises.models import MAX_HOLD_SECONDS, MAX_REPS, Exercise, SourceArticle
from training.models.validators import validate_session_day


class RoutineQuerySet(models.QuerySet):
    def templates(self):
        return self.filter(owner__isnull=True)

    def for_user(self, user):
        return self.filter(owner=user)

    def readable_by(self, user):
        """The user's own routines and the shipped templates."""
        return self.filter(Q(owner=user) | Q(owner__isnull=True))


class RoutineManager(models.Manager.from_queryset(RoutineQuerySet)):
    def get_by_natural_key(self, template_key):
        return self.get(template_key=template_key)


class Routine(models.Model):
    """A reusable list of exercises with targets. No owner: a shipped template."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="routines",
        null=True,
        blank=True,
    )
    template_key = models.SlugField(
        max_length=80, unique=True, null=True, blank=True, help_text="Templates only."
    )
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    source = models.ForeignKey(
        SourceArticle, on_delete=models.SET_NULL, null=True, blank=True, related_name="routines"
    )
    rounds = models.PositiveSmallIntegerField(
        default=1, help_text="More than 1 makes it a circuit: every exercise once, then repeat."
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoutineManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rounds__gte=1, rounds__lte=10),
                name="routine_rounds_1_to_10",
                violation_error_message="A circuit has between 1 and 10 rounds.",
            ),
            models.CheckConstraint(
                condition=Q(owner__isnull=True) | Q(template_key__isnull=True),
                name="routine_template_has_no_owner",
                violation_error_message="A user's routine cannot be a template.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("training:routine-detail", args=[self.pk])

    def natural_key(self):
        return (self.template_key,)

    @property
    def is_circuit(self):
        return self.rounds > 1

    @property
    def is_template(self):
        return self.owner_id is None


class RoutineEntryManager(models.Manager):
    def get_by_natural_key(self, template_key, position):
        return self.get(routine__template_key=template_key, position=position)


class RoutineEntry(models.Model):
    """One exercise of a routine with its target, defaulting to the catalog's."""

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="entries")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    sets = models.PositiveSmallIntegerField()
    reps_min = models.PositiveSmallIntegerField(null=True, blank=True)
    reps_max = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_s = models.PositiveSmallIntegerField("hold (s)", null=True, blank=True)
    rest_s = models.PositiveSmallIntegerField("rest (s)", default=60)
    chain = models.ForeignKey(
        "exercises.Chain",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The progression chain this entry follows: its next step is the one offered. "
        "An exercise outside it has no next step (a gym lift beside others). Empty: the "
        "longest chain the exercise is in.",
    )

    objects = RoutineEntryManager()

    class Meta:
        ordering = ["routine", "position"]
        verbose_name_plural = "routine entries"
        constraints = [
            models.UniqueConstraint(
                fields=["routine", "position"], name="routineentry_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(sets__gte=1, sets__lte=20), name="routineentry_sets_1_to_20"
            ),
            models.CheckConstraint(
                condition=Q(reps_min__isnull=True, reps_max__isnull=True)
                | Q(reps_min__gte=1, reps_max__gte=models.F("reps_min"), reps_max__lte=MAX_REPS),
                name="routineentry_reps_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(hold_s__isnull=True) | Q(hold_s__gte=1, hold_s__lte=MAX_HOLD_SECONDS),
                name="routineentry_hold_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.routine}: {self.exercise}"

    def natural_key(self):
        return (self.routine.template_key, self.position)

    natural_key.dependencies = ["training.routine", "exercises.exercise"]


def describe_target(entry: RoutineEntry, *, circuit: bool = False) -> str:
    """The target as a person reads it: '3 × 10', '3 × 6–10', 'hold 30 s', '1 × 10 holds of 5 s'."""
    exercise = entry.exercise
    sets = "" if circuit and entry.sets == 1 else f"{entry.sets} × "
    reps = None
    if entry.reps_min is not None:
        reps = (
            str(entry.reps_min)
            if entry.reps_min == entry.reps_max
            else f"{entry.reps_min}–{entry.reps_max}"
        )
    if reps and entry.hold_s and exercise.measure == Exercise.Measure.HOLD:
        text = f"{sets}{reps} holds of {entry.hold_s} s"
    elif reps:
        text = f"{sets}{reps}" if sets else f"{reps} reps"
        if entry.hold_s:
            text += f", hold {entry.hold_s} s"
    elif entry.hold_s and exercise.rule == Exercise.Rule.STEADY and entry.hold_s % 60 == 0:
        text = f"{entry.hold_s // 60} min"  # the warm-up: "five to ten minutes"
    elif entry.hold_s:
        text = f"{sets}hold {entry.hold_s} s" if entry.sets > 1 else f"hold {entry.hold_s} s"
    else:
        text = f"{entry.sets} set{'' if entry.sets == 1 else 's'}"
    return f"{text} each leg" if exercise.unilateral else text


class Schedule(models.Model):
    """A user's plan: a routine on chosen weekdays from a start date."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="schedules"
    )
    routine = models.ForeignKey(Routine, on_delete=models.PROTECT, related_name="schedules")
    weekdays = models.CharField(
        max_length=7, help_text="Digits for the training days, Monday = 0, e.g. '03'."
    )
    start_date = models.DateField(validators=[validate_session_day])
    weeks = models.PositiveSmallIntegerField(default=8)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weeks__gte=1, weeks__lte=26), name="schedule_weeks_1_to_26"
            ),
        ]

    def __str__(self):
        return f"{self.routine} on {self.weekday_names}"

    @property
    def weekday_list(self):
        return [int(d) for d in self.weekdays]

    @property
    def weekday_names(self):
        names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        return " + ".join(names[d] for d in self.weekday_list)


def new_feed_token():
    return uuid.uuid4().hex + uuid.uuid4().hex


class CalendarFeed(models.Model):
    """The secret address of a user's iCalendar feed; resetting it revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"
