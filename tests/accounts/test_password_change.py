import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.html import field_error

pytestmark = pytest.mark.django_db

URL = reverse("accounts:password-change")
DONE_URL = reverse("accounts:password-change-done")
NEW_PASSWORD = "a-fresh-nordic-curl-91"


def change_data(**overrides):
    data = {
        "old_password": PASSWORD,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    return {**data, **overrides}


@pytest.mark.parametrize("url", [URL, DONE_URL])
def test_an_anonymous_visitor_is_sent_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url}"


def test_it_shows_the_password_change_form(auth_client):
    response = auth_client.get(URL)

    assert response.status_code == 200
    assert 'name="old_password"' in response.content.decode()
    assert 'name="new_password1"' in response.content.decode()


def test_changing_the_password_redirects_to_done_and_keeps_the_user_logged_in(auth_client, user):
    response = auth_client.post(URL, change_data())

    assert response.status_code == 302
    assert response.url == DONE_URL
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The session hash was updated, so this device stays logged in.
    done = auth_client.get(DONE_URL)
    assert done.status_code == 200
    assert "Your password has been changed." in done.content.decode()


def test_the_new_password_works_for_the_next_login(auth_client, user):
    auth_client.post(URL, change_data())
    auth_client.post(reverse("accounts:logout"))

    # Through the log-in page: axes wants the request that client.login() does not pass.
    login_url = reverse("accounts:login")
    old = auth_client.post(login_url, {"username": user.username, "password": PASSWORD})
    assert old.status_code == 200
    assert "_auth_user_id" not in auth_client.session
    new = auth_client.post(login_url, {"username": user.username, "password": NEW_PASSWORD})
    assert new.status_code == 302
    assert auth_client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_old_password_is_refused_next_to_its_field(auth_client, user):
    response = auth_client.post(URL, change_data(old_password="not-my-password"))

    assert response.status_code == 200
    assert field_error(response, "old_password") == (
        "Your old password was entered incorrectly. Please enter it again."
    )
    # Passwords are never echoed back into the page.
    content = response.content.decode()
    assert "not-my-password" not in content
    assert NEW_PASSWORD not in content
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_mismatched_new_passwords_are_refused(auth_client, user):
    response = auth_client.post(URL, change_data(new_password2="something-else-entirely"))

    assert response.status_code == 200
    assert field_error(response, "new_password2") == "The two password fields didn’t match."
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_weak_new_password_is_refused(auth_client, user):
    response = auth_client.post(URL, change_data(new_password1="short", new_password2="short"))

    assert response.status_code == 200
    assert "This password is too short." in field_error(response, "new_password2")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_refuses_delete(auth_client):
    response = auth_client.delete(URL)

    assert response.status_code == 405
