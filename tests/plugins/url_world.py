"""The world of tests/url_table.py as fixtures, for the modules that walk that table.

test_url_authorization.py asks every URL who may use it, test_csrf.py whether it
refuses a POST without the token; both ask it of the same owner, other user and
objects. The world is built once per module (some 300 tests each) in a
transaction rolled back at the module's end; each test sees it as built.
"""

import pytest

from tests.url_table import shared_world


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker) as world:
        yield world


@pytest.fixture
def world(module_world, db):
    """The module's world inside this test's savepoint, with a fresh client logged in as
    its owner (a test may log it out)."""
    return module_world.for_test()
