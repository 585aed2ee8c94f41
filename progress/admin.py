from django.contrib import admin

from progress.models import ProgressionEvent, ProgressionState


@admin.register(ProgressionState)
class ProgressionStateAdmin(admin.ModelAdmin):
    """Read-only: states are the engine's output; users change them from their own pages."""

    list_display = ("user", "exercise", "sets", "reps", "hold_s", "load_kg", "band", "trained_on")
    list_select_related = ("user", "exercise", "band")
    search_fields = ("user__username", "exercise__name")
    raw_id_fields = ("user", "exercise", "chain", "band", "offer", "moved_to", "event")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProgressionEvent)
class ProgressionEventAdmin(admin.ModelAdmin):
    list_display = ("user", "exercise", "date", "kind", "before_text", "after_text")
    list_filter = ("kind",)
    list_select_related = ("user", "exercise")
    search_fields = ("user__username", "exercise__name")
    raw_id_fields = ("user", "exercise", "session")
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
