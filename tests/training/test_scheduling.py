"""The schedule's date rules, without a database or a clock."""

import ast
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from training import scheduling
from training.scheduling import (
    a_year_after,
    day_label,
    plan_end,
    planned_dates,
    schedule_warnings,
    warnings_digest,
    week_start,
    whole_weeks,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def too_soon(later, earlier):
    return f"{later} is within 48 hours of {earlier}: hamstrings need about 48 hours to recover."


def kinds(warnings):
    return [w.kind for w in warnings]


def messages(warnings):
    return [w.message for w in warnings]


# planned_dates ------------------------------------------------------------------


def test_monday_and_thursday_cross_a_month_boundary_on_the_right_days():
    assert planned_dates([MON, THU], date(2026, 2, 23), 2) == [
        date(2026, 2, 23),
        date(2026, 2, 26),
        date(2026, 3, 2),
        date(2026, 3, 5),
    ]


def test_monday_and_thursday_keep_their_days_across_the_clocks_going_forward():
    # Europe/London moves to summer time on Sunday 29 March 2026: calendar
    # days are not instants, so nothing shifts.
    dates = planned_dates([MON, THU], date(2026, 3, 23), 3)

    assert dates == [
        date(2026, 3, 23),
        date(2026, 3, 26),
        date(2026, 3, 30),
        date(2026, 4, 2),
        date(2026, 4, 6),
        date(2026, 4, 9),
    ]
    assert {d.weekday() for d in dates} == {MON, THU}


def test_monday_and_thursday_keep_their_days_across_the_clocks_going_back():
    # ... and back to winter time on Sunday 25 October 2026.
    dates = planned_dates([MON, THU], date(2026, 10, 19), 2)

    assert dates == [date(2026, 10, 19), date(2026, 10, 22), date(2026, 10, 26), date(2026, 10, 29)]


@pytest.mark.parametrize(
    ("weekdays", "start", "weeks", "expected"),
    [
        # Starting mid-week: the first Monday comes after the first Thursday.
        ([MON, THU], date(2026, 3, 25), 1, [date(2026, 3, 26), date(2026, 3, 30)]),
        ([SUN], date(2026, 12, 27), 2, [date(2026, 12, 27), date(2027, 1, 3)]),
        ([WED], date(2028, 2, 23), 2, [date(2028, 2, 23), date(2028, 3, 1)]),  # leap year
        ([SAT, MON], date(2026, 3, 2), 1, [date(2026, 3, 2), date(2026, 3, 7)]),
    ],
)
def test_planned_dates_table(weekdays, start, weeks, expected):
    assert planned_dates(weekdays, start, weeks) == expected


@pytest.mark.parametrize(
    ("weekdays", "weeks"), [([], 2), ([7], 2), ([-1], 2), ([MON], 0), ([MON], -3)]
)
def test_planned_dates_refuses_impossible_plans(weekdays, weeks):
    with pytest.raises(ValueError):
        planned_dates(weekdays, date(2026, 3, 2), weeks)


starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))
weekday_sets = st.sets(st.integers(0, 6), min_size=1)


@given(weekdays=weekday_sets, start=starts, weeks=st.integers(1, 26))
def test_a_plan_holds_each_chosen_weekday_once_a_week(weekdays, start, weeks):
    dates = planned_dates(weekdays, start, weeks)

    assert len(dates) == weeks * len(weekdays)
    assert dates == sorted(set(dates))
    assert {d.weekday() for d in dates} == weekdays
    assert start <= dates[0] and dates[-1] <= plan_end(start, weeks)
    assert dates[0] - start < timedelta(days=7)


# schedule_warnings ---------------------------------------------------------------


def test_monday_and_tuesday_warn_about_48_hours():
    dates = planned_dates([MON, TUE], date(2026, 3, 2), 1)

    warnings = schedule_warnings(dates, [], 2)

    assert messages(warnings) == [too_soon("Tue 3 Mar", "Mon 2 Mar")]


def test_four_days_a_week_warn_about_the_weekly_maximum():
    dates = planned_dates([MON, WED, FRI, SUN], date(2026, 3, 2), 1)

    warnings = schedule_warnings(dates, [], 2)

    assert messages(warnings) == [
        "The week of Mon 2 Mar holds 4 sessions: "
        "more than 3 a week leaves too little time to recover."
    ]


def test_four_days_a_week_warn_every_week_and_sunday_to_monday_is_too_soon():
    dates = planned_dates([MON, WED, FRI, SUN], date(2026, 3, 2), 2)

    warnings = schedule_warnings(dates, [], 2)

    assert [(w.kind, w.day) for w in warnings] == [
        ("week_max", date(2026, 3, 2)),
        ("recovery", date(2026, 3, 9)),
        ("week_max", date(2026, 3, 9)),
    ]


def test_monday_and_thursday_meet_a_target_of_two_without_warnings():
    dates = planned_dates([MON, THU], date(2026, 3, 2), 8)

    assert schedule_warnings(dates, [], 2) == []


def test_one_day_a_week_warns_about_a_target_of_two_each_week():
    dates = planned_dates([WED], date(2026, 3, 2), 2)

    warnings = schedule_warnings(dates, [], 2)

    assert messages(warnings) == [
        "The week of Mon 2 Mar holds 1 session, fewer than your target of 2 a week.",
        "The week of Mon 9 Mar holds 1 session, fewer than your target of 2 a week.",
    ]


@pytest.mark.parametrize(
    ("new", "existing", "target", "expected"),
    [
        # Two days apart is enough rest.
        ([date(2026, 3, 4)], [date(2026, 3, 2)], 1, []),
        # The day before and the day after another session.
        (
            [date(2026, 3, 3)],
            [date(2026, 3, 2)],
            1,
            [too_soon("Tue 3 Mar", "Mon 2 Mar")],
        ),
        (
            [date(2026, 3, 1)],
            [date(2026, 3, 2)],
            1,
            [too_soon("Mon 2 Mar", "Sun 1 Mar")],
        ),
        # The same day as another session.
        (
            [date(2026, 3, 2)],
            [date(2026, 3, 2)],
            1,
            ["Mon 2 Mar holds 2 sessions: hamstrings need about 48 hours to recover."],
        ),
        # Across a month boundary.
        (
            [date(2026, 4, 1)],
            [date(2026, 3, 31)],
            1,
            [too_soon("Wed 1 Apr", "Tue 31 Mar")],
        ),
        # Existing sessions next to each other are not the new plan's business.
        ([date(2026, 3, 6)], [date(2026, 3, 2), date(2026, 3, 3)], 1, []),
        # Existing sessions count towards the week's maximum.
        (
            [date(2026, 3, 8)],
            [date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 6)],
            1,
            [
                "The week of Mon 2 Mar holds 4 sessions: "
                "more than 3 a week leaves too little time to recover."
            ],
        ),
        # ... and towards the target.
        ([date(2026, 3, 5)], [date(2026, 3, 2)], 2, []),
        (
            [date(2026, 3, 5)],
            [date(2026, 3, 2)],
            3,
            ["The week of Mon 2 Mar holds 2 sessions, fewer than your target of 3 a week."],
        ),
        # A session in the next week does not count for this one.
        (
            [date(2026, 3, 2)],
            [date(2026, 3, 9)],
            2,
            ["The week of Mon 2 Mar holds 1 session, fewer than your target of 2 a week."],
        ),
    ],
)
def test_schedule_warnings_table(new, existing, target, expected):
    assert messages(schedule_warnings(new, existing, target)) == expected


def test_a_pair_of_new_consecutive_days_is_reported_once():
    warnings = schedule_warnings([date(2026, 3, 2), date(2026, 3, 3)], [], 1)

    assert kinds(warnings) == ["recovery"]


def test_a_day_between_two_sessions_is_reported_against_both():
    warnings = schedule_warnings([date(2026, 3, 3)], [date(2026, 3, 2), date(2026, 3, 4)], 1)

    assert messages(warnings) == [
        "Tue 3 Mar is within 48 hours of Mon 2 Mar: hamstrings need about 48 hours to recover.",
        "Wed 4 Mar is within 48 hours of Tue 3 Mar: hamstrings need about 48 hours to recover.",
    ]


def test_target_weeks_choose_the_weeks_held_to_the_target():
    new = [date(2026, 3, 5)]  # a Thursday: its week is not checked below

    assert schedule_warnings(new, [], 2, target_weeks=[]) == []
    assert messages(schedule_warnings(new, [], 2, target_weeks=[date(2026, 3, 11)])) == [
        "The week of Mon 9 Mar holds 0 sessions, fewer than your target of 2 a week."
    ]


def test_warnings_come_in_date_order():
    new = [date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 2)]

    warnings = schedule_warnings(new, [], 2)

    assert [w.day for w in warnings] == sorted(w.day for w in warnings)
    assert kinds(warnings) == ["week_target", "recovery"]


@given(
    new=st.lists(starts, min_size=1, max_size=20),
    existing=st.lists(starts, max_size=20),
    target=st.integers(1, 3),
)
def test_every_warning_is_readable_and_about_a_new_sessions_week(new, existing, target):
    warnings = schedule_warnings(new, existing, target)

    new_weeks = {week_start(d) for d in new}
    for warning in warnings:
        assert warning.message.endswith(".")
        assert str(warning) == warning.message
        assert week_start(warning.day) in new_weeks or warning.day - timedelta(days=1) in new
    assert len(set(warnings)) == len(warnings)


@given(weekdays=weekday_sets, start=starts, weeks=st.integers(1, 26), target=st.integers(1, 3))
def test_a_plans_warnings_follow_from_its_weekdays(weekdays, start, weeks, target):
    dates = planned_dates(weekdays, start, weeks)
    adjacent = any(b - a == timedelta(days=1) for a, b in zip(dates, dates[1:], strict=False))
    consecutive_weekdays = any((day + 1) % 7 in weekdays for day in weekdays)

    found = kinds(schedule_warnings(dates, [], target))

    assert ("recovery" in found) == adjacent
    if weeks >= 2:
        # Two weeks hold every pair of chosen days side by side.
        assert adjacent == consecutive_weekdays
    if len(weekdays) <= 3:
        assert "week_max" not in found
    elif weeks >= 2:
        # Two seven-day stretches hold a whole Monday-to-Sunday week.
        assert "week_max" in found
    whole = whole_weeks(start, plan_end(start, weeks))
    held = kinds(schedule_warnings(dates, [], target, target_weeks=whole))
    assert ("week_target" in held) == (len(weekdays) < target and bool(whole))


def test_the_digest_changes_with_the_warnings_and_only_with_them():
    mon_tue = schedule_warnings([date(2026, 3, 2), date(2026, 3, 3)], [], 1)
    again = schedule_warnings([date(2026, 3, 2), date(2026, 3, 3)], [], 1)
    tue_wed = schedule_warnings([date(2026, 3, 3), date(2026, 3, 4)], [], 1)

    assert warnings_digest(mon_tue) == warnings_digest(again)
    assert warnings_digest(mon_tue) != warnings_digest(tue_wed)


# Small helpers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "mondays"),
    [
        (date(2026, 3, 2), date(2026, 3, 15), [date(2026, 3, 2), date(2026, 3, 9)]),
        (date(2026, 3, 4), date(2026, 3, 17), [date(2026, 3, 9)]),
        (date(2026, 3, 4), date(2026, 3, 10), []),
        (date(2026, 3, 2), date(2026, 3, 8), [date(2026, 3, 2)]),
    ],
)
def test_whole_weeks_are_the_monday_to_sunday_weeks_inside(first, last, mondays):
    assert whole_weeks(first, last) == mondays


@pytest.mark.parametrize(
    ("today", "limit"),
    [
        (date(2026, 11, 20), date(2027, 11, 20)),
        (date(2028, 2, 29), date(2029, 2, 28)),
        (date(2026, 12, 31), date(2027, 12, 31)),
    ],
)
def test_a_year_after_is_the_same_day_next_year(today, limit):
    assert a_year_after(today) == limit


def test_day_labels_are_english_whatever_the_locale():
    assert day_label(date(2026, 3, 3)) == "Tue 3 Mar"
    assert day_label(date(2026, 3, 3), year=True) == "Tue 3 Mar 2026"


def test_the_rules_module_imports_the_standard_library_only():
    tree = ast.parse(Path(scheduling.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}

    assert imported <= sys.stdlib_module_names


def test_warning_lines_name_each_kind_once_with_its_days():
    plan = planned_dates([MON, TUE], date(2026, 3, 23), 3)
    warnings = schedule_warnings(plan, [], 3)
    assert len(warnings) == 6

    lines = scheduling.warning_lines(warnings, weekly_target=3)

    assert [line.message for line in lines] == [
        "Fewer sessions than your target of 3 a week in the weeks of "
        "Mon 23 Mar, Mon 30 Mar and Mon 6 Apr.",
        "Within 48 hours of another session: Tue 24 Mar, Tue 31 Mar and Tue 7 Apr. "
        "Hamstrings need about 48 hours to recover.",
    ]


def test_a_kind_met_on_one_day_keeps_its_own_messages():
    # A session added to a Tuesday that holds one, after a Monday session.
    warnings = schedule_warnings([date(2026, 3, 24)], [date(2026, 3, 23), date(2026, 3, 24)], 2)

    lines = scheduling.warning_lines(warnings, weekly_target=2)

    assert lines == warnings
    assert "Tue 24 Mar holds 2 sessions" in lines[0].message


@given(
    weekdays=st.sets(st.integers(0, 6), min_size=1),
    weeks=st.integers(1, 26),
    target=st.integers(1, 3),
)
def test_warning_lines_are_one_per_kind_or_each_warning_of_a_one_day_kind(weekdays, weeks, target):
    warnings = schedule_warnings(planned_dates(weekdays, date(2026, 3, 23), weeks), [], target)

    lines = scheduling.warning_lines(warnings, weekly_target=target)

    kinds = {w.kind for w in warnings}
    assert {line.kind for line in lines} == kinds
    for kind in kinds:
        of_kind = [w for w in warnings if w.kind == kind]
        shown = [line for line in lines if line.kind == kind]
        assert len(shown) == (len(of_kind) if len({w.day for w in of_kind}) == 1 else 1)
