from django.contrib import admin, messages
from django.db.models import Count
from django.utils.html import format_html

from exercises.admin_forms import (
    MAX_STEPS,
    BandColourAdminForm,
    CatalogAutocompleteSelect,
    ChainStepForm,
    ChainStepFormSet,
    ExerciseAdminForm,
    KeysField,
)
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
    form = ExerciseAdminForm
    list_display = (
        "name",
        "level",
        "kind",
        "movement",
        "measure",
        "rule",
        "is_active",
        "public_page",
    )
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

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", KeysField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def view_on_site(self, obj):
        """The change page's "View on site": only where the public page exists."""
        return obj.get_absolute_url() if obj.owner_id is None and obj.is_active else None

    @admin.display(description="public page")
    def public_page(self, obj):
        if obj.owner_id is not None:
            return "private (a user's own)"
        if not obj.is_active:
            return "hidden (inactive)"
        return format_html(
            '<a href="{}" aria-label="View {} on site">View on site</a>',
            obj.get_absolute_url(),
            obj.name,
        )

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # A chain step's exercise box offers the catalog only: a chain shows publicly.
        if request.GET.get("model_name") == "chainstep":
            queryset = queryset.catalog().active()
        return queryset, may_have_duplicates

    @admin.action(description="Activate the selected exercises")
    def activate(self, request, queryset):
        count = queryset.update(is_active=True)
        self.message_user(request, f"{count} exercise(s) activated.", messages.SUCCESS)

    @admin.action(description="Deactivate the selected exercises (hidden from the catalog)")
    def deactivate(self, request, queryset):
        count = queryset.update(is_active=False)
        self.message_user(request, f"{count} exercise(s) deactivated.", messages.SUCCESS)


class ChainStepInline(admin.TabularInline):
    """A chain's steps: drag a row by its handle, use its up and down buttons, or type
    the numbers; they are saved as 1, 2, 3… in that order (exercises/admin_forms.py)."""

    model = ChainStep
    form = ChainStepForm
    formset = ChainStepFormSet
    extra = 1
    max_num = MAX_STEPS
    ordering = ("position",)
    autocomplete_fields = ("exercise",)
    fields = ("exercise", "position", "level", "prescription")
    readonly_fields = ("level", "prescription")
    classes = ("chain-order",)

    class Media:
        css = {"all": ("css/admin-chain-order.css",)}
        js = ("js/admin-chain-order.js",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "exercise":
            kwargs["widget"] = CatalogAutocompleteSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("validate_max", True)
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description="level")
    def level(self, step):
        return step.exercise.get_level_display() if step.exercise_id else "—"

    @admin.display(description="prescription")
    def prescription(self, step):
        return step.exercise.prescription if step.exercise_id else "—"


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
    form = BandColourAdminForm
    list_display = ("position", "name", "hex_colour")
    ordering = ("position",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(SourceArticle)
class SourceArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "publisher")
    search_fields = ("title", "author")
    prepopulated_fields = {"slug": ("title",)}
