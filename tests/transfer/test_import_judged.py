"""Imported history is history: judged in date order, as if it had been logged on its days."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from progress.models import ProgressionEvent, ProgressionState
from tests.factories import EquipmentFactory, hold_stretch_factory, loaded_lift_factory
from tests.tasks import run_tasks_ok
from training.models import Import, Session

pytestmark = pytest.mark.django_db

HEAD = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE\n"
)
STRONG = HEAD + (
    "2025-09-15 18:00:00,Posterior chain A,45m,Romanian Deadlift,1,60,8,0,0,,Felt good,\n"
    "2025-09-15 18:00:00,Posterior chain A,45m,Romanian Deadlift,2,62.5,6,0,0,"
    "grip slipped,Felt good,\n"
    "2025-09-15 18:00:00,Posterior chain A,45m,Wall Hold,1,0,0,0,45,,Felt good,\n"
)


@pytest.fixture
def catalog(db):
    barbell = EquipmentFactory(slug="barbell", name="Barbell", load_step_kg=Decimal("2.5"))
    return {
        "rdl": loaded_lift_factory(equipment=[barbell]),
        "hold": hold_stretch_factory(name="Wall Hold", unilateral=False),
    }


def import_text(client, text: str) -> Import:
    upload = SimpleUploadedFile("strong.csv", text.encode(), "text/csv")
    response = client.post(reverse("transfer:import-start"), {"file": upload})
    assert response.status_code == 302, response.text
    batch = Import.objects.latest("pk")
    names = {
        f"name_{i}": str(row["match"]) if row["match"] else "new"
        for i, row in enumerate(batch.summary["names"])
    }
    response = client.post(response["Location"], {**names, "unit": "kg"})
    assert response.status_code == 302, response.text
    run_tasks_ok()
    batch.refresh_from_db()
    assert batch.status == Import.Status.DONE
    return batch


def test_an_imported_hold_and_lift_get_the_targets_their_history_earns(auth_client, user, catalog):
    import_text(auth_client, STRONG)
    hold = ProgressionState.objects.get(user=user, exercise=catalog["hold"])
    assert hold.hold_s == 50  # the rule's next step from the 45 s logged
    assert "next time hold 50 s" in hold.reason
    rdl = ProgressionState.objects.get(user=user, exercise=catalog["rdl"])
    assert (rdl.sets, rdl.reps, rdl.load_kg) == (3, 6, Decimal("62.5"))
    events = ProgressionEvent.objects.filter(user=user, exercise=catalog["rdl"])
    assert [e.date for e in events] == [datetime.date(2025, 9, 15)]
    page = auth_client.get(reverse("progress:exercise-progress", args=[catalog["rdl"].slug]))
    assert "3 × 6 at 62.5 kg" in page.text


def test_the_workout_name_is_the_sessions_title_and_a_set_note_its_sets(auth_client, user, catalog):
    import_text(auth_client, STRONG)
    session = Session.objects.get(user=user)
    assert session.title == "Posterior chain A"
    assert session.notes == "From Strong\nFelt good"
    assert list(session.sets.exclude(note="").values_list("note", flat=True)) == ["grip slipped"]
    calendar = auth_client.get(reverse("training:calendar-month", args=[2025, 9]))
    assert "Posterior chain A" in calendar.text


def test_an_import_older_than_the_log_is_judged_before_it(auth_client, user, catalog):
    import_text(auth_client, STRONG)
    later = HEAD + "2025-09-10 18:00:00,Earlier,30m,Wall Hold,1,0,0,0,30,,,\n"
    import_text(auth_client, later)
    events = ProgressionEvent.objects.filter(user=user, exercise=catalog["hold"]).order_by("date")
    assert [(e.date, e.before_text, e.after_text) for e in events] == [
        (datetime.date(2025, 9, 10), "hold 30 s", "hold 35 s"),
        (datetime.date(2025, 9, 15), "hold 35 s", "hold 40 s"),
    ]
