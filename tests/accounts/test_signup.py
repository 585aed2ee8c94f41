import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import resolve, reverse

from accounts.models import User
from tests.factories import PASSWORD
from tests.html import field_error, page_text

pytestmark = pytest.mark.django_db

URL = reverse("accounts:signup")
SENT_URL = reverse("accounts:signup-sent")
NEW_PASSWORD = "a-sturdy-hamstring-42"


def signup_data(**overrides):
    data = {
        "username": "newbie",
        "email": "newbie@example.com",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    return {**data, **overrides}


def links(message) -> list[str]:
    """The paths of the links in an email."""
    return [urlsplit(url).path for url in re.findall(r"https?://\S+", message.body)]


def test_it_shows_the_sign_up_form(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
    assert 'name="email"' in response.content.decode()
    assert 'name="password2"' in response.content.decode()


def test_signup_makes_an_inactive_account_and_sends_the_activation_link(client):
    response = client.post(URL, signup_data())

    assert response.status_code == 302
    assert response.url == SENT_URL
    user = User.objects.get(username="newbie")
    assert user.email == "newbie@example.com"
    assert user.check_password(NEW_PASSWORD)
    assert not user.is_active
    assert "_auth_user_id" not in client.session
    [message] = mail.outbox
    assert message.to == ["newbie@example.com"]
    assert message.subject == "Activate your Hamstrong account"
    [link] = links(message)
    assert resolve(link).view_name == "accounts:activate"


def test_signup_ends_on_check_your_email(client):
    response = client.post(URL, signup_data(), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(SENT_URL, 302)]
    assert "Check your email" in response.content.decode()


def test_a_taken_email_creates_nothing_and_tells_its_owner_they_have_an_account(client, user):
    response = client.post(URL, signup_data(email=user.email.upper()))

    assert response.status_code == 302
    assert response.url == SENT_URL
    assert not User.objects.filter(username="newbie").exists()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    [message] = mail.outbox
    assert message.to == [user.email]
    assert message.subject == "You already have a Hamstrong account"
    assert user.username in message.body
    assert links(message) == [reverse("accounts:login"), reverse("accounts:password-reset")]


def test_a_taken_email_and_a_new_one_get_the_same_answer(client, user):
    new = client.post(URL, signup_data(), follow=True)
    client.cookies.clear()
    taken = client.post(URL, signup_data(username="other", email=user.email), follow=True)

    assert taken.status_code == new.status_code == 200
    assert taken.redirect_chain == new.redirect_chain == [(SENT_URL, 302)]
    assert page_text(taken) == page_text(new)
    # Each address got one email; only the new one an activation link.
    assert [m.to for m in mail.outbox] == [["newbie@example.com"], [user.email]]


def test_a_never_activated_account_is_replaced_by_the_latest_sign_up(client):
    client.post(
        URL,
        signup_data(username="first-try", password1="an-old-idea-77", password2="an-old-idea-77"),
    )
    old_link = links(mail.outbox[0])[0]

    response = client.post(URL, signup_data())

    assert response.url == SENT_URL
    user = User.objects.get(email="newbie@example.com")
    assert user.username == "newbie"
    assert user.check_password(NEW_PASSWORD)
    assert not user.is_active
    assert not User.objects.filter(username="first-try").exists()
    assert len(mail.outbox) == 2
    new_link = links(mail.outbox[1])[0]
    assert mail.outbox[1].subject == "Activate your Hamstrong account"
    assert new_link != old_link
    # The first link lapsed with the password it was made for.
    assert "This link does not work" in client.get(old_link).content.decode()
    assert "Activate the account" in client.get(new_link).content.decode()


def test_an_account_that_was_used_and_then_deactivated_is_not_replaced(client, user):
    user.is_active = False
    user.last_login = user.date_joined
    user.save()

    client.post(URL, signup_data(email=user.email))

    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert mail.outbox[0].subject == "You already have a Hamstrong account"


def test_signup_with_mismatched_passwords_shows_the_error_and_keeps_the_typed_values(client):
    response = client.post(URL, signup_data(password2="a-different-password-7"))

    assert response.status_code == 200
    assert field_error(response, "password2") == "The two password fields didn’t match."
    content = response.content.decode()
    assert 'value="newbie"' in content
    assert 'value="newbie@example.com"' in content
    # Passwords are never echoed back into the page.
    assert NEW_PASSWORD not in content
    assert not User.objects.filter(username="newbie").exists()
    assert mail.outbox == []


def test_a_form_error_looks_the_same_whether_the_email_is_taken_or_not(client, user):
    mismatch = {"password2": "a-different-password-7"}
    new = client.post(URL, signup_data(**mismatch))
    taken = client.post(URL, signup_data(email=user.email, **mismatch))

    assert taken.status_code == new.status_code == 200
    assert page_text(taken) == page_text(new).replace("newbie@example.com", user.email)
    assert field_error(taken, "email") == ""


def test_signup_refuses_a_password_like_the_email_address(client):
    response = client.post(
        URL,
        signup_data(
            email="hamstring.curler@example.com",
            password1="hamstring.curler",
            password2="hamstring.curler",
        ),
    )

    assert response.status_code == 200
    assert "too similar to the email address" in field_error(response, "password2")
    assert not User.objects.filter(username="newbie").exists()


def test_signup_with_a_taken_username_is_refused(client, user):
    response = client.post(URL, signup_data(username=user.username.upper()))

    assert response.status_code == 200
    assert field_error(response, "username") == "A user with that username already exists."
    assert User.objects.filter(username__iexact=user.username).count() == 1
    assert mail.outbox == []


def test_signup_refuses_a_password_that_fails_the_validators(client):
    response = client.post(URL, signup_data(password1="12345678", password2="12345678"))

    assert response.status_code == 200
    assert "This password is too common." in field_error(response, "password2")
    assert not User.objects.filter(username="newbie").exists()


def test_signup_requires_an_email_address(client):
    response = client.post(URL, signup_data(email=""))

    assert response.status_code == 200
    assert field_error(response, "email") == "This field is required."
    assert 'value="newbie"' in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()


def test_a_logged_in_user_is_sent_to_the_dashboard_instead(auth_client):
    response = auth_client.get(URL)

    assert response.status_code == 302
    assert response.url == reverse("progress:dashboard")


@pytest.mark.parametrize("method", ["put", "delete"])
def test_signup_refuses_other_methods(client, method):
    response = getattr(client, method)(URL)

    assert response.status_code == 405


def test_the_sign_up_page_stays_within_its_query_budget(client, django_assert_max_num_queries):
    # Nobody is logged in, and the page reads nothing.
    with django_assert_max_num_queries(0):
        client.get(URL)


def test_the_sent_page_does_not_say_whether_an_account_exists(client):
    response = client.get(SENT_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Check your email" in content
    assert "Open the link in it to activate your account" in content
    assert "already" not in content


def test_the_sent_page_says_where_the_email_went_when_it_is_printed(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    response = client.get(SENT_URL)

    assert "printed in the terminal running the server" in response.content.decode()


def test_the_sent_page_does_not_mention_the_terminal_when_mail_is_sent(client):
    response = client.get(SENT_URL)

    assert "terminal" not in response.content.decode()


def test_the_sent_page_refuses_post(client):
    assert client.post(SENT_URL).status_code == 405


def test_signing_up_again_after_a_lost_email_sends_a_new_link_that_works(client):
    client.post(URL, signup_data())
    first_link = mail.outbox[0].body

    response = client.post(URL, signup_data())

    assert response.status_code == 302
    assert response["Location"] == SENT_URL
    assert len(mail.outbox) == 2
    assert mail.outbox[1].body != first_link
    assert User.objects.filter(username="newbie").count() == 1


def test_a_pending_username_with_another_address_is_still_taken(client):
    # The username is a public handle: a pending account keeps it from anyone else.
    client.post(URL, signup_data())

    response = client.post(URL, signup_data(email="someone.else@example.com"))

    assert field_error(response, "username") == "A user with that username already exists."
    assert len(mail.outbox) == 1
    assert User.objects.get(username="newbie").email != "someone.else@example.com"
