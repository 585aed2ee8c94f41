"""Lighthouse mobile scores (its defaults: a mid-range phone, slow 4G) for the pages a phone
user opens most, the median of the runs, for `make bench`. Lighthouse (pinned, installed into
.cache/lighthouse) drives the system Chromium (CHROME_PATH, or the first on PATH) offline."""

import json
import os
import re
import shutil
import statistics
import subprocess
import urllib.parse
from pathlib import Path

import harness

VERSION = "12.8.2"  # Lighthouse 13 needs Node 22
CATEGORIES = ("performance", "accessibility", "best-practices")
CACHE = harness.ROOT / ".cache" / "lighthouse"
CHROMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless Chromium as root in a container, with no background services: offline but the server.
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic "
                "--disable-background-networking --disable-component-update --disable-sync "
                "--no-first-run")  # fmt: skip
SESSION_LINK = r"/training/sessions/\d+/"
RETRIES = 2  # for a run that ends in a Lighthouse runtime error rather than scores


def command_line(base_url: str) -> list[str]:
    """The pinned Lighthouse CLI (installed with npm when missing) and its options."""
    binary = CACHE / "node_modules" / ".bin" / "lighthouse"
    package = CACHE / "node_modules" / "lighthouse" / "package.json"
    if not package.exists() or json.loads(package.read_text())["version"] != VERSION:
        harness.say(f"installing lighthouse@{VERSION} with npm")
        options = ["--no-audit", "--no-fund", "--no-save", "--loglevel=error"]
        harness.run("npm", "install", "--prefix", str(CACHE), *options, f"lighthouse@{VERSION}")
    chrome = next(filter(None, [os.environ.get("CHROME_PATH"), *map(shutil.which, CHROMES)]), None)
    if chrome is None:
        raise harness.RunBroken("No Chromium found: set CHROME_PATH.")
    hosts = dict.fromkeys([urllib.parse.urlsplit(base_url).hostname, "127.0.0.1"])
    excluded = ", ".join(f"EXCLUDE {host}" for host in hosts)
    # Lighthouse splits --chrome-flags on spaces but keeps a quoted value whole.
    flags = f'{CHROME_FLAGS} --host-resolver-rules="MAP * ~NOTFOUND, {excluded}"'
    command = [str(binary), f"--chrome-path={chrome}", f"--chrome-flags={flags}", "--quiet"]
    categories = "--only-categories=" + ",".join(CATEGORIES)
    return [*command, categories, "--output=json", "--disable-full-page-screenshot"]


def scores(command: list[str], url: str, report: Path) -> dict[str, int]:
    """One run: {category: score 0-100}."""
    for attempt in range(1 + RETRIES):
        report.unlink(missing_ok=True)  # never read an earlier run's report
        argv = [*command, url, f"--output-path={report}"]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=180)
        if not report.exists():
            raise harness.RunBroken(f"Lighthouse wrote no report for {url}:\n{done.stderr[-2000:]}")
        result = json.loads(report.read_text())
        if not result.get("runtimeError") or attempt == RETRIES:
            break  # NO_NAVSTART, NO_FCP and the like come and go on a busy machine
    if error := result.get("runtimeError"):
        raise harness.RunBroken(f"{url}: {error.get('message')}")
    if result.get("finalDisplayedUrl") != url:  # the log-in page, say: not the page meant
        raise harness.RunBroken(f"{url} ended at {result.get('finalDisplayedUrl')}")
    found = {c: result["categories"][c]["score"] for c in CATEGORIES}
    if None in found.values():
        raise harness.RunBroken(f"{url}: a category has no score: {found}")
    return {category: round(score * 100) for category, score in found.items()}


def run(base_url: str, username: str, password: str, out: Path, *, runs: int = 3) -> dict:
    """Page ("log-in", "dashboard", "session", "chart") -> {category: median score 0-100}."""
    client = harness.Client(base_url)
    client.log_in(username, password)

    def first_link(path: str, pattern: str) -> str | None:
        """The first link on the page at `path` to `pattern`, then a query, fragment or end."""
        found = re.search(f'href="({pattern})(?=["?#])', client.request("GET", path)[2])
        return found and found[1]

    session = first_link("/dashboard/", SESSION_LINK)
    pages = {"log-in": "/accounts/login/", "dashboard": "/dashboard/"}
    pages["session"] = session or first_link("/training/upcoming/", SESSION_LINK)
    pages["chart"] = first_link("/progress/", r"/progress/(?!new/)[^/\"?#]+/")
    if None in pages.values():
        raise harness.RunBroken(f"no next session or no chart to score for {username}: {pages}")
    command = command_line(base_url)
    cookie = "--extra-headers=" + json.dumps({"Cookie": client.cookie_header()})
    results = {name: [] for name in pages}
    for i in range(runs):  # round-robin: a slow moment does not land on one page
        for name, path in pages.items():
            options = command if name == "log-in" else [*command, cookie]
            report = out / f"lighthouse-{name}-{i}.json"
            results[name].append(scores(options, base_url + path, report))
    return {name: {c: float(statistics.median(run[c] for run in runs)) for c in CATEGORIES}
            for name, runs in results.items()}  # fmt: skip


def section(base_url: str, username: str, password: str, out: Path) -> str:
    """The report's text: the scores, or how the step failed (never the end of the run)."""
    try:
        harness.say("lighthouse: scoring pages as " + username)
        found = run(base_url, username, password, out)
    except Exception as error:
        return f"The Lighthouse step failed: `{error.__class__.__name__}: {error}`"
    rows = [(page, *(harness.fmt(by[c]) for c in sorted(CATEGORIES))) for page, by in found.items()]
    head = "page | " + " | ".join(sorted(CATEGORIES))
    return f"Scored after the load test, same server, as {username}.\n\n{harness.table(head, rows)}"
