import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from exercises.models import BandColour
from progress import goals
from progress.models import Goal, MorningCheck, PersonalRecord, ProgressionEvent
from progress.selectors import todays_targets
from training.models import Session
from training.scheduling import week_start

RECENT = 5


@login_required
@require_GET
def dashboard(request):
    """The next session and its targets, this week, open goals, recent records and changes."""
    user, today = request.user, timezone.localdate()
    next_session = (
        Session.objects.for_user(user)
        .filter(
            status__in=[Session.Status.PLANNED, Session.Status.IN_PROGRESS],
            date__gte=today,
        )
        .select_related("routine")
        .order_by("status", "date", "pk")  # in progress first, then the soonest
        .first()
    )
    plan = []
    if next_session is not None and next_session.routine_id:
        entries = list(next_session.routine.entries.select_related("exercise"))
        bands = list(BandColour.objects.order_by("position"))
        exercises, targets = todays_targets(next_session, entries, [], bands=bands, unit=user.unit)
        plan = [(exercise, targets[exercise.pk]) for exercise in exercises]

    monday = week_start(today)
    week = {
        row["status"]: row["n"]
        for row in Session.objects.for_user(user)
        .between(monday, monday + datetime.timedelta(days=6))
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    done = week.get(Session.Status.DONE, 0)
    planned = week.get(Session.Status.PLANNED, 0) + week.get(Session.Status.IN_PROGRESS, 0)

    open_goals = list(
        Goal.objects.for_user(user).active().select_related("exercise", "chain", "user")
    )
    return render(
        request,
        "progress/dashboard.html",
        {
            "next_session": next_session,
            "morning": MorningCheck.objects.filter(user=user, date=today).first(),
            "today": today,
            "plan": plan,
            "week_done": done,
            "week_planned": planned,
            "week_short": max(0, user.weekly_target - done - planned),
            "goals": goals.progress(open_goals, user=user, today=today),
            "records": PersonalRecord.objects.for_user(user)
            .beaten()
            .select_related("exercise")[:RECENT],
            "events": ProgressionEvent.objects.for_user(user)
            .exclude(kind=ProgressionEvent.Kind.STAY)
            .select_related("exercise")[:RECENT],
        },
    )
