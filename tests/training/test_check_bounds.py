"""`manage.py check_bounds`: rows out of range are listed, and mended with --repair."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from progress.management.commands.check_bounds import Command
from tests.training.conftest import make_session
from training.models import LoggedSet, Routine, Schedule, Session

pytestmark = pytest.mark.django_db

FAR = datetime.date(9999, 12, 31)


def run(*args) -> str:
    out = StringIO()
    call_command("check_bounds", *args, stdout=out)
    return out.getvalue()


def set_of(session, exercise):
    return LoggedSet.objects.create(session=session, exercise=exercise, set_number=1, reps=10)


def year_zero_start(session):
    """A start PostgreSQL stores and Python cannot read (elsewhere, the earliest Python can)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE training_session SET started_at = '0001-01-01 00:00:00+14' WHERE id = %s",
                [session.pk],
            )
    else:
        Session.objects.filter(pk=session.pk).update(
            started_at=datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)
        )


def test_a_clean_database_passes(user, moves):
    set_of(make_session(user), moves["bridge"])

    assert "Every date and time is in range." in run()


def test_rows_out_of_range_are_listed_and_nothing_is_changed(user, moves):
    session = make_session(user)
    year_zero_start(session)
    planned = make_session(user, status=Session.Status.PLANNED)
    Session.objects.filter(pk=planned.pk).update(date=FAR)

    with pytest.raises(CommandError, match="2 value"):
        out = StringIO()
        call_command("check_bounds", stdout=out)

    assert f"session start time out of range (ids {session.pk})" in out.getvalue()
    assert f"session day out of range (ids {planned.pk})" in out.getvalue()
    assert Session.objects.filter(pk=planned.pk, date=FAR).exists()


def test_repair_clears_bad_times_removes_empty_plans_and_moves_logged_sessions(user, moves):
    timed = make_session(user)
    set_of(timed, moves["bridge"])
    year_zero_start(timed)
    planned = make_session(user, status=Session.Status.PLANNED)
    logged = make_session(user)
    set_of(logged, moves["bridge"])
    Session.objects.filter(pk__in=[planned.pk, logged.pk]).update(date=FAR)
    schedule = Schedule.objects.create(
        user=user,
        routine=Routine.objects.create(owner=user, name="Legs"),
        weekdays="03",
        start_date=timezone.localdate(),
    )
    Schedule.objects.filter(pk=schedule.pk).update(start_date=datetime.date(1850, 1, 1))

    out = run("--repair")

    assert "Cleared 1" in out and "Removed 1 row(s) with no logged sets" in out
    timed.refresh_from_db()
    assert timed.started_at is None and timed.sets.count() == 1
    assert not Session.objects.filter(pk=planned.pk).exists()
    logged.refresh_from_db()
    assert logged.date == timezone.localdate().replace(year=timezone.localdate().year + 1)
    assert logged.sets.count() == 1
    schedule.refresh_from_db()
    assert schedule.start_date == datetime.date(1900, 1, 1)
    assert "Every date and time is in range." in run()


def test_the_help_says_what_repair_does_to_each_kind_of_row():
    text = Command.help

    assert "cleared (set to none)" in text
    assert "a session with no logged sets is\n    removed" in text
    assert "goal dates outside 1900 .. 2999: listed, not changed" in text
