"""CSRF: every URL that changes something refuses a POST without the token, and its pages'
forms carry one.

The POST URLs are those of tests/url_table.py, the table the authorization
test walks: a URL added there with a POST is checked here too. The clients
enforce CSRF checks, as a browser's requests are checked.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from progress.models import Goal
from tests.factories import PASSWORD, UserFactory
from tests.url_table import (
    IMPORT_CSV,
    POST_ROUTES,
    ROUTES,
    Access,
    form_posting_to,
    forms_on,
    snapshot,
)
from training.models import Import, LoggedSet, Session

TOKEN = "csrfmiddlewaretoken"
# A page any visitor, logged in or not, is shown with a form: it sets the CSRF cookie.
COOKIE_PAGE = "accounts:password-reset"

# `world`, the table's world for one test, is a fixture of tests/plugins/url_world.py.


def browser(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def poster(route, world) -> Client:
    return browser(world.owner if route.poster == "owner" else None)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def submit(client, page: str, action: str | None = None, **values):
    """Fill in the form on `page` that posts to `action` (default: the page) and send it,
    with the CSRF token the page put in it."""
    form = form_posting_to(client.get(page), action or page)
    assert form.data.get(TOKEN), f"the form on {page} has no CSRF token"
    return client.post(action or page, {**form.data, **values})


@pytest.mark.parametrize("route", POST_ROUTES, ids=lambda r: r.name)
def test_a_post_without_the_token_is_refused_and_changes_nothing(route, world):
    client = poster(route, world)
    client.get(reverse(COOKIE_PAGE))
    assert settings.CSRF_COOKIE_NAME in client.cookies
    url = world.url(route)
    before = snapshot(world.owner)
    was_logged_in = logged_in(client)

    refused = client.post(url, route.post(world))

    assert refused.status_code == 403
    assert snapshot(world.owner) == before
    assert logged_in(client) == was_logged_in
    # The control: the same POST with the token is answered, so the 403 was for the token.
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    assert client.post(url, {**route.post(world), TOKEN: token}).status_code == route.posted


GET_PAGES = [r for r in ROUTES if r.get == 200 and r.access is not Access.TOKEN]


@pytest.mark.parametrize("route", GET_PAGES, ids=lambda r: r.name)
def test_every_post_form_on_a_page_carries_a_token(route, world):
    client = browser(None if route.access is Access.PUBLIC else world.owner)

    response = client.get(world.url(route))

    assert response.status_code == 200
    html = response["Content-Type"].startswith("text/html")  # not a download
    forms = [form for form in forms_on(response) if form.method == "post"] if html else []
    assert all(form.data.get(TOKEN) for form in forms), [form.action for form in forms]


def test_logging_a_set_with_the_pages_token_works(world):
    client = browser(world.owner)
    pk = world.kwargs["active"]["pk"]
    before = LoggedSet.objects.filter(session_id=pk).count()

    # The exercise's card on the session page, prefilled with today's target.
    response = submit(
        client,
        reverse("logbook:session-detail", args=[pk]),
        reverse("logbook:set-create", args=[pk]),
    )

    assert response.status_code == 302
    assert LoggedSet.objects.filter(session_id=pk).count() == before + 1


def test_finishing_a_session_with_the_pages_token_works(world):
    client = browser(world.owner)
    pk = world.kwargs["active"]["pk"]

    response = submit(client, reverse("logbook:session-finish", args=[pk]), effort="7")

    assert response.status_code == 302
    assert Session.objects.get(pk=pk).status == Session.Status.DONE


def test_logging_a_past_workout_with_the_pages_token_works(world):
    client = browser(world.owner)
    before = Session.objects.filter(user=world.owner).count()

    response = submit(client, reverse("logbook:session-past"), routine="")

    assert response.status_code == 302
    assert Session.objects.filter(user=world.owner).count() == before + 1


def test_train_now_with_the_dashboards_token_works(world):
    client = browser(world.owner)
    page = client.get(reverse("progress:dashboard"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    response = client.post(reverse("logbook:session-now"), {TOKEN: token})

    assert response.status_code == 302
    assert Session.objects.filter(
        user=world.owner, status=Session.Status.IN_PROGRESS, date=timezone.localdate()
    ).exists()


def test_changing_a_sessions_day_with_the_pages_token_works(world):
    client = browser(world.owner)
    pk = world.kwargs["active"]["pk"]

    response = submit(client, reverse("logbook:session-date", args=[pk]))

    assert response.status_code == 302


def test_creating_a_goal_with_the_pages_token_works(world):
    client = browser(world.owner)
    before = Goal.objects.filter(user=world.owner).count()

    response = submit(
        client,
        f"{reverse('progress:goal-create')}?metric={Goal.Metric.REPS}",
        metric=Goal.Metric.REPS,
        exercise=world.objects["bridge"].pk,
        target="20",
        why="To run again.",
        save="1",
    )

    assert response.status_code == 302
    assert Goal.objects.filter(user=world.owner).count() == before + 1


def test_signing_up_with_the_pages_token_works(world):
    client = browser()
    password = "a-brand-new-horse-staple"

    response = submit(
        client,
        reverse("accounts:signup"),
        username="newcomer",
        email="newcomer@example.com",
        password1=password,
        password2=password,
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:signup-sent")
    assert not User.objects.get(username="newcomer").is_active
    assert not logged_in(client)


def test_activating_an_account_with_the_pages_token_works(world):
    client = browser()
    password = "a-brand-new-horse-staple"
    submit(
        client,
        reverse("accounts:signup"),
        username="newcomer",
        email="newcomer@example.com",
        password1=password,
        password2=password,
    )
    [link] = re.findall(r"https?://\S+", mail.outbox[0].body)
    path = urlsplit(link).path

    refused = client.post(path)
    assert refused.status_code == 403
    response = submit(client, path)

    assert response.status_code == 302
    assert User.objects.get(username="newcomer").is_active
    assert logged_in(client)


def test_confirming_a_new_email_address_with_the_pages_token_works(world):
    client = browser(world.owner)
    submit(client, reverse("accounts:profile"), email="moved@example.com")
    [link] = re.findall(r"https?://\S+", mail.outbox[0].body)
    path = urlsplit(link).path

    refused = client.post(path)
    assert refused.status_code == 403
    response = submit(client, path)

    assert response.status_code == 302
    assert User.objects.get(pk=world.owner.pk).email == "moved@example.com"


def test_logging_in_with_the_pages_token_works(world):
    client = browser()

    response = submit(
        client, reverse("accounts:login"), username=world.owner.username, password=PASSWORD
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.owner.pk)


def test_uploading_an_import_with_the_pages_token_works(world):
    client = browser(world.owner)
    before = Import.objects.filter(user=world.owner).count()

    response = submit(
        client,
        reverse("transfer:import-start"),
        file=SimpleUploadedFile("strong.csv", IMPORT_CSV, "text/csv"),
    )

    assert response.status_code == 302
    assert Import.objects.filter(user=world.owner).count() == before + 1


def test_the_log_out_form_posts_with_a_token(world):
    client = browser(world.owner)

    response = submit(client, reverse("progress:dashboard"), reverse("accounts:logout"))

    assert response.status_code == 302
    assert not logged_in(client)
    assert client.get(reverse("progress:dashboard")).status_code == 302


def test_a_get_to_log_out_does_not_log_out(world):
    client = browser(world.owner)

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert logged_in(client)
    assert client.get(reverse("progress:dashboard")).status_code == 200


def test_the_admin_refuses_a_post_without_the_token(world):
    client = browser(UserFactory(is_staff=True, is_superuser=True))
    group = Group.objects.get()
    url = reverse("admin:auth_group_delete", args=[group.pk])

    refused = client.post(url, {"post": "yes"})
    assert refused.status_code == 403
    assert Group.objects.filter(pk=group.pk).exists()

    response = submit(client, url, post="yes")
    assert response.status_code == 302
    assert not Group.objects.filter(pk=group.pk).exists()


def test_the_admin_log_in_refuses_a_post_without_the_token(world):
    staff = UserFactory(is_staff=True)
    client = browser()
    client.get(reverse("admin:login"))

    response = client.post(
        reverse("admin:login"), {"username": staff.username, "password": PASSWORD}
    )

    assert response.status_code == 403
    assert not logged_in(client)
