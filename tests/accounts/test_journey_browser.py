"""A new person signs up on a phone, lands on the dashboard, logs out and back in."""

import re

from playwright.sync_api import expect

from accounts.models import User

PASSWORD = "a-long-unusual-passphrase-42"


def test_a_new_user_signs_up_logs_out_and_logs_in_again_on_a_phone(page, db):
    page.goto("/")
    page.get_by_role("link", name="Create a free account").click()

    page.get_by_label("Username").fill("maria")
    page.get_by_label("Email").fill("maria@example.com")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("maria")
    assert User.objects.filter(username="maria", email="maria@example.com").exists()

    page.get_by_role("button", name="Open the menu").click()
    expect(page.get_by_role("button", name="Open the menu")).to_have_attribute(
        "aria-expanded", "true"
    )
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Create a free account")).to_be_visible()

    page.get_by_role("button", name="Open the menu").click()
    expect(page.get_by_role("button", name="Open the menu")).to_have_attribute(
        "aria-expanded", "true"
    )
    page.get_by_role("navigation").get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def test_a_wrong_password_shows_an_error_and_keeps_the_username(page, db):
    User.objects.create_user("sam", "sam@example.com", PASSWORD)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value("sam")
