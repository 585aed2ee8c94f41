import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from exercises.models import Exercise
from progress import charts, engine, services
from progress.access import get_state_for_user
from progress.forms.targets import TargetForm
from progress.models import ProgressionEvent, ProgressionState
from progress.selectors import exercise_target
from training.units import from_kg

EVENTS_PER_PAGE = 25


@login_required
@require_GET
def progress_list(request):
    states = (
        ProgressionState.objects.filter(user=request.user)
        .select_related("exercise", "offer", "moved_to")
        .order_by("exercise__name")
    )
    weeks = charts.weeks_choice(request.GET.get("weeks"))
    today = timezone.localdate()
    return render(
        request,
        "progress/progress_list.html",
        {
            "states": states,
            # An offer made before a break of 14 days or more is withdrawn (engine.after_gap).
            "offers_since": today - datetime.timedelta(days=engine.GAP_DAYS - 1),
            "weeks": weeks,
            "week_choices": charts.WEEK_CHOICES,
            "weekly": charts.weekly_sessions(request.user, weeks=weeks, today=timezone.localdate()),
            "reached": charts.exercises_reached(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exercise_progress(request, slug):
    """One exercise: where the user stands, why, every event, and their own target."""
    exercise = get_object_or_404(Exercise.objects.visible_to(request.user), slug=slug)
    state = (
        ProgressionState.objects.select_related("exercise", "band", "offer", "moved_to", "event")
        .filter(user=request.user, exercise=exercise)
        .first()
    )
    unit = request.user.unit
    form = TargetForm(
        request.POST or None, exercise=exercise, unit=unit, initial=_initial(state, unit)
    )
    if request.method == "POST" and form.is_valid():
        services.progression_override(
            user=request.user,
            exercise=exercise,
            prescription=form.prescription(),
            note=form.cleaned_data["note"],
            today=timezone.localdate(),
        )
        messages.success(request, f"Saved your own target for {exercise.name}.")
        return redirect("progress:exercise-progress", slug=exercise.slug)
    # The page shows each event's words, not the prescriptions they were written from.
    events = (
        ProgressionEvent.objects.for_user(request.user)
        .filter(exercise=exercise)
        .defer("before", "after")
    )
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    chart_range = charts.chart_range(request.GET.get("range"), timezone.localdate())
    return render(
        request,
        "progress/exercise_progress.html",
        {
            "exercise": exercise,
            "state": state,
            "target": exercise_target(request.user, exercise, state, timezone.localdate()),
            "form": form,
            "page": page,
            "chart_range": chart_range,
            "ranges": charts.RANGES,
            "charts": charts.exercise_charts(request.user, exercise, since=chart_range.since),
        },
    )


def _initial(state, unit):
    if state is None:
        return {}
    return {
        "sets": state.sets,
        "reps": state.reps,
        "hold_s": state.hold_s,
        "load": from_kg(state.load_kg, unit) if state.load_kg is not None else None,
        "band": state.band_id,
    }


@login_required
@require_POST
def progression_move_on(request, slug):
    state = get_state_for_user(request.user, slug, offer__isnull=False)
    following = state.offer
    if exercise_target(request.user, state.exercise, state, timezone.localdate()).offer is None:
        messages.warning(
            request,
            f"After your time away, meet the top of {state.exercise.name} again "
            f"before you move on to {following.name}.",
        )
        return redirect("progress:exercise-progress", slug=slug)
    target = services.progression_move_on(state=state, today=timezone.localdate())
    messages.success(
        request,
        f"You moved on to {following.name}. Your sessions show it in place of "
        f"{state.exercise.name} from now on.",
    )
    return redirect("progress:exercise-progress", slug=target.exercise.slug)


@login_required
@require_POST
def progression_keep(request, slug):
    state = get_state_for_user(request.user, slug, offer__isnull=False)
    services.progression_keep(state=state, today=timezone.localdate())
    messages.success(request, f"You stay with {state.exercise.name} for now.")
    return redirect("progress:exercise-progress", slug=slug)
