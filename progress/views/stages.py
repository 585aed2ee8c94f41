"""Earned stages: "I have done this before" unlocks a ladder exercise, recorded."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from exercises.models import Exercise
from progress import engine, services
from progress.models import ProgressionEvent, ProgressionState
from progress.specs import context_for, load_steps, to_json
from progress.stages import returning_from_injury

NOTE = "I have done this before"


@login_required
@require_POST
def stage_unlock(request, slug):
    exercise = get_object_or_404(Exercise.objects.visible_to(request.user), slug=slug)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = exercise.get_absolute_url()
    advanced = exercise.level == Exercise.Level.ADVANCED
    if advanced and returning_from_injury(request.user):
        messages.error(
            request,
            f"{exercise.name} is an advanced move, and you are returning from a hamstring "
            "injury: it opens when you move on to it from the exercise before it.",
        )
        return redirect(back)
    state = ProgressionState.objects.filter(user=request.user, exercise=exercise).first()
    context = context_for(exercise, load_steps([exercise.pk]), [], request.user.unit)
    if state is None:
        services.progression_override(
            user=request.user,
            exercise=exercise,
            prescription=engine.start(context),
            note=NOTE,
            today=timezone.localdate(),
        )
    else:
        # Open already (trained before): the claim is still kept in its history.
        at = engine.describe(context, state.prescription)
        ProgressionEvent.objects.create(
            user=request.user,
            exercise=exercise,
            date=timezone.localdate(),
            kind=ProgressionEvent.Kind.OVERRIDE,
            before=to_json(state.prescription),
            after=to_json(state.prescription),
            before_text=at,
            after_text=at,
            reason=f"You said you have done {exercise.name} before; it stays at {at}.",
        )
    if advanced:
        messages.warning(
            request,
            f"{exercise.name} is unlocked. It is an advanced move: do it only if you can "
            "already do the ones before it comfortably, warm up first, and stop at any sharp pain.",
        )
    else:
        messages.success(request, f"{exercise.name} is unlocked: it is in your sessions now.")
    return redirect(back)
