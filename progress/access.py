"""Get a progress row for its owner, or 404: never another user's data."""

from django.shortcuts import get_object_or_404

from progress.models import ProgressionState


def get_state_for_user(user, slug, **filters) -> ProgressionState:
    """The user's state on the exercise named by `slug` (404 if they have none)."""
    queryset = ProgressionState.objects.select_related("exercise", "band", "offer", "user")
    return get_object_or_404(queryset.filter(user=user, **filters), exercise__slug=slug)
