"""Importing a Strong, Hevy or FitNotes export: upload, review, confirm, progress."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from exercises.models import Exercise
from progress.models import PersonalRecord, ProgressionEvent, ProgressionState
from tests.factories import ExerciseFactory, UserFactory
from tests.html import field_error
from tests.tasks import run_tasks_ok
from training.models import Import, LoggedSet, Session
from transfer import import_writing, importing

pytestmark = pytest.mark.django_db

HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE"
)
STRONG = f"""{HEADER}
2025-09-15 07:48:00,Leg day,1h 5m,Romanian Deadlift (Barbell),W,40,10,0,0,,Felt strong,
2025-09-15 07:48:00,Leg day,1h 5m,Romanian Deadlift (Barbell),1,60,8,0,0,,Felt strong,7
2025-09-15 07:48:00,Leg day,1h 5m,Romanian Deadlift (Barbell),2,60,8,0,0,,Felt strong,8
2025-09-15 07:48:00,Leg day,1h 5m,Romanian Deadlift (Barbell),Rest Timer,0,0,0,90,,Felt strong,
2025-09-15 07:48:00,Leg day,1h 5m,Cable Pull-Through,1,25,12,0,0,,Felt strong,
2025-09-15 07:48:00,Leg day,1h 5m,Glute Bridge,1,0,10,0,0,,Felt strong,
2025-09-18 18:02:00,Hamstring B,45m,Romanian Deadlift (Barbell),1,65,8,0,0,,,
2025-09-18 18:02:00,Hamstring B,45m,Glute Bridge,1,,10,0,0,,,
2025-09-18 18:02:00,Hamstring B,45m,Glute Bridge,2,,10,0,0,,,
"""


@pytest.fixture
def catalog(db):
    return {
        "rdl": ExerciseFactory(
            name="Romanian Deadlift",
            measure=Exercise.Measure.REPS_LOAD,
            rule=Exercise.Rule.DOUBLE_PROGRESSION,
            reps_min=6,
            reps_max=8,
        ),
        "bridge": ExerciseFactory(name="Glute Bridge"),
    }


def upload(client, text=STRONG, name="strong.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(
        reverse("transfer:import-start"), {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


def run_to_the_end(client, batch):
    """What the background worker does with the import the review queued."""
    run_tasks_ok()
    batch.refresh_from_db()
    return batch


def review(batch, **answers):
    """The review form as the page offers it (each name as matched, or made the user's own),
    with `answers` changed."""
    offered = {
        f"name_{i}": str(row["match"]) if row["match"] else "new"
        for i, row in enumerate(batch.summary["names"])
    }
    return {**offered, **answers}


def confirm(client, batch, **answers):
    response = client.post(
        reverse("transfer:import-review", args=[batch.pk]), review(batch, **answers)
    )
    assert response.status_code == 302, response.text
    return run_to_the_end(client, batch)


def test_uploading_shows_the_review_and_writes_nothing_to_the_log(auth_client, catalog):
    response = upload(auth_client)
    batch = Import.objects.get()
    assert response["Location"] == reverse("transfer:import-review", args=[batch.pk])
    page = auth_client.get(response["Location"]).text
    assert "2 new sessions, 2025-09-15 to 2025-09-18" in page
    rdl = catalog["rdl"].pk
    assert f'<option value="{rdl}" selected>Romanian Deadlift</option>' in page
    assert "Cable Pull-Through" in page and "Not in the catalog." in page
    assert "The file&#x27;s weights are in" in page  # Strong's comma form has no unit
    assert "1 rest timer row" in page
    assert Session.objects.count() == 0
    assert LoggedSet.objects.count() == 0


def test_confirming_writes_the_sessions_with_records_and_progression(auth_client, user, catalog):
    upload(auth_client)
    batch = Import.objects.get()
    batch = confirm(auth_client, batch, unit="kg", name_0="new")
    assert batch.status == Import.Status.DONE
    assert (batch.sessions_written, batch.sets_written) == (2, 8)
    sessions = list(Session.objects.filter(user=user).order_by("date"))
    assert [s.date.isoformat() for s in sessions] == ["2025-09-15", "2025-09-18"]
    assert all(s.status == Session.Status.DONE for s in sessions)
    assert sessions[0].title == "Leg day"
    assert sessions[0].notes.startswith("From Strong\nFelt strong")
    rdl = LoggedSet.objects.filter(exercise=catalog["rdl"]).order_by("session__date", "pk")
    assert [(s.kind, s.load_kg, s.reps) for s in rdl] == [
        ("warmup", Decimal("40"), 10),
        ("working", Decimal("60"), 8),
        ("working", Decimal("60"), 8),
        ("working", Decimal("65"), 8),
    ]
    # Bodyweight sets are kept, with no load, whether the file said 0 or nothing.
    bridges = LoggedSet.objects.filter(exercise=catalog["bridge"])
    assert bridges.count() == 3
    assert {s.load_kg for s in bridges} == {None}
    own = Exercise.objects.get(owner=user)
    assert own.name == "Cable Pull-Through"
    assert own.measure == Exercise.Measure.REPS_LOAD
    assert LoggedSet.objects.get(exercise=own).load_kg == Decimal("25")
    # As logging the sets one by one would have: records, events, a stage.
    heaviest = PersonalRecord.objects.filter(user=user, exercise=catalog["rdl"], kind="load")
    assert max(r.value for r in heaviest) == Decimal("65")
    assert ProgressionEvent.objects.filter(user=user, exercise=catalog["rdl"]).count() >= 2
    state = ProgressionState.objects.get(user=user, exercise=catalog["bridge"])
    assert state.trained_on.isoformat() == "2025-09-18"


def test_pounds_in_a_file_without_units_are_stored_as_kilograms(auth_client, catalog):
    upload(auth_client)
    confirm(auth_client, Import.objects.get(), unit="lb", name_0="skip")
    heaviest = LoggedSet.objects.filter(exercise=catalog["rdl"]).order_by("-load_kg").first()
    assert heaviest.load_kg == Decimal("29.4835")  # 65 lb
    assert not Exercise.objects.filter(owner__isnull=False).exists()
    assert LoggedSet.objects.count() == 7  # the pull-through's set was left out


def test_an_unknown_exercise_can_be_logged_as_a_catalog_one(auth_client, catalog):
    upload(auth_client)
    confirm(auth_client, Import.objects.get(), unit="kg", name_0=str(catalog["bridge"].pk))
    assert LoggedSet.objects.filter(exercise=catalog["bridge"]).count() == 4


def test_importing_the_same_file_again_adds_nothing(auth_client, catalog):
    upload(auth_client)
    confirm(auth_client, Import.objects.get(), unit="kg", name_0="new")
    before = (Session.objects.count(), LoggedSet.objects.count(), Exercise.objects.count())
    response = upload(auth_client)
    again = Import.objects.latest("pk")
    page = auth_client.get(response["Location"]).text
    assert "You imported this file before" in page
    assert "2 sessions already in your log: left out" in page
    assert "Import 0 sessions" in page
    # The private exercise made the first time is known now.
    own = Exercise.objects.get(name="Cable Pull-Through")
    assert f'<option value="{own.pk}" selected>Cable Pull-Through</option>' in page
    confirm(auth_client, again, unit="kg")
    after = (Session.objects.count(), LoggedSet.objects.count(), Exercise.objects.count())
    assert after == before


def test_a_later_export_brings_in_only_the_new_workouts(auth_client, catalog):
    first, later = STRONG.splitlines()[:7], STRONG.splitlines()
    upload(auth_client, "\n".join(first) + "\n")
    confirm(auth_client, Import.objects.get(), unit="kg", name_0="new")
    assert Session.objects.count() == 1
    upload(auth_client, "\n".join(later) + "\n")
    confirm(auth_client, Import.objects.latest("pk"), unit="kg")
    assert Session.objects.count() == 2
    assert LoggedSet.objects.count() == 8


def test_a_file_with_bad_rows_is_refused_with_line_numbers(auth_client, catalog):
    bad = STRONG.replace("60,8,0,0,,Felt strong,7", "sixty,8,0,0,,Felt strong,7").replace(
        "2025-09-18 18:02:00,Hamstring B,45m,Glute Bridge,2",
        "2025-13-45 18:02:00,Hamstring B,45m,Glute Bridge,2",
    )
    response = upload(auth_client, bad)
    assert response.status_code == 200
    error = field_error(response, "file")
    assert "Line 3:" in error
    assert "Line 10:" in error
    assert not Import.objects.exists()
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not a CSV export"),
        (b"name,age\nAnn,3\n", "Strong, Hevy"),
        (STRONG.splitlines()[0].encode() + b"\n", "no sets"),
    ],
    ids=["empty", "binary", "unknown header", "header only"],
)
def test_a_file_that_is_not_an_export_gets_a_clear_error(auth_client, data, message):
    response = upload(auth_client, data)
    assert response.status_code == 200
    assert message in field_error(response, "file")
    assert not Import.objects.exists()


def test_a_file_over_the_size_limit_is_refused(auth_client, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = upload(auth_client)
    assert "the most Hamstrong takes is 100" in field_error(response, "file")
    assert not Import.objects.exists()


def test_a_file_over_the_row_limit_is_refused(auth_client, settings):
    settings.IMPORT_MAX_ROWS = 5
    response = upload(auth_client)
    assert "5" in field_error(response, "file")
    assert not Import.objects.exists()


def test_the_review_keeps_the_answers_when_the_unit_is_missing(auth_client, catalog):
    upload(auth_client)
    batch = Import.objects.get()
    response = auth_client.post(
        reverse("transfer:import-review", args=[batch.pk]), review(batch, name_0="skip")
    )
    assert response.status_code == 200
    assert "Choose the unit" in field_error(response, "unit")
    assert 'value="skip" selected' in response.text
    assert Session.objects.count() == 0


def test_an_import_is_written_in_steps_with_progress(auth_client, catalog, monkeypatch):
    monkeypatch.setattr(import_writing, "CHUNK_SETS", 1)
    monkeypatch.setattr(import_writing, "STEP_SECONDS", 0)
    upload(auth_client)
    batch = Import.objects.get()
    auth_client.post(reverse("transfer:import-review", args=[batch.pk]), review(batch, unit="kg"))
    page = auth_client.get(reverse("transfer:import-progress", args=[batch.pk])).text
    assert 'value="0"' in page and "Writing your sessions" in page
    assert "Waiting for the server to start" in page
    # The review answered at once: the writing waits in the queue for a worker.
    assert DBTaskResult.objects.ready().count() == 1
    assert not Session.objects.exists()
    batch.refresh_from_db()
    import_writing.import_step(batch=batch, budget=0)  # one step, as a worker takes it
    response = auth_client.get(
        reverse("transfer:import-progress", args=[batch.pk]), HTTP_HX_REQUEST="true"
    )
    batch.refresh_from_db()
    assert batch.status == Import.Status.RUNNING
    assert (batch.cursor, batch.total) == (1, 2)
    assert 'value="47"' in response.text and "<html" not in response.text
    assert "Waiting" not in response.text
    assert Session.objects.count() == 1
    batch = run_to_the_end(auth_client, batch)
    page = auth_client.get(reverse("transfer:import-progress", args=[batch.pk])).text
    assert "Imported 8 sets in 2 sessions" in page
    assert reverse("training:calendar-month", args=[2025, 9]) in page


def test_cancelling_a_running_import_keeps_nothing_of_it(auth_client, user, catalog, monkeypatch):
    monkeypatch.setattr(import_writing, "CHUNK_SETS", 1)
    monkeypatch.setattr(import_writing, "STEP_SECONDS", 0)
    upload(auth_client)
    batch = Import.objects.get()
    auth_client.post(reverse("transfer:import-review", args=[batch.pk]), review(batch, unit="kg"))
    batch.refresh_from_db()
    import_writing.import_step(batch=batch, budget=0)  # a worker has written one step
    assert Session.objects.count() == 1
    response = auth_client.post(reverse("transfer:import-cancel", args=[batch.pk]))
    assert response.status_code == 302
    run_tasks_ok()  # the queued task finds it cancelled and writes nothing more
    batch.refresh_from_db()
    assert batch.status == Import.Status.CANCELLED
    assert not Session.objects.exists()
    assert not LoggedSet.objects.exists()
    assert not Exercise.objects.filter(owner=user).exists()


def test_an_import_the_database_refuses_is_undone_whole(auth_client, catalog, monkeypatch):
    monkeypatch.setattr(import_writing, "CHUNK_SETS", 1)
    monkeypatch.setattr(import_writing, "STEP_SECONDS", 0)
    upload(auth_client)
    batch = Import.objects.get()
    # A row no check could let through, as if the file changed under the import.
    batch.payload[1]["sets"][0][4] = 5000
    batch.save()
    auth_client.post(reverse("transfer:import-review", args=[batch.pk]), review(batch, unit="kg"))
    batch = run_to_the_end(auth_client, batch)
    assert batch.status == Import.Status.FAILED
    assert not Session.objects.exists()
    assert not LoggedSet.objects.exists()
    page = auth_client.get(reverse("transfer:import-progress", args=[batch.pk])).text
    assert "nothing of it was kept" in page
    # Tried again: back to the review with the answers kept, and the file still there.
    response = auth_client.post(reverse("transfer:import-retry", args=[batch.pk]))
    assert response["Location"] == reverse("transfer:import-review", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.status == Import.Status.REVIEW and len(batch.payload) == 2


def test_another_users_import_is_404(client, catalog):
    owner, intruder = UserFactory(), UserFactory()
    client.force_login(owner)
    upload(client)
    batch = Import.objects.get()
    client.force_login(intruder)
    for name, method in [
        ("import-review", "get"),
        ("import-review", "post"),
        ("import-progress", "get"),
        ("import-step", "post"),
        ("import-retry", "post"),
        ("import-cancel", "post"),
    ]:
        response = getattr(client, method)(reverse(f"transfer:{name}", args=[batch.pk]))
        assert response.status_code == 404, name
    batch.refresh_from_db()
    assert batch.status == Import.Status.REVIEW


def test_anonymous_users_are_sent_to_log_in(client):
    for name, args in [("import-start", []), ("import-review", [1]), ("import-progress", [1])]:
        response = client.get(reverse(f"transfer:{name}", args=args))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_writing_pages_refuse_get(auth_client):
    for name in ("import-step", "import-retry", "import-cancel"):
        assert auth_client.get(reverse(f"transfer:{name}", args=[1])).status_code == 405


def test_weights_too_heavy_for_kilograms_ask_whether_they_were_pounds(auth_client, catalog):
    upload(auth_client, STRONG.replace(",65,8,", ",1500,8,"))
    batch = Import.objects.get()
    url = reverse("transfer:import-review", args=[batch.pk])
    response = auth_client.post(url, review(batch, unit="kg"))
    assert "Were they pounds?" in field_error(response, "unit")
    assert confirm(auth_client, batch, unit="lb", name_0="new").status == Import.Status.DONE


def test_confirming_twice_imports_once(auth_client, catalog):
    upload(auth_client)
    batch = Import.objects.get()
    choices = {"Cable Pull-Through": "new"}
    first = importing.import_confirm(batch=batch, unit="kg", choices=choices)
    stale = Import.objects.get(pk=batch.pk)
    stale.status = Import.Status.REVIEW  # as a second tab still sees it
    again = importing.import_confirm(batch=stale, unit="kg", choices=choices)
    assert again.status == first.status == Import.Status.RUNNING
    assert Exercise.objects.filter(name="Cable Pull-Through").count() == 1
    url = reverse("transfer:import-review", args=[batch.pk])
    assert auth_client.post(url, review(batch, unit="kg")).status_code == 302


def test_making_an_exercise_of_my_own_again_reuses_the_one_i_have(auth_client, user, catalog):
    mine = ExerciseFactory(name="Cable Pull-Through", slug="mine", owner=user)
    upload(auth_client)
    batch = Import.objects.get()
    assert batch.summary["names"][0] == {"name": "Cable Pull-Through", "sets": 1, "match": mine.pk}
    confirm(auth_client, batch, unit="kg", name_0="new")
    assert Exercise.objects.filter(owner=user).count() == 1
    assert LoggedSet.objects.filter(exercise=mine).count() == 1


def test_two_names_alike_in_their_first_100_characters_make_two_exercises(
    auth_client, user, catalog
):
    # The name field holds 100 characters: the second is numbered to stay apart.
    long = "Single-Leg Romanian Deadlift " * 4
    text = STRONG.replace("Cable Pull-Through", f"{long}(Dumbbell)").replace(
        "Hamstring B,45m,Glute Bridge,2", f"Hamstring B,45m,{long}(Kettlebell),1"
    )
    upload(auth_client, text)
    batch = Import.objects.get()
    confirm(auth_client, batch, unit="kg")
    made = Exercise.objects.filter(owner=user).order_by("pk")
    assert [exercise.name for exercise in made] == [long[:100], long[:96].rstrip() + " (2)"]
    assert [LoggedSet.objects.filter(exercise=exercise).count() for exercise in made] == [1, 1]
