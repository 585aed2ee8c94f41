"""Read-only questions other apps ask of progress.

`todays_targets` is the one place a session page (and the dashboard) learns
what to aim for: the stage the progression engine earned the user, from the
stored state, stepped back after a long gap. Where the user has never logged
an exercise, the routine's target (or the catalog's) is the first stage.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from exercises.models import BandColour, Exercise
from progress import engine
from progress.models import ProgressionEvent, ProgressionState
from progress.specs import context_for, from_json, hint_from_entry, load_steps
from progress.stages import locked_stages
from training.models import RoutineEntry, Session


@dataclass(frozen=True)
class Target:
    sets: int
    reps: int | None
    hold_s: int | None
    rest_s: int
    text: str
    reason: str = ""
    load_kg: Decimal | None = None
    band_id: int | None = None
    after_session: bool = False
    stepped_back: bool = False
    offer: Exercise | None = None
    replaces: Exercise | None = None
    warning: str = ""


WARM_UP_FIRST = (
    "Warm up first: 5–10 minutes of light cardio and dynamic stretches. Cold hamstrings "
    "strain more easily, and this is an advanced move."
)


def _warned(target: Target, exercise: Exercise, session: Session) -> Target:
    """Nordic curls and the other advanced moves ask for the warm-up until it is done."""
    if exercise.level == Exercise.Level.ADVANCED and not session.warmup_done:
        return replace(target, warning=WARM_UP_FIRST)
    return target


def states_for(user) -> dict[int, ProgressionState]:
    """All the user's states by exercise id: one query, at most one row per catalog exercise."""
    return {
        s.exercise_id: s
        for s in ProgressionState.objects.filter(user=user).select_related(
            "exercise", "band", "offer", "moved_to", "event", "user"
        )
    }


def _current(exercise: Exercise, states) -> tuple[Exercise, Exercise | None]:
    """The exercise a user does in `exercise`'s place: the last one they moved on to."""
    seen = {exercise.pk}
    current = exercise
    while (state := states.get(current.pk)) is not None and state.moved_to_id not in (None, *seen):
        current = state.moved_to
        seen.add(current.pk)
    return current, (exercise if current.pk != exercise.pk else None)


def todays_targets(
    session: Session,
    entries: list[RoutineEntry],
    others,
    *,
    bands: list[BandColour],
    unit: str,
) -> tuple[list[Exercise], dict[int, Target]]:
    """The session's exercises in order, and each one's target, by exercise id.

    The routine's exercises come first, each replaced by the one the user has
    moved on to (a planned session; a finished one shows what was done), then
    `others` (logged or added ad hoc). Three queries whatever the history: the
    states, the judged events of a finished session, the load steps.
    """
    states = states_for(session.user_id)
    done = session.status == Session.Status.DONE
    judged = (
        {e.exercise_id: e for e in ProgressionEvent.objects.filter(session=session)} if done else {}
    )
    locked = locked_stages(entries, states)
    # What the page lists under "Still to earn", read with the targets: no query of its own.
    session.locked_stages = [locked[e.exercise_id] for e in entries if e.exercise_id in locked]
    order = _order(session, entries, others, states, locked)
    steps = load_steps(order)
    band_ids = {b.slug: b.pk for b in bands}

    targets = {}
    rounds = session_rounds(session)
    for pk, (exercise, entry, replaces) in order.items():
        context = context_for(exercise, steps, bands, unit, entry=entry, rounds=rounds)
        event = judged.get(pk)
        target = _target(
            context,
            exercise,
            states.get(pk),
            session.date,
            entry=entry,
            judged=from_json(event.before) if event is not None else None,
            replaces=replaces,
            band_ids=band_ids,
        )
        targets[pk] = _warned(target, exercise, session)
    return [exercise for exercise, _, _ in order.values()], targets


Placed = tuple[Exercise, RoutineEntry | None, Exercise | None]


def session_rounds(session: Session) -> int:
    """The rounds of the session's circuit (1 when it is none): from the routine read with
    the session, or the `card_rounds` a session page's card query carries."""
    rounds = getattr(session, "card_rounds", None)
    if rounds is None and session.routine_id and Session.routine.is_cached(session):
        rounds = session.routine.rounds
    return rounds or 1


def _order(session: Session, entries, others, states, locked=()) -> dict[int, Placed]:
    """The session's exercises by id, in page order: each with the routine entry that sets
    its target (None when it stands in for another, or is ad hoc) and the one it replaces.
    A ladder exercise not earned yet (`locked`) is left out of a session to come."""
    done = session.status == Session.Status.DONE
    order: dict[int, Placed] = {}
    for entry in entries:
        if not done and entry.exercise_id in locked:
            continue
        exercise, replaces = (entry.exercise, None) if done else _current(entry.exercise, states)
        order.setdefault(exercise.pk, (exercise, entry if replaces is None else None, replaces))
    for exercise in others:
        order.setdefault(exercise.pk, (exercise, None, None))
    return order


@dataclass(frozen=True)
class OneTarget:
    target: Target
    in_routine: bool  # the session shows the exercise whether or not it holds sets of it


def todays_target(
    session: Session,
    exercise: Exercise,
    entries: list[RoutineEntry],
    *,
    bands: list[BandColour],
    unit: str,
    load_step: Decimal | None,
    judged: dict | None,
) -> OneTarget:
    """One exercise's target, as `todays_targets` gives it to the session page: one query
    (the user's states) whatever the routine, for a page that shows one exercise's card.

    `entries` are the routine's entries in order; only their `exercise_id` is read, but for
    those that lead to `exercise`. `load_step` is the exercise's smallest load step,
    `judged` the prescription a finished session judged it at (its event's `before`), and
    `bands` may be empty where the exercise is not done at a band colour.
    """
    states = states_for(session.user_id)
    for entry in entries:
        # The routine's own row where the exercise is the entry's, the state's where the
        # user moved on from it (shown as "in place of"); the others are never shown.
        if entry.exercise_id == exercise.pk:
            entry.exercise = exercise
        elif entry.exercise_id in states:
            entry.exercise = states[entry.exercise_id].exercise
        else:
            entry.exercise = Exercise(pk=entry.exercise_id)
    order = _order(session, entries, [exercise], states)
    _, entry, replaces = order[exercise.pk]
    steps = {exercise.pk: load_step} if load_step is not None else {}
    context = context_for(exercise, steps, bands, unit, entry=entry, rounds=session_rounds(session))
    if session.status != Session.Status.DONE:
        judged = None
    target = _target(
        context,
        exercise,
        states.get(exercise.pk),
        session.date,
        entry=entry,
        judged=from_json(judged) if judged is not None else None,
        replaces=replaces,
        band_ids={b.slug: b.pk for b in bands},
    )
    return OneTarget(
        target=_warned(target, exercise, session),
        in_routine=entry is not None or replaces is not None,
    )


def _target(context, exercise, state, day, *, entry, band_ids, judged=None, replaces=None):
    offer, stepped_back, reason, after_session = None, False, "", False
    if judged is not None:
        prescription = judged
    elif state is not None:
        rec = engine.after_gap(context, state.prescription, state.trained_on, day)
        stepped_back = rec.change == engine.Change.STEP_BACK
        # Time away withdraws an offer to move on: the top stage must be met again.
        away = state.trained_on is not None and (day - state.trained_on).days >= engine.GAP_DAYS
        prescription, offer = rec.prescription, None if away else state.offer
        reason = rec.reason if stepped_back else state.reason
        # The reason was written after a session (not a decision of the user's).
        after_session = not stepped_back and state.event is not None and state.event.session_id
    else:
        prescription = engine.start(context, hint_from_entry(entry, rounds=context.rounds))
    return Target(
        sets=prescription.sets,
        reps=prescription.reps,
        hold_s=prescription.hold_s,
        rest_s=entry.rest_s if entry is not None else exercise.rest_s,
        text=engine.describe(context, prescription),
        reason=reason,
        load_kg=prescription.load_kg,
        band_id=band_ids.get(prescription.band),
        after_session=bool(after_session),
        stepped_back=stepped_back,
        offer=offer,
        replaces=replaces,
    )


def exercise_target(user, exercise: Exercise, state, today) -> Target:
    """What the user aims for on `exercise` next: two queries (bands, load steps)."""
    bands = list(BandColour.objects.order_by("position"))
    context = context_for(exercise, load_steps([exercise.pk]), bands, user.unit)
    return _target(
        context, exercise, state, today, entry=None, band_ids={b.slug: b.pk for b in bands}
    )


def session_outcomes(session: Session) -> tuple[list[ProgressionEvent], list[ProgressionState]]:
    """What finishing `session` changed for next time, and the moves on it offers (two queries)."""
    events = list(
        ProgressionEvent.objects.filter(session=session)
        .select_related("exercise")
        .order_by("exercise__name")
    )
    offers = list(
        ProgressionState.objects.filter(
            user_id=session.user_id,
            exercise__in=[e.exercise_id for e in events],
            offer__isnull=False,
        )
        .select_related("exercise", "offer")
        .order_by("exercise__name")
    )
    return events, offers
