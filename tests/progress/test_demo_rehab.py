"""The demo account shows pain monitoring and a locked stage."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from logbook.demo import USERNAME
from progress.models import MorningCheck, PainReport
from training.models import Routine

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "fixtures/exercises.json", "fixtures/routines.json", verbosity=0)
        with override_settings(DEBUG=True):
            call_command("demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(built, client):
    user = User.objects.get(username=USERNAME)
    client.force_login(user)
    return user


def test_the_demo_said_its_pain_and_checked_its_mornings(demo, client):
    assert PainReport.objects.filter(user=demo).count() == 3
    assert all(r.pain <= 3 for r in PainReport.objects.filter(user=demo))
    assert MorningCheck.objects.filter(user=demo).count() == 3
    page = client.get(reverse("progress:dashboard")).text
    assert "How do your hamstrings feel this morning?" in page


def test_the_demo_has_a_ladder_with_stages_still_to_earn(demo, client):
    ladder = Routine.objects.get(owner=demo, name="Home: first exercises, step by step")
    page = client.get(ladder.get_absolute_url()).text
    assert "Still to earn" in page
    assert "Standing Hamstring Curl" in page
