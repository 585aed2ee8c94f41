"""Writes to the schedule: plans, ad-hoc sessions, moves, skips, the feed's token.

The date rules themselves live in `training.scheduling` (pure, no Django);
these functions load what the rules need, check the rules that span rows,
and save.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from training import scheduling
from training.models import CalendarFeed, Routine, Schedule, Session, new_feed_token

# Set by an import only: sessions planned or changed here never need their check.
IMPORT_FIELDS = ["imported_from", "import_key"]
# A move or a skip leaves these as they were: full_clean() need not look them up.
UNCHANGED_KEYS = ["user", "routine", "schedule", *IMPORT_FIELDS]
# Sessions that count towards a week's load: a skipped one does not.
COUNTED_STATUSES = (Session.Status.PLANNED, Session.Status.IN_PROGRESS, Session.Status.DONE)


def planning_warnings(
    *,
    user: User,
    dates: Iterable[date],
    exclude: Session | None = None,
    target_weeks: Iterable[date] | None = None,
) -> list[scheduling.ScheduleWarning]:
    """The warnings for new sessions on `dates`, against the user's other sessions.

    One query: the user's counted sessions in the weeks concerned (and the
    day either side, for the 48-hour rule). `exclude` is a session being
    moved, so it is not compared with itself.
    """
    dates = list(dates)
    if not dates:
        return []
    target_weeks = None if target_weeks is None else list(target_weeks)
    span = dates + (target_weeks or [])
    first = scheduling.week_start(min(span)) - timedelta(days=1)
    last = scheduling.week_start(max(span)) + timedelta(days=7)
    existing = Session.objects.for_user(user).filter(status__in=COUNTED_STATUSES)
    if exclude is not None:
        existing = existing.exclude(pk=exclude.pk)
    return scheduling.schedule_warnings(
        dates,
        existing.between(first, last).values_list("date", flat=True),
        user.weekly_target,
        target_weeks=target_weeks,
    )


def schedule_create_warnings(
    *, user: User, dates: list[date], start_date: date, weeks: int
) -> list[scheduling.ScheduleWarning]:
    """A new plan's warnings. Only its whole weeks are held to the weekly target:
    a plan starting on a Thursday is not blamed for the Monday before it."""
    end = scheduling.plan_end(start_date, weeks)
    return planning_warnings(
        user=user, dates=dates, target_weeks=scheduling.whole_weeks(start_date, end)
    )


def session_add_warnings(*, user: User, day: date) -> list[scheduling.ScheduleWarning]:
    """An added session can only help a week reach the target: that is not checked."""
    return planning_warnings(user=user, dates=[day], target_weeks=[])


def session_move_warnings(
    *, user: User, session: Session, day: date, today: date
) -> list[scheduling.ScheduleWarning]:
    """A move's warnings about the new day, and about the week it leaves if that
    week has not ended yet: the move may leave it short of the target."""
    left = scheduling.week_start(session.date)
    leaves_week = scheduling.week_start(day) != left
    still_open = left + timedelta(days=6) >= today
    return planning_warnings(
        user=user,
        dates=[day],
        exclude=session,
        target_weeks=[left] if leaves_week and still_open else [],
    )


def _check_routine(user: User, routine: Routine | None) -> None:
    if routine is not None and routine.owner_id not in (None, user.pk):
        raise ValidationError({"routine": "Choose one of your routines or a shipped template."})


def _check_horizon(day: date, today: date, field: str) -> None:
    limit = scheduling.a_year_after(today)
    if day > limit:
        raise ValidationError(
            {
                field: "Sessions can be planned up to a year ahead, "
                f"until {scheduling.day_label(limit, year=True)}."
            }
        )


def schedule_create(
    *,
    user: User,
    routine: Routine,
    weekdays: Iterable[int],
    start_date: date,
    weeks: int,
    today: date | None = None,
) -> Schedule:
    """Save a plan and its planned sessions, all or nothing.

    Refuses a routine the user cannot read and any session more than a year
    ahead of `today` (default: today in the site's time zone).
    """
    today = today or timezone.localdate()
    weekdays = sorted(set(weekdays))
    _check_routine(user, routine)
    schedule = Schedule(
        user=user,
        routine=routine,
        weekdays="".join(str(d) for d in weekdays),
        start_date=start_date,
        weeks=weeks,
    )
    schedule.full_clean()
    try:
        dates = scheduling.planned_dates(weekdays, start_date, weeks)
    except ValueError as error:
        raise ValidationError({"weekdays": str(error)}) from error
    _check_horizon(dates[-1], today, "weeks")
    with transaction.atomic():
        schedule.save()
        # The schedule was validated above and the dates come from it: one
        # INSERT for the lot, rather than a full_clean() and a save() each.
        Session.objects.bulk_create(
            Session(user=user, routine=routine, schedule=schedule, date=day) for day in dates
        )
    return schedule


def session_add(
    *, user: User, routine: Routine | None, day: date, today: date | None = None
) -> Session:
    """Plan a one-off session, with or without a routine."""
    _check_routine(user, routine)
    _check_horizon(day, today or timezone.localdate(), "date")
    session = Session(user=user, routine=routine, date=day)
    session.full_clean(exclude=IMPORT_FIELDS)
    session.save()
    return session


def session_add_past(*, user: User, routine: Routine | None, day: date) -> Session:
    """Open a workout done on a past day (or today), to log on the session page.

    It is in progress on its own day; finishing it judges the history from
    that day on, as if it had been logged on time."""
    _check_routine(user, routine)
    session = Session(user=user, routine=routine, date=day, status=Session.Status.IN_PROGRESS)
    session.full_clean(exclude=IMPORT_FIELDS)
    session.save()
    return session


def session_move(*, session: Session, day: date, today: date | None = None) -> Session:
    """Move a planned (or missed) session to another day."""
    if session.status != Session.Status.PLANNED:
        raise ValidationError("Only a planned session can be moved.")
    _check_horizon(day, today or timezone.localdate(), "date")
    session.date = day
    session.full_clean(exclude=UNCHANGED_KEYS)
    session.save(update_fields=["date"])
    return session


def session_skip(*, session: Session) -> Session:
    """Mark a planned (or missed) session as skipped."""
    if session.status != Session.Status.PLANNED:
        raise ValidationError("Only a planned session can be skipped.")
    session.status = Session.Status.SKIPPED
    session.full_clean(exclude=UNCHANGED_KEYS)
    session.save(update_fields=["status"])
    return session


def calendar_feed_get_or_create(*, user: User) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """Give the feed a new secret address: the old one stops working at once."""
    feed = calendar_feed_get_or_create(user=user)
    feed.token = new_feed_token()
    feed.full_clean()
    feed.save(update_fields=["token"])
    return feed
