"""The harness itself: it must be able to fail, or its green means nothing."""

import pytest

from tests.browser import AxeChecker

pytestmark = pytest.mark.browser


def test_the_axe_check_reports_an_unlabelled_input(browser, live_server):
    page = browser.new_page()
    try:
        page.goto(live_server.url + "/healthz")
        page.set_content("<html><body><main><input type='text'></main></body></html>")
        checker = AxeChecker(page)
        checker.check()
    finally:
        page.close()
    assert any("label" in violation for violation in checker.violations)
