from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet

from exercises.models import (
    BandColour,
    Chain,
    ChainStep,
    Equipment,
    Exercise,
    Muscle,
    SourceArticle,
)


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "kind", "movement", "measure", "rule", "is_active")
    list_filter = (
        # Empty owner: the catalog; set: a user's private exercise (from an import).
        ("owner", admin.EmptyFieldListFilter),
        "is_active",
        "level",
        "kind",
        "movement",
        "measure",
        "rule",
        "equipment",
        "primary_muscles",
    )
    search_fields = ("name", "slug", "aliases", "summary")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("primary_muscles", "secondary_muscles", "equipment", "sources")
    actions = ("activate", "deactivate")
    fieldsets = (
        (None, {"fields": ("name", "slug", "aliases", "summary", "is_active")}),
        ("Instructions", {"fields": ("starting_position", "action", "tips")}),
        ("Classification", {"fields": ("level", "kind", "movement", "unilateral")}),
        (
            "Muscles and equipment",
            {"fields": ("primary_muscles", "secondary_muscles", "equipment")},
        ),
        (
            "Prescription",
            {
                "fields": (
                    "measure",
                    ("sets", "rest_s"),
                    ("reps_min", "reps_max"),
                    ("hold_min_s", "hold_max_s"),
                    "rep_hold_s",
                    "prescription_note",
                    "rule",
                )
            },
        ),
        ("Sources", {"fields": ("sources",)}),
    )

    @admin.action(description="Activate the selected exercises")
    def activate(self, request, queryset):
        count = queryset.update(is_active=True)
        self.message_user(request, f"{count} exercise(s) activated.", messages.SUCCESS)

    @admin.action(description="Deactivate the selected exercises (hidden from the catalog)")
    def deactivate(self, request, queryset):
        count = queryset.update(is_active=False)
        self.message_user(request, f"{count} exercise(s) deactivated.", messages.SUCCESS)


class ChainStepFormSet(BaseInlineFormSet):
    """Refuses, with a message naming the exercise, a chain that repeats or loops."""

    def clean(self):
        # Before the formset's own unique check, whose message names no exercise.
        seen_exercises, seen_positions = {}, {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            exercise = form.cleaned_data.get("exercise")
            position = form.cleaned_data.get("position")
            if exercise is None:
                continue
            if exercise in seen_exercises:
                raise ValidationError(
                    f"{exercise} appears twice in this chain (positions "
                    f"{seen_exercises[exercise]} and {position}). A chain runs from easier to "
                    "harder and may not repeat an exercise or loop back to one."
                )
            if position in seen_positions:
                raise ValidationError(
                    f"Position {position} is used by both {seen_positions[position]} and "
                    f"{exercise}. Give every step its own position."
                )
            seen_exercises[exercise] = position
            seen_positions[position] = exercise
        super().clean()


class ChainStepInline(admin.TabularInline):
    model = ChainStep
    formset = ChainStepFormSet
    extra = 1
    ordering = ("position",)
    autocomplete_fields = ("exercise",)


@admin.register(Chain)
class ChainAdmin(admin.ModelAdmin):
    list_display = ("name", "source", "step_count")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (ChainStepInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_step_count=Count("steps"))

    @admin.display(description="steps", ordering="_step_count")
    def step_count(self, obj):
        return obj._step_count


@admin.register(Muscle)
class MuscleAdmin(admin.ModelAdmin):
    list_display = ("name", "region")
    list_filter = ("region",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Equipment)
class EquipmentAdmin(admin.ModelAdmin):
    list_display = ("name", "at_home", "load_step_kg")
    list_filter = ("at_home",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(BandColour)
class BandColourAdmin(admin.ModelAdmin):
    list_display = ("position", "name", "hex_colour")
    ordering = ("position",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(SourceArticle)
class SourceArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "publisher")
    search_fields = ("title", "author")
    prepopulated_fields = {"slug": ("title",)}
