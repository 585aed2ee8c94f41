"""Deleting a set from its card offers undo: the set comes back with its number, its
place among the sets and its records. Without JavaScript the confirm page asks first."""

import re
import uuid

import pytest
from django.core import signing
from django.urls import reverse

from logbook import services
from training.models import LoggedSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_sets(session, moves):
    return [
        services.set_log(
            session=session, exercise=moves["bridge"], token=uuid.uuid4(), reps=reps, note=note
        )[0]
        for reps, note in ((10, ""), (9, "tired"), (8, ""))
    ]


def delete(client, logged):
    url = reverse("logbook:set-delete", args=[logged.pk])
    return client.post(url, HTTP_HX_REQUEST="true")


def undo_of(text):
    return re.search(r'name="undo" value="([^"]+)"', text).group(1)


def undo(client, session, token, htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    url = reverse("logbook:set-undo", args=[session.pk])
    return client.post(url, {"undo": token}, **headers)


def numbers(session):
    return list(session.sets.order_by("pk").values_list("set_number", "reps", "note"))


def test_undo_brings_the_set_back_with_its_number_and_place(auth_client, session, three_sets):
    text = delete(auth_client, three_sets[1]).text
    assert "Deleted set 2 of Glute Bridge." in text and "Undo" in text
    assert numbers(session) == [(1, 10, ""), (2, 8, "")]

    back = undo(auth_client, session, undo_of(text))
    assert back.status_code == 200
    assert numbers(session) == [(1, 10, ""), (2, 9, "tired"), (3, 8, "")]
    assert "Set 2:</span> 9 reps" in back.text
    assert LoggedSet.objects.get(reps=9).pk == three_sets[1].pk
    # A second tap brings back nothing more.
    undo(auth_client, session, undo_of(text))
    assert session.sets.count() == 3


def test_a_plain_undo_redirects_to_the_card(auth_client, session, three_sets):
    token = undo_of(delete(auth_client, three_sets[0]).text)
    response = undo(auth_client, session, token, htmx=False)
    assert response["Location"].endswith("#ex-glute-bridge")
    assert numbers(session)[0] == (1, 10, "")


def test_a_forged_or_foreign_undo_brings_back_nothing(
    auth_client, client, other_user, session, three_sets
):
    token = undo_of(delete(auth_client, three_sets[0]).text)
    assert undo(auth_client, session, token[:-2] + "xx", htmx=False).status_code == 302
    assert undo(auth_client, session, "", htmx=False).status_code == 302
    assert session.sets.count() == 2
    client.force_login(other_user)
    assert undo(client, session, token).status_code == 404
    assert session.sets.count() == 2


def test_an_undo_for_another_session_brings_back_nothing(auth_client, user, session, three_sets):
    from tests.training.conftest import make_session

    other = make_session(user, days_ago=1)
    token = undo_of(delete(auth_client, three_sets[0]).text)
    undo(auth_client, other, token, htmx=False)
    assert other.sets.count() == 0 and session.sets.count() == 2


def test_an_old_undo_is_refused(auth_client, session, three_sets, monkeypatch):
    values = services.set_undo_values(three_sets[0])
    monkeypatch.setattr(signing.time, "time", lambda: 1_000_000)
    token = signing.dumps(values, salt="logbook.set-undo")
    monkeypatch.undo()
    delete(auth_client, three_sets[0])
    response = undo(auth_client, session, token, htmx=False)
    assert response.status_code == 302
    assert session.sets.count() == 2


def test_without_javascript_the_delete_link_opens_a_confirm_page(auth_client, session, three_sets):
    page = auth_client.get(session.get_absolute_url()).text
    url = reverse("logbook:set-delete", args=[three_sets[0].pk])
    assert f'href="{url}"' in page
    confirm = auth_client.get(url)
    assert confirm.status_code == 200
    assert "Delete set 1 of Glute Bridge?" in confirm.text
    assert session.sets.count() == 3
    assert auth_client.post(url).status_code == 302
    assert session.sets.count() == 2


def test_undo_in_a_finished_session_judges_it_again(auth_client, session, three_sets):
    from progress.models import ProgressionEvent

    services.session_finish(session=session, effort=6, notes="", cooldown_done=False)
    judged = ProgressionEvent.objects.get(session=session).after
    token = undo_of(delete(auth_client, three_sets[0]).text)
    undo(auth_client, session, token)
    assert session.sets.count() == 3
    assert ProgressionEvent.objects.get(session=session).after == judged


def test_undo_brings_back_the_card_of_an_exercise_outside_the_routine(auth_client, session):
    from tests.factories import ExerciseFactory

    extra = ExerciseFactory(name="Hip Thrust")
    logged, _ = services.set_log(session=session, exercise=extra, token=uuid.uuid4(), reps=10)
    text = delete(auth_client, logged).text
    # The card is gone; its place keeps its id for the undo to land on.
    assert f'id="ex-{extra.slug}"' in text and "Set deleted." in text
    assert f'hx-target="#ex-{extra.slug}"' in text
    back = undo(auth_client, session, undo_of(text)).text
    assert 'class="card mb-3 exercise-card"' in back and "Set 1:</span> 10 reps" in back
