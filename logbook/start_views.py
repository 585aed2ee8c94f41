"""Starting a session outside the plan, and setting the day one was trained.

- "Train now": one tap from the dashboard starts today's session (the one in
  progress, the next planned one moved to today, or an empty one); a session
  within 48 hours of another is said on the session page, never a detour.
- "Log a past workout": a day from the account's first to today, from a
  routine or empty, logged on the same session page; finishing it judges the
  history from that day on.
- "Change the day": a session already trained moves to the day it was done.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from logbook import services
from training import scheduling
from training import services as training
from training.access import get_session_for_user
from training.forms.schedule import PastSessionForm, SessionDateForm
from training.models import Session


def _today():
    """Today in the site's time zone; the seam tests move the clock through."""
    return timezone.localdate()


@login_required
@require_POST
def session_now(request):
    session, warnings = services.session_train_now(user=request.user, today=_today())
    for warning in scheduling.warning_lines(warnings, weekly_target=request.user.weekly_target):
        messages.warning(request, f"{warning} Train anyway, or go lighter today.")
    return redirect(session)


@login_required
@require_http_methods(["GET", "POST"])
def session_past(request):
    today = _today()
    form = PastSessionForm(request.POST or None, user=request.user, today=today)
    if request.method == "POST" and form.is_valid():
        session = training.session_add_past(
            user=request.user, routine=form.cleaned_data["routine"], day=form.cleaned_data["date"]
        )
        messages.success(
            request,
            f"Logging a past workout of {scheduling.day_label(session.date, year=True)}: "
            "log its sets, then finish it.",
        )
        return redirect(session)
    return render(request, "logbook/session_past_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def session_date(request, pk):
    session = get_session_for_user(request.user, pk)
    if session.status == Session.Status.PLANNED:
        # A planned session is moved on the schedule, up to a year ahead.
        return redirect("training:session-move", pk=session.pk)
    form = SessionDateForm(request.POST or None, session=session, today=_today())
    if request.method == "POST" and form.is_valid():
        services.session_redate(session=session, day=form.cleaned_data["date"])
        messages.success(request, f"Moved to {scheduling.day_label(session.date, year=True)}.")
        return redirect(session)
    return render(request, "logbook/session_date_form.html", {"form": form, "session": session})
