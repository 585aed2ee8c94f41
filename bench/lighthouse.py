"""Lighthouse mobile scores for the pages a phone user opens most.

    python bench/lighthouse.py --base-url http://127.0.0.1:8000 \\
        --username demo --password hamstrong-demo [--runs 3] [--json-dir DIR]

Four pages: the log-in page (anonymous), the dashboard, the session logging
page (the user's next session) and a chart page (an exercise the user has
logged). Each is audited with Lighthouse's mobile defaults (a mid-range phone,
simulated slow 4G and a 4x slower CPU) for performance, accessibility and
best practices, and the median of the runs is reported, because the
performance score moves a few points from run to run.

Lighthouse comes from npm, pinned (`LIGHTHOUSE_VERSION`: 13 needs Node 22),
and is installed on first use into `.cache/lighthouse` in the repository; it
drives the system Chromium (`--chrome-path`, `CHROME_PATH`, or the first
Chromium or Chrome on PATH) and needs no network beyond the server under test.

Standard library only, so `bench/run.py` can import `run()` without pulling
in Django. Lighthouse's CLI exits 0 whatever the scores, so the JSON report is
read and a run without scores is an error. This CLI exits 1 when a median is
below the target of 95, and prints the audits below a full score, so a person
can see why.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

LIGHTHOUSE_VERSION = "12.8.2"
CATEGORIES = ("performance", "accessibility", "best-practices")
TARGET = 95
CACHE_DIR = Path(__file__).resolve().parent.parent / ".cache" / "lighthouse"
CHROME_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless Chromium as root in a container, and no waiting on DNS or on
# Google's background services: the run is offline but for the server.
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
RUN_TIMEOUT_S = 180
RETRIES = 2  # for a run that ends in a Lighthouse runtime error rather than scores
# Below this, Lighthouse warns that the host is too slow for its 4x CPU slowdown.
SLOW_HOST_INDEX = 1000


class LighthouseError(RuntimeError):
    pass


@dataclass(frozen=True)
class FailingAudit:
    id: str
    title: str
    score: float  # 0-100
    display_value: str
    # (category, weight): a weight of 0 is a diagnostic that explains a
    # metric's score but adds nothing to the category's score itself.
    categories: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Run:
    scores: dict[str, float]  # category -> 0-100
    failing: tuple[FailingAudit, ...]
    warnings: tuple[str, ...]
    # Lighthouse's measure of the host's CPU speed; below 1000 it warns that
    # the simulated phone is slower than the one it means to simulate.
    benchmark_index: float


@dataclass
class PageResult:
    name: str
    url: str
    runs: list[Run] = field(default_factory=list)

    def median(self) -> dict[str, float]:
        return {c: float(statistics.median(r.scores[c] for r in self.runs)) for c in CATEGORIES}

    def spread(self) -> dict[str, tuple[float, float]]:
        return {
            c: (min(r.scores[c] for r in self.runs), max(r.scores[c] for r in self.runs))
            for c in CATEGORIES
        }

    def failing(self) -> list[tuple[FailingAudit, int]]:
        """Each audit below a full score in any run: its worst run, and in how many runs."""
        worst: dict[str, FailingAudit] = {}
        count: dict[str, int] = {}
        for r in self.runs:
            for a in r.failing:
                count[a.id] = count.get(a.id, 0) + 1
                if a.id not in worst or a.score < worst[a.id].score:
                    worst[a.id] = a
        return sorted(((a, count[a.id]) for a in worst.values()), key=lambda p: p[0].score)


# --- Lighthouse and Chromium -------------------------------------------------


def lighthouse_bin(cache_dir: Path = CACHE_DIR) -> Path:
    """The pinned Lighthouse CLI, installed with npm into `cache_dir` when missing."""
    binary = cache_dir / "node_modules" / ".bin" / "lighthouse"
    package = cache_dir / "node_modules" / "lighthouse" / "package.json"
    installed = json.loads(package.read_text())["version"] if package.exists() else None
    if binary.exists() and installed == LIGHTHOUSE_VERSION:
        return binary
    npm = shutil.which("npm")
    if npm is None:
        raise LighthouseError(
            "npm is not on PATH: Node 20 and npm are needed to install Lighthouse."
        )
    cache_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            npm,
            "install",
            "--prefix",
            str(cache_dir),
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--loglevel=error",
            f"lighthouse@{LIGHTHOUSE_VERSION}",
        ],
        check=True,
        stdout=sys.stderr,
    )
    if not binary.exists():
        raise LighthouseError(f"npm install finished but {binary} is missing.")
    return binary


def chrome_path() -> str:
    if path := os.environ.get("CHROME_PATH"):
        return path
    for name in CHROME_NAMES:
        if path := shutil.which(name):
            return path
    raise LighthouseError("No Chromium found: pass --chrome-path or set CHROME_PATH.")


def chrome_flags(base_url: str) -> str:
    host = urllib.parse.urlsplit(base_url).hostname or "127.0.0.1"
    excluded = ", ".join(f"EXCLUDE {h}" for h in dict.fromkeys([host, "127.0.0.1"]))
    # Lighthouse splits --chrome-flags on spaces but keeps a quoted value whole.
    return " ".join([*CHROME_FLAGS, f'--host-resolver-rules="MAP * ~NOTFOUND, {excluded}"'])


def lighthouse_run(
    url: str,
    *,
    binary: Path,
    chrome: str,
    cookie: str | None,
    report_path: Path,
    cpu_slowdown: float | None = None,
) -> Run:
    """One Lighthouse run with mobile defaults; the scores and failing audits from its JSON."""
    command = [
        str(binary),
        url,
        "--only-categories=" + ",".join(CATEGORIES),
        "--output=json",
        f"--output-path={report_path}",
        f"--chrome-path={chrome}",
        f"--chrome-flags={chrome_flags(url)}",
        "--disable-full-page-screenshot",
        "--quiet",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    if cpu_slowdown:
        command.append(f"--throttling.cpuSlowdownMultiplier={cpu_slowdown:g}")
    for attempt in range(1 + RETRIES):
        report_path.unlink(missing_ok=True)  # never read an earlier run's report
        done = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
        if not report_path.exists():
            raise LighthouseError(f"Lighthouse wrote no report for {url}:\n{done.stderr[-2000:]}")
        report = json.loads(report_path.read_text())
        error = report.get("runtimeError")
        if not error or attempt == RETRIES:
            break
        # NO_NAVSTART, NO_FCP and the like come and go on a busy machine.
        print(f"Lighthouse on {url}: {error.get('code')}, running it again", file=sys.stderr)
    return parse_report(report)


def parse_report(report: dict) -> Run:
    if error := report.get("runtimeError"):
        raise LighthouseError(f"{report.get('finalDisplayedUrl')}: {error.get('message')}")
    scores = {}
    for category in CATEGORIES:
        score = report["categories"][category]["score"]
        if score is None:
            raise LighthouseError(f"{report.get('finalDisplayedUrl')}: no {category} score")
        scores[category] = round(score * 100)

    in_categories: dict[str, list[tuple[str, float]]] = {}
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            # "hidden" holds the newer insight audits that repeat a
            # diagnostic, and metrics that do not count (TTI, max FID).
            if ref.get("group") != "hidden":
                in_categories.setdefault(ref["id"], []).append((category, ref["weight"]))
    failing = []
    for audit_id, categories in in_categories.items():
        audit = report["audits"][audit_id]
        score = audit.get("score")
        if audit.get("scoreDisplayMode") in ("notApplicable", "informative", "manual"):
            continue
        if score is None or score >= 1:
            continue
        failing.append(
            FailingAudit(
                id=audit_id,
                title=audit["title"],
                score=round(score * 100),
                display_value=audit.get("displayValue", ""),
                categories=tuple(categories),
            )
        )
    # A page that redirected (to the log-in page, say) was not the page we meant.
    warnings = tuple(report.get("runWarnings", ()))
    if report.get("finalDisplayedUrl") != report.get("requestedUrl"):
        warnings += (f"ended at {report.get('finalDisplayedUrl')}",)
    return Run(
        scores=scores,
        failing=tuple(failing),
        warnings=warnings,
        benchmark_index=report["environment"]["benchmarkIndex"],
    )


# --- The app: log in, find the pages -----------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.inputs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag == "input" and a.get("name"):
            self.inputs[a["name"]] = a.get("value") or ""


def _parse(html: str) -> _Links:
    links = _Links()
    links.feed(html)
    return links


class Client:
    """Just enough of a browser to log in and read pages: cookies, CSRF, redirects."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def url(self, path: str) -> str:
        return urllib.parse.urljoin(self.base_url, path)

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.url(path), timeout=30) as response:
            return response.geturl(), response.read().decode()

    def login(self, username: str, password: str) -> None:
        login_url = self.url("/accounts/login/")
        _, html = self.get(login_url)
        token = _parse(html).inputs.get("csrfmiddlewaretoken")
        if not token:
            raise LighthouseError("The log-in page has no csrfmiddlewaretoken field.")
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": password}
        ).encode()
        request = urllib.request.Request(login_url, data=data, headers={"Referer": login_url})
        with self.opener.open(request, timeout=30) as response:
            response.read()
        if not self.cookie("sessionid"):
            raise LighthouseError(f"Logging in as {username!r} failed: no session cookie.")

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def cookie_header(self) -> str:
        names = ("sessionid", "csrftoken")
        return "; ".join(f"{n}={self.cookie(n)}" for n in names if self.cookie(n) is not None)

    def first_link(self, path: str, prefix: str, *, exclude: tuple[str, ...] = ()) -> str | None:
        """The first link on the page at `path` to a URL `prefix` + one more path segment."""
        _, html = self.get(path)
        for href in _parse(html).hrefs:
            found = urllib.parse.urlsplit(self.url(href)).path
            segment, slash, rest = found.removeprefix(prefix).partition("/")
            if (
                found.startswith(prefix)
                and segment
                and slash
                and not rest
                and segment not in exclude
            ):
                return found
        return None


def find_pages(client: Client) -> dict[str, str]:
    """Page name -> absolute URL; the client is logged in."""
    session = client.first_link("/dashboard/", "/training/sessions/", exclude=("new",))
    session = session or client.first_link(
        "/training/upcoming/", "/training/sessions/", exclude=("new",)
    )
    if not session:
        raise LighthouseError("No next session on the dashboard or /training/upcoming/.")
    chart = client.first_link("/progress/", "/progress/")
    if not chart:
        raise LighthouseError("No exercise chart linked from /progress/: log a session first.")
    return {
        "log-in": client.url("/accounts/login/"),
        "dashboard": client.url("/dashboard/"),
        "session": client.url(session),
        "chart": client.url(chart),
    }


# --- Putting it together ------------------------------------------------------


def audit(
    base_url: str,
    username: str,
    password: str,
    *,
    runs: int = 3,
    chrome: str | None = None,
    json_dir: Path | None = None,
    cpu_slowdown: float | None = None,
) -> list[PageResult]:
    """Every page, `runs` times each, with the failing audits of each run."""
    binary = lighthouse_bin()
    chrome = chrome or chrome_path()
    client = Client(base_url)
    client.login(username, password)
    pages = find_pages(client)
    cookie = client.cookie_header()

    results = [PageResult(name, url) for name, url in pages.items()]
    with tempfile.TemporaryDirectory() as tmp:
        out = json_dir or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        # Round-robin, so a slow moment on the machine does not land on one page.
        for i in range(runs):
            for result in results:
                result.runs.append(
                    lighthouse_run(
                        result.url,
                        binary=binary,
                        chrome=chrome,
                        cookie=None if result.name == "log-in" else cookie,
                        report_path=out / f"{result.name}-{i + 1}.json",
                        cpu_slowdown=cpu_slowdown,
                    )
                )
    return results


def run(
    base_url: str, username: str, password: str, *, runs: int = 3
) -> dict[str, dict[str, float]]:
    """Page -> {performance, accessibility, best-practices} as 0-100, the median of `runs`.

    The pages are "log-in", "dashboard", "session" and "chart". A run of the
    four takes a minute or so, plus the npm install the first time.
    """
    return {r.name: r.median() for r in audit(base_url, username, password, runs=runs)}


def markdown(results: list[PageResult]) -> str:
    lines = [
        "| page | " + " | ".join(CATEGORIES) + " |",
        "| --- |" + " ---: |" * len(CATEGORIES),
    ]
    for r in results:
        median, spread = r.median(), r.spread()
        cells = []
        for c in CATEGORIES:
            low, high = spread[c]
            cell = f"{median[c]:g}" + (f" ({low:g}–{high:g})" if low != high else "")
            cells.append(f"**{cell}**" if median[c] < TARGET else cell)
        lines.append(f"| {r.name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def failing_report(results: list[PageResult]) -> str:
    lines = []
    for r in results:
        indexes = ", ".join(f"{run_.benchmark_index:.0f}" for run_ in r.runs)
        lines.append(f"\n{r.name} ({urllib.parse.urlsplit(r.url).path}); host CPU index {indexes}")
        failing = r.failing()
        for a, n in failing:
            value = f" [{a.display_value}]" if a.display_value else ""
            where = ", ".join(f"{c} ×{w:g}" if w else f"{c} diagnostic" for c, w in a.categories)
            times = f"; {n}/{len(r.runs)} runs" if n != len(r.runs) else ""
            lines.append(f"  {a.score:3g}  {a.title}{value} ({where}{times})")
        if not failing:
            lines.append("  (none)")
        for warning in dict.fromkeys(w for run_ in r.runs for w in run_.warnings):
            if "slower CPU" not in warning:  # said once, below
                lines.append(f"  warning: {warning}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is shown")
    parser.add_argument("--chrome-path", help="Chromium to drive (default: CHROME_PATH or PATH)")
    parser.add_argument("--json-dir", type=Path, help="keep each run's JSON report here")
    parser.add_argument(
        "--cpu-slowdown",
        type=float,
        help="replace Lighthouse's 4x CPU slowdown: not the mobile default, only to see "
        "how much of a score comes from a host slower than Lighthouse expects",
    )
    args = parser.parse_args(argv)

    started = time.monotonic()
    results = audit(
        args.base_url,
        args.username,
        args.password,
        runs=args.runs,
        chrome=args.chrome_path,
        json_dir=args.json_dir,
        cpu_slowdown=args.cpu_slowdown,
    )
    elapsed = time.monotonic() - started
    setting = f"CPU slowdown {args.cpu_slowdown:g}x" if args.cpu_slowdown else "mobile defaults"
    print(f"Lighthouse {LIGHTHOUSE_VERSION}, {setting}, median of {args.runs} run(s)")
    print(f"(min–max where runs differ; bold below the target of {TARGET})\n")
    print(markdown(results))
    print("\nAudits below a full score: score, title, [value] (category ×weight in its score)")
    print(failing_report(results))
    slowest = min(run_.benchmark_index for r in results for run_ in r.runs)
    if slowest < SLOW_HOST_INDEX:
        print(
            f"\nHost CPU index down to {slowest:.0f} (Lighthouse expects {SLOW_HOST_INDEX}+):"
            " the simulated phone was slower than Lighthouse's reference phone, which"
            " raises Total Blocking Time and so lowers the performance score."
        )
    print(f"\n{len(results) * args.runs} runs in {elapsed:.0f} s")
    below = any(v < TARGET for r in results for v in r.median().values())
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
