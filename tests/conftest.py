import os

import pytest
from django.conf import global_settings
from django.test import override_settings

from tests.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's async
# guard would otherwise refuse the ORM calls a browser test makes.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.browser", "tests.plugins.url_world", "tests.plugins.xdist_groups"]

# Django's default hasher spends a third of a second on a password, by design, and the
# factories give every user one: the suite would spend minutes hashing. MD5 hashes the
# passwords tests set; the defaults stay listed, so a stored PBKDF2 hash still checks.
TEST_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    *global_settings.PASSWORD_HASHERS,
]


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    with override_settings(PASSWORD_HASHERS=TEST_PASSWORD_HASHERS):
        yield


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def auth_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test starts with an empty cache: the email throttle's counts are kept there."""
    from django.core.cache import cache

    cache.clear()
