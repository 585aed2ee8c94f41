"""What an exercise is described by: muscles, equipment, band colours and source articles."""

from django.db import models
from django.db.models import Q

from exercises.models.slugs import SlugModel


class Muscle(SlugModel):
    class Region(models.TextChoices):
        HAMSTRINGS = "hamstrings", "Hamstrings"
        HIPS = "hips", "Hips and glutes"
        THIGH = "thigh", "Thigh"
        TRUNK = "trunk", "Trunk"
        LOWER_LEG = "lower_leg", "Lower leg"

    name = models.CharField(max_length=60, unique=True)
    region = models.CharField(max_length=12, choices=Region)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Equipment(SlugModel):
    """Something an exercise needs. No equipment at all is an empty set, not a row."""

    name = models.CharField(max_length=60, unique=True)
    at_home = models.BooleanField(
        "common at home",
        default=False,
        help_text="Offered in the catalog's 'what I have at home' filter.",
    )
    load_step_kg = models.DecimalField(
        "smallest load step (kg)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The smallest load increase this equipment allows, for double progression.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "equipment"
        constraints = [
            models.CheckConstraint(
                condition=Q(load_step_kg__isnull=True) | Q(load_step_kg__gt=0),
                name="equipment_load_step_positive",
                violation_error_message="The load step must be more than 0 kg.",
            ),
        ]

    def __str__(self):
        return self.name


class BandColour(SlugModel):
    """Resistance-band colours, lightest first (tan, yellow, red, green, ...)."""

    name = models.CharField(max_length=30, unique=True)
    position = models.PositiveSmallIntegerField(
        unique=True, help_text="1 is the lightest resistance."
    )
    hex_colour = models.CharField(max_length=7, help_text="For the swatch, e.g. #d2b48c.")

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name


class SourceArticle(SlugModel):
    """One of the articles the catalog and the rules are traced to."""

    title = models.CharField(max_length=200)
    author = models.CharField(max_length=200, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title
