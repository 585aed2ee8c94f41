"""Earned stages in a ladder routine: locked exercises, what unlocks them, "I have done
this before", and a user returning from injury who never meets an advanced move early."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise
from progress.models import ProgressionEvent, ProgressionState
from progress.stages import RETURNING
from training.models import Routine, Session

pytestmark = pytest.mark.django_db

LADDER_4 = [
    "ball-hamstring-curl-hips-down",
    "stability-ball-hamstring-curl",
    "single-leg-stability-ball-hamstring-curl",
    "nordic-hamstring-curl",
]


@pytest.fixture
def ladder(db, user, auth_client):
    call_command("loaddata", "fixtures/exercises.json", "fixtures/routines.json", verbosity=0)
    template = Routine.objects.get(template_key="physio-home-ladder-4")
    auth_client.post(reverse("training:routine-copy", args=[template.pk]))
    return Routine.objects.get(owner=user, copied_from=template)


@pytest.fixture
def injured(user):
    user.experience = RETURNING
    user.save(update_fields=["experience"])
    return user


def session_slugs(client, user, routine):
    session = Session.objects.create(user=user, routine=routine, date=timezone.localdate())
    response = client.get(session.get_absolute_url())
    session.delete()
    return [card.exercise.slug for card in response.context["cards"]], response.text


def test_a_new_injured_users_ladder_4_session_has_no_nordic_curls(auth_client, injured, ladder):
    slugs, text = session_slugs(auth_client, injured, ladder)
    assert "nordic-hamstring-curl" not in slugs
    assert [s for s in slugs if s in LADDER_4] == ["ball-hamstring-curl-hips-down"]
    assert "Still to earn" in text
    assert "unlocks when you move on from Single-Leg Stability Ball Hamstring Curl" in text
    assert "pass the ones before it first" in text  # no override for the advanced Nordics


def test_the_routine_page_shows_the_locked_stages(auth_client, user, ladder):
    text = auth_client.get(ladder.get_absolute_url()).text
    assert "Still to earn" in text
    assert text.count("I have done this before") == 3


def test_moving_on_unlocks_the_next_exercise(auth_client, user, ladder):
    first, second = (Exercise.objects.get(slug=s) for s in LADDER_4[:2])
    ProgressionState.objects.create(user=user, exercise=first, sets=3, reps=10, offer=second)
    auth_client.post(reverse("progress:progression-move-on", args=[first.slug]))
    slugs, _ = session_slugs(auth_client, user, ladder)
    assert "stability-ball-hamstring-curl" in slugs
    assert "single-leg-stability-ball-hamstring-curl" not in slugs


def test_i_have_done_this_before_unlocks_with_a_record_and_a_warning(auth_client, user, ladder):
    nordic = Exercise.objects.get(slug="nordic-hamstring-curl")
    response = auth_client.post(
        reverse("progress:stage-unlock", args=[nordic.slug]),
        {"next": ladder.get_absolute_url()},
        follow=True,
    )
    assert "advanced move" in response.text
    event = ProgressionEvent.objects.get(user=user, exercise=nordic)
    assert event.kind == ProgressionEvent.Kind.OVERRIDE
    assert "I have done this before" in event.reason
    slugs, _ = session_slugs(auth_client, user, ladder)
    assert "nordic-hamstring-curl" in slugs


def test_returning_from_injury_cannot_skip_to_an_advanced_move(auth_client, injured, ladder):
    nordic = Exercise.objects.get(slug="nordic-hamstring-curl")
    response = auth_client.post(reverse("progress:stage-unlock", args=[nordic.slug]), follow=True)
    assert "returning from a hamstring injury" in response.text
    assert not ProgressionState.objects.filter(user=injured, exercise=nordic).exists()


def test_returning_from_injury_may_unlock_an_intermediate_move(auth_client, injured, ladder):
    curl = Exercise.objects.get(slug="stability-ball-hamstring-curl")
    auth_client.post(reverse("progress:stage-unlock", args=[curl.slug]))
    assert ProgressionState.objects.filter(user=injured, exercise=curl).exists()


def test_an_injured_users_logged_nordic_does_not_unlock_it_but_a_move_on_does(
    auth_client, injured, ladder
):
    nordic, before = (Exercise.objects.get(slug=s) for s in LADDER_4[:-3:-1])
    ProgressionState.objects.create(user=injured, exercise=nordic, sets=2, reps=5)
    assert "nordic-hamstring-curl" not in session_slugs(auth_client, injured, ladder)[0]
    ProgressionState.objects.create(user=injured, exercise=before, sets=3, reps=10, moved_to=nordic)
    assert "nordic-hamstring-curl" in session_slugs(auth_client, injured, ladder)[0]


def test_an_unsafe_next_address_is_not_followed(auth_client, user, ladder):
    curl = Exercise.objects.get(slug="stability-ball-hamstring-curl")
    response = auth_client.post(
        reverse("progress:stage-unlock", args=[curl.slug]), {"next": "https://example.org/"}
    )
    assert response["Location"] == curl.get_absolute_url()


def test_the_profile_offers_returning_from_injury(auth_client, user):
    page = auth_client.get(reverse("accounts:profile")).text
    assert "Returning from a hamstring injury" in page
