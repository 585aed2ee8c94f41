"""The session page's cards: per exercise, today's target, last time, today's sets, a form."""

import uuid
from dataclasses import dataclass, field

from exercises.models import BandColour, Exercise
from progress.selectors import Target, records_by_set, todays_targets
from training.forms.sessions import SetForm
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


def card_for(cards, exercise_id):
    """The card of one exercise, or None when the session no longer holds it."""
    return next((c for c in cards if c.exercise.pk == exercise_id), None)
