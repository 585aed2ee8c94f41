"""The warm-up and the cool-down as the articles prescribe, on the session page: the
warm-up is the first step, the static stretches the last, and advanced moves ask for
the warm-up first."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise
from progress.models import ProgressionState
from progress.selectors import WARM_UP_FIRST
from training.models import Routine, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(db):
    call_command("loaddata", "fixtures/exercises.json", "fixtures/routines.json", verbosity=0)


@pytest.fixture
def session(catalog, user):
    template = Routine.objects.get(template_key="hamstring-circuit")
    return Session.objects.create(user=user, routine=template, date=timezone.localdate())


def test_the_session_page_shows_the_warm_up_first_and_the_stretches_last(auth_client, session):
    response = auth_client.get(session.get_absolute_url())
    cards = response.context["cards"]
    slugs = [card.exercise.slug for card in cards]
    assert slugs[0] == "warm-up"
    assert slugs[-3:] == [
        "lying-towel-hamstring-stretch",
        "standing-hamstring-stretch",
        "seated-forward-bend",
    ]
    # A circuit's rounds repeat its exercises, not the warm-up or the stretches.
    assert cards[0].target.text == "5 min"
    assert cards[-1].target.sets == 1
    assert cards[1].target.text.startswith("3 rounds of 10–12")


def test_an_advanced_move_asks_for_the_warm_up_until_it_is_done(auth_client, catalog, user):
    template = Routine.objects.get(template_key="physio-home-ladder-4")
    nordic = Exercise.objects.get(slug="nordic-hamstring-curl")
    ProgressionState.objects.create(user=user, exercise=nordic, sets=2, reps=5)  # earned
    session = Session.objects.create(user=user, routine=template, date=timezone.localdate())
    cards = {
        c.exercise.slug: c for c in auth_client.get(session.get_absolute_url()).context["cards"]
    }
    assert cards["nordic-hamstring-curl"].target.warning == WARM_UP_FIRST
    assert cards["ball-hamstring-curl-hips-down"].target.warning == ""
    auth_client.post(reverse("logbook:session-start", args=[session.pk]), {"warmup_done": "on"})
    response = auth_client.get(session.get_absolute_url())
    cards = {c.exercise.slug: c for c in response.context["cards"]}
    assert cards["nordic-hamstring-curl"].target.warning == ""


def test_the_routine_page_gives_the_warm_up_in_minutes(auth_client, catalog):
    template = Routine.objects.get(template_key="physio-home-ladder-1")
    rows = auth_client.get(template.get_absolute_url()).context["rows"]
    assert rows[0].target == "5 min"
