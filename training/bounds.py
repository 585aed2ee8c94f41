"""The dates and times Hamstrong holds: ones every part of the stack can hand back.

PostgreSQL stores a time from 4713 BC, but Python reads none before year 1, so
`0001-01-01T00:00:00+14:00` (year 0 in UTC) is written and then breaks every
page that reads it back; a day of 9999-12-31 has no next day, so a calendar
breaks on it. Every door (the forms, the import, the restore, the admin through
the models' validators) checks against these bounds, and `manage.py
check_bounds` finds rows from before they were enforced.

- A day (a session's date, a plan's first day) is from 1900-01-01 to a year
  after today: a log holds no year before 1900 but a typo's, and sessions are
  planned up to a year ahead.
- A moment (a session's start or finish) is from 1900-01-01 00:00 UTC to a day
  after now: it is a time something was done, with a day's grace for a clock
  or a time zone ahead.
- Any other day the app keeps (a goal's deadline, a record's date) is from
  1900 to the end of 2999, the calendar's own range.

Standard library only: the import's parser, which loads no Django, uses it too.
"""

import datetime

EARLIEST = datetime.date(1900, 1, 1)
EARLIEST_MOMENT = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
LAST_DAY = datetime.date(2999, 12, 31)
MOMENT_GRACE = datetime.timedelta(days=1)


def a_year_after(today: datetime.date) -> datetime.date:
    """The latest day a session may be planned: the same day next year (29 Feb → 28 Feb)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def latest_day(today: datetime.date) -> datetime.date:
    return a_year_after(today)


def latest_moment(now: datetime.datetime) -> datetime.datetime:
    return now + MOMENT_GRACE


def day_problem(day: datetime.date, *, today: datetime.date) -> str | None:
    """Why a session's day cannot be kept, or None: '… is after 3 Dec 2027, a year ahead.'"""
    if day < EARLIEST:
        return f"{day.isoformat()} is before {EARLIEST.year}: no date before {EARLIEST.year}."
    latest = latest_day(today)
    if day > latest:
        return (
            f"{day.isoformat()} is more than a year ahead: choose {latest.isoformat()} or earlier."
        )
    return None


def moment_problem(moment: datetime.datetime, *, now: datetime.datetime) -> str | None:
    """Why a start or finish time cannot be kept, or None (`moment` and `now` aware)."""
    if moment < EARLIEST_MOMENT:
        return f"{moment.isoformat()} is before {EARLIEST.year}: no time before {EARLIEST.year}."
    if moment > latest_moment(now):
        return f"{moment.isoformat()} is in the future: a session's times are times it was done."
    return None


def any_day_problem(day: datetime.date) -> str | None:
    """Why any other day (a deadline, a record's date) cannot be kept, or None."""
    if not EARLIEST <= day <= LAST_DAY:
        return f"{day.isoformat()} is not between {EARLIEST.year} and {LAST_DAY.year}."
    return None
