"""Routines: the plans shipped from the articles (copy them) and the user's own (change them)."""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Prefetch, ProtectedError, Q
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from training.access import get_routine_for_user, get_routine_readable
from training.forms.routines import MAX_ENTRIES, RoutineForm, entry_formset
from training.models import Routine, RoutineEntry, Session, describe_target

NEW_ROUTINE_CARDS = 3


@dataclass(frozen=True)
class EntryRow:
    """One exercise of a routine as the detail page shows it."""

    entry: RoutineEntry
    target: str
    rest: str


def describe_rest(entry: RoutineEntry, *, circuit: bool = False, last: bool = False) -> str:
    rest = entry.rest_s
    if not circuit:
        return f"{rest} s rest" if rest else "No rest"
    after = "the next round" if last else "the next exercise"
    return f"{rest} s rest, then {after}" if rest else f"Straight on to {after}"


def copy_routine(*, routine: Routine, owner) -> Routine:
    """`owner`'s own copy of a template (or of one of their routines), entries and all."""
    name = routine.name if routine.is_template else f"{routine.name[:93]} (copy)"
    with transaction.atomic():
        copy = Routine(
            owner=owner,
            name=name,
            description=routine.description,
            source_id=routine.source_id,
            rounds=routine.rounds,
            copied_from=routine,
        )
        copy.full_clean()
        copy.save()
        RoutineEntry.objects.bulk_create(
            RoutineEntry(
                routine=copy,
                exercise_id=entry.exercise_id,
                position=entry.position,
                sets=entry.sets,
                reps_min=entry.reps_min,
                reps_max=entry.reps_max,
                hold_s=entry.hold_s,
                rest_s=entry.rest_s,
                chain_id=entry.chain_id,
            )
            for entry in routine.entries.order_by("position")
        )
    return copy


@login_required
@require_http_methods(["GET"])
def routine_list(request):
    names = RoutineEntry.objects.select_related("exercise").only(
        "routine", "position", "exercise__name"
    )
    routines = (
        Routine.objects.readable_by(request.user)
        .select_related("source")
        .annotate(entry_count=Count("entries"))
        .prefetch_related(Prefetch("entries", queryset=names.order_by("position")))
        .order_by("name", "pk")
    )
    return render(
        request,
        "training/routine_list.html",
        {
            "templates": [r for r in routines if r.is_template],
            "my_routines": [r for r in routines if not r.is_template],
        },
    )


@login_required
@require_http_methods(["GET"])
def routine_detail(request, pk):
    routine = get_routine_readable(
        request.user, pk, queryset=Routine.objects.select_related("source", "copied_from")
    )
    entries = list(routine.entries.select_related("exercise").order_by("position"))
    rows = [
        EntryRow(
            entry=entry,
            target=describe_target(entry, circuit=routine.is_circuit),
            rest=describe_rest(entry, circuit=routine.is_circuit, last=i == len(entries) - 1),
        )
        for i, entry in enumerate(entries)
    ]
    origin = routine.copied_from
    if origin is not None and not (origin.is_template or origin.owner_id == request.user.pk):
        origin = None
    return render(
        request,
        "training/routine_detail.html",
        {
            "routine": routine,
            "rows": rows,
            "origin": origin,
            "is_mine": routine.owner_id == request.user.pk,
        },
    )


def _one_more_card(data):
    """The posted formset plus one blank card: 'Add another exercise' without JavaScript."""
    data = data.copy()
    key = "entries-TOTAL_FORMS"
    try:
        total = int(data.get(key, 0))
    except ValueError:
        return data
    data[key] = str(min(total + 1, MAX_ENTRIES))
    return data


def _routine_form(request, routine, *, extra):
    """Create or edit: the routine's fields and its entries, saved together or not at all."""
    title = f"Edit {routine.name}" if routine.pk else "New routine"
    if request.method == "POST":
        more = "add_entry" in request.POST
        form = RoutineForm(request.POST, instance=routine)
        formset = entry_formset(
            _one_more_card(request.POST) if more else request.POST, routine=routine
        )
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if form_ok and formset_ok and not more:
            created = routine.pk is None
            with transaction.atomic():
                routine = form.save()
                formset.instance = routine
                formset.save_entries()
            if created:
                messages.success(request, f"“{routine.name}” saved to your routines.")
            else:
                messages.success(request, f"Changes to “{routine.name}” saved.")
            return redirect(routine)
    else:
        form = RoutineForm(instance=routine)
        formset = entry_formset(routine=routine, extra=extra)
    return render(
        request,
        "training/routine_form.html",
        {
            "title": title,
            "form": form,
            "formset": formset,
            "routine": routine,
            "max_entries": MAX_ENTRIES,
            # After 'Add another exercise' nothing was meant to be saved: no error summary.
            "adding": request.method == "POST" and "add_entry" in request.POST,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def routine_create(request):
    return _routine_form(request, Routine(owner=request.user), extra=NEW_ROUTINE_CARDS)


@login_required
@require_http_methods(["GET", "POST"])
def routine_edit(request, pk):
    # Templates are copied, never edited: they are not the user's, so this is a 404.
    return _routine_form(request, get_routine_for_user(request.user, pk), extra=1)


@login_required
@require_POST
def routine_copy(request, pk):
    original = get_routine_readable(request.user, pk)
    copy = copy_routine(routine=original, owner=request.user)
    messages.success(
        request,
        f"“{copy.name}” is now one of your routines. Change anything you like, "
        "then plan it on your training days.",
    )
    return redirect(copy)


def delete_routine(*, routine: Routine, today: date) -> int:
    """Delete `routine` and end the schedules that plan it; return the sessions removed.

    A schedule protects its routine, and there is nothing left to plan once the
    routine is gone, so its schedules go too, with every session still planned
    from `today` on. Sessions done, started, skipped or missed stay in the log
    as history (their routine emptied, not deleted).
    """
    with transaction.atomic():
        upcoming = routine.sessions.filter(status=Session.Status.PLANNED, date__gte=today)
        _, deleted = upcoming.delete()
        routine.schedules.all().delete()
        routine.delete()
    return deleted.get(Session._meta.label, 0)


@login_required
@require_http_methods(["GET", "POST"])
def routine_delete(request, pk):
    routine = get_routine_for_user(request.user, pk)
    today = timezone.localdate()
    if request.method == "POST":
        name = routine.name
        try:
            removed = delete_routine(routine=routine, today=today)
        except ProtectedError:
            messages.error(request, f"“{name}” is still in use, so it was not deleted.")
            return redirect("training:routine-delete", pk=routine.pk)
        planned = f" with its {removed} planned session{pluralize(removed)}" if removed else ""
        messages.success(
            request,
            f"“{name}” deleted{planned}. Sessions you did with it keep their history.",
        )
        return redirect("training:routine-list")
    upcoming = Q(status=Session.Status.PLANNED, date__gte=today)
    counts = routine.sessions.aggregate(
        upcoming=Count("pk", filter=upcoming), kept=Count("pk", filter=~upcoming)
    )
    return render(
        request,
        "training/routine_confirm_delete.html",
        {"routine": routine, "schedules": list(routine.schedules.all()), **counts},
    )
