"""The main pages under the strict Content-Security-Policy, in a real browser.

The `page` fixture fails any browser test whose pages breach the policy (see
tests/browser.py); this test walks every main page of an account with twelve
weeks of history (the demo), as a phone, and uses what runs script on them:
the menu, a set logged through htmx, a chart drawn by Chart.js; and the admin.
"""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from accounts.models import User
from exercises.models import Exercise
from logbook.demo import PASSWORD, USERNAME
from progress.models import Goal
from tests.browser import VIEWPORT, CspWatch
from tests.factories import SessionFactory
from training.models import Routine, Session

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("loaddata", "fixtures/exercises.json", "fixtures/routines.json", verbosity=0)
    with override_settings(DEBUG=True):
        call_command("demo", verbosity=0)
    user = User.objects.get(username=USERNAME)
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


def log_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def test_the_admin_works_under_the_policy(browser, demo, live_server):
    """Django's own admin, with its scripts (the sidebar, the filter widgets), under the
    policy. Its markup is Django's, so it is not axe-checked here: only the policy."""
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT)
    try:
        watch = CspWatch(context)
        page = context.new_page()
        log_in(page)
        nordic = Exercise.objects.get(slug="nordic-hamstring-curl")
        for path in (
            "/admin/",
            "/admin/exercises/exercise/",
            f"/admin/exercises/exercise/{nordic.pk}/change/",
        ):
            assert page.goto(path).status == 200, path
            page.wait_for_load_state("networkidle")
        # The filter widget the admin's script builds for the muscles.
        expect(page.locator("#id_primary_muscles_from")).to_be_visible()
    finally:
        context.close()
    assert watch.violations == []


def test_the_main_pages_work_under_the_policy(page, demo, live_server):
    for anonymous in ("/", "/accounts/signup/", "/accounts/password/reset/"):
        page.goto(anonymous)
        expect(page.locator("main h1").first).to_be_visible()
    log_in(page)

    routine = Routine.objects.filter(owner=demo).first()
    goal = Goal.objects.filter(user=demo).first()
    finished = Session.objects.filter(user=demo, status="done").latest("date")
    pages = [
        "/dashboard/",
        "/exercises/",
        "/exercises/nordic-hamstring-curl/",
        "/training/routines/",
        f"/training/routines/{routine.pk}/",
        f"/training/routines/{routine.pk}/edit/",
        "/training/calendar/",
        "/training/upcoming/",
        "/training/history/",
        f"/training/sessions/{finished.pk}/summary/",
        "/progress/",
        "/goals/",
        f"/goals/{goal.pk}/",
        "/goals/new/",
        "/training/import/",
        "/accounts/profile/",
    ]
    for path in pages:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")

    # Chart.js draws from its script file, with no inline style it would need.
    page.goto("/progress/")
    page.wait_for_function("() => window.Chart && document.querySelector('canvas')")
    assert page.evaluate("() => !!Chart.getChart(document.querySelector('canvas'))")

    # The menu (Bootstrap's script) opens.
    page.get_by_role("button", name=re.compile("menu|navigation", re.I)).click()
    expect(page.get_by_role("link", name="Routines").first).to_be_visible()

    # A set logged through htmx on a session of today swaps in without a reload.
    today = SessionFactory(user=demo, routine=routine)
    page.goto(f"/training/sessions/{today.pk}/")
    page.get_by_role("button", name="Start session").click()
    anchor = page.locator("[id^=ex-]", has=page.get_by_role("button", name="Log set 1")).first
    card = page.locator(f"#{anchor.get_attribute('id')}")
    card.get_by_role("button", name="Log set 1").click()
    expect(card.locator(".logged-sets li")).to_have_count(1)
