"""What the bench scripts and tests/production_server.py share: databases, `manage.py`, gunicorn
and nginx on loopback, an HTTP client and its forms, the report sections in the docs. Standard
library only at import time; the app never imports it."""

import collections
import contextlib
import datetime
import html
import http.client
import importlib.metadata
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = tuple(sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("fixtures/*.json")))
# The caller's own settings that must not reach a server under test.
UNSET_PREFIXES = ("DJANGO_", "BENCH_", "FAULTS_", "GUNICORN_")
UNSET = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "STATIC_ROOT", "WEB_CONCURRENCY"}
Server = collections.namedtuple("Server", "url pid")
POSTGRES = "postgres://postgres@127.0.0.1:5432/"  # the scripts' databases, by default
_T0, STARTED = time.monotonic(), datetime.datetime.now(datetime.UTC)  # the reports' time


class RunBroken(Exception):
    """The run itself failed: no figures worth writing."""


def say(message: str) -> None:
    print(f"bench [{time.monotonic() - _T0:5.0f} s]: {message}", file=sys.stderr, flush=True)


def setting(name: str, default, least=0):
    """A number from the environment ("60" or "60s"); `default` when it is unset."""
    raw = os.environ.get(name, "").strip().lower().removesuffix("s")
    try:
        value = type(default)(raw) if raw else default
    except ValueError:
        raise SystemExit(f"{name} must be a number; got {raw!r}") from None
    if value < least:
        raise SystemExit(f"{name} must be at least {least}; got {value}")
    return value


def run(*command: str, env: dict | None = None, timeout: float | None = None) -> str:
    """Run a command from the repository; its output, or RunBroken with what it printed."""
    what = " ".join(command)
    try:
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        raise RunBroken(f"`{what}` took over {timeout:.0f} s") from None
    if done.returncode != 0:
        raise RunBroken(f"`{what}` exited with {done.returncode}:\n{done.stdout}{done.stderr}")
    return done.stdout


def manage(env: dict, *args: str, timeout: float | None = None) -> str:
    return run(sys.executable, "manage.py", *args, env=env, timeout=timeout)


def environment(database_url: str, *, debug: bool, static_root: Path | None = None, **extra):
    """The app's process environment; with DEBUG off, as deployed but on plain HTTP."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(UNSET_PREFIXES)}
    env = {k: v for k, v in env.items() if k not in UNSET}
    env.update(DATABASE_URL=database_url, DEBUG="1" if debug else "0")
    if not debug:  # plain HTTP on loopback: no redirect to https, cookies sent without TLS
        env.update(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1")
        env.update(STATIC_ROOT=str(static_root), LOG_LEVEL="WARNING", CSRF_COOKIE_SECURE="0")
        env.update(SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0")
    return {**env, **extra}


def version_of(*command: str, pattern: str = r"(\d+\.\d+(?:\.\d+)?)") -> str:
    with contextlib.suppress(OSError):
        done = subprocess.run(command, capture_output=True, text=True)
        if found := re.search(pattern, done.stdout + done.stderr):
            return found.group(1)
    return "?"


def machine() -> dict:
    """The machine and the stack; the PostgreSQL version from Django's connection."""
    import django
    from django.db import connection

    postgres = f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"
    model = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    return {"cores": os.cpu_count(), "cpu": re.sub(r"\s+", " ", model[1].strip()) if model else "",
            "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
            "django": django.get_version(), "gunicorn": importlib.metadata.version("gunicorn"),
            "postgres": postgres}  # fmt: skip


def database_create(url: str, *, fresh: bool = False) -> None:
    """The PostgreSQL database `url` names, created when missing; `fresh` drops it first."""
    import psycopg
    from psycopg import sql

    server, name = url.rsplit("/", 1)
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(f"{url} does not name a PostgreSQL database.")
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            say(f"creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_prepare(env: dict, fixtures=FIXTURES, timeout: float | None = None) -> None:
    """As the container's entrypoint does: the schema, then the catalog fixtures."""
    manage(env, "migrate", "--noinput", "--verbosity=0", timeout=timeout)
    manage(env, "loaddata", "--verbosity=0", *fixtures, timeout=timeout)


def django_setup(database_url: str | None = None) -> None:
    """Django in this process (DEBUG on: only its reads), for the checks on the database."""
    if database_url:
        os.environ.update(DATABASE_URL=database_url, DEBUG="1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def app_prepare(database_url: str, static_root: Path) -> dict:
    """The database with the catalog, Django on it here, static files: a DEBUG-off server's env."""
    database_create(database_url)
    say("migrating and loading the catalog")
    database_prepare(environment(database_url, debug=True))
    django_setup(database_url)
    env = environment(database_url, debug=False, static_root=static_root)
    say("collecting static files (DEBUG off)")
    manage(env, "collectstatic", "--noinput", "--verbosity=0")
    return env


def sets_counted(sent: set[str], acked: set[str], logged) -> dict[str, int]:
    """The sets sent and acknowledged against the rows of `logged`, a LoggedSet queryset."""
    from django.db.models import Count

    stored = logged.values("token").annotate(n=Count("pk")).values_list("token", "n")
    counts = {str(token): n for token, n in stored}
    return {"sent": len(sent), "acknowledged": len(acked),
            "once": sum(1 for token in acked if counts.get(token) == 1),
            "lost": sum(1 for token in acked if token not in counts),
            "duplicated": sum(1 for n in counts.values() if n > 1),
            "unacked": sum(1 for token in sent - acked if token in counts),
            "unsent": sum(1 for token in counts if token not in sent)}  # fmt: skip


def process_children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


@contextlib.contextmanager
def _serving(name, command: list[str], log: Path, url: str, stop_s: float, handed=None, **popen):
    """`command` started, until /healthz at `url` answers; stopped at the end."""
    with open(log, "ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, **popen)
    if handed is not None:  # the server's socket: once it dies, nothing listens on its port
        handed.close()
    try:
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            with contextlib.suppress(OSError), urllib.request.urlopen(url + "/healthz", timeout=5):
                break
            time.sleep(0.2)
        else:
            lines = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
            raise RunBroken(f"{name} did not answer /healthz (exit {process.poll()}):\n{lines}")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=stop_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def gunicorn(env: dict, log: Path, *, workers: int = 2):
    """gunicorn serving the app on a loopback port; yields its Server. The socket is opened
    here and handed over: no race with another server picking the same port."""
    listener = socket.create_server(("127.0.0.1", 0), backlog=2048)  # SO_REUSEADDR set
    url, fd = f"http://127.0.0.1:{listener.getsockname()[1]}", listener.fileno()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", f"--bind=fd://{fd}"]
    command += [f"--workers={workers}", f"--error-logfile={log}", "--timeout=60"]
    popen = {"cwd": ROOT, "env": env, "pass_fds": [fd], "handed": listener}
    with _serving("gunicorn", command, log, url, 30, **popen) as process:
        yield Server(url, process.pid)


def nginx_binary(required: bool = True) -> str | None:
    found = shutil.which("nginx", path=f"{os.environ.get('PATH')}:/usr/sbin:/sbin")
    if found is None and required:
        raise SystemExit("nginx is missing: apt-get install nginx, or run `make fault-load`.")
    return found


NGINX_CONF = """\
worker_processes 1; pid {tmp}/nginx.pid; error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off; client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fcgi; uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;
    upstream hamstrong {{ {upstreams} }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://hamstrong;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_connect_timeout 2s; proxy_read_timeout {timeout_s}s;
            proxy_next_upstream error timeout;  # never a POST already sent: the phone resends
        }}
        # No instance answers: nginx's 502/504 become the outage page ({tmp}/errors/503.html);
        # the app's own pages (its 503 while the database is down) pass as they are.
        error_page 502 504 =503 /503.html;
        location = /503.html {{
            internal; root {tmp}/errors; default_type text/html;
            add_header Retry-After {retry_after} always;
            add_header Cache-Control "no-store" always;
        }}
    }}
}}
"""


@contextlib.contextmanager
def nginx(servers, tmp: Path, *, timeout_s: float = 30, retry_after: int = 5):
    """nginx on a free port in front of `servers` (round robin), its files in `tmp`; its URL."""
    (tmp / "temp").mkdir(parents=True, exist_ok=True)
    tmp.chmod(0o755)  # nginx's workers drop root: they read and write here
    upstreams = " ".join(f"server {s.url.removeprefix('http://')};" for s in servers)
    with socket.socket() as sock:  # a free port
        port, conf = sock.bind(("127.0.0.1", 0)) or sock.getsockname()[1], tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, temp=tmp / "temp", port=port, upstreams=upstreams,
                                      timeout_s=timeout_s, retry_after=retry_after))  # fmt: skip
    log, url = tmp / "nginx-error.log", f"http://127.0.0.1:{port}"
    command = [nginx_binary(), "-c", str(conf), "-p", str(tmp), "-e", str(log)]
    with _serving("nginx", [*command, "-g", "daemon off;"], log, url, 10):
        yield url


# The app's set forms, read with regular expressions rather than an HTML parser: cheap
# enough that the load generator does not steal the server's CPU.
SET_FORM_RE = re.compile(r'<form method="post" class="set-form"(.*?)</form>', re.S)
HX_RE = re.compile(r'hx-(post|target)="#?([^"]+)"')
INPUT_RE, OPTION_RE = re.compile(r"<input\b([^>]*)>"), re.compile(r"<option\b([^>]*)>")
SELECT_RE = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S)
ATTR_RE = re.compile(r'([\w-]+)(?:="([^"]*)")?')


def _attrs(tag: str) -> dict[str, str]:
    return {name: html.unescape(value or "") for name, value in ATTR_RE.findall(tag)}


def set_forms(page: str) -> list[dict]:
    """Every set form on a page or card: where it posts, its htmx target, its prefilled fields
    (their names prefixed per card: `field(form, "token")` finds one)."""
    forms = []
    for body in SET_FORM_RE.findall(page):
        fields = {}
        for attrs in map(_attrs, INPUT_RE.findall(body)):
            if "name" in attrs and attrs.get("type") not in ("submit", "checkbox"):
                fields[attrs["name"]] = attrs.get("value", "")
        for tag, options in SELECT_RE.findall(body):
            chosen = [o.get("value", "") for o in map(_attrs, OPTION_RE.findall(options))
                      if "selected" in o]  # fmt: skip
            fields[_attrs(tag)["name"]] = chosen[-1] if chosen else ""
        hx = dict(reversed(HX_RE.findall(body)))  # the first of each
        form = {"action": hx.get("post"), "target": hx.get("target"), "fields": fields}
        if form["action"] and form["target"] and field(form, "exercise"):
            forms.append(form)
    return forms


def field(form: dict, name: str) -> str | None:
    """The name of `form`'s field `name`, its card's prefix and all."""
    return next((k for k in form["fields"] if k.rsplit("-", 1)[-1] == name), None)


class Client:
    """A phone's HTTP: cookies, the CSRF token, redirects not followed."""

    def __init__(self, base_url: str, timeout_s: float = 30):
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port, self.timeout_s = parts.hostname, parts.port, timeout_s
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: dict | None = None):
        """(status, headers, body); raises OSError or HTTPException when nothing came back."""
        headers, body = {"Cookie": self.cookie_header()}, None
        if fields is not None:
            fields = {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout_s)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode(errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.update((k, m.value) for k, m in SimpleCookie(header).items())
        return response.status, response.headers, content

    def log_in(self, username: str, password: str) -> None:
        status, _, _ = self.request("GET", "/accounts/login/")
        if status == 200:
            fields = {"username": username, "password": password}
            status, _, _ = self.request("POST", "/accounts/login/", fields)
        if status != 302 or "sessionid" not in self.cookies:
            raise RunBroken(f"{username} could not log in (HTTP {status})")

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def fmt(value, digits=0, suffix="") -> str:
    return "–" if value is None else f"{value:,.{digits}f}{suffix}"


def table(head: str, rows) -> str:
    """A Markdown table: `head` the columns ("a | b"), the first left; rows: cells or "1 | 2"."""
    rows = [row if isinstance(row, str) else " | ".join(map(str, row)) for row in rows]
    return "\n".join([f"| {head} |", "| --- |" + " ---: |" * head.count(" | ")] +
                     [f"| {row} |" for row in rows])  # fmt: skip


def markdown(text: str, width: int = 88) -> str:
    """Paragraphs and list items wrapped for readable diffs; tables and headings as they are."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        if not block.startswith(("|", "#")):
            items = re.split(r"\n(?=- )", block)  # a list item starts a line of its own
            block = "\n".join(
                textwrap.fill(" ".join(item.split()), width, break_long_words=False,
                              break_on_hyphens=False, subsequent_indent="  " * (item[:2] == "- "))
                for item in items
            )  # fmt: skip
        blocks += [block] if block.strip() else []
    return "\n\n".join(blocks) + "\n"


def section_write(path: Path, name: str, text: str, *, heading: str = "") -> None:
    """`text` between the `name` markers of `path`; without them, after `heading` at the end."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    block = f"{begin}\n{text.rstrip()}\n{end}"
    doc = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin in doc and end in doc:
        doc = doc.split(begin, 1)[0] + block + doc.split(end, 1)[1]
    else:
        doc = doc.rstrip("\n") + "\n\n" + (f"{heading}\n\n" if heading else "") + block + "\n"
    path.write_text(doc.lstrip("\n"), encoding="utf-8")
    say(f"wrote the {name} section of {path.relative_to(ROOT)}")


def main(measure, doc: Path, name: str = "bench") -> int:
    """`measure(tmp)`, given a scratch directory, returns (text, passed): the text, wrapped, goes
    into `doc`; 0 when it passed, 1 when it failed or the run broke (nothing written then)."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))  # unwind
    try:
        with tempfile.TemporaryDirectory(prefix="hamstrong-bench-") as tmp:
            Path(tmp).chmod(0o755)  # nginx's workers drop root, and work below it
            text, passed = measure(Path(tmp))
    except RunBroken as error:
        say(str(error))
        return 1
    section_write(doc, name, section := markdown(text))
    print(section)
    return 0 if passed else 1
