from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from training.models import Session


@login_required
@require_GET
def dashboard(request):
    next_session = (
        Session.objects.for_user(request.user)
        .filter(
            status__in=[Session.Status.PLANNED, Session.Status.IN_PROGRESS],
            date__gte=timezone.localdate(),
        )
        .select_related("routine")
        .order_by("status", "date", "pk")  # in progress first, then the soonest
        .first()
    )
    return render(request, "progress/dashboard.html", {"next_session": next_session})
