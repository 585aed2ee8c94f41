"""Get a training row for its owner, or 404: never another user's data.

Views fetch through these helpers and never call `Model.objects.get(pk=...)`
themselves. Another user's row is a 404, not a 403, so an address does not even
reveal that the row exists. `queryset` lets a view add `select_related` or
`prefetch_related`; the ownership filter is always applied on top of it.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from training.models import LoggedSet, Routine, Session


def get_routine_for_user(user, pk, *, queryset: QuerySet | None = None) -> Routine:
    """The user's own routine, to edit, copy or delete. Shipped templates are 404 here."""
    queryset = Routine.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.filter(owner=user), pk=pk)


def get_routine_readable(user, pk, *, queryset: QuerySet | None = None) -> Routine:
    """The user's own routine or a shipped template (anyone logged in may read and copy those)."""
    queryset = Routine.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.readable_by(user), pk=pk)


def get_session_for_user(user, pk, *, queryset: QuerySet | None = None) -> Session:
    queryset = Session.objects.select_related("routine") if queryset is None else queryset
    return get_object_or_404(queryset.filter(user=user), pk=pk)


def get_set_for_user(user, pk, *, queryset: QuerySet | None = None) -> LoggedSet:
    """A logged set of one of the user's sessions."""
    if queryset is None:
        queryset = LoggedSet.objects.select_related("session", "exercise", "band")
    return get_object_or_404(queryset.filter(session__user=user), pk=pk)
