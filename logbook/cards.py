"""The session page's cards: per exercise, today's target, last time, today's sets, a form."""

import uuid
from dataclasses import dataclass, field

from django.db.models import (
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)

from exercises.models import BandColour, Equipment, Exercise
from progress.models import PersonalRecord, ProgressionEvent
from progress.selectors import Target, todays_target, todays_targets
from training.forms.sessions import BAND_FIELDS, SetForm
from training.json_rows import json_rows, rows_as
from training.models import LoggedSet, Routine, RoutineEntry, Session
from training.selectors import last_time, last_time_condition
from training.units import from_kg


@dataclass
class Card:
    """One exercise on the session page: target, last time, today's sets, the form."""

    exercise: Exercise
    target: Target
    last: list = field(default_factory=list)
    sets: list = field(default_factory=list)
    form: SetForm | None = None
    # A barbell lift: the card shows the plates per side for its load.
    barbell: bool = False

    @property
    def anchor(self):
        return f"ex-{self.exercise.slug}"

    def count(self, side: str, *, working: bool = False) -> int:
        """Today's sets of one leg (a set of both legs counts for each); with `working`,
        warm-ups left out, as the target counts them."""
        return sum(
            1
            for s in self.sets
            if s.side in (side, LoggedSet.Side.BOTH)
            and not (working and s.kind == LoggedSet.Kind.WARMUP)
        )

    @property
    def next_side(self) -> str:
        """The leg the next set is for: left first, then right to match it."""
        if not self.exercise.unilateral:
            return LoggedSet.Side.BOTH
        left, right = self.count(LoggedSet.Side.LEFT), self.count(LoggedSet.Side.RIGHT)
        return LoggedSet.Side.RIGHT if right < left else LoggedSet.Side.LEFT

    @property
    def next_number(self) -> int:
        """The next set's number: counted per leg on a one-leg exercise."""
        if not self.exercise.unilateral:
            return len(self.sets) + 1
        return self.count(self.next_side) + 1

    @property
    def left_next(self) -> int:
        return self.count(LoggedSet.Side.LEFT) + 1

    @property
    def right_next(self) -> int:
        return self.count(LoggedSet.Side.RIGHT) + 1

    @property
    def leg_pending(self) -> bool:
        """One leg of a one-leg set is logged and the other is still to come."""
        return self.exercise.unilateral and self.left_next != self.right_next

    @property
    def done(self):
        """Every prescribed set logged: on a one-leg exercise, by each leg."""
        return not self.missing

    @property
    def missing(self) -> list[str]:
        """What today's target still lacks: 'Right leg: 0 of 2 sets'."""
        wanted = self.target.sets
        if not self.exercise.unilateral:
            done = sum(1 for s in self.sets if s.kind != LoggedSet.Kind.WARMUP)
            return [f"{done} of {wanted} sets"] if done < wanted else []
        return [
            f"{name} leg: {done} of {wanted} sets"
            for name, done in (
                ("Left", self.count(LoggedSet.Side.LEFT, working=True)),
                ("Right", self.count(LoggedSet.Side.RIGHT, working=True)),
            )
            if done < wanted
        ]


BARBELL = "barbell"


def barbell_lift(exercise_id) -> Exists:
    """Whether the exercise (an outer reference, or a value) needs a barbell."""
    if isinstance(exercise_id, str):
        exercise_id = OuterRef(exercise_id)
    return Exists(
        Exercise.equipment.through.objects.filter(exercise_id=exercise_id, equipment__slug=BARBELL)
    )


def card_prefix(exercise) -> str:
    """The set form's prefix on an exercise's card: every card's fields have their own ids."""
    return f"ex{exercise.pk}"


def _prefill(card: Card, unit: str, lightest_band) -> dict:
    """What one tap logs next.

    After a set of today, that set again: the user's own last entry (reps, load, hold,
    band), as the lifter will most likely repeat it; the other leg of a one-leg set
    repeats it too. The first set of the exercise, or the first working set after
    warm-ups (a new target applies), holds the target: its reps and hold, the engine's
    load and band, else last time's, else the lightest band.
    """
    exercise, target = card.exercise, card.target
    initial = {"exercise": exercise.pk, "token": uuid.uuid4(), "reps": target.reps}
    latest = card.sets[-1] if card.sets else None
    if latest is not None and latest.kind != LoggedSet.Kind.WARMUP:
        initial["reps"] = latest.reps
        if latest.hold_s is not None:
            initial["hold_s"] = latest.hold_s
        if latest.load_kg is not None:
            initial["load"] = from_kg(latest.load_kg, unit)
        if latest.band_id:
            initial["band"] = latest.band_id
        if latest.kind != LoggedSet.Kind.WORKING:
            initial["kind"] = latest.kind
    else:
        if exercise.measure == Exercise.Measure.HOLD:
            initial["hold_s"] = target.hold_s
        previous = card.last[-1] if card.last else None
        if previous is not None:
            if previous.load_kg is not None:
                initial["load"] = from_kg(previous.load_kg, unit)
            if previous.band_id:
                initial["band"] = previous.band_id
        # The engine's load and band win over last time's once it has set them.
        if target.load_kg is not None:
            initial["load"] = from_kg(target.load_kg, unit)
        if target.band_id is not None:
            initial["band"] = target.band_id
    if exercise.measure == Exercise.Measure.BAND_REPS and "band" not in initial and lightest_band:
        initial["band"] = lightest_band.pk
    if exercise.unilateral:
        initial["side"] = card.next_side
    return initial


def build_cards(
    session: Session, unit: str, *, bound: SetForm | None = None, added: Exercise | None = None
) -> list[Card]:
    """Every exercise of the session in routine order, then any logged or `added` ad hoc.

    A fixed number of queries whatever the size of the log: routine entries,
    today's sets with the records they beat, band colours, the targets (see
    `todays_targets`), last time's sets.
    """
    entries = (
        list(
            session.routine.entries.select_related("exercise")
            .annotate(barbell=barbell_lift("exercise_id"))
            .order_by("position")
        )
        if session.routine_id
        else []
    )
    todays = _todays_sets(session)
    others = {logged.exercise_id: logged.exercise for logged in todays}
    if added is not None:
        others.setdefault(added.pk, added)
    bands = list(BandColour.objects.order_by("position"))
    exercises, targets = todays_targets(session, entries, others.values(), bands=bands, unit=unit)
    previous = last_time(session, targets.keys())

    cards = {
        exercise.pk: Card(
            exercise=exercise, target=targets[exercise.pk], last=previous.get(exercise.pk, [])
        )
        for exercise in exercises
    }
    for logged in todays:
        cards[logged.exercise_id].sets.append(logged)
    barbells = {entry.exercise_id for entry in entries if entry.barbell}
    barbells |= {logged.exercise_id for logged in todays if logged.barbell}
    if getattr(added, "barbell", False):
        barbells.add(added.pk)
    for card in cards.values():
        card.barbell = card.exercise.pk in barbells
        if bound is not None and bound.data.get(bound.add_prefix("exercise")) == str(
            card.exercise.pk
        ):
            card.form = bound
        else:
            card.form = SetForm(
                initial=_prefill(card, unit, bands[0] if bands else None),
                unit=unit,
                bands=bands,
                prefix=card_prefix(card.exercise),
            )
    return list(cards.values())


def card_for(cards, exercise_id):
    """The card of one exercise, or None when the session no longer holds it."""
    return next((c for c in cards if c.exercise.pk == exercise_id), None)


# One card alone, for the htmx answers of logging, editing and deleting a set.

_ENTRY_FIELDS = ("id", "routine_id", "exercise_id", "position", "sets", "reps_min")
_ENTRY_FIELDS += ("reps_max", "hold_s", "rest_s")
_RECORD_FIELDS = ("id", "kind", "reps", "band_id", "side", "value", "previous", "date")


def _needs_bands(exercise: Exercise) -> bool:
    return (
        exercise.measure == Exercise.Measure.BAND_REPS or exercise.rule == Exercise.Rule.BAND_COLOUR
    )


def card_sessions(exercise: Exercise, queryset: QuerySet | None = None) -> QuerySet:
    """Sessions, each carrying what `build_card` needs of `exercise` beyond its sets.

    All in the session's own row: the routine's entries as JSON, the exercise's
    smallest load step, the prescription a finished session judged it at and, for
    an exercise done at a band colour that did not come from the set form (which
    reads them with the exercise), the band colours as JSON.
    """
    queryset = Session.objects.all() if queryset is None else queryset
    annotations = {
        "card_entries": json_rows(
            RoutineEntry.objects.filter(routine_id=OuterRef("routine_id")), *_ENTRY_FIELDS
        ),
        "card_load_step": Subquery(
            Equipment.objects.filter(exercises=exercise, load_step_kg__isnull=False)
            .order_by("load_step_kg")
            .values("load_step_kg")[:1]
        ),
        "card_rounds": Subquery(
            Routine.objects.filter(pk=OuterRef("routine_id")).values("rounds")[:1]
        ),
        "card_barbell": barbell_lift(Value(exercise.pk)),
        "card_judged": Subquery(
            ProgressionEvent.objects.filter(session=OuterRef("pk"), exercise=exercise).values(
                "before"
            )[:1]
        ),
    }
    if _needs_bands(exercise) and not hasattr(exercise, "bands"):
        annotations["card_bands"] = json_rows(BandColour.objects.all(), *BAND_FIELDS)
    return queryset.annotate(**annotations)


def build_card(
    session: Session, exercise: Exercise, unit: str, *, bound: SetForm | None = None
) -> Card | None:
    """The card of one exercise, as `build_cards` gives it; None when the page no longer
    shows the exercise (no sets of it left, and not in the routine).

    `session` comes from `card_sessions`. Two queries whatever the routine and the
    log: the user's states (for the target) and the sets, those of today and of last
    time, with the records today's sets beat.
    """
    entries = sorted(rows_as(RoutineEntry, session.card_entries), key=lambda e: e.position)
    bands = _bands(session, exercise)
    placed = todays_target(
        session,
        exercise,
        entries,
        bands=bands,
        unit=unit,
        load_step=session.card_load_step,
        judged=session.card_judged,
    )
    today, last = _sets(session, exercise)
    if not (placed.in_routine or today or bound is not None):
        return None
    card = Card(exercise=exercise, target=placed.target, last=last, sets=today)
    card.barbell = bool(getattr(session, "card_barbell", False))
    if bound is not None:
        card.form = bound
    else:
        card.form = SetForm(
            initial=_prefill(card, unit, bands[0] if bands else None),
            unit=unit,
            bands=bands,
            prefix=card_prefix(exercise),
        )
    return card


def _bands(session: Session, exercise: Exercise) -> list[BandColour]:
    """The band colours, lightest first: those the set form read with the exercise, else
    those `card_sessions` read with the session (none where the exercise needs none)."""
    if hasattr(exercise, "bands"):
        return exercise.bands
    rows = rows_as(BandColour, getattr(session, "card_bands", None))
    return sorted(rows, key=lambda band: band.position)


def _with_records(sets: QuerySet) -> QuerySet:
    """The sets with the records each beat joined on: a row per record, in order."""
    beaten = FilteredRelation("records", condition=Q(records__previous__isnull=False))
    return (
        sets.annotate(beaten=beaten)
        .annotate(**{f"record_{name}": F(f"beaten__{name}") for name in _RECORD_FIELDS})
        .order_by("pk", "beaten__id")
    )


def _add_record(logged: LoggedSet, row: LoggedSet, user_id: int) -> None:
    """Add the record `row` of `_with_records` carries to the set's `new_records`."""
    if not hasattr(logged, "new_records"):
        logged.new_records = []
    if row.record_id is None:
        return
    record = PersonalRecord(
        user_id=user_id,
        exercise_id=row.exercise_id,
        logged_set_id=row.pk,
        **{name: getattr(row, f"record_{name}") for name in _RECORD_FIELDS},
    )
    record._state.adding = False
    if record.band_id is not None and record.band_id == logged.band_id:
        record.band = logged.band
    logged.new_records.append(record)


def _todays_sets(session: Session) -> list[LoggedSet]:
    """The session's sets with their exercises, each with the records it beat (one query)."""
    today: dict[int, LoggedSet] = {}
    sets = session.sets.select_related("exercise", "band")
    for row in _with_records(sets.annotate(barbell=barbell_lift("exercise_id"))):
        _add_record(today.setdefault(row.pk, row), row, session.user_id)
    return list(today.values())


def _sets(session: Session, exercise: Exercise) -> tuple[list[LoggedSet], list[LoggedSet]]:
    """Today's sets of the exercise, each with the records it beat, and last time's (one
    query: the records come in on a join, a row per record)."""
    rows = _with_records(
        LoggedSet.objects.filter(
            Q(session=session, exercise=exercise) | last_time_condition(session, [exercise.pk])
        ).select_related("session", "band")
    )
    today: dict[int, LoggedSet] = {}
    last: dict[int, LoggedSet] = {}
    for row in rows:
        if row.session_id != session.pk:
            last.setdefault(row.pk, row)
            continue
        _add_record(today.setdefault(row.pk, row), row, session.user_id)
    return list(today.values()), sorted(last.values(), key=lambda s: (s.set_number, s.pk))
