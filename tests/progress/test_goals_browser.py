"""On a phone: set a goal for the Romanian deadlift, log a session that beats the old best,
see the record flagged as it is logged, and see the charts drawn with the new point."""

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from exercises.models import Exercise
from logbook import services as logbook
from training.models import Routine, RoutineEntry, Session

PASSWORD = "a-long-unusual-passphrase-42"


@pytest.fixture
def lifter(db):
    """A lifter whose log holds one session of Romanian deadlifts, 3 × 8 at 60 kg, a week ago."""
    call_command("loaddata", "fixtures/exercises.json", verbosity=0)
    user = User.objects.create_user("ines", "ines@example.com", PASSWORD)
    rdl = Exercise.objects.get(slug="romanian-deadlift")
    routine = Routine.objects.create(owner=user, name="Gym hinge day")
    RoutineEntry.objects.create(
        routine=routine, exercise=rdl, position=1, sets=3, reps_min=6, reps_max=8, rest_s=90
    )
    today = timezone.localdate()
    # Started on its own day (a planned session started today would move to today).
    earlier = Session.objects.create(
        user=user,
        routine=routine,
        date=today - datetime.timedelta(days=7),
        status=Session.Status.IN_PROGRESS,
    )
    for _ in range(3):
        logbook.set_log(
            session=earlier, exercise=rdl, token=uuid.uuid4(), reps=8, load_kg=Decimal(60)
        )
    logbook.session_finish(session=earlier, effort=7, notes="", cooldown_done=True)
    Session.objects.create(user=user, routine=routine, date=today)
    return user


def log_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("ines")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def chart_points(page, selector="canvas[data-chart-source]"):
    """The first dataset's values, read from the Chart.js instance on the canvas."""
    page.wait_for_function(
        "s => window.Chart && Chart.getChart(document.querySelector(s))", arg=selector
    )
    points = page.evaluate(
        "s => Chart.getChart(document.querySelector(s)).data.datasets[0].data", selector
    )
    # On the time axis a point is {x: its day, y: its value}.
    return [p["y"] if isinstance(p, dict) else p for p in points]


def test_a_goal_a_record_set_in_the_session_and_the_charts_that_show_it(page, lifter, tmp_path):
    def snap(name):
        page.screenshot(path=tmp_path / f"{name}.png", full_page=True)

    log_in(page)

    # The goal: 70 kg for 8 reps in eight weeks, checked before it is saved.
    # First the measure, then only the fields it needs.
    page.get_by_role("link", name="Set a goal").click()
    page.get_by_label("Load for a number of reps").check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_label("Weeks in a row")).to_have_count(0)
    page.get_by_label("Exercise").select_option(label="Romanian Deadlift")
    page.get_by_label("Target load (kg)").fill("70")
    page.get_by_label("For how many reps").fill("8")
    deadline = timezone.localdate() + datetime.timedelta(weeks=8)
    page.get_by_label("Deadline").fill(deadline.isoformat())
    page.get_by_label("Why it matters to you").fill("Deadlift my bodyweight again by spring")
    page.get_by_role("button", name="Check it").click()
    assessment = page.locator("#assessment")
    expect(assessment).to_contain_text("From 60 kg to 70 kg")
    expect(page.get_by_label("Target load (kg)")).to_have_value("70")
    snap("1-goal-checked")
    page.get_by_role("button", name="Save goal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Romanian Deadlift: 70 kg for 8 reps")
    expect(page.locator("#goal-current")).to_have_text("60 kg")
    expect(page.locator(".goal-status").first).to_have_text(re.compile("On track|At risk"))

    # Today's session: 3 × 8 at 65 kg beats 60 kg, flagged as the first set is logged.
    page.goto("/dashboard/")
    expect(page.locator(".goal-item")).to_contain_text("Romanian Deadlift: 70 kg for 8 reps")
    page.get_by_role("link", name="Open the session").click()
    page.get_by_role("button", name="Start session").click()
    card = page.locator("#ex-romanian-deadlift")
    card.get_by_label("Load (kg)").fill("65")
    card.get_by_label("Reps").fill("8")
    card.get_by_role("button", name="Log set 1").click()
    flag = card.locator(".new-record")
    expect(flag).to_contain_text("New personal record!")
    expect(flag).to_contain_text("Heaviest for 8 reps: 65 kg (was 60 kg)")
    expect(card.locator(".logged-sets .record-badge")).to_have_count(1)
    snap("2-record-flagged")
    # The second set at the same load ties the new best: logged, not a record.
    card.get_by_role("button", name="Log set 2").click()
    expect(card.locator(".logged-sets li")).to_have_count(2)
    expect(card.locator(".new-record")).to_have_count(0)
    expect(card.locator(".logged-sets .record-badge")).to_have_count(1)
    page.get_by_role("link", name="Finish session").click()
    page.get_by_label("Overall effort (RPE)").select_option("8")
    page.get_by_role("button", name="Finish and see the summary").click()
    expect(page.get_by_role("heading", name="Session summary")).to_be_visible()

    # The exercise's chart holds both days; the goal's chart has climbed to 65 kg.
    page.goto("/progress/romanian-deadlift/")
    points = chart_points(page)
    assert [p for p in points if p is not None] == [60, 65]
    snap("3-exercise-chart")
    page.goto("/dashboard/")
    expect(page.locator(".recent-records")).to_contain_text("Heaviest for 8 reps: 65 kg")
    page.locator(".goal-item a").first.click()
    expect(page.locator("#goal-current")).to_have_text("65 kg")
    goal_points = chart_points(page)
    assert [p for p in goal_points if p is not None] == [60, 65]
    snap("4-goal-chart")
