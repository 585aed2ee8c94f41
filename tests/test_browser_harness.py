"""The harness itself: it must be able to fail, or its green means nothing."""

import pytest

from tests.browser import AxeChecker, CspWatch

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


def test_the_axe_check_reports_two_elements_sharing_an_id(browser, live_server):
    page = browser.new_page()
    try:
        page.goto(live_server.url + "/healthz")
        page.set_content(
            "<html lang='en'><head><title>t</title></head><body><main>"
            "<label for='id_reps'>Reps</label><input id='id_reps'>"
            "<label for='id_reps'>Reps</label><input id='id_reps'></main></body></html>"
        )
        checker = AxeChecker(page)
        checker.check()
    finally:
        page.close()
    assert any("ids used more than once: ['id_reps (2)']" in v for v in checker.violations), (
        checker.violations
    )


def test_the_csp_watch_reports_an_inline_script_the_policy_blocks(browser, live_server):
    context = browser.new_context()
    try:
        watch = CspWatch(context)
        page = context.new_page()
        page.goto(live_server.url + "/accounts/login/")
        ran = page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.inlineRan = true;";
                document.head.append(script);
                return window.inlineRan === true;
            }"""
        )
        page.wait_for_function("() => true")  # let the violation event reach the binding
        page.wait_for_timeout(200)
    finally:
        context.close()
    assert ran is False
    assert any("script-src" in violation for violation in watch.violations), watch.violations
