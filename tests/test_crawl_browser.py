"""Every page the crawl reaches, on a 360 px phone: nothing wider than the screen, axe clean.

For the demo user in kg, in lb, and a new user, the HTTP crawl of
tests/crawl.py (links only: no form is sent, so the pages stay as the history
built them) finds the site's pages; one address per URL pattern is then opened
in Chromium at 360 × 800, with one logged-in browser context per user. Each
page must be no wider than the viewport (`scrollWidth`), pass axe-core, and
breach no Content-Security-Policy (tests/browser.py's checkers). All
offenders are listed together.
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.browser import AxeChecker, CspWatch
from tests.crawl import USERS, Crawler

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}


@pytest.fixture
def catalog(transactional_db):
    call_command("loaddata", "fixtures/exercises.json", "fixtures/routines.json", verbosity=0)


@pytest.mark.parametrize("who", list(USERS))
def test_every_page_fits_a_360_px_phone_and_passes_axe(who, catalog, browser, live_server):
    client = Client()
    user = USERS[who](client)
    crawler = Crawler(client, user, forms=False).run()
    pages = list(crawler.pages)
    assert len(pages) > 15, f"the crawl found only {pages}"

    context = browser.new_context(viewport=PHONE, base_url=live_server.url, reduced_motion="reduce")
    context.set_default_timeout(15_000)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    csp = CspWatch(context)
    page = context.new_page()
    axe = AxeChecker(page)
    too_wide, not_ok = [], []
    try:
        for path in pages:
            response = page.goto(path, wait_until="load")
            if response is None or response.status != 200:
                not_ok.append(f"{path}: {response and response.status}")
                continue
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide.append(f"{path} ({crawler.pages[path]}): {width} px")
            axe.check(page)
    finally:
        context.close()
    assert not not_ok, "pages that did not load in the browser:\n" + "\n".join(not_ok)
    assert not too_wide, f"pages wider than {PHONE['width']} px:\n" + "\n".join(too_wide)
    assert not axe.violations, "accessibility violations:\n" + "\n".join(axe.violations)
    assert not csp.violations, "Content-Security-Policy violations:\n" + "\n".join(csp.violations)
    assert len(axe.checked) == len(pages)
