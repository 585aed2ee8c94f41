"""On a phone: climb the glute bridge's set ladder, 1 × 10 → 2 × 10 → 3 × 10, over three
sessions, accept the move on to the single-leg glute bridge, and find it in the next session."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from exercises.models import Exercise
from training.models import Routine, RoutineEntry, Session

PASSWORD = "a-long-unusual-passphrase-42"


@pytest.fixture
def athlete(db):
    call_command("loaddata", "fixtures/exercises.json", verbosity=0)
    user = User.objects.create_user("noor", "noor@example.com", PASSWORD)
    routine = Routine.objects.create(owner=user, name="Bridge ladder")
    RoutineEntry.objects.create(
        routine=routine,
        exercise=Exercise.objects.get(slug="glute-bridge"),
        position=1,
        sets=1,
        reps_min=10,
        reps_max=10,
        rest_s=60,
    )
    return user


def plan_today(user):
    """The next session of the user's routine, today (the engine judges same-day sessions)."""
    return Session.objects.create(
        user=user, routine=Routine.objects.get(owner=user), date=timezone.localdate()
    )


def log_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("noor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def open_from_the_dashboard(page, plan):
    expect(page.locator(".next-plan")).to_have_text(plan)
    page.get_by_role("link", name="Open the session").click()
    expect(page.get_by_role("button", name="Start session")).to_be_visible()


def log_sets_and_finish(page, card, sets, snap=None):
    page.get_by_label(re.compile("Warm-up done")).check()
    page.get_by_role("button", name="Start session").click()
    for number in range(1, sets + 1):
        card.get_by_role("button", name=f"Log set {number}").click()
        after = f"Log set {number + 1}" if number < sets else f"Log an extra set ({number + 1})"
        expect(card.get_by_role("button", name=after)).to_be_visible()
    expect(card.locator(".logged-sets li")).to_have_count(sets)
    expect(card.get_by_text("Done", exact=True)).to_be_visible()
    if snap:
        snap()
    page.get_by_role("link", name="Finish session").click()
    page.get_by_label("Overall effort (RPE)").select_option("6")
    page.get_by_role("button", name="Finish and see the summary").click()
    expect(page.get_by_role("heading", name="Session summary")).to_be_visible()


def test_three_clean_sessions_climb_the_ladder_and_the_move_on_brings_the_single_leg_bridge(
    page, athlete, tmp_path
):
    def snap(name):
        page.screenshot(path=tmp_path / f"{name}.png", full_page=True)

    bridge = page.locator("#ex-glute-bridge")
    next_time = page.locator(".next-time li")
    plan_today(athlete)
    log_in(page)
    snap("0-dashboard")

    # Session 1: the routine's 1 × 10.
    open_from_the_dashboard(page, ["Glute Bridge: 1 × 10, hold 3 s each rep"])
    expect(bridge.locator("p.target")).to_contain_text("Today: 1 × 10, hold 3 s each rep")
    snap("1-session-planned")
    log_sets_and_finish(page, bridge, 1)
    expect(next_time).to_have_count(1)
    expect(next_time.locator(".next-target")).to_have_text("2 × 10, hold 3 s each rep")
    expect(next_time).to_contain_text("Added a set")
    expect(page.locator(".offer")).to_have_count(0)
    snap("1-summary")

    # Session 2: 2 × 10.
    plan_today(athlete)
    page.get_by_role("link", name="Back to the dashboard").click()
    open_from_the_dashboard(page, ["Glute Bridge: 2 × 10, hold 3 s each rep"])
    expect(bridge.locator("p.target")).to_contain_text("Today: 2 × 10, hold 3 s each rep")
    log_sets_and_finish(page, bridge, 2)
    expect(next_time.locator(".next-target")).to_have_text("3 × 10, hold 3 s each rep")
    expect(page.locator(".offer")).to_have_count(0)

    # Session 3: 3 × 10, the top of the ladder: the single-leg bridge is offered.
    plan_today(athlete)
    page.get_by_role("link", name="Back to the dashboard").click()
    open_from_the_dashboard(page, ["Glute Bridge: 3 × 10, hold 3 s each rep"])
    expect(bridge.locator("p.target")).to_contain_text("Today: 3 × 10, hold 3 s each rep")
    log_sets_and_finish(page, bridge, 3, snap=lambda: snap("3-sets-logged"))
    expect(next_time).to_contain_text("Ready for the next exercise")
    expect(next_time.locator(".next-target")).to_contain_text(
        "Single-Leg Glute Bridge, 1 × 10 each leg"
    )
    offer = page.locator(".offer")
    expect(offer).to_have_count(1)
    expect(offer.get_by_role("heading", level=2)).to_have_text(
        "Ready to move on: Single-Leg Glute Bridge"
    )
    single_leg = Exercise.objects.get(slug="single-leg-glute-bridge")
    expect(offer).to_contain_text(single_leg.starting_position)
    expect(offer.locator("ol li")).to_have_text(single_leg.action_steps)
    expect(offer.get_by_role("button", name="Stay with Glute Bridge for now")).to_be_visible()
    snap("3-summary-offer")

    offer.get_by_role("button", name="Move on to Single-Leg Glute Bridge").click()
    expect(page).to_have_url(re.compile(r"/progress/single-leg-glute-bridge/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Single-Leg Glute Bridge")
    expect(page.locator("#next-target")).to_have_text("1 × 10 each leg, hold 3 s each rep")
    expect(page.get_by_text("You moved on to Single-Leg Glute Bridge.")).to_be_visible()
    snap("4-moved-on")

    # The next session of the same routine has the single-leg bridge in the bridge's place.
    plan_today(athlete)
    page.goto("/dashboard/")
    open_from_the_dashboard(page, ["Single-Leg Glute Bridge: 1 × 10 each leg, hold 3 s each rep"])
    single = page.locator("#ex-single-leg-glute-bridge")
    expect(single.locator("p.target")).to_contain_text("Today: 1 × 10 each leg, hold 3 s each rep")
    expect(single).to_contain_text("In place of Glute Bridge: you moved on.")
    expect(bridge).to_have_count(0)
    snap("5-next-session")
