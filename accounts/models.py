from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower


class User(AbstractUser):
    """A person who trains. Their preferences live here: no extra join per page."""

    class Unit(models.TextChoices):
        KG = "kg", "Kilograms (kg)"
        LB = "lb", "Pounds (lb)"

    class Theme(models.TextChoices):
        AUTO = "auto", "As my phone or computer is set"
        LIGHT = "light", "Light"
        DARK = "dark", "Dark"

    class Experience(models.TextChoices):
        BEGINNER = "beginner", "Beginner"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"
        # Earned stages: never an advanced exercise before the ones under it.
        RETURNING = "returning", "Returning from a hamstring injury"

    email = models.EmailField("email address", blank=True)
    display_name = models.CharField(
        max_length=60, blank=True, help_text="How Hamstrong greets you. Optional."
    )
    unit = models.CharField(
        "weight unit",
        max_length=2,
        choices=Unit,
        default=Unit.KG,
        help_text="Loads are shown and entered in this unit.",
    )
    weekly_target = models.PositiveSmallIntegerField(
        "sessions per week",
        default=2,
        help_text="Hamstrings recover in about 48 hours: 2 or 3 sessions a week suit most people.",
    )
    experience = models.CharField(
        "experience level", max_length=12, choices=Experience, default=Experience.BEGINNER
    )
    theme = models.CharField(
        "colours",
        max_length=5,
        choices=Theme,
        default=Theme.AUTO,
        help_text="Dark suits a gym at 6 am; by default the pages follow your device.",
    )
    plates = models.CharField(
        "plates you have",
        max_length=100,
        blank=True,
        help_text="Each size of plate you can load, in your unit, such as 25 20 10 5 2.5 1.25. "
        "Empty: a standard set.",
    )
    bar_weight = models.DecimalField(
        "bar weight",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="In your unit. Empty: 20 kg or 45 lb.",
    )
    deleting_since = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Asked to be deleted: the account is closed and a background task erases it.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekly_target__gte=1, weekly_target__lte=3),
                name="user_weekly_target_1_to_3",
                violation_error_message="Choose between 1 and 3 sessions a week.",
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ci",
                violation_error_message="An account with this email address already exists.",
            ),
        ]

    def __str__(self):
        return self.display_name or self.username
