"""The `make bench` scenario: people on phones logging a training session. Its settings come
from the JSON file BENCH_CONFIG names; each locust process records people-<pid>.json."""

import json
import os
import random
import re
import time
import uuid
from http.cookiejar import Cookie
from urllib.parse import urlencode, urlsplit

import gevent
from harness import field, set_forms
from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

with open(os.environ["BENCH_CONFIG"]) as config_file:
    CONFIG = json.load(config_file)
ACCOUNTS: dict[str, list[str]] = CONFIG["accounts"]
# How often each action comes up, relative to the others (bench/run.py reports them).
WEIGHTS = CONFIG.get("weights") or {"log set": 5, "dashboard": 2, "session": 2, "chart": 1,
                                     "history": 1, "catalog": 1, "/healthz": 1}  # fmt: skip
COOKIES: dict[str, str] = CONFIG.get("cookies", {})  # username -> session key
PLAIN = {"dashboard": "/dashboard/", "history": "/training/history/", "catalog": "/exercises/",
         "/healthz": "/healthz"}  # fmt: skip
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
# The app's own templates, read with regular expressions (as harness.set_forms does).
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NEXT_SESSION_RE = re.compile(r'href="(/training/sessions/\d+/)"')
START_RE = re.compile(r'action="(/training/sessions/\d+/start/)"')
SLUG_RE = re.compile(r'<section class="card mb-3 exercise-card" id="ex-([\w-]+)"')
LOGGED_RE = re.compile(r">\s*Logged set \d")  # the card's "Logged set 2 · left. ..."
ERROR_RE = re.compile(r'class="invalid-feedback"[^>]*>\s*(?:<strong>)?([^<]+)')
TIMING_RE = re.compile(r'db;dur=([\d.]+);desc="(\d+) queries", total;dur=([\d.]+)')
_pools = {kind: iter(names) for kind, names in ACCOUNTS.items()}
_state = {"ready": 0, "measuring": False, "started": None}
# What this process records for bench/run.py; timing: [name, server ms, db ms, queries].
_files: dict[str, list] = {"acked": [], "sent": [], "setup_errors": [], "timing": []}


@events.request.add_listener
def _on_request(name, response, **kwargs):
    if response is None or not _state["measuring"]:
        return
    header = response.headers.get("Server-Timing") if response.headers else None
    if match := TIMING_RE.search(header or ""):
        db, queries, total = match.groups()
        _files["timing"].append((name, float(total), float(db), int(queries)))


def _ready(environment):
    """Once everyone has logged in, measure from a clean slate (log-ins hash slowly)."""
    _state["ready"] += 1
    if _state["ready"] >= sum(map(len, ACCOUNTS.values())) and not _state["measuring"]:
        environment.runner.stats.reset_all()
        _state.update(measuring=True, started=time.time())
        gevent.spawn_later(CONFIG["measure_s"], environment.runner.quit)


@events.test_stop.add_listener
def _on_test_stop(environment, **kwargs):
    with open(os.path.join(CONFIG["out_dir"], f"people-{os.getpid()}.json"), "w") as out:
        json.dump({**_state, **_files, "stopped": time.time(), "weights": WEIGHTS}, out)


class Athlete(FastHttpUser):
    """One person with their own account, on a phone, between sets."""

    abstract = True
    kind = ""
    wait_time = between(*CONFIG["wait"])
    # A page waits behind others in the server's queue under load: allow for it.
    network_timeout, connection_timeout = 60.0, 10.0

    def on_start(self):
        self.session_url, self.forms, self.slugs = None, [], []
        self.username = next(_pools[self.kind], None)
        try:
            if self.username is None:
                self._setup_failed("more simulated users than accounts")
            if key := COOKIES.get(self.username):  # Cookie(version, name, value, port, ...)
                host = urlsplit(self.host).hostname
                self.client.cookiejar.set_cookie(Cookie(0, "sessionid", key, None, False, host,
                    False, False, "/", True, False, None, False, None, None, {}))  # fmt: skip
            else:
                self._log_in()
            self._find_session()
        finally:
            _ready(self.environment)

    def _setup_failed(self, reason):
        _files["setup_errors"].append(f"{self.kind} {self.username}: {reason}")
        raise StopUser()

    def _name(self, page):
        return f"{page} [{self.kind}]"

    def _post(self, path, fields, name, **kwargs):
        kwargs.setdefault("headers", FORM)
        return self.client.post(path, data=urlencode(fields), name=name, **kwargs)

    def _log_in(self):
        page = self.client.get("/accounts/login/", name="login page")
        if (token := CSRF_RE.search(page.text or "")) is None:
            self._setup_failed(f"no login form (HTTP {page.status_code})")
        fields = dict(
            csrfmiddlewaretoken=token[1], username=self.username, password=CONFIG["password"]
        )
        with self._post("/accounts/login/", fields, "log in", allow_redirects=False,
                        catch_response=True) as response:  # fmt: skip
            if response.status_code != 302:
                error = f", {response.error!r}" if response.error else ""
                reason = f"HTTP {response.status_code}{error}"
                response.failure(f"log in refused: {reason}")
                self._setup_failed(f"log in refused ({reason})")

    def _find_session(self):
        """Today's session, the way a person reaches it: the dashboard's link."""
        dashboard = self.client.get("/dashboard/", name=self._name("dashboard"))
        if (link := NEXT_SESSION_RE.search(dashboard.text or "")) is None:
            self._setup_failed("no next session on the dashboard")
        self.session_url = link[1]
        html = self._open_session()
        if start := START_RE.search(html):
            fields = {"csrfmiddlewaretoken": CSRF_RE.search(html)[1]}
            self._post(start[1], fields, "session start", allow_redirects=False)
            html = self._open_session()
        if not self.forms:
            self._setup_failed("no set form on the session page")

    def _open_session(self) -> str:
        name = self._name("session")
        with self.client.get(self.session_url, name=name, catch_response=True) as response:
            html = response.text or ""
            if response.status_code == 200:
                if forms := set_forms(html):
                    self.forms, self.csrf = forms, CSRF_RE.search(html)[1]
                self.slugs = SLUG_RE.findall(html) or self.slugs
            return html

    @task(WEIGHTS.get("session", 0))
    def session(self):
        self._open_session()

    @task(sum(WEIGHTS.get(page, 0) for page in PLAIN))
    def page(self):
        """One of the pages that need nothing from the session page, by their weights."""
        page = random.choices(list(PLAIN), [WEIGHTS.get(page, 0) for page in PLAIN])[0]
        self.client.get(PLAIN[page], name=page if page == "/healthz" else self._name(page))

    @task(WEIGHTS.get("log set", 0))
    def log_set(self):
        """Tap "Log set" on one card: htmx posts the card's form and swaps the card."""
        form = self.forms[index := random.randrange(len(self.forms))]
        fields = {**form["fields"], field(form, "token"): str(uuid.uuid4())}
        headers = {**FORM, "HX-Request": "true", "HX-Current-URL": self.host + self.session_url}
        headers.update({"HX-Target": form["target"], "X-CSRFToken": self.csrf})
        if random.random() < 0.1:  # a double tap, a flaky connection: still one set
            args = (form, fields, headers, self._name("log set, same token twice"), index)
            gevent.joinall([gevent.spawn(self._post_set, *args) for _ in range(2)])
        else:
            self._post_set(form, fields, headers, self._name("log set"), index)

    def _post_set(self, form, fields, headers, name, index):
        token = fields[field(form, "token")]
        _files["sent"].append(token)
        posted = self._post(form["action"], fields, name, headers=headers, catch_response=True)
        with posted as response:
            if response.status_code != 200:
                return response.failure(f"HTTP {response.status_code}")
            if not LOGGED_RE.search(html := response.text or ""):
                error = ERROR_RE.search(html)
                return response.failure("not logged: " + (error[1].strip() if error else "?"))
            _files["acked"].append(token)
            # The swapped card carries the next set's prefill (the other leg, say).
            if (fresh := set_forms(html)) and index < len(self.forms):
                self.forms[index] = fresh[0]

    @task(WEIGHTS.get("chart", 0))
    def chart(self):
        if self.slugs:
            self.client.get(f"/progress/{random.choice(self.slugs)}/", name=self._name("chart"))


# The kinds of person (run.py's KINDS): five years of history, a new account, one only logging sets.
for _kind, _names in ACCOUNTS.items():
    globals()[f"People_{_kind}"] = type(f"People_{_kind}", (Athlete,),
                                        {"kind": _kind, "fixed_count": len(_names)})  # fmt: skip
