"""Logging a session: start, log sets (htmx or plain posts), edit, delete, finish."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from exercises.models import Exercise
from logbook import services
from logbook.cards import barbell_lift, build_card, build_cards, card_sessions
from logbook.search import ExerciseSearchForm
from progress.selectors import session_outcomes
from training.access import get_session_for_user, get_set_for_user
from training.forms.sessions import FinishForm, SetForm, StartForm
from training.models import LoggedSet
from training.units import from_kg


@login_required
@require_http_methods(["GET"])
def session_detail(request, pk):
    session = get_session_for_user(request.user, pk)
    search = ExerciseSearchForm(request.GET if "find" in request.GET else None)
    if request.htmx and search.is_bound:
        # The typeahead: the matches alone.
        return render(
            request,
            "logbook/includes/exercise_results.html",
            {"session": session, "search": search, "results": search.results(request.user)},
        )
    added = (
        Exercise.objects.visible_to(request.user)
        .active()
        .annotate(barbell=barbell_lift("pk"))
        .named(request.GET.get("add", ""))
    )
    context = _page(request, session, added=added, search=search)
    return render(request, "logbook/session_detail.html", context)


def _page(request, session, *, bound=None, added=None, search=None):
    search = search or ExerciseSearchForm()
    return {
        "session": session,
        "cards": build_cards(session, request.user.unit, bound=bound, added=added),
        "start_form": StartForm(),
        "search": search,
        "results": search.results(request.user) if search.is_bound else None,
    }


@login_required
@require_POST
def session_start(request, pk):
    session = get_session_for_user(request.user, pk)
    form = StartForm(request.POST)
    form.is_valid()
    services.session_start(session=session, warmup_done=form.cleaned_data.get("warmup_done", False))
    return redirect(session)


@login_required
@require_POST
def set_create(request, pk):
    form = SetForm(request.POST, user=request.user, prefix=_posted_prefix(request))
    if not form.is_valid():
        return _set_refused(request, pk, form)
    exercise = form.cleaned_data["exercise"]
    values = form.set_values()
    sessions = services.sessions_for_logging(exercise=exercise, **values)
    if request.htmx:
        sessions = card_sessions(exercise, sessions)
    # The session is read and locked, and the set written, in one transaction: the
    # read is the lock the set's number is counted under.
    with transaction.atomic():
        session = get_session_for_user(request.user, pk, queryset=sessions)
        logged, created = services.set_log(
            session=session, exercise=exercise, token=form.cleaned_data["token"], **values
        )
    if not request.htmx:
        if created:
            text = f"Logged {exercise.name}, set {logged.set_number}."
            if logged.new_records:
                unit = request.user.unit
                text += " New personal record! " + "; ".join(
                    r.describe(unit) for r in logged.new_records
                )
            messages.success(request, text)
        return redirect(f"{session.get_absolute_url()}#ex-{exercise.slug}")
    card = build_card(session, exercise, request.user.unit)
    # The card's copy of the set carries the records it set; a repeated token
    # (a double tap, a retry) marks them but does not announce them again.
    just_logged = next((s for s in card.sets if s.pk == logged.pk), logged)
    announce = just_logged.new_records if created else []
    return render(
        request,
        "logbook/includes/exercise_card.html",
        {"session": session, "card": card, "just_logged": just_logged, "announce": announce},
    )


CARD_PREFIX = re.compile(r"ex\d{1,12}")


def _posted_prefix(request):
    """The card's form prefix the set form was sent with (none from an older page)."""
    prefix = request.POST.get("prefix", "")
    return prefix if CARD_PREFIX.fullmatch(prefix) else None


def _set_refused(request, pk, form):
    """A set form with errors: its card shows them, keeping what was typed."""
    exercise = form.cleaned_data.get("exercise")
    if (
        request.htmx
        and exercise is not None
        and form.data.get(form.add_prefix("exercise")) == str(exercise.pk)
    ):
        session = get_session_for_user(request.user, pk, queryset=card_sessions(exercise))
        card = build_card(session, exercise, request.user.unit, bound=form)
        return render(
            request, "logbook/includes/exercise_card.html", {"session": session, "card": card}
        )
    session = get_session_for_user(request.user, pk)
    context = _page(request, session, bound=form, added=exercise)
    card = next((c for c in context["cards"] if c.form is form), None)
    if card is None:
        # No exercise to pin the errors to (a tampered or stale form).
        messages.error(request, "That set could not be logged: " + _first_error(form))
        return redirect(session)
    if request.htmx:
        return render(
            request, "logbook/includes/exercise_card.html", {"session": session, "card": card}
        )
    return render(request, "logbook/session_detail.html", context)


def _first_error(form):
    for errors in form.errors.values():
        return errors[0]
    return "please try again."


@login_required
@require_http_methods(["GET", "POST"])
def set_edit(request, pk):
    logged = get_set_for_user(request.user, pk)
    unit = request.user.unit
    if request.method == "POST":
        data = request.POST.copy()
        data["exercise"] = logged.exercise_id
        data["token"] = str(logged.token)
        form = SetForm(data, user=request.user)
        if form.is_valid():
            services.set_update(logged=logged, **form.set_values())
            messages.success(request, f"Saved {logged.exercise.name}, set {logged.set_number}.")
            return redirect(f"{logged.session.get_absolute_url()}#ex-{logged.exercise.slug}")
    else:
        form = SetForm(
            initial={
                "exercise": logged.exercise_id,
                "token": logged.token,
                "reps": logged.reps,
                "load": from_kg(logged.load_kg, unit) if logged.load_kg is not None else None,
                "hold_s": logged.hold_s,
                "band": logged.band_id,
                "side": logged.side,
                "rpe": logged.rpe,
                "kind": logged.kind,
                "note": logged.note,
            },
            unit=unit,
        )
    return render(request, "logbook/set_form.html", {"form": form, "set": logged})


@login_required
@require_http_methods(["GET", "POST"])
def set_delete(request, pk):
    """Delete a set: through its confirm page without JavaScript, at once from the card
    (htmx), which then offers to undo it for a few seconds."""
    logged = get_set_for_user(request.user, pk)
    session, exercise = logged.session, logged.exercise
    if request.method == "GET":
        return render(request, "logbook/set_confirm_delete.html", {"set": logged})
    undo = signing.dumps(services.set_undo_values(logged), salt=UNDO_SALT)
    services.set_delete(logged=logged)
    if request.htmx:
        session = card_sessions(exercise).get(pk=session.pk)
        card = build_card(session, exercise, request.user.unit)
        if card is None:
            return render(
                request,
                "logbook/includes/exercise_removed.html",
                {"session": session, "deleted": logged, "undo": undo, "exercise": exercise},
            )
        return render(
            request,
            "logbook/includes/exercise_card.html",
            {"session": session, "card": card, "deleted": logged, "undo": undo},
        )
    messages.success(request, f"Deleted a set of {exercise.name}.")
    return redirect(f"{session.get_absolute_url()}#ex-{exercise.slug}")


UNDO_SALT = "logbook.set-undo"
# The card offers undo for a few seconds; the server takes it a little longer (a slow
# network), never later.
UNDO_MAX_AGE = 120


@login_required
@require_POST
def set_undo(request, pk):
    """Bring back the set just deleted, with its number and records."""
    session = get_session_for_user(request.user, pk)
    try:
        values = signing.loads(request.POST.get("undo", ""), salt=UNDO_SALT, max_age=UNDO_MAX_AGE)
    except signing.BadSignature:
        values = None
    if not isinstance(values, dict) or values.get("session") != session.pk:
        messages.error(request, "That set can no longer be brought back: log it again.")
        return redirect(session)
    logged = services.set_restore(session=session, values=values)
    exercise = logged.exercise
    if request.htmx:
        session = card_sessions(exercise).get(pk=session.pk)
        card = build_card(session, exercise, request.user.unit)
        return render(
            request, "logbook/includes/exercise_card.html", {"session": session, "card": card}
        )
    messages.success(request, f"Set {logged.set_number} of {exercise.name} is back.")
    return redirect(f"{session.get_absolute_url()}#ex-{exercise.slug}")


@login_required
@require_http_methods(["GET", "POST"])
def session_finish(request, pk):
    session = get_session_for_user(request.user, pk)
    form = FinishForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        if not session.sets.exists():
            form.add_error(None, "Log at least one set before finishing, or skip the session.")
        else:
            services.session_finish(
                session=session,
                effort=form.cleaned_data["effort"],
                notes=form.cleaned_data["notes"],
                cooldown_done=form.cleaned_data["cooldown_done"],
            )
            return redirect(reverse("logbook:session-summary", args=[session.pk]))
    context = {"session": session, "form": form, "missing": _missing(request, session)}
    return render(request, "logbook/session_finish.html", context)


def _missing(request, session):
    """What today's targets still lack, per exercise, for the finish page to ask about."""
    if session.status == session.Status.DONE:
        return []
    cards = build_cards(session, request.user.unit)
    return [(card.exercise, card.missing) for card in cards if card.missing]


@login_required
@require_http_methods(["GET"])
def session_summary(request, pk):
    session = get_session_for_user(request.user, pk)
    # In the order they were done: exercises by their first set, sets as logged.
    sets = list(session.sets.select_related("exercise", "band").order_by("pk"))
    groups: dict[Exercise, list[LoggedSet]] = {}
    for logged in sets:
        groups.setdefault(logged.exercise, []).append(logged)
    totals = session.sets.aggregate(count=Count("pk"), reps=Sum("reps"))
    outcomes, offers = session_outcomes(session)
    return render(
        request,
        "logbook/session_summary.html",
        {
            "session": session,
            "groups": groups,
            "totals": totals,
            "outcomes": outcomes,
            "offers": offers,
        },
    )
