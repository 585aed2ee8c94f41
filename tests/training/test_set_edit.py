import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.html import field_error
from training.models import LoggedSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(session, moves):
    return LoggedSet.objects.create(
        session=session,
        exercise=moves["rdl"],
        set_number=1,
        reps=8,
        load_kg=Decimal("60"),
        token=uuid.uuid4(),
    )


def url(logged):
    return reverse("logbook:set-edit", args=[logged.pk])


def test_the_form_shows_the_set_in_the_users_unit(auth_client, user, logged):
    user.unit = "lb"
    user.save()
    text = auth_client.get(url(logged)).text
    assert 'name="load" value="132.28"' in text
    assert 'name="reps" value="8"' in text


def test_saving_changes_the_set_and_returns_to_the_exercise(auth_client, logged):
    response = auth_client.post(url(logged), {"reps": "7", "load": "62.5"})
    assert response.status_code == 302
    assert response["Location"].endswith("#ex-romanian-deadlift")
    logged.refresh_from_db()
    assert (logged.reps, logged.load_kg) == (7, Decimal("62.5"))


def test_bad_numbers_are_refused_and_kept(auth_client, logged):
    response = auth_client.post(url(logged), {"reps": "2000", "load": "62.5"})
    assert response.status_code == 200
    assert "More than 1000 reps" in field_error(response, "reps")
    assert 'value="2000"' in response.text
    logged.refresh_from_db()
    assert logged.reps == 8


@pytest.mark.parametrize(
    "unit,load,message",
    [
        ("kg", "99999", "More than 1000 kg? Check the number."),
        ("kg", "62.555", "Loads go to 2 decimal places at most, such as 22.25 kg."),
        ("lb", "99999", "More than 2204.62 lb? Check the number."),
    ],
)
def test_a_huge_or_too_precise_load_is_refused_beside_the_field_and_kept(
    auth_client, user, logged, unit, load, message
):
    user.unit = unit
    user.save()
    response = auth_client.post(url(logged), {"reps": "8", "load": load})
    assert response.status_code == 200
    assert field_error(response, "load") == message
    assert f'name="load" value="{load}"' in response.text
    logged.refresh_from_db()
    assert logged.load_kg == Decimal("60")


def test_the_exercise_cannot_be_swapped_by_the_form(auth_client, logged, moves):
    auth_client.post(url(logged), {"reps": "7", "load": "60", "exercise": moves["bridge"].pk})
    logged.refresh_from_db()
    assert logged.exercise == moves["rdl"]


def test_another_users_set_is_404(client, other_user, logged):
    client.force_login(other_user)
    assert client.get(url(logged)).status_code == 404
    assert client.post(url(logged), {"reps": "1"}).status_code == 404
    logged.refresh_from_db()
    assert logged.reps == 8


def test_anonymous_is_sent_to_log_in(client, logged):
    assert reverse("accounts:login") in client.get(url(logged))["Location"]


def test_delete_method_is_not_allowed(auth_client, logged):
    assert auth_client.delete(url(logged)).status_code == 405


def test_the_set_type_is_shown_and_kept_through_an_edit(auth_client, logged):
    logged.kind = LoggedSet.Kind.WARMUP
    logged.save()
    assert '<option value="warmup" selected>' in auth_client.get(url(logged)).text
    auth_client.post(url(logged), {"reps": "6", "load": "40", "kind": "warmup"})
    logged.refresh_from_db()
    assert (logged.kind, logged.reps, logged.load_kg) == ("warmup", 6, Decimal("40"))


def test_an_unknown_set_type_is_refused_next_to_the_field(auth_client, logged):
    response = auth_client.post(url(logged), {"reps": "8", "load": "60", "kind": "max"})
    assert response.status_code == 200
    assert "Select a valid choice" in field_error(response, "kind")
    logged.refresh_from_db()
    assert logged.kind == LoggedSet.Kind.WORKING
