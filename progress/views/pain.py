"""Saying how it hurt: pain during an exercise (the session page) and the next-morning
check (the dashboard). The rules read both (`progress.pain`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from exercises.models import Exercise
from progress import services
from progress.engine.rules.pain import ACCEPTABLE_PAIN, STOP_ADVICE
from progress.forms.pain import MorningCheckForm, PainForm
from progress.models import MorningCheck, PainReport
from training.access import get_session_for_user
from training.models import Session


def _session_exercises(session):
    ids = set(session.sets.values_list("exercise_id", flat=True))
    if session.routine_id:
        ids |= set(session.routine.entries.values_list("exercise_id", flat=True))
    return Exercise.objects.filter(pk__in=ids)


@login_required
@require_POST
def pain_report(request, pk):
    """Save the pain of one exercise of the session; a finished session is judged again."""
    session = get_session_for_user(request.user, pk)
    form = PainForm(request.POST, exercises=_session_exercises(session))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, f"Pain not saved: {errors[0]}")
            break
        return redirect(session)
    exercise = form.cleaned_data["exercise"]
    PainReport.objects.update_or_create(
        session=session,
        exercise=exercise,
        defaults={
            "user": request.user,
            "pain": form.cleaned_data["pain"],
            "sharp": form.cleaned_data["sharp"],
        },
    )
    if session.status == Session.Status.DONE:
        services.progression_record(session=session)
    pain = form.cleaned_data["pain"]
    if form.cleaned_data["sharp"]:
        messages.error(request, STOP_ADVICE.format(name=exercise.name))
    elif pain is not None and pain > ACCEPTABLE_PAIN:
        messages.warning(
            request,
            f"Pain of {pain}/10 during {exercise.name}: Hamstrong holds its stage until it "
            f"hurts {ACCEPTABLE_PAIN}/10 or less. Ease off today.",
        )
    else:
        messages.success(request, f"Saved: pain {pain}/10 during {exercise.name}.")
    return redirect(f"{session.get_absolute_url()}#ex-{exercise.slug}")


@login_required
@require_POST
def morning_check(request):
    """ "How do your hamstrings feel this morning?": one answer a day, the last one kept."""
    form = MorningCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give how your hamstrings feel from 0 to 10.")
        return redirect("progress:dashboard")
    pain = form.cleaned_data["pain"]
    MorningCheck.objects.update_or_create(
        user=request.user, date=timezone.localdate(), defaults={"pain": pain}
    )
    messages.success(request, f"Saved: {pain}/10 this morning.")
    return redirect("progress:dashboard")
