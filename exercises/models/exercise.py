"""The exercise: what it is, how it is measured, and what the articles prescribe."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.db import models
from django.db.models import Q
from django.urls import reverse

from exercises.models.slugs import SlugManager, SlugModel
from exercises.models.vocabulary import Equipment, Muscle, SourceArticle

MAX_HOLD_SECONDS = 3600
MAX_REPS = 1000


class ExerciseQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def catalog(self):
        """The curated catalog: no user's private exercises."""
        return self.filter(owner__isnull=True)

    def visible_to(self, user):
        """The catalog and the user's own private exercises."""
        if not user.is_authenticated:
            return self.catalog()
        return self.filter(Q(owner__isnull=True) | Q(owner=user))

    def without_equipment(self):
        return self.filter(equipment__isnull=True)

    def named(self, slug: str):
        """The exercise with this slug, or None. Anything but a slug (a query string
        holding a NUL, which PostgreSQL refuses) names none."""
        return self.filter(slug=slug).first() if slug_re.match(slug) else None

    def using_only(self, equipment):
        """Exercises that need nothing outside `equipment` (an iterable of Equipment)."""
        return self.exclude(equipment__in=Equipment.objects.exclude(pk__in=equipment))


class ExerciseManager(SlugManager.from_queryset(ExerciseQuerySet)):
    pass


class Exercise(SlugModel):
    class Level(models.TextChoices):
        BEGINNER = "beginner", "Beginner"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        ISOMETRIC = "isometric", "Isometric hold"
        ECCENTRIC = "eccentric", "Eccentric"
        STRETCH = "stretch", "Stretch"
        RECOVERY = "recovery", "Mobility and recovery"

    class Movement(models.TextChoices):
        HIP_HINGE = "hip_hinge", "Hip hinge"
        KNEE_FLEXION = "knee_flexion", "Knee flexion"
        BRIDGE = "bridge", "Bridge"
        LUNGE_SQUAT = "lunge_squat", "Lunge or squat"
        ISOMETRIC = "isometric", "Isometric"
        STRETCH = "stretch", "Stretch"
        OTHER = "other", "Other"

    class Measure(models.TextChoices):
        REPS = "reps", "Reps"
        REPS_LOAD = "reps_load", "Reps × load"
        HOLD = "hold", "Hold seconds"
        BAND_REPS = "band_reps", "Reps at a band colour"

    class Rule(models.TextChoices):
        """The progression rule the engine applies (see docs/progression.md)."""

        SET_LADDER = "set_ladder", "Set ladder: 1×10 → 2×10 → 3×10 → next exercise"
        BAND_COLOUR = "band_colour", "Band colour: 3×10 → next colour at 1×8 → next exercise"
        REP_BUILD = "rep_build", "Nordic programme: 2×5 → … → 3×10, one step a week"
        DOUBLE_PROGRESSION = "double_progression", "Double progression: reps, then load"
        HOLD_BUILD = "hold_build", "Hold build: longer holds, then more sets"
        STEADY = "steady", "Steady: the same every time (the warm-up)"

    name = models.CharField(max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_exercises",
        help_text="Empty for the catalog. Set on a user's private exercise, seen by them only.",
    )
    aliases = models.TextField(
        blank=True, help_text="Other names people use for it, one per line (used to match imports)."
    )
    summary = models.CharField(max_length=300, help_text="One or two sentences: what and why.")
    starting_position = models.TextField()
    action = models.TextField(help_text="The movement, one step per line.")
    tips = models.TextField(blank=True, help_text="Tips and watch points, one per line.")

    level = models.CharField(max_length=12, choices=Level)
    kind = models.CharField(max_length=10, choices=Kind)
    movement = models.CharField(max_length=12, choices=Movement)
    primary_muscles = models.ManyToManyField(Muscle, related_name="primary_for")
    secondary_muscles = models.ManyToManyField(Muscle, related_name="secondary_for", blank=True)
    equipment = models.ManyToManyField(
        Equipment, related_name="exercises", blank=True, help_text="Leave empty for none."
    )
    unilateral = models.BooleanField(
        default=False, help_text="Done one leg at a time; reps and holds count per leg."
    )

    measure = models.CharField(max_length=10, choices=Measure)
    sets = models.PositiveSmallIntegerField(help_text="Sets the articles prescribe.")
    reps_min = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Bottom of the rep range (for holds: holds per set)."
    )
    reps_max = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_min_s = models.PositiveSmallIntegerField("shortest hold (s)", null=True, blank=True)
    hold_max_s = models.PositiveSmallIntegerField("longest hold (s)", null=True, blank=True)
    rep_hold_s = models.PositiveSmallIntegerField(
        "pause in each rep (s)",
        null=True,
        blank=True,
        help_text="Seconds to hold at the top of every rep, where the articles ask for it.",
    )
    rest_s = models.PositiveSmallIntegerField("rest between sets (s)", default=60)
    prescription_note = models.CharField(
        max_length=300, blank=True, help_text="What the source articles prescribe, in brief."
    )
    rule = models.CharField("progression rule", max_length=20, choices=Rule)
    band_lightest = models.ForeignKey(
        "exercises.BandColour",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Band exercises: the colour to start on (KPE: tan or yellow).",
    )
    band_strongest = models.ForeignKey(
        "exercises.BandColour",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Band exercises: the top colour; after 3 × 10 at it comes the chain's next "
        "exercise. Three or four colours from the lightest, not all eight.",
    )
    sources = models.ManyToManyField(SourceArticle, related_name="exercises")
    is_active = models.BooleanField("active", default=True)

    objects = ExerciseManager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["is_active", "level", "name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(owner__isnull=True),
                name="exercise_catalog_name_unique",
                violation_error_message="The catalog already has an exercise with this name.",
            ),
            models.UniqueConstraint(
                fields=["owner", "name"],
                condition=Q(owner__isnull=False),
                name="exercise_own_name_unique",
                violation_error_message="You already have an exercise with this name.",
            ),
            models.CheckConstraint(
                condition=Q(sets__gte=1, sets__lte=20),
                name="exercise_sets_1_to_20",
                violation_error_message="Sets must be between 1 and 20.",
            ),
            models.CheckConstraint(
                condition=Q(reps_min__isnull=True) | Q(reps_min__gte=1, reps_min__lte=MAX_REPS),
                name="exercise_reps_min_positive",
                violation_error_message="Reps must be at least 1.",
            ),
            models.CheckConstraint(
                condition=Q(reps_min__isnull=True, reps_max__isnull=True)
                | Q(reps_max__gte=models.F("reps_min"), reps_max__lte=MAX_REPS),
                name="exercise_reps_range_ordered",
                violation_error_message="The rep range must run from low to high (e.g. 8–12).",
            ),
            models.CheckConstraint(
                condition=Q(hold_min_s__isnull=True) | Q(hold_min_s__gte=1),
                name="exercise_hold_min_positive",
                violation_error_message="A hold must last at least 1 second.",
            ),
            models.CheckConstraint(
                condition=Q(hold_min_s__isnull=True, hold_max_s__isnull=True)
                | Q(hold_max_s__gte=models.F("hold_min_s"), hold_max_s__lte=MAX_HOLD_SECONDS),
                name="exercise_hold_range_ordered",
                violation_error_message="The hold range must run from short to long "
                "(e.g. 30–60 s) and last at most an hour.",
            ),
            models.CheckConstraint(
                condition=~Q(measure="hold") | Q(hold_min_s__isnull=False),
                name="exercise_hold_measure_has_hold",
                violation_error_message="An exercise measured in hold seconds needs a hold range.",
            ),
            models.CheckConstraint(
                condition=Q(measure="hold") | Q(reps_min__isnull=False),
                name="exercise_rep_measure_has_reps",
                violation_error_message="An exercise measured in reps needs a rep range.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("exercises:exercise-detail", args=[self.slug])

    def clean(self):
        errors = {}
        if (self.reps_min is None) != (self.reps_max is None):
            errors["reps_max"] = "Give both ends of the rep range, or neither."
        elif self.reps_min is not None and self.reps_min > self.reps_max:
            errors["reps_max"] = (
                f"The rep range is inverted: {self.reps_min}–{self.reps_max}. "
                "Put the lower number first."
            )
        if (self.hold_min_s is None) != (self.hold_max_s is None):
            errors["hold_max_s"] = "Give both ends of the hold range, or neither."
        elif self.hold_min_s is not None and self.hold_min_s > self.hold_max_s:
            errors["hold_max_s"] = (
                f"The hold range is inverted: {self.hold_min_s}–{self.hold_max_s} s. "
                "Put the shorter hold first."
            )
        if self.measure == self.Measure.HOLD and self.hold_min_s is None:
            errors.setdefault(
                "hold_min_s", "An exercise measured in hold seconds needs a hold range."
            )
        if self.measure != self.Measure.HOLD and self.reps_min is None:
            errors.setdefault("reps_min", "An exercise measured in reps needs a rep range.")
        if self.rule == self.Rule.BAND_COLOUR and self.measure != self.Measure.BAND_REPS:
            errors["rule"] = "The band-colour rule needs the measure 'Reps at a band colour'."
        if self.rule == self.Rule.DOUBLE_PROGRESSION and self.measure != self.Measure.REPS_LOAD:
            errors["rule"] = "Double progression needs the measure 'Reps × load'."
        if self.rule == self.Rule.HOLD_BUILD and self.measure != self.Measure.HOLD:
            errors["rule"] = "The hold-build rule needs the measure 'Hold seconds'."
        if (self.band_lightest_id is None) != (self.band_strongest_id is None):
            errors["band_strongest"] = (
                "Give both the lightest and the strongest colour, or neither."
            )
        elif (
            self.band_lightest_id is not None
            and self.band_lightest.position > self.band_strongest.position
        ):
            errors["band_strongest"] = "The strongest colour must come after the lightest."
        if errors:
            raise ValidationError(errors)

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def action_steps(self):
        return [line.strip() for line in self.action.splitlines() if line.strip()]

    @property
    def tip_list(self):
        return [line.strip() for line in self.tips.splitlines() if line.strip()]

    @property
    def prescription(self):
        """The default prescription as a person reads it: '3 × 10, 60 s rest'."""
        return describe_prescription(self)


def describe_prescription(exercise):
    parts = []
    if exercise.reps_min is not None:
        reps = (
            str(exercise.reps_min)
            if exercise.reps_min == exercise.reps_max
            else f"{exercise.reps_min}–{exercise.reps_max}"
        )
        what = f"{exercise.sets} × {reps}"
        if exercise.measure == Exercise.Measure.HOLD:
            what += " holds"
        parts.append(what)
    else:
        parts.append(f"{exercise.sets} {'set' if exercise.sets == 1 else 'sets'}")
    if exercise.hold_min_s is not None:
        hold = (
            f"{exercise.hold_min_s} s"
            if exercise.hold_min_s == exercise.hold_max_s
            else f"{exercise.hold_min_s}–{exercise.hold_max_s} s"
        )
        parts.append(f"hold {hold}")
    if exercise.rep_hold_s:
        parts.append(f"pause {exercise.rep_hold_s} s in each rep")
    if exercise.unilateral:
        parts.append("each leg")
    parts.append(f"{exercise.rest_s} s rest")
    return ", ".join(parts)
