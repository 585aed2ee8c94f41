"""On a phone: log yesterday's forgotten workout, three sets, finish; the calendar shows it
on yesterday and the dashboard counts it in this week."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from training.models import LoggedSet, Session

# A Wednesday, so that yesterday is in the same week whatever day the suite runs on.
TODAY = datetime.date(2026, 3, 18)
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def athlete(db, monkeypatch):
    real = timezone.localdate
    monkeypatch.setattr(
        timezone, "localdate", lambda value=None, *a, **k: real(value, *a, **k) if value else TODAY
    )
    call_command("loaddata", "fixtures/exercises.json", "fixtures/routines.json", verbosity=0)
    user = User.objects.create_user("ines", "ines@example.com", "a-long-unusual-passphrase-42")
    user.date_joined = timezone.make_aware(datetime.datetime(2026, 3, 1, 9))
    user.save()
    return user


def log_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("ines")
    page.get_by_label("Password").fill("a-long-unusual-passphrase-42")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def test_log_yesterdays_workout_and_see_it_on_the_calendar_and_the_dashboard(page, athlete):
    log_in(page)
    expect(page.locator("#week-count")).to_contain_text("0 of")
    page.get_by_role("link", name="Log a past workout").click()
    day = page.get_by_label("Day you trained")
    expect(day).to_have_value(YESTERDAY.isoformat())
    page.get_by_label("Routine").select_option(label="Beginner home plan (template)")
    page.get_by_role("button", name="Log its sets").click()
    expect(page.get_by_text("Tuesday 17 March 2026")).to_be_visible()

    bridge = page.locator("#ex-glute-bridge")
    log = bridge.get_by_role("button", name=re.compile(r"^Log (set|an extra set)"))
    for count in (1, 2, 3):
        log.click()
        expect(bridge.locator(".logged-sets li")).to_have_count(count)

    page.get_by_role("link", name="Finish session").click()
    page.get_by_label("Overall effort (RPE)").select_option("6")
    page.get_by_role("button", name="Finish and see the summary").click()
    expect(page.get_by_role("heading", name="Session summary")).to_be_visible()
    expect(page.locator("#summary-set-count")).to_have_text("3")

    session = Session.objects.get(user=athlete)
    assert (session.date, session.status) == (YESTERDAY, Session.Status.DONE)
    assert LoggedSet.objects.filter(session=session).count() == 3

    page.goto("/training/calendar/")
    cell = page.locator(f'li.cal-day:has(time[datetime="{YESTERDAY.isoformat()}"])')
    expect(cell).to_contain_text("Beginner home plan")
    expect(cell).to_contain_text("Done")

    page.goto("/dashboard/")
    expect(page.locator("#week-count")).to_contain_text("1 of")
