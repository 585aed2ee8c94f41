"""No signal in the basement: sets logged with no connection are kept on the phone, shown,
and sent when it returns (docs/offline.md), in Chromium at 390 × 844 with the service
worker registered.

The phone reaches the live server through a relay the test can cut. Playwright's
offline switch alone would not do: it sets `navigator.onLine` and stops the page's own
requests, but not the service worker's (microsoft/playwright#2311), which would then
answer from the network as if nothing had happened. Cut, the relay refuses every
connection, the page's and the worker's alike, as a lost signal does.
"""

import contextlib
import re
import socket
import threading
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from logbook import services
from tests.browser import VIEWPORT, AxeChecker, CspWatch
from training.models import LoggedSet, Routine, Session

PASSWORD = "a-long-unusual-passphrase-42"


class Relay:
    """127.0.0.1:<port> forwarding to the live server, until it is cut."""

    def __init__(self, target_port: int):
        self.target = ("localhost", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.online, self.open, self.lock = True, [], threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.online:
                client.close()  # nothing answers: the fetch fails as with no signal
                continue
            server = socket.create_connection(self.target)
            with self.lock:
                self.open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.online = False
        with self.lock:
            for connection in self.open:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
            self.open.clear()

    def restore(self):
        self.online = True

    def close(self):
        self.cut()
        self.listener.close()


@pytest.fixture
def relay(live_server):
    relay = Relay(int(live_server.url.rsplit(":", 1)[1]))
    yield relay
    relay.close()


@pytest.fixture
def phone(browser, relay):
    """A phone-sized page through the relay; CSP watched and axe-checked on every load."""
    context = browser.new_context(viewport=VIEWPORT, base_url=relay.url, reduced_motion="reduce")
    context.set_default_timeout(10_000)
    csp = CspWatch(context)
    page = context.new_page()
    checker = AxeChecker(page)
    page.on("load", checker.on_load)
    yield page
    page.remove_listener("load", checker.on_load)
    context.close()
    assert not csp.violations, "Content-Security-Policy violations:\n" + "\n".join(csp.violations)
    assert not checker.violations, "accessibility violations:\n" + "\n".join(checker.violations)


@pytest.fixture
def athlete(transactional_db):
    call_command("loaddata", "fixtures/exercises.json", "fixtures/routines.json", verbosity=0)
    return User.objects.create_user("ines", "ines@example.com", PASSWORD)


@pytest.fixture
def session(athlete):
    return Session.objects.create(
        user=athlete,
        routine=Routine.objects.get(template_key="beginner-home-plan"),
        date=timezone.localdate(),
        status=Session.Status.IN_PROGRESS,
        started_at=timezone.now(),
    )


def sign_in(page, user, relay):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": relay.url}]
    )


def open_under_the_worker(page, url):
    """Open `url`, wait for the worker to control the page: from now on it keeps pages."""
    page.goto(url)
    # Polled from here: a predicate evaluated in the page would be an eval, which the CSP forbids.
    for _ in range(100):
        if page.evaluate("() => Boolean(navigator.serviceWorker.controller)"):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the service worker never took control of the page")
    page.reload()  # this load goes through the worker, which keeps a copy


def go_offline(page, relay):
    relay.cut()
    page.context.set_offline(True)


def go_online(page, relay):
    relay.restore()
    page.context.set_offline(False)


def reps_of(card):
    return card.get_by_label(re.compile(r"^\s*Reps"))


def stored(session, count, page):
    """The session's sets once there are `count` of them (the outbox sends within seconds)."""
    for _ in range(40):
        sets = list(LoggedSet.objects.filter(session=session).order_by("set_number"))
        if len(sets) >= count:
            return sets
        page.wait_for_timeout(250)
    return list(LoggedSet.objects.filter(session=session).order_by("set_number"))


def test_three_sets_logged_offline_survive_a_reload_and_are_sent_when_the_signal_returns(
    phone, relay, athlete, session
):
    page = phone
    sign_in(page, athlete, relay)
    open_under_the_worker(page, session.get_absolute_url())
    # Installable: the worker controls the whole site, and the page names the manifest.
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert scope == relay.url + "/"
    assert page.locator("link[rel=manifest]").get_attribute("href") == "/manifest.webmanifest"

    go_offline(page, relay)
    bridge = page.locator("#ex-glute-bridge")
    bridge.get_by_role("button", name="Log set 1").click()
    expect(bridge.locator(".outbox-set")).to_have_count(1)
    expect(bridge.locator(".outbox-set")).to_contain_text("10 reps")
    expect(bridge.locator(".outbox-note")).to_have_text(
        "Saved on this phone — sends when you are back online."
    )
    reps_of(bridge).fill("8")
    bridge.get_by_role("button", name="Log set 2").click()
    expect(bridge.locator(".outbox-set")).to_have_count(2)
    bridge.get_by_role("button", name="Log set 3").click()
    expect(page.locator(".outbox-count")).to_have_text("3 waiting")
    assert LoggedSet.objects.filter(session=session).count() == 0

    # A reload with no connection: the page from the phone, its three sets still waiting.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(bridge.locator(".outbox-set")).to_have_count(3)
    expect(bridge.locator(".outbox-set").nth(1)).to_contain_text("8 reps")

    go_online(page, relay)
    sets = stored(session, 3, page)
    assert [(s.set_number, s.reps) for s in sets] == [(1, 10), (2, 8), (3, 8)]
    expect(bridge.locator(".outbox-set")).to_have_count(0)
    expect(bridge.locator(".logged-sets li")).to_have_count(3)
    expect(page.locator(".outbox-count")).to_be_hidden()
    page.wait_for_timeout(1500)  # nothing is sent twice
    assert LoggedSet.objects.filter(session=session).count() == 3


def test_a_set_the_server_answers_503_is_sent_again_and_stored_once(phone, relay, athlete, session):
    page = phone
    sign_in(page, athlete, relay)
    page.goto(session.get_absolute_url())
    real, calls = services.set_log, []

    def down_once(**kwargs):
        calls.append(kwargs["token"])
        if len(calls) == 1:
            raise OperationalError("the database restarts")  # the app's 503 page
        return real(**kwargs)

    with mock.patch.object(services, "set_log", side_effect=down_once):
        bridge = page.locator("#ex-glute-bridge")
        bridge.get_by_role("button", name="Log set 1").click()
        expect(bridge.locator(".outbox-set")).to_have_count(1)
        sets = stored(session, 1, page)
        expect(bridge.get_by_text("Set 1:")).to_be_visible()
    assert len(sets) == 1 and sets[0].reps == 10
    assert calls == [sets[0].token, sets[0].token]  # the same set, sent again once
    expect(bridge.locator(".outbox-set")).to_have_count(0)


def test_a_queued_set_the_server_then_refuses_stays_on_screen_with_the_reason(
    phone, relay, athlete, session
):
    page = phone
    sign_in(page, athlete, relay)
    open_under_the_worker(page, session.get_absolute_url())
    go_offline(page, relay)
    bridge = page.locator("#ex-glute-bridge")
    bridge.get_by_role("button", name="Log set 1").click()
    expect(bridge.locator(".outbox-set")).to_have_count(1)
    Session.objects.filter(pk=session.pk).delete()  # on another device, meanwhile

    go_online(page, relay)
    refused = bridge.locator(".outbox-refused")
    expect(refused).to_contain_text("Not saved")
    expect(refused).to_contain_text("no longer exists")
    expect(page.locator(".outbox-count")).to_have_text("0 waiting, 1 not saved")
    page.wait_for_timeout(1000)
    expect(refused).to_have_count(1)  # not dropped behind the user's back
    refused.get_by_role("button", name="Discard it").click()
    expect(bridge.locator(".outbox-set")).to_have_count(0)
    expect(page.locator(".outbox-count")).to_be_hidden()


def test_logging_out_with_a_set_waiting_warns_and_the_next_person_never_sees_or_sends_it(
    phone, relay, athlete, session
):
    page = phone
    sign_in(page, athlete, relay)
    open_under_the_worker(page, session.get_absolute_url())
    with mock.patch.object(services, "set_log", side_effect=OperationalError("down")):
        bridge = page.locator("#ex-glute-bridge")
        bridge.get_by_role("button", name="Log set 1").click()
        expect(page.locator(".outbox-count")).to_have_text("1 waiting")
        warnings = []
        page.once("dialog", lambda dialog: (warnings.append(dialog.message), dialog.accept()))
        page.get_by_role("button", name="Open the menu").click()
        page.get_by_role("button", name="Log out").click()
        expect(page).not_to_have_url(re.compile(r"/training/sessions/"))
    assert warnings and "1 set is saved only on this phone" in warnings[0]
    kept = page.evaluate("caches.open('hamstrong-pages').then(c => c.keys()).then(k => k.length)")
    assert kept == 0  # the person's pages left the phone with them

    other = User.objects.create_user("noor", "noor@example.com", PASSWORD)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("noor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.locator(".outbox-count")).to_be_hidden()
    page.wait_for_timeout(1500)
    assert not LoggedSet.objects.filter(session__user__in=[athlete, other]).exists()


def test_finishing_with_no_connection_waits_behind_its_sets_and_lands_on_the_summary(
    phone, relay, athlete, session
):
    page = phone
    sign_in(page, athlete, relay)
    open_under_the_worker(page, session.get_absolute_url())  # its finish page kept too
    go_offline(page, relay)
    bridge = page.locator("#ex-glute-bridge")
    bridge.get_by_role("button", name="Log set 1").click()
    expect(bridge.locator(".outbox-set")).to_have_count(1)
    page.get_by_role("link", name="Finish session").click()
    page.get_by_role("button", name=re.compile("^Finish")).click()
    expect(page.locator(".outbox-finish")).to_contain_text("saved on this phone")
    session.refresh_from_db()
    assert session.status == Session.Status.IN_PROGRESS

    go_online(page, relay)
    expect(page).to_have_url(re.compile(r"/summary/$"))
    session.refresh_from_db()
    assert session.status == Session.Status.DONE
    assert [s.reps for s in session.sets.all()] == [10]


def test_a_reload_with_no_signal_still_shows_the_sets_logged_since_the_page_opened(
    phone, relay, athlete, session
):
    page = phone
    sign_in(page, athlete, relay)
    open_under_the_worker(page, session.get_absolute_url())
    bridge = page.locator("#ex-glute-bridge")
    bridge.get_by_role("button", name="Log set 1").click()  # online, swapped in by htmx
    expect(bridge.get_by_text("Set 1:")).to_be_visible()
    page.wait_for_timeout(300)  # the page's copy is kept as it is now
    go_offline(page, relay)
    page.reload()
    expect(bridge.get_by_text("Set 1:")).to_be_visible()
    expect(bridge.get_by_role("button", name="Log set 2")).to_be_visible()
