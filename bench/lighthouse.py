"""Lighthouse mobile scores for the pages a phone user opens most; `make bench` calls run().

    python bench/lighthouse.py --base-url http://127.0.0.1:8000 \\
        --username demo --password hamstrong-demo [--runs 3]

The log-in page, the dashboard, the next session and an exercise's chart, each
with Lighthouse's mobile defaults (a mid-range phone, slow 4G, a 4x slower CPU);
the median of the runs. Lighthouse (pinned; npm installs it into .cache/lighthouse)
drives the system Chromium (CHROME_PATH, or the first on PATH), offline but for
the server. Its CLI exits 0 whatever the scores, so the JSON is read; this one
prints the audits below a full score and exits 1 when a median is under 95.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

import harness

VERSION = "12.8.2"  # Lighthouse 13 needs Node 22
CATEGORIES = ("performance", "accessibility", "best-practices")
TARGET = 95
CACHE = harness.ROOT / ".cache" / "lighthouse"
# Headless Chromium as root in a container, and no waiting on DNS or on
# Google's background services: the run is offline but for the server.
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic "
    "--disable-background-networking --disable-component-update --disable-sync --no-first-run"
)
CHROMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
RETRIES = 2  # for a run that ends in a Lighthouse runtime error rather than scores


def lighthouse_bin() -> Path:
    """The pinned Lighthouse CLI, installed with npm into CACHE when missing."""
    binary = CACHE / "node_modules" / ".bin" / "lighthouse"
    package = CACHE / "node_modules" / "lighthouse" / "package.json"
    if package.exists() and json.loads(package.read_text())["version"] == VERSION:
        return binary
    if not shutil.which("npm"):
        raise harness.RunBroken("npm is not on PATH: Node 20 and npm install Lighthouse.")
    CACHE.mkdir(parents=True, exist_ok=True)
    harness.say(f"installing lighthouse@{VERSION} with npm")
    options = ["--no-audit", "--no-fund", "--no-save", "--loglevel=error"]
    harness.run("npm", "install", "--prefix", str(CACHE), *options, f"lighthouse@{VERSION}")
    return binary


def lighthouse_run(command: list[str], url: str, report: Path):
    """One run: ({category: score}, {audit id: (score, title)})."""
    for attempt in range(1 + RETRIES):
        report.unlink(missing_ok=True)  # never read an earlier run's report
        done = subprocess.run([*command, url, f"--output-path={report}"], capture_output=True,
                              text=True, timeout=180)  # fmt: skip
        if not report.exists():
            raise harness.RunBroken(f"Lighthouse wrote no report for {url}:\n{done.stderr[-2000:]}")
        result = json.loads(report.read_text())
        if not result.get("runtimeError") or attempt == RETRIES:
            break  # NO_NAVSTART, NO_FCP and the like come and go on a busy machine
    if error := result.get("runtimeError"):
        raise harness.RunBroken(f"{url}: {error.get('message')}")
    if result.get("finalDisplayedUrl") != url:
        raise harness.RunBroken(f"{url} ended at {result.get('finalDisplayedUrl')}")
    scores, failing = {}, {}
    for category in CATEGORIES:
        if (score := result["categories"][category]["score"]) is None:
            raise harness.RunBroken(f"{url}: no {category} score")
        scores[category] = round(score * 100)
        # "hidden" holds insight audits that repeat a diagnostic, and metrics that do not count.
        for ref in result["categories"][category]["auditRefs"]:
            audit, score = result["audits"][ref["id"]], result["audits"][ref["id"]].get("score")
            shown = audit.get("scoreDisplayMode") not in ("notApplicable", "informative", "manual")
            if ref.get("group") != "hidden" and shown and score is not None and score < 1:
                value = f" [{audit['displayValue']}]" if audit.get("displayValue") else ""
                failing[ref["id"]] = (round(score * 100), audit["title"] + value)
    return scores, failing


def audit(base_url: str, username: str, password: str, runs: int = 3) -> dict[str, list]:
    """Page -> its runs, each ({category: score}, {audit id: (score, title)})."""
    client = harness.Client(base_url)
    client.log_in(username, password)

    def first_link(path: str, prefix: str) -> str | None:
        """The first link on the page at `path` to `prefix` + one more path segment."""
        for href in re.findall(r'href="([^"]+)"', client.request("GET", path)[2]):
            found = urllib.parse.urlsplit(href).path
            segment = found.removeprefix(prefix)
            if found.startswith(prefix) and re.fullmatch(r"[^/]+/", segment) and segment != "new/":
                return found
        return None

    session = first_link("/dashboard/", "/training/sessions/")
    pages = {"log-in": "/accounts/login/", "dashboard": "/dashboard/"}
    pages["session"] = session or first_link("/training/upcoming/", "/training/sessions/")
    pages["chart"] = first_link("/progress/", "/progress/")
    if None in pages.values():
        raise harness.RunBroken(f"no next session or no chart to score for {username}: {pages}")
    chrome = next(filter(None, [os.environ.get("CHROME_PATH"), *map(shutil.which, CHROMES)]), None)
    if chrome is None:
        raise harness.RunBroken("No Chromium found: set CHROME_PATH.")
    hosts = dict.fromkeys([urllib.parse.urlsplit(base_url).hostname, "127.0.0.1"])
    excluded = ", ".join(f"EXCLUDE {host}" for host in hosts)
    # Lighthouse splits --chrome-flags on spaces but keeps a quoted value whole.
    flags = f'{CHROME_FLAGS} --host-resolver-rules="MAP * ~NOTFOUND, {excluded}"'
    command = [str(lighthouse_bin()), f"--chrome-path={chrome}", f"--chrome-flags={flags}"]
    command += ["--only-categories=" + ",".join(CATEGORIES), "--output=json", "--quiet"]
    command += ["--disable-full-page-screenshot"]
    cookie = "--extra-headers=" + json.dumps({"Cookie": client.cookie_header()})
    results = {name: [] for name in pages}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):  # round-robin: a slow moment does not land on one page
            for name, path in pages.items():
                with_cookie = command if name == "log-in" else [*command, cookie]
                report = Path(tmp) / f"{name}-{i}.json"
                results[name].append(lighthouse_run(with_cookie, base_url + path, report))
    return results


def medians(results: dict[str, list]) -> dict[str, dict[str, float]]:
    return {
        name: {c: float(statistics.median(scores[c] for scores, _ in runs)) for c in CATEGORIES}
        for name, runs in results.items()
    }


def run(base_url: str, username: str, password: str, *, runs: int = 3) -> dict:
    """Page ("log-in", "dashboard", "session", "chart") -> {category: median score 0-100}."""
    return medians(audit(base_url, username, password, runs=runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is shown")
    args = parser.parse_args()
    results = audit(args.base_url.rstrip("/"), args.username, args.password, runs=args.runs)
    median = medians(results)
    print(
        f"Lighthouse {VERSION}, mobile defaults, median of {args.runs} run(s); bold under {TARGET}"
    )
    print("\n| page | " + " | ".join(CATEGORIES) + " |\n| --- |" + " ---: |" * len(CATEGORIES))
    for name, scores in median.items():
        cells = [
            f"**{scores[c]:g}**" if scores[c] < TARGET else f"{scores[c]:g}" for c in CATEGORIES
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    for name, runs in results.items():
        print(f"\n{name}: audits below a full score (score in its worst run, title [value])")
        worst = {}
        for _, failing in runs:
            for key, found in failing.items():
                worst[key] = min(worst.get(key, found), found)
        for score, title in sorted(worst.values()) or [("", "(none)")]:
            print(f"  {score:>3}  {title}")
    return 1 if any(v < TARGET for page in median.values() for v in page.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
