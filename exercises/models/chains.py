"""Progression chains: an ordered list of exercises, easier to harder."""

from django.db import models
from django.db.models import Q

from exercises.models.exercise import Exercise
from exercises.models.slugs import SlugModel
from exercises.models.vocabulary import SourceArticle


class Chain(SlugModel):
    """An ordered progression from easier to harder exercises."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    source = models.ForeignKey(
        SourceArticle, on_delete=models.PROTECT, related_name="chains", null=True, blank=True
    )
    exercises = models.ManyToManyField(Exercise, through="ChainStep", related_name="chains")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ChainStepManager(models.Manager):
    def get_by_natural_key(self, chain_slug, exercise_slug):
        return self.get(chain__slug=chain_slug, exercise__slug=exercise_slug)


class ChainStep(models.Model):
    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="steps")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="chain_steps")
    position = models.PositiveSmallIntegerField(help_text="1 is the easiest.")
    move_on_at_kg = models.DecimalField(
        "move on at (kg)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Loaded lifts: the load at which the top of the range offers the chain's "
        "next step. Empty: a loaded lift never offers it (gym lifts that are not a "
        "progression of each other); other rules offer it at their top stage.",
    )

    objects = ChainStepManager()

    class Meta:
        ordering = ["chain", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "position"],
                name="chainstep_unique_position",
                violation_error_message="Two steps of this chain share a position.",
            ),
            # An ordered list that never repeats an exercise cannot loop.
            models.UniqueConstraint(
                fields=["chain", "exercise"],
                name="chainstep_unique_exercise",
                violation_error_message="This exercise is already a step of this chain: "
                "a chain may not repeat an exercise or loop back to one.",
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1),
                name="chainstep_position_positive",
                violation_error_message="Positions start at 1.",
            ),
        ]

    def __str__(self):
        return f"{self.chain}: {self.position}. {self.exercise}"

    def natural_key(self):
        return (self.chain.slug, self.exercise.slug)

    natural_key.dependencies = ["exercises.chain", "exercises.exercise"]
