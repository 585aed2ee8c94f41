import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")
NEW_EMAIL = "new-me@example.com"


@pytest.fixture
def link(auth_client, user):
    """The link sent to the new address after the user asked to change theirs."""
    auth_client.post(
        PROFILE_URL,
        {
            "display_name": user.display_name,
            "email": NEW_EMAIL,
            "unit": "kg",
            "weekly_target": "2",
            "experience": "beginner",
        },
    )
    [url] = re.findall(r"https?://\S+", mail.outbox[0].body)
    return urlsplit(url).path


def email_of(user):
    user.refresh_from_db()
    return user.email


def test_opening_the_link_shows_a_button_and_changes_nothing(client, link, user):
    response = client.get(link)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Use this address" in content
    assert NEW_EMAIL in content
    assert email_of(user) != NEW_EMAIL


def test_pressing_the_button_changes_the_address(auth_client, link, user):
    response = auth_client.post(link, follow=True)

    assert response.redirect_chain == [(PROFILE_URL, 302)]
    assert f"Your email address is now {NEW_EMAIL}." in response.content.decode()
    assert email_of(user) == NEW_EMAIL


def test_the_link_works_without_being_logged_in(client, link, user):
    response = client.post(link)

    assert response.status_code == 302
    assert email_of(user) == NEW_EMAIL


def test_the_link_works_once(client, link, user):
    client.post(link)

    response = client.post(link)

    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


def test_an_older_link_does_not_undo_a_later_change(client, auth_client, link, user):
    client.post(link)
    auth_client.post(
        PROFILE_URL,
        {
            "email": "third@example.com",
            "unit": "kg",
            "weekly_target": "2",
            "experience": "beginner",
        },
    )
    [third] = re.findall(r"https?://\S+", mail.outbox[-1].body)
    client.post(urlsplit(third).path)

    response = client.post(link)

    assert "This link does not work" in response.content.decode()
    assert email_of(user) == "third@example.com"


def test_a_link_for_an_address_taken_since_does_not_work(client, link, user):
    UserFactory(email=NEW_EMAIL.upper())

    response = client.post(link)

    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()
    assert email_of(user) != NEW_EMAIL


def test_a_link_moved_to_another_account_does_not_work(client, link, user, other_user):
    uidb64 = re.search(r"/confirm/([^/]+)/", link)[1]
    moved = link.replace(uidb64, urlsafe_base64_encode(force_bytes(other_user.pk)))

    response = client.post(moved)

    assert "This link does not work" in response.content.decode()
    assert email_of(other_user) != NEW_EMAIL


@pytest.mark.parametrize("token", ["nonsense", "a:b:c"])
def test_a_forged_token_does_not_work(client, user, token):
    link = reverse("accounts:email-confirm", kwargs={"uidb64": "MQ", "token": token})

    for response in (client.get(link), client.post(link)):
        assert response.status_code == 200
        assert "This link does not work" in response.content.decode()


def test_an_expired_link_does_not_work(client, link, user, settings):
    settings.PASSWORD_RESET_TIMEOUT = -1

    response = client.post(link)

    assert "This link does not work" in response.content.decode()
    assert email_of(user) != NEW_EMAIL


@pytest.mark.parametrize("method", ["put", "delete"])
def test_it_refuses_other_methods(client, link, method):
    assert getattr(client, method)(link).status_code == 405
