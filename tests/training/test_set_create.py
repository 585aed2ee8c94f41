import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.html import field_error
from tests.training.conftest import make_session
from training.models import LoggedSet, Session

pytestmark = pytest.mark.django_db


def post_set(client, session, exercise, htmx=False, **values):
    data = {"exercise": exercise.pk, "token": str(uuid.uuid4()), "rpe": "", **values}
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("logbook:set-create", args=[session.pk]), data, **headers)


def test_a_plain_post_logs_the_set_and_redirects_to_the_exercise(auth_client, session, moves):
    response = post_set(auth_client, session, moves["bridge"], reps="10")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/training/sessions/{session.pk}/#ex-glute-bridge")
    logged = LoggedSet.objects.get()
    assert (logged.exercise, logged.set_number, logged.reps) == (moves["bridge"], 1, 10)


def test_an_htmx_post_returns_the_updated_card_with_a_rest_timer(auth_client, session, moves):
    post_set(auth_client, session, moves["bridge"], reps="10")
    response = post_set(auth_client, session, moves["bridge"], htmx=True, reps="9")
    assert response.status_code == 200
    text = response.text
    assert 'id="ex-glute-bridge"' in text
    assert "Set 2:</span> 9 reps" in text
    assert 'data-rest-seconds="60"' in text
    assert "Log set 3" in text
    assert "<html" not in text


def test_a_double_tap_logs_one_set_not_two(auth_client, session, moves):
    token = str(uuid.uuid4())
    for _ in range(2):
        post_set(auth_client, session, moves["bridge"], htmx=True, reps="10", token=token)
    assert LoggedSet.objects.count() == 1


def test_a_load_in_pounds_is_stored_in_kilograms_and_shown_back_in_pounds(
    auth_client, user, session, moves
):
    user.unit = "lb"
    user.save()
    post_set(auth_client, session, moves["rdl"], reps="8", load="135")
    logged = LoggedSet.objects.get()
    assert str(logged.load_kg) == "61.2350"
    page = auth_client.get(session.get_absolute_url()).text
    assert "8 reps × 135 lb" in page


def test_unilateral_sets_count_per_side(auth_client, session, moves):
    post_set(auth_client, session, moves["stretch"], hold_s="30", side="left")
    post_set(auth_client, session, moves["stretch"], hold_s="35", side="right")
    post_set(auth_client, session, moves["stretch"], hold_s="40", side="left")
    numbers = list(LoggedSet.objects.order_by("pk").values_list("side", "set_number", "hold_s"))
    assert numbers == [("left", 1, 30), ("right", 1, 35), ("left", 2, 40)]


@pytest.mark.parametrize(
    "move,values,field,message",
    [
        ("bridge", {"reps": "0"}, "reps", "Reps start at 1."),
        ("bridge", {"reps": "1001"}, "reps", "More than 1000 reps"),
        ("bridge", {"reps": ""}, "reps", "Enter the reps you did."),
        ("bridge", {"reps": "ten"}, "reps", "Reps are a whole number, such as 10."),
        ("bridge", {"reps": "8.5"}, "reps", "Reps are a whole number, such as 10."),
        ("bridge", {"reps": "123456789"}, "reps", "More than 1000 reps in one set?"),
        ("rdl", {"reps": "8", "load": "-5"}, "load", "A load cannot be negative."),
        ("rdl", {"reps": "8", "load": "1000.5"}, "load", "More than 1000 kg?"),
        ("rdl", {"reps": "8", "load": "NaN"}, "load", "Enter the load as a number"),
        ("rdl", {"reps": "8", "load": "123456"}, "load", "More than 1000 kg? Check the number."),
        ("rdl", {"reps": "8", "load": "1e400"}, "load", "More than 1000 kg? Check the number."),
        ("rdl", {"reps": "8", "load": "22.125"}, "load", "Loads go to 2 decimal places at most"),
        ("rdl", {"reps": "8", "load": "999.123456789"}, "load", "2 decimal places at most"),
        ("stretch", {"hold_s": "99999999", "side": "left"}, "hold_s", "more than an hour"),
        ("stretch", {"hold_s": "30.5", "side": "left"}, "hold_s", "whole number of seconds"),
        ("stretch", {"hold_s": "3601", "side": "left"}, "hold_s", "more than an hour"),
        ("stretch", {"hold_s": "", "side": "left"}, "hold_s", "how many seconds"),
        ("stretch", {"hold_s": "30", "side": ""}, "side", "Choose the leg"),
        ("band", {"reps": "10", "band": ""}, "band", "Choose the band colour"),
        ("bridge", {"reps": "10", "rpe": "11"}, "rpe", "Effort runs from 1"),
        ("bridge", {"reps": "10", "rpe": "7.5"}, "rpe", "Effort runs from 1"),
    ],
)
def test_bad_numbers_are_refused_next_to_the_field_and_kept(
    auth_client, session, moves, move, values, field, message
):
    post_set(auth_client, session, moves["bridge"], reps="10")
    response = post_set(auth_client, session, moves[move], **values)
    assert response.status_code == 200
    assert message in field_error(response, field)
    typed = values[field]
    if typed:
        assert f'value="{typed}"' in response.text
    assert LoggedSet.objects.count() == 1  # what was logged before is still there


@pytest.mark.parametrize(
    "load,message",
    [
        ("5000", "More than 2204.62 lb? Check the number."),
        ("2204.63", "More than 2204.62 lb? Check the number."),
        ("135.125", "Loads go to 2 decimal places at most, such as 22.25 lb."),
    ],
)
def test_a_load_out_of_range_in_pounds_is_refused_in_pounds_and_kept(
    auth_client, user, session, moves, load, message
):
    user.unit = "lb"
    user.save()
    response = post_set(auth_client, session, moves["rdl"], reps="8", load=load)
    assert response.status_code == 200
    assert field_error(response, "load") == message
    assert f'value="{load}"' in response.text
    assert not LoggedSet.objects.exists()


def test_a_load_with_trailing_zeros_is_not_too_precise(auth_client, session, moves):
    post_set(auth_client, session, moves["rdl"], reps="8", load="22.500")
    assert str(LoggedSet.objects.get().load_kg) == "22.5000"


def test_bad_input_over_htmx_returns_the_card_with_the_error(auth_client, session, moves):
    response = post_set(auth_client, session, moves["bridge"], htmx=True, reps="0")
    assert response.status_code == 200
    assert "Reps start at 1." in response.text
    assert "<html" not in response.text


def test_a_tampered_exercise_id_gets_a_message_not_a_500(auth_client, session):
    response = auth_client.post(
        reverse("logbook:set-create", args=[session.pk]),
        {"exercise": "abc", "token": str(uuid.uuid4()), "reps": "10"},
        follow=True,
    )
    assert response.status_code == 200
    assert "That set could not be logged" in response.text
    assert not LoggedSet.objects.exists()


def test_logging_on_a_planned_session_starts_it(auth_client, user, routine, moves):
    planned = make_session(user, routine, status=Session.Status.PLANNED)
    post_set(auth_client, planned, moves["bridge"], reps="10")
    planned.refresh_from_db()
    assert planned.status == Session.Status.IN_PROGRESS
    assert planned.started_at is not None


def test_a_set_posted_to_another_users_session_is_404_and_logs_nothing(
    client, other_user, session, moves
):
    client.force_login(other_user)
    response = post_set(client, session, moves["bridge"], reps="10")
    assert response.status_code == 404
    assert not LoggedSet.objects.exists()


def test_anonymous_is_sent_to_log_in(client, session, moves):
    response = post_set(client, session, moves["bridge"], reps="10")
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_get_is_not_allowed(auth_client, session):
    assert auth_client.get(reverse("logbook:set-create", args=[session.pk])).status_code == 405


def test_the_set_type_is_stored_and_shown(auth_client, session, moves):
    post_set(auth_client, session, moves["rdl"], reps="5", load="40", kind="warmup")
    post_set(auth_client, session, moves["rdl"], reps="8", load="60")
    assert list(LoggedSet.objects.order_by("pk").values_list("kind", flat=True)) == [
        "warmup",
        "working",  # the form's default
    ]
    assert (
        '<span class="badge text-bg-secondary">Warm-up</span>'
        in auth_client.get(session.get_absolute_url()).text
    )


@pytest.mark.parametrize("htmx", [False, True])
def test_an_unknown_set_type_is_refused_next_to_the_field(auth_client, session, moves, htmx):
    response = post_set(auth_client, session, moves["bridge"], htmx=htmx, reps="10", kind="max")
    assert response.status_code == 200
    assert "Select a valid choice" in field_error(response, "kind")
    assert not LoggedSet.objects.exists()


def _post_at_once(user, session, exercise, tokens):
    """Post one set per token, all at once, each on its own connection; the statuses."""
    barrier = threading.Barrier(len(tokens))

    def post(token):
        try:
            client = Client()
            client.force_login(user)
            barrier.wait()
            return post_set(client, session, exercise, htmx=True, reps="10", token=token)
        finally:
            connection.close()

    with ThreadPoolExecutor(len(tokens)) as pool:
        return [response.status_code for response in pool.map(post, tokens)]


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="requests at once need a database that serves several connections (PostgreSQL)",
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_posts_of_one_token_at_once_log_one_set(user, session, moves):
    token = str(uuid.uuid4())
    assert _post_at_once(user, session, moves["bridge"], [token] * 20) == [200] * 20
    assert LoggedSet.objects.filter(session=session, token=token).count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_sets_posted_at_once_are_numbered_one_after_another(user, session, moves):
    tokens = [str(uuid.uuid4()) for _ in range(10)]
    assert _post_at_once(user, session, moves["bridge"], tokens) == [200] * 10
    numbers = LoggedSet.objects.filter(session=session).values_list("set_number", flat=True)
    assert sorted(numbers) == list(range(1, 11))
