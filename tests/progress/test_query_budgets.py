"""Query budgets: one session's pages cost the same SQL after five years as in week one.

Three users walk the same path through one session of the same four-exercise
routine (see tests/history.py): a new user, one with a week of history and
one with five years (about 650 sessions, 6,400 sets, 2,600 progression
events). Every request's queries are counted with CaptureQueriesContext.
"""

import uuid

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exercises.models import BandColour
from progress.models import ProgressionEvent, ProgressionState
from tests.factories import UserFactory
from tests.history import history_exercises, make_history
from training.models import LoggedSet, Session

pytestmark = pytest.mark.django_db

ONE_WEEK = 7 / 365.25

# The most each request may cost, measured at five years (SQLite and PostgreSQL
# alike; savepoints count, as the test runs inside a transaction). Every page
# starts with the login session and the user (2).
BUDGETS = {
    # next session, its routine's entries, band colours, progression states, load steps;
    # this week's sessions by status, open goals (none here: see test_goal_budgets.py),
    # recent records, recent progression changes.
    "dashboard": 11,
    # the session, entries, today's sets, bands, states, load steps, last time (2:
    # the latest session per exercise, then its sets), the records today's sets set.
    "planned session": 11,
    # the session, the exercise; in a savepoint: the token, the session locked, the
    # set number, the set's two foreign keys checked, the insert in its own savepoint,
    # then records_note (any later set of the exercise, the best of each kind so far);
    # then the card again (entries, sets, bands, states, load steps, last time (2),
    # the records). The walk's 30 s hold beats nothing after five years: a set that
    # is a record adds one insert.
    "log a set": 24,
    # as the planned session, plus the exercises for "Add another exercise".
    "session in progress": 12,
    # the session; the effort constraint (form, then model); any set; the session's
    # foreign keys and update; then progression_record: the user, the sets, chains,
    # load steps, bands, states, judged events, entries, and per exercise (4) an
    # event insert and the state's save (its foreign keys are not checked again);
    # the savepoints of the nested atomic blocks.
    "finish": 33,
    # the session, its sets, the totals, the events, the open offers.
    "summary": 7,
    # the states; the charts: done sessions per week, the exercises first logged,
    # the moves on.
    "progress list": 6,
    # the exercise, the state, the events' count, bands, load steps, one page of events;
    # the charts: the sets by day, the records, the progression timeline's events.
    "exercise progress": 11,
}
# Only "last time" depends on there being a history at all: with no earlier
# session it skips fetching that session's sets. Logging a set skips it too, but
# a new user's first hold is the exercise's first set: it writes the baseline
# record (one insert), so logging costs them the same.
SKIPPED_WITHOUT_HISTORY = {"planned session": 1, "log a set": 0, "session in progress": 1}


def walk(user, exercises, today) -> dict[str, int]:
    """Open today's planned session, log four sets, finish, read the outcome: queries per step."""
    client = Client()
    client.force_login(user)
    session = Session.objects.get(user=user, date=today, status=Session.Status.PLANNED)
    bridge, band_curl, hinge, stretch = exercises
    counts = {}

    def count(step, request, status=200):
        with CaptureQueriesContext(connection) as queries:
            response = request()
        assert response.status_code == status, f"{step}: {response.status_code}"
        counts[step] = len(queries.captured_queries)

    count("dashboard", lambda: client.get(reverse("progress:dashboard")))
    count("planned session", lambda: client.get(session.get_absolute_url()))
    client.post(reverse("training:session-start", args=[session.pk]), {"warmup_done": "on"})
    sets_url = reverse("training:set-create", args=[session.pk])
    tan = BandColour.objects.get(slug="tan")
    for values in [
        {"exercise": bridge.pk, "reps": 10},
        {"exercise": band_curl.pk, "reps": 10, "band": tan.pk},
        {"exercise": hinge.pk, "reps": 6, "load": "20"},
    ]:
        assert client.post(sets_url, {"token": uuid.uuid4(), **values}).status_code == 302
    count(
        "log a set",
        lambda: client.post(
            sets_url,
            {"token": uuid.uuid4(), "exercise": stretch.pk, "hold_s": 30, "side": "left"},
            headers={"HX-Request": "true"},
        ),
    )
    count("session in progress", lambda: client.get(session.get_absolute_url()))
    finish = reverse("training:session-finish", args=[session.pk])
    count("finish", lambda: client.post(finish, {"effort": "7"}), status=302)
    count("summary", lambda: client.get(reverse("training:session-summary", args=[session.pk])))
    count("progress list", lambda: client.get(reverse("progress:progress-list")))
    count(
        "exercise progress",
        lambda: client.get(reverse("progress:exercise-progress", args=[bridge.slug])),
    )
    # Today's four sets were logged and judged, one event per exercise.
    assert LoggedSet.objects.filter(session=session).count() == 4
    assert ProgressionEvent.objects.filter(session=session).count() == 4
    return counts


def history_size(user) -> dict[str, int]:
    return {
        "sessions": Session.objects.filter(user=user, status=Session.Status.DONE).count(),
        "sets": LoggedSet.objects.filter(session__user=user).count(),
        "events": ProgressionEvent.objects.filter(user=user).count(),
        "open offers": ProgressionState.objects.filter(user=user, offer__isnull=False).count(),
    }


@pytest.fixture(scope="module")
def walks(django_db_setup, django_db_blocker):
    """Queries per step after no history, one week and five years (built once, rolled back).

    Also the five-year history's size, as it stood before today's session.
    """
    today = timezone.localdate()
    with django_db_blocker.unblock(), transaction.atomic():
        exercises = history_exercises()
        counts, sizes = {}, {}
        for label, years in [("new", 0), ("one week", ONE_WEEK), ("five years", 5)]:
            user = UserFactory()
            make_history(user, years=years, today=today, exercises=exercises)
            sizes[label] = history_size(user)
            counts[label] = walk(user, exercises, today)
        transaction.set_rollback(True)
    return counts, sizes


def test_the_five_year_history_is_the_size_the_budgets_are_measured_at(walks):
    sizes = walks[1]["five years"]
    assert 600 <= sizes["sessions"] <= 700
    assert 4000 <= sizes["sets"] <= 7000
    assert sizes["events"] > 4 * 600
    # The bridge is at the top of its ladder: its pages show the offer to move on.
    assert sizes["open offers"] == 1


def test_every_page_costs_the_same_queries_after_five_years_as_after_one_week(walks):
    counts, sizes = walks
    assert sizes["one week"]["sessions"] >= 2
    assert counts["five years"] == counts["one week"]


def test_a_new_user_pays_the_same_queries_but_the_last_time_sets_they_do_not_have(walks):
    counts, sizes = walks
    assert sizes["new"]["sessions"] == 0
    assert counts["new"] == {
        step: queries - SKIPPED_WITHOUT_HISTORY.get(step, 0)
        for step, queries in counts["five years"].items()
    }


def test_finishing_a_session_costs_the_same_queries_at_any_history_size(walks):
    counts, _ = walks
    finishes = {label: steps["finish"] for label, steps in counts.items()}
    assert finishes["new"] == finishes["one week"] == finishes["five years"]
    assert finishes["five years"] <= BUDGETS["finish"]


def test_every_page_stays_within_its_budget_after_five_years(walks):
    counts, _ = walks
    assert counts["five years"].keys() == BUDGETS.keys()
    over = {
        step: (queries, BUDGETS[step])
        for step, queries in counts["five years"].items()
        if queries > BUDGETS[step]
    }
    assert not over, f"(queries, budget) over budget: {over}"
