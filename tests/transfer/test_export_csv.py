"""The CSV of every logged set: its columns, its units and dates, and no formula injection."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.training.conftest import make_session
from training.models import LoggedSet, Session
from training.units import LB, to_kg
from transfer.export_csv import CSV_COLUMNS, neutralise, sets_csv

pytestmark = pytest.mark.django_db

COLUMNS = [
    "date",
    "session_started_at",
    "routine",
    "exercise",
    "exercise_slug",
    "set_number",
    "set_type",
    "side",
    "reps",
    "load",
    "unit",
    "hold_s",
    "band",
    "rpe",
    "note",
    "completed",
    "session_status",
    "session_effort",
    "session_notes",
]


def add(session, exercise, number=1, **values):
    return LoggedSet.objects.create(
        session=session, exercise=exercise, set_number=number, **({"reps": 10} | values)
    )


def download(client) -> tuple[str, list[dict]]:
    response = client.get(reverse("transfer:export-csv"))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert rows[0] == COLUMNS
    return text, [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize(
    "text,shown",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("Felt strong = good", "Felt strong = good"),
        ("", ""),
    ],
)
def test_only_cells_that_start_like_a_formula_are_neutralised(text, shown):
    assert neutralise(text) == shown


def test_the_columns_are_documented_in_order():
    assert list(CSV_COLUMNS) == COLUMNS


def test_one_row_per_set_in_the_users_unit_with_iso_dates(auth_client, user, routine, moves, bands):
    user.unit = LB
    user.save()
    session = make_session(user, routine, status=Session.Status.DONE, days_ago=3)
    session.started_at = timezone.now() - datetime.timedelta(days=3)
    session.effort = 7
    session.save()
    add(session, moves["rdl"], reps=8, load_kg=to_kg(Decimal("135"), LB), rpe=8)
    add(session, moves["bridge"], kind=LoggedSet.Kind.WARMUP, completed=False)
    add(session, moves["stretch"], reps=None, hold_s=45, side=LoggedSet.Side.LEFT)
    add(session, moves["band"], band=bands[2], kind=LoggedSet.Kind.FAILURE)
    _, rows = download(auth_client)
    assert len(rows) == 4
    rdl, bridge, stretch, band = rows
    assert rdl["date"] == session.date.isoformat()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", rdl["session_started_at"])
    assert datetime.datetime.fromisoformat(rdl["session_started_at"]) == (
        session.started_at.replace(microsecond=0)
    )
    assert (rdl["routine"], rdl["exercise"], rdl["exercise_slug"]) == (
        "Leg day",
        "Romanian Deadlift",
        "romanian-deadlift",
    )
    assert (rdl["reps"], rdl["load"], rdl["unit"], rdl["rpe"]) == ("8", "135", "lb", "8")
    assert (rdl["set_number"], rdl["set_type"], rdl["side"], rdl["completed"]) == (
        "1",
        "working",
        "both",
        "true",
    )
    assert (rdl["session_status"], rdl["session_effort"]) == ("done", "7")
    assert (bridge["load"], bridge["unit"], bridge["set_type"], bridge["completed"]) == (
        "",
        "",
        "warmup",
        "false",
    )
    assert (stretch["reps"], stretch["hold_s"], stretch["side"]) == ("", "45", "left")
    assert (band["band"], band["set_type"]) == ("Red", "failure")


def test_a_kilogram_user_sees_kilograms(auth_client, session, moves):
    add(session, moves["rdl"], load_kg=Decimal("102.5"))
    _, rows = download(auth_client)
    assert (rows[0]["load"], rows[0]["unit"]) == ("102.5", "kg")


@pytest.mark.parametrize("notes", ['=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-2+3", "\tindent"])
def test_notes_that_look_like_formulas_come_out_neutralised(auth_client, session, moves, notes):
    session.notes = notes
    session.save()
    add(session, moves["rdl"], reps=5, load_kg=Decimal("60"))
    _, rows = download(auth_client)
    assert rows[0]["session_notes"] == "'" + notes
    # Numbers the export writes itself are never prefixed.
    assert (rows[0]["reps"], rows[0]["load"], rows[0]["set_number"]) == ("5", "60", "1")


def test_names_that_look_like_formulas_are_neutralised_too(auth_client, user, session, moves):
    session.routine.name = "=cmd|' /C calc'!A0"
    session.routine.save()
    add(session, moves["bridge"])
    _, rows = download(auth_client)
    assert rows[0]["routine"] == "'=cmd|' /C calc'!A0"


def test_accents_and_line_breaks_in_notes_survive(auth_client, session, moves):
    session.notes = 'Très bien, Zoë.\nNext time: chalk, "strict" form.'
    session.save()
    add(session, moves["bridge"])
    _, rows = download(auth_client)
    assert rows[0]["session_notes"] == session.notes


def test_another_users_sets_never_appear(auth_client, user, other_user, session, moves):
    add(session, moves["bridge"], reps=11)
    theirs = make_session(other_user, None)
    theirs.notes = "not yours"
    theirs.save()
    add(theirs, moves["bridge"], reps=12)
    text, rows = download(auth_client)
    assert [row["reps"] for row in rows] == ["11"]
    assert "not yours" not in text


def test_sets_come_oldest_session_first(auth_client, user, routine, moves):
    newer = make_session(user, routine, days_ago=1)
    older = make_session(user, routine, days_ago=9)
    add(newer, moves["bridge"], reps=2)
    add(older, moves["bridge"], reps=1)
    add(older, moves["bridge"], 2, reps=3)
    _, rows = download(auth_client)
    assert [row["reps"] for row in rows] == ["1", "3", "2"]


def test_an_empty_log_is_the_header_alone(auth_client):
    text, rows = download(auth_client)
    assert rows == []
    assert text == "\ufeff" + ",".join(COLUMNS) + "\r\n"


def test_the_download_is_a_dated_attachment(auth_client):
    response = auth_client.get(reverse("transfer:export-csv"))
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="hamstrong-sets-{day}.csv"'


def test_the_download_needs_a_log_in(client):
    response = client.get(reverse("transfer:export-csv"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_download_is_get_only(auth_client, method):
    assert getattr(auth_client, method)(reverse("transfer:export-csv")).status_code == 405


def test_the_service_streams_pieces_not_one_string(user, session, moves):
    for number in range(1, 1201):
        add(session, moves["bridge"], number)
    pieces = list(sets_csv(user=user))
    assert len(pieces) > 2
    assert sum(piece.count("\r\n") for piece in pieces) == 1201


# The login session and the user, then one query for every set.
CSV_QUERIES = 3


@pytest.mark.parametrize("sessions", [1, 50])
def test_the_csv_costs_the_same_queries_for_any_history(
    client, routine, moves, bands, sessions, django_assert_max_num_queries
):
    person = UserFactory()
    client.force_login(person)
    made = Session.objects.bulk_create(
        Session(user=person, routine=routine, date=timezone.localdate(), status="done")
        for _ in range(sessions)
    )
    LoggedSet.objects.bulk_create(
        LoggedSet(session=s, exercise=moves["band"], set_number=n, reps=10, band=bands[0])
        for s in made
        for n in (1, 2, 3)
    )
    with django_assert_max_num_queries(CSV_QUERIES):
        response = client.get(reverse("transfer:export-csv"))
        body = b"".join(response.streaming_content)
    assert body.count(b"\r\n") == 1 + 3 * sessions
