"""The progression timeline: an exercise's stage after each change, as steps."""

import datetime
from decimal import Decimal

from django.db.models import Max
from django.db.models.functions import TruncMonth, TruncWeek

from exercises.models import BandColour, Exercise
from progress.charts.chart import DAY, MONTH, WEEK, Axis, Chart, Series, _span, _trend
from progress.models import ProgressionEvent
from training.units import from_kg

# What a stage is, by rule: the number that climbs (the prescription's JSON key,
# see progress.specs.to_json), and its column header.
_STAGE = {
    Exercise.Rule.SET_LADDER: ("sets", "Sets"),
    Exercise.Rule.BAND_COLOUR: ("band", "Band"),
    Exercise.Rule.REP_BUILD: ("reps", "Reps"),
    Exercise.Rule.HOLD_BUILD: ("hold_s", "Hold (s)"),
    Exercise.Rule.DOUBLE_PROGRESSION: ("load_kg", "Load"),
}


def _band_names(bands: list[BandColour]) -> dict[int, str]:
    return {band.position: band.name for band in bands}


def _stage_value(prescription: dict | None, key: str, *, unit: str, positions: dict[str, int]):
    if prescription is None:
        return None
    value = prescription.get(key)
    if value is None:
        return None
    if key == "band":
        return positions.get(value)
    if key == "load_kg":
        return from_kg(Decimal(value), unit)
    return value


def _point(day: datetime.date, per: str) -> datetime.date:
    """The date a change is drawn on: its day, its week's Monday, its month's first day."""
    if per == WEEK:
        return day - datetime.timedelta(days=day.weekday())
    if per == MONTH:
        return day.replace(day=1)
    return day


def progression_timeline(
    user,
    exercise: Exercise,
    *,
    since: datetime.date | None,
    bands: list[BandColour],
    per: str = DAY,
) -> Chart | None:
    """The exercise's stage after each change since `since`, as steps (one query).

    Sessions that kept the stage ("Stayed") are left out: the line holds until
    the next change. Where a change hands over to another exercise (ready for
    the next, moved on), this exercise's stage is the one before it. None when
    nothing changed in the range. Per week or month (a long "All time"), each
    point is the last change of its week or month, picked in the database.
    """
    events = ProgressionEvent.objects.for_user(user).filter(exercise=exercise)
    events = events.exclude(kind=ProgressionEvent.Kind.STAY)
    if since is not None:
        events = events.filter(date__gte=since)
    if per != DAY:
        # The last change of each week or month: events are written in date order
        # (a replay from a date rewrites the ones after it), so the highest key.
        trunc = TruncWeek("date") if per == WEEK else TruncMonth("date")
        last = events.values(point=trunc).annotate(last=Max("pk")).values("last")
        events = ProgressionEvent.objects.filter(pk__in=last)
    rows = list(
        events.order_by("date", "pk").values_list("date", "kind", "before", "after", "after_text")
    )
    if not rows:
        return None
    key, header = _STAGE.get(exercise.rule, ("sets", "Sets"))
    unit = user.unit
    positions = {band.slug: band.position for band in bands}
    kinds = dict(ProgressionEvent.Kind.choices)
    labels, values, notes = [], [], []
    for day, kind, before, after, after_text in rows:
        own = after if after.get("exercise") == exercise.slug else before
        labels.append(_point(day, per))
        values.append(_stage_value(own, key, unit=unit, positions=positions))
        notes.append(f"{kinds.get(kind, kind)}: {after_text}")
    if key == "band":
        axis = Axis("band colour", min=None, integer=True, names=_band_names(bands))
    elif key == "load_kg":
        header = f"Load ({unit})"
        axis = Axis(unit, min=None)
    else:
        axis = Axis(header.lower(), integer=True)
    series = Series(
        header, values, notes=notes, notes_label="Change" if per == DAY else "Last change"
    )
    span = _span(labels, "change")
    if per != DAY:
        span = f"the last change of each {per} with one, {_span(labels, per, per)}"
    latest = notes[-1]
    return Chart(
        id="chart-timeline",
        title="Your stage over time",
        summary=f"Progression of {exercise.name}: {span}. {_trend(series, axis)} Latest: {latest}.",
        labels=labels,
        series=[series],
        y=axis,
        step=True,
        per=per,
        row_header={DAY: "Date", WEEK: "Week of", MONTH: "Month"}[per],
    )
