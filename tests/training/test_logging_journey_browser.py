"""On a phone: plan Monday and Thursday from the beginner template, open the next
session, log three sets (one changed, one by a double tap), finish, read the summary."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from training.models import LoggedSet, Session


@pytest.fixture
def athlete(db):
    call_command("loaddata", "fixtures/exercises.json", "fixtures/routines.json", verbosity=0)
    return User.objects.create_user("ines", "ines@example.com", "a-long-unusual-passphrase-42")


def log_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("ines")
    page.get_by_label("Password").fill("a-long-unusual-passphrase-42")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def test_plan_log_three_sets_with_a_double_tap_and_see_exactly_them_in_the_summary(page, athlete):
    log_in(page)
    page.get_by_role("link", name="Plan your training").click()
    page.get_by_label("Monday").check()
    page.get_by_label("Thursday").check()
    page.get_by_label("Routine").select_option(label="Beginner home plan (template)")
    page.get_by_role("button", name="Plan sessions").click()
    expect(page.get_by_role("heading", name="Next sessions")).to_be_visible()
    planned = Session.objects.filter(user=athlete, status="planned")
    assert planned.count() == 16
    assert {s.date.weekday() for s in planned} == {0, 3}

    page.get_by_role("link", name=re.compile(r"^Open")).first.click()
    page.get_by_label(re.compile("Warm-up done")).check()
    page.get_by_role("button", name="Start session").click()

    bridge = page.locator("#ex-glute-bridge")
    bridge.get_by_role("button", name="Log set 1").click()
    expect(bridge.get_by_text("Set 1:")).to_be_visible()
    expect(page.get_by_role("timer", name="Rest timer")).to_contain_text("Rest")

    bridge.get_by_label(re.compile(r"^\s*Reps")).fill("8")
    bridge.get_by_role("button", name="Log set 2").click()
    expect(bridge.locator(".logged-sets li").nth(1)).to_contain_text("Set 2: 8 reps")

    # The beginner plan's 2 × 10 is done; a third set is an extra one, as the last one was.
    bridge.get_by_role("button", name="Log an extra set (3)").dblclick()
    expect(bridge.get_by_role("button", name="Log an extra set (4)")).to_be_visible()
    expect(bridge.locator(".logged-sets li")).to_have_count(3)

    page.get_by_role("link", name="Finish session").click()
    page.get_by_label("Overall effort (RPE)").select_option("7")
    page.get_by_role("button", name="Finish and see the summary").click()

    expect(page.get_by_role("heading", name="Session summary")).to_be_visible()
    expect(page.locator("#summary-set-count")).to_have_text("3")
    expect(page.locator(".summary-sets li")).to_have_text(["10 reps", "8 reps", "8 reps"])
    assert LoggedSet.objects.filter(session__user=athlete).count() == 3
