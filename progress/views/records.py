"""The records page: the user's current personal bests, for every exercise or one."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from exercises.models import Exercise
from progress.records import records_current


@login_required
@require_GET
def record_list(request):
    return render(
        request, "progress/record_list.html", {"groups": records_current(user=request.user)}
    )


@login_required
@require_GET
def exercise_records(request, slug):
    """One exercise's records: a catalog exercise or the user's own (anyone else's: 404)."""
    exercise = get_object_or_404(Exercise.objects.visible_to(request.user), slug=slug)
    groups = records_current(user=request.user, exercise=exercise)
    return render(
        request,
        "progress/record_exercise.html",
        {"exercise": exercise, "group": groups[0] if groups else None},
    )
