"""Reading Strong, Hevy and FitNotes exports: `transfer.formats`, no database."""

import ast
import codecs
import datetime
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from transfer.formats import (
    MAX_ROWS,
    Format,
    ImportFileError,
    ParsedFile,
    ParsedSet,
    RowError,
    decode,
    parse,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = Path(__file__).parent / "import_samples"
PACKAGE = "transfer.formats"

STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE"
)
SEMICOLON_HEADER = (
    '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";'
    '"Weight (kg)";"Reps";"Distance (meters)";"Seconds";"Notes";"Workout Notes";"RPE"'
)
HEVY_HEADER = (
    "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,"
    "set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe"
)
FITNOTES_HEADER = (
    "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment"
)
WHEN = "2025-09-15 07:48:00,Leg day,1h 5m"


def sample(name: str) -> ParsedFile:
    return parse(decode((SAMPLES / name).read_bytes()))


def strong(*rows: str, header: str = STRONG_HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def strong_set(
    exercise: str = "Romanian Deadlift",
    order: str = "1",
    weight: str = "60",
    reps: str = "8",
    seconds: str = "0",
    note: str = "",
    rpe: str = "",
    distance: str = "0",
    when: str = WHEN,
) -> str:
    return f"{when},{exercise},{order},{weight},{reps},{distance},{seconds},{note},,{rpe}"


def only_set(text: str) -> ParsedSet:
    (session,) = parse(text).sessions
    (parsed,) = session.sets
    return parsed


def errors(text: str, **kwargs: int) -> list[RowError]:
    with pytest.raises(ImportFileError) as caught:
        parse(text, **kwargs)
    return caught.value.errors


def decode_errors(data: bytes) -> list[RowError]:
    with pytest.raises(ImportFileError) as caught:
        decode(data)
    return caught.value.errors


# Standard library only ----------------------------------------------------------


def imported_modules(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.append(PACKAGE if node.level else node.module)
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in ("__import__", "import_module"):
                found.append("<dynamic import>")
    return found


# The app's other modules (the import service) use Django; the parser's modules and
# the app's __init__, which importing the parser runs, must not.
PURE = [
    ROOT / "transfer" / "__init__.py",
    *sorted((ROOT / "transfer" / "formats").glob("*.py")),
    ROOT / "training" / "bounds.py",
]
# The bounds of dates, shared with the models' validators, are standard library too.
ALSO_PURE = {"training", "training.bounds"}


@pytest.mark.parametrize("path", PURE, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_parser_imports_the_standard_library_only(path):
    modules = imported_modules(path.read_text())
    outside = [
        module
        for module in modules
        if module.split(".")[0] not in sys.stdlib_module_names
        and not (module == PACKAGE or module.startswith(PACKAGE + "."))
        and module not in ALSO_PURE
    ]
    assert outside == []


def test_the_formats_module_is_checked_and_imports_something():
    assert "csv" in imported_modules((ROOT / "transfer" / "formats" / "reading.py").read_text())
    assert len(PURE) > 5  # every module of the package is checked


def test_importing_the_formats_in_a_fresh_interpreter_loads_no_django():
    script = (
        "import sys, transfer.formats\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_each_format_has_the_name_people_know_it_by():
    assert [(f.value, f.label) for f in Format] == [
        ("strong", "Strong"),
        ("hevy", "Hevy"),
        ("fitnotes", "FitNotes"),
    ]


# Strong, comma form ----------------------------------------------------------------


def test_a_strong_export_without_a_unit_asks_for_one():
    parsed = sample("strong_comma.csv")
    assert (parsed.format, parsed.delimiter, parsed.unit) == (Format.STRONG, ",", None)
    assert parsed.needs_unit is True
    assert {s.unit for session in parsed.sessions for s in session.sets} == {None}


def test_a_strong_export_with_only_bodyweight_sets_does_not_ask_for_a_unit():
    parsed = parse(strong(strong_set(weight="0"), strong_set(weight="")))
    assert parsed.needs_unit is False
    assert parsed.unit is None


def test_strong_rows_of_one_workout_become_one_session_in_date_order():
    parsed = sample("strong_comma.csv")
    assert [(s.key, s.date, s.title) for s in parsed.sessions] == [
        ("strong:2025-09-15T07:48:00:Leg day", datetime.date(2025, 9, 15), "Leg day"),
        ("strong:2025-09-18T18:02:00:Hamstring B", datetime.date(2025, 9, 18), "Hamstring B"),
    ]
    assert parsed.rows == 15
    assert [len(s.sets) for s in parsed.sessions] == [7, 4]


def test_a_strong_session_starts_at_its_date_and_ends_after_its_duration():
    leg_day, hamstring_b = sample("strong_comma.csv").sessions
    assert leg_day.started_at == datetime.datetime(2025, 9, 15, 7, 48)
    assert leg_day.finished_at == datetime.datetime(2025, 9, 15, 8, 53)
    assert hamstring_b.finished_at == datetime.datetime(2025, 9, 18, 18, 47)


@pytest.mark.parametrize(
    ("duration", "length"),
    [
        ("1h 5m", datetime.timedelta(hours=1, minutes=5)),
        ("45m", datetime.timedelta(minutes=45)),
        ("50s", datetime.timedelta(seconds=50)),
        ("1h", datetime.timedelta(hours=1)),
        ("1h 2m 3s", datetime.timedelta(seconds=3723)),
        ("3900", datetime.timedelta(seconds=3900)),
    ],
)
def test_a_strong_duration_is_read_in_hours_minutes_and_seconds(duration, length):
    when = f"2025-09-15 07:48:00,Leg day,{duration}"
    (session,) = parse(strong(strong_set(when=when))).sessions
    assert session.finished_at - session.started_at == length


def test_a_strong_workout_without_a_duration_has_no_finish():
    (session,) = parse(strong(strong_set(when="2025-09-15 07:48:00,Leg day,"))).sessions
    assert session.finished_at is None


def test_a_numbered_strong_set_is_a_working_set():
    assert only_set(strong(strong_set(order="3"))).kind == "working"


def test_a_warm_up_row_in_strong_is_a_warm_up_set():
    assert only_set(strong(strong_set(order="W"))).kind == "warmup"


def test_a_drop_set_row_in_strong_is_a_drop_set():
    assert only_set(strong(strong_set(order="D"))).kind == "drop"


def test_a_failure_row_in_strong_is_a_set_to_failure():
    assert only_set(strong(strong_set(order="F"))).kind == "failure"


def test_the_sample_has_each_kind_of_strong_set():
    leg_day = sample("strong_comma.csv").sessions[0]
    assert [s.kind for s in leg_day.sets if s.exercise != "Hamstring Stretch"] == [
        "warmup",
        "working",
        "working",
        "drop",
        "failure",
    ]


def test_rest_timer_rows_are_left_out_and_counted():
    parsed = sample("strong_comma.csv")
    assert parsed.left_out["rest_timer"] == 1
    assert 7 not in [s.line for session in parsed.sessions for s in session.sets]


def test_a_strong_note_row_adds_a_line_to_the_session_notes_and_no_set():
    leg_day = sample("strong_comma.csv").sessions[0]
    assert leg_day.notes == "Felt strong\nRomanian Deadlift: Keep the bar close"
    assert 12 not in [s.line for s in leg_day.sets]


def test_workout_notes_repeated_on_every_row_are_kept_once():
    hamstring_b = sample("strong_comma.csv").sessions[1]
    assert hamstring_b.notes == "Short on time"


def test_a_bodyweight_set_with_an_empty_or_zero_weight_is_kept_without_a_load():
    hamstring_b = sample("strong_comma.csv").sessions[1]
    nordics = [s for s in hamstring_b.sets if s.exercise == "Nordic Hamstring Curl"]
    assert [(s.reps, s.weight) for s in nordics] == [(4, None), (3, None)]


def test_a_hold_is_a_set_with_seconds_and_no_reps():
    stretch = [s for s in sample("strong_comma.csv").sessions[0].sets if s.seconds]
    assert [(s.exercise, s.reps, s.seconds) for s in stretch] == [
        ("Hamstring Stretch", None, 45),
        ("Hamstring Stretch", None, 40),
    ]


def test_a_set_with_reps_and_seconds_keeps_both():
    parsed = only_set(strong(strong_set(reps="5", seconds="30")))
    assert (parsed.reps, parsed.seconds) == (5, 30)


def test_whole_numbers_written_with_a_decimal_point_are_accepted():
    parsed = only_set(strong(strong_set(weight="60.0", reps="8.0", seconds="30.0")))
    assert (parsed.weight, parsed.reps, parsed.seconds) == (Decimal(60), 8, 30)


def test_a_row_with_only_a_distance_is_left_out_as_cardio():
    parsed = parse(strong(strong_set(), strong_set(reps="0", distance="3000")))
    assert parsed.left_out == {"cardio": 1}
    assert len(parsed.sessions[0].sets) == 1


def test_a_row_with_no_reps_time_or_distance_is_left_out_as_empty():
    parsed = parse(strong(strong_set(), strong_set(weight="60", reps="0")))
    assert parsed.left_out == {"empty": 1}


def test_the_sample_counts_every_row_left_out_by_reason():
    assert sample("strong_comma.csv").left_out == {"rest_timer": 1, "cardio": 1, "empty": 1}


@pytest.mark.parametrize(("rpe", "expected"), [("7.5", 8), ("8", 8), ("6.4", 6), ("10", 10)])
def test_rpe_is_rounded_half_up_to_a_whole_number(rpe, expected):
    assert only_set(strong(strong_set(rpe=rpe))).rpe == expected


@pytest.mark.parametrize("rpe", ["", "0", "0.4"])
def test_an_empty_or_zero_rpe_is_no_rpe(rpe):
    assert only_set(strong(strong_set(rpe=rpe))).rpe is None


def test_strong_without_an_rpe_column_is_read():
    header = STRONG_HEADER.removesuffix(",RPE")
    parsed = only_set(strong(strong_set().removesuffix(","), header=header))
    assert (parsed.reps, parsed.rpe) == (8, None)


def test_a_weight_unit_column_gives_each_strong_row_its_unit():
    header = STRONG_HEADER + ",Weight Unit"
    parsed = parse(strong(strong_set() + ",kg", strong_set(weight="135") + ",lbs", header=header))
    assert [(s.weight, s.unit) for s in parsed.sessions[0].sets] == [
        (Decimal(60), "kg"),
        (Decimal(135), "lb"),
    ]
    assert (parsed.unit, parsed.needs_unit) == (None, False)


def test_a_weight_unit_column_with_one_unit_is_the_unit_of_the_file():
    header = STRONG_HEADER + ",Weight Unit"
    parsed = parse(strong(strong_set() + ",kg", strong_set() + ",kg", header=header))
    assert (parsed.unit, parsed.needs_unit) == ("kg", False)


def test_a_quoted_multi_line_note_is_kept_whole():
    leg_day = sample("strong_comma.csv").sessions[0]
    (slipped,) = [s for s in leg_day.sets if s.note.startswith("Grip")]
    assert (slipped.line, slipped.note) == (9, "Grip slipped\non the last rep")


def test_rows_after_a_multi_line_note_have_their_physical_line_numbers():
    leg_day = sample("strong_comma.csv").sessions[0]
    assert [s.line for s in leg_day.sets] == [6, 8, 9, 11, 13, 14, 15]


def test_windows_line_endings_and_blank_lines_keep_physical_line_numbers():
    text = strong(strong_set(), "", strong_set(reps="6")).replace("\n", "\r\n")
    parsed = parse(text)
    assert [s.line for s in parsed.sessions[0].sets] == [2, 4]
    assert parsed.rows == 2


# Per-side sets ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "side"),
    [
        ("Single Leg RDL (Left)", "left"),
        ("Single Leg RDL (right)", "right"),
        ("Single Leg RDL - Left", "left"),
        ("Single Leg RDL - RIGHT", "right"),
        ('"Single Leg RDL, left"', "left"),
        ('"Single Leg RDL, Right"', "right"),
    ],
)
def test_an_exercise_name_ending_in_a_side_is_that_side_without_the_suffix(name, side):
    parsed = only_set(strong(strong_set(exercise=name)))
    assert (parsed.exercise, parsed.side) == ("Single Leg RDL", side)


@pytest.mark.parametrize(
    ("note", "side"),
    [
        ("left", "left"),
        ("RIGHT", "right"),
        ("L", "left"),
        ("r", "right"),
        ('"left leg, felt tight"', "left"),
        ('"Right, tighter"', "right"),
        ("right.", "right"),
        ("leftover from last week", "both"),
        ("felt the left more", "both"),
        ("LR", "both"),
        ("", "both"),
    ],
)
def test_a_note_naming_a_side_gives_that_side(note, side):
    parsed = only_set(strong(strong_set(exercise="Nordic Hamstring Curl", note=note)))
    assert (parsed.exercise, parsed.side) == ("Nordic Hamstring Curl", side)


def test_the_side_in_the_name_wins_over_the_note():
    parsed = only_set(strong(strong_set(exercise="Bridge (Left)", note="right")))
    assert (parsed.side, parsed.note) == ("left", "right")


def test_a_hyphen_inside_a_name_is_not_a_side():
    parsed = only_set(strong(strong_set(exercise="Single-Leg Bridge")))
    assert (parsed.exercise, parsed.side) == ("Single-Leg Bridge", "both")


# Strong, semicolon form -------------------------------------------------------------


def test_a_semicolon_strong_export_in_kilograms_states_its_unit():
    parsed = sample("strong_semicolon_kg.csv")
    assert (parsed.format, parsed.delimiter) == (Format.STRONG, ";")
    assert (parsed.unit, parsed.needs_unit) == ("kg", False)
    assert {s.unit for session in parsed.sessions for s in session.sets} == {"kg"}


def test_a_decimal_comma_in_a_semicolon_export_is_a_decimal_point():
    first_set = sample("strong_semicolon_kg.csv").sessions[0].sets[1]
    assert (first_set.weight, first_set.rpe) == (Decimal("62.5"), 8)


def test_a_semicolon_strong_export_in_pounds_states_its_unit():
    parsed = sample("strong_semicolon_lbs.csv")
    assert (parsed.unit, parsed.needs_unit) == ("lb", False)
    assert [s.weight for s in parsed.sessions[0].sets] == [
        Decimal(45),
        Decimal("137.5"),
        Decimal("95.5"),
    ]


def test_a_semicolon_strong_duration_is_in_seconds():
    leg_day, _ = sample("strong_semicolon_kg.csv").sessions
    assert leg_day.finished_at == datetime.datetime(2025, 9, 15, 8, 53)


def test_the_workout_number_is_part_of_a_semicolon_strong_key():
    keys = [s.key for s in sample("strong_semicolon_kg.csv").sessions]
    assert keys == [
        "strong:2025-09-15T07:48:00:Leg day:#12",
        "strong:2025-09-17T18:30:00:Leg day:#13",
    ]


def test_the_semicolon_sample_leaves_out_its_rest_timer_and_its_rowing():
    parsed = sample("strong_semicolon_kg.csv")
    assert parsed.left_out == {"rest_timer": 1, "cardio": 1}
    assert parsed.rows == 6


# Hevy -------------------------------------------------------------------------------


def test_a_hevy_export_in_kilograms_is_recognised_with_its_unit():
    parsed = sample("hevy_kg.csv")
    assert (parsed.format, parsed.delimiter, parsed.unit, parsed.needs_unit) == (
        Format.HEVY,
        ",",
        "kg",
        False,
    )
    assert parsed.rows == 7


def test_a_hevy_export_in_pounds_is_recognised_with_its_unit():
    parsed = sample("hevy_lbs.csv")
    assert (parsed.unit, parsed.needs_unit) == ("lb", False)
    assert [(s.weight, s.unit, s.rpe) for s in parsed.sessions[0].sets] == [
        (Decimal(55), "lb", None),
        (Decimal(60), "lb", 7),
    ]


def test_hevy_sessions_run_from_start_time_to_end_time_in_date_order():
    leg_day, hamstrings = sample("hevy_kg.csv").sessions
    assert (leg_day.key, leg_day.started_at, leg_day.finished_at) == (
        "hevy:2025-09-15T07:48:00:Leg day",
        datetime.datetime(2025, 9, 15, 7, 48),
        datetime.datetime(2025, 9, 15, 8, 53),
    )
    assert hamstrings.key == "hevy:2025-09-17T18:30:00:Hamstrings"


def test_hevy_set_types_become_set_kinds():
    leg_day = sample("hevy_kg.csv").sessions[0]
    assert [s.kind for s in leg_day.sets] == ["warmup", "working", "drop", "failure", "working"]


def test_hevy_description_and_exercise_notes_go_to_the_session_notes_once():
    leg_day = sample("hevy_kg.csv").sessions[0]
    assert leg_day.notes == "Felt good\nRomanian Deadlift (Barbell): Slow lowering"
    assert {s.note for s in leg_day.sets} == {""}


def test_a_hevy_timed_set_has_seconds_and_a_distance_only_set_is_cardio():
    parsed = sample("hevy_kg.csv")
    plank = parsed.sessions[0].sets[-1]
    assert (plank.exercise, plank.reps, plank.seconds, plank.weight) == ("Plank", None, 60, None)
    assert parsed.left_out == {"cardio": 1}


def test_a_hevy_bodyweight_set_with_zero_weight_is_kept_without_a_load():
    (nordic,) = sample("hevy_kg.csv").sessions[1].sets
    assert (nordic.reps, nordic.weight) == (5, None)


def test_a_hevy_decimal_rpe_is_rounded_half_up():
    curl = sample("hevy_kg.csv").sessions[0].sets[3]
    assert curl.rpe == 10


def test_hevy_times_may_be_iso():
    row = "Leg day,2025-09-15T07:48:00,2025-09-15T08:30:00,,Leg Curl,,,0,normal,40,10,,,"
    (session,) = parse(f"{HEVY_HEADER}\n{row}\n").sessions
    assert (session.started_at, session.finished_at) == (
        datetime.datetime(2025, 9, 15, 7, 48),
        datetime.datetime(2025, 9, 15, 8, 30),
    )


def test_an_unknown_hevy_set_type_is_an_error():
    row = '"Leg day","15 Sep 2025, 07:48",,,Leg Curl,,,0,superset,40,10,,,'
    assert errors(f"{HEVY_HEADER}\n{row}\n") == [
        RowError(2, 'Set type "superset" is not normal, warmup, dropset or failure.')
    ]


# FitNotes ---------------------------------------------------------------------------


def test_a_fitnotes_export_with_kilograms_and_pounds_gives_each_set_its_unit():
    parsed = sample("fitnotes.csv")
    assert (parsed.format, parsed.unit, parsed.needs_unit) == (Format.FITNOTES, None, False)
    units = [(s.exercise, s.weight, s.unit) for session in parsed.sessions for s in session.sets]
    assert units[:3] == [
        ("Romanian Deadlift", Decimal("62.5"), "kg"),
        ("Romanian Deadlift", Decimal("62.5"), "kg"),
        ("Nordic Hamstring Curl", None, "kg"),
    ]
    assert units[-1] == ("Seated Leg Curl", Decimal(80), "lb")


def test_a_fitnotes_day_is_one_session_without_times():
    parsed = sample("fitnotes.csv")
    assert [(s.key, s.date, s.started_at, s.finished_at, s.title) for s in parsed.sessions] == [
        ("fitnotes:2025-09-15", datetime.date(2025, 9, 15), None, None, ""),
        ("fitnotes:2025-09-16", datetime.date(2025, 9, 16), None, None, ""),
    ]


def test_a_fitnotes_time_is_read_as_seconds_and_its_comment_as_the_note():
    stretches = [s for s in sample("fitnotes.csv").sessions[0].sets if s.seconds]
    assert [(s.seconds, s.note, s.side) for s in stretches] == [
        (90, "L", "left"),
        (90, "R", "right"),
    ]
    assert sample("fitnotes.csv").sessions[0].sets[1].note == "Last rep slow"


@pytest.mark.parametrize(("time_", "seconds"), [("0:01:30", 90), ("1:30", 90), ("0:00:45", 45)])
def test_fitnotes_times_are_hours_minutes_and_seconds(time_, seconds):
    row = f"2025-09-15,Plank,Core,,,,,,{time_},"
    assert only_set(f"{FITNOTES_HEADER}\n{row}\n").seconds == seconds


def test_a_fitnotes_distance_without_reps_or_time_is_cardio():
    assert sample("fitnotes.csv").left_out == {"cardio": 1}


def test_fitnotes_with_one_unit_throughout_states_it():
    rows = ["2025-09-15,Leg Curl,Legs,40,kg,10,,,,", "2025-09-15,Leg Curl,Legs,40,kg,10,,,,"]
    assert parse("\n".join([FITNOTES_HEADER, *rows])).unit == "kg"


def test_a_fitnotes_weight_unit_other_than_kg_or_lbs_is_an_error():
    row = "2025-09-15,Leg Curl,Legs,6,stone,10,,,,"
    assert errors(f"{FITNOTES_HEADER}\n{row}\n") == [
        RowError(2, 'Weight unit "stone" is not kg or lbs.')
    ]


# Session keys -----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(path.name for path in SAMPLES.iterdir()))
def test_session_keys_are_the_same_when_the_same_file_is_parsed_twice(name):
    assert [s.key for s in sample(name).sessions] == [s.key for s in sample(name).sessions]


def test_different_workouts_have_different_keys():
    rows = [
        strong_set(when="2025-09-15 07:48:00,Leg day,1h"),
        strong_set(when="2025-09-15 07:48:00,Hamstrings,1h"),
        strong_set(when="2025-09-15 18:00:00,Leg day,1h"),
        strong_set(when="2025-09-16 07:48:00,Leg day,1h"),
    ]
    keys = [s.key for s in parse(strong(*rows)).sessions]
    assert len(set(keys)) == 4


def test_sessions_on_one_day_are_ordered_by_start_time():
    rows = [strong_set(when="2025-09-15 18:00:00,Evening,1h"), strong_set(when=WHEN)]
    assert [s.title for s in parse(strong(*rows)).sessions] == ["Leg day", "Evening"]


# Recognising the file ---------------------------------------------------------------


@pytest.mark.parametrize(("delimiter", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")])
def test_the_delimiter_is_found_from_the_header(delimiter, name):
    text = strong(strong_set()).replace(",", delimiter)
    parsed = parse(text)
    assert parsed.delimiter == delimiter, name
    assert only_set(text).reps == 8


def test_a_delimiter_inside_a_quoted_header_name_does_not_count():
    header = SEMICOLON_HEADER.replace('"Notes"', '"Notes, comments, remarks"')
    row = '"1";"2025-09-15 07:48:00";"Leg day";"60";"Leg Curl";"1";"40";"10";"0";"0";"";"";""'
    assert parse(f"{header}\n{row}\n").delimiter == ";"


def test_the_header_is_recognised_whatever_its_case_and_spacing():
    header = (
        " DATE , workout name,Duration, Exercise Name ,SET ORDER,weight,REPS,"
        "Distance,Seconds,Notes,Workout Notes,RPE"
    )
    assert parse(strong(strong_set(), header=header)).format == Format.STRONG


def test_an_unknown_header_names_its_columns_and_the_supported_apps():
    (error,) = errors("Day,Lift,Kilos\n2025-09-15,Deadlift,100\n")
    assert error.line == 1
    assert '"Day", "Lift", "Kilos"' in error.message
    assert "Strong, Hevy and FitNotes" in error.message


def test_a_known_header_missing_a_needed_column_says_which():
    header = STRONG_HEADER.replace(",Reps,", ",Repetitions,")
    (error,) = errors(strong(strong_set(), header=header))
    assert error.line == 1
    assert 'This looks like a Strong export, but it has no "reps" column.' in error.message


def test_a_weight_column_in_an_unknown_unit_is_an_error():
    header = SEMICOLON_HEADER.replace("Weight (kg)", "Weight (st)")
    (error,) = errors(f"{header}\n")
    assert (error.line, error.message) == (
        1,
        'The weight column is in "st"; only kg and lbs are understood.',
    )


def test_a_file_with_only_a_header_has_no_sets():
    (error,) = errors(STRONG_HEADER + "\n")
    assert error.line == 0
    assert "no sets" in error.message


def test_a_file_with_only_cardio_has_no_sets():
    (error,) = errors(strong(strong_set(reps="0", distance="5000")))
    assert "no sets" in error.message


@pytest.mark.parametrize("text", ["", "   \n\n", ",,,\n"])
def test_an_empty_text_is_an_empty_file(text):
    assert errors(text) == [RowError(0, "The file is empty.")]


# Decoding the upload ----------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"  \r\n\n"])
def test_an_empty_upload_is_an_empty_file(data):
    assert decode_errors(data) == [RowError(0, "The file is empty.")]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", id="png"),
        pytest.param(b"PK\x03\x04\x14\x00\x06\x00", id="zip"),
        pytest.param(STRONG_HEADER.encode() + b"\n\x00\x00\x00\n", id="nul-bytes"),
        pytest.param("Date,Übung\n".encode("latin-1"), id="latin-1"),
    ],
)
def test_bytes_that_are_not_text_are_not_a_csv_export(data):
    (error,) = decode_errors(data)
    assert error.line == 0
    assert error.message.startswith("This file is not a CSV export: ")


def test_a_utf8_byte_order_mark_is_dropped():
    text = decode(codecs.BOM_UTF8 + (SAMPLES / "strong_comma.csv").read_bytes())
    assert text.startswith("Date,")
    assert parse(text).format == Format.STRONG


def test_a_byte_order_mark_left_in_the_text_is_ignored():
    assert parse("\ufeff" + strong(strong_set())).format == Format.STRONG


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_decoded(encoding):
    source = (SAMPLES / "hevy_kg.csv").read_text(encoding="utf-8")
    bom = {"utf-16": b"", "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    text = decode(bom[encoding] + source.encode(encoding))
    assert text == source
    assert parse(text).format == Format.HEVY


def test_non_ascii_names_in_utf8_are_kept():
    parsed = only_set(strong(strong_set(exercise="Nordic Curl – Übung")))
    assert parsed.exercise == "Nordic Curl – Übung"


# Bad rows ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            strong_set(when="15/09/2025 07:48,Leg day,1h"),
            'Date "15/09/2025 07:48" is not a date and time like 2025-09-15 07:48:00.',
        ),
        (strong_set(weight="heavy"), 'Weight "heavy" is not a number.'),
        (strong_set(reps="ten"), 'Reps "ten" is not a whole number.'),
        (strong_set(reps="8.5"), 'Reps "8.5" is not a whole number.'),
        (strong_set(seconds="1:30"), 'Seconds "1:30" is not a number.'),
        (strong_set(rpe="hard"), 'RPE "hard" is not a number.'),
        (strong_set(distance="far"), 'Distance "far" is not a number.'),
        (strong_set(weight="NaN"), 'Weight "NaN" is not a number.'),
        (strong_set(weight="inf"), 'Weight "inf" is not a number.'),
        (strong_set(weight="1e3"), 'Weight "1e3" is not a number.'),
        (strong_set(weight="-20"), 'Weight "-20" cannot be negative.'),
        (strong_set(reps="-3"), 'Reps "-3" cannot be negative.'),
        (strong_set(seconds="-30"), 'Seconds "-30" cannot be negative.'),
        (strong_set(reps="1001"), 'Reps "1001" is more than 1000.'),
        (strong_set(weight="2300"), 'Weight "2300" is more than 2204.6 lb.'),
        (strong_set(seconds="3601"), 'Seconds "3601" is more than 3600 seconds.'),
        (strong_set(rpe="11"), 'RPE "11" is more than 10.'),
        (strong_set(exercise=""), "The exercise name is missing."),
        (strong_set(exercise="", order="Note", note="x"), "The exercise name is missing."),
        (
            strong_set(order="X"),
            'Set order "X" is not a set number, W, D, F, Note or Rest Timer.',
        ),
        (
            strong_set(when="2025-09-15 07:48:00,Leg day,an hour"),
            'Duration "an hour" is not a length of time like 1h 5m.',
        ),
        (
            strong_set(weight='"62,5"'),
            'Weight "62,5" is not a number.',
        ),
    ],
)
def test_a_bad_strong_row_is_refused_with_its_line_and_reason(row, message):
    assert errors(strong(strong_set(), row)) == [RowError(3, message)]


@pytest.mark.parametrize(
    ("row", "width"),
    [(strong_set() + ",extra", 13), ("2025-09-15 07:48:00,Leg day,1h,Leg Curl,1,40", 6)],
)
def test_a_row_with_the_wrong_number_of_columns_is_refused(row, width):
    (error,) = errors(strong(strong_set(), row))
    assert error.line == 3
    assert error.message.startswith(f"This row has {width} columns but the header has 12")


def test_limits_themselves_are_accepted():
    parsed = only_set(strong(strong_set(weight="2204.6", reps="1000", seconds="3600", rpe="10")))
    assert (parsed.weight, parsed.reps, parsed.seconds, parsed.rpe) == (
        Decimal("2204.6"),
        1000,
        3600,
        10,
    )


def test_a_load_over_1000_kg_is_refused_in_a_kilogram_file():
    row = '"1";"2025-09-15 07:48:00";"Leg day";"60";"Deadlift";"1";"1000,5";"1";"0";"0";"";"";""'
    ok = '"1";"2025-09-15 07:48:00";"Leg day";"60";"Deadlift";"1";"1000";"1";"0";"0";"";"";""'
    assert errors(f"{SEMICOLON_HEADER}\n{ok}\n{row}\n") == [
        RowError(3, 'Weight "1000,5" is more than 1000 kg.')
    ]


def test_a_load_over_2204_6_lb_is_refused_in_a_pound_file():
    header = SEMICOLON_HEADER.replace("(kg)", "(lbs)")
    row = '"1";"2025-09-15 07:48:00";"Leg day";"60";"Deadlift";"1";"2205";"1";"0";"0";"";"";""'
    assert errors(f"{header}\n{row}\n") == [RowError(2, 'Weight "2205" is more than 2204.6 lb.')]


def test_every_bad_row_is_reported_in_line_order_not_just_the_first():
    text = strong(
        strong_set(reps="ten"),
        strong_set(),
        strong_set(weight="-1", rpe="12"),
        strong_set(exercise="", seconds="abc"),
    )
    assert [(e.line, e.message) for e in errors(text)] == [
        (2, 'Reps "ten" is not a whole number.'),
        (4, 'Weight "-1" cannot be negative.'),
        (4, 'RPE "12" is more than 10.'),
        (5, 'Seconds "abc" is not a number.'),
        (5, "The exercise name is missing."),
    ]


def test_a_bad_row_after_a_quoted_multi_line_note_has_its_physical_line():
    text = strong(strong_set(note='"Grip slipped\non the\nlast rep"'), strong_set(reps="ten"))
    assert errors(text) == [RowError(5, 'Reps "ten" is not a whole number.')]


def test_a_bad_row_with_a_multi_line_note_is_reported_at_its_first_line():
    text = strong(strong_set(), strong_set(reps="ten", note='"two\nlines"'), strong_set(rpe="x"))
    assert errors(text) == [
        RowError(3, 'Reps "ten" is not a whole number.'),
        RowError(5, 'RPE "x" is not a number.'),
    ]


def test_a_bad_fitnotes_row_is_refused_with_its_line():
    rows = ["2025-09-15,Leg Curl,Legs,40,kgs,10,,,,", "15.09.2025,Leg Curl,Legs,40,kgs,10,,,2:75,"]
    assert errors("\n".join([FITNOTES_HEADER, *rows])) == [
        RowError(3, 'Date "15.09.2025" is not a date like 2025-09-15.'),
        RowError(3, 'Time "2:75" is not a time like 0:01:30.'),
    ]


def test_a_fitnotes_time_over_an_hour_is_refused():
    row = "2025-09-15,Plank,Core,,,,,,1:00:01,"
    assert errors(f"{FITNOTES_HEADER}\n{row}\n") == [
        RowError(2, 'Time "1:00:01" is more than 3600 seconds.')
    ]


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        ("-1", 'Duration "-1" cannot be negative.'),
        ("-1h", 'Duration "-1h" is not a length of time like 1h 5m.'),
    ],
    ids=["negative", "negative hours"],
)
def test_a_strong_duration_below_zero_is_refused(duration, message):
    row = strong_set(when=f"2025-09-15 07:48:00,Leg day,{duration}")
    assert errors(strong(strong_set(), row)) == [RowError(3, message)]


def test_a_strong_workout_of_24_hours_is_accepted():
    (session,) = parse(strong(strong_set(when="2025-09-15 07:48:00,Leg day,24h"))).sessions
    assert session.finished_at == datetime.datetime(2025, 9, 16, 7, 48)


@pytest.mark.parametrize(
    "duration",
    ["86401", "24h 1s", "99999999h", "100000000000000", "9" * 40, "9" * 5000 + "m"],
    ids=[
        "a second over a day",
        "over a day",
        "hours past the calendar",
        "seconds past the calendar",
        "past Decimal's precision",
        "past int()'s digits",
    ],
)
def test_a_strong_workout_over_a_day_long_is_kept_without_its_length(duration):
    """A timer left running says nothing of the workout: its sets are kept, its end unknown."""
    (session,) = parse(strong(strong_set(when=f"2025-09-15 07:48:00,Leg day,{duration}"))).sessions
    assert session.started_at == datetime.datetime(2025, 9, 15, 7, 48)
    assert session.finished_at is None
    assert len(session.sets) == 1


def test_a_long_run_of_spaces_in_a_duration_is_refused_quickly():
    row = strong_set(when=f"2025-09-15 07:48:00,Leg day,1h{' ' * 100_000}x")
    started = time.process_time()  # CPU time: the suite's other workers share the machine
    (error,) = errors(strong(row))
    assert time.process_time() - started < 1
    assert error.message.endswith("is not a length of time like 1h 5m.")


TODAY = datetime.date(2025, 9, 15)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            strong(strong_set(when="2025-09-17 07:48:00,Leg day,1h")),
            'Date "2025-09-17 07:48:00" is in the future.',
        ),
        (
            strong(strong_set(when="9999-12-31 23:59:59,Leg day,1h")),
            'Date "9999-12-31 23:59:59" is in the future.',
        ),
        (
            strong(strong_set(when="1899-12-31 23:59:59,Leg day,1h")),
            'Date "1899-12-31 23:59:59" is before 1900.',
        ),
        (
            strong(strong_set(when="0001-01-01 00:00:00,Leg day,1h")),
            'Date "0001-01-01 00:00:00" is before 1900.',
        ),
        (
            f"{HEVY_HEADER}\nLeg day,2025-09-17T07:48:00,,,Leg Curl,,,0,normal,40,10,,,\n",
            'Start time "2025-09-17T07:48:00" is in the future.',
        ),
        (
            f"{HEVY_HEADER}\nLeg day,0001-01-01T00:00:00,,,Leg Curl,,,0,normal,40,10,,,\n",
            'Start time "0001-01-01T00:00:00" is before 1900.',
        ),
        (
            f"{HEVY_HEADER}\n"
            "Leg day,2025-09-15T07:48:00,9999-12-31T23:59:00,,Leg Curl,,,0,normal,40,10,,,\n",
            'End time "9999-12-31T23:59:00" is in the future.',
        ),
        (
            f"{FITNOTES_HEADER}\n9999-12-31,Leg Curl,Legs,40,kgs,10,,,,\n",
            'Date "9999-12-31" is in the future.',
        ),
        (
            f"{FITNOTES_HEADER}\n0001-01-01,Leg Curl,Legs,40,kgs,10,,,,\n",
            'Date "0001-01-01" is before 1900.',
        ),
    ],
    ids=[
        "strong after tomorrow",
        "strong on the last day",
        "strong before 1900",
        "strong in year 1",
        "hevy start after tomorrow",
        "hevy start in year 1",
        "hevy end on the last day",
        "fitnotes on the last day",
        "fitnotes in year 1",
    ],
)
def test_a_date_in_the_future_or_before_1900_is_refused(text, message):
    (error,) = errors(text, today=TODAY)
    assert (error.line, error.message) == (2, message)


def test_a_workout_may_be_dated_tomorrow_for_a_file_from_a_time_zone_ahead():
    text = strong(
        strong_set(when="1900-01-01 00:00:00,Leg day,1h"),
        strong_set(when="2025-09-16 23:59:59,Leg day,24h"),
    )
    parsed = parse(text, today=TODAY)
    assert [s.date for s in parsed.sessions] == [
        datetime.date(1900, 1, 1),
        datetime.date(2025, 9, 16),
    ]


@pytest.mark.parametrize(
    ("time_", "message"),
    [
        (f"{'9' * 5000}:00", f'Time "{"9" * 5000}:00" is more than 3600 seconds.'),
        (f"1:{'9' * 5000}:00", f'Time "1:{"9" * 5000}:00" is not a time like 0:01:30.'),
    ],
    ids=["minutes past int()", "hours past int()"],
)
def test_a_fitnotes_time_of_thousands_of_digits_is_refused(time_, message):
    row = f"2025-09-15,Plank,Core,,,,,,{time_},"
    assert errors(f"{FITNOTES_HEADER}\n{row}\n") == [RowError(2, message)]


@pytest.mark.parametrize(
    ("column", "label", "limit"),
    [
        ("weight", "Weight", "2204.6 lb"),
        ("reps", "Reps", "1000"),
        ("seconds", "Seconds", "3600 seconds"),
        ("rpe", "RPE", "10"),
    ],
)
@pytest.mark.parametrize("digits", ["9" * 40, "9" * 5000], ids=["past Decimal", "past int()"])
def test_numbers_of_thousands_of_digits_are_refused_over_the_limit(column, label, limit, digits):
    (error,) = errors(strong(strong_set(**{column: digits})))
    assert (error.line, error.message) == (2, f'{label} "{digits}" is more than {limit}.')


def test_a_bad_hevy_start_time_is_refused_with_its_line():
    row = '"Leg day","Monday morning",,,Leg Curl,,,0,normal,40,10,,,'
    (error,) = errors(f"{HEVY_HEADER}\n{row}\n")
    assert error.line == 2
    assert error.message.startswith('Start time "Monday morning" is not a date and time')


# Size -------------------------------------------------------------------------------


def big_strong_file(rows: int) -> str:
    lines = [STRONG_HEADER]
    for i in range(rows):
        # 5,000 days of workouts, all of them in the past.
        day = datetime.date(2000, 1, 1) + datetime.timedelta(days=i // 20)
        lines.append(strong_set(order=str(i % 20 + 1), when=f"{day} 07:48:00,Leg day,1h"))
    return "\n".join(lines) + "\n"


def test_a_file_of_the_largest_size_parses_in_a_few_seconds():
    text = big_strong_file(MAX_ROWS)
    started = time.process_time()  # CPU time: the suite's other workers share the machine
    parsed = parse(text)
    assert time.process_time() - started < 10
    assert (parsed.rows, len(parsed.sessions)) == (MAX_ROWS, MAX_ROWS // 20)


def test_one_row_more_than_the_limit_is_refused_with_advice():
    assert errors(big_strong_file(MAX_ROWS + 1)) == [
        RowError(
            0,
            "This file has more than 100,000 rows, more than one import takes. "
            "Export a shorter period (a year at a time, say) and import each file.",
        )
    ]


def test_the_row_limit_stops_reading_before_later_rows_are_checked():
    text = strong(strong_set(), strong_set(), strong_set(reps="ten"))
    (error,) = errors(text, max_rows=2)
    assert (error.line, error.message.split(",")[0]) == (0, "This file has more than 2 rows")
