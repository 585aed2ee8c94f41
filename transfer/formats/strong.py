"""A Strong export's rows: one row in, what it adds to its session out (rules: `formats`)."""

from __future__ import annotations

from transfer.formats.cells import _Entry, _Head, _measured, _Row, _Spec
from transfer.formats.parsed import Format

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


SPEC = _Spec(
    Format.STRONG,
    frozenset({"workout name", "exercise name", "set order"}),
    ("date", "weight", "reps"),
    _strong,
)
