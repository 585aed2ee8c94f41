"""A note on a set ("left knee twinged"): typed on the card, shown with the set, in the
summary and last time's line, in the CSV export and the backup, back after a restore."""

import csv
import io
import json
import uuid

import pytest
from django.urls import reverse

from logbook import services
from tests.factories import UserFactory
from tests.training.conftest import make_session
from training.models import LoggedSet, Session
from transfer.backup import backup_json
from transfer.restore import backup_restore

pytestmark = pytest.mark.django_db


def post_set(client, session, exercise, **values):
    prefix = f"ex{exercise.pk}"
    data = {"prefix": prefix, f"{prefix}-exercise": exercise.pk}
    data[f"{prefix}-token"] = str(uuid.uuid4())
    data |= {f"{prefix}-{name}": value for name, value in values.items()}
    return client.post(
        reverse("logbook:set-create", args=[session.pk]), data, HTTP_HX_REQUEST="true"
    )


def test_a_note_is_logged_with_the_set_and_shown_on_its_card(auth_client, session, moves):
    text = post_set(
        auth_client, session, moves["bridge"], reps="10", note="  left knee twinged "
    ).text
    assert LoggedSet.objects.get().note == "left knee twinged"
    assert "10 reps, “left knee twinged”" in text
    # The next set starts without it.
    assert 'value="left knee twinged"' not in text


def test_a_note_too_long_is_refused_beside_the_field_keeping_the_set(auth_client, session, moves):
    text = post_set(auth_client, session, moves["bridge"], reps="9", note="x" * 201).text
    assert "A note on a set holds 200 characters at most." in text
    assert 'value="9"' in text and " open>" in text
    assert not LoggedSet.objects.exists()


def test_the_note_shows_in_the_summary_and_on_next_times_card(auth_client, user, routine, moves):
    done = make_session(user, routine, status=Session.Status.DONE, days_ago=3)
    services.set_log(
        session=done, exercise=moves["bridge"], token=uuid.uuid4(), reps=10, note="easy"
    )
    summary = auth_client.get(reverse("logbook:session-summary", args=[done.pk])).text
    assert "10 reps, “easy”" in summary
    today = make_session(user, routine)
    assert "10 reps, “easy”" in auth_client.get(today.get_absolute_url()).text


def test_a_note_can_be_edited(auth_client, session, moves):
    logged, _ = services.set_log(
        session=session, exercise=moves["bridge"], token=uuid.uuid4(), reps=10
    )
    url = reverse("logbook:set-edit", args=[logged.pk])
    assert "Note on this set" in auth_client.get(url).text
    auth_client.post(url, {"reps": "10", "note": "=cramp", "kind": "working"})
    logged.refresh_from_db()
    assert logged.note == "=cramp"


def test_the_csv_export_and_the_backup_carry_the_note(auth_client, user, session, moves):
    services.set_log(
        session=session, exercise=moves["bridge"], token=uuid.uuid4(), reps=10, note="=cramp"
    )
    services.set_log(session=session, exercise=moves["bridge"], token=uuid.uuid4(), reps=8)
    response = auth_client.get(reverse("transfer:export-csv"))
    text = b"".join(response.streaming_content).decode("utf-8")[1:]
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    # A note that looks like a formula is neutralised, as every text cell is.
    assert [row["note"] for row in rows] == ["'=cramp", ""]

    document = json.loads("".join(backup_json(user=user)))
    sets = [s for sess in document["sessions"] for s in sess["sets"]]
    assert [s.get("note") for s in sets] == ["=cramp", None]
    fresh = UserFactory()
    backup_restore(user=fresh, data=document)
    notes = LoggedSet.objects.filter(session__user=fresh).order_by("pk")
    assert list(notes.values_list("note", flat=True)) == ["=cramp", ""]


def test_the_history_shows_the_notes_of_each_session(auth_client, user, routine, moves):
    # In the page's own totals query: no query of their own.
    done = make_session(user, routine, status=Session.Status.DONE, days_ago=2)
    for note in ("", "left knee twinged", "easier"):
        services.set_log(
            session=done, exercise=moves["bridge"], token=uuid.uuid4(), reps=10, note=note
        )
    services.set_log(session=done, exercise=moves["rdl"], token=uuid.uuid4(), reps=8)
    text = auth_client.get(reverse("training:history")).text
    assert "Glute Bridge: “left knee twinged” and 1 more note" in text
    assert "Romanian Deadlift: “" not in text
