"""Browser-test harness: Playwright (Python) driving the system Chromium.

No browser is downloaded: the tests use Debian's `chromium` (or the binary
named by CHROMIUM_PATH). Where none is installed they skip with a message;
with REQUIRE_BROWSER=1 (as CI sets) they fail instead, so a missing browser
can never turn CI green by skipping.

Every page a browser test loads is checked with axe-core
(axe-playwright-python) as soon as it loads, and watched for breaches of the
Content-Security-Policy; any violation of either fails the test.
"""

import contextlib
import os
import shutil

import pytest

VIEWPORT = {"width": 390, "height": 844}

# Chromium as root, offline: no sandbox, no GPU, no background calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


def _require_browser():
    return os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}


def find_chromium():
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.path.exists(configured) else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def pytest_collection_modifyitems(items):
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False}


class AxeChecker:
    """Runs axe-core on every page load and collects the violations."""

    def __init__(self, page):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.page = page
        self.checked = []
        self.violations = []
        # Pages the test navigated away from while axe was still running on them.
        self.missed = []
        self.running = False

    def on_load(self, page):
        self.check(page)

    def check(self, page=None):
        from playwright.sync_api import Error

        page = page or self.page
        url = page.url
        if not url.startswith("http"):
            return
        if self.running:
            # A load event handled while this checker's own axe run waits (the sync API
            # runs handlers inside other calls): axe is busy in this page; check later.
            self.missed.append(url)
            return
        self.running = True
        try:
            runs = {}
            for scheme in SCHEMES:
                if len(SCHEMES) > 1:
                    _show_scheme(page, scheme)
                results = self._run(page)
                if results is None:
                    self.missed.append(url)
                    return
                runs[scheme] = results
            duplicates = page.evaluate(DUPLICATE_IDS)
        except Error as error:
            if "Execution context was destroyed" in str(error):
                self.missed.append(url)
                return
            raise
        finally:
            if len(SCHEMES) > 1 and not page.is_closed():
                with contextlib.suppress(Error):
                    page.emulate_media(color_scheme="light")
            self.running = False
        self.checked.append(url)
        for scheme, results in runs.items():
            for violation in results.response["violations"]:
                targets = [node["target"] for node in violation["nodes"]][:5]
                self.violations.append(
                    f"{url} ({scheme}): {violation['id']} ({violation['help']}) at {targets}"
                )
        if duplicates:
            self.violations.append(f"{url}: ids used more than once: {duplicates}")

    def _run(self, page):
        from playwright.sync_api import Error

        for attempt in range(20):
            try:
                # No preload: it copies each stylesheet into a <style> element of
                # the page, which the page's Content-Security-Policy rightly refuses.
                return self.axe.run(page, options=AXE_OPTIONS)
            except Error as error:
                if "Execution context was destroyed" in str(error):
                    return None
                # A run started on this document before is still finishing.
                if "Axe is already running" not in str(error) or attempt == 19:
                    raise
                page.wait_for_timeout(250)
        return None


# Every page is checked as a phone in light mode shows it and as one in dark mode does.
SCHEMES = ("light", "dark")


def _show_scheme(page, scheme):
    """Emulate the phone's colour scheme and wait for the page's theme to follow it (a page
    whose profile fixes the theme keeps its own)."""
    page.emulate_media(color_scheme=scheme)
    # The theme script follows the change on its own; asking it to apply now spares a
    # wait (and works under a test's fake clock). A page without it, or whose profile
    # fixes the theme, is shown as it is.
    shown = page.evaluate(
        """() => {
            const root = document.documentElement;
            const choice = root.dataset.themeChoice;
            if (choice !== "auto") return null;
            return window.hamstrongTheme ? window.hamstrongTheme.apply() : "no theme script";
        }"""
    )
    assert shown in (None, scheme), f"the page shows the {shown} theme to a {scheme} phone"
    # Colours change through Bootstrap's transitions (0.15 s, where motion is not
    # reduced): end them, so axe reads the colours the page settles on.
    page.evaluate("document.getAnimations().forEach((animation) => animation.finish())")


# Two elements of one page sharing an id: a label or an aria reference may point at the
# wrong one. axe-core no longer reports it, so the harness does.
DUPLICATE_IDS = """() => {
    const seen = new Map();
    for (const element of document.querySelectorAll("[id]")) {
        seen.set(element.id, (seen.get(element.id) || 0) + 1);
    }
    return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n})`);
}"""


# Reports every `securitypolicyviolation` event of every document to the test, through
# a Playwright binding (both work whatever the page's own policy allows).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.hamstrongCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`
    + (event.sample ? ` (${event.sample})` : "")
  );
});
"""


class CspWatch:
    """Collects the Content-Security-Policy violations of every page of a context."""

    def __init__(self, context):
        self.violations = []
        context.expose_binding("hamstrongCspViolation", self._report)
        context.add_init_script(CSP_LISTENER)

    def _report(self, source, message):
        self.violations.append(f"{source['frame'].url}: {message}")


@pytest.fixture(scope="session")
def browser():
    path = find_chromium()
    if path is None:
        message = (
            "No Chromium found (install Debian's 'chromium' or set CHROMIUM_PATH); "
            "browser tests need a real browser."
        )
        if _require_browser():
            pytest.fail(message + " REQUIRE_BROWSER=1 forbids skipping.", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh phone-sized page on the live server; axe-checked on every load."""
    # Reduced motion: Bootstrap then opens the menu without a transition, so a click
    # never lands on a button that is still sliding into view.
    context = browser.new_context(
        viewport=VIEWPORT, base_url=live_server.url, reduced_motion="reduce"
    )
    context.set_default_timeout(10_000)
    csp = CspWatch(context)
    page = context.new_page()
    checker = AxeChecker(page)
    page.on("load", checker.on_load)
    yield page
    # Check, now that nothing moves, the page the test ended on and any page it left
    # before axe had finished with it.
    page.remove_listener("load", checker.on_load)
    # A check the last load started may still be running (each page is checked twice,
    # light and dark): let it finish first.
    for _ in range(100):
        if not checker.running or page.is_closed():
            break
        page.wait_for_timeout(100)
    if not page.is_closed() and page.url not in checker.checked:
        checker.check(page)
        for url in dict.fromkeys(checker.missed):
            if url not in checker.checked:
                page.goto(url)
                checker.check(page)
    context.close()
    assert not csp.violations, "Content-Security-Policy violations:\n" + "\n".join(csp.violations)
    assert checker.checked, "the browser test loaded no page, so nothing was axe-checked"
    assert not checker.violations, "accessibility violations:\n" + "\n".join(checker.violations)
