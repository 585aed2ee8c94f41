import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import ExerciseFactory
from tests.training.conftest import make_session
from training.models import LoggedSet, Session

pytestmark = pytest.mark.django_db


def log(session, exercise, n, **values):
    values.setdefault("reps", 10)
    return [
        LoggedSet.objects.create(
            session=session, exercise=exercise, set_number=i, token=uuid.uuid4(), **values
        )
        for i in range(1, n + 1)
    ]


def test_a_planned_session_shows_targets_and_a_start_button(auth_client, user, routine):
    planned = make_session(user, routine, status=Session.Status.PLANNED)
    response = auth_client.get(planned.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    assert "Start session" in text
    assert "Warm-up done" in text
    assert "3 × 6–8" in text  # the deadlift's target
    assert "hold 30 s each leg" in text  # worded as on the routine page
    assert "Log set" not in text


def test_starting_records_the_warm_up_and_opens_logging(auth_client, user, routine):
    planned = make_session(user, routine, status=Session.Status.PLANNED)
    response = auth_client.post(
        reverse("logbook:session-start", args=[planned.pk]), {"warmup_done": "on"}
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == Session.Status.IN_PROGRESS
    assert planned.warmup_done
    assert "Log set 1" in auth_client.get(planned.get_absolute_url()).text


def test_the_form_is_prefilled_with_the_target_and_last_times_load(
    auth_client, user, routine, moves
):
    before = make_session(user, routine, status=Session.Status.DONE, days_ago=3)
    log(before, moves["rdl"], 3, reps=8, load_kg=Decimal("60"))
    today = make_session(user, routine)
    text = auth_client.get(today.get_absolute_url()).text
    assert "Last time" in text and "8 reps × 60 kg" in text
    rdl = moves["rdl"].pk
    assert f'name="ex{rdl}-load" value="60"' in text
    assert f'name="ex{rdl}-reps" value="6"' in text


def test_last_time_ignores_other_users_and_unfinished_sessions(
    auth_client, user, other_user, routine, moves
):
    log(
        make_session(other_user, days_ago=2, status=Session.Status.DONE),
        moves["rdl"],
        1,
        load_kg=Decimal("200"),
    )
    log(
        make_session(user, routine, days_ago=1, status=Session.Status.IN_PROGRESS),
        moves["rdl"],
        1,
        load_kg=Decimal("150"),
    )
    text = auth_client.get(make_session(user, routine).get_absolute_url()).text
    assert "200 kg" not in text and "150 kg" not in text
    assert "First time" in text


def test_an_exercise_can_be_added_to_an_ad_hoc_session(auth_client, user, moves):
    ad_hoc = make_session(user)
    response = auth_client.get(ad_hoc.get_absolute_url(), {"add": moves["bridge"].slug})
    assert 'id="ex-glute-bridge"' in response.text
    assert "Log set 1" in response.text


def test_another_users_session_is_404(client, other_user, session):
    client.force_login(other_user)
    assert client.get(session.get_absolute_url()).status_code == 404


def test_anonymous_is_sent_to_log_in(client, session):
    response = client.get(session.get_absolute_url())
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_post_is_not_allowed(auth_client, session):
    assert auth_client.post(session.get_absolute_url()).status_code == 405


@pytest.mark.parametrize("sets_today,history_sessions", [(3, 1), (60, 200)])
def test_the_page_costs_the_same_queries_with_3_or_60_sets_and_any_history(
    auth_client,
    user,
    routine,
    moves,
    bands,
    django_assert_max_num_queries,
    sets_today,
    history_sessions,
):
    for days_ago in range(1, history_sessions + 1):
        past = make_session(user, routine, status=Session.Status.DONE, days_ago=days_ago)
        log(past, moves["rdl"], 3, load_kg=Decimal("50"))
    today = make_session(user, routine)
    per_move = sets_today // 3
    log(today, moves["bridge"], per_move)
    log(today, moves["rdl"], per_move, load_kg=Decimal("60"))
    log(today, moves["band"], per_move, band=bands[1])
    # session + user (auth), the session, entries, today's sets with the records they
    # set, bands, progression states, load steps, last time
    with django_assert_max_num_queries(9):
        response = auth_client.get(today.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count('class="list-group-item') == per_move * 3


@pytest.mark.parametrize("more", [0, 6])
def test_the_page_costs_the_same_queries_whatever_the_number_of_exercises(
    auth_client, user, routine, moves, django_assert_num_queries, more
):
    for n in range(more):
        routine.entries.create(exercise=ExerciseFactory(), position=10 + n, sets=3, reps_min=10)
    before = make_session(user, routine, status=Session.Status.DONE, days_ago=2)
    today = make_session(user, routine)
    for entry in routine.entries.all():
        log(before, entry.exercise, 2)
        log(today, entry.exercise, 1)
    for _ in range(more):
        log(today, ExerciseFactory(), 1)  # logged outside the routine
    with django_assert_num_queries(9):
        response = auth_client.get(today.get_absolute_url())
    assert response.text.count('class="card mb-3 exercise-card"') == 4 + 2 * more


def test_a_session_date_is_shown_in_words(auth_client, user, routine):
    dated = Session.objects.create(user=user, routine=routine, date=datetime.date(2026, 3, 2))
    assert "Monday 2 March 2026" in auth_client.get(dated.get_absolute_url()).text


def test_a_session_is_named_by_its_day_without_a_leading_zero(user, routine):
    session = Session.objects.create(user=user, routine=routine, date=datetime.date(2026, 11, 9))

    assert str(session) == f"{routine} on Mon 9 Nov 2026"
