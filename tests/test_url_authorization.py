"""Who may use each URL: every pattern of the URLconf is walked, and every one has a rule.

A new URL fails `test_every_url_pattern_has_an_access_rule` until its access
is decided in tests/url_table.py. User A owns the data (`build_world`); user B
is another logged-in user; the checks then ask, for every pattern: what does an
anonymous visitor get, what does B get with A's object, and does A's own
request work (so that B's 404 means the object was refused, not the request).
"""

import datetime
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import SessionFactory, UserFactory
from tests.url_table import (
    ADMIN_PUBLIC,
    MARKER,
    ROUTE,
    Access,
    admin_sample_path,
    forms_on,
    is_admin,
    project_patterns,
    snapshot,
)
from training.models import Session

PATTERNS = list(project_patterns())
APP_PATTERNS = [p for p in PATTERNS if not is_admin(p)]
ADMIN_PATTERNS = [p for p in PATTERNS if is_admin(p)]


def patterns_with(*access):
    return pytest.mark.parametrize(
        "pattern",
        [p for p in APP_PATTERNS if p.name in ROUTE and ROUTE[p.name].access in access],
        ids=lambda p: p.key,
    )


# `world` and `module_world`, the table's world, are fixtures of tests/plugins/url_world.py.


@pytest.fixture
def other_client(module_world, db):
    client = Client()
    client.force_login(module_world.other)
    return client


def text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def assert_redirected(response, to: str, next_url: str | None = None):
    assert response.status_code == 302, f"{response.status_code}, not a redirect to {to}"
    location = urlsplit(response["Location"])
    assert location.path == reverse(to), response["Location"]
    expected = {"next": [next_url]} if next_url else {}
    assert parse_qs(location.query) == expected, response["Location"]


def post_data(route, world) -> dict:
    return route.post(world) if route.post else {}


def test_every_url_pattern_has_an_access_rule():
    uncovered = [f"{p.key} ({p.route})" for p in APP_PATTERNS if p.name not in ROUTE]
    assert not uncovered, (
        "URL patterns with no access rule: add a Route for each to ROUTES in "
        "tests/url_table.py (public, login, owned, catalog or token): " + ", ".join(uncovered)
    )
    names = {p.name for p in APP_PATTERNS}
    stale = sorted(set(ROUTE) - names)
    assert not stale, f"ROUTES names URLs that no longer exist: {', '.join(stale)}"
    assert len(names) == len(APP_PATTERNS), "two URL patterns share a name"
    # Every other pattern is the admin site's: staff only, each one requested below.
    assert {p.namespace for p in ADMIN_PATTERNS} == {"admin"}
    assert len(APP_PATTERNS) + len(ADMIN_PATTERNS) == len(PATTERNS)


@patterns_with(Access.LOGIN, Access.OWNED)
def test_an_anonymous_visitor_is_sent_to_log_in(pattern, world, client):
    route = ROUTE[pattern.name]
    url, data = world.url(route), post_data(route, world)
    before = snapshot(world.owner)

    assert_redirected(client.get(url), "accounts:login", url)
    assert_redirected(client.post(url, data), "accounts:login", url)

    assert snapshot(world.owner) == before


@patterns_with(Access.PUBLIC)
def test_a_public_page_answers_an_anonymous_visitor(pattern, world, client):
    route = ROUTE[pattern.name]

    response = client.get(world.url(route))

    assert response.status_code == (route.get or 405)


@patterns_with(Access.CATALOG)
def test_the_catalog_is_public_but_a_private_exercise_is_its_owners(
    pattern, world, client, other_client
):
    route = ROUTE[pattern.name]
    assert client.get(world.url(route, "catalog")).status_code == 200
    assert other_client.get(world.url(route, "catalog")).status_code == 200

    assert client.get(world.url(route)).status_code == 404
    assert other_client.get(world.url(route)).status_code == 404
    mine = world.owner_client.get(world.url(route))
    assert mine.status_code == 200
    assert MARKER in text(mine)


@patterns_with(Access.TOKEN)
def test_a_token_address_answers_the_right_token_only(pattern, world, client, other_client):
    route = ROUTE[pattern.name]
    right = client.get(world.url(route))
    assert right.status_code == 200
    assert MARKER in text(right)

    wrong = reverse(route.name, kwargs={**world.kwargs[route.target], "token": "x" * 43})
    assert client.get(wrong).status_code == 404
    assert other_client.get(wrong).status_code == 404
    assert client.post(world.url(route)).status_code == 405


@patterns_with(Access.OWNED)
def test_another_users_object_is_not_found_and_stays_as_it_was(pattern, world, other_client):
    route = ROUTE[pattern.name]
    url, data = world.url(route), post_data(route, world)
    before = snapshot(world.owner)

    got = other_client.get(url)
    posted = other_client.post(url, data)

    # A URL that refuses the method says so before it looks anything up.
    assert got.status_code == (404 if route.get else 405)
    assert posted.status_code == (404 if route.post else 405)
    assert MARKER not in text(got)
    assert snapshot(world.owner) == before


@patterns_with(Access.LOGIN)
def test_another_user_sees_none_of_the_owners_data(pattern, world, other_client):
    route = ROUTE[pattern.name]
    before = snapshot(world.owner)["rows"]

    response = other_client.get(world.url(route))

    assert response.status_code == (route.get or 405)
    assert MARKER not in text(response)
    assert snapshot(world.owner)["rows"] == before


@patterns_with(Access.LOGIN, Access.OWNED)
def test_the_owner_is_answered(pattern, world):
    """The control for the tests above: the same requests by A are answered, and A's POST
    (with the data B posted) changes A's data."""
    route = ROUTE[pattern.name]
    url = world.url(route)

    response = world.owner_client.get(url)

    assert response.status_code == (route.get or 405)
    if route.shows_marker:
        assert MARKER in text(response)
    if route.access is Access.OWNED and route.post:
        data = route.post(world)
        before = snapshot(world.owner)
        assert world.owner_client.post(url, data).status_code == route.posted
        assert snapshot(world.owner) != before


def _forms_naming_the_owners_objects(world, own_session) -> dict:
    """B's own URLs, posted with a field that names A's private exercise or A's routine."""
    private, routine = world.objects["private"].pk, world.objects["routine"].pk
    day = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    entry = {"entries-TOTAL_FORMS": "1", "entries-INITIAL_FORMS": "0", "entries-0-sets": "3"}
    return {
        "logbook:set-create": (
            reverse("logbook:set-create", args=[own_session.pk]),
            {"exercise": private, "token": uuid.uuid4(), "reps": "10"},
        ),
        "progress:goal-create": (
            reverse("progress:goal-create"),
            {"metric": "reps", "exercise": private, "target": "20", "deadline": day, "save": "1"}
            | {"why": "To run again."},
        ),
        "training:routine-create": (
            reverse("training:routine-create"),
            {"name": "Mine", "rounds": "1", "entries-0-exercise": private} | entry,
        ),
        "training:schedule-create": (
            reverse("training:schedule-create"),
            {"routine": routine, "weekdays": ["0", "3"], "start_date": day, "weeks": "2"},
        ),
        "training:session-add": (
            reverse("training:session-add"),
            {"routine": routine, "date": day},
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "logbook:set-create",
        "progress:goal-create",
        "training:routine-create",
        "training:schedule-create",
        "training:session-add",
    ],
)
def test_a_form_naming_another_users_object_saves_nothing(name, world, other_client):
    own_session = SessionFactory(user=world.other, status=Session.Status.IN_PROGRESS)
    url, data = _forms_naming_the_owners_objects(world, own_session)[name]
    before = snapshot(world.owner)

    response = other_client.post(url, data)
    # A plan that draws warnings asks to "Save anyway": press it.
    confirm = [v for f in forms_on(response) for k, v in f.fields if k == "confirm" and v]
    if confirm:
        response = other_client.post(url, {**data, "confirm": confirm[0]})

    # Refused as a form error (or, for a set, a message and back to the session).
    assert response.status_code in (200, 302)
    assert snapshot(world.owner) == before  # the counts: B got no set, goal, routine, plan


@pytest.mark.parametrize("pattern", ADMIN_PATTERNS, ids=lambda p: p.key)
def test_an_admin_address_is_for_staff_only(pattern, module_world, client, other_client):
    path = admin_sample_path(pattern)
    if pattern.name in ADMIN_PUBLIC:
        assert client.get(path).status_code == 200
        return
    before = snapshot(module_world.owner)

    for visitor in (client, other_client):  # anonymous, then logged in but not staff
        for response in (visitor.get(path), visitor.post(path, {"post": "yes"})):
            if pattern.name == "admin:logout":
                assert_redirected(response, "admin:index")
            else:
                assert_redirected(response, "admin:login", path)

    assert snapshot(module_world.owner) == before


def test_staff_reach_the_admin_index(db, client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse("admin:index")).status_code == 200


def test_a_superuser_reaches_every_models_list(world, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    for model in admin.site._registry:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
