"""Dark mode on a phone: the pages follow the phone's setting, and the profile's choice
overrides it (tests/browser.py checks every page in both schemes with axe)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.factories import UserFactory


@pytest.fixture
def person(transactional_db):
    return UserFactory()


def test_the_pages_follow_the_phone_and_then_the_profile(page, live_server, person):
    client = Client()
    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    html = page.locator("html")
    page.emulate_media(color_scheme="dark")
    page.goto("/accounts/profile/")
    expect(html).to_have_attribute("data-bs-theme", "dark")
    page.emulate_media(color_scheme="light")
    expect(html).to_have_attribute("data-bs-theme", "light")

    page.get_by_label("Dark").check()
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(html).to_have_attribute("data-bs-theme", "dark")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(33, 37, 41)"
