"""Admin: coaches curate the shipped routines; the log is there to look at, not to write."""

from django.contrib import admin
from django.db.models import Count

from training.models import LoggedSet, Routine, RoutineEntry, Schedule, Session


class RoutineEntryInline(admin.TabularInline):
    model = RoutineEntry
    extra = 1
    ordering = ("position",)
    autocomplete_fields = ("exercise",)
    fields = ("position", "exercise", "sets", "reps_min", "reps_max", "hold_s", "rest_s")


class TemplateFilter(admin.SimpleListFilter):
    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("template", "Shipped templates"), ("user", "Users' routines")]

    def queryset(self, request, queryset):
        if self.value() == "template":
            return queryset.templates()
        if self.value() == "user":
            return queryset.filter(owner__isnull=False)
        return queryset


@admin.register(Routine)
class RoutineAdmin(admin.ModelAdmin):
    list_display = ("name", "template_key", "owner", "rounds", "entry_count", "source")
    list_filter = (TemplateFilter, "rounds", "source")
    search_fields = ("name", "template_key", "description", "owner__username")
    list_select_related = ("owner", "source")
    raw_id_fields = ("owner", "copied_from")
    readonly_fields = ("created_at",)
    inlines = (RoutineEntryInline,)
    fieldsets = (
        (None, {"fields": ("name", "description", "rounds", "source")}),
        (
            "Template or owner",
            {
                "fields": ("template_key", "owner", "copied_from", "created_at"),
                "description": "A shipped template has a template key and no owner; "
                "a user's routine has an owner and no key.",
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_entry_count=Count("entries"))

    @admin.display(description="exercises", ordering="_entry_count")
    def entry_count(self, obj):
        return obj._entry_count


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "user", "start_date", "weeks", "created_at")
    list_select_related = ("user", "routine")
    search_fields = ("user__username", "routine__name")
    raw_id_fields = ("user", "routine")
    date_hierarchy = "start_date"


class LoggedSetInline(admin.TabularInline):
    model = LoggedSet
    extra = 0
    fields = ("exercise", "set_number", "side", "reps", "load_kg", "hold_s", "band", "rpe")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("date", "user", "routine", "status", "effort")
    list_filter = ("status",)
    list_select_related = ("user", "routine")
    search_fields = ("user__username", "routine__name", "notes")
    raw_id_fields = ("user", "routine", "schedule")
    date_hierarchy = "date"
    readonly_fields = ("started_at", "finished_at")
    inlines = (LoggedSetInline,)

    def has_add_permission(self, request):
        # Sessions are planned and logged in the app, where the rules are applied.
        return False


@admin.register(LoggedSet)
class LoggedSetAdmin(admin.ModelAdmin):
    list_display = ("session", "exercise", "set_number", "side", "reps", "load_kg", "hold_s")
    list_select_related = ("session__routine", "exercise")
    search_fields = ("session__user__username", "exercise__name")
    raw_id_fields = ("session", "exercise", "band")
    readonly_fields = ("token", "created_at")

    def has_add_permission(self, request):
        return False
