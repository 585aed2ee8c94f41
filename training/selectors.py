"""Read-only queries of the training log, each a fixed number of SQL queries."""

from django.db.models import OuterRef, Q, Subquery

from exercises.models import Exercise
from training.models import LoggedSet, Session


def last_time(session: Session, exercise_ids) -> dict[int, list[LoggedSet]]:
    """The sets of each exercise's most recent other finished session, by exercise id.

    Two queries whatever the size of the log: the latest session per exercise
    (a correlated subquery on the (exercise, session) index), then its sets.
    """
    latest = (
        Session.objects.filter(
            user_id=session.user_id, status=Session.Status.DONE, sets__exercise=OuterRef("pk")
        )
        .exclude(pk=session.pk)
        .order_by("-date", "-pk")
        .values("pk")[:1]
    )
    pairs = [
        (exercise_id, session_id)
        for exercise_id, session_id in Exercise.objects.filter(pk__in=list(exercise_ids))
        .annotate(last_session=Subquery(latest))
        .values_list("pk", "last_session")
        if session_id is not None
    ]
    if not pairs:
        return {}
    condition = Q()
    for exercise_id, session_id in pairs:
        condition |= Q(exercise_id=exercise_id, session_id=session_id)
    result: dict[int, list[LoggedSet]] = {}
    for logged in (
        LoggedSet.objects.filter(condition)
        .select_related("session", "band")
        .order_by("set_number", "pk")
    ):
        result.setdefault(logged.exercise_id, []).append(logged)
    return result
