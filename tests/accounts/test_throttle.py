"""The email throttle's counter, and the cache it keeps its counts in."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.throttle import email_allowed
from config.settings import cache_from_url


def test_an_address_gets_three_emails_an_hour_whatever_its_case(settings):
    settings.EMAIL_PER_ADDRESS_PER_HOUR = 3
    answers = [
        email_allowed(address=address, client=f"10.0.0.{i}")
        for i, address in enumerate(
            ["a@example.com", "A@example.com", " a@example.com", "a@EXAMPLE.com"]
        )
    ]

    assert answers == [True, True, True, False]


def test_a_client_gets_ten_emails_an_hour_to_any_addresses(settings):
    settings.EMAIL_PER_CLIENT_PER_HOUR = 10
    answers = [email_allowed(address=f"p{i}@example.com", client="10.0.0.1") for i in range(11)]

    assert answers == [True] * 10 + [False]
    assert email_allowed(address="p0@example.com", client="10.0.0.2")


def test_the_counts_start_again_the_next_hour(settings, monkeypatch):
    settings.EMAIL_PER_ADDRESS_PER_HOUR = 1
    monkeypatch.setattr("accounts.throttle.time.time", lambda: 3600 * 1000 + 5)
    assert email_allowed(address="a@example.com", client="x")
    assert not email_allowed(address="a@example.com", client="x")

    monkeypatch.setattr("accounts.throttle.time.time", lambda: 3600 * 1001 + 5)
    assert email_allowed(address="a@example.com", client="x")


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("", "django.core.cache.backends.locmem.LocMemCache", None),
        ("db://hamstrong_cache", "django.core.cache.backends.db.DatabaseCache", "hamstrong_cache"),
        (
            "redis://cache:6379/0",
            "django.core.cache.backends.redis.RedisCache",
            "redis://cache:6379/0",
        ),
    ],
)
def test_cache_url_chooses_the_cache(url, backend, location):
    config = cache_from_url(url)

    assert config["BACKEND"] == backend
    assert config.get("LOCATION") == location


@pytest.mark.parametrize("url", ["memcached://x", "db://", "db://a table"])
def test_a_cache_url_it_cannot_use_stops_the_process(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url(url)


@pytest.mark.django_db
def test_the_database_cache_counts_too(settings):
    from django.core.cache import caches
    from django.core.management import call_command

    settings.CACHES = {"default": cache_from_url("db://hamstrong_throttle_test")}
    call_command("createcachetable")
    try:
        settings.EMAIL_PER_ADDRESS_PER_HOUR = 2
        assert [email_allowed(address="a@example.com", client="c") for _ in range(3)] == [
            True,
            True,
            False,
        ]
    finally:
        caches["default"].clear()
