"""Log-in throttling (django-axes): five failures lock a username on one address."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.lockout import client_ip_behind_proxy
from tests.factories import PASSWORD, UserFactory
from tests.html import page_text

LOGIN_URL = reverse("accounts:login")
HOME = "10.0.0.1"
ELSEWHERE = "10.0.0.2"
WRONG = "not-the-password-at-all"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Some 30 log-ins a test: the production hasher would take a second for each few.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def attempt(client, username, password, ip=HOME, **extra):
    return client.post(
        LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


def fail(client, username, times=5, ip=HOME):
    return [attempt(client, username, WRONG, ip) for _ in range(times)][-1]


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_four_failures_still_show_the_form(client, user):
    response = fail(client, user.username, times=4)

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


@pytest.mark.django_db
def test_the_fifth_failure_locks_and_the_right_password_is_then_refused(client, user):
    fifth = fail(client, user.username)
    assert fifth.status_code == 429

    response = attempt(client, user.username, PASSWORD)

    assert response.status_code == 429
    content = response.content.decode()
    assert "too many failed attempts" in content
    assert "You can try again in 15 minutes." in content
    assert f'href="{reverse("accounts:password-reset")}"' in content
    assert response["Retry-After"] == "900"
    assert not logged_in(client)


@pytest.mark.django_db
def test_the_lock_out_page_is_a_whole_page_of_the_site(client, user):
    response = fail(client, user.username)

    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert "<title>Too many failed log-ins · Hamstrong</title>" in content
    assert 'href="/"' in content  # the site's header, from base.html


@pytest.mark.django_db
def test_the_page_says_the_configured_cool_off(client, user, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=1)

    response = fail(client, user.username)

    assert "You can try again in 1 minute." in response.content.decode()
    assert response["Retry-After"] == "60"


@pytest.mark.django_db
def test_the_same_username_from_another_address_is_not_locked(client, user):
    fail(client, user.username)

    response = attempt(client, user.username, PASSWORD, ip=ELSEWHERE)

    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_another_username_from_the_same_address_is_not_locked(client, user, other_user):
    fail(client, user.username)

    response = attempt(client, other_user.username, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other_user.pk)


@pytest.mark.django_db
def test_after_the_cool_off_the_right_password_works(client, user):
    fail(client, user.username)
    assert attempt(client, user.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=15, seconds=1)
    )

    response = attempt(client, user.username, PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_just_before_the_cool_off_ends_it_is_still_locked(client, user):
    fail(client, user.username)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=14, seconds=50)
    )

    assert attempt(client, user.username, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_a_success_resets_the_count(client, user):
    fail(client, user.username, times=4)
    assert attempt(client, user.username, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))

    fail(client, user.username, times=4)
    response = attempt(client, user.username, PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_an_unknown_username_is_locked_out_alike(client, user):
    known = fail(client, user.username)
    unknown = fail(client, "nobody-by-this-name")

    assert unknown.status_code == known.status_code == 429
    assert page_text(unknown) == page_text(known)
    assert unknown["Retry-After"] == known["Retry-After"]


@pytest.mark.django_db
def test_an_unknown_username_fails_like_a_wrong_password_before_the_lock(client, user):
    known = attempt(client, user.username, WRONG)
    unknown = attempt(client, "nobody-by-this-name", WRONG)

    assert unknown.status_code == known.status_code == 200
    assert page_text(unknown) == page_text(known).replace(user.username, "nobody-by-this-name")


@pytest.mark.django_db
def test_spaces_around_the_username_count_as_the_same_username(client, user):
    fail(client, f" {user.username} ")

    assert attempt(client, user.username, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_an_inactive_account_counts_its_attempts_like_any_other(client, user):
    user.is_active = False
    user.save()

    fail(client, user.username, times=4)
    response = attempt(client, user.username, PASSWORD)

    assert response.status_code == 429


@pytest.mark.django_db
def test_the_admin_log_in_is_throttled_too(client):
    staff = UserFactory(is_staff=True)
    for _ in range(5):
        client.post(
            reverse("admin:login"),
            {"username": staff.username, "password": WRONG},
            REMOTE_ADDR=HOME,
        )

    response = client.post(
        reverse("admin:login"), {"username": staff.username, "password": PASSWORD}, REMOTE_ADDR=HOME
    )

    assert response.status_code == 429
    assert not logged_in(client)


@pytest.mark.django_db
def test_behind_the_proxy_each_client_address_counts_apart(client, user, settings):
    settings.AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip_behind_proxy"
    proxy = "192.168.0.9"
    settings.TRUSTED_PROXIES = ["192.168.0.0/24"]
    for _ in range(5):
        attempt(client, user.username, WRONG, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    locked = attempt(client, user.username, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")

    # What a client puts before the proxy's entry changes nothing.
    spoofed = attempt(
        client, user.username, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5"
    )
    other = attempt(client, user.username, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.6")

    assert locked.status_code == spoofed.status_code == 429
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.5", "203.0.113.5"),
        ("1.2.3.4, 203.0.113.5", "203.0.113.5"),
        ("1.2.3.4,203.0.113.5 ", "203.0.113.5"),
        ("2001:db8::1", "2001:db8::1"),
        (None, "192.168.0.9"),
        ("", "192.168.0.9"),
        ("not-an-address", "192.168.0.9"),
    ],
)
def test_the_client_address_behind_the_proxy_is_the_last_forwarded_one(
    forwarded, expected, settings
):
    settings.TRUSTED_PROXIES = ["192.168.0.9"]
    headers = {"REMOTE_ADDR": "192.168.0.9"}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **headers)

    assert client_ip_behind_proxy(request) == expected


@pytest.mark.parametrize(
    ("remote", "trusted", "expected"),
    [
        ("127.0.0.1", ["127.0.0.1"], "203.0.113.5"),
        ("10.1.2.3", ["10.0.0.0/8"], "203.0.113.5"),
        ("198.51.100.7", ["127.0.0.1"], "198.51.100.7"),
        ("198.51.100.7", [], "198.51.100.7"),
        ("::1", ["127.0.0.1", "::1"], "203.0.113.5"),
    ],
)
def test_the_forwarded_address_counts_only_from_a_trusted_proxy(
    remote, trusted, expected, settings
):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR="203.0.113.5")

    assert client_ip_behind_proxy(request) == expected
