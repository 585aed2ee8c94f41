"""The charts of one exercise, per training day (or week, month): its best, its work, records."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    F,
    FloatField,
    Max,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncMonth, TruncWeek
from django.utils import timezone

from exercises.models import BandColour, Exercise
from progress.charts.chart import (
    BAR,
    DAY,
    MONTH,
    RECORDS,
    WEEK,
    Axis,
    Chart,
    Series,
    _day,
    _span,
    _trend,
)
from progress.charts.timeline import _band_names, progression_timeline
from progress.models import PersonalRecord
from progress.records import EPLEY_MAX_REPS
from training.models import LoggedSet, Session
from training.units import from_kg

# Sets that count on a chart: those of sessions under way or done (a skipped or
# planned session's stray sets are not training the user did).
CHARTED_STATUSES = (Session.Status.IN_PROGRESS, Session.Status.DONE)


# --- The range ----------------------------------------------------------------


@dataclass(frozen=True)
class ChartRange:
    key: str
    label: str
    since: datetime.date | None

    def describe(self) -> str:
        """'The last 12 months (since 1 Apr 2025)', 'All time'."""
        if self.since is None:
            return "All time"
        return f"The last {self.label} (since {_day(self.since)})"


RANGES = {"3m": ("3 months", 3), "1y": ("12 months", 12), "all": ("All time", None)}
DEFAULT_RANGE = "1y"
# "All time" is grouped in the database so its page stays small after years: a
# point per training day while the history is under six months old, per week up to
# three years (at most 157 points), per month beyond (12 a year).
BY_DAY_MONTHS, BY_WEEK_MONTHS = 6, 36
_NOUN = {DAY: "training day", WEEK: "week", MONTH: "month"}


def _months_before(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


def chart_range(key: str | None, today: datetime.date) -> ChartRange:
    """The range named by ?range= (3m, 1y or all); anything else is the last 12 months."""
    if key not in RANGES:
        key = DEFAULT_RANGE
    label, months = RANGES[key]
    since = None if months is None else _months_before(today, months)
    return ChartRange(key=key, label=label, since=since)


# --- One exercise -------------------------------------------------------------

_LOAD = Cast("load_kg", FloatField())
# Epley, as progress.records.epley has it, per set: a single is its own load; past
# 10 reps there is no estimate. Floats, so SQLite does not divide integers.
_EPLEY = Case(
    When(reps=1, load_kg__gt=0, then=_LOAD),
    When(
        reps__gte=2,
        reps__lte=EPLEY_MAX_REPS,
        load_kg__gt=0,
        then=_LOAD * (Cast("reps", FloatField()) + Value(30.0)) / Value(30.0),
    ),
    output_field=FloatField(),
)

_DAILY = {
    Exercise.Measure.REPS_LOAD: {
        "top_load": Max("load_kg"),
        "e1rm": Max(_EPLEY),
        "volume": Sum(Cast("reps", FloatField()) * _LOAD),
    },
    Exercise.Measure.REPS: {"top_reps": Max("reps"), "total_reps": Sum("reps")},
    Exercise.Measure.BAND_REPS: {
        "top_reps": Max("reps"),
        "total_reps": Sum("reps"),
        "band": Max("band__position"),
    },
    Exercise.Measure.HOLD: {"top_hold": Max("hold_s"), "total_hold": Sum("hold_s")},
}


def _load(kg, unit: str) -> Decimal | None:
    """A stored load (Decimal, or a float from an expression) in the user's unit."""
    if kg is None:
        return None
    return from_kg(Decimal(str(round(kg, 4))), unit)


def _whole(value) -> Decimal | None:
    return None if value is None else Decimal(value).to_integral_value()


@dataclass(frozen=True)
class ExerciseCharts:
    """The charts of one exercise: empty when nothing was logged in the range."""

    charts: list[Chart]
    timeline: Chart | None
    days: int
    per: str = DAY
    points: int = 0

    def describe(self) -> str:
        """'40 training days', or for a grouped history '420 training days, a point a week'."""
        text = f"{self.days} training day{'' if self.days == 1 else 's'}"
        return text if self.per == DAY else f"{text}, a point a {self.per}"


def _rows(user, exercise: Exercise, since, today: datetime.date) -> list[dict]:
    """A row per point, oldest first: working sets only, grouped in the database (one query).

    Each row holds the point's date ("day": the training day, or the Monday or the
    first of the month it groups), how it is grouped ("per") and its figures. A
    range with a start is per training day; "All time" is grouped by how far back
    the first training day lies (see BY_DAY_MONTHS), decided in the same query.
    """
    sets = LoggedSet.objects.filter(
        session__user=user, session__status__in=CHARTED_STATUSES, exercise=exercise
    ).working()
    figures = {"sets": Count("pk"), "days": Count("session__date", distinct=True)}
    figures |= _DAILY[exercise.measure]
    if since is not None:
        sets = sets.filter(session__date__gte=since)
        day, per = F("session__date"), Value(DAY)
    else:
        first = Subquery(sets.order_by("session__date").values("session__date")[:1])
        sets = sets.alias(first=first)
        by_day = Q(first__gte=_months_before(today, BY_DAY_MONTHS))
        by_week = Q(first__gte=_months_before(today, BY_WEEK_MONTHS))
        day = Case(
            When(by_day, then=F("session__date")),
            When(by_week, then=TruncWeek("session__date")),
            default=TruncMonth("session__date"),
            output_field=DateField(),
        )
        per = Case(
            When(by_day, then=Value(DAY)),
            When(by_week, then=Value(WEEK)),
            default=Value(MONTH),
            output_field=CharField(),
        )
    rows = list(sets.values(day=day, per=per).annotate(**figures).order_by("day"))
    for row in rows:
        # PostgreSQL's date_trunc gives a timestamp; inside a Case, Django leaves it so.
        if isinstance(row["day"], datetime.datetime):
            row["day"] = row["day"].date()
    return rows


def _record_notes(user, exercise: Exercise, since, unit: str, per: str) -> dict[datetime.date, str]:
    """What each point's records beat, by the point's date (one query).

    Grouped by week or month, a point says how many records it holds: the last
    12 months name each one.
    """
    records = PersonalRecord.objects.for_user(user).beaten().filter(exercise=exercise)
    if since is not None:
        records = records.filter(date__gte=since)
    if per != DAY:
        trunc = TruncWeek("date") if per == WEEK else TruncMonth("date")
        counts = records.values(point=trunc).annotate(n=Count("pk")).order_by()
        return {
            row["point"]: f"{row['n']} record{'' if row['n'] == 1 else 's'} that {per}"
            for row in counts
        }
    by_day = defaultdict(list)
    for record in records.order_by("date", "kind", "reps"):
        by_day[record.date].append(record.describe(unit))
    return {day: "; ".join(texts) for day, texts in by_day.items()}


def exercise_charts(
    user, exercise: Exercise, *, since: datetime.date | None, today: datetime.date | None = None
) -> ExerciseCharts:
    """Per training day since `since` (or ever): the exercise's best and its work, and its stage.

    What is charted follows how the exercise is measured: top load, estimated
    one-rep max and volume for loaded lifts; most and total reps for
    bodyweight and band exercises (with the heaviest band); longest and total
    hold for holds. Days that set a record carry it. All time (no `since`) is
    grouped by week or month once the history is long (see `_rows`), counted
    back from `today`.

    Three queries (the sets by day, the records, the progression events), and a
    fourth for the band colours' names on band exercises.
    """
    unit = user.unit
    is_band = (
        exercise.measure == Exercise.Measure.BAND_REPS or exercise.rule == Exercise.Rule.BAND_COLOUR
    )
    bands = list(BandColour.objects.order_by("position")) if is_band else []
    rows = _rows(user, exercise, since, today or timezone.localdate())
    per = rows[0]["per"] if rows else DAY
    notes = _record_notes(user, exercise, since, unit, per)
    timeline = progression_timeline(user, exercise, since=since, bands=bands, per=per)
    if not rows:
        return ExerciseCharts(charts=[], timeline=timeline, days=0)
    days = [row["day"] for row in rows]
    build = {
        Exercise.Measure.REPS_LOAD: _loaded_charts,
        Exercise.Measure.REPS: _reps_charts,
        Exercise.Measure.BAND_REPS: _reps_charts,
        Exercise.Measure.HOLD: _hold_charts,
    }[exercise.measure]
    charts = build(exercise, days, rows, notes, unit=unit, bands=_band_names(bands), per=per)
    return ExerciseCharts(
        charts=charts,
        timeline=timeline,
        days=sum(row["days"] for row in rows),
        per=per,
        points=len(rows),
    )


def _records(days, best: list, notes: dict[datetime.date, str]) -> Series:
    """The record days (or weeks, months), drawn on the point's best."""
    return Series(
        "Record",
        [value if day in notes else None for day, value in zip(days, best, strict=True)],
        style=RECORDS,
        notes=[notes.get(day) for day in days],
    )


def _with_records(summary: str, notes: dict, days, per: str) -> str:
    count = sum(1 for day in days if day in notes)
    if not count:
        return summary
    where = "on" if per == DAY else "in"
    noun = "day" if per == DAY else per
    return f"{summary} Records set {where} {count} {noun}{'' if count == 1 else 's'}."


def _each(per: str) -> str:
    return "per training day" if per == DAY else f"per {per}"


def _chart(per: str, **fields) -> Chart:
    """A chart of points `per` day, week or month: its table's rows are headed to match."""
    header = {DAY: "Date", WEEK: "Week of", MONTH: "Month"}[per]
    return Chart(per=per, row_header=header, **fields)


def _loaded_charts(exercise, days, rows, notes, *, unit, bands, per) -> list[Chart]:
    top = [_load(row["top_load"], unit) for row in rows]
    e1rm = [_load(row["e1rm"], unit) for row in rows]
    volume = [_whole(_load(row["volume"], unit)) for row in rows]
    axis = Axis(unit, min=None)
    top_series = Series(f"Top load ({unit})", top)
    e1rm_series = Series(f"Estimated 1RM ({unit})", e1rm)
    volume_series = Series(f"Volume ({unit} × reps)", volume, style=BAR)
    span = _span(days, _NOUN[per], per)
    return [
        _chart(
            per,
            id="chart-load",
            title="Top load and estimated one-rep max",
            summary=_with_records(
                f"Top load and estimated one-rep max (Epley) of {exercise.name}, {span}. "
                f"{_trend(top_series, axis, unit)} {_trend(e1rm_series, axis, unit)}",
                notes,
                days,
                per,
            ),
            labels=days,
            series=[top_series, e1rm_series, _records(days, top, notes)],
            y=axis,
        ),
        _chart(
            per,
            id="chart-volume",
            title="Volume (reps × load)",
            summary=f"Volume of {exercise.name} {_each(per)}, {span}. "
            + _trend(volume_series, Axis(unit), f"{unit} × reps"),
            labels=days,
            series=[volume_series],
            y=Axis(f"{unit} × reps"),
            type=BAR,
        ),
    ]


def _work_chart(exercise, days, total: Series, sets: Series, y_label: str, per: str) -> Chart:
    return _chart(
        per,
        id="chart-work",
        title=f"{total.label.split(' (')[0]} and sets",
        summary=f"{total.label} and sets of {exercise.name} {_each(per)}, "
        f"{_span(days, _NOUN[per], per)}. {_trend(total, Axis(y_label))} "
        f"{_trend(sets, Axis('sets'))}",
        labels=days,
        series=[total, sets],
        y=Axis(y_label, integer=True),
        y2=Axis("sets", integer=True),
        type=BAR,
    )


def _sets(rows) -> Series:
    return Series("Sets", [row["sets"] for row in rows], axis="y2")


def _reps_charts(exercise, days, rows, notes, *, unit, bands, per) -> list[Chart]:
    top = [row["top_reps"] for row in rows]
    top_series = Series("Most reps in a set", top)
    series = [top_series]
    y2 = None
    summary = f"Most reps in a set of {exercise.name}, {_span(days, _NOUN[per], per)}. "
    summary += _trend(top_series, Axis("reps"))
    if exercise.measure == Exercise.Measure.BAND_REPS:
        y2 = Axis("band colour", min=None, integer=True, names=bands)
        band = Series("Heaviest band", [row["band"] for row in rows], axis="y2")
        series.append(band)
        summary += " " + _trend(band, y2)
    series.append(_records(days, top, notes))
    total = Series("Total reps", [row["total_reps"] for row in rows], style=BAR)
    return [
        _chart(
            per,
            id="chart-reps",
            title="Most reps in a set" + (" and band colour" if y2 else ""),
            summary=_with_records(summary, notes, days, per),
            labels=days,
            series=series,
            y=Axis("reps", integer=True),
            y2=y2,
        ),
        _work_chart(exercise, days, total, _sets(rows), "reps", per),
    ]


def _hold_charts(exercise, days, rows, notes, *, unit, bands, per) -> list[Chart]:
    top = [row["top_hold"] for row in rows]
    top_series = Series("Longest hold (s)", top)
    total = Series("Total hold time (s)", [row["total_hold"] for row in rows], style=BAR)
    return [
        _chart(
            per,
            id="chart-hold",
            title="Longest hold",
            summary=_with_records(
                f"Longest hold of {exercise.name}, {_span(days, _NOUN[per], per)}. "
                + _trend(top_series, Axis("seconds"), "s"),
                notes,
                days,
                per,
            ),
            labels=days,
            series=[top_series, _records(days, top, notes)],
            y=Axis("seconds", integer=True),
        ),
        _work_chart(exercise, days, total, _sets(rows), "seconds", per),
    ]
