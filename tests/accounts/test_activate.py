import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from accounts.tokens import activation_token_generator

pytestmark = pytest.mark.django_db

PASSWORD = "a-sturdy-hamstring-42"
LOGIN_URL = reverse("accounts:login")


@pytest.fixture
def link(client):
    """The activation link a new sign-up was emailed."""
    client.post(
        reverse("accounts:signup"),
        {
            "username": "newbie",
            "email": "newbie@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    [url] = re.findall(r"https?://\S+", mail.outbox[0].body)
    return urlsplit(url).path


def newbie():
    return User.objects.get(username="newbie")


def activate_url(user, token):
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:activate", kwargs={"uidb64": uidb64, "token": token})


def test_opening_the_link_shows_a_button_and_activates_nothing(client, link):
    response = client.get(link)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Activate my account" in content
    assert "newbie" in content
    # A mail scanner that opens the link does not spend it.
    assert not newbie().is_active
    assert client.get(link).status_code == 200


def test_pressing_the_button_activates_logs_in_and_welcomes(client, link):
    response = client.post(link, follow=True)

    assert response.redirect_chain == [(reverse("progress:dashboard"), 302)]
    content = response.content.decode()
    assert "Welcome to Hamstrong" in content
    assert "Hello, newbie" in content
    assert newbie().is_active
    assert client.session["_auth_user_id"] == str(newbie().pk)


def test_the_link_works_once(client, link):
    client.post(link)
    client.post(reverse("accounts:logout"))

    for response in (client.get(link), client.post(link)):
        assert response.status_code == 200
        content = response.content.decode()
        assert "This link does not work" in content
        assert "Activate my account" not in content
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "tamper",
    [
        lambda path: path.replace("/activate/", "/activate/x"),  # the uid
        lambda path: path[:-3] + "zz/",  # the token
        lambda path: re.sub(r"/activate/[^/]+/", "/activate/OTk5OTk5/", path),  # another uid
    ],
    ids=["uid", "token", "other-user"],
)
def test_a_tampered_link_says_it_does_not_work(client, link, tamper):
    for response in (client.get(tamper(link)), client.post(tamper(link))):
        assert response.status_code == 200
        assert "This link does not work" in response.content.decode()
    assert not newbie().is_active


def test_an_expired_link_does_not_work(client, link, monkeypatch):
    later = datetime.datetime.now() + datetime.timedelta(days=4)
    monkeypatch.setattr(activation_token_generator, "_now", lambda: later)

    response = client.post(link)

    assert "This link does not work" in response.content.decode()
    assert not newbie().is_active


def test_a_password_reset_token_does_not_activate(client, link):
    user = newbie()

    response = client.post(activate_url(user, default_token_generator.make_token(user)))

    assert "This link does not work" in response.content.decode()
    assert not newbie().is_active


def test_an_activation_token_does_not_reset_a_password(client, link):
    user = newbie()
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = activation_token_generator.make_token(user)
    reset = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uidb64, "token": token})

    response = client.get(reset, follow=True)

    assert "This reset link does not work" in response.content.decode()


def test_an_account_cannot_log_in_before_it_is_activated(client, link):
    refused = client.post(LOGIN_URL, {"username": "newbie", "password": PASSWORD})
    assert refused.status_code == 200
    assert "Please enter a correct username and password" in refused.content.decode()
    assert "_auth_user_id" not in client.session

    client.post(link)
    client.post(reverse("accounts:logout"))
    response = client.post(LOGIN_URL, {"username": "newbie", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("progress:dashboard")


@pytest.mark.parametrize("method", ["put", "delete"])
def test_activation_refuses_other_methods(client, link, method):
    assert getattr(client, method)(link).status_code == 405
    assert not newbie().is_active
