"""Logging a session: start, log sets (htmx or plain posts), edit, delete, finish."""

import uuid
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from exercises.models import BandColour, Exercise
from progress.selectors import Target, records_by_set, session_outcomes, todays_targets
from training import logbook
from training.access import get_session_for_user, get_set_for_user
from training.forms.sessions import FinishForm, SetForm, StartForm
from training.models import LoggedSet, Session
from training.selectors import last_time
from training.units import from_kg


@dataclass
class Card:
    """One exercise on the session page: target, last time, today's sets, the form."""

    exercise: Exercise
    target: Target
    last: list = field(default_factory=list)
    sets: list = field(default_factory=list)
    form: SetForm | None = None

    @property
    def anchor(self):
        return f"ex-{self.exercise.slug}"

    @property
    def done(self):
        return len(self.sets) >= self.target.sets * (2 if self.exercise.unilateral else 1)


def _prefill(card: Card, unit: str, lightest_band) -> dict:
    """What one tap logs: the target, at last time's load and band (else the lightest)."""
    exercise, target = card.exercise, card.target
    last = (card.sets or card.last)[-1:] or [None]
    previous = last[0]
    initial = {"exercise": exercise.pk, "token": uuid.uuid4(), "reps": target.reps}
    if exercise.measure == Exercise.Measure.HOLD:
        initial["hold_s"] = target.hold_s
    if previous is not None:
        if previous.load_kg is not None:
            initial["load"] = from_kg(previous.load_kg, unit)
        if previous.band_id:
            initial["band"] = previous.band_id
    # The engine's load and band win over last time's once it has set them.
    if target.load_kg is not None and not card.sets:
        initial["load"] = from_kg(target.load_kg, unit)
    if target.band_id is not None and not card.sets:
        initial["band"] = target.band_id
    if exercise.measure == Exercise.Measure.BAND_REPS and "band" not in initial and lightest_band:
        initial["band"] = lightest_band.pk
    if exercise.unilateral:
        lefts = sum(1 for s in card.sets if s.side == LoggedSet.Side.LEFT)
        rights = sum(1 for s in card.sets if s.side == LoggedSet.Side.RIGHT)
        initial["side"] = LoggedSet.Side.RIGHT if rights < lefts else LoggedSet.Side.LEFT
    return initial


def build_cards(
    session: Session, unit: str, *, bound: SetForm | None = None, added: Exercise | None = None
) -> list[Card]:
    """Every exercise of the session in routine order, then any logged or `added` ad hoc.

    A fixed number of queries whatever the size of the log: routine entries,
    today's sets, band colours, the targets (see `todays_targets`), last
    time's sets (two).
    """
    entries = (
        list(session.routine.entries.select_related("exercise").order_by("position"))
        if session.routine_id
        else []
    )
    todays = list(session.sets.select_related("exercise", "band").order_by("pk"))
    others = {logged.exercise_id: logged.exercise for logged in todays}
    if added is not None:
        others.setdefault(added.pk, added)
    bands = list(BandColour.objects.order_by("position"))
    exercises, targets = todays_targets(session, entries, others.values(), bands=bands, unit=unit)
    previous = last_time(session, targets.keys())
    records = records_by_set(session)

    cards = {
        exercise.pk: Card(
            exercise=exercise, target=targets[exercise.pk], last=previous.get(exercise.pk, [])
        )
        for exercise in exercises
    }
    for logged in todays:
        logged.new_records = records.get(logged.pk, [])
        cards[logged.exercise_id].sets.append(logged)
    for card in cards.values():
        if bound is not None and bound.data.get("exercise") == str(card.exercise.pk):
            card.form = bound
        else:
            card.form = SetForm(
                initial=_prefill(card, unit, bands[0] if bands else None), unit=unit, bands=bands
            )
    return list(cards.values())


def _card_for(cards, exercise_id):
    return next((c for c in cards if c.exercise.pk == exercise_id), None)


@login_required
@require_http_methods(["GET"])
def session_detail(request, pk):
    session = get_session_for_user(request.user, pk)
    added = Exercise.objects.visible_to(request.user).active().named(request.GET.get("add", ""))
    return render(request, "training/session_detail.html", _page(request, session, added=added))


def _page(request, session, *, bound=None, added=None):
    return {
        "session": session,
        "cards": build_cards(session, request.user.unit, bound=bound, added=added),
        "start_form": StartForm(),
        "exercise_choices": Exercise.objects.visible_to(request.user)
        .active()
        .only("slug", "name")
        .order_by("name"),
    }


@login_required
@require_POST
def session_start(request, pk):
    session = get_session_for_user(request.user, pk)
    form = StartForm(request.POST)
    form.is_valid()
    logbook.session_start(session=session, warmup_done=form.cleaned_data.get("warmup_done", False))
    return redirect(session)


@login_required
@require_POST
def set_create(request, pk):
    session = get_session_for_user(request.user, pk)
    unit = request.user.unit
    form = SetForm(request.POST, user=request.user)
    if form.is_valid():
        exercise = form.cleaned_data["exercise"]
        logged, created = logbook.set_log(
            session=session,
            exercise=exercise,
            token=form.cleaned_data["token"],
            **form.set_values(),
        )
        if not request.htmx:
            if created:
                text = f"Logged {exercise.name}, set {logged.set_number}."
                records = logged.records.beaten().order_by("pk")
                if records:
                    text += " New personal record! " + "; ".join(r.describe(unit) for r in records)
                messages.success(request, text)
            return redirect(f"{session.get_absolute_url()}#ex-{exercise.slug}")
        card = _card_for(build_cards(session, unit), exercise.pk)
        # The card's copy of the set carries the records it set; a repeated token
        # (a double tap, a retry) marks them but does not announce them again.
        just_logged = next((s for s in card.sets if s.pk == logged.pk), logged)
        announce = just_logged.new_records if created else []
        return render(
            request,
            "training/includes/exercise_card.html",
            {"session": session, "card": card, "just_logged": just_logged, "announce": announce},
        )
    context = _page(request, session, bound=form, added=form.cleaned_data.get("exercise"))
    card = next((c for c in context["cards"] if c.form is form), None)
    if card is None:
        # No exercise to pin the errors to (a tampered or stale form).
        messages.error(request, "That set could not be logged: " + _first_error(form))
        return redirect(session)
    if request.htmx:
        return render(
            request, "training/includes/exercise_card.html", {"session": session, "card": card}
        )
    return render(request, "training/session_detail.html", context)


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
            logbook.set_update(logged=logged, **form.set_values())
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
            },
            unit=unit,
        )
    return render(request, "training/set_form.html", {"form": form, "set": logged})


@login_required
@require_POST
def set_delete(request, pk):
    logged = get_set_for_user(request.user, pk)
    session, exercise = logged.session, logged.exercise
    logbook.set_delete(logged=logged)
    if request.htmx:
        cards = build_cards(session, request.user.unit)
        card = _card_for(cards, exercise.pk)
        if card is None:
            return render(request, "training/includes/exercise_removed.html", {})
        return render(
            request, "training/includes/exercise_card.html", {"session": session, "card": card}
        )
    messages.success(request, f"Deleted a set of {exercise.name}.")
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
            logbook.session_finish(
                session=session,
                effort=form.cleaned_data["effort"],
                notes=form.cleaned_data["notes"],
                cooldown_done=form.cleaned_data["cooldown_done"],
            )
            return redirect(reverse("training:session-summary", args=[session.pk]))
    return render(request, "training/session_finish.html", {"session": session, "form": form})


@login_required
@require_http_methods(["GET"])
def session_summary(request, pk):
    session = get_session_for_user(request.user, pk)
    sets = list(
        session.sets.select_related("exercise", "band").order_by(
            "exercise__name", "side", "set_number"
        )
    )
    groups: dict[Exercise, list[LoggedSet]] = {}
    for logged in sets:
        groups.setdefault(logged.exercise, []).append(logged)
    totals = session.sets.aggregate(count=Count("pk"), reps=Sum("reps"))
    outcomes, offers = session_outcomes(session)
    return render(
        request,
        "training/session_summary.html",
        {
            "session": session,
            "groups": groups,
            "totals": totals,
            "outcomes": outcomes,
            "offers": offers,
        },
    )
