"""The one bridge between the log and the progression engine.

`progression_record` runs inside the transaction that finishes a session: it
judges each exercise of the session against the stage the user was given,
records an event, and stores the new state, so pages read the state instead
of replaying history. The other services record the user's own decisions.
"""

from collections import defaultdict
from datetime import date

from django.db import transaction

from exercises.models import BandColour, Exercise
from progress import engine
from progress.models import ProgressionEvent, ProgressionState
from progress.pain import PainLog
from progress.specs import Chains, context_for, from_json, hint_from_entry, load_steps, to_json
from training.models import LoggedSet, Session

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


def _session_log(session: Session, sets) -> engine.SessionLog:
    """A session's logged sets of one exercise, as the engine reads them."""
    return engine.SessionLog(
        date=session.date,
        sets=tuple(
            engine.LoggedSet(
                reps=s.reps,
                hold_s=s.hold_s,
                load_kg=s.load_kg,
                band=s.band.slug if s.band_id else None,
                side=engine.Side(s.side),
            )
            for s in sets
        ),
    )


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


@transaction.atomic
def progression_record(*, session: Session) -> list[ProgressionEvent]:
    """Judge every exercise of a finished session; returns the session's events.

    Finishing the same session again re-judges it against the stage it was
    given the first time (the event keeps it) and updates that event. A session
    older than the last one judged for an exercise changes nothing for it.
    """
    user = session.user
    logged = defaultdict(list)
    exercises = {}
    working = session.sets.working()
    for s in working.select_related("exercise", "band").order_by("pk"):
        logged[s.exercise_id].append(s)
        exercises[s.exercise_id] = s.exercise
    if not exercises:
        return []
    chains = Chains(exercises)
    steps = load_steps({*exercises, *(e.pk for e in chains.exercises())})
    bands = list(BandColour.objects.order_by("position"))
    pains = PainLog(user, exercises)
    states = {
        s.exercise_id: s
        for s in ProgressionState.objects.select_for_update(of=("self",))
        .filter(user=user, exercise__in=list(exercises))
        .select_related("exercise", "band")
    }
    judged = {e.exercise_id: e for e in session.progression_events.all()}
    entries = (
        {e.exercise_id: e for e in session.routine.entries.select_related("exercise")}
        if session.routine_id
        else {}
    )
    events = []
    for exercise_id, exercise in exercises.items():
        state = states.get(exercise_id)
        event = judged.get(exercise_id)
        entry = entries.get(exercise_id)
        chain_id = state.chain_id if state and state.chain_id else chains.choose(exercise_id, entry)
        context = context_for(
            exercise,
            steps,
            bands,
            user.unit,
            following=chains.following(chain_id, exercise_id),
            entry=entry,
            move_on_kg=chains.move_on_kg(chain_id, exercise_id),
        )
        if event is not None:
            shown = from_json(event.before)
        elif state is not None:
            if state.trained_on and session.date < state.trained_on:
                continue
            gap = engine.after_gap(context, state.prescription, state.trained_on, session.date)
            shown = gap.prescription
            if gap.change == engine.Change.STEP_BACK:
                _event(
                    user,
                    exercise,
                    kind=gap.change,
                    before=state.prescription,
                    after=shown,
                    context=context,
                    reason=gap.reason,
                    day=session.date,
                )
        else:
            shown = engine.start(context, hint_from_entry(entries.get(exercise_id)))
        log = _session_log(session, logged[exercise_id])
        log = pains.attach(log, session, exercise_id, state.trained_on if state else None)
        rec = engine.recommend(context, shown, (log,), session.date)
        # A move on is an offer: the state stays at the stage met until it is accepted.
        moving_on = rec.change == engine.Change.NEXT_EXERCISE
        after = shown if moving_on else rec.prescription
        if event is None:
            event = _event(
                user,
                exercise,
                kind=rec.change,
                before=shown,
                after=rec.prescription,
                context=context,
                reason=rec.reason,
                day=session.date,
                session=session,
                met=rec.met,
            )
        else:
            event.kind, event.met, event.reason = rec.change, rec.met, rec.reason
            event.after = to_json(rec.prescription)
            event.after_text = _describe(context, rec.prescription)
            event.save(update_fields=["kind", "met", "reason", "after", "after_text"])
            if state is not None and state.event_id != event.pk:
                events.append(event)
                continue  # Something later (a decision, a later session) set the state.
        if state is None:
            state = ProgressionState(user=user, exercise=exercise)
        _apply(state, after, bands)
        state.chain_id = chain_id
        state.trained_on = session.date
        state.reason = rec.reason
        state.offer = chains.following(chain_id, exercise_id) if moving_on else None
        state.event = event
        state.full_clean(exclude=_ROWS_WE_LOADED, validate_constraints=False)
        state.save()
        events.append(event)
    return events


@transaction.atomic
def progression_replay(*, user, exercise_ids) -> int:
    """Judge sessions the log gained all at once (an import), as finishing each would have.

    For each exercise, the finished sessions after the day it was last judged
    (every one, for an exercise never judged) are judged in date order, from
    the stage the user stands at; older ones change nothing, as in
    `progression_record`. Events are bulk-written and the state saved once per
    exercise, so ten years of history costs a handful of queries. Returns the
    number of events written.
    """
    exercise_ids = list(exercise_ids)
    states = {
        s.exercise_id: s
        for s in ProgressionState.objects.select_for_update(of=("self",))
        .filter(user=user, exercise__in=exercise_ids)
        .select_related("exercise", "band")
    }
    by_exercise: dict[int, dict[int, list]] = defaultdict(dict)
    exercises, sessions = {}, {}
    logged = (
        LoggedSet.objects.working()
        .filter(
            session__user=user, session__status=Session.Status.DONE, exercise_id__in=exercise_ids
        )
        .select_related("session", "exercise", "band")
        .order_by("session__date", "session_id", "pk")
    )
    for s in logged:
        state = states.get(s.exercise_id)
        if state is not None and state.trained_on and s.session.date <= state.trained_on:
            continue
        by_exercise[s.exercise_id].setdefault(s.session_id, []).append(s)
        exercises[s.exercise_id] = s.exercise
        sessions[s.session_id] = s.session
    if not exercises:
        return 0
    chains = Chains(exercises)
    steps = load_steps({*exercises, *(e.pk for e in chains.exercises())})
    bands = list(BandColour.objects.order_by("position"))
    pains = PainLog(user, exercises)
    events, new_states, last_events, judged_states = [], [], {}, {}
    for exercise_id, judged in by_exercise.items():
        exercise, state = exercises[exercise_id], states.get(exercise_id)
        if state is None:
            state = ProgressionState(user=user, exercise=exercise)
            new_states.append(state)
        judged_states[exercise_id] = state
        chain_id = state.chain_id or chains.choose(exercise_id)
        following = chains.following(chain_id, exercise_id)
        context = context_for(
            exercise,
            steps,
            bands,
            user.unit,
            following=following,
            move_on_kg=chains.move_on_kg(chain_id, exercise_id),
        )
        current = state.prescription if state.pk else None
        trained_on, rec, last = state.trained_on, None, None

        def row(exercise=exercise, context=context, **values):
            events.append(_event_row(user, exercise, context=context, **values))
            return events[-1]

        for session_id, session_sets in judged.items():
            session = sessions[session_id]
            if current is None:
                current = engine.start(context)
            else:
                gap = engine.after_gap(context, current, trained_on, session.date)
                if gap.change == engine.Change.STEP_BACK:
                    row(
                        kind=gap.change,
                        before=current,
                        after=gap.prescription,
                        reason=gap.reason,
                        day=session.date,
                        session=None,
                        met=None,
                    )
                    current = gap.prescription
            log = _session_log(session, session_sets)
            log = pains.attach(log, session, exercise_id, trained_on)
            rec = engine.recommend(context, current, (log,), session.date)
            last = row(
                kind=rec.change,
                before=current,
                after=rec.prescription,
                reason=rec.reason,
                day=session.date,
                session=session,
                met=rec.met,
            )
            moving_on = rec.change == engine.Change.NEXT_EXERCISE
            current = current if moving_on else rec.prescription
            trained_on = session.date
        moving_on = rec.change == engine.Change.NEXT_EXERCISE
        _apply(state, current, bands)
        state.chain_id = chain_id
        state.trained_on = trained_on
        state.reason = rec.reason
        state.offer = following if moving_on else None
        last_events[exercise_id] = last
    ProgressionEvent.objects.bulk_create(events, batch_size=2000)
    # Only now do the events have primary keys to point at.
    for exercise_id, event in last_events.items():
        judged_states[exercise_id].event = event
    for state in judged_states.values():
        if state.pk:
            state.save()
    ProgressionState.objects.bulk_create(new_states)
    return len(events)


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
