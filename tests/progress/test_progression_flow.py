"""The progression engine through the views: log, finish, read what changes next time."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.models import ProgressionEvent, ProgressionState
from tests.factories import ExerciseFactory, make_chain
from training.models import Routine, RoutineEntry, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def ladder(db):
    bridge = ExerciseFactory(name="Glute bridge")
    single = ExerciseFactory(
        name="Single-leg glute bridge", unilateral=True, action="Lift one leg.\nBridge."
    )
    make_chain(bridge, single, slug="bridges", name="Bridges")
    return bridge, single


@pytest.fixture
def routine(user, ladder):
    routine = Routine.objects.create(owner=user, name="Bridges")
    RoutineEntry.objects.create(
        routine=routine, exercise=ladder[0], position=1, sets=1, reps_min=10, reps_max=10
    )
    return routine


def train(client, user, routine, *sets, exercise, side="", days_ago=0):
    """Plan a session, open it, log `sets` (reps each), finish it; returns the summary response.

    A session `days_ago` is a past workout, logged on its own day (a planned one
    started today would move to today)."""
    session = Session.objects.create(
        user=user,
        routine=routine,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        status=Session.Status.IN_PROGRESS if days_ago else Session.Status.PLANNED,
    )
    client.post(reverse("logbook:session-start", args=[session.pk]), {"warmup_done": "on"})
    for reps in sets:
        response = client.post(
            reverse("logbook:set-create", args=[session.pk]),
            {"exercise": exercise.pk, "token": uuid.uuid4(), "reps": reps, "side": side},
        )
        assert response.status_code == 302, response.content
    response = client.post(
        reverse("logbook:session-finish", args=[session.pk]), {"effort": 6, "notes": ""}
    )
    assert response.status_code == 302
    return client.get(response["Location"])


def todays_target(client, user, routine):
    session = Session.objects.create(user=user, routine=routine, date=timezone.localdate())
    response = client.get(session.get_absolute_url())
    session.delete()
    return response.context["cards"]


def test_a_new_user_who_logs_1x10_is_offered_2x10(auth_client, user, routine, ladder):
    bridge = ladder[0]
    assert todays_target(auth_client, user, routine)[0].target.text == "1 × 10"
    summary = train(auth_client, user, routine, 10, exercise=bridge)
    assert "2 × 10" in summary.text
    event = ProgressionEvent.objects.get(user=user, exercise=bridge)
    assert (event.kind, event.before_text, event.after_text) == ("add_set", "1 × 10", "2 × 10")
    card = todays_target(auth_client, user, routine)[0]
    assert card.target.text == "2 × 10"
    assert card.target.after_session
    assert card.target.reason.startswith("You did 1 × 10")


def test_a_target_the_user_set_is_not_called_last_sessions(auth_client, user, routine, ladder):
    bridge = ladder[0]
    train(auth_client, user, routine, 10, exercise=bridge)
    auth_client.post(
        reverse("progress:exercise-progress", args=[bridge.slug]), {"sets": 1, "reps": 10}
    )
    card = todays_target(auth_client, user, routine)[0]
    assert card.target.text == "1 × 10"
    assert not card.target.after_session
    assert card.target.reason == "You set 1 × 10 yourself."


def test_2x10_with_a_set_of_9_stays_at_2x10(auth_client, user, routine, ladder):
    bridge = ladder[0]
    train(auth_client, user, routine, 10, exercise=bridge)
    summary = train(auth_client, user, routine, 10, 9, exercise=bridge)
    assert "repeat 2 × 10" in summary.text
    card = todays_target(auth_client, user, routine)[0]
    assert card.target.text == "2 × 10"
    assert "10 and 9" in card.target.reason


def test_3x10_offers_the_next_exercise_of_the_chain_at_1x10(auth_client, user, routine, ladder):
    bridge, single = ladder
    for sets in [(10,), (10, 10), (10, 10, 10)]:
        summary = train(auth_client, user, routine, *sets, exercise=bridge)
    assert "Move on to Single-leg glute bridge" in summary.text
    assert "Lift one leg." in summary.text  # the new exercise's instructions
    state = ProgressionState.objects.get(user=user, exercise=bridge)
    assert state.offer == single
    assert (state.sets, state.reps) == (3, 10)  # nothing changes until the user accepts

    response = auth_client.post(reverse("progress:progression-move-on", args=[bridge.slug]))
    assert response["Location"] == reverse("progress:exercise-progress", args=[single.slug])
    assert "1 × 10 each leg" in auth_client.get(response["Location"]).text
    card = todays_target(auth_client, user, routine)[0]
    assert card.exercise == single
    assert card.target.text == "1 × 10 each leg"
    assert card.target.replaces == bridge
    assert ProgressionEvent.objects.filter(exercise=bridge, kind="moved_on").exists()


def test_staying_keeps_3x10_and_records_the_choice(auth_client, user, routine, ladder):
    bridge = ladder[0]
    for sets in [(10,), (10, 10), (10, 10, 10)]:
        train(auth_client, user, routine, *sets, exercise=bridge)
    response = auth_client.post(reverse("progress:progression-keep", args=[bridge.slug]))
    assert response.status_code == 302
    card = todays_target(auth_client, user, routine)[0]
    assert (card.exercise, card.target.text, card.target.offer) == (bridge, "3 × 10", None)
    assert ProgressionEvent.objects.filter(exercise=bridge, kind="kept").exists()


def test_a_unilateral_exercise_needs_both_legs(auth_client, user, ladder):
    single = ladder[1]
    routine = Routine.objects.create(owner=user, name="Single")
    RoutineEntry.objects.create(routine=routine, exercise=single, position=1, sets=1)
    session = Session.objects.create(user=user, routine=routine, date=timezone.localdate())
    for reps, side in [(10, "left"), (8, "right")]:
        auth_client.post(
            reverse("logbook:set-create", args=[session.pk]),
            {"exercise": single.pk, "token": uuid.uuid4(), "reps": reps, "side": side},
        )
    auth_client.post(reverse("logbook:session-finish", args=[session.pk]), {"notes": ""})
    state = ProgressionState.objects.get(user=user, exercise=single)
    assert state.sets == 1
    assert "right leg 8" in state.reason


def test_finishing_twice_judges_the_session_once(auth_client, user, routine, ladder):
    bridge = ladder[0]
    train(auth_client, user, routine, 10, exercise=bridge)
    session = Session.objects.get(user=user)
    auth_client.post(
        reverse("logbook:session-finish", args=[session.pk]), {"effort": 7, "notes": "again"}
    )
    assert ProgressionEvent.objects.filter(user=user, exercise=bridge).count() == 1
    assert ProgressionState.objects.get(user=user, exercise=bridge).sets == 2


def test_correcting_a_set_and_finishing_again_revises_the_judgement(
    auth_client, user, routine, ladder
):
    bridge = ladder[0]
    train(auth_client, user, routine, 9, exercise=bridge)
    assert ProgressionState.objects.get(user=user, exercise=bridge).sets == 1
    session = Session.objects.get(user=user)
    logged = session.sets.get()
    auth_client.post(reverse("logbook:set-edit", args=[logged.pk]), {"reps": 10})
    auth_client.post(reverse("logbook:session-finish", args=[session.pk]), {"notes": ""})
    event = ProgressionEvent.objects.get(user=user, exercise=bridge)
    assert (event.kind, event.after_text) == ("add_set", "2 × 10")
    assert ProgressionState.objects.get(user=user, exercise=bridge).sets == 2


def test_a_session_older_than_the_last_one_judged_is_judged_in_its_place(
    auth_client, user, routine, ladder
):
    bridge = ladder[0]
    train(auth_client, user, routine, 10, exercise=bridge)
    train(auth_client, user, routine, 10, exercise=bridge, days_ago=3)
    # In date order: three days ago 1 × 10 met (→ 2 × 10), today 1 set short of 2 × 10.
    state = ProgressionState.objects.get(user=user, exercise=bridge)
    assert state.sets == 2
    events = ProgressionEvent.objects.filter(user=user).order_by("date")
    assert [(e.before_text, e.after_text) for e in events] == [
        ("1 × 10", "2 × 10"),
        ("2 × 10", "2 × 10"),
    ]


def test_after_five_weeks_away_the_session_steps_back_two_stages_and_says_why(
    auth_client, user, routine, ladder
):
    bridge = ladder[0]
    train(auth_client, user, routine, 10, exercise=bridge, days_ago=40)
    train(auth_client, user, routine, 10, 10, exercise=bridge, days_ago=35)  # earns 3 × 10
    card = todays_target(auth_client, user, routine)[0]
    assert card.target.text == "1 × 10"
    assert card.target.stepped_back
    assert "28 to 55 days" in card.target.reason
    summary = train(auth_client, user, routine, 10, exercise=bridge)
    assert "2 × 10" in summary.text
    kinds = list(
        ProgressionEvent.objects.filter(user=user).order_by("date", "pk").values_list("kind")
    )
    assert kinds == [("add_set",), ("add_set",), ("step_back",), ("add_set",)]


def test_the_dashboard_lists_the_next_sessions_prescriptions(auth_client, user, routine, ladder):
    train(auth_client, user, routine, 10, exercise=ladder[0])
    Session.objects.create(
        user=user, routine=routine, date=timezone.localdate() + datetime.timedelta(days=2)
    )
    response = auth_client.get(reverse("progress:dashboard"))
    assert response.context["plan"][0][1].text == "2 × 10"
    assert "Glute bridge</span>: 2 × 10" in response.text


def test_another_users_progress_is_their_own(auth_client, user, other_user, routine, ladder):
    bridge = ladder[0]
    for sets in [(10,), (10, 10), (10, 10, 10)]:
        train(auth_client, user, routine, *sets, exercise=bridge)
    auth_client.force_login(other_user)
    assert (
        auth_client.post(reverse("progress:progression-move-on", args=[bridge.slug])).status_code
        == 404
    )
    page = auth_client.get(reverse("progress:exercise-progress", args=[bridge.slug]))
    assert page.context["state"] is None
    assert list(page.context["page"].object_list) == []
