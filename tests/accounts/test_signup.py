import pytest
from django.urls import reverse

from accounts.models import User
from tests.html import field_error

pytestmark = pytest.mark.django_db

URL = reverse("accounts:signup")
NEW_PASSWORD = "a-sturdy-hamstring-42"


def signup_data(**overrides):
    data = {
        "username": "newbie",
        "email": "newbie@example.com",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    return {**data, **overrides}


def test_it_shows_the_sign_up_form(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
    assert 'name="email"' in response.content.decode()
    assert 'name="password2"' in response.content.decode()


def test_signup_creates_the_user_logs_them_in_and_redirects_to_the_dashboard(client):
    response = client.post(URL, signup_data())

    assert response.status_code == 302
    assert response.url == reverse("progress:dashboard")
    user = User.objects.get(username="newbie")
    assert user.email == "newbie@example.com"
    assert user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_after_signup_the_dashboard_greets_the_new_user_with_a_welcome(client):
    response = client.post(URL, signup_data(), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("progress:dashboard"), 302)]
    assert "Welcome to Hamstrong" in response.content.decode()
    assert "Hello, newbie" in response.content.decode()


def test_signup_with_a_taken_email_shows_the_error_and_keeps_the_username(client, user):
    response = client.post(URL, signup_data(email=user.email.upper()))

    assert response.status_code == 200
    assert field_error(response, "email") == "An account with this email address already exists."
    content = response.content.decode()
    assert 'value="newbie"' in content
    assert f'value="{user.email.upper()}"' in content
    assert not User.objects.filter(username="newbie").exists()


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


def test_signup_with_a_taken_username_is_refused(client, user):
    response = client.post(URL, signup_data(username=user.username))

    assert response.status_code == 200
    assert field_error(response, "username") == "A user with that username already exists."
    assert User.objects.filter(username=user.username).count() == 1


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
    with django_assert_max_num_queries(2):
        client.get(URL)
