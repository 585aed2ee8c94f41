"""Pain during an exercise (the session page) and the next-morning check (the dashboard),
through the views to the judgement they change."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.models import MorningCheck, PainReport, ProgressionEvent, ProgressionState
from tests.factories import ExerciseFactory, UserFactory
from training.models import Routine, RoutineEntry, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def bridge(db):
    return ExerciseFactory(name="Glute bridge")


@pytest.fixture
def routine(user, bridge):
    routine = Routine.objects.create(owner=user, name="Bridges")
    RoutineEntry.objects.create(
        routine=routine, exercise=bridge, position=1, sets=1, reps_min=10, reps_max=10
    )
    return routine


def start(client, user, routine, days_ago=0):
    session = Session.objects.create(
        user=user, routine=routine, date=timezone.localdate() - datetime.timedelta(days=days_ago)
    )
    client.post(reverse("logbook:session-start", args=[session.pk]), {"warmup_done": "on"})
    # Starting moves a session to today: this one was trained on its own day.
    Session.objects.filter(pk=session.pk).update(date=session.date)
    session.refresh_from_db()
    return session


def log(client, session, exercise, *reps):
    for n in reps:
        client.post(
            reverse("logbook:set-create", args=[session.pk]),
            {"exercise": exercise.pk, "token": uuid.uuid4(), "reps": n},
        )


def finish(client, session):
    client.post(reverse("logbook:session-finish", args=[session.pk]), {"notes": ""})


def pain(client, session, exercise, **data):
    return client.post(
        reverse("progress:pain-report", args=[session.pk]), {"exercise": exercise.pk, **data}
    )


def test_the_session_page_asks_for_pain_on_each_exercise(auth_client, user, routine):
    session = start(auth_client, user, routine)
    text = auth_client.get(session.get_absolute_url()).text
    assert "Pain during this exercise (0–10)" in text
    assert reverse("progress:pain-report", args=[session.pk]) in text


def test_pain_6_of_10_holds_the_stage_with_a_reason_naming_pain(auth_client, user, routine, bridge):
    session = start(auth_client, user, routine)
    log(auth_client, session, bridge, 10)
    response = pain(auth_client, session, bridge, pain="6")
    assert response.status_code == 302
    finish(auth_client, session)
    event = ProgressionEvent.objects.get(user=user, exercise=bridge, session=session)
    assert event.kind == "stay"
    assert "Pain of 6/10" in event.reason
    assert ProgressionState.objects.get(user=user, exercise=bridge).sets == 1


def test_pain_said_after_finishing_judges_the_session_again(auth_client, user, routine, bridge):
    session = start(auth_client, user, routine)
    log(auth_client, session, bridge, 10)
    finish(auth_client, session)
    assert ProgressionState.objects.get(user=user, exercise=bridge).sets == 2
    pain(auth_client, session, bridge, pain="7")
    assert ProgressionState.objects.get(user=user, exercise=bridge).sets == 1


def test_low_pain_moves_on_as_usual(auth_client, user, routine, bridge):
    session = start(auth_client, user, routine)
    log(auth_client, session, bridge, 10)
    pain(auth_client, session, bridge, pain="2")
    finish(auth_client, session)
    assert ProgressionState.objects.get(user=user, exercise=bridge).sets == 2


def test_sharp_pain_stops_the_exercise_with_the_articles_advice(auth_client, user, routine, bridge):
    session = start(auth_client, user, routine)
    log(auth_client, session, bridge, 10)
    response = pain(auth_client, session, bridge, sharp="on")
    page = auth_client.get(response["Location"]).text
    assert "popping sensation" in page
    finish(auth_client, session)
    event = ProgressionEvent.objects.get(user=user, exercise=bridge, session=session)
    assert "doctor or physiotherapist" in event.reason


def test_a_worse_next_morning_holds_the_next_session(auth_client, user, routine, bridge):
    first = start(auth_client, user, routine, days_ago=3)
    log(auth_client, first, bridge, 10)
    finish(auth_client, first)  # 1 × 10 met: 2 × 10 next
    today = timezone.localdate()
    MorningCheck.objects.create(user=user, date=today - datetime.timedelta(days=4), pain=1)
    MorningCheck.objects.create(user=user, date=today - datetime.timedelta(days=2), pain=4)
    second = start(auth_client, user, routine)
    log(auth_client, second, bridge, 10, 10)
    finish(auth_client, second)
    event = ProgressionEvent.objects.get(user=user, exercise=bridge, session=second)
    assert event.kind == "stay"
    assert "worse the morning after" in event.reason


def test_the_dashboard_asks_the_morning_question_and_keeps_the_answer(auth_client, user):
    page = auth_client.get(reverse("progress:dashboard")).text
    assert "How do your hamstrings feel this morning?" in page
    response = auth_client.post(reverse("progress:morning-check"), {"pain": "2"})
    assert response.status_code == 302
    assert MorningCheck.objects.get(user=user).pain == 2
    auth_client.post(reverse("progress:morning-check"), {"pain": "3"})
    assert MorningCheck.objects.get(user=user).pain == 3
    assert "3/10" in auth_client.get(reverse("progress:dashboard")).text


@pytest.mark.parametrize("value", ["11", "-1", "lots", ""])
def test_a_bad_morning_answer_is_refused_and_saves_nothing(auth_client, user, value):
    response = auth_client.post(reverse("progress:morning-check"), {"pain": value}, follow=True)
    assert "from 0 to 10" in response.text
    assert not MorningCheck.objects.exists()


@pytest.mark.parametrize(
    "data", [{"pain": "11"}, {"pain": "x"}, {}, {"pain": "2", "exercise": "999999"}]
)
def test_bad_pain_is_refused_and_saves_nothing(auth_client, user, routine, bridge, data):
    session = start(auth_client, user, routine)
    response = auth_client.post(
        reverse("progress:pain-report", args=[session.pk]),
        {"exercise": bridge.pk, **data},
        follow=True,
    )
    assert response.status_code == 200
    assert "Pain not saved" in response.text
    assert not PainReport.objects.exists()


def test_another_users_session_is_404_and_a_get_is_405(auth_client, routine, bridge):
    other = UserFactory()
    theirs = Session.objects.create(user=other, date=timezone.localdate())
    assert pain(auth_client, theirs, bridge, pain="2").status_code == 404
    url = reverse("progress:pain-report", args=[theirs.pk])
    assert auth_client.get(url).status_code == 405
    assert auth_client.get(reverse("progress:morning-check")).status_code == 405


def test_anonymous_is_sent_to_log_in(client, user, routine):
    session = Session.objects.create(user=user, routine=routine, date=timezone.localdate())
    response = client.post(reverse("progress:pain-report", args=[session.pk]), {"pain": "2"})
    assert response.status_code == 302
    assert "login" in response["Location"]
