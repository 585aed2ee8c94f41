"""The one bridge between the log and the progression engine.

`progression_judge` is the one path that judges a user's history of some
exercises from a date on: finishing a session (`progression_record`), editing
or backfilling one, and importing (`progression_replay`) all run it, so the
state, the events and the offers are always what an on-time log gives. Pages
read the stored state instead of replaying history. The other services record
the user's own decisions.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import transaction
from django.db.models import OuterRef, Subquery

from exercises.models import BandColour, Exercise
from progress import engine
from progress.engine import seeding
from progress.event_writing import events_write
from progress.models import ProgressionEvent, ProgressionState
from progress.pain import PainLog
from progress.specs import Chains, context_for, from_json, hint_from_entry, load_steps, to_json
from training.models import LoggedSet, RoutineEntry, Session

# Foreign keys the service has just read from the database: checking that they
# exist again would cost a query each.
_ROWS_WE_LOADED = ["user", "exercise", "chain", "band", "offer", "moved_to", "event"]


def _apply(state: ProgressionState, prescription: engine.Prescription, bands) -> None:
    state.sets = prescription.sets
    state.reps = prescription.reps
    state.hold_s = prescription.hold_s
    state.load_kg = prescription.load_kg
    state.band = next((b for b in bands if b.slug == prescription.band), None)


def _describe(context: engine.Context, prescription: engine.Prescription) -> str:
    """The prescription, named when it is another exercise's (after a move on)."""
    text = engine.describe(context, prescription)
    owner = context.owning(prescription).spec
    return text if owner == context.spec else f"{owner.name}, {text}"


def _event(user, exercise, *, kind, before, after, context, reason, day, session=None, met=None):
    event = _event_row(
        user,
        exercise,
        kind=kind,
        before=before,
        after=after,
        context=context,
        reason=reason,
        day=day,
        session=session,
        met=met,
    )
    event.save()
    return event


def _event_row(user, exercise, *, kind, before, after, context, reason, day, session, met):
    return ProgressionEvent(
        user=user,
        exercise=exercise,
        session=session,
        date=day,
        kind=kind,
        met=met,
        before=to_json(before) if before is not None else None,
        after=to_json(after),
        before_text=engine.describe(context, before) if before is not None else "",
        after_text=_describe(context, after),
        reason=reason,
    )


# Kinds of event that are the user's own decisions, not a judgement of the log: a
# re-judging keeps them and applies them again at their place in the history.
DECISIONS = (
    ProgressionEvent.Kind.OVERRIDE,
    ProgressionEvent.Kind.MOVED_ON,
    ProgressionEvent.Kind.KEPT,
)
# After these the state stays at the stage met (`before`): a move on is an offer.
_STAYS_AT_BEFORE = (ProgressionEvent.Kind.NEXT_EXERCISE, ProgressionEvent.Kind.MOVED_ON)
_EARLIEST = datetime.min.replace(tzinfo=UTC)
_JUDGED_FIELDS = (
    "session_id",
    "session__date",
    "session__finished_at",
    "session__routine_id",
    "exercise_id",
    "reps",
    "hold_s",
    "load_kg",
    "band__slug",
    "side",
)


@dataclass(frozen=True)
class _Judged:
    """A finished session, as much of it as judging reads."""

    pk: int
    date: date
    finished_at: datetime | None
    routine_id: int | None


def _logged(reps, hold_s, load_kg, band, side) -> engine.LoggedSet:
    return engine.LoggedSet(
        reps=reps, hold_s=hold_s, load_kg=load_kg, band=band, side=engine.Side(side)
    )


def _held(event: ProgressionEvent) -> engine.Prescription:
    """The stage the state stood at after `event`."""
    if event.kind in _STAYS_AT_BEFORE and event.before is not None:
        return from_json(event.before)
    return from_json(event.after)


@transaction.atomic
def progression_record(*, session: Session) -> list[ProgressionEvent]:
    """Judge every exercise of a finished session; returns the session's events.

    The exercises' history is judged again from the session's day
    (`progression_judge`): finishing a session again, or finishing one dated
    before sessions already judged, gives what logging on time would have.
    """
    exercise_ids = set(session.sets.working().values_list("exercise_id", flat=True))
    if not exercise_ids:
        return []
    events = progression_judge(user=session.user, exercise_ids=exercise_ids, since=session.date)
    return [event for event in events if event.session_id == session.pk]


def progression_replay(*, user, exercise_ids, since: date | None = None) -> int:
    """Judge history the log gained all at once (an import) from `since` (default: from
    the start); returns the number of events written."""
    return len(progression_judge(user=user, exercise_ids=exercise_ids, since=since))


@transaction.atomic
def progression_judge(*, user, exercise_ids, since: date | None = None) -> list[ProgressionEvent]:
    """Judge the user's history of these exercises from `since` on, in date order.

    The one code path for finishing a session, editing or deleting a finished
    one, logging a forgotten one and importing: whatever came in late, the
    state and the events are those an on-time log would have given. Events
    before `since` stand; from it, the judgements are written again from the
    stage the last earlier event left (the first stage, for an exercise not
    judged before), each finished session judged in date order with its gap
    step-backs, and the user's own decisions (a target set, a move on, a
    stage kept) applied again where they fall. Events are bulk-written and
    each state saved once, so years of history cost a handful of queries.
    Returns the events written, in order.
    """
    exercise_ids = sorted(set(exercise_ids))
    if not exercise_ids:
        return []
    states = {
        s.exercise_id: s
        for s in ProgressionState.objects.select_for_update(of=("self",))
        .filter(user=user, exercise__in=exercise_ids)
        .select_related("exercise", "band")
    }
    events = ProgressionEvent.objects.filter(user=user, exercise_id__in=exercise_ids)
    later = events if since is None else events.filter(date__gte=since)
    anchors, trained = {}, {}
    if since is not None:
        # Per exercise, its last event before the day and the last day judged: each a
        # walk down the (user, exercise, date) index that stops at the first row, so the
        # cost does not grow with the years before the day.
        earlier = ProgressionEvent.objects.filter(
            user=user, exercise_id=OuterRef("pk"), date__lt=since
        ).order_by("-date", "-pk")
        these = Exercise.objects.filter(pk__in=exercise_ids)
        trained = {
            pk: day
            for pk, day in these.annotate(
                judged_on=Subquery(earlier.filter(met__isnull=False).values("date")[:1])
            ).values_list("pk", "judged_on")
            if day is not None
        }
        # A subquery, not a list of ids: the same query whether or not there are any.
        latest_before = these.annotate(anchor=Subquery(earlier.values("pk")[:1])).values("anchor")
        for event in ProgressionEvent.objects.filter(pk__in=latest_before).select_related(
            "exercise"
        ):
            anchors[event.exercise_id] = event
    decisions = defaultdict(list)
    for event in later.filter(kind__in=DECISIONS).select_related("exercise").order_by("date", "pk"):
        decisions[event.exercise_id].append(event)
    judged = later.exclude(kind__in=DECISIONS)
    # The states pointing at these events are saved again below; with them unlinked,
    # the events go in one DELETE rather than through the collector's reads.
    ProgressionState.objects.filter(event__in=judged).update(event=None)
    judged._raw_delete(judged.db)

    # Years of sets are read as plain rows, not model instances: the cost of a re-judging
    # is the engine's, not the ORM's.
    logged = (
        LoggedSet.objects.working()
        .filter(
            session__user=user, session__status=Session.Status.DONE, exercise_id__in=exercise_ids
        )
        .order_by("session__date", "session_id", "pk")
        .values_list(*_JUDGED_FIELDS)
    )
    if since is not None:
        logged = logged.filter(session__date__gte=since)
    by_exercise: dict[int, dict[int, list]] = defaultdict(dict)
    sessions: dict[int, _Judged] = {}
    for session_id, day, finished_at, routine_id, exercise_id, *numbers in logged:
        by_exercise[exercise_id].setdefault(session_id, []).append(_logged(*numbers))
        if session_id not in sessions:
            sessions[session_id] = _Judged(session_id, day, finished_at, routine_id)
    # One query whatever the history: the exercises with something to judge or to undo.
    exercises = Exercise.objects.in_bulk({*by_exercise, *states, *anchors, *decisions})
    if not exercises:
        return []
    chains = Chains(exercises)
    steps = load_steps({*exercises, *(e.pk for e in chains.exercises())})
    bands = list(BandColour.objects.order_by("position"))
    pains = PainLog(user, exercises)
    # A routine's target is where an exercise never judged starts.
    first_routines = {
        sessions[next(iter(judged))].routine_id
        for exercise_id, judged in by_exercise.items()
        if exercise_id not in anchors
    } - {None}
    # The latest session's routine entry sets the rep range and a circuit's rounds.
    routines = first_routines | {s.routine_id for s in sessions.values()} - {None}
    entries = {
        (e.routine_id, e.exercise_id): e
        for e in RoutineEntry.objects.filter(routine_id__in=routines).select_related(
            "exercise", "routine"
        )
    }

    written, finished = [], []
    for exercise_id in exercise_ids:
        if exercise_id not in exercises:
            continue
        exercise, state, anchor = (
            exercises[exercise_id],
            states.get(exercise_id),
            anchors.get(exercise_id),
        )
        trained_in = list(by_exercise[exercise_id])
        latest = sessions[trained_in[-1]] if trained_in else None
        entry = entries.get((latest.routine_id, exercise_id)) if latest else None
        chain_id = state.chain_id if state and state.chain_id else chains.choose(exercise_id, entry)
        following = chains.following(chain_id, exercise_id)
        context = context_for(
            exercise,
            steps,
            bands,
            user.unit,
            following=following,
            entry=entry,
            move_on_kg=chains.move_on_kg(chain_id, exercise_id),
        )
        current = _held(anchor) if anchor is not None else None
        trained_on = trained.get(exercise_id)
        last, reason = anchor, anchor.reason if anchor is not None else ""
        offer = (
            following if anchor is not None and anchor.kind == engine.Change.NEXT_EXERCISE else None
        )

        def row(exercise=exercise, context=context, session=None, **values):
            written.append(_event_row(user, exercise, context=context, session=None, **values))
            written[-1].session_id = session.pk if session is not None else None
            return written[-1]

        timeline = [
            (sessions[pk].date, sessions[pk].finished_at or _EARLIEST, 0, sessions[pk], sets)
            for pk, sets in by_exercise[exercise_id].items()
        ] + [(d.date, d.created_at or _EARLIEST, 1, d, None) for d in decisions[exercise_id]]
        for day, _, is_decision, item, session_sets in sorted(timeline, key=lambda t: t[:3]):
            if is_decision:
                if item.kind == ProgressionEvent.Kind.OVERRIDE:
                    current, reason = from_json(item.after), item.reason
                offer, last = None, item
                continue
            log = engine.SessionLog(date=day, sets=tuple(session_sets))
            log = pains.attach(log, item, exercise_id, trained_on)
            if current is None:
                entry = entries.get((item.routine_id, exercise_id))
                current = engine.start(context, hint_from_entry(entry))
                if entry is None:
                    current = seeding.start_from_log(context, current, log)
            else:
                gap = engine.after_gap(context, current, trained_on, day)
                if gap.change == engine.Change.STEP_BACK:
                    row(
                        kind=gap.change,
                        before=current,
                        after=gap.prescription,
                        reason=gap.reason,
                        day=day,
                        session=None,
                        met=None,
                    )
                    current, offer = gap.prescription, None
            rec = engine.recommend(context, current, (log,), day)
            rec = seeding.with_working_load(context, rec, log)
            last = row(
                kind=rec.change,
                before=current,
                after=rec.prescription,
                reason=rec.reason,
                day=day,
                session=item,
                met=rec.met,
            )
            moving_on = rec.change == engine.Change.NEXT_EXERCISE
            current = current if moving_on else rec.prescription
            offer = following if moving_on else None
            trained_on, reason = day, rec.reason
        if current is None:
            # Nothing left to judge: a state set by judgements that are gone (their
            # sessions deleted or moved later) goes with them; one a move on made stays.
            if state is not None and state.event_id is not None and not decisions[exercise_id]:
                state.delete()
            continue
        if state is None:
            state = ProgressionState(user=user, exercise=exercise)
        _apply(state, current, bands)
        state.chain_id = chain_id
        state.trained_on = trained_on
        state.reason = reason
        state.offer = offer
        finished.append((state, last))
    events_write(user, written, [last for _, last in finished])
    # Only now do the events have primary keys to point at.
    for state, last in finished:
        state.event = last
        state.full_clean(exclude=_ROWS_WE_LOADED, validate_constraints=False)
        state.save()
    return written


def _context(exercise: Exercise, unit: str) -> tuple[engine.Context, list[BandColour]]:
    bands = list(BandColour.objects.order_by("position"))
    return context_for(exercise, load_steps([exercise.pk]), bands, unit), bands


@transaction.atomic
def progression_move_on(*, state: ProgressionState, today: date) -> ProgressionState:
    """Accept the offer: the next exercise takes this one's place, from its first stage.

    An exercise the user already has a stage on keeps it (the physiotherapy
    ladder's next exercise is often already in the same routine).
    """
    user, following = state.user, state.offer
    bands = list(BandColour.objects.order_by("position"))
    steps = load_steps([state.exercise_id, following.pk])
    context = context_for(state.exercise, steps, bands, user.unit, following=following)
    target = ProgressionState.objects.filter(user=user, exercise=following).first()
    if target is None:
        target = ProgressionState(user=user, exercise=following, chain=state.chain)
        _apply(target, engine.start(context_for(following, steps, bands, user.unit)), bands)
        target.reason = f"You moved on from {state.exercise.name}; start here and log every set."
        target.save()
    event = _event(
        user,
        state.exercise,
        kind=ProgressionEvent.Kind.MOVED_ON,
        before=state.prescription,
        after=target.prescription,
        context=context,
        reason=f"You moved on from {state.exercise.name} to {following.name}, "
        f"at {engine.describe(context, target.prescription)}.",
        day=today,
    )
    state.moved_to, state.offer, state.event = following, None, event
    state.save(update_fields=["moved_to", "offer", "event", "updated_at"])
    return target


@transaction.atomic
def progression_keep(*, state: ProgressionState, today: date) -> ProgressionEvent:
    """Decline the offer for now: stay at the top stage; it is offered again after the next."""
    context, _ = _context(state.exercise, state.user.unit)
    shown = engine.describe(context, state.prescription)
    event = _event(
        state.user,
        state.exercise,
        kind=ProgressionEvent.Kind.KEPT,
        before=state.prescription,
        after=state.prescription,
        context=context,
        reason=f"You chose to stay at {shown} of {state.exercise.name} for now; "
        "the move is offered again after your next session that meets it.",
        day=today,
    )
    state.offer, state.event = None, event
    state.save(update_fields=["offer", "event", "updated_at"])
    return event


@transaction.atomic
def progression_override(
    *, user, exercise: Exercise, prescription: engine.Prescription, note: str, today: date
) -> ProgressionState:
    """The user sets their own next target; it is recorded, and the engine goes on from it."""
    context, bands = _context(exercise, user.unit)
    state = (
        ProgressionState.objects.select_for_update(of=("self",))
        .select_related("exercise", "band")
        .filter(user=user, exercise=exercise)
        .first()
    )
    before = state.prescription if state is not None else None
    if state is None:
        state = ProgressionState(user=user, exercise=exercise)
    reason = f"You set {engine.describe(context, prescription)} yourself"
    reason += f": “{note}”." if note else "."
    event = _event(
        user,
        exercise,
        kind=ProgressionEvent.Kind.OVERRIDE,
        before=before,
        after=prescription,
        context=context,
        reason=reason,
        day=today,
    )
    _apply(state, prescription, bands)
    state.reason, state.offer, state.moved_to, state.event = reason, None, None, event
    state.full_clean(exclude=_ROWS_WE_LOADED, validate_constraints=False)
    state.save()
    return state
