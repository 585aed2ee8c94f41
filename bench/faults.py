"""`make fault-load`: people keep logging sets while the servers fail under them; the story,
the settings (FAULTS_*) and the figures are in docs/reliability.md. It fails on a set lost or
duplicated, an error page other than the clean 503 page, or 10 s or more to serve again."""

import collections
import contextlib
import http.client
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import harness
from harness import ROOT, RunBroken, fmt, say

DOC = ROOT / "docs" / "reliability.md"
CLUSTER = "hamstrong_faults"
PASSWORD = "faults-hamstrong-2026"
WORKERS = 2  # per gunicorn instance: two instances share the machine's cores
THINK_S = (0.5, 1.5)  # a person's pause between two sets, here compressed
BACKOFF_S = (0.25, 0.5, 1.0, 2.0)  # the phone's waits before sending a set again
GRACE_S = 15  # after the clock stops, how long a phone keeps resending its last set
RECOVERY_TARGET_S = 10
KILL_AT, RESTART_AT = 1 / 3, 7 / 12  # when the faults strike, as shares of FAULTS_TIME
CLIENT_TIMEOUT_S = 30
OUTAGE_TEXT = "Hamstrong is back in a moment"  # templates/503.html


@contextlib.contextmanager
def private_cluster(port: int):
    """A throwaway cluster on `port`, dropped at the end whatever happens; yields `ctl`."""
    versions = sorted((p.name for p in Path("/etc/postgresql").glob("[0-9]*")), key=int)
    if not versions or not shutil.which("pg_createcluster"):
        raise SystemExit("install Debian's postgresql and postgresql-common.")
    version, skip = versions[-1], "--skip-systemctl-redirect"

    def ctl(action: str, *options: str) -> None:
        harness.run("pg_ctlcluster", skip, *options, version, CLUSTER, action)
        for _ in range(150):  # until it listens again
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
                return
            time.sleep(0.2)
        raise RunBroken(f"PostgreSQL did not listen on port {port}")

    if Path(f"/etc/postgresql/{version}/{CLUSTER}").exists():
        say(f"dropping the cluster {CLUSTER} an interrupted run left behind")
        harness.run("pg_dropcluster", "--stop", version, CLUSTER)
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        raise SystemExit(f"port {port} is taken: choose another with FAULTS_PG_PORT.")
    say(f"creating PostgreSQL {version} cluster {CLUSTER} on port {port}")
    harness.run("pg_createcluster", version, CLUSTER, f"--port={port}", "--start-conf=manual",
                "--", "--auth=trust", "--no-sync")  # fmt: skip
    try:
        ctl("start")
        yield ctl
    finally:
        say(f"dropping the cluster {CLUSTER}")
        subprocess.run(["pg_dropcluster", "--stop", version, CLUSTER], check=False)


def data_create(count: int, tmp: Path) -> tuple[dict[str, int], object, int]:
    """`count` people with a session today (username -> session id), the exercise they log;
    the app's own outage page, for nginx when no instance answers, and its Retry-After."""
    from django.contrib.auth.hashers import make_password
    from django.template.loader import render_to_string
    from django.utils import timezone

    from accounts.models import User
    from config.views import RETRY_AFTER_S
    from exercises.models import Exercise
    from training.models import Session

    exercises = Exercise.objects.catalog().active().order_by("slug")
    exercise = exercises.filter(measure=Exercise.Measure.REPS, unilateral=False).first()
    if exercise is None:
        raise RunBroken("the catalog has no two-legged exercise measured in reps")
    password = make_password(PASSWORD)  # one hash for all: hashing is slow on purpose
    users = User.objects.bulk_create(User(username=f"faults-{n}", password=password)
                                     for n in range(1, count + 1))  # fmt: skip
    today = timezone.localdate()
    sessions = Session.objects.bulk_create(Session(user=u, date=today) for u in users)
    (tmp / "errors").mkdir()
    (tmp / "errors" / "503.html").write_text(render_to_string("503.html"))
    accounts = {u.username: s.pk for u, s in zip(users, sessions, strict=True)}
    return accounts, exercise, RETRY_AFTER_S


# One request: when (on the clock) and what came back. kind: "set" or "page"; status 0: no
# HTTP answer; source: "app" (with Server-Timing), "nginx" or "network"; clean: fit to show.
Answer = collections.namedtuple("Answer", "kind started ended status source acked clean note")


class Trial:
    """The clock, and what the phones sent and were answered; the faults, when they struck."""

    def __init__(self, time_s: int, base_url: str, exercise):
        self.time_s, self.base_url, self.exercise = time_s, base_url, exercise
        self.started = self.started_wall = 0.0
        self.ready = threading.Event()  # everyone logged in (or given up): the clock starts
        self.answers, self.sent, self.acked, self.abandoned, self.faults = [], [], [], [], []
        self.resent: dict[str, float] = {}  # acknowledged only on a resend: when it started

    def now(self) -> float:
        return time.monotonic() - self.started

    def at(self, share: float) -> float:
        """Wait until `share` of the clock has passed; the time then."""
        time.sleep(max(0.0, self.time_s * share - self.now()))
        return self.now()


class Phone(threading.Thread):
    """One person logging sets between sets, resending a set until it is acknowledged."""

    def __init__(self, trial: Trial, username: str, session_id: int):
        super().__init__(daemon=True)
        self.trial, self.username, self.error = trial, username, None
        self.client = harness.Client(trial.base_url, timeout_s=CLIENT_TIMEOUT_S)
        self.prepared = threading.Event()  # logged in, or failed to
        self.rng, self.session_url = random.Random(username), f"/training/sessions/{session_id}/"

    def run(self) -> None:
        try:
            self.client.log_in(self.username, PASSWORD)
            if (status := self.client.request("GET", self.session_url)[0]) != 200:
                raise RunBroken(f"{self.username}: session page HTTP {status}")
        except (OSError, http.client.HTTPException, RunBroken) as error:
            self.error = str(error)
        self.prepared.set()
        self.trial.ready.wait()  # everyone logged in (or given up): the clock starts
        while self.error is None and self.trial.now() < self.trial.time_s:
            self.log_set()
            if self.rng.random() < 0.2:
                self.send("page", "GET", self.session_url)
            time.sleep(self.rng.uniform(*THINK_S))

    def log_set(self) -> None:
        token = str(uuid.uuid4())
        fields = {"exercise": self.trial.exercise.pk, "token": token, "reps": 10}
        self.trial.sent.append(token)
        for attempt in range(1000):
            answer = self.send("set", "POST", self.session_url + "sets/", fields)
            if answer.acked:
                self.trial.acked.append(token)
                if attempt:
                    self.trial.resent[token] = self.trial.started_wall + answer.started
                return
            if self.trial.now() > self.trial.time_s + GRACE_S:
                self.trial.abandoned.append(token)
                return
            wait = BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)]
            time.sleep(wait * self.rng.uniform(0.8, 1.2))

    def send(self, kind: str, method: str, path: str, fields: dict | None = None) -> Answer:
        started, acked, note = self.trial.now(), False, ""
        try:
            status, headers, body = self.client.request(method, path, fields)
        except (OSError, http.client.HTTPException) as error:
            status, source, clean, note = 0, "network", False, repr(error)
        else:
            source = "app" if "Server-Timing" in headers else "nginx"
            if kind == "set" and status == 302:  # logged (now or by an earlier try): to its card
                location = headers.get("Location", "")
                acked = location.startswith(self.session_url)
                clean = acked = acked and f"#ex-{self.trial.exercise.slug}" in location
                note = f"redirected to {location}"
            elif status < 400:  # a page, or a set answered but not logged
                clean, note = kind == "page", "not logged"
            else:
                clean = status == 503 and OUTAGE_TEXT in body and "Traceback" not in body
                clean, note = clean and headers.get("Retry-After") is not None, body[:200]
        answer = Answer(kind, started, self.trial.now(), status, source, acked, clean, note)
        self.trial.answers.append(answer)
        return answer


def load(trial: Trial, accounts: dict[str, int], victim_pid: int, ctl) -> None:
    """The people log sets; the faults strike on the clock; wait for every phone."""
    phones = [Phone(trial, username, session_id) for username, session_id in accounts.items()]
    say(f"{len(phones)} people logging in through nginx")
    for phone in phones:
        phone.start()
    deadline = time.monotonic() + 240  # password hashing is slow on purpose
    for phone in phones:
        phone.prepared.wait(timeout=max(0.0, deadline - time.monotonic()))
    failed = [p.error or "no answer" for p in phones if p.error or not p.prepared.is_set()]
    trial.started, trial.started_wall = time.monotonic(), time.time()
    trial.ready.set()
    if failed:
        raise RunBroken("log-in failed: " + "; ".join(failed[:3]))
    say(f"logging sets for {trial.time_s} s")
    at = trial.at(KILL_AT)
    for victim in [victim_pid, *harness.process_children(victim_pid)]:  # as the OOM killer
        with contextlib.suppress(ProcessLookupError):
            os.kill(victim, signal.SIGKILL)
    trial.faults.append(("gunicorn instance B killed (kill -9, master and workers)", at, 0.0))
    say(f"{at:.1f} s: killed gunicorn instance B (pid {victim_pid})")
    at = trial.at(RESTART_AT)
    ctl("restart", "--mode=fast")
    trial.faults.append(("PostgreSQL restarted (fast mode)", at, trial.now() - at))
    say(f"{at:.1f} s: restarted PostgreSQL ({trial.now() - at:.1f} s)")
    for phone in phones:
        phone.join(timeout=trial.time_s + GRACE_S + CLIENT_TIMEOUT_S)


def sets_check(trial: Trial, accounts: dict[str, int]) -> dict[str, int]:
    """Every acknowledged set in the database exactly once, and nothing else there."""
    from django.db import connections
    from django.db.models import Count

    from training.models import LoggedSet

    connections.close_all()  # this process's connection died with the restart
    mine = LoggedSet.objects.filter(session_id__in=accounts.values())
    sets = harness.sets_counted(set(trial.sent), set(trial.acked), mine)
    numbering = mine.values("session", "exercise", "side", "set_number").annotate(n=Count("pk"))
    # Written before its resend started: an earlier try wrote it, and its answer was lost.
    resent = mine.filter(token__in=list(trial.resent)).values_list("token", "created_at")
    earlier = sum(1 for token, at in resent if at.timestamp() < trial.resent[str(token)])
    sets.update(resent=len(trial.resent), given_up=len(trial.abandoned), earlier=earlier)
    return {**sets, "numbering": numbering.filter(n__gt=1).count()}


def recovery(at: float, window: list) -> tuple[float | None, float | None]:
    """Seconds from a fault at `at` to its last failed answer, and until the app serves again:
    the first acknowledged set sent after that answer (or after the fault, with no failure)."""
    failures = [a.ended for a in window if a.status == 0 or a.status >= 500]
    since = max(failures, default=at)
    served = [a.ended for a in window if a.acked and a.started >= since]
    return (since - at if failures else None), (min(served) - at if served else None)


REPORT = """\
## Latest run

{harness.STARTED:%Y-%m-%d %H:%M} UTC, {info[cores]} CPUs shared with other work: Python
{info[python]}, Django {info[django]}, PostgreSQL {info[postgres]}, nginx {info[nginx]}, gunicorn
{info[gunicorn]}. {users} simulated people logged sets for {trial.time_s} s through nginx, in front
of two gunicorn instances of {WORKERS} sync workers each; a phone resends an unanswered set with the
same token after {backoff} s (then every {last_backoff:g} s).

{fault_rows}

Every answer, by the phase it came back in (503 from the app: the database was down; from nginx:
no instance answered):

{phase_rows}

Throughput: {requests_s:.1f} requests/s, {acked_s:.1f} sets acknowledged/s.

{check_rows}

Sets sent: {sets[sent]:,}. Acknowledged only when resent after an error or no answer:
{sets[resent]:,}; {sets[earlier]:,} of them written by an earlier try whose answer was lost, found
by the resend instead of written again. Written but never acknowledged (the phone gave up):
{sets[unacked]:,}.

{result}
{unclean_rows}
"""


def report(trial: Trial, users: int, sets: dict[str, int], info: dict) -> tuple[str, bool]:
    unclean = [a for a in trial.answers if not a.clean]
    # The phases: from the start, and from each fault, until the next; their answers.
    edges = [("before the faults", 0.0)] + [(name, at) for name, at, _ in trial.faults]
    phases = [(name, at, [a for a in trial.answers if at <= a.ended < end]) for (name, at), end
              in zip(edges, [at for _, at in edges[1:]] + [float("inf")], strict=True)]  # fmt: skip
    outages = [recovery(at, window) for _, at, window in phases[1:]]
    recoveries = [served for _, served in outages]
    checks = [
        ("acknowledged sets in the database exactly once", sets["once"], sets["acknowledged"]),
        ("lost: acknowledged, not in the database", sets["lost"], 0),
        ("duplicated: one token, more than one row", sets["duplicated"], 0),
        ("rows no phone sent", sets["unsent"], 0),
        ("set numbers repeated within a session", sets["numbering"], 0),
        ("error answers that were not the clean 503 page", len(unclean), 0),
        ("sets given up (unanswered 15 s after the clock stopped)", sets["given_up"], 0),
    ]
    failed = [name for name, value, target in checks if value != target]
    failed += [f"serving again after “{trial.faults[i][0]}”" for i, value in enumerate(recoveries)
               if value is None or value >= RECOVERY_TARGET_S]  # fmt: skip
    fault_rows = harness.table("fault | at | took | last error after | serving again after", [
        (name, f"{at:.1f} s", fmt(took or None, 1, " s"),
         "no error" if errors is None else fmt(errors, 1, " s"), fmt(served, 1, " s"))
        for (name, at, took), (errors, served) in zip(trial.faults, outages, strict=True)
    ])  # fmt: skip
    phase_rows = []
    for name, _, answers in phases:
        by = [a.source for a in answers if a.status == 503]  # the app (database down) or nginx
        counts = [len(answers), sum(a.acked for a in answers), by.count("app"), by.count("nginx"),
                  sum(a.status >= 400 and a.status != 503 for a in answers),
                  sum(a.status == 0 for a in answers)]  # fmt: skip
        phase_rows.append([name, *(f"{n:,}" for n in counts)])
    span = max((a.ended for a in trial.answers), default=0.0) or 1.0
    requests_s, acked_s = len(trial.answers) / span, sum(a.acked for a in trial.answers) / span
    backoff, last_backoff = ", ".join(f"{s:g}" for s in BACKOFF_S), BACKOFF_S[-1]
    worst = fmt(None if None in recoveries else max(recoveries, default=None), 1)
    check_rows = harness.table("check | result | target", [
        *((name, f"{value:,}", f"{target:,}") for name, value, target in checks),
        ("serving again after each fault, longest", f"{worst} s", f"< {RECOVERY_TARGET_S} s"),
    ])  # fmt: skip
    result = "**Result: failed**: " + "; ".join(failed) + "." if failed else "**Result: passed.**"
    unclean_rows = "\n".join(f"- {a.kind} at {a.started:.1f} s: HTTP {a.status} "
                             f"{' '.join(a.note.split())[:120]}" for a in unclean[:5])  # fmt: skip
    phase_rows = harness.table("phase | requests | sets acknowledged | 503 from the app | "
                               "503 from nginx | other errors | no answer", phase_rows)  # fmt: skip
    return REPORT.format_map({**globals(), **locals()}), not failed  # its fields: these names


def measure(tmp: Path) -> tuple[str, bool]:
    time_s, users = harness.setting("FAULTS_TIME", 60, 30), harness.setting("FAULTS_USERS", 20, 1)
    pg_port = harness.setting("FAULTS_PG_PORT", 54329, 1024)
    nginx = harness.nginx_binary()
    with private_cluster(pg_port) as ctl, contextlib.ExitStack() as stack:
        database_url = f"postgres://postgres@127.0.0.1:{pg_port}/hamstrong"
        env = harness.app_prepare(database_url, tmp / "static")
        accounts, exercise, retry_after = data_create(users, tmp)
        a = stack.enter_context(harness.gunicorn(env, tmp / "a.log", workers=WORKERS))
        b = stack.enter_context(harness.gunicorn(env, tmp / "b.log", workers=WORKERS))
        proxy = harness.nginx([a, b], tmp, timeout_s=CLIENT_TIMEOUT_S, retry_after=retry_after)
        base_url = stack.enter_context(proxy)
        say(f"nginx at {base_url}, in front of {a.url} (A) and {b.url} (B)")
        trial = Trial(time_s, base_url, exercise)
        load(trial, accounts, b.pid, ctl)
        stack.close()  # the servers stop before the database is read
        say("checking the sets against the database")
        sets = sets_check(trial, accounts)
        nginx = harness.version_of(nginx, "-v", pattern=r"nginx/(\S+)")
        info = {**harness.machine(), "nginx": nginx}
        return report(trial, users, sets, info)


if __name__ == "__main__":
    sys.exit(harness.main(measure, DOC))
