"""Reading one row: its cells as numbers, times, dates and sides, and what it adds to its session.

Each app's reader (`strong`, `hevy`, `fitnotes`) reads its columns through `_Row`
and returns an `_Entry`; `_Spec` says how `reading` recognises the app's header.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, wraps

from training.bounds import EARLIEST
from transfer.formats.parsed import (
    LB,
    MAX_DURATION,
    MAX_LOAD,
    MAX_REPS,
    MAX_SECONDS,
    UNITS,
    Format,
    ParsedSet,
    RowError,
)

# Reading one row ------------------------------------------------------------

NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
# Each space run sits inside the group it leads to: two optional runs side by
# side would take quadratic time to refuse a long run of spaces.
DURATION = re.compile(r"(?:(\d+)\s*h)?(?:\s*(\d+)\s*m(?:in)?)?(?:\s*(\d+)\s*s)?", re.IGNORECASE)
CLOCK = re.compile(r"(?:(\d+):)?(\d+):([0-5]\d)")
NAME_SIDE = re.compile(
    r"(?P<name>.*?\S)(?:\s*\((?P<a>left|right)\)|\s+-\s*(?P<b>left|right)|\s*,\s*(?P<c>left|right))",
    re.IGNORECASE,
)
NOTE_SIDE = re.compile(r"(left|right)(?:\W.*)?|[lr]", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class _Header:
    """Column positions by name (lower case, unit removed) and the units the header states."""

    index: dict[str, int]
    units: dict[str, str]
    width: int


class _Row:
    """One data row: its cells by column name, and the problems found in it."""

    __slots__ = ("cells", "comma_decimals", "errors", "header", "latest", "line")

    def __init__(
        self,
        line: int,
        cells: list[str],
        header: _Header,
        comma_decimals: bool,
        latest: datetime.date,
    ):
        self.line = line
        self.cells = cells
        self.header = header
        self.comma_decimals = comma_decimals
        self.latest = latest  # the last day a workout may be on
        self.errors: list[RowError] = []

    def error(self, message: str) -> None:
        self.errors.append(RowError(self.line, message))

    def text(self, name: str) -> str:
        position = self.header.index.get(name)
        return "" if position is None else self.cells[position].strip()

    def number(
        self,
        name: str,
        label: str,
        *,
        limit: Decimal | int | None = None,
        unit: str = "",
        whole: bool = False,
    ) -> Decimal | None:
        """A plain decimal, at least 0 and at most `limit` (in `unit`, for the message)."""
        raw = self.text(name)
        if not raw:
            return None
        value = _decimal(raw, self.comma_decimals)
        if value is None:
            self.error(f'{label} "{raw}" is not a {"whole " if whole else ""}number.')
            return None
        if whole and value != value.to_integral_value():
            self.error(f'{label} "{raw}" is not a whole number.')
        elif value < 0:
            self.error(f'{label} "{raw}" cannot be negative.')
        elif limit is not None and value > limit:
            self.error(f'{label} "{raw}" is more than {limit}{unit}.')
        else:
            return value
        return None

    def seconds(self, name: str, label: str) -> int | None:
        value = self.number(name, label, limit=MAX_SECONDS, unit=" seconds")
        return None if value is None else _round(value)

    def clock(self, name: str, label: str) -> int | None:
        """A time written h:mm:ss or m:ss (or plain seconds), in seconds."""
        raw = self.text(name)
        if ":" not in raw:
            return self.seconds(name, label)
        match = CLOCK.fullmatch(raw)
        if match is None:
            self.error(f'{label} "{raw}" is not a time like 0:01:30.')
            return None
        # Decimal, not int: int() refuses more than 4300 digits with a ValueError.
        hours, minutes, seconds = (Decimal(part or 0) for part in match.groups())
        if match[1] and minutes > 59:
            self.error(f'{label} "{raw}" is not a time like 0:01:30.')
            return None
        total = hours * 3600 + minutes * 60 + seconds
        if total > MAX_SECONDS:
            self.error(f'{label} "{raw}" is more than {MAX_SECONDS} seconds.')
            return None
        return int(total)

    def duration(self, name: str) -> datetime.timedelta | None:
        """Strong's workout length: `1h 5m`, `45m`, `50s`, or plain seconds."""
        raw = self.text(name)
        seconds = _duration(raw)
        if seconds is None:
            self.error(f'Duration "{raw}" is not a length of time like 1h 5m.')
        elif seconds < 0:
            self.error(f'Duration "{raw}" cannot be negative.')
        elif seconds > MAX_DURATION:
            return None  # a timer left running: the workout's length is unknown, not wrong
        else:
            whole = _round(seconds)
            return datetime.timedelta(seconds=whole) if whole else None
        return None

    def moment(self, name: str, label: str) -> datetime.datetime | None:
        raw = self.text(name)
        moment = _moment(raw)
        if moment is None:
            self.error(f'{label} "{raw}" is not a date and time like 2025-09-15 07:48:00.')
            return None
        return moment if self._within_range(label, raw, moment.date()) else None

    def day(self, name: str, label: str) -> datetime.date | None:
        raw = self.text(name)
        day = _day(raw)
        if day is None:
            self.error(f'{label} "{raw}" is not a date like 2025-09-15.')
            return None
        return day if self._within_range(label, raw, day) else None

    def _within_range(self, label: str, raw: str, day: datetime.date) -> bool:
        """A log holds workouts done: none in the future, none before 1900 (a typo's year)."""
        if day < EARLIEST:
            self.error(f'{label} "{raw}" is before {EARLIEST.year}.')
        elif day > self.latest:
            self.error(f'{label} "{raw}" is in the future.')
        else:
            return True
        return False

    def unit(self, name: str) -> str | None:
        raw = self.text(name)
        unit = UNITS.get(raw.lower())
        if raw and unit is None:
            self.error(f'Weight unit "{raw}" is not kg or lbs.')
        return unit


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# Exports repeat the same few values on thousands of rows: each is parsed once.


SHORT_CELL = 64  # characters: a date, a number, a length of time


def _short_cells_cached(read):
    """Remember what each short cell read as: an export repeats its dates and loads.

    Long cells are read afresh each time, so a file of junk cannot fill the
    process's memory with cache keys that outlive the request.
    """
    cached = lru_cache(maxsize=4096)(read)

    @wraps(read)
    def reader(raw: str, *args):
        return cached(raw, *args) if len(raw) <= SHORT_CELL else read(raw, *args)

    return reader


@_short_cells_cached
def _decimal(raw: str, comma_decimals: bool) -> Decimal | None:
    """A plain decimal (`62.5`, or `62,5` where commas do not separate fields), else None."""
    if comma_decimals and raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")
    return Decimal(raw) if NUMBER.fullmatch(raw) else None


@_short_cells_cached
def _duration(raw: str) -> Decimal | None:
    """`1h 5m`, `45m`, `50s` or plain seconds, in seconds (0 if empty); None if none of those.

    Any size and sign: the caller checks the range before rounding or adding it to a date.
    """
    if not raw:
        return Decimal(0)
    if NUMBER.fullmatch(raw):
        return Decimal(raw)
    match = DURATION.fullmatch(raw)
    if match is None or not any(match.groups()):
        return None
    hours, minutes, seconds = (Decimal(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


@_short_cells_cached
def _moment(raw: str) -> datetime.datetime | None:
    """A file's date and time, naive: the local time as the file gives it."""
    for pattern in ("%d %b %Y, %H:%M", "%d %b %Y, %H:%M:%S"):
        try:
            return datetime.datetime.strptime(raw, pattern)
        except ValueError:
            pass
    try:
        return datetime.datetime.fromisoformat(raw).replace(tzinfo=None)
    except ValueError:
        return None


@_short_cells_cached
def _day(raw: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        return None


def _side(exercise: str, note: str) -> tuple[str, str]:
    """The exercise name without a side suffix, and the side the name or the note gives."""
    match = NAME_SIDE.fullmatch(exercise)
    if match:
        side = match["a"] or match["b"] or match["c"]
        return match["name"], side.lower()
    if NOTE_SIDE.fullmatch(note):
        return exercise, "left" if note[0] in "lL" else "right"
    return exercise, "both"


# What a row adds to its session: one reader per format (strong.py, hevy.py, fitnotes.py)
# returns one of these.


@dataclass(frozen=True)
class _Head:
    """What a row says about the session it belongs to."""

    key: str
    date: datetime.date
    started_at: datetime.datetime | None = None
    finished_at: datetime.datetime | None = None
    title: str = ""
    notes: str = ""


@dataclass(frozen=True)
class _Entry:
    head: _Head
    set: ParsedSet | None = None
    note: str = ""  # a line for the session's notes
    left_out: str = ""  # why the row is not imported


def _measured(
    row: _Row,
    head: _Head | None,
    *,
    exercise: str,
    kind: str,
    unit: str | None,
    seconds: int | None,
) -> _Entry | None:
    """The set of a row, or why it is left out; None if the row has errors."""
    if not exercise:
        row.error("The exercise name is missing.")
    # Until the user names the unit, the larger (pound) limit applies.
    weight = row.number("weight", "Weight", limit=MAX_LOAD[unit or LB], unit=f" {unit or LB}")
    reps = row.number("reps", "Reps", limit=MAX_REPS, whole=True)
    distance = row.number("distance", "Distance")
    rpe = row.number("rpe", "RPE", limit=10)
    if row.errors or head is None:
        return None
    if not reps and not seconds:
        return _Entry(head, left_out="cardio" if distance else "empty")
    note = row.text("notes")
    name, side = _side(exercise, note)
    parsed = ParsedSet(
        line=row.line,
        exercise=name,
        kind=kind,
        side=side,
        reps=int(reps) if reps else None,
        weight=weight or None,
        unit=unit,
        seconds=seconds or None,
        rpe=(_round(rpe) or None) if rpe is not None else None,
        note=note,
    )
    return _Entry(head, set=parsed)


@dataclass(frozen=True)
class _Spec:
    format: Format
    signature: frozenset[str]  # the columns that tell this format apart
    required: tuple[str, ...]
    read: Callable[[_Row, str | None], _Entry | None]
    aliases: dict[str, str] = field(default_factory=dict)  # column name -> the name used here
