"""One card alone (`build_card`, the htmx answers) is the card the session page shows.

The page builds every card with `build_cards`; logging, editing or deleting a
set answers with one card built alone, from fewer queries. Each scenario here
compares the two, field by field and as rendered HTML, for every exercise of
the session and one it does not show.
"""

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from logbook import services
from logbook.cards import build_card, build_cards, card_for, card_sessions
from progress.models import ProgressionState
from tests.factories import ExerciseFactory
from tests.training.conftest import make_session
from training.models import Session

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="(ex\d+-)?token" value="[^"]*"')


def log(session, exercise, **values):
    values.setdefault("reps", 10)
    logged, _ = services.set_log(session=session, exercise=exercise, token=uuid.uuid4(), **values)
    return logged


def finished(user, routine, moves, days_ago):
    session = make_session(user, routine, days_ago=days_ago)
    log(session, moves["bridge"], reps=10)
    log(session, moves["rdl"], reps=8, load_kg=Decimal("60"))
    log(session, moves["stretch"], hold_s=30, side="left")
    log(session, moves["band"], reps=10, band=moves["band_colour"])
    services.session_finish(session=session, effort=6, notes="", cooldown_done=True)
    return session


def alone(session, exercise, unit):
    return build_card(card_sessions(exercise).get(pk=session.pk), exercise, unit)


def shown(card, user):
    html = render_to_string(
        "logbook/includes/exercise_card.html",
        {"session": card.session, "card": card, "user": user},
    )
    return TOKEN.sub('name="token"', html)


def assert_same_cards(session, user, also=()):
    session = Session.objects.get(pk=session.pk)
    page = build_cards(session, user.unit)
    exercises = [card.exercise for card in page] + list(also)
    assert exercises
    for exercise in exercises:
        expected = card_for(page, exercise.pk)
        card = alone(session, exercise, user.unit)
        if expected is None:
            assert card is None, exercise
            continue
        assert card is not None, exercise
        assert card.exercise == expected.exercise
        assert card.target == expected.target, exercise
        assert [s.pk for s in card.sets] == [s.pk for s in expected.sets]
        assert [[r.pk for r in s.new_records] for s in card.sets] == [
            [r.pk for r in s.new_records] for s in expected.sets
        ]
        assert [s.pk for s in card.last] == [s.pk for s in expected.last]
        initial = {k: v for k, v in card.form.initial.items() if k != "token"}
        assert initial == {k: v for k, v in expected.form.initial.items() if k != "token"}
        card.session = expected.session = session
        assert shown(card, user) == shown(expected, user), exercise


@pytest.fixture
def moves(moves, bands):
    return {**moves, "band_colour": bands[0]}


def test_a_session_in_progress_with_records_and_last_time(user, routine, moves):
    finished(user, routine, moves, days_ago=4)
    today = make_session(user, routine)
    log(today, moves["bridge"], reps=12)
    log(today, moves["bridge"], reps=9)
    log(today, moves["rdl"], reps=8, load_kg=Decimal("65"), kind="warmup")
    log(today, moves["rdl"], reps=8, load_kg=Decimal("70"))
    log(today, moves["stretch"], hold_s=45, side="left")
    log(today, moves["stretch"], hold_s=40, side="right")
    assert_same_cards(today, user, also=[ExerciseFactory(name="Never Logged")])


def test_a_planned_session_and_one_with_no_routine(user, routine, moves):
    finished(user, routine, moves, days_ago=2)
    planned = make_session(user, routine, status=Session.Status.PLANNED)
    assert_same_cards(planned, user)
    ad_hoc = make_session(user, None)
    log(ad_hoc, moves["rdl"], reps=5, load_kg=Decimal("80"))
    assert_same_cards(ad_hoc, user, also=[moves["bridge"]])


def test_an_exercise_logged_outside_the_routine(user, routine, moves):
    extra = ExerciseFactory(name="Nordic Curl")
    today = make_session(user, routine)
    log(today, extra, reps=5)
    assert_same_cards(today, user)


def test_a_finished_session_shows_what_it_was_judged_at(user, routine, moves):
    finished(user, routine, moves, days_ago=7)
    done = finished(user, routine, moves, days_ago=3)
    assert_same_cards(done, user)


def test_the_exercises_a_user_moved_on_to_stand_in_for_the_routines(user, routine, moves):
    one_leg = ExerciseFactory(name="One-Leg Bridge", unilateral=True)
    roller = ExerciseFactory(name="Roller Bridge")
    # The bridge led to the one-leg bridge, and that on to the roller bridge.
    for exercise, moved_to in [(moves["bridge"], one_leg), (one_leg, roller)]:
        ProgressionState.objects.create(
            user=user,
            exercise=exercise,
            sets=3,
            reps=10,
            trained_on=datetime.date.today() - datetime.timedelta(days=3),
            reason="Moved on.",
            moved_to=moved_to,
        )
    ProgressionState.objects.create(
        user=user, exercise=roller, sets=1, reps=10, reason="Start here.", offer=one_leg
    )
    today = make_session(user, routine)
    log(today, roller, reps=10)
    log(today, moves["bridge"], reps=10)  # the routine's own, logged anyway
    assert_same_cards(today, user, also=[one_leg])


def test_in_pounds(user, routine, moves):
    user.unit = "lb"
    user.save()
    finished(user, routine, moves, days_ago=4)
    today = make_session(user, routine)
    log(today, moves["rdl"], reps=8, load_kg=Decimal("61.235"))
    assert_same_cards(today, user)


@pytest.mark.parametrize("exercises", [1, 6])
def test_one_card_costs_two_queries_whatever_the_routine(user, routine, moves, exercises):
    for n in range(exercises - 1):
        routine.entries.create(exercise=ExerciseFactory(), position=10 + n, sets=3, reps_min=10)
    today = make_session(user, routine)
    log(today, moves["bridge"], reps=10)
    session = card_sessions(moves["bridge"]).get(pk=today.pk)
    with CaptureQueriesContext(connection) as queries:
        build_card(session, moves["bridge"], user.unit)
    assert len(queries) == 2  # the states; the sets with their records
