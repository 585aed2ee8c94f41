"""Get a progress row for its owner, or 404: never another user's data."""

from django.shortcuts import get_object_or_404

from progress.models import Goal, ProgressionState


def get_state_for_user(user, slug, **filters) -> ProgressionState:
    """The user's state on the exercise named by `slug` (404 if they have none)."""
    queryset = ProgressionState.objects.select_related("exercise", "band", "offer", "user")
    return get_object_or_404(queryset.filter(user=user, **filters), exercise__slug=slug)


def get_goal_for_user(user, pk) -> Goal:
    """The user's own goal (404 for anyone else's)."""
    queryset = Goal.objects.select_related("exercise", "chain", "user")
    return get_object_or_404(queryset.filter(user=user), pk=pk)
