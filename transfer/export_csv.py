"""Taking a user's data out as a spreadsheet: every logged set as CSV.

It is streamed (`transfer/streaming.py`): memory and the number of queries stay
the same however long the history is. The whole account as JSON is `backup`.

The CSV of sets (`sets_csv`)
----------------------------
UTF-8 with a byte-order mark (so spreadsheets read accents), comma-separated,
a header row, then one row per logged set, oldest session first:

    date                YYYY-MM-DD, the session's day
    session_started_at  ISO 8601 with the offset (2025-09-15T07:48:00+00:00), in
                        the site's time zone; empty if the session never started
    routine             the routine's name, or empty
    exercise            the exercise's name
    exercise_slug       the exercise's slug (its address on the site)
    set_number          1, 2, … per exercise and side within the session
    set_type            working, warmup, drop or failure
    side                both, left or right
    reps                whole number, or empty (a hold)
    load                in the user's unit (see `unit`), to 0.01; empty for a
                        bodyweight set
    unit                kg or lb: the unit of `load`; empty where `load` is
    hold_s              seconds, or empty
    band                the band colour's name, or empty
    rpe                 1–10, or empty
    note                the set's own note, or empty
    completed           true or false
    session_status      planned, in_progress, done or skipped
    session_effort      the session's RPE 1–10, or empty
    session_notes       the session's notes

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
gets a leading `'` (OWASP's advice against CSV injection), so a spreadsheet
shows it instead of running it as a formula. Numbers this module writes are
left alone.
"""

import csv
from collections.abc import Iterator

from django.utils import timezone

from training.models import LoggedSet
from training.units import from_kg
from transfer.streaming import CHUNK, pieces

CSV_COLUMNS = (
    "date",
    "session_started_at",
    "routine",
    "exercise",
    "exercise_slug",
    "set_number",
    "set_type",
    "side",
    "reps",
    "load",
    "unit",
    "hold_s",
    "band",
    "rpe",
    "note",
    "completed",
    "session_status",
    "session_effort",
    "session_notes",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell as a spreadsheet may show it: formula starters get a leading `'`."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Line:
    """A file-like object whose `write` returns what it was given, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def _csv_number(value) -> str:
    return "" if value is None else str(value)


def sets_csv(*, user) -> Iterator[str]:
    """The CSV of every set the user logged, in pieces for a streaming response."""
    writer = csv.writer(_Line())
    unit = user.unit
    rows = (
        LoggedSet.objects.filter(session__user=user)
        .order_by("session__date", "session_id", "pk")
        .values_list(
            "session__date",
            "session__started_at",
            "session__routine__name",
            "exercise__name",
            "exercise__slug",
            "set_number",
            "kind",
            "side",
            "reps",
            "load_kg",
            "hold_s",
            "band__name",
            "rpe",
            "note",
            "completed",
            "session__status",
            "session__effort",
            "session__notes",
        )
        .iterator(chunk_size=CHUNK)
    )

    def lines():
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for (
            day,
            started_at,
            routine,
            exercise,
            slug,
            number,
            kind,
            side,
            reps,
            load_kg,
            hold_s,
            band,
            rpe,
            note,
            completed,
            status,
            effort,
            notes,
        ) in rows:
            started = (
                timezone.localtime(started_at).isoformat(timespec="seconds") if started_at else ""
            )
            yield writer.writerow(
                (
                    day.isoformat(),
                    started,
                    neutralise(routine or ""),
                    neutralise(exercise),
                    neutralise(slug),
                    number,
                    kind,
                    side,
                    _csv_number(reps),
                    "" if load_kg is None else str(from_kg(load_kg, unit)),
                    "" if load_kg is None else unit,
                    _csv_number(hold_s),
                    neutralise(band or ""),
                    _csv_number(rpe),
                    neutralise(note),
                    "true" if completed else "false",
                    status,
                    _csv_number(effort),
                    neutralise(notes),
                )
            )

    return pieces(lines())
