"""All exercises: finished sessions per week, and the exercises the user reached."""

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from progress.charts.chart import BAND, BAR, TARGET, WEEK, Axis, Chart, Series
from progress.charts.exercise import CHARTED_STATUSES
from progress.models import ProgressionEvent, ProgressionState
from training.models import LoggedSet, Session
from training.scheduling import week_start
from training.selectors import done_by_week

# The 2–3 sessions a week that let hamstrings recover for about 48 hours between.
WEEKLY_BAND = (2, 3)
WEEK_CHOICES = (12, 26, 52)
WORKING_KINDS = [kind for kind in LoggedSet.Kind if kind != LoggedSet.Kind.WARMUP]


def weeks_choice(value: str | None) -> int:
    """The number of weeks named by ?weeks= (12, 26 or 52); anything else is 12."""
    try:
        weeks = int(value or "")
    except ValueError:
        return WEEK_CHOICES[0]
    return weeks if weeks in WEEK_CHOICES else WEEK_CHOICES[0]


def weekly_sessions(user, *, weeks: int, today: datetime.date) -> Chart:
    """Finished sessions per ISO week, the last `weeks` weeks to this one (one query).

    Weeks with none are filled in as zeros; the 2–3 band is drawn, and the
    user's own target where it falls outside it.
    """
    this_monday = week_start(today)
    mondays = [this_monday - datetime.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    by_week = done_by_week(user, mondays[0], today)
    done = [by_week[monday].done if monday in by_week else 0 for monday in mondays]
    low, high = WEEKLY_BAND
    target = user.weekly_target
    series = [
        Series("Sessions", done, style=BAR),
        Series(f"At least {low} a week", [low] * weeks, style=TARGET),
        Series(f"At most {high} a week", [high] * weeks, style=BAND),
    ]
    if target not in WEEKLY_BAND:
        series.append(Series(f"Your target: {target} a week", [target] * weeks, style=TARGET))
    in_band = sum(1 for n in done if low <= n <= high)
    met = sum(1 for n in done if n >= target)
    return Chart(
        id="chart-weekly",
        title=f"Finished sessions, the last {weeks} weeks",
        summary=f"Finished sessions per week, the last {weeks} weeks: {sum(done)} in all. "
        f"{in_band} of {weeks} weeks had {low} to {high} sessions; "
        f"{met} met your target of {target}.",
        labels=mondays,
        series=series,
        y=Axis("sessions", integer=True, max=max(4, *done)),
        type=BAR,
        row_header="Week of",
        per=WEEK,
    )


@dataclass(frozen=True)
class Reached:
    """A step on the user's way: an exercise started, or moved on to."""

    date: datetime.date
    text: str
    slug: str


def exercises_reached(user, *, limit: int = 12) -> list[Reached]:
    """The latest exercises the user started and moved on to, newest first (two queries).

    An exercise is started on the first day it was logged. The exercises are the
    user's progression states (one per exercise trained); for each, the first day
    is its earliest session holding a working set of it, found by walking the
    user's sessions in date order on their index and stopping at the first match,
    so the cost does not grow with the log.
    """
    first_day = (
        Session.objects.filter(
            user=user,
            status__in=CHARTED_STATUSES,
            sets__exercise_id=OuterRef("exercise_id"),
            sets__kind__in=WORKING_KINDS,
        )
        .order_by("date")
        .values("date")[:1]
    )
    started = (
        ProgressionState.objects.filter(user=user)
        .annotate(first=Subquery(first_day))
        .filter(first__isnull=False)
        .values("exercise__slug", "exercise__name", "first")
        .order_by("-first", "exercise__name")[:limit]
    )
    moves = (
        ProgressionEvent.objects.for_user(user)
        .filter(kind=ProgressionEvent.Kind.MOVED_ON)
        .select_related("exercise")
        .order_by("-date", "-pk")[:limit]
    )
    steps = [
        Reached(row["first"], f"Started {row['exercise__name']}", row["exercise__slug"])
        for row in started
    ]
    steps += [
        Reached(
            event.date,
            f"Moved on from {event.exercise.name} to {event.after_text}",
            event.after.get("exercise") or event.exercise.slug,
        )
        for event in moves
    ]
    return sorted(steps, key=lambda step: step.date, reverse=True)[:limit]
