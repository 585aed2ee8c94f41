"""A FitNotes export's rows: one row in, what it adds to its session out (rules: `formats`)."""

from __future__ import annotations

from transfer.formats.cells import _Entry, _Head, _measured, _Row, _Spec
from transfer.formats.parsed import Format


def _fitnotes(row: _Row, unit: str | None) -> _Entry | None:
    day = row.day("date", "Date")
    head = _Head(f"fitnotes:{day.isoformat()}", day) if day is not None else None
    unit = row.unit("weight unit") or unit
    seconds = row.clock("time", "Time")
    exercise = row.text("exercise")
    return _measured(row, head, exercise=exercise, kind="working", unit=unit, seconds=seconds)


SPEC = _Spec(
    Format.FITNOTES,
    frozenset({"date", "exercise", "category"}),
    ("weight", "reps"),
    _fitnotes,
    {"comment": "notes"},
)
