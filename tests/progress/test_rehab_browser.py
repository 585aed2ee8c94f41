"""On a phone (390 × 844): a user returning from a hamstring injury copies the physio
ladder, sees its locked exercises, logs a session with pain 2/10, earns the next
exercise and sees it unlock."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from exercises.models import Exercise
from progress.engine import Prescription
from progress.models import PainReport, ProgressionEvent, ProgressionState
from progress.specs import to_json
from progress.stages import RETURNING
from training.models import Routine, Session

PASSWORD = "a-long-unusual-passphrase-42"
BALL_CURL = "ball-hamstring-curl-hips-down"
NEXT = "Stability Ball Hamstring Curl"


@pytest.fixture
def returning(db):
    call_command("loaddata", "fixtures/exercises.json", "fixtures/routines.json", verbosity=0)
    user = User.objects.create_user("rafa", "rafa@example.com", PASSWORD, experience=RETURNING)
    # Earlier weeks of the ball curl, judged: one more clean session of 3 × 10 tops it.
    curl = Exercise.objects.get(slug=BALL_CURL)
    day = timezone.localdate() - datetime.timedelta(days=3)
    reason = "You did 2 × 10: add a set, next time 3 × 10."
    event = ProgressionEvent.objects.create(
        user=user,
        exercise=curl,
        date=day,
        kind=ProgressionEvent.Kind.ADD_SET,
        met=True,
        before=to_json(Prescription(BALL_CURL, 2, 10)),
        after=to_json(Prescription(BALL_CURL, 3, 10)),
        before_text="2 × 10",
        after_text="3 × 10",
        reason=reason,
    )
    ProgressionState.objects.create(
        user=user, exercise=curl, sets=3, reps=10, trained_on=day, reason=reason, event=event
    )
    return user


def test_a_returning_user_earns_the_next_stage_with_low_pain_and_sees_it_unlock(
    page, returning, tmp_path
):
    def snap(name):
        page.screenshot(path=tmp_path / f"{name}.png", full_page=True)

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("rafa")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))

    # Copy the ladder: its harder stages are locked, the Nordics with no shortcut.
    page.goto("/training/routines/")
    plan = page.locator("li.card", has_text="Physio home ladder 4")
    plan.get_by_role("button", name=re.compile("Use this plan")).click()
    locked = page.locator(".locked-stages")
    expect(locked).to_contain_text("Still to earn")
    expect(locked.locator(".locked-stage")).to_have_count(3)
    expect(locked).to_contain_text(f"{NEXT}: unlocks when you move on from Ball Hamstring Curl")
    expect(locked.locator(".locked-stage").last).to_contain_text("pass the ones before it first")
    snap("1-ladder-locked")

    # Today's session: the warm-up, the ball curl and the stretches; no Nordic curls.
    routine = Routine.objects.get(owner=returning)
    session = Session.objects.create(user=returning, routine=routine, date=timezone.localdate())
    page.goto(session.get_absolute_url())
    expect(page.locator("#ex-nordic-hamstring-curl")).to_have_count(0)
    expect(page.locator("#ex-warm-up")).to_be_visible()
    page.get_by_label(re.compile("Warm-up done")).check()
    page.get_by_role("button", name="Start session").click()
    card = page.locator(f"#ex-{BALL_CURL}")
    for number in range(1, 4):
        card.get_by_role("button", name=f"Log set {number}").click()
        expect(card.locator(".logged-sets li")).to_have_count(number)

    # Pain 2/10: within what the rules allow.
    card.get_by_text("How did it feel? Pain 0–10").click()
    card.get_by_label("Pain during this exercise (0–10)").fill("2")
    card.get_by_role("button", name=re.compile("Save pain for")).click()
    expect(page.get_by_text("Saved: pain 2/10")).to_be_visible()
    assert PainReport.objects.get(user=returning).pain == 2
    snap("2-pain-logged")

    page.get_by_role("link", name="Finish session").click()
    page.get_by_label("Overall effort (RPE)").select_option("6")
    page.get_by_role("button", name="Finish and see the summary").click()
    offer = page.locator(".offer")
    expect(offer.get_by_role("heading", level=2)).to_have_text(f"Ready to move on: {NEXT}")
    snap("3-offer")
    offer.get_by_role("button", name=f"Move on to {NEXT}").click()
    expect(page.get_by_text(f"You moved on to {NEXT}.")).to_be_visible()

    # Unlocked: off the list still to earn, and in the next session.
    page.goto(routine.get_absolute_url())
    expect(page.locator(".locked-stage")).to_have_count(2)
    expect(page.locator(".locked-stages")).not_to_contain_text(f"{NEXT}:")
    upcoming = Session.objects.create(user=returning, routine=routine, date=timezone.localdate())
    page.goto(upcoming.get_absolute_url())
    expect(page.locator("#ex-stability-ball-hamstring-curl")).to_be_visible()
    expect(page.locator("#ex-nordic-hamstring-curl")).to_have_count(0)
    snap("4-unlocked")
