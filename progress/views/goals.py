"""SMART goals: set one (checked against the log before it is saved), follow it, archive it."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from exercises.models import Exercise
from progress import goals
from progress.access import get_goal_for_user
from progress.forms.goals import GoalForm
from progress.models import Goal
from progress.specs import load_steps
from training.models import Session


def _recent_weekly(user, today) -> Decimal | None:
    """Finished sessions a week over the last eight weeks (None: none at all)."""
    first = today - datetime.timedelta(days=goals.WINDOWS[0])
    done = Session.objects.filter(
        user=user, status=Session.Status.DONE, date__gt=first, date__lte=today
    ).count()
    return Decimal(done) * 7 / goals.WINDOWS[0] if done else None


def _assess(goal: Goal, reading, user, today) -> goals.Assessment:
    steps = load_steps([goal.exercise_id]) if goal.exercise_id else {}
    return goals.assess(
        goal,
        reading,
        today=today,
        recent_weekly=_recent_weekly(user, today) if goal.metric == Goal.Metric.SESSIONS else None,
        load_step_kg=steps.get(goal.exercise_id),
    )


@login_required
@require_GET
def goal_list(request):
    today = timezone.localdate()
    mine = list(Goal.objects.for_user(request.user).select_related("exercise", "chain", "user"))
    progress = goals.progress(mine, user=request.user, today=today)
    return render(
        request,
        "progress/goal_list.html",
        {
            "open": [p for p in progress if p.goal.closed_on is None],
            "closed": [p for p in progress if p.goal.closed_on is not None],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request):
    """'Check' shows whether the goal looks realistic without saving; 'Save' saves it."""
    today = timezone.localdate()
    initial = {
        "deadline": today + datetime.timedelta(weeks=8),
        "metric": request.GET.get("metric"),
    }
    if "exercise" in request.GET:
        initial["exercise"] = (
            Exercise.objects.visible_to(request.user).active().named(request.GET["exercise"])
        )
    if request.method == "POST" and "reshape" in request.POST:
        # Another measure chosen: the fields it needs, with what was typed, and no errors yet.
        # A target means something else under another measure, so it starts empty.
        initial |= {
            name: value
            for name, value in request.POST.dict().items()
            if name not in ("target", "reps", "weeks")
        }
        form = GoalForm(user=request.user, today=today, initial=initial)
    else:
        form = GoalForm(request.POST or None, user=request.user, today=today, initial=initial)
    assessment = None
    if request.method == "POST" and form.is_valid():
        goal = form.goal
        assessment = _assess(goal, form.reading, request.user, today)
        if "save" in request.POST:
            # A second tap on "Save" (or a resent form) finds the goal it saved.
            same = (
                Goal.objects.for_user(request.user)
                .active()
                .filter(
                    metric=goal.metric,
                    exercise=goal.exercise,
                    target=goal.target,
                    reps=goal.reps,
                    weeks=goal.weeks,
                    deadline=goal.deadline,
                )
                .first()
            )
            if same is not None:
                return redirect(same)
            goal.full_clean(exclude=["user", "exercise", "chain"])
            goal.save()
            messages.success(request, f"Goal set. {assessment.label}: {assessment.text}")
            return redirect(goal)
    return render(
        request,
        "progress/goal_form.html",
        {"form": form, "assessment": assessment, "exercise": request.GET.get("exercise", "")},
    )


@login_required
@require_GET
def goal_detail(request, pk):
    goal = get_goal_for_user(request.user, pk)
    today = timezone.localdate()
    (progress,) = goals.progress([goal], user=request.user, today=today)
    unit = request.user.unit
    points = goals.series(goal, progress.reading)
    return render(
        request,
        "progress/goal_detail.html",
        {
            "goal": goal,
            "progress": progress,
            "title": goals.describe(goal, unit),
            "baseline": goals.amount(goal, goal.baseline, unit),
            "current": goals.amount(goal, progress.current, unit),
            "target": goals.amount(goal, goal.target, unit)
            if goal.metric != Goal.Metric.SESSIONS
            else f"{goal.weeks} weeks",
            "days_left": (goal.deadline - today).days,
            "chart": goals.chart(goal, points, unit, today=today),
        },
    )


@login_required
@require_POST
def goal_archive(request, pk):
    goal = get_goal_for_user(request.user, pk)
    goal.closed_on = None if goal.closed_on else timezone.localdate()
    goal.save(update_fields=["closed_on"])
    messages.success(
        request, "Goal archived." if goal.closed_on else "Goal back among your open goals."
    )
    return redirect("progress:goal-list")


@login_required
@require_http_methods(["GET", "POST"])
def goal_delete(request, pk):
    goal = get_goal_for_user(request.user, pk)
    if request.method == "POST":
        goal.delete()
        messages.success(request, "Goal deleted.")
        return redirect("progress:goal-list")
    return render(
        request,
        "progress/goal_confirm_delete.html",
        {"goal": goal, "title": goals.describe(goal, request.user.unit)},
    )
