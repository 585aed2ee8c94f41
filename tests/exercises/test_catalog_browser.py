"""On a phone: narrow the catalog to beginner moves that need no equipment, then climb a chain."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect


@pytest.fixture
def catalog(db):
    call_command("loaddata", "fixtures/exercises.json", verbosity=0)


def test_a_visitor_filters_to_beginner_no_equipment_moves_and_follows_a_harder_link(page, catalog):
    page.goto("/exercises/")
    page.get_by_text("Filter and search").click()
    page.get_by_label("Level").select_option("beginner")
    page.get_by_label("Equipment").select_option("none")
    page.get_by_role("button", name="Show exercises").click()

    expect(page).to_have_url(re.compile(r"level=beginner"))
    results = page.locator(".exercise-list h2")
    expect(results.first).to_be_visible()
    names = results.all_inner_texts()
    assert "Glute Bridge" in names
    assert "Nordic Hamstring Curl" not in names
    expect(page.locator(".exercise-list").get_by_text("No equipment").first).to_be_visible()

    page.get_by_role("link", name="Glute Bridge", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glute Bridge")
    expect(page.get_by_text("3 × 10, pause 3 s in each rep, 60 s rest")).to_be_visible()

    harder = page.get_by_role("link", name=re.compile(r"^Harder in .*: Single-Leg Glute Bridge"))
    harder.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Single-Leg Glute Bridge"))


def test_pages_with_the_expanded_navigation_pass_axe_on_a_desktop_too(page, catalog):
    # At 390 px the menu is collapsed; at desktop width its links are on show.
    page.set_viewport_size({"width": 1280, "height": 900})
    for path in ["/", "/accounts/login/", "/exercises/", "/exercises/glute-bridge/"]:
        page.goto(path)
        expect(
            page.get_by_role("navigation", name="Main").get_by_role("link", name="Exercises")
        ).to_be_visible()
