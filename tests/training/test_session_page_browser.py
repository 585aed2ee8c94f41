"""The session page on a 390 × 844 phone, one hand between sets: the next set prefilled
from the last, one-leg exercises logged left and right, the rest and hold timers.

Every page loaded here is axe-checked in light and dark mode and checked for ids used
twice (tests/browser.py)."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from training.models import LoggedSet, Routine, Session


@pytest.fixture
def athlete(transactional_db):
    call_command("loaddata", "fixtures/exercises.json", "fixtures/routines.json", verbosity=0)
    return User.objects.create_user("ines", "ines@example.com", "a-long-unusual-passphrase-42")


@pytest.fixture
def session(athlete):
    return Session.objects.create(
        user=athlete,
        routine=Routine.objects.get(template_key="beginner-home-plan"),
        date=timezone.localdate(),
        status=Session.Status.IN_PROGRESS,
        started_at=timezone.now(),
    )


def logged_in(page, user, live_server):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def reps_of(card):
    return card.get_by_label(re.compile(r"^\s*Reps"))


def test_three_sets_the_second_off_target_and_the_third_repeating_it_in_one_tap(
    page, live_server, athlete, session
):
    logged_in(page, athlete, live_server)
    page.goto(session.get_absolute_url())
    bridge = page.locator("#ex-glute-bridge")
    bridge.get_by_role("button", name="Log set 1").click()
    expect(bridge.get_by_text("Set 1:")).to_be_visible()
    expect(reps_of(bridge)).to_have_value("10")

    reps_of(bridge).fill("8")
    bridge.get_by_role("button", name="Log set 2").click()
    expect(bridge.locator(".logged-sets li").nth(1)).to_contain_text("Set 2: 8 reps")
    # The next set holds what the user just did, not the target.
    expect(reps_of(bridge)).to_have_value("8")
    bridge.get_by_role("button", name="Log an extra set (3)").click()
    expect(bridge.locator(".logged-sets li").nth(2)).to_contain_text("Set 3: 8 reps")
    assert list(
        LoggedSet.objects.filter(session=session).order_by("pk").values_list("reps", flat=True)
    ) == [10, 8, 8]

    # Each card's label focuses its own field.
    curl = page.locator("#ex-standing-hamstring-curl")
    curl.locator("label", has_text="Reps").click()
    focused = page.evaluate("document.activeElement.id")
    assert focused == reps_of(curl).get_attribute("id") != reps_of(bridge).get_attribute("id")


def test_a_one_leg_exercise_counts_each_leg(page, live_server, athlete, session):
    logged_in(page, athlete, live_server)
    page.goto(session.get_absolute_url())
    curl = page.locator("#ex-standing-hamstring-curl")
    curl.get_by_role("button", name="Log set 1 · left").click()
    expect(curl.get_by_text("Set 1 · left:")).to_be_visible()
    # No rest between the legs of one set.
    expect(curl.get_by_text("Now the right leg")).to_be_visible()
    expect(page.locator("#rest-bar")).to_be_hidden()
    log = curl.get_by_role("button", name="Log set 1 · right")
    expect(log).to_be_in_viewport()
    log.click()
    expect(curl.get_by_text("Set 1 · right:")).to_be_visible()
    expect(page.locator("#rest-bar")).to_be_visible()

    curl.get_by_role("button", name="Log set 2 · left").click()
    expect(curl.get_by_role("button", name="Log set 2 · right")).to_be_visible()
    # Two lefts again: the button follows the leg chosen, and the card is not done.
    curl.get_by_label("Leg").select_option("left")
    curl.get_by_role("button", name="Log set 3 · left").click()
    expect(curl.get_by_text("Set 3 · left:")).to_be_visible()
    expect(curl.locator(".badge", has_text="Done")).to_have_count(0)
    curl.get_by_role("button", name="Log set 2 · right").click()
    expect(curl.locator(".badge", has_text="Done")).to_be_visible()
    expect(curl.get_by_role("button", name="Log an extra set (3 · right)")).to_be_visible()


def rest_seconds(page):
    text = page.locator(".rest-bar-time").text_content()
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


def test_the_rest_timer_survives_a_reload_and_takes_30_s_more_or_a_skip(
    page, live_server, athlete, session
):
    logged_in(page, athlete, live_server)
    page.goto(session.get_absolute_url())
    page.locator("#ex-glute-bridge").get_by_role("button", name="Log set 1").click()
    bar = page.locator("#rest-bar")
    expect(bar).to_be_visible()
    expect(bar.get_by_role("timer")).to_contain_text("Rest after Glute Bridge, set 1")
    assert 50 <= rest_seconds(page) <= 60
    bar.get_by_role("button", name="+30 s").click()
    assert 80 <= rest_seconds(page) <= 90

    page.reload()
    expect(bar).to_be_visible()
    assert 75 <= rest_seconds(page) <= 90
    bar.get_by_role("button", name="Skip").click()
    expect(bar).to_be_hidden()
    page.reload()
    expect(page.locator("#ex-glute-bridge")).to_be_visible()
    expect(bar).to_be_hidden()


def test_the_rest_timer_ends_with_a_message(page, live_server, athlete, session):
    logged_in(page, athlete, live_server)
    page.clock.install()
    page.goto(session.get_absolute_url())
    page.locator("#ex-glute-bridge").get_by_role("button", name="Log set 1").click()
    bar = page.locator("#rest-bar")
    expect(bar).to_be_visible()
    page.clock.run_for(61_000)
    expect(bar).to_contain_text("Rest over")


def test_the_hold_timer_counts_in_and_fills_the_seconds_held(page, live_server, athlete, session):
    logged_in(page, athlete, live_server)
    page.clock.install()
    page.goto(session.get_absolute_url())
    squeeze = page.locator("#ex-seated-hamstring-squeeze")
    squeeze.get_by_role("button", name="Start the hold timer").click()
    expect(squeeze.get_by_text(re.compile("Get ready"))).to_be_visible()
    page.clock.run_for(3_000 + 7_400)
    # The fake clock runs on in real time too: at least the 7 s run through.
    expect(squeeze.locator(".hold-display")).to_contain_text(re.compile(r"Holding ([7-9]|\d\d) s"))
    squeeze.get_by_role("button", name=re.compile("^Stop")).click()
    held = int(squeeze.get_by_label("Hold (s)").input_value())
    assert 7 <= held <= 30
    expect(squeeze.locator(".hold-display")).to_have_text(
        f"Held {held} s: in the form, ready to log."
    )
    squeeze.get_by_role("button", name="Log set 1 · left").click()
    expect(squeeze.get_by_text("Set 1 · left:")).to_be_visible()
    assert LoggedSet.objects.get(session=session).hold_s == held


def test_undo_brings_back_a_deleted_set(page, live_server, athlete, session):
    logged_in(page, athlete, live_server)
    page.goto(session.get_absolute_url())
    bridge = page.locator("#ex-glute-bridge")
    bridge.get_by_role("button", name="Log set 1").click()
    expect(bridge.get_by_text("Set 1:")).to_be_visible()
    reps_of(bridge).fill("7")
    bridge.get_by_role("button", name="Log set 2").click()
    expect(bridge.get_by_text("Set 2:")).to_be_visible()

    bridge.get_by_role("link", name="Delete set 1 of Glute Bridge").click()
    expect(bridge.get_by_role("status")).to_contain_text("Deleted set 1 of Glute Bridge.")
    expect(bridge.locator(".logged-sets li")).to_have_count(1)
    bridge.get_by_role("button", name="Undo").click()
    expect(bridge.locator(".logged-sets li")).to_have_text(
        [re.compile(r"^\s*Set 1: 10 reps"), re.compile(r"^\s*Set 2: 7 reps")]
    )
    assert list(
        LoggedSet.objects.filter(session=session).order_by("pk").values_list("set_number", "reps")
    ) == [(1, 10), (2, 7)]


def test_the_typeahead_adds_rdl_to_the_session(page, live_server, athlete, session):
    logged_in(page, athlete, live_server)
    page.goto(session.get_absolute_url())
    page.get_by_label("Add another exercise").press_sequentially("rdl")
    result = page.get_by_role("link", name=re.compile(r"^Add Romanian Deadlift"))
    expect(result).to_be_visible()
    # The page stayed where it was: the matches came in place.
    assert page.url.endswith(session.get_absolute_url())
    result.click()
    card = page.locator("#ex-romanian-deadlift")
    expect(card).to_be_visible()
    card.get_by_role("button", name="Log set 1").click()
    expect(card.get_by_text("Set 1:")).to_be_visible()
    assert LoggedSet.objects.filter(session=session, exercise__slug="romanian-deadlift").exists()


def test_finishing_with_a_leg_missing_shows_the_prompt(page, live_server, athlete, session):
    logged_in(page, athlete, live_server)
    page.goto(session.get_absolute_url())
    page.locator("#ex-glute-bridge").get_by_role("button", name="Log set 1").click()
    curl = page.locator("#ex-standing-hamstring-curl")
    curl.get_by_role("button", name="Log set 1 · left").click()
    expect(curl.get_by_text("Set 1 · left:")).to_be_visible()
    page.get_by_role("link", name="Finish session").click()
    prompt = page.get_by_role("alert")
    expect(prompt).to_contain_text("Finish anyway?")
    expect(prompt).to_contain_text("Standing Hamstring Curl: Left leg: 1 of 2 sets")
    expect(prompt).to_contain_text("Right leg: 0 of 2 sets")
    page.get_by_role("button", name="Finish and see the summary").click()
    expect(page.get_by_role("heading", name="Session summary")).to_be_visible()
    expect(page.locator("section.card h2")).to_have_text(
        ["Glute Bridge", "Standing Hamstring Curl"]
    )


def test_the_plate_calculator_follows_the_load_typed(page, live_server, athlete):
    gym = Session.objects.create(
        user=athlete,
        routine=Routine.objects.get(template_key="gym-leg-day-1"),
        date=timezone.localdate(),
        status=Session.Status.IN_PROGRESS,
        started_at=timezone.now(),
    )
    logged_in(page, athlete, live_server)
    page.goto(gym.get_absolute_url())
    deadlift = page.locator("#ex-deadlift")
    deadlift.get_by_label("Load (kg)").fill("100")
    expect(deadlift.locator(".plate-calc")).to_have_text("Per side: 25 + 15 (bar 20 kg).")
    deadlift.get_by_label("Load (kg)").fill("61")
    expect(deadlift.locator(".plate-calc")).to_have_text(
        "Per side: 20 (bar 20 kg); 1 kg more than your plates make."
    )
    deadlift.get_by_label("Load (kg)").fill("15")
    expect(deadlift.locator(".plate-calc")).to_have_text("Lighter than the bar (20 kg).")


# Counts the permission requests, and answers them as a person allowing them would.
NOTIFICATIONS = """
window.hamstrongAsked = 0;
let permission = "default";
Object.defineProperty(Notification, "permission", { get: () => permission });
Notification.requestPermission = () => {
  window.hamstrongAsked += 1;
  permission = "granted";
  return Promise.resolve(permission);
};
"""


def test_notifications_are_asked_for_on_the_first_set_never_on_page_load(
    page, live_server, athlete, session
):
    page.context.add_init_script(NOTIFICATIONS)
    logged_in(page, athlete, live_server)
    page.goto(session.get_absolute_url())
    assert page.evaluate("window.hamstrongAsked") == 0
    bridge = page.locator("#ex-glute-bridge")
    bridge.get_by_role("button", name="Log set 1").click()
    expect(bridge.get_by_text("Set 1:")).to_be_visible()
    assert page.evaluate("window.hamstrongAsked") == 1
    page.reload()
    page.locator("#ex-glute-bridge").get_by_role("button", name="Log set 2").click()
    expect(page.locator("#ex-glute-bridge").get_by_text("Set 2:")).to_be_visible()
    # Asked once: the phone remembers it was.
    assert page.evaluate("window.hamstrongAsked") == 0
