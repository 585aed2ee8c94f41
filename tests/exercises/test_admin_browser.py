"""A curator reorders a chain in the admin, in a real browser, under the policy.

Django's own admin markup is not axe-checked (as in tests/test_csp_browser.py):
the context here watches the Content-Security-Policy only.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from exercises.models import Chain
from tests.browser import CspWatch
from tests.factories import ExerciseFactory, UserFactory, make_chain

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def curator_page(browser, live_server, transactional_db):
    curator = UserFactory(username="curator", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(curator)
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    watch = CspWatch(context)
    page = context.new_page()
    yield page
    context.close()
    assert watch.violations == [], "Content-Security-Policy violations:\n" + "\n".join(
        watch.violations
    )


@pytest.fixture
def bridges():
    return make_chain(
        ExerciseFactory(name="Glute Bridge"),
        ExerciseFactory(name="Single Leg Bridge", level="intermediate"),
        ExerciseFactory(name="Roller Bridge", level="advanced"),
        slug="bridges",
        name="Bridges",
    )


def stored(chain):
    return [step.exercise.name for step in chain.steps.order_by("position")]


def step_rows(page):
    return page.locator("#steps-group tbody tr.form-row.has_original")


def shown_order(page):
    """The exercise of each saved row, top to bottom, and the number in its box."""
    rows = step_rows(page)
    return [
        (
            rows.nth(i).locator("td.original p").inner_text().split(". ", 1)[1].strip(),
            rows.nth(i).locator("input.chain-order-position").input_value(),
        )
        for i in range(rows.count())
    ]


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    expect(page.locator(".errornote")).to_have_count(0)


def test_a_curator_drags_a_step_and_types_a_swap_and_an_insert(curator_page, bridges):
    page = curator_page
    ExerciseFactory(name="Marching Bridge")
    response = page.goto(f"/admin/exercises/chain/{bridges.pk}/change/")
    assert response.status == 200
    # Each step's level and prescription beside it.
    expect(step_rows(page).nth(2).locator("td.field-level")).to_have_text("Advanced")
    expect(step_rows(page).nth(2).locator("td.field-prescription")).to_contain_text("3 × 10")

    # Drag the hardest step by its handle to the top half of the first row.
    handle = step_rows(page).nth(2).locator(".chain-order-handle").bounding_box()
    target = step_rows(page).nth(0).bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + 4, steps=8)
    page.mouse.up()
    assert shown_order(page) == [
        ("Roller Bridge", "1"),
        ("Glute Bridge", "2"),
        ("Single Leg Bridge", "3"),
    ]
    save_and_continue(page)
    assert stored(bridges) == ["Roller Bridge", "Glute Bridge", "Single Leg Bridge"]

    # The public page shows the new order: the roller bridge opens the chain.
    page.goto("/exercises/roller-bridge/")
    chain_card = page.locator("section[aria-labelledby=chains-title]")
    expect(chain_card).to_contain_text("step 1 of 3")
    expect(chain_card.get_by_role("link", name=re.compile("Harder.*Glute Bridge"))).to_be_visible()

    # Swap the first two through the number boxes.
    page.goto(f"/admin/exercises/chain/{bridges.pk}/change/")
    step_rows(page).nth(0).locator("input.chain-order-position").fill("2")
    step_rows(page).nth(1).locator("input.chain-order-position").fill("1")
    save_and_continue(page)
    assert stored(bridges) == ["Glute Bridge", "Roller Bridge", "Single Leg Bridge"]

    # Insert a new step second, shifting the later ones by hand.
    new_row = page.locator("#steps-group tbody tr.form-row:not(.has_original):not(.empty-form)")
    new_row.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("Marching")
    page.locator(".select2-results__option", has_text="Marching Bridge").click()
    new_row.locator("input.chain-order-position").fill("2")
    step_rows(page).nth(1).locator("input.chain-order-position").fill("3")
    step_rows(page).nth(2).locator("input.chain-order-position").fill("4")
    save_and_continue(page)
    assert stored(bridges) == [
        "Glute Bridge",
        "Marching Bridge",
        "Roller Bridge",
        "Single Leg Bridge",
    ]

    # The keyboard way: the last step's "up" button, then save.
    up = step_rows(page).nth(3).get_by_role("button", name="Move this step up")
    up.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".chain-order-status")).to_have_text("Single Leg Bridge is now step 3.")
    save_and_continue(page)
    assert stored(Chain.objects.get(slug="bridges")) == [
        "Glute Bridge",
        "Marching Bridge",
        "Single Leg Bridge",
        "Roller Bridge",
    ]
