"""A Hevy export's rows: one row in, what it adds to its session out (rules: `formats`)."""

from __future__ import annotations

from transfer.formats.cells import _Entry, _Head, _measured, _Row, _Spec
from transfer.formats.parsed import Format

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


SPEC = _Spec(
    Format.HEVY,
    frozenset({"title", "start_time", "exercise_title"}),
    ("set_type", "weight", "reps"),
    _hevy,
)
