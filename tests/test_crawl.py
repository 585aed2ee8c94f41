"""A crawl of the whole site as real users: every page, every link, every form, no 5xx.

The demo account (built in-process by `manage.py demo`'s own builder, twelve
weeks of history as of today) is crawled in kg, then, built again, in lb after
switching the unit on the profile form; and a brand-new user with no history
is crawled too. Each crawl follows every same-origin link from the dashboard
and submits every form it meets with its prefilled values (see tests/crawl.py
for what is sent, in which order, and what is rolled back), the goal form once
per metric with an exercise from the user's own log, until it saves.

It exists because saving a goal from a real history (an estimated one-rep
max, or a load for reps after loads typed in lb) was a 500 that form fuzzing
on factory data never met. Each crawl runs once per module, in a transaction
rolled back at its end; the tests then read what it found.
"""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from progress.models import Goal
from tests.crawl import USERS, Crawler
from tests.url_table import FAST_HASHERS

# Marked so that pytest-django sets up the test database before the module's crawls:
# without a test that asks for it, `django_db_setup` would leave the real one connected.
pytestmark = pytest.mark.django_db

NAVIGATION = {
    "progress:dashboard",
    "training:upcoming",
    "training:routine-list",
    "progress:progress-list",
    "progress:goal-list",
    "exercises:exercise-list",
    "transfer:import-start",
    "accounts:profile",
}
# Pages only a history has: the crawl must reach them through the demo's links.
HISTORY_PAGES = {
    "logbook:session-detail",
    "training:history",
    "training:calendar-month",
    "training:routine-detail",
    "progress:exercise-progress",
    "progress:goal-detail",
    "exercises:exercise-detail",
}


@pytest.fixture(scope="module")
def catalog(django_db_setup, django_db_blocker):
    """The shipped catalog and routines, for the module; rolled back at its end."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        call_command("loaddata", "fixtures/exercises.json", "fixtures/routines.json", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module", params=list(USERS))
def crawl(request, catalog, django_db_blocker) -> Crawler:
    """One crawl as that user, its writes rolled back once it is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        client = Client()
        user = USERS[request.param](client)
        crawler = Crawler(client, user).run()
        transaction.set_rollback(True)
    return crawler


def listed(answers) -> str:
    return "\n".join(str(a) for a in answers)


def test_no_page_link_or_form_is_a_server_error(crawl):
    assert not crawl.failures, f"{len(crawl.failures)} server errors:\n{listed(crawl.failures)}"


def test_no_link_leads_to_a_missing_page(crawl):
    assert not crawl.broken_links, f"links to missing pages:\n{listed(crawl.broken_links)}"


def test_the_crawl_reaches_every_page_of_the_navigation(crawl):
    reached = set(crawl.pages.values())
    assert reached >= NAVIGATION, f"never reached: {sorted(NAVIGATION - reached)}"
    if crawl.user.username == "demo":
        assert reached >= HISTORY_PAGES, f"never reached: {sorted(HISTORY_PAGES - reached)}"


def test_the_crawl_saves_a_goal_of_every_metric(crawl):
    """Through "Save goal", with an exercise from the user's log and a target above it."""
    assert set(crawl.goal_saves) == set(Goal.Metric.values), "the goal form offers other metrics"
    unsaved = {m: str(a) for m, a in crawl.goal_saves.items() if a is None or a.status != 302}
    assert not unsaved, "goals not saved:\n" + "\n".join(f"{m}: {a}" for m, a in unsaved.items())
    if crawl.user.username == "demo":
        # The goals that read a load, reps or a hold from the log were set on the log's own
        # exercises: the case that once was a 500.
        from_log = {m: crawl.goal_exercises[m] for m in ("load_for_reps", "e1rm", "reps", "hold")}
        assert set(from_log.values()) == {"logged"}, from_log
