"""Read-only queries of the training log, each a fixed number of SQL queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import TruncWeek

from exercises.models import Exercise
from training.models import LoggedSet, Session


def last_time(session: Session, exercise_ids) -> dict[int, list[LoggedSet]]:
    """The sets of each exercise's most recent other finished session, by exercise id.

    One query whatever the size of the log, and the same query for a new user. Each
    exercise's latest session is a subquery correlated to the exercise's row: one
    subquery to build and plan however many exercises there are, run once per exercise
    on the (exercise, session) index. The sets read are those of the exercises in these
    sessions (a session can be one exercise's latest and hold an older time of
    another: at most one session per exercise, so a bounded few rows), and each
    exercise keeps those of its own latest session, the newest it was found in.
    """
    exercise_ids = sorted(set(exercise_ids))
    if not exercise_ids:
        return {}
    done = Session.objects.filter(user_id=session.user_id, status=Session.Status.DONE).exclude(
        pk=session.pk
    )
    latest = done.filter(sets__exercise_id=OuterRef("pk")).order_by("-date", "-pk").values("pk")
    sessions = (
        Exercise.objects.filter(pk__in=exercise_ids)
        .annotate(latest=Subquery(latest[:1]))
        .values("latest")
    )
    rows = list(
        LoggedSet.objects.filter(exercise_id__in=exercise_ids, session_id__in=sessions)
        .select_related("session", "band")
        .order_by("set_number", "pk")
    )
    newest: dict[int, tuple] = {}
    for logged in rows:
        found = (logged.session.date, logged.session_id)
        newest[logged.exercise_id] = max(newest.get(logged.exercise_id, found), found)
    result: dict[int, list[LoggedSet]] = {}
    for logged in rows:
        if newest[logged.exercise_id][1] == logged.session_id:
            result.setdefault(logged.exercise_id, []).append(logged)
    return result


def last_time_condition(session: Session, exercise_ids) -> Q:
    """A filter on logged sets: for each exercise, the sets of its most recent other
    finished session, one uncorrelated subquery each (for a query that reads one
    exercise's last time beside other sets, as a card alone does)."""
    done = Session.objects.filter(user_id=session.user_id, status=Session.Status.DONE).exclude(
        pk=session.pk
    )
    condition = Q()
    for exercise_id in sorted(set(exercise_ids)):
        latest = done.filter(sets__exercise_id=exercise_id).order_by("-date", "-pk").values("pk")
        condition |= Q(exercise_id=exercise_id, session_id=Subquery(latest[:1]))
    return condition


@dataclass(frozen=True)
class Week:
    done: int  # finished sessions
    last: datetime.date  # the date of the last of them


def done_by_week(user, first: datetime.date, last: datetime.date) -> dict[datetime.date, Week]:
    """Finished sessions from `first` to `last`, by the Monday of their week (one query).

    Weeks without any are absent: callers fill in the zeros over their own range.
    """
    rows = (
        Session.objects.for_user(user)
        .filter(status=Session.Status.DONE, date__gte=first, date__lte=last)
        .annotate(week=TruncWeek("date"))
        .values("week")
        .annotate(done=Count("pk"), last=Max("date"))
        .order_by()
    )
    return {row["week"]: Week(done=row["done"], last=row["last"]) for row in rows}
