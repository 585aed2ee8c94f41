"""The training history: every finished session, newest first, a page at a time."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q, Sum
from django.shortcuts import render
from django.views.decorators.http import require_safe

from training.models import LoggedSet, Session

SESSIONS_PER_PAGE = 20


@login_required
@require_safe
def history(request):
    """Three queries on any page, whatever the size of the log (plus the login's two).

    The count and the page of sessions walk the (user, date) index; the page's
    totals and exercise names are aggregated in the database for its twenty
    sessions only, one row per session and exercise.
    """
    sessions = (
        Session.objects.for_user(request.user)
        .filter(status=Session.Status.DONE)
        .select_related("routine")
        .order_by("-date", "-pk")
    )
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    rows = (
        LoggedSet.objects.filter(session__in=page.object_list.values("pk"))
        .working()
        .values("session_id", "exercise__name")
        .annotate(
            sets=Count("pk"),
            reps=Sum("reps"),
            # A set's note, in the same row: one per exercise, and how many there are.
            noted=Count("pk", filter=~Q(note="")),
            note=Max("note"),
        )
        .order_by("session_id", "exercise__name")
    )
    totals: dict[int, dict] = {}
    for row in rows:
        total = totals.setdefault(
            row["session_id"], {"sets": 0, "reps": 0, "names": [], "notes": []}
        )
        total["sets"] += row["sets"]
        total["reps"] += row["reps"] or 0
        total["names"].append(row["exercise__name"])
        if row["noted"]:
            total["notes"].append((row["exercise__name"], row["note"], row["noted"] - 1))
    empty = {"sets": 0, "reps": 0, "names": [], "notes": []}
    for session in page:
        session.totals = totals.get(session.pk, empty)
    return render(request, "training/history.html", {"page": page})
