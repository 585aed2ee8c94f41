"""Restoring a backup: into an empty account only, the whole file checked before any write."""

import copy
import html
import json
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse

from progress.models import Goal, PersonalRecord, ProgressionEvent
from tests.factories import ExerciseFactory, RoutineFactory, UserFactory
from tests.html import field_error
from tests.tasks import run_tasks_ok
from tests.training.conftest import make_session
from tests.transfer.test_backup import export, rich_account
from training.models import LoggedSet, Restore, Routine, Session
from transfer.restore import BackupError, account_contents, backup_restore

pytestmark = pytest.mark.django_db

URL = reverse("transfer:restore")


def minimal() -> dict:
    """A valid backup of one session of one set of the catalog's glute bridge."""
    return {
        "format": "hamstrong-backup",
        "version": 1,
        "exported_at": "2025-06-01T10:00:00+00:00",
        "profile": {
            "display_name": "Ann",
            "unit": "kg",
            "weekly_target": 2,
            "experience": "beginner",
        },
        "exercises": [],
        "routines": [],
        "schedules": [],
        "sessions": [
            {
                "ref": "session:1",
                "date": "2025-05-01",
                "status": "done",
                "routine": None,
                "schedule": None,
                "warmup_done": True,
                "cooldown_done": False,
                "effort": 6,
                "notes": "",
                "started_at": "2025-05-01T07:00:00+00:00",
                "finished_at": "2025-05-01T07:40:00+00:00",
                "import_key": "",
                "sets": [
                    {
                        "ref": "set:1",
                        "exercise": "glute-bridge",
                        "set_number": 1,
                        "set_type": "working",
                        "side": "both",
                        "reps": 10,
                        "load_kg": None,
                        "hold_s": None,
                        "band": None,
                        "rpe": None,
                        "completed": True,
                    }
                ],
            }
        ],
        "goals": [],
        "progression_events": [],
        "progression_states": [],
        "personal_records": [],
    }


def changed(change) -> bytes:
    document = minimal()
    change(document)
    return json.dumps(document).encode()


def first_set(document) -> dict:
    return document["sessions"][0]["sets"][0]


def upload(client, content: bytes, name="hamstrong-backup.json"):
    """Post the file; a file that passed its check is restored by the background worker."""
    response = client.post(URL, {"file": SimpleUploadedFile(name, content)})
    if response.status_code == 302:
        run_tasks_ok()
    return response


def error_of(response) -> str:
    assert response.status_code == 200
    return html.unescape(field_error(response, "file"))


def assert_nothing_written(user):
    assert account_contents(user) == []
    assert not LoggedSet.objects.filter(session__user=user).exists()
    user.refresh_from_db()
    assert user.display_name != "Ann"


@pytest.fixture
def bridge(moves):
    return moves["bridge"]


def test_the_page_explains_and_offers_a_labelled_file_field(auth_client):
    response = auth_client.get(URL)
    assert response.status_code == 200
    assert re.search(r'<label\s+for="id_file"[^>]*>\s*Backup file', response.text)
    assert 'type="file"' in response.text
    assert 'enctype="multipart/form-data"' in response.text
    assert "empty account" in response.text
    assert reverse("transfer:export-backup") in response.text
    assert reverse("transfer:export-csv") in response.text
    assert "style=" not in response.text and "<script>" not in response.text


def test_the_page_warns_an_account_that_already_holds_data(auth_client, user):
    make_session(user)
    response = auth_client.get(URL)
    assert "already holds sessions" in response.text


def test_a_backup_is_restored_and_counted(auth_client, user, bridge):
    response = upload(auth_client, json.dumps(minimal()).encode())
    assert response.status_code == 302
    job = Restore.objects.get(user=user)
    assert response["Location"] == reverse("transfer:restore-progress", args=[job.pk])
    page = auth_client.get(response["Location"])
    assert "Restored 1 session and 1 set." in page.text
    assert reverse("training:history") in page.text
    job.refresh_from_db()
    assert (job.status, job.document) == (Restore.Status.DONE, {})  # not kept twice
    session = Session.objects.get(user=user)
    assert (session.date.isoformat(), session.effort, session.warmup_done) == (
        "2025-05-01",
        6,
        True,
    )
    logged = session.sets.get()
    assert (logged.exercise, logged.reps, logged.kind) == (bridge, 10, "working")
    user.refresh_from_db()
    assert user.display_name == "Ann"


def test_a_whole_account_restores_through_the_page(auth_client, user, other_user, moves, bands):
    rich_account(other_user, moves, bands)
    document = export(other_user)
    response = upload(auth_client, json.dumps(document).encode())
    assert response.status_code == 302
    message = html.unescape(auth_client.get(response["Location"]).text)
    events = ProgressionEvent.objects.filter(user=other_user).count()
    records = PersonalRecord.objects.filter(user=other_user).count()
    assert (
        "Restored 10 sessions, 10 sets, 2 routines, 1 schedule, 3 goals, 1 private exercise, "
        f"{events} progression events and {records} personal records."
    ) in message
    assert Session.objects.filter(user=user).count() == 10


def test_a_byte_order_mark_is_allowed(auth_client, user, bridge):
    response = upload(auth_client, "\ufeff".encode() + json.dumps(minimal()).encode())
    assert response.status_code == 302
    assert Session.objects.filter(user=user).count() == 1


def test_an_account_that_holds_anything_is_refused_and_left_alone(auth_client, user, bridge):
    mine = make_session(user)
    LoggedSet.objects.create(session=mine, exercise=bridge, set_number=1, reps=5)
    response = upload(auth_client, json.dumps(minimal()).encode())
    error = error_of(response)
    assert "already holds sessions" in error
    assert "empty account" in error
    assert list(Session.objects.filter(user=user)) == [mine]
    assert LoggedSet.objects.filter(session__user=user).count() == 1


@pytest.mark.parametrize(
    "made",
    [
        lambda user: RoutineFactory(owner=user),
        lambda user: ExerciseFactory(name="Mine", owner=user),
        lambda user: Goal.objects.create(
            user=user,
            metric="sessions",
            target=2,
            weeks=2,
            baseline=0,
            why="Habit",
            deadline="2030-01-02",
            created_on="2030-01-01",
        ),
    ],
    ids=["routine", "private exercise", "goal"],
)
def test_any_own_row_makes_the_account_not_empty(user, bridge, made):
    made(user)
    with pytest.raises(BackupError, match="already holds"):
        backup_restore(user=user, data=minimal())
    assert not Session.objects.filter(user=user).exists()


def test_a_second_restore_is_refused(user, bridge):
    backup_restore(user=user, data=minimal())
    with pytest.raises(BackupError, match="already holds sessions"):
        backup_restore(user=user, data=minimal())
    assert Session.objects.filter(user=user).count() == 1


BAD_FILES = [
    ("empty", b"", "The submitted file is empty."),
    ("picture", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "it is not a text file"),
    ("latin-1 bytes", b"\xff\xfe\xfa not utf-8", "it is not a text file"),
    ("a CSV", b"date,exercise\n2025-01-01,Bridge\n", "it is not valid JSON"),
    ("cut short", json.dumps(minimal()).encode()[:-20], "it is not valid JSON"),
    ("NaN", b'{"format": "hamstrong-backup", "version": NaN}', "it is not valid JSON"),
    ("deep", b"[" * 100_000, "it is not valid JSON"),
    ("a list", b"[1, 2, 3]", "This is not a Hamstrong backup"),
    ("another format", b'{"format": "strong", "version": 1}', "This is not a Hamstrong backup"),
    ("wrong version", changed(lambda d: d.update(version=2)), "version 2"),
    ("no version", changed(lambda d: d.pop("version")), "version null"),
    (
        "unknown slug",
        changed(lambda d: first_set(d).update(exercise="nordic-curlz")),
        "Session 1, set 1: “exercise” must be the name of an exercise of the catalog or of "
        'the backup, not "nordic-curlz".',
    ),
    (
        "negative reps",
        changed(lambda d: first_set(d).update(reps=-3)),
        "Session 1, set 1: “reps” must be a whole number from 1 to 1000, not -3.",
    ),
    (
        "reps as text",
        changed(lambda d: first_set(d).update(reps="x")),
        '“reps” must be a whole number from 1 to 1000, not "x".',
    ),
    ("reps true", changed(lambda d: first_set(d).update(reps=True)), "not true"),
    ("reps 10.5", changed(lambda d: first_set(d).update(reps=10.5)), "not 10.5"),
    (
        "load as a float",
        changed(lambda d: first_set(d).update(load_kg=60.5)),
        "“load_kg” must be a number from 0 to 1000 as a string",
    ),
    ("load too heavy", changed(lambda d: first_set(d).update(load_kg="1000.5")), 'not "1000.5"'),
    ("load 5 places", changed(lambda d: first_set(d).update(load_kg="1.12345")), "4 decimals"),
    ("no reps or hold", changed(lambda d: first_set(d).update(reps=None)), "“hold_s” must be"),
    ("unknown band", changed(lambda d: first_set(d).update(band="plaid")), '"plaid"'),
    ("unknown side", changed(lambda d: first_set(d).update(side="middle")), "“side” must be one"),
    ("missing field", changed(lambda d: first_set(d).pop("completed")), "“completed” is missing"),
    ("a set not an object", changed(lambda d: d["sessions"][0].update(sets=[7])), "not 7"),
    ("sessions not a list", changed(lambda d: d.update(sessions={})), "“sessions” must be a list"),
    ("bad date", changed(lambda d: d["sessions"][0].update(date="01/05/2025")), "YYYY-MM-DD"),
    (
        "a time without offset",
        changed(lambda d: d["sessions"][0].update(started_at="2025-05-01T07:00:00")),
        "“started_at” must be a time in ISO 8601 with its offset",
    ),
    ("NUL in notes", changed(lambda d: d["sessions"][0].update(notes="a\x00b")), "“notes” must"),
    ("effort 11", changed(lambda d: d["sessions"][0].update(effort=11)), "from 1 to 10"),
    ("unit", changed(lambda d: d["profile"].update(unit="stone")), "“unit” must be one of"),
    (
        "a record of no set",
        changed(
            lambda d: d["personal_records"].append(
                {
                    "exercise": "glute-bridge",
                    "set": "set:99",
                    "kind": "reps",
                    "reps": None,
                    "value": "10.0000",
                    "previous": None,
                    "date": "2025-05-01",
                }
            )
        ),
        "Personal record 1: “set” must be the name of a set of the backup",
    ),
    (
        "twice the import key",
        changed(
            lambda d: d["sessions"].extend(
                [
                    d["sessions"][0] | {"ref": "session:2", "import_key": "k", "sets": []},
                    d["sessions"][0] | {"ref": "session:3", "import_key": "k", "sets": []},
                ]
            )
        ),
        "Session 3: “import_key” is another session's too.",
    ),
    (
        "a stage of an unknown exercise",
        changed(
            lambda d: d["progression_events"].append(
                {
                    "ref": "event:1",
                    "exercise": "glute-bridge",
                    "session": "session:1",
                    "date": "2025-05-01",
                    "kind": "add_set",
                    "met": True,
                    "before": None,
                    "after": {
                        "exercise": "glute-bridges",
                        "sets": 2,
                        "reps": 10,
                        "hold_s": None,
                        "load_kg": None,
                        "band": None,
                    },
                    "before_text": "",
                    "after_text": "2 × 10",
                    "reason": "You did 1 × 10.",
                }
            )
        ),
        "Progression event 1: “after” must be a stage: exercise, sets, reps, hold_s, load_kg "
        "and band, not",
    ),
    (
        "a private exercise with its range upside down",
        changed(
            lambda d: d["exercises"].append(
                {
                    "ref": "exercise:1",
                    "name": "Cable Pull-Through",
                    "aliases": "",
                    "summary": "A hinge on a cable.",
                    "starting_position": "Face away from the cable.",
                    "action": "Hinge.\nStand tall.",
                    "tips": "",
                    "level": "beginner",
                    "kind": "strength",
                    "movement": "hip_hinge",
                    "unilateral": False,
                    "measure": "reps",
                    "sets": 3,
                    "reps_min": 12,
                    "reps_max": 8,
                    "hold_min_s": None,
                    "hold_max_s": None,
                    "rep_hold_s": None,
                    "rest_s": 60,
                    "prescription_note": "",
                    "rule": "set_ladder",
                    "is_active": True,
                    "primary_muscles": [],
                    "secondary_muscles": [],
                    "equipment": [],
                    "sources": [],
                }
            )
        ),
        "Private exercise 1: The rep range is inverted: 12–8. Put the lower number first.",
    ),
    (
        "a goal ending before it starts",
        changed(
            lambda d: d["goals"].append(
                {
                    "metric": "reps",
                    "exercise": "glute-bridge",
                    "chain": None,
                    "target": "15",
                    "reps": None,
                    "weeks": None,
                    "baseline": "10",
                    "why": "Stronger",
                    "deadline": "2025-01-01",
                    "created_on": "2025-02-01",
                    "closed_on": None,
                }
            )
        ),
        "Goal 1: “deadline” must come after “created_on”.",
    ),
]


@pytest.mark.parametrize(
    "content,message", [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES]
)
def test_a_bad_file_is_refused_next_to_the_field_and_nothing_is_written(
    auth_client, user, bridge, bands, content, message
):
    response = upload(auth_client, content)
    assert message in error_of(response)
    assert_nothing_written(user)


def test_a_file_over_the_limit_is_refused(auth_client, user, bridge, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = upload(auth_client, json.dumps(minimal()).encode())
    assert "a backup may be 100 bytes at most" in error_of(response)
    assert_nothing_written(user)


def test_every_problem_is_listed_up_to_ten(user, bridge):
    document = minimal()
    sets = document["sessions"][0]["sets"]
    sets[:] = [first_set(document) | {"ref": f"set:{i}", "reps": -i} for i in range(1, 21)]
    with pytest.raises(BackupError) as caught:
        backup_restore(user=user, data=document)
    problems = caught.value.messages
    assert problems[0] == "Session 1, set 1: “reps” must be a whole number from 1 to 1000, not -1."
    assert problems[9].startswith("Session 1, set 10: ")
    assert problems[10] == "Checking stopped at 10 problems; there may be more."


def test_a_problem_at_the_end_stops_everything_before_it(user, bridge):
    document = minimal()
    document["goals"].append({"metric": "reps"})
    with pytest.raises(BackupError, match="Goal 1: “exercise” is missing"):
        backup_restore(user=user, data=document)
    assert_nothing_written(user)


def test_a_refusal_by_the_database_rolls_everything_back(user, bridge, monkeypatch):
    document = minimal()
    document["goals"].append(
        {
            "metric": "sessions",
            "exercise": None,
            "chain": None,
            "target": "2",
            "reps": None,
            "weeks": 4,
            "baseline": "0",
            "why": "Habit",
            "deadline": "2025-07-01",
            "created_on": "2025-05-01",
            "closed_on": None,
        }
    )

    def refuse(*args, **kwargs):
        raise IntegrityError("goal_target_positive")

    monkeypatch.setattr(Goal.objects, "bulk_create", refuse)
    with pytest.raises(BackupError, match="The database refused a value of this backup"):
        backup_restore(user=user, data=document)
    assert_nothing_written(user)


def test_a_private_exercise_gets_a_slug_of_its_own(user, other_user, moves, bands):
    rich_account(other_user, moves, bands)
    backup_restore(user=user, data=export(other_user))
    theirs = other_user.own_exercises.get()
    mine = user.own_exercises.get()
    assert mine.name == theirs.name and mine.slug != theirs.slug
    assert mine.pk != theirs.pk


def test_shipped_templates_are_named_not_copied(user, other_user, moves, bands):
    rich_account(other_user, moves, bands)
    templates = Routine.objects.templates().count()
    backup_restore(user=user, data=export(other_user))
    assert Routine.objects.templates().count() == templates
    copy_ = Routine.objects.get(owner=user, name="KPE home plan")
    assert copy_.copied_from.template_key == "kpe-home"


def test_loads_come_back_exact(user, bridge, moves):
    document = minimal()
    first_set(document).update(exercise="romanian-deadlift", load_kg="61.2350", reps=8)
    backup_restore(user=user, data=document)
    assert LoggedSet.objects.get(session__user=user).load_kg == Decimal("61.2350")


def test_the_document_is_not_changed_by_a_restore(user, bridge):
    document = minimal()
    kept = copy.deepcopy(document)
    backup_restore(user=user, data=document)
    assert document == kept


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_only_get_and_post_are_allowed(auth_client, method):
    assert getattr(auth_client, method)(URL).status_code == 405


@pytest.mark.parametrize("method", ["get", "post"])
def test_restoring_needs_a_log_in(client, method):
    response = getattr(client, method)(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_commands_export_and_restore_a_user(tmp_path, other_user, moves, bands, capsys):
    rich_account(other_user, moves, bands)
    path = tmp_path / "backup.json"
    call_command("export_backup", "--username", other_user.username, "-o", str(path))
    fresh = UserFactory()
    call_command("restore_backup", "--username", fresh.username, str(path))
    assert "Restored 10 sessions" in capsys.readouterr().out
    assert Session.objects.filter(user=fresh).count() == 10
    with pytest.raises(CommandError, match="already holds"):
        call_command("restore_backup", "--username", fresh.username, str(path))


def test_the_restore_command_reports_a_bad_file(tmp_path, user):
    path = tmp_path / "notes.txt"
    path.write_text("date,exercise\n")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("restore_backup", "--username", user.username, str(path))
    with pytest.raises(CommandError, match="No user called 'nobody'"):
        call_command("restore_backup", "--username", "nobody", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore_backup", "--username", user.username, str(tmp_path / "missing"))


ODD_VALUES = ["x", -1, None, [], {}, True, 1.5, "a\x00b", 10**30, "", "2025-13-01", "exercise:1"]


def leaf_paths(node, path=()):
    """Every position of the document, descending into the first item of each list only."""
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaf_paths(value, (*path, key))
    elif isinstance(node, list) and node:
        yield from leaf_paths(node[0], (*path, 0))


def test_any_odd_value_anywhere_is_refused_or_restored_never_a_crash(other_user, moves, bands):
    rich_account(other_user, moves, bands)
    document = export(other_user)
    fresh = UserFactory()
    paths = [path for path in leaf_paths(document) if path]
    refused = 0
    for index, path in enumerate(paths):
        for value in (ODD_VALUES[index % 12], ODD_VALUES[(index + 5) % 12]):
            changed_document = copy.deepcopy(document)
            node = changed_document
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value
            try:
                with transaction.atomic():
                    backup_restore(user=fresh, data=changed_document)
                    transaction.set_rollback(True)
            except BackupError as error:
                assert error.messages, path
                refused += 1
    assert refused > len(paths)


def test_the_restore_waits_for_a_worker_and_the_page_says_so(auth_client, user, bridge):
    response = auth_client.post(
        URL, {"file": SimpleUploadedFile("b.json", json.dumps(minimal()).encode())}
    )
    # Answered at once: checked, queued, nothing written until a worker takes it.
    page = auth_client.get(response["Location"]).text
    assert "being restored" in page and 'hx-trigger="every 2s"' in page
    assert not Session.objects.filter(user=user).exists()
    run_tasks_ok()
    partial = auth_client.get(response["Location"], HTTP_HX_REQUEST="true").text
    assert "Restored 1 session and 1 set." in partial and "<html" not in partial


def test_a_restore_the_account_outgrew_meanwhile_fails_with_its_reason(auth_client, user, bridge):
    """Checked when uploaded, then another tab logged a session before the worker ran."""
    response = auth_client.post(
        URL, {"file": SimpleUploadedFile("b.json", json.dumps(minimal()).encode())}
    )
    mine = make_session(user)
    run_tasks_ok()
    page = html.unescape(auth_client.get(response["Location"]).text)
    assert "could not be restored, and nothing of it was written" in page
    assert "already holds sessions" in page
    assert list(Session.objects.filter(user=user)) == [mine]


def test_another_users_restore_is_404(client, user, other_user, bridge):
    client.force_login(user)
    response = client.post(
        URL, {"file": SimpleUploadedFile("b.json", json.dumps(minimal()).encode())}
    )
    client.force_login(other_user)
    assert client.get(response["Location"]).status_code == 404
