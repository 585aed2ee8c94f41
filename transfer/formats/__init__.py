"""Reading the CSV exports of Strong, Hevy and FitNotes into normalised sessions.

One module per topic: `parsed` (what a file reads as, the limits), `cells`
(reading one row's cells), `strong`, `hevy` and `fitnotes` (one app's rows
each), `reading` (the file: its delimiter, header and sessions). This module
holds the rules they follow, and the names callers use.

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

from transfer.formats.parsed import (
    EXPORT_AGAIN,
    KG,
    LB,
    MAX_DURATION,
    MAX_LOAD,
    MAX_REPS,
    MAX_ROWS,
    MAX_SECONDS,
    UNITS,
    Format,
    ImportFileError,
    ParsedFile,
    ParsedSession,
    ParsedSet,
    RowError,
)
from transfer.formats.reading import decode, parse

__all__ = [
    "EXPORT_AGAIN",
    "KG",
    "LB",
    "MAX_DURATION",
    "MAX_LOAD",
    "MAX_REPS",
    "MAX_ROWS",
    "MAX_SECONDS",
    "UNITS",
    "Format",
    "ImportFileError",
    "ParsedFile",
    "ParsedSession",
    "ParsedSet",
    "RowError",
    "decode",
    "parse",
]
