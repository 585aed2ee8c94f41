"""Reading a whole export: its text, delimiter and header, then its rows into sessions."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from transfer.formats import fitnotes, hevy, strong
from transfer.formats.cells import _Entry, _Head, _Header, _Row, _Spec
from transfer.formats.parsed import (
    EXPORT_AGAIN,
    MAX_ROWS,
    UNITS,
    ImportFileError,
    ParsedFile,
    ParsedSession,
    ParsedSet,
    RowError,
)

SPECS = (strong.SPEC, hevy.SPEC, fitnotes.SPEC)


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
