"""Each app's export, from upload to the log: units, sides, holds, warm-ups, bodyweight."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exercises.models import Exercise
from tests.factories import ExerciseFactory
from tests.tasks import run_tasks_ok
from training.models import Import, LoggedSet, Session

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "import_samples"


def import_file(client, name, **answers):
    data = (SAMPLES / name).read_bytes()
    response = client.post(
        reverse("transfer:import-start"), {"file": SimpleUploadedFile(name, data, "text/csv")}
    )
    assert response.status_code == 302, response.text
    batch = Import.objects.latest("pk")
    names = {
        f"name_{i}": str(row["match"]) if row["match"] else "new"
        for i, row in enumerate(batch.summary["names"])
    }
    response = client.post(response["Location"], {**names, **answers})
    assert response.status_code == 302, response.text
    run_tasks_ok()  # the background worker writes what the review confirmed
    batch.refresh_from_db()
    assert batch.status == Import.Status.DONE
    return batch


def test_fitnotes_mixes_pounds_and_kilograms_row_by_row(auth_client, user):
    batch = import_file(auth_client, "fitnotes.csv")
    assert batch.format == "fitnotes"
    curl = LoggedSet.objects.get(exercise__name="Seated Leg Curl", reps=12)
    assert curl.load_kg == Decimal("36.2874")  # 80 lb
    rdl = LoggedSet.objects.filter(exercise__name="Romanian Deadlift")
    assert {s.load_kg for s in rdl} == {Decimal("62.5")}
    # A bodyweight set is kept, without a load.
    nordic = LoggedSet.objects.get(exercise__name="Nordic Hamstring Curl")
    assert (nordic.reps, nordic.load_kg) == (5, None)
    # Holds, one per side, from the time column and the L / R comments.
    holds = LoggedSet.objects.filter(exercise__name="Hamstring Stretch").order_by("side")
    assert [(s.side, s.hold_s, s.reps) for s in holds] == [("left", 90, None), ("right", 90, None)]
    assert Exercise.objects.get(name="Hamstring Stretch", owner=user).measure == "hold"
    # Cycling is distance only: not a set.
    assert not LoggedSet.objects.filter(exercise__name="Cycling").exists()
    assert Session.objects.filter(user=user).count() == 2


@pytest.mark.parametrize(
    ("sample", "heaviest"),
    [("hevy_lbs.csv", Decimal("27.2155")), ("hevy_kg.csv", None)],
)
def test_hevy_says_its_unit_in_the_header(auth_client, sample, heaviest):
    batch = import_file(auth_client, sample)
    assert batch.format == "hevy"
    assert batch.unit == ("lb" if heaviest else "kg")
    if heaviest is not None:
        top = LoggedSet.objects.order_by("-load_kg").first()
        assert top.load_kg == heaviest  # 60 lb


def test_strongs_semicolon_form_in_kilograms(auth_client):
    ExerciseFactory(
        name="Romanian Deadlift",
        measure=Exercise.Measure.REPS_LOAD,
        rule=Exercise.Rule.DOUBLE_PROGRESSION,
        reps_min=6,
        reps_max=8,
    )
    batch = import_file(auth_client, "strong_semicolon_kg.csv")
    assert (batch.format, batch.unit) == ("strong", "kg")
    sets = LoggedSet.objects.filter(exercise__name="Romanian Deadlift").order_by("pk")
    assert sets.filter(kind=LoggedSet.Kind.WARMUP).count() == 1
    assert sets.filter(kind=LoggedSet.Kind.WORKING, load_kg=Decimal("62.5")).exists()
    session = sets.first().session
    assert (session.title, session.notes[:11]) == ("Leg day", "From Strong")
    assert session.finished_at - session.started_at == datetime.timedelta(seconds=3900)


def test_strongs_semicolon_form_in_pounds_with_comma_decimals(auth_client):
    batch = import_file(auth_client, "strong_semicolon_lbs.csv")
    assert (batch.format, batch.unit) == ("strong", "lb")
    loads = LoggedSet.objects.order_by("pk").values_list("kind", "load_kg", "reps")
    assert list(loads) == [
        ("warmup", Decimal("20.4117"), 10),
        ("working", Decimal("62.3690"), 8),  # 137,5 lb
        ("working", Decimal("43.3181"), 12),
    ]
