"""On the narrowest phone the app is made for (360 px), no page is wider than the screen.

The demo account has twelve weeks of history: long exercise names in badges, goals,
charts, a calendar full of sessions.
"""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from logbook.demo import PASSWORD, USERNAME
from progress.models import Goal
from training.models import Routine, Session

NARROW = {"width": 360, "height": 780}


@pytest.fixture
def demo(transactional_db):
    call_command("loaddata", "fixtures/exercises.json", "fixtures/routines.json", verbosity=0)
    with override_settings(DEBUG=True):
        call_command("demo", verbosity=0)


def log_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_progress_list_with_a_long_badge_fits_a_360_px_screen(page, demo):
    page.set_viewport_size(NARROW)
    log_in(page)
    page.goto(reverse("progress:progress-list"))
    badge = page.locator(".badge", has_text="Moved on to Single-Leg Stability Ball Hamstring Curl")
    expect(badge).to_be_visible()

    assert page_width(page) <= NARROW["width"]
    box = badge.bounding_box()
    assert box["x"] + box["width"] <= NARROW["width"]


def test_no_page_of_the_demo_account_is_wider_than_a_360_px_screen(page, demo):
    routine = Routine.objects.filter(owner__username=USERNAME).first()
    session = Session.objects.filter(user__username=USERNAME).order_by("-date").first()
    goal = Goal.objects.filter(user__username=USERNAME).first()
    paths = [
        reverse("home"),
        reverse("progress:dashboard"),
        reverse("progress:progress-list"),
        reverse("progress:exercise-progress", args=["glute-bridge"]),
        reverse("progress:goal-list"),
        reverse("progress:goal-detail", args=[goal.pk]),
        reverse("training:upcoming"),
        reverse("training:calendar"),
        reverse("training:history"),
        reverse("training:routine-list"),
        routine.get_absolute_url(),
        session.get_absolute_url(),
        reverse("training:schedule-create"),
        reverse("exercises:exercise-list"),
        reverse("exercises:exercise-detail", args=["single-leg-stability-ball-hamstring-curl"]),
        reverse("accounts:profile"),
    ]
    page.set_viewport_size(NARROW)
    log_in(page)

    too_wide = {}
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        if page_width(page) > NARROW["width"]:
            too_wide[path] = page_width(page)

    assert too_wide == {}
