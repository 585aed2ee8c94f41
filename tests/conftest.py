import os

import pytest

from tests.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's async
# guard would otherwise refuse the ORM calls a browser test makes.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.browser"]


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
