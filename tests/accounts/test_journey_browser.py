"""A new person signs up on a phone, activates the account from the email, lands on the
dashboard, logs out and back in; a forgotten password ends on the lock-out page."""

import re

from django.core import mail
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

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert not User.objects.get(username="maria", email="maria@example.com").is_active
    # The live server runs in this process: its email is in the test outbox.
    [message] = mail.outbox
    [link] = re.findall(r"https?://\S+", message.body)
    page.goto(link)
    page.get_by_role("button", name="Activate my account").click()

    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_text("Welcome to Hamstrong. Your account is ready.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("maria")

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


def test_five_wrong_passwords_end_on_the_lock_out_page(page, db):
    User.objects.create_user("sam", "sam@example.com", PASSWORD)
    page.goto("/accounts/login/")
    for _ in range(5):
        page.get_by_label("Username").fill("sam")
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()

    expect(page.get_by_role("heading", level=1)).to_have_text("Too many failed log-ins")
    expect(page.get_by_text("You can try again in 15 minutes.")).to_be_visible()
    page.get_by_role("link", name="Reset your password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
