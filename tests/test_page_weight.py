"""Page weight: what a phone downloads on a first visit, against the budgets.

Budgets, in bytes transferred (KB = 1000 bytes): the logging page (the next
session) 100 KB; a chart page (an exercise's progress) 200 KB, in its default
range and in "All time".

Measured on `production_server` (gunicorn, DEBUG off, whitenoise's compressed
manifest storage, GZipMiddleware): live_server serves static files uncompressed,
so it would measure a site nobody visits. Each page is opened in a fresh browser
context, so nothing is cached, logged in as the demo account (twelve weeks of
history). Run with -s to see every resource; the figures are also written to
page-weight.json in pytest's base temporary directory.
"""

import json
import re
from dataclasses import asdict, dataclass

import pytest
from django.urls import reverse

from tests.browser import VIEWPORT, AxeChecker

pytest_plugins = ["tests.production_server"]
pytestmark = pytest.mark.browser

LOGGING_BUDGET = 100_000
CHART_BUDGET = 200_000
# The demo's main lift: the longest history and the most charts, so the heaviest
# chart page it has.
CHART_EXERCISE = "romanian-deadlift"
SESSION_PATH = re.compile(r"^/training/sessions/\d+/$")
# Text that must never travel uncompressed.
TEXT = re.compile(r"^(text/html|text/css|text/javascript|application/(x-)?javascript)\b")
COMPRESSED = {"gzip", "br"}


@dataclass(frozen=True)
class Resource:
    path: str
    status: int
    content_type: str
    encoding: str
    body: int
    headers: int

    @property
    def transferred(self) -> int:
        return self.body + self.headers


@dataclass(frozen=True)
class Visit:
    name: str
    path: str
    budget: int
    resources: list[Resource]
    failed: list[str]
    violations: list[str]

    @property
    def transferred(self) -> int:
        return sum(resource.transferred for resource in self.resources)

    def table(self) -> str:
        rows = [
            f"  {r.transferred:>8,} B  ({r.body:,} body + {r.headers:,} headers)  "
            f"{r.status} {r.encoding or 'identity'}  {r.path}"
            for r in sorted(self.resources, key=lambda r: r.transferred, reverse=True)
        ]
        head = (
            f"{self.name} {self.path}: {self.transferred:,} B transferred "
            f"(budget {self.budget:,} B) in {len(self.resources)} responses"
        )
        return "\n".join([head, *rows])


@dataclass(frozen=True)
class DemoPages:
    storage_state: dict
    logging_path: str
    chart_path: str


def _check_axe(checker: AxeChecker) -> None:
    checker.check()
    assert not checker.violations, "accessibility violations:\n" + "\n".join(checker.violations)


@pytest.fixture(scope="module")
def demo_pages(browser, production_server):
    """The demo's session cookie, and the pages to weigh, found the way a person would."""
    context = browser.new_context(base_url=production_server.url, viewport=VIEWPORT)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        checker = AxeChecker(page)
        page.goto(reverse("accounts:login"))
        _check_axe(checker)
        page.fill("input[name=username]", production_server.username)
        page.fill("input[name=password]", production_server.password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**" + reverse("progress:dashboard"))
        _check_axe(checker)
        next_session = page.get_by_role(
            "link", name=re.compile(r"^(Open the session|Continue logging)$")
        )
        logging_path = next_session.get_attribute("href")
        assert SESSION_PATH.match(logging_path or ""), f"next session link: {logging_path!r}"
        page.goto(reverse("progress:progress-list"))
        _check_axe(checker)
        chart_path = reverse("progress:exercise-progress", args=[CHART_EXERCISE])
        assert page.locator(f'a[href="{chart_path}"]').count(), (
            f"the demo has not logged {CHART_EXERCISE}: no link to {chart_path} on "
            f"{reverse('progress:progress-list')}"
        )
        yield DemoPages(context.storage_state(), logging_path, chart_path)
    finally:
        context.close()


def _resource(request, base_url: str) -> Resource:
    # Playwright's sizes: responseBodySize is the body as it came over the wire (still
    # compressed), responseHeadersSize the response's status line and headers. Their sum
    # is what Chromium's own accounting (CDP Network.loadingFinished.encodedDataLength,
    # DevTools' "transferred") reports for each response here, without tying the test to
    # a Chromium-only protocol. Headers count: a phone downloads them too.
    sizes = request.sizes()
    response = request.response()
    headers = response.all_headers()
    return Resource(
        path=request.url.removeprefix(base_url),
        status=response.status,
        content_type=headers.get("content-type", ""),
        encoding=headers.get("content-encoding", ""),
        body=sizes["responseBodySize"],
        headers=sizes["responseHeadersSize"],
    )


def first_visit(browser, server, pages: DemoPages, name: str, path: str, budget: int) -> Visit:
    """Every response a cold-cache visit to `path` receives, once the network is quiet."""
    # A new context has an empty HTTP cache: a first visit, with the session cookie.
    context = browser.new_context(
        base_url=server.url, viewport=VIEWPORT, storage_state=pages.storage_state
    )
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        finished, failed = [], []
        page.on("requestfinished", lambda request: finished.append(request))
        page.on("requestfailed", lambda request: failed.append(f"{request.url}: {request.failure}"))
        page.goto(path, wait_until="networkidle")
        assert page.url == server.url + path, f"{path} ended at {page.url}, not the page itself"
        resources = [_resource(request, server.url) for request in finished]
        checker = AxeChecker(page)
        checker.check()
        return Visit(name, path, budget, resources, failed, checker.violations)
    finally:
        context.close()


@pytest.fixture(scope="module")
def figures(production_server, tmp_path_factory):
    """Collects each page's figures; written as JSON when the module is done."""
    collected = []
    yield collected
    report = {
        "production_server_setup_s": production_server.setup_s,
        "pages": [
            {
                "name": visit.name,
                "path": visit.path,
                "budget": visit.budget,
                "transferred": visit.transferred,
                "resources": [
                    {**asdict(r), "transferred": r.transferred}
                    for r in sorted(visit.resources, key=lambda r: r.transferred, reverse=True)
                ],
            }
            for visit in collected
        ],
    }
    path = tmp_path_factory.getbasetemp() / "page-weight.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"\npage weight: figures in {path}; production server ready in {production_server.setup_s}s"
    )


@pytest.mark.parametrize(
    ("name", "page_key", "query", "budget"),
    [
        ("logging page", "logging_path", "", LOGGING_BUDGET),
        ("chart page", "chart_path", "", CHART_BUDGET),
        # The longest range is the most data the chart page can carry (on the demo's
        # twelve weeks, the same points as the default year, but its own response).
        ("chart page, all time", "chart_path", "?range=all", CHART_BUDGET),
    ],
    ids=["logging", "chart", "chart-all-time"],
)
def test_a_first_visit_stays_within_its_budget_compressed_and_complete(
    browser, production_server, demo_pages, figures, name, page_key, query, budget
):
    path = getattr(demo_pages, page_key) + query
    visit = first_visit(browser, production_server, demo_pages, name, path, budget)
    figures.append(visit)
    print("\n" + visit.table())

    problems = []
    if visit.transferred > budget:
        problems.append(
            f"{visit.transferred - budget:,} B over the budget; biggest first:\n{visit.table()}"
        )
    uncompressed = [
        r for r in visit.resources if TEXT.match(r.content_type) and r.encoding not in COMPRESSED
    ]
    if uncompressed:
        problems.append(
            "text sent without gzip or br:\n"
            + "\n".join(f"  {r.transferred:,} B {r.content_type} {r.path}" for r in uncompressed)
        )
    broken = [f"{r.status} {r.path}" for r in visit.resources if r.status >= 400] + visit.failed
    if broken:
        problems.append("failed requests:\n  " + "\n  ".join(broken))
    if visit.violations:
        problems.append("accessibility violations:\n  " + "\n  ".join(visit.violations))
    assert not problems, f"{name} {path}:\n" + "\n".join(problems)
