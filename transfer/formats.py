"""Reading the CSV exports of Strong, Hevy and FitNotes into normalised sessions.

Standard library only (a test enforces it), so every rule is tested without a
database. Nothing is saved here: the caller matches exercise names to the
catalog, asks for the weight unit when `needs_unit` is set, skips sessions
whose `key` it has imported before and converts loads to kilograms.

    decode(data) -> str
        the uploaded bytes as text: UTF-8 (a byte-order mark is dropped) or
        UTF-16 with a byte-order mark. Anything else, or text holding NUL
        bytes (a picture, a spreadsheet, a zip), is "not a CSV export".
    parse(text, max_rows=MAX_ROWS, today=None) -> ParsedFile
        the format, delimiter, weight unit and sessions of an export, or an
        `ImportFileError` listing every problem found, each with its line.
        `today` (the system's date if None) bounds the dates a file may hold.

Recognising a file
------------------
The format comes from the header's column names (case, surrounding spaces and
quotes ignored), never from the file name; the delimiter (comma, semicolon or
tab) from the header line, not counting those inside quotes. A unit in
brackets after a column name, as in `Weight (kg)`, or after an underscore, as
in `weight_lbs`, is the unit of that column for every row.

Strong
    `Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,
    Seconds,Notes,Workout Notes[,RPE]`. `Date` is `2025-09-15 07:48:00`,
    `Duration` is `1h 5m`, `45m` or `50s`. `Weight` has no unit unless a
    `Weight Unit` column gives one per row (`kg` or `lbs`). Strong's other
    export is semicolon-separated with every field quoted, a `Workout #`
    column, `Duration (sec)` in seconds, the unit in the header (`Weight (kg)`,
    `Weight (lbs)`, `Distance (meters)`) and, in some languages, a decimal
    comma (`62,5`). One workout is the rows sharing `Date` and `Workout Name`
    (and `Workout #`); it ends `Duration` after it starts. `Set Order` is a
    number for a working set, `W` for a warm-up, `D` for a drop set, `F` for a
    set to failure; `Rest Timer` rows are left out and a `Note` row adds
    "Exercise: note" to the workout's notes. `Notes` is the set's note.
Hevy
    `title,start_time,end_time,description,exercise_title,superset_id,
    exercise_notes,set_index,set_type,weight_kg,reps,distance_km,
    duration_seconds,rpe`, or `weight_lbs` and `distance_miles` in pounds.
    Times are `15 Sep 2025, 07:48` (ISO is accepted too). `set_type` is
    `normal`, `warmup`, `dropset` or `failure`. `description` is the workout's
    notes; `exercise_notes` belongs to an exercise, not a set, so it is added
    once to the workout's notes as "Exercise: note", as Strong's `Note` rows are.
FitNotes
    `Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,
    Time,Comment`. `Date` is `2025-09-15` and a day is one session, with no
    times. `Weight Unit` is per row (`kgs`, `lbs`, `kg` or `lb`), `Time` is
    `0:01:30` or `1:30` and `Comment` is the set's note.

Rows
----
A row with reps or seconds is a set. A set without a load (an empty or zero
weight) is a bodyweight set: kept, with `weight` None. A row with only a
distance is left out as "cardio", one with nothing as "empty"; `Rest Timer`
rows as "rest_timer". Sessions left with no sets are dropped; a file with no
sets at all is an error. Zero reps or seconds are read as "not given".

An exercise name ending in `(Left)`, `(Right)`, ` - Left`, ` - Right`,
`, Left` or `, Right` (any case) is a set for that side, named without the
suffix. Otherwise a note that is `left`, `right`, `L` or `R`, or starts with
"left" or "right" then a space or punctuation, gives the side; else "both".

Numbers are plain decimals (`62.5`; `62,5` too in a file not separated by
commas); NaN, infinity and exponents are not numbers. Reps are whole; seconds
and RPE are rounded half up (RPE 7.5 is 8; 0 means none). A row is refused,
with its line and a reason, for a date that is not a date, is before 1900 or
is after tomorrow (a log holds workouts done; a day's grace for a file from a
time zone ahead), a value that is not a number or is negative, reps over 1000,
a load over 1000 kg (2204.6 lb, which is also the limit while the unit is
unknown), seconds over 3600, a negative Strong workout length, RPE over 10, a
missing exercise name or a column count unlike the header's. A Strong workout
over 24 hours long (a timer left running) is kept without its length.
Every row is checked before the file is refused. Line numbers are physical
lines of the file (the header is line 1); a row whose quoted note spans lines
is reported at its first line. A file of more than `max_rows` rows is refused
before it is read to the end.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import enum
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, wraps

from training.bounds import EARLIEST

MAX_ROWS = 100_000
MAX_REPS = 1000
MAX_SECONDS = 3600
MAX_DURATION = 24 * 3600  # a Strong workout's length, in seconds
KG = "kg"
LB = "lb"
MAX_LOAD = {KG: Decimal(1000), LB: Decimal("2204.6")}
UNITS = {"kg": KG, "kgs": KG, "lb": LB, "lbs": LB}
EXPORT_AGAIN = "Export it again from the app and import the file as it is."


class Format(enum.StrEnum):
    STRONG = "strong"
    HEVY = "hevy"
    FITNOTES = "fitnotes"

    @property
    def label(self) -> str:
        return {"strong": "Strong", "hevy": "Hevy", "fitnotes": "FitNotes"}[self.value]


@dataclass(frozen=True)
class ParsedSet:
    line: int
    exercise: str
    kind: str
    side: str
    reps: int | None
    weight: Decimal | None
    unit: str | None
    seconds: int | None
    rpe: int | None
    note: str


@dataclass(frozen=True)
class ParsedSession:
    key: str
    date: datetime.date
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    title: str
    notes: str
    sets: tuple[ParsedSet, ...]


@dataclass(frozen=True)
class ParsedFile:
    format: Format
    delimiter: str
    unit: str | None
    needs_unit: bool
    rows: int
    sessions: tuple[ParsedSession, ...]
    left_out: dict[str, int]


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


class ImportFileError(Exception):
    """The file cannot be imported; `errors` says why, in line order (0: the whole file)."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = sorted(errors, key=lambda error: error.line)
        super().__init__(" ".join(f"Line {e.line}: {e.message}" for e in self.errors[:3]))


def decode(data: bytes) -> str:
    """The bytes of an upload as text, or `ImportFileError` if they are not a CSV export."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    try:
        text = data.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError:
        raise _not_csv("it is not UTF-8 or UTF-16 text") from None
    if "\x00" in text:
        raise _not_csv("it holds binary data")
    if not text.strip():
        raise ImportFileError([RowError(0, "The file is empty.")])
    return text


def _not_csv(reason: str) -> ImportFileError:
    message = f"This file is not a CSV export: {reason}. Upload the .csv file the app exported."
    return ImportFileError([RowError(0, message)])


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


# One function per format: a row in, what it adds to its session out ------------


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


STRONG_KINDS = {"": "working", "w": "warmup", "d": "drop", "f": "failure"}


def _strong(row: _Row, unit: str | None) -> _Entry | None:
    started = row.moment("date", "Date")
    duration = row.duration("duration")
    title = row.text("workout name")
    number = row.text("workout #")
    head = None
    if started is not None:
        key = f"strong:{started.isoformat()}:{title}" + (f":#{number}" if number else "")
        finished = started + duration if duration else None
        head = _Head(key, started.date(), started, finished, title, row.text("workout notes"))
    order = row.text("set order")
    exercise = row.text("exercise name")
    if order.lower() in ("rest timer", "note"):
        if order.lower() == "note" and not exercise:
            row.error("The exercise name is missing.")
        if row.errors or head is None:
            return None
        if order.lower() == "rest timer":
            return _Entry(head, left_out="rest_timer")
        note = row.text("notes")
        return _Entry(head, note=f"{exercise}: {note}" if note else "")
    kind = "working" if order.isdigit() else STRONG_KINDS.get(order.lower())
    if kind is None:
        row.error(f'Set order "{order}" is not a set number, W, D, F, Note or Rest Timer.')
    unit = row.unit("weight unit") or unit
    seconds = row.seconds("seconds", "Seconds")
    return _measured(row, head, exercise=exercise, kind=kind or "", unit=unit, seconds=seconds)


HEVY_KINDS = {
    "": "working",
    "normal": "working",
    "warmup": "warmup",
    "dropset": "drop",
    "failure": "failure",
}


def _hevy(row: _Row, unit: str | None) -> _Entry | None:
    started = row.moment("start_time", "Start time")
    finished = row.moment("end_time", "End time") if row.text("end_time") else None
    title = row.text("title")
    head = None
    if started is not None:
        key = f"hevy:{started.isoformat()}:{title}"
        head = _Head(key, started.date(), started, finished, title, row.text("description"))
    kind = HEVY_KINDS.get(row.text("set_type").lower())
    if kind is None:
        message = "is not normal, warmup, dropset or failure."
        row.error(f'Set type "{row.text("set_type")}" {message}')
    exercise = row.text("exercise_title")
    seconds = row.seconds("duration_seconds", "Duration")
    entry = _measured(row, head, exercise=exercise, kind=kind or "", unit=unit, seconds=seconds)
    note = row.text("exercise_notes")
    if entry is not None and note:
        return _Entry(entry.head, entry.set, f"{exercise}: {note}", entry.left_out)
    return entry


def _fitnotes(row: _Row, unit: str | None) -> _Entry | None:
    day = row.day("date", "Date")
    head = _Head(f"fitnotes:{day.isoformat()}", day) if day is not None else None
    unit = row.unit("weight unit") or unit
    seconds = row.clock("time", "Time")
    exercise = row.text("exercise")
    return _measured(row, head, exercise=exercise, kind="working", unit=unit, seconds=seconds)


@dataclass(frozen=True)
class _Spec:
    format: Format
    signature: frozenset[str]  # the columns that tell this format apart
    required: tuple[str, ...]
    read: Callable[[_Row, str | None], _Entry | None]
    aliases: dict[str, str] = field(default_factory=dict)  # column name -> the name used here


SPECS = (
    _Spec(
        Format.STRONG,
        frozenset({"workout name", "exercise name", "set order"}),
        ("date", "weight", "reps"),
        _strong,
    ),
    _Spec(
        Format.HEVY,
        frozenset({"title", "start_time", "exercise_title"}),
        ("set_type", "weight", "reps"),
        _hevy,
    ),
    _Spec(
        Format.FITNOTES,
        frozenset({"date", "exercise", "category"}),
        ("weight", "reps"),
        _fitnotes,
        {"comment": "notes"},
    ),
)


# The file -----------------------------------------------------------------------


def parse(text: str, *, max_rows: int = MAX_ROWS, today: datetime.date | None = None) -> ParsedFile:
    """Every session of an export, or `ImportFileError` with every problem found.

    A workout may be on `today` (the system's date if None) or the day after, for
    a file from a time zone ahead of the caller's.
    """
    latest = (today or datetime.date.today()) + datetime.timedelta(days=1)
    text = text.removeprefix("\ufeff")
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    if not first:
        raise ImportFileError([RowError(0, "The file is empty.")])
    delimiter = _delimiter(first)
    comma_decimals = delimiter != ","
    rows = _rows(text, delimiter)
    header_row = next(rows, None)
    if header_row is None:
        raise ImportFileError([RowError(0, "The file is empty.")])
    spec, header, file_unit = _recognise(header_row[1], header_row[0])

    drafts: dict[str, _Draft] = {}
    left_out: Counter[str] = Counter()
    errors: list[RowError] = []
    count = 0
    for line, cells in rows:
        count += 1
        if count > max_rows:
            message = (
                f"This file has more than {max_rows:,} rows, more than one import takes. "
                "Export a shorter period (a year at a time, say) and import each file."
            )
            raise ImportFileError([RowError(0, message)])
        if len(cells) != header.width:
            errors.append(_width_error(line, len(cells), header.width))
            continue
        row = _Row(line, cells, header, comma_decimals, latest)
        entry = spec.read(row, file_unit)
        if entry is None:
            errors.extend(row.errors)
            continue
        draft = drafts.get(entry.head.key)
        if draft is None:
            draft = drafts[entry.head.key] = _Draft(entry.head, line)
        draft.add(entry)
        if entry.left_out:
            left_out[entry.left_out] += 1
    if errors:
        raise ImportFileError(errors)

    sessions = sorted((draft.build() for draft in drafts.values() if draft.sets), key=_order)
    if not sessions:
        detail = "none of its rows has reps or a time" if count else "it has a header only"
        raise ImportFileError([RowError(0, f"This file has no sets to import: {detail}.")])
    sets = [parsed for session in sessions for parsed in session.sets]
    units = {parsed.unit for parsed in sets if parsed.weight is not None}
    if file_unit is None and len(units) == 1 and None not in units:
        file_unit = units.pop()
    return ParsedFile(
        format=spec.format,
        delimiter=delimiter,
        unit=file_unit,
        needs_unit=any(parsed.weight is not None and parsed.unit is None for parsed in sets),
        rows=count,
        sessions=tuple(sessions),
        left_out=dict(left_out),
    )


@dataclass
class _Draft:
    """A session while its rows are read."""

    head: _Head
    line: int
    notes: dict[str, None] = field(default_factory=dict)  # insertion-ordered and unique
    sets: list[ParsedSet] = field(default_factory=list)

    def add(self, entry: _Entry) -> None:
        for note in (entry.head.notes, entry.note):
            if note:
                self.notes[note] = None
        if entry.set is not None:
            self.sets.append(entry.set)

    def build(self) -> ParsedSession:
        head = self.head
        return ParsedSession(
            key=head.key,
            date=head.date,
            started_at=head.started_at,
            finished_at=head.finished_at,
            title=head.title,
            notes="\n".join(self.notes),
            sets=tuple(self.sets),
        )


def _order(session: ParsedSession) -> tuple[datetime.date, datetime.datetime, int]:
    return (session.date, session.started_at or datetime.datetime.min, session.sets[0].line)


def _delimiter(line: str) -> str:
    """The commonest of comma, semicolon and tab outside quotes; a comma on a tie."""
    counts = dict.fromkeys(",;\t", 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(counts, key=counts.__getitem__)


def _rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """The rows that hold anything, each with the physical line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            message = f"This line cannot be read as CSV ({error}). {EXPORT_AGAIN}"
            raise ImportFileError([RowError(line, message)]) from None
        if any(cell.strip() for cell in cells):
            yield line, cells
        line = reader.line_num + 1


def _width_error(line: int, width: int, expected: int) -> RowError:
    return RowError(
        line,
        f"This row has {width} columns but the header has {expected}: "
        "look for a stray delimiter or an unclosed quote.",
    )


def _column(cell: str) -> tuple[str, str]:
    """A header cell as (name, unit): `"Weight (kg)"` -> ("weight", "kg"), `weight_lbs` too."""
    name = cell.strip().strip('"').strip().lower()
    match = re.fullmatch(r"(.*?)\s*\((.*)\)|(weight|distance)_(\w+)", name)
    if match is None:
        return name, ""
    if match[1] is not None:
        return match[1], match[2].strip()
    return match[3], match[4]


def _recognise(cells: list[str], line: int) -> tuple[_Spec, _Header, str | None]:
    """The format of a header, its columns and the weight unit it states."""
    columns = [_column(cell) for cell in cells]
    names = {name for name, _ in columns}
    spec = next((spec for spec in SPECS if spec.signature <= names), None)
    if spec is None:
        found = ", ".join(f'"{cell.strip()}"' for cell in cells[:15] if cell.strip())
        message = (
            f"The first line has the columns {found or '(none)'}, which is not an export "
            "this importer knows. Strong, Hevy and FitNotes CSV exports are supported."
        )
        raise ImportFileError([RowError(line, message)])
    index: dict[str, int] = {}
    units: dict[str, str] = {}
    for position, (name, unit) in enumerate(columns):
        name = spec.aliases.get(name, name)
        index.setdefault(name, position)
        if unit:
            units.setdefault(name, unit)
    missing = [name for name in spec.required if name not in index]
    if missing:
        listed = ", ".join(f'"{name}"' for name in sorted(missing))
        message = f"This looks like a {spec.format.label} export, but it has no {listed} column."
        raise ImportFileError([RowError(line, f"{message} {EXPORT_AGAIN}")])
    header = _Header(index, units, len(cells))
    stated = units.get("weight")
    unit = UNITS.get(stated.lower()) if stated else None
    if stated and unit is None:
        message = f'The weight column is in "{stated}"; only kg and lbs are understood.'
        raise ImportFileError([RowError(line, message)])
    return spec, header, unit
