import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import resolve, reverse

from tests.factories import PASSWORD
from tests.html import field_error

pytestmark = pytest.mark.django_db

URL = reverse("accounts:password-reset")
SENT_URL = reverse("accounts:password-reset-done")
COMPLETE_URL = reverse("accounts:password-reset-complete")
NEW_PASSWORD = "a-brand-new-deadlift-58"


def reset_link_path(message):
    """The path of the one link in a reset email."""
    urls = re.findall(r"https?://\S+", message.body)
    assert len(urls) == 1, message.body
    return urlsplit(urls[0]).path


def test_it_shows_the_reset_form(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()


def test_a_known_email_gets_a_reset_link_and_redirects_to_sent(client, user):
    response = client.post(URL, {"email": user.email})

    assert response.status_code == 302
    assert response.url == SENT_URL
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Reset your Hamstrong password"
    assert user.username in message.body
    match = resolve(reset_link_path(message))
    assert match.view_name == "accounts:password-reset-confirm"


def test_the_email_address_matches_whatever_its_case(client, user):
    client.post(URL, {"email": user.email.upper()})

    assert [m.to for m in mail.outbox] == [[user.email]]


def test_following_the_link_sets_a_new_password_that_logs_in(client, user):
    client.post(URL, {"email": user.email})
    link = reset_link_path(mail.outbox[0])

    # The token moves from the URL into the session before the form shows.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert 'name="new_password1"' in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]

    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == COMPLETE_URL
    login = client.post(
        reverse("accounts:login"), {"username": user.username, "password": NEW_PASSWORD}
    )
    assert login.status_code == 302
    assert login.url == reverse("progress:dashboard")
    user.refresh_from_db()
    assert not user.check_password(PASSWORD)


def test_the_link_works_only_once(client, user):
    client.post(URL, {"email": user.email})
    link = reset_link_path(mail.outbox[0])
    set_password_url = client.get(link).url
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.get(link, follow=True)

    assert response.status_code == 200
    assert "This reset link does not work" in response.content.decode()
    assert 'name="new_password1"' not in response.content.decode()


def test_a_forged_token_shows_the_link_does_not_work(client, user):
    client.post(URL, {"email": user.email})
    uidb64 = resolve(reset_link_path(mail.outbox[0])).kwargs["uidb64"]
    forged = reverse(
        "accounts:password-reset-confirm", kwargs={"uidb64": uidb64, "token": "abc-123"}
    )

    response = client.get(forged)

    assert response.status_code == 200
    assert "This reset link does not work" in response.content.decode()


def test_mismatched_new_passwords_are_refused_and_the_old_one_still_works(client, user):
    client.post(URL, {"email": user.email})
    set_password_url = client.get(reset_link_path(mail.outbox[0])).url

    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": "not-the-same-one"}
    )

    assert response.status_code == 200
    assert field_error(response, "new_password2") == "The two password fields didn’t match."
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_an_unknown_email_gets_the_same_sent_redirect_and_no_mail(client, user):
    response = client.post(URL, {"email": "nobody-here@example.com"})

    assert response.status_code == 302
    assert response.url == SENT_URL
    assert mail.outbox == []


def test_an_inactive_users_email_gets_no_mail(client, user):
    user.is_active = False
    user.save()

    response = client.post(URL, {"email": user.email})

    assert response.url == SENT_URL
    assert mail.outbox == []


def test_a_malformed_email_is_refused_and_kept_in_the_form(client):
    response = client.post(URL, {"email": "not-an-email"})

    assert response.status_code == 200
    assert field_error(response, "email") == "Enter a valid email address."
    assert 'value="not-an-email"' in response.content.decode()
    assert mail.outbox == []


def test_the_sent_page_does_not_say_whether_the_account_exists(client):
    response = client.get(SENT_URL)

    assert response.status_code == 200
    assert "If an account uses that address" in response.content.decode()


def test_password_reset_refuses_delete(client):
    response = client.delete(URL)

    assert response.status_code == 405
