from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from exercises.forms import CatalogFilterForm
from exercises.models import ChainStep, Equipment, Exercise, Muscle

PAGE_SIZE = 30
# The levels from easiest: alphabetical order would list "advanced" first.
LEVEL_RANK = Case(
    *(When(level=level, then=Value(rank)) for rank, level in enumerate(Exercise.Level.values)),
    default=Value(len(Exercise.Level.values)),
)


@require_GET
def exercise_list(request):
    form = CatalogFilterForm(
        request.GET or None,
        equipment=Equipment.objects.order_by("name"),
        muscles=Muscle.objects.order_by("name"),
    )
    exercises = Exercise.objects.catalog().active()
    if form.is_bound:
        exercises = form.filter(exercises)
    exercises = exercises.order_by(LEVEL_RANK, "name").prefetch_related("equipment")
    page = Paginator(exercises, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "exercises/exercise_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_GET
def exercise_detail(request, slug):
    exercise = get_object_or_404(
        Exercise.objects.visible_to(request.user)
        .active()
        .prefetch_related("primary_muscles", "secondary_muscles", "equipment", "sources"),
        slug=slug,
    )
    return render(
        request,
        "exercises/exercise_detail.html",
        {"exercise": exercise, "chains": chain_neighbours(exercise)},
    )


def chain_neighbours(exercise):
    """Each chain holding `exercise`, with the nearest active easier and harder steps.

    One query whatever the catalog's size: the steps of every chain this
    exercise sits in (chains are short, curated lists).
    """
    steps = (
        ChainStep.objects.filter(chain__steps__exercise=exercise)
        .select_related("chain", "exercise")
        .order_by("chain__name", "position")
    )
    by_chain = {}
    for step in steps:
        by_chain.setdefault(step.chain, []).append(step)
    result = []
    for chain, chain_steps in by_chain.items():
        active = [s for s in chain_steps if s.exercise.is_active]
        here = next(i for i, s in enumerate(active) if s.exercise_id == exercise.pk)
        result.append(
            {
                "chain": chain,
                "position": here + 1,
                "length": len(active),
                "easier": active[here - 1].exercise if here > 0 else None,
                "harder": active[here + 1].exercise if here + 1 < len(active) else None,
            }
        )
    return result
