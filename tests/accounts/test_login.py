import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.html import page_text

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
LOGOUT_URL = reverse("accounts:logout")


def test_it_shows_the_login_form_with_a_reset_link(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="username"' in content
    assert 'name="password"' in content
    assert f'href="{reverse("accounts:password-reset")}"' in content


def test_login_with_the_right_password_redirects_to_the_dashboard(client, user):
    response = client.post(LOGIN_URL, {"username": user.username, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("progress:dashboard")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_follows_a_safe_next_url(client, user):
    profile_url = reverse("accounts:profile")

    response = client.post(
        LOGIN_URL, {"username": user.username, "password": PASSWORD, "next": profile_url}
    )

    assert response.status_code == 302
    assert response.url == profile_url


def test_login_ignores_a_next_url_on_another_site(client, user):
    response = client.post(
        LOGIN_URL,
        {"username": user.username, "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    assert response.url == reverse("progress:dashboard")


def test_login_with_a_wrong_password_shows_the_error_and_keeps_the_username(client, user):
    response = client.post(LOGIN_URL, {"username": user.username, "password": "not-it-at-all"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Please enter a correct username and password" in content
    assert f'value="{user.username}"' in content
    assert "not-it-at-all" not in content
    assert "_auth_user_id" not in client.session


def test_an_inactive_user_cannot_log_in_and_is_told_what_a_wrong_password_is_told(client, user):
    wrong = client.post(LOGIN_URL, {"username": user.username, "password": "not-it-at-all"})
    user.is_active = False
    user.save()

    response = client.post(LOGIN_URL, {"username": user.username, "password": PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert page_text(response) == page_text(wrong)


def test_the_login_page_reminds_new_users_to_activate_first(client):
    response = client.get(LOGIN_URL)

    assert "Just signed up? Open the link we emailed you first." in response.content.decode()


def test_a_logged_in_user_is_sent_from_the_login_page_to_the_dashboard(auth_client):
    response = auth_client.get(LOGIN_URL)

    assert response.status_code == 302
    assert response.url == reverse("progress:dashboard")


def test_login_refuses_delete(client):
    response = client.delete(LOGIN_URL)

    assert response.status_code == 405


def test_logout_ends_the_session_and_redirects_home(auth_client):
    response = auth_client.post(LOGOUT_URL)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert "_auth_user_id" not in auth_client.session
    # The dashboard now asks for a login again.
    assert auth_client.get(reverse("progress:dashboard")).status_code == 302


def test_logout_refuses_get_so_a_link_cannot_log_you_out(auth_client):
    response = auth_client.get(LOGOUT_URL)

    assert response.status_code == 405
    assert "_auth_user_id" in auth_client.session
