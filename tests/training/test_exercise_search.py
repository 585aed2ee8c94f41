"""Adding an exercise mid-session by search: names and aliases, what the user has at home;
a search form without JavaScript, the matches alone for the typeahead."""

import pytest
from django.core.management import call_command

from tests.factories import ExerciseFactory, UserFactory
from tests.training.conftest import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(db):
    call_command("loaddata", "fixtures/exercises.json", verbosity=0)


def find(client, session, htmx=False, **params):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.get(session.get_absolute_url(), params, **headers)


def test_rdl_finds_the_romanian_deadlifts_by_alias_the_barbell_one_first(
    auth_client, user, catalog
):
    session = make_session(user)
    text = find(auth_client, session, htmx=True, find="rdl").text
    assert "<html" not in text
    names = [line for line in text.split("Add ")[1:]]
    assert names[0].startswith("Romanian Deadlift <span") and "(RDL)" in names[0]
    assert any(name.startswith("Dumbbell Romanian Deadlift") for name in names)
    assert f"{session.get_absolute_url()}?add=romanian-deadlift#ex-romanian-deadlift" in text


def test_without_javascript_the_page_shows_the_matches_and_adding_one_shows_its_card(
    auth_client, user, catalog
):
    session = make_session(user)
    page = find(auth_client, session, find="nordic")
    assert page.status_code == 200
    assert 'value="nordic"' in page.text and "Add Nordic Hamstring Curl" in page.text
    added = auth_client.get(session.get_absolute_url(), {"add": "nordic-hamstring-curl"}).text
    assert 'id="ex-nordic-hamstring-curl"' in added


def test_at_home_leaves_out_what_needs_the_gym(auth_client, user, catalog):
    session = make_session(user)
    assert "Add Romanian Deadlift <span" in find(auth_client, session, htmx=True, find="rdl").text
    at_home = find(auth_client, session, htmx=True, find="rdl", home="on").text
    assert "Add Romanian Deadlift <span" not in at_home


def test_no_match_and_odd_input_say_so_and_never_fail(auth_client, user, catalog):
    session = make_session(user)
    assert "No exercise matches “zzz”" in find(auth_client, session, htmx=True, find="zzz").text
    for odd in ["(", "\\", "[a-", "x" * 300, "%", "'; drop"]:
        response = find(auth_client, session, htmx=True, find=odd)
        assert response.status_code == 200, odd
    assert "Type a name" in find(auth_client, session, htmx=True, find="  ").text


def test_another_users_private_exercise_is_never_found(auth_client, user, catalog):
    ExerciseFactory(name="Secret Curl", owner=UserFactory())
    mine = ExerciseFactory(name="My Curl", owner=user)
    session = make_session(user)
    text = find(auth_client, session, htmx=True, find="curl").text
    assert "Secret Curl" not in text
    assert f"add={mine.slug}" in find(auth_client, session, htmx=True, find="my curl").text
