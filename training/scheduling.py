"""The schedule's date rules: which days a plan gives, and what to warn about.

Standard library only, and "today" is always an argument, so every rule can be
tested exhaustively without a database or a clock. Dates are calendar days
(`datetime.date`): a time zone or a daylight-saving change never moves them.
"""

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

MAX_PER_WEEK = 3
MAX_WEEKS = 26

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ScheduleWarning:
    """Something a coach would point out about a plan; it never blocks saving."""

    kind: str  # "recovery", "week_max" or "week_target"
    day: date
    message: str

    def __str__(self):
        return self.message


def day_label(day: date, *, year: bool = False) -> str:
    """'Tue 3 Mar' (or 'Tue 3 Mar 2026'), whatever the server's locale."""
    label = f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"
    return f"{label} {day.year}" if year else label


def week_start(day: date) -> date:
    """The Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def a_year_after(today: date) -> date:
    """The latest day a session may be planned: the same day next year (29 Feb → 28 Feb)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def plan_end(start: date, weeks: int) -> date:
    """The last day of a plan of `weeks` seven-day stretches from `start`."""
    return start + timedelta(days=7 * weeks - 1)


def planned_dates(weekdays: Iterable[int], start: date, weeks: int) -> list[date]:
    """Every chosen weekday (Monday = 0) in `weeks` seven-day stretches from `start`.

    Each stretch holds every chosen weekday exactly once, so the plan has
    `weeks × len(weekdays)` sessions, in date order.
    """
    days = set(weekdays)
    if not days or not days <= set(range(7)):
        raise ValueError(f"weekdays must be a non-empty set of 0–6, not {sorted(days)}")
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, not {weeks}")
    return [
        start + timedelta(days=offset)
        for offset in range(7 * weeks)
        if (start + timedelta(days=offset)).weekday() in days
    ]


def whole_weeks(first: date, last: date) -> list[date]:
    """The Mondays of the Monday–Sunday weeks lying wholly between `first` and `last`."""
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    mondays = []
    while monday + timedelta(days=6) <= last:
        mondays.append(monday)
        monday += timedelta(days=7)
    return mondays


def schedule_warnings(
    new_dates: Iterable[date],
    existing_dates: Iterable[date],
    weekly_target: int,
    *,
    target_weeks: Iterable[date] | None = None,
) -> list[ScheduleWarning]:
    """What to tell the user before sessions on `new_dates` join `existing_dates`.

    - a new session within 48 hours of another (the same or the next day);
    - a week (Monday–Sunday) holding a new session and more than 3 in all;
    - a week holding fewer sessions than `weekly_target`. The weeks checked
      are `target_weeks` (any day of each) or, by default, every week holding
      a new session. A new plan passes its whole weeks, so the part-weeks at
      its ends are not held to the target.

    Warnings come in date order, each once.
    """
    new = sorted(new_dates)
    everything = Counter(new) + Counter(existing_dates)
    warnings = []

    for day in sorted(set(new)):
        if everything[day] > 1:
            warnings.append(
                ScheduleWarning(
                    "recovery",
                    day,
                    f"{day_label(day)} holds {everything[day]} sessions: "
                    "hamstrings need about 48 hours to recover.",
                )
            )
    # Hamstrings need about 48 hours to recover: the next day is too soon, two
    # days later is fine. Each pair of consecutive days is reported once.
    pairs = {
        (min(day, other), max(day, other))
        for day in new
        for other in (day - timedelta(days=1), day + timedelta(days=1))
        if everything[other]
    }
    for earlier, later in sorted(pairs):
        warnings.append(
            ScheduleWarning(
                "recovery",
                later,
                f"{day_label(later)} is within 48 hours of {day_label(earlier)}: "
                "hamstrings need about 48 hours to recover.",
            )
        )

    per_week = Counter()
    for day, count in everything.items():
        per_week[week_start(day)] += count
    new_weeks = sorted({week_start(day) for day in new})
    for monday in new_weeks:
        if per_week[monday] > MAX_PER_WEEK:
            warnings.append(
                ScheduleWarning(
                    "week_max",
                    monday,
                    f"The week of {day_label(monday)} holds {per_week[monday]} sessions: "
                    f"more than {MAX_PER_WEEK} a week leaves too little time to recover.",
                )
            )
    checked = new_weeks if target_weeks is None else sorted(set(map(week_start, target_weeks)))
    for monday in checked:
        if per_week[monday] < weekly_target:
            count = per_week[monday]
            warnings.append(
                ScheduleWarning(
                    "week_target",
                    monday,
                    f"The week of {day_label(monday)} holds {count} "
                    f"session{'' if count == 1 else 's'}, "
                    f"fewer than your target of {weekly_target} a week.",
                )
            )
    return sorted(warnings, key=lambda w: w.day)


SHOWN_DAYS = 8
GROUPED = {
    "recovery": "Within 48 hours of another session: {days}. "
    "Hamstrings need about 48 hours to recover.",
    "week_max": "More than " + str(MAX_PER_WEEK) + " sessions in the weeks of {days}: "
    "too little time to recover.",
    "week_target": "Fewer sessions than your target of {target} a week in the weeks of {days}.",
}


def days_text(days: list[date]) -> str:
    """'Mon 2 Mar, Tue 3 Mar and Mon 9 Mar'; past `SHOWN_DAYS`, the rest as a count."""
    labels = [day_label(day) for day in days[:SHOWN_DAYS]]
    if len(days) > SHOWN_DAYS:
        return f"{', '.join(labels)} and {len(days) - SHOWN_DAYS} more"
    if len(labels) == 1:
        return labels[0]
    return f"{', '.join(labels[:-1])} and {labels[-1]}"


def warning_lines(
    warnings: Iterable[ScheduleWarning], *, weekly_target: int
) -> list[ScheduleWarning]:
    """One line per kind of warning, naming its days, in the order the kinds first occur.

    A plan of Mondays and Tuesdays draws a 48-hour warning every week; the user is
    told once, with the days. A kind met on one day only keeps its own messages.
    """
    by_kind: dict[str, list[ScheduleWarning]] = {}
    for warning in warnings:
        by_kind.setdefault(warning.kind, []).append(warning)
    lines = []
    for kind, group in by_kind.items():
        days = sorted({warning.day for warning in group})
        if len(days) == 1 or kind not in GROUPED:
            lines.extend(group)
            continue
        message = GROUPED[kind].format(days=days_text(days), target=weekly_target)
        lines.append(ScheduleWarning(kind, days[0], message))
    return lines


def warnings_digest(warnings: Iterable[ScheduleWarning]) -> str:
    """A short fingerprint of the warnings a user has seen and chosen to accept.

    "Save anyway" sends it back: if the plan changed and the warnings with it,
    the digests differ and the new warnings are shown first.
    """
    text = "\n".join(w.message for w in warnings)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
