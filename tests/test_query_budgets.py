"""Query budgets: every main page costs the same SQL for a new user as after five years.

Three users walk the same path through the app on the same four-exercise
routine (see tests/history.py), each with one goal of every metric: a new
user, one with a week of history and one with five years (about 650
sessions, 6,400 sets, 2,600 progression events). Every request's queries are
counted with CaptureQueriesContext; the counts must be equal for the three,
and within the page's budget. A page added to the app belongs in `walk`.
"""

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exercises.models import BandColour, Chain, Exercise
from progress.models import Goal, ProgressionEvent, ProgressionState
from tests.factories import UserFactory
from tests.history import history_exercises, make_history
from training.models import LoggedSet, Session

pytestmark = pytest.mark.django_db

ONE_WEEK = 7 / 365.25

# The most each request may cost, measured at five years (SQLite and PostgreSQL
# alike; savepoints count, as the test runs inside a transaction). Every page
# for a logged-in user starts with the login session and the user (2).
BUDGETS = {
    # next session, its routine's entries, band colours, progression states, load steps;
    # this week's sessions by status; the open goals, their load steps, the goal readings
    # (records, events, chain steps, weeks: 4); recent records; recent changes; this
    # morning's check.
    "dashboard": 17,
    # the month's sessions (with routines).
    "calendar": 3,
    # the next sessions, the missed ones.
    "upcoming": 4,
    # the count, one page of sessions, the page's totals by session and exercise
    # (visited after the walk's session is finished: an empty history skips the last two).
    "history": 5,
    # the filter's equipment and muscles, the count, one page of exercises, their equipment.
    "catalog": 7,
    # the exercise, its equipment, muscles, chains and their steps, the user's state.
    "exercise page": 8,
    # the session, entries, today's sets with the records they set, bands, states, load
    # steps, last time.
    "planned session": 9,
    # the exercise (with the band colours); in a savepoint: the session, locked, with
    # the record check and what the card needs (the routine's entries, the load step);
    # the set inserted, its number counted and (PostgreSQL) its records written in one
    # statement (SQLite writes the records in a second); then the card: the states,
    # today's and last time's sets with their records. The walk's ten-minute hold is a
    # record for every user. Without the test's own transaction there is no savepoint:
    # see test_logging_a_set_costs_at_most_seven_queries.
    "log a set": 10 if connection.vendor == "sqlite" else 9,
    # as the planned session: the exercise search asks nothing until the user types.
    "session in progress": 9,
    # the session; the effort constraint (form, then model); any set; the session's
    # foreign keys and update; then progression_judge from the session's day: the
    # session's exercises, the states (locked), the last event before the day, the last
    # day judged, the decisions since, the states unlinked and the events since deleted,
    # the sets since, the exercises, chains, load steps, bands, the pain said and the
    # morning checks, entries, the events' insert, and per exercise (4) the state's save
    # (its foreign keys are not checked again); the savepoints of the nested atomic blocks.
    "finish": 40,
    # the session, its sets, the totals, the events, the open offers.
    "summary": 7,
    # the session (with its routine).
    "change the day": 3,
    # the routines to choose from.
    "log a past workout": 3,
    # the states; the charts: done sessions per week, the exercises first logged,
    # the moves on.
    "progress list": 6,
    # the exercise, the state, the events' count, bands, load steps, one page of events;
    # the charts: the sets by day, the records, the progression timeline's events.
    "exercise chart": 11,
    "exercise chart, all time": 11,
    # the goals, their load steps, the readings (4).
    "goal list": 8,
    # the goal, its load steps, its reading (1), its chart's points (at most 1).
    "goal detail": 6,
}


def goals_of_every_metric(user, exercises, today) -> list[Goal]:
    bridge, band_curl, hinge, stretch = exercises
    ladder = Chain.objects.get(slug="floor-bridge-ladder")
    one_leg = ladder.steps.get(position=2).exercise
    common = {
        "user": user,
        "baseline": Decimal(0),
        "why": "Stronger every month",
        "created_on": today - datetime.timedelta(days=30),
        "deadline": today + datetime.timedelta(days=30),
    }
    rows = [
        Goal(metric=Goal.Metric.LOAD_FOR_REPS, exercise=hinge, target=200, reps=6, **common),
        Goal(metric=Goal.Metric.E1RM, exercise=hinge, target=250, **common),
        Goal(metric=Goal.Metric.REPS, exercise=band_curl, target=30, **common),
        Goal(metric=Goal.Metric.HOLD, exercise=stretch, target=90, **common),
        Goal(metric=Goal.Metric.STAGE, exercise=bridge, target=3, reps=10, **common),
        Goal(metric=Goal.Metric.EXERCISE, exercise=one_leg, chain=ladder, target=2, **common),
        Goal(metric=Goal.Metric.SESSIONS, target=2, weeks=8, **common),
    ]
    for goal in rows:
        goal.full_clean()
    return Goal.objects.bulk_create(rows)


def walk(user, exercises, today) -> dict[str, int]:
    """Every main page, and one session logged and finished: queries per step.

    A step that is measured more than once (one goal page per metric) keeps
    its most expensive count.
    """
    client = Client()
    client.force_login(user)
    session = Session.objects.get(user=user, date=today, status=Session.Status.PLANNED)
    bridge, band_curl, hinge, stretch = exercises
    goals = goals_of_every_metric(user, exercises, today)
    counts = {}

    def count(step, request, status=200):
        with CaptureQueriesContext(connection) as queries:
            response = request()
        assert response.status_code == status, f"{step}: {response.status_code}"
        counts[step] = max(counts.get(step, 0), len(queries.captured_queries))

    def get(step, url, **params):
        count(step, lambda: client.get(url, params))

    get("dashboard", reverse("progress:dashboard"))
    get("calendar", reverse("training:calendar"))
    get("upcoming", reverse("training:upcoming"))
    get("catalog", reverse("exercises:exercise-list"))
    get("exercise page", bridge.get_absolute_url())
    get("planned session", session.get_absolute_url())
    client.post(reverse("logbook:session-start", args=[session.pk]), {"warmup_done": "on"})
    sets_url = reverse("logbook:set-create", args=[session.pk])
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
            {"token": uuid.uuid4(), "exercise": stretch.pk, "hold_s": 600, "side": "left"},
            headers={"HX-Request": "true"},
        ),
    )
    get("session in progress", session.get_absolute_url())
    finish = reverse("logbook:session-finish", args=[session.pk])
    count("finish", lambda: client.post(finish, {"effort": "7"}), status=302)
    get("summary", reverse("logbook:session-summary", args=[session.pk]))
    get("change the day", reverse("logbook:session-date", args=[session.pk]))
    get("log a past workout", reverse("logbook:session-past"))
    get("history", reverse("training:history"))
    get("progress list", reverse("progress:progress-list"))
    chart = reverse("progress:exercise-progress", args=[hinge.slug])
    get("exercise chart", chart)
    get("exercise chart, all time", chart, range="all")
    get("goal list", reverse("progress:goal-list"))
    for goal in goals:
        get("goal detail", goal.get_absolute_url())
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
        _ask_sqlite_about_json()
        exercises = history_exercises()
        counts, sizes = {}, {}
        for label, years in [("new", 0), ("one week", ONE_WEEK), ("five years", 5)]:
            user = UserFactory()
            make_history(user, years=years, today=today, exercises=exercises)
            sizes[label] = history_size(user)
            counts[label] = walk(user, exercises, today)
        transaction.set_rollback(True)
    return counts, sizes


def _ask_sqlite_about_json():
    # Django asks SQLite once per connection whether it has JSON functions (three
    # statements): ask before counting, so that the first user walked does not pay it.
    assert connection.features.supports_json_field


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


def test_a_new_user_pays_the_same_queries_as_a_five_year_user_on_every_page(walks):
    counts, sizes = walks
    assert sizes["new"]["sessions"] == 0
    assert counts["new"] == counts["five years"]


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


# Logging a set, the request people make most, counted as the server counts it: the
# statements in its Server-Timing header, with the data committed so that the view's
# transaction is the outermost and adds no savepoint (on PostgreSQL its BEGIN and
# COMMIT are not statements: the driver sends them itself). The session login and the
# user (2); the exercise with the band colours; the session, locked, with the record
# check and what the card needs; the insert (with the records it sets, in the same
# statement); the states; the sets with their records.
LOG_A_SET = 7
# SQLite's BEGIN is a statement, and SQLite has no INSERT inside a WITH: a set that
# sets a record writes it with a second statement.
LOG_A_SET_ON_SQLITE = 8
LOG_A_RECORD_ON_SQLITE = 9
STATEMENTS = re.compile(r'desc="(\d+) queries"')


def log_a_set_budget(record: bool) -> int:
    if connection.vendor == "sqlite":
        return LOG_A_RECORD_ON_SQLITE if record else LOG_A_SET_ON_SQLITE
    return LOG_A_SET


def log_values(exercise, tan, *, record: bool) -> dict:
    """One set of `exercise`: far past any best (`record`), or well under it."""
    values = {"exercise": exercise.pk, "token": str(uuid.uuid4())}
    if exercise.measure == Exercise.Measure.HOLD:
        values["hold_s"] = 3000 if record else 1
    else:
        values["reps"] = 300 if record else 1
    if exercise.measure == Exercise.Measure.REPS_LOAD:
        values["load"] = "900" if record else "1"
    if exercise.measure == Exercise.Measure.BAND_REPS:
        values["band"] = tan.pk
    if exercise.unilateral:
        values["side"] = "left"
    return values


@pytest.fixture(scope="module")
def logging_costs(django_db_setup, django_db_blocker):
    """Statements of one htmx set POST of each exercise, by user, by the sets already in
    the session and by whether it wrote a record.

    The data are committed, as on the server, and flushed before the tests read the
    counts.
    """
    today = timezone.localdate()
    costs = {}
    with django_db_blocker.unblock():
        try:
            _ask_sqlite_about_json()
            exercises = history_exercises()
            tan = BandColour.objects.get(slug="tan")
            for label, years in [("new", 0), ("five years", 5)]:
                user = UserFactory()
                make_history(user, years=years, today=today, exercises=exercises)
                session = Session.objects.get(user=user, date=today)
                client = Client()
                client.force_login(user)
                client.post(reverse("logbook:session-start", args=[session.pk]))
                url = reverse("logbook:set-create", args=[session.pk])
                for before in (1, 40):
                    while (logged := session.sets.count()) < before:
                        values = log_values(exercises[logged % 4], tan, record=False)
                        assert client.post(url, values).status_code == 302
                    for exercise in exercises:
                        for record in (True, False):
                            values = log_values(exercise, tan, record=record)
                            response = client.post(url, values, headers={"HX-Request": "true"})
                            assert response.status_code == 200
                            assert "Logged set" in response.text
                            statements = STATEMENTS.search(response["Server-Timing"])
                            logged = LoggedSet.objects.get(token=values["token"])
                            # A first set of its kind writes a record too (a baseline).
                            wrote = logged.records.exists()
                            assert wrote or not record
                            costs[label, before, exercise.name, wrote] = int(statements[1])
                            # The session keeps the number of sets the case is about.
                            logged.delete()
        finally:
            # Gone before any other test runs, as after a transactional test.
            call_command("flush", interactive=False, verbosity=0)
    return costs


def test_logging_a_set_costs_at_most_seven_queries(logging_costs):
    """For a new and a five-year user, with 1 and 40 sets already in the session."""
    # Two users × two sessions × four exercises, each measured at least once.
    assert len({key[:3] for key in logging_costs}) == 2 * 2 * 4
    over = {
        key: (queries, log_a_set_budget(key[3]))
        for key, queries in logging_costs.items()
        if queries > log_a_set_budget(key[3])
    }
    assert not over, f"(queries, budget) over budget: {over}"


def test_logging_a_set_costs_the_same_whatever_the_history_and_the_session(logging_costs):
    by_set: dict[tuple, set[int]] = {}
    for (_user, _before, exercise, wrote_a_record), queries in logging_costs.items():
        by_set.setdefault((exercise, wrote_a_record), set()).add(queries)
    assert all(len(counts) == 1 for counts in by_set.values()), by_set
