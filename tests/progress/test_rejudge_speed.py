"""Re-judging five years after a session is logged into them: under a second on PostgreSQL.

A session of every exercise the user has a stage on (three sets each, as they last did
them) is logged for a past day and finished; finishing judges the user's history of
those exercises from that day on (`progress.services.progression_judge`). Three days:
three days before the last session (between two others), the middle of the history,
and the day before the first session (everything judged again). The five-year history
is the query budgets' one (tests/history.py), built once and rolled back.
"""

import datetime
import time
import uuid

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from logbook import services as logbook
from progress.models import ProgressionEvent, ProgressionState
from tests.factories import UserFactory
from tests.history import make_history
from training.analyze import analyze
from training.models import LoggedSet, Session

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the figure asked for is PostgreSQL's"
    ),
]
LIMIT_S = 1.0


@pytest.fixture(scope="module")
def five_years(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        user = UserFactory()
        make_history(user, years=5, today=timezone.localdate())
        analyze([Session, LoggedSet, ProgressionEvent, ProgressionState])
        done = Session.objects.filter(user=user, status=Session.Status.DONE)
        yield user, done.earliest("date").date, done.latest("date").date
        transaction.set_rollback(True)


def backfill(user, day) -> Session:
    session = Session.objects.create(user=user, date=day, status=Session.Status.IN_PROGRESS)
    for state in ProgressionState.objects.filter(user=user).select_related("exercise"):
        last = LoggedSet.objects.working().filter(session__user=user, exercise=state.exercise)
        last = last.order_by("-session__date", "-pk").first()
        LoggedSet.objects.bulk_create(
            LoggedSet(session=session, exercise=state.exercise, set_number=number,
                      side=last.side, reps=last.reps, load_kg=last.load_kg, hold_s=last.hold_s,
                      band=last.band, token=uuid.uuid4())
            for number in (1, 2, 3)
        )  # fmt: skip
    return session


@pytest.mark.parametrize("where", ["three days before the last", "mid-history", "before the first"])
def test_a_session_logged_into_five_years_is_judged_again_in_under_a_second(five_years, where):
    user, first, last = five_years
    day = {
        "three days before the last": last - datetime.timedelta(days=3),
        "mid-history": first + (last - first) / 2,
        "before the first": first - datetime.timedelta(days=1),
    }[where]
    later = ProgressionEvent.objects.filter(user=user, date__gte=day).count()
    with transaction.atomic():
        session = backfill(user, day)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            logbook.session_finish(session=session, effort=6, notes="", cooldown_done=False)
            took = time.perf_counter() - started
        judged = ProgressionEvent.objects.filter(user=user, date__gte=day).count()
        transaction.set_rollback(True)
    assert judged > later  # the backfilled session's own events, and every later one again
    assert took < LIMIT_S, f"{took * 1000:.0f} ms in {len(queries)} queries ({judged:,} events)"
