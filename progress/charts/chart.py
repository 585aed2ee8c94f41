"""The chart format: what a template hands to `json_script` for static/js/charts.js.

See the package docstring (progress.charts) for the JSON and the dataset styles.
"""

import datetime
import html
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.dateformat import format as format_date
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString, mark_safe

LINE, BAR, TARGET, BAND, RECORDS = "line", "bar", "target", "band", "records"
_GUIDES = (TARGET, BAND)
# What one point stands for: a day, the week starting on its Monday, or the month
# starting on its first day (long histories are grouped in the database).
DAY, WEEK, MONTH = "day", "week", "month"
_EPOCH = datetime.date(1970, 1, 1)
_MS_PER_DAY = 86_400_000


def _day(value: datetime.date) -> str:
    return format_date(value, "j M Y")


def timestamp(value: datetime.date) -> int:
    """A date as milliseconds since the epoch at midnight UTC: a point's place on the x axis."""
    return (value - _EPOCH).days * _MS_PER_DAY


def _number(value) -> int | float | None:
    """A value as JSON carries it: Decimals become floats (json_script writes them as strings)."""
    if value is None or isinstance(value, int):
        return value
    return float(value)


# --- Charts -------------------------------------------------------------------


@dataclass(frozen=True)
class Axis:
    label: str
    min: int | None = 0
    max: int | None = None
    integer: bool = False
    names: dict[int, str] | None = None

    def show(self, value) -> str:
        if value is None:
            return "—"
        if self.names is not None:
            return self.names.get(value, str(value))
        return str(value)


@dataclass(frozen=True)
class Series:
    """One dataset: a value per label (Decimal, int or None)."""

    label: str
    values: list
    style: str = LINE
    axis: str = "y"
    notes: list[str | None] | None = None
    # Where set, the table gives the notes a column of their own under this header.
    notes_label: str = ""


@dataclass(frozen=True)
class Table:
    """The chart's numbers for people who cannot see it: a row per label."""

    columns: list[str]
    rows: list[tuple[datetime.date, list[str]]]
    # Guide lines that are the same on every row, said once: "At least 2 a week: 2".
    constants: list[str] = field(default_factory=list)
    per: str = DAY

    def body(self) -> SafeString:
        """The rows as HTML, a `<tr>` each: built here rather than in a template loop, whose
        cost per cell would make a year of training days the slowest part of its page."""
        months = {}
        lines = []
        for label, cells in self.rows:
            if label.month not in months:
                months[label.month] = str(MONTHS_3[label.month]).title()
            month = months[label.month]
            # As the date filter's "j M Y" and, for a month, "M Y" give them.
            day = (
                f"{month} {label.year}"
                if self.per == MONTH
                else f"{label.day} {month} {label.year}"
            )
            # The cells are text (Axis.show, notes): the standard library escapes them as
            # Django's escape does, without its lazy-string wrapper on every cell.
            tds = "".join(f"<td>{html.escape(str(cell))}</td>" for cell in cells)
            lines.append(f'<tr><th scope="row">{day}</th>{tds}</tr>\n')
        return mark_safe("".join(lines))


@dataclass(frozen=True)
class Chart:
    """A chart, its summary for screen readers, and its table (see progress.charts)."""

    id: str
    title: str
    summary: str
    labels: list[datetime.date]
    series: list[Series]
    y: Axis
    y2: Axis | None = None
    type: str = LINE
    step: bool = False
    row_header: str = "Date"
    per: str = DAY

    @property
    def is_empty(self) -> bool:
        """Nothing but zeros and gaps outside the guide lines: show a sentence, not a chart."""
        return not any(v for s in self.series if s.style not in _GUIDES for v in s.values)

    @property
    def source(self) -> str:
        """The id of the chart's JSON script, which its canvas names."""
        return f"{self.id}-data"

    def data(self) -> dict:
        """The JSON that static/js/charts.js reads."""
        data = {
            "type": self.type,
            "labels": [label.isoformat() for label in self.labels],
            # The x axis is time: two points two months apart are ten times as far
            # apart as two points six days apart.
            "x": [timestamp(label) for label in self.labels],
            "per": self.per,
            "datasets": [],
            "step": self.step,
        }
        for s in self.series:
            dataset = {
                "label": s.label,
                "data": [_number(v) for v in s.values],
                "style": s.style,
                "axis": s.axis,
            }
            if s.notes is not None:
                dataset["notes"] = s.notes
            data["datasets"].append(dataset)
        for prefix, axis in (("y", self.y), ("y2", self.y2)):
            if axis is None:
                continue
            data[f"{prefix}_label"] = axis.label
            data[f"{prefix}_min"] = axis.min
            data[f"{prefix}_max"] = axis.max
            data[f"{prefix}_integer"] = axis.integer
            data[f"{prefix}_names"] = (
                {str(k): v for k, v in axis.names.items()} if axis.names else None
            )
        return data

    @cached_property
    def table(self) -> Table:
        columns, cells, constants = [], [], []
        for s in self.series:
            axis = self.y2 if s.axis == "y2" and self.y2 is not None else self.y
            if s.style in _GUIDES and len(set(s.values)) == 1:
                constants.append(f"{s.label}: {axis.show(s.values[0])}")
                continue
            columns.append(s.label)
            if s.style == RECORDS:
                cells.append([note or "" for note in s.notes or [""] * len(self.labels)])
                continue
            cells.append([axis.show(v) for v in s.values])
            if s.notes_label:
                columns.append(s.notes_label)
                cells.append([note or "" for note in s.notes])
        rows = [(label, [column[i] for column in cells]) for i, label in enumerate(self.labels)]
        return Table(columns=columns, rows=rows, constants=constants, per=self.per)


def _span(labels: list[datetime.date], noun: str, per: str = DAY) -> str:
    count = len(labels)
    plural = noun if count == 1 else f"{noun}s"
    show = (lambda day: format_date(day, "M Y")) if per == MONTH else _day
    if count == 1:
        return f"1 {plural}, {show(labels[0])}"
    return f"{count} {plural} from {show(labels[0])} to {show(labels[-1])}"


def _trend(series: Series, axis: Axis, unit: str = "") -> str:
    """'Top load (kg) went from 60 to 80, highest 85.'"""
    present = [v for v in series.values if v is not None]
    if not present:
        return ""
    suffix = f" {unit}" if unit else ""
    first, last = axis.show(present[0]), axis.show(present[-1])
    best = axis.show(max(present)) if axis.names is None else None
    text = f"{series.label}: {first}{suffix} at first, {last}{suffix} on the last day"
    return text + (f", highest {best}{suffix}." if best is not None else ".")
