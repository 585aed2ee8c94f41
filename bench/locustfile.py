"""The `make bench` scenario: people on phones logging a training session.

Each simulated person logs in once as their own account, then loops over what
a person does in the gym: open the dashboard, open today's session, log sets
(an htmx POST with the CSRF token and a fresh idempotency token), open the
chart page of an exercise they train and browse the catalog. `/healthz` runs
in the same mix at a modest weight: one database round trip, the floor every
page is compared with.

Requests are named by page and by kind of account ("dashboard [5y]",
"dashboard [new]"), so a five-year history and a new account are compared in
the same run. Per-user URLs (the session, the chart) are grouped by name.

`bench/run.py` drives it; it reads its settings from the JSON file named by
BENCH_CONFIG:

    {"accounts": {"5y": ["bench5y-1", ...], "new": [...]}, "password": "...",
     "out_dir": "...", "wait": [0.5, 1.5], "double_tap": 0.1}

and writes to `out_dir`, one file of each per process: the tokens of every
set the server acknowledged (`acked-<pid>.txt`), of every set attempted
(`sent-<pid>.txt`), the Server-Timing of every measured response
(`timing-<pid>.csv`), set-up failures (`setup-errors-<pid>.txt`) and when
measuring began (`window-<pid>.json`). Statistics are reset once every
simulated person has logged in, so the figures are the steady state, not the
log-in rush (password hashing is slow on purpose).
"""

import csv
import json
import os
import random
import re
import time
import uuid
from html import unescape
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

with open(os.environ["BENCH_CONFIG"]) as config_file:
    CONFIG = json.load(config_file)

ACCOUNTS: dict[str, list[str]] = CONFIG["accounts"]
PASSWORD: str = CONFIG["password"]
OUT_DIR: str = CONFIG["out_dir"]
WAIT_MIN, WAIT_MAX = CONFIG.get("wait", [0.5, 1.5])
DOUBLE_TAP: float = CONFIG.get("double_tap", 0.1)
# How long to measure once everyone is logged in; locust's --run-time is only
# the outer bound, since logging twenty people in takes a while.
MEASURE_S: float = CONFIG.get("measure_s", 60)
EXPECTED = sum(len(names) for names in ACCOUNTS.values())
# How often each action comes up, relative to the others (bench/run.py reports them).
WEIGHTS = {"log set": 5, "dashboard": 2, "session": 2, "chart": 1, "catalog": 1, "/healthz": 1}

PID = os.getpid()
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}

# The app's own templates, read with regular expressions rather than an HTML
# parser: cheap enough that the load generator does not steal the server's CPU.
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NEXT_SESSION_RE = re.compile(r'href="(/training/sessions/\d+/)"')
START_RE = re.compile(r'action="(/training/sessions/\d+/start/)"')
SET_FORM_RE = re.compile(r'<form method="post" class="set-form"(.*?)</form>', re.S)
HX_POST_RE = re.compile(r'hx-post="([^"]+)"')
HX_TARGET_RE = re.compile(r'hx-target="#([^"]+)"')
INPUT_RE = re.compile(r"<input\b([^>]*)>")
SELECT_RE = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S)
OPTION_RE = re.compile(r"<option\b([^>]*)>")
ATTR_RE = re.compile(r'([\w-]+)(?:="([^"]*)")?')
SLUG_RE = re.compile(r'<section class="card mb-3 exercise-card" id="ex-([\w-]+)"')
LOGGED_RE = re.compile(r'class="alert alert-info py-2 rest-timer"')
ERROR_RE = re.compile(r'class="invalid-feedback"[^>]*>\s*(?:<strong>)?([^<]+)')
SERVER_TIMING_RE = re.compile(
    r'db;dur=(?P<db>[\d.]+);desc="(?P<queries>\d+) queries", total;dur=(?P<total>[\d.]+)'
)


def _attrs(tag: str) -> dict[str, str]:
    return {name: unescape(value or "") for name, value in ATTR_RE.findall(tag)}


def set_forms(html: str) -> list[dict]:
    """Every set form on a page or card: where it posts and its prefilled fields."""
    forms = []
    for body in SET_FORM_RE.findall(html):
        action = HX_POST_RE.search(body)
        target = HX_TARGET_RE.search(body)
        fields = {}
        for tag in INPUT_RE.findall(body):
            attrs = _attrs(tag)
            if "name" in attrs and attrs.get("type") not in ("submit", "checkbox"):
                fields[attrs["name"]] = attrs.get("value", "")
        for tag, options in SELECT_RE.findall(body):
            selected = ""
            for option in OPTION_RE.findall(options):
                option_attrs = _attrs(option)
                if "selected" in option_attrs:
                    selected = option_attrs.get("value", "")
            fields[_attrs(tag)["name"]] = selected
        if action and target and "exercise" in fields:
            forms.append({"action": action.group(1), "target": target.group(1), "fields": fields})
    return forms


# --- What each process records ------------------------------------------------

_pools = {kind: iter(names) for kind, names in ACCOUNTS.items()}
_state = {"ready": 0, "measuring": False, "started": None}
_acked: list[str] = []
_sent: list[str] = []
_timings: list[tuple] = []
_setup_errors: list[str] = []


@events.request.add_listener
def _on_request(name, response, exception, response_time, **kwargs):
    if not _state["measuring"] or response is None:
        return
    header = response.headers.get("Server-Timing") if response.headers else None
    match = SERVER_TIMING_RE.search(header or "")
    if match:
        _timings.append(
            (
                name,
                round(response_time, 2),
                match["total"],
                match["db"],
                match["queries"],
                getattr(response, "status_code", 0),
            )
        )


def _ready(environment):
    """Once everyone has logged in, measure from a clean slate."""
    _state["ready"] += 1
    if _state["ready"] >= EXPECTED and not _state["measuring"]:
        environment.runner.stats.reset_all()
        _state["measuring"] = True
        _state["started"] = time.time()
        gevent.spawn_later(MEASURE_S, environment.runner.quit)


@events.test_stop.add_listener
def _on_test_stop(environment, **kwargs):
    def write(name, lines):
        with open(os.path.join(OUT_DIR, f"{name}-{PID}.txt"), "w") as out:
            out.writelines(f"{line}\n" for line in lines)

    write("acked", _acked)
    write("sent", _sent)
    write("setup-errors", _setup_errors)
    with open(os.path.join(OUT_DIR, f"timing-{PID}.csv"), "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "client_ms", "server_ms", "db_ms", "queries", "status"])
        writer.writerows(_timings)
    with open(os.path.join(OUT_DIR, f"window-{PID}.json"), "w") as out:
        json.dump({**_state, "stopped": time.time(), "weights": WEIGHTS}, out)


# --- The people ---------------------------------------------------------------


class Athlete(FastHttpUser):
    """One person with their own account, on a phone, between sets."""

    abstract = True
    kind = ""
    wait_time = between(WAIT_MIN, WAIT_MAX)
    # A page waits behind others in the server's queue under load: allow for it.
    network_timeout = 60.0
    connection_timeout = 10.0

    def on_start(self):
        self.session_url = None
        self.forms: list[dict] = []
        self.slugs: list[str] = []
        self.username = next(_pools[self.kind], None)
        try:
            if self.username is None:
                self._setup_failed("more simulated users than accounts")
            self._log_in()
            self._find_session()
        finally:
            _ready(self.environment)

    def _setup_failed(self, reason):
        _setup_errors.append(f"{self.kind} {getattr(self, 'username', '?')}: {reason}")
        raise StopUser()

    def _name(self, page):
        return f"{page} [{self.kind}]"

    def _log_in(self):
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF_RE.search(page.text or "")
        if token is None:
            self._setup_failed(f"no login form (HTTP {page.status_code})")
        body = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": self.username,
                "password": PASSWORD,
            }
        )
        with self.client.post(
            "/accounts/login/",
            data=body,
            headers=FORM_HEADERS,
            name="log in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                reason = f"HTTP {response.status_code}"
                if response.error:
                    reason += f", {response.error!r}"
                response.failure(f"log in refused: {reason}")
                self._setup_failed(f"log in refused ({reason})")

    def _find_session(self):
        """Today's session, the way a person reaches it: the dashboard's link."""
        dashboard = self.client.get("/dashboard/", name=self._name("dashboard"))
        link = NEXT_SESSION_RE.search(dashboard.text or "")
        if link is None:
            self._setup_failed("no next session on the dashboard")
        self.session_url = link.group(1)
        html = self._open_session()
        start = START_RE.search(html)
        if start is not None:
            body = urlencode({"csrfmiddlewaretoken": CSRF_RE.search(html).group(1)})
            self.client.post(
                start.group(1),
                data=body,
                headers=FORM_HEADERS,
                name="session start",
                allow_redirects=False,
            )
            html = self._open_session()
        if not self.forms:
            self._setup_failed("no set form on the session page")

    def _open_session(self) -> str:
        with self.client.get(
            self.session_url, name=self._name("session"), catch_response=True
        ) as response:
            html = response.text or ""
            if response.status_code == 200:
                forms = set_forms(html)
                if forms:
                    self.forms = forms
                    self.csrf = CSRF_RE.search(html).group(1)
                self.slugs = SLUG_RE.findall(html) or self.slugs
            return html

    @task(WEIGHTS["dashboard"])
    def dashboard(self):
        self.client.get("/dashboard/", name=self._name("dashboard"))

    @task(WEIGHTS["session"])
    def session(self):
        self._open_session()

    @task(WEIGHTS["log set"])
    def log_set(self):
        """Tap "Log set" on one card: htmx posts the card's form and swaps the card."""
        index = random.randrange(len(self.forms))
        form = self.forms[index]
        fields = {**form["fields"], "token": str(uuid.uuid4())}
        body = urlencode(fields)
        headers = {
            **FORM_HEADERS,
            "HX-Request": "true",
            "HX-Current-URL": self.host + self.session_url,
            "HX-Target": form["target"],
            "X-CSRFToken": self.csrf,
        }
        if random.random() < DOUBLE_TAP:
            # A retried request (a double tap, a flaky connection): the same token
            # twice at once must still record one set.
            name = self._name("log set, same token twice")
            pair = [
                gevent.spawn(self._post_set, form, fields, body, headers, name, index)
                for _ in range(2)
            ]
            gevent.joinall(pair)
        else:
            self._post_set(form, fields, body, headers, self._name("log set"), index)

    def _post_set(self, form, fields, body, headers, name, index):
        _sent.append(fields["token"])
        with self.client.post(
            form["action"], data=body, headers=headers, name=name, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return
            html = response.text or ""
            if not LOGGED_RE.search(html):
                error = ERROR_RE.search(html)
                response.failure("not logged: " + (error.group(1).strip() if error else "?"))
                return
            _acked.append(fields["token"])
            # The swapped card carries the next set's prefill (the other leg, say).
            fresh = set_forms(html)
            if fresh and index < len(self.forms):
                self.forms[index] = fresh[0]

    @task(WEIGHTS["chart"])
    def chart(self):
        if self.slugs:
            slug = random.choice(self.slugs)
            self.client.get(f"/progress/{slug}/", name=self._name("chart"))

    @task(WEIGHTS["catalog"])
    def catalog(self):
        self.client.get("/exercises/", name=self._name("catalog"))

    @task(WEIGHTS["/healthz"])
    def healthz(self):
        self.client.get("/healthz", name="/healthz")


class Veteran(Athlete):
    """Five years of history behind every page."""

    kind = "5y"
    fixed_count = len(ACCOUNTS.get("5y", []))


class Newcomer(Athlete):
    """A new account: a routine and today's planned session."""

    kind = "new"
    fixed_count = len(ACCOUNTS.get("new", []))
