"""On a phone: five years of records read on a 390 px screen and fit a 360 px one."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory
from tests.history import make_history


@pytest.fixture
def athlete(transactional_db):
    user = UserFactory(username="ines")
    make_history(user, years=5, today=timezone.localdate())
    return user


def test_five_years_of_records_fit_a_phone(page, athlete):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("ines")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))

    page.get_by_role("link", name="All records").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personal records")
    expect(page.get_by_text("Best estimated one-rep max (Epley)").first).to_be_visible()
    assert page.viewport_size == {"width": 390, "height": 844}

    page.set_viewport_size({"width": 360, "height": 780})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="Barbell Hip Hinge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Barbell Hip Hinge: records")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name=re.compile("^Session of")).first.click()
    expect(page).to_have_url(re.compile(r"/sessions/\d+/summary/$"))
