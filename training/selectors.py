"""Read-only queries of the training log, each a fixed number of SQL queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q, Subquery
from django.db.models.functions import TruncWeek

from training.models import LoggedSet, Session


def last_time(session: Session, exercise_ids) -> dict[int, list[LoggedSet]]:
    """The sets of each exercise's most recent other finished session, by exercise id.

    One query whatever the size of the log, and the same query for a new user:
    per exercise, its latest session is an uncorrelated subquery (evaluated once,
    on the (exercise, session) index), and the sets are those of that session.
    """
    exercise_ids = sorted(set(exercise_ids))
    if not exercise_ids:
        return {}
    result: dict[int, list[LoggedSet]] = {}
    for logged in (
        LoggedSet.objects.filter(last_time_condition(session, exercise_ids))
        .select_related("session", "band")
        .order_by("set_number", "pk")
    ):
        result.setdefault(logged.exercise_id, []).append(logged)
    return result


def last_time_condition(session: Session, exercise_ids) -> Q:
    """The filter on logged sets that `last_time` runs: for each exercise, the sets of its
    most recent other finished session (for a query that reads them beside other sets)."""
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
