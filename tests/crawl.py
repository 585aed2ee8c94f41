"""Crawling the site as one user with Django's test client: every page, every form.

`Crawler(client, user).run()` starts from the dashboard, follows every
same-origin link breadth-first (deduplicated by path and query, at most
`PER_ROUTE` addresses per URL pattern so twelve weeks of sessions do not
explode it, at most `MAX_REQUESTS` requests in all) and submits every form it
meets with the values the page prefilled: hidden inputs, the selected option
of each select (the first real option where the page selected an empty one,
as for a radio group with none checked; a formset's empty extra rows stay
empty), checked boxes, textarea text, and a realistic value from `TYPED` and
`TICKED` for a few fields a person must fill. A form with several submit
buttons is sent once per button; an htmx form is sent again as htmx sends it.
After a redirect the page it leads to is fetched and crawled too, and a form
that comes back changed (asking to confirm a warning) counts as a new form,
so the forms that only appear once something has happened (the set form of a
started session) are submitted as well. Every answer is recorded; a 5xx (or
an exception in the view) is a failure, with the last lines of its
traceback, and all of them are reported together.

What is sent, and in which order:

- Forms are sent in the order the crawl met them, as a person would use
  them: writes persist, so the log grows (a session started, sets logged in
  the user's unit, the session finished).
- The goal form comes after every other form that keeps its writes: goals
  are set from a log the crawl has just added to. It is sent once per metric
  (`goal_variants`) with an exercise the user has logged (else one from the
  catalog) and a target from a short ladder, until "Save goal" saves it or
  the ladder runs out; `Crawl.goal_saves` says how each metric ended.
- Forms that would destroy the crawl's own state (`ROLLED_BACK`: log out,
  deleting the account or anything else, a password change, a restore) come
  last, each in a savepoint that is rolled back after its answer and the page
  it redirects to have been checked; the client's cookies are put back, so
  the crawl stays logged in. They are therefore really run, on real objects.
- Downloads (CSV, backup, the calendar feed) are fetched, streamed to the
  end and not parsed; /static/ is not fetched; /admin/ only for staff.
"""

import heapq
import itertools
import re
import traceback
from collections import Counter, deque
from copy import deepcopy
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from django.db import transaction
from django.db.models import Count
from django.urls import Resolver404, resolve, reverse

PER_ROUTE = 3
# Requests per crawl (pages, forms and the pages they redirect to).
MAX_REQUESTS = 700

ROLLED_BACK = {
    "accounts:logout",
    "accounts:delete",
    "accounts:password-change",
    "transfer:restore",
}
LATE = {"progress:goal-create"}
NOT_CRAWLED = ("/static/", "/media/")
# A formset's second and later rows (`entries-3-exercise`): left empty, they are the
# extra rows a person leaves blank.
EXTRA_ROW = re.compile(r"-[1-9]\d*-")

# Values a person types into a field the page leaves empty, by field name.
TYPED = {
    "why": "To play football again without a twinge.",
    "notes": "Felt fine.",
    "note": "Felt fine.",
    "name": "Crawled routine",
    "reps": "10",
    "weeks": "4",
}

# Boxes a person ticks in a group the page leaves all unticked, by field name.
TICKED = {"weekdays": ("0", "3")}

# Targets to try for a goal, lowest first, in the user's unit for loads: the first one
# above the user's baseline is saved.
GOAL_TARGETS = {
    "load_for_reps": ("100", "250", "500"),
    "e1rm": ("100", "250", "500"),
    "reps": ("15", "40", "200"),
    "hold": ("60", "180", "1200"),
    "stage": ("2", "3"),
    "exercise": ("",),
    "sessions": ("2", "3"),
}
GOAL_EXERCISES_TRIED = 3


@dataclass
class Form:
    action: str
    method: str
    hx_post: str | None = None
    fields: list = field(default_factory=list)  # (name, value) as a browser sends them
    options: dict = field(default_factory=dict)  # a select's or radio group's values, by name
    boxes: dict = field(default_factory=dict)  # a checkbox group's values, by name
    empty: list = field(default_factory=list)  # typed fields left empty
    buttons: list = field(default_factory=list)  # submit buttons: (name, value), None unnamed

    def data(self, **changes) -> dict:
        """What the form sends, with a select left on an empty option (or a radio group
        left unchosen) on its first real one and an empty typed field filled from
        `TYPED`, then `changes`."""
        values: dict[str, list] = {}
        for name, value in self.fields:
            values.setdefault(name, []).append(value)
        for name, options in self.options.items():
            real = [o for o in options if o]
            if values.get(name) in (None, [""]) and real and not EXTRA_ROW.search(name):
                values[name] = [real[0]]
        for name in self.empty:
            if name in TYPED and values.get(name) in (None, [""]):
                values[name] = [TYPED[name]]
        for name, boxes in self.boxes.items():
            if name in TICKED and name not in values:
                values[name] = [v for v in boxes if v in TICKED[name]]
        values.update({k: [v] for k, v in changes.items()})
        return {k: v[0] if len(v) == 1 else v for k, v in values.items()}


class PageParser(HTMLParser):
    """The links and forms of a page."""

    TYPED_INPUTS = {"text", "number", "date", "email", "search", "tel", "url", "time"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: list | None = None  # name, options, selected
        self.option: list | None = None
        self.textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v if v is not None else "" for k, v in attrs}
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "form":
            self.form = Form(a.get("action", ""), a.get("method", "get").lower(), a.get("hx-post"))
            self.forms.append(self.form)
        elif self.form is None or "disabled" in a:
            return
        elif tag in ("input", "button"):
            self._control(tag, a)
        elif tag == "select" and a.get("name"):
            self.select = [a["name"], [], []]
        elif tag == "option" and self.select is not None:
            self.option = [a["value"]] if "value" in a else []
            self.select[1].append(self.option)
            if "selected" in a:
                self.select[2].append(self.option)
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"]]

    def _control(self, tag, a):
        kind = a.get("type", "submit" if tag == "button" else "text").lower()
        name = a.get("name")
        if kind == "submit":
            button = (name, a.get("value", "")) if name else None
            if button not in self.form.buttons:
                self.form.buttons.append(button)
        elif not name or kind in {"button", "image", "reset", "file"}:
            return
        elif kind in {"checkbox", "radio"}:
            group = self.form.options if kind == "radio" else self.form.boxes
            group.setdefault(name, []).append(a.get("value", "on"))
            if "checked" in a:
                self.form.fields.append((name, a.get("value", "on")))
        else:
            self.form.fields.append((name, a.get("value", "")))
            if kind in self.TYPED_INPUTS and not a.get("value"):
                self.form.empty.append(name)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.append(data)
        elif self.option is not None and not self.option:
            self.option.append(data.strip())

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select is not None and self.form is not None:
            name, options, selected = self.select
            values = ["".join(o) for o in options]
            self.form.options[name] = values
            chosen = ["".join(o) for o in selected[-1:]] or values[:1]
            self.form.fields.extend((name, v) for v in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            text = "".join(self.textarea[1:]).lstrip("\n")
            self.form.fields.append((self.textarea[0], text))
            if not text:
                self.form.empty.append(self.textarea[0])
            self.textarea = None


@dataclass(frozen=True)
class Answer:
    method: str
    url: str
    status: int
    via: str  # the page the link or form was on
    # A failure's traceback tail, where a redirect leads, or a refused form's errors.
    detail: str = ""
    forms: tuple = field(default=(), compare=False, repr=False)  # an HTML page's forms

    def __str__(self):
        text = f"{self.method} {self.url} -> {self.status} (from {self.via})"
        return text + (f"\n    {self.detail}" if self.detail else "")


def route_of(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def _field_errors(html: str) -> list[str]:
    """The errors a re-rendered form shows beside its fields, as `field: message`."""
    found = re.findall(r'<div id="id_(\w+?)_error"[^>]*>(.*?)</div>', html, re.S)
    return [f"{name}: {' '.join(re.sub(r'<[^>]+>', ' ', text).split())}" for name, text in found]


def _tail(error: BaseException, lines: int = 6) -> str:
    text = "".join(traceback.format_exception(error)).rstrip().splitlines()
    return "\n    ".join(text[-lines:])


class Crawler:
    def __init__(self, client, user, *, per_route=PER_ROUTE, max_requests=MAX_REQUESTS, forms=True):
        self.client = client
        self.user = user
        self.forms = forms  # False: follow links only
        self.per_route = per_route
        self.max_requests = max_requests
        self.answers: list[Answer] = []
        self.pages: dict[str, str] = {}  # an HTML page's path -> its route, in crawl order
        self.capped: Counter = Counter()
        self.goal_saves: dict[str, Answer | None] = {}
        self.goal_exercises: dict[str, str] = {}  # metric -> "logged"/"catalog" of the saved
        self._links: deque = deque()
        self._seen: set[str] = set()
        self._per_route: Counter = Counter()
        self._forms: list = []  # a heap of (phase, order, page, form, button, htmx)
        self._sent: set = set()
        self._per_action: Counter = Counter()
        self._order = itertools.count()

    # The result ------------------------------------------------------------------

    @property
    def failures(self) -> list[Answer]:
        return [a for a in self.answers if a.status >= 500]

    @property
    def broken_links(self) -> list[Answer]:
        return [a for a in self.answers if a.method == "GET" and a.status == 404]

    # The crawl --------------------------------------------------------------------

    def run(self, start: str | None = None) -> "Crawler":
        self._links.append((start or reverse("progress:dashboard"), "start"))
        while self._links or self._forms:
            if self._links:
                self._visit(*self._links.popleft())
            else:
                self._submit(*heapq.heappop(self._forms)[2:])
        return self

    def _visit(self, url: str, via: str) -> None:
        if url in self._seen:
            return
        route = route_of(url) or "(no route)"
        if self._per_route[route] >= self.per_route:
            self.capped[route] += 1
            return
        self._seen.add(url)
        self._per_route[route] += 1
        self._request("GET", url, via=via)

    def _follow(self, href: str, page: str) -> None:
        if href.startswith(("//", "#")) or ":" in href.split("/", 1)[0]:
            return  # another origin, mailto:, tel:, javascript:, or this page's anchor
        parts = urlsplit(urljoin(page, href))
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        if url.startswith(NOT_CRAWLED) or (url.startswith("/admin/") and not self.user.is_staff):
            return
        if url not in self._seen:
            self._links.append((url, page))

    def _request(self, method, url, *, via, data=None, headers=None, rollback=False):
        """Send one request, and fetch the page a redirect leads to; record the answers.
        Returns the request's answer (a 500 if the view raised)."""
        assert len(self.answers) < self.max_requests, (
            f"the crawl made {self.max_requests} requests and is not done: raise "
            f"MAX_REQUESTS or lower PER_ROUTE (pages per route: {dict(self._per_route)})"
        )
        cookies = deepcopy(self.client.cookies)
        with transaction.atomic():
            answer = self._send(method, url, via=via, data=data, headers=headers or {})
            if answer.status in (301, 302, 303) and answer.detail.startswith("/"):
                self._send("GET", answer.detail, via=f"{method} {url}", data=None, headers={})
            if rollback:
                transaction.set_rollback(True)
        if rollback:
            self.client.cookies = cookies
        return answer

    def _send(self, method, url, *, via, data, headers) -> Answer:
        try:
            # A savepoint of its own: on PostgreSQL a failed query would otherwise spoil
            # the rest of the crawl's transaction.
            with transaction.atomic():
                if method == "GET":
                    response = self.client.get(url, headers=headers)
                else:
                    response = self.client.post(url, data or {}, headers=headers)
                if response.streaming:
                    body = b"".join(response.streaming_content)
                else:
                    body = response.content
        except Exception as error:
            answer = Answer(method, url, 500, via, _tail(error))
            self.answers.append(answer)
            return answer
        status = response.status_code
        location = response.get("Location", "") if status in (301, 302, 303) else ""
        if method == "POST" and status in (200, 400):
            location = "; ".join(_field_errors(body.decode(errors="replace")))
        forms = ()
        if status == 200 and response.get("Content-Type", "").startswith("text/html"):
            forms = self._read(response.wsgi_request.get_full_path(), body)
        answer = Answer(method, url, status, via, location, forms)
        self.answers.append(answer)
        return answer

    def _read(self, page: str, body: bytes) -> tuple:
        parser = PageParser()
        parser.feed(body.decode())
        route = route_of(page)
        if route and route not in self.pages.values():
            self.pages[page] = route
        for href in parser.links:
            self._follow(href, page)
        for form in parser.forms:
            self._queue(page, form)
        return tuple(parser.forms)

    def _queue(self, page: str, form: Form) -> None:
        action = urljoin(page, form.action or page)
        route = route_of(action)
        if not self.forms or route is None:
            return
        if action.startswith("/admin/") and not self.user.is_staff:
            return
        phase = (
            2 if route in ROLLED_BACK or route.endswith("-delete") else 1 if route in LATE else 0
        )
        buttons = form.buttons or [None]
        if route in LATE:
            # The goal form (and its steps) is filled in by `_goals`, from the first one met.
            if any(key[1] == route for key in self._sent):
                return
            buttons = [None]
        ways = [False, True] if form.hx_post and form.method == "post" else [False]
        for button, htmx in itertools.product(buttons, ways):
            names = frozenset(name for name, _ in form.fields)
            key = (form.method, route if route in LATE else action, button, htmx, names)
            kind = (form.method, route, button, htmx)
            if key in self._sent or self._per_action[kind] >= self.per_route:
                continue
            self._sent.add(key)
            self._per_action[kind] += 1
            heapq.heappush(self._forms, (phase, next(self._order), page, form, button, htmx))

    def _submit(self, page: str, form: Form, button, htmx: bool) -> None:
        action = urljoin(page, (form.hx_post if htmx else form.action) or page)
        route = route_of(action)
        extra = dict([button]) if button else {}
        headers = {"HX-Request": "true", "HX-Current-URL": page} if htmx else {}
        if route in LATE:
            self._goals(page, action, form)
        elif form.method == "get":
            query = urlencode(form.data(**extra), doseq=True)
            self._request("GET", f"{urlsplit(action).path}?{query}", via=page)
        else:
            rollback = route in ROLLED_BACK or route.endswith("-delete")
            self._request(
                "POST",
                action,
                via=page,
                data=form.data(**extra),
                headers=headers,
                rollback=rollback,
            )

    # Goals: every metric saved from the user's own log ------------------------------

    def _goals(self, page: str, action: str, form: Form) -> None:
        """Each metric the goal form offers, saved through "Save goal" from the user's log.

        The form may ask for the metric first (a GET form leading to the rest of it) or
        take everything at once; either way each metric is tried until it saves."""
        for metric in [o for o in form.options.get("metric", []) if o]:
            self.goal_saves[metric] = None
            step_page, step_action, step = page, action, form
            if form.method == "get":
                query = urlencode(form.data(metric=metric), doseq=True)
                answer = self._request("GET", f"{urlsplit(action).path}?{query}", via=page)
                step_page = answer.url
                found = [
                    f
                    for f in answer.forms
                    if f.method == "post"
                    and route_of(urljoin(step_page, f.action or step_page)) in LATE
                ]
                if not found:
                    continue
                step = found[0]
                step_action = urljoin(step_page, step.action or step_page)
            for data, source in goal_tries(self.user, step, metric):
                self._request("POST", step_action, via=step_page, data={**data, "check": "1"})
                saved = self._request(
                    "POST", step_action, via=step_page, data={**data, "save": "1"}
                )
                if saved.status != 200:
                    self.goal_saves[metric] = saved
                    self.goal_exercises[metric] = source
                    break


def goal_tries(user, form: Form, metric: str) -> list[tuple[dict, str]]:
    """The goal form's data to try in turn for `metric`: the few exercises the user has
    logged most that the metric suits, then two from the catalog the log does not hold
    yet (the only kind an exercise to reach can be), each with the targets of
    `GOAL_TARGETS`, lowest first; each with where its exercise came from."""
    from exercises.models import Exercise
    from progress import goals
    from training.models import LoggedSet

    Measure, Rule = Exercise.Measure, Exercise.Rule
    fits = {
        "load_for_reps": lambda e: e.measure == Measure.REPS_LOAD,
        "e1rm": lambda e: e.measure == Measure.REPS_LOAD,
        "reps": lambda e: e.measure != Measure.HOLD,
        "hold": lambda e: e.measure == Measure.HOLD,
        "stage": lambda e: e.rule in (Rule.SET_LADDER, Rule.BAND_COLOUR),
        "exercise": lambda e: goals.chain_for(e)[0] is not None,
    }
    chosen = [None]
    if metric in fits:
        offered = Exercise.objects.in_bulk(
            [int(o) for o in form.options.get("exercise", []) if o.isdigit()]
        )
        logged = list(
            LoggedSet.objects.filter(session__user=user, exercise__in=offered)
            .working()
            .values_list("exercise", flat=True)
            .annotate(n=Count("id"))
            .order_by("-n", "exercise")
        )
        suited = [e for e in offered.values() if fits[metric](e)]
        mine = sorted((e for e in suited if e.pk in logged), key=lambda e: logged.index(e.pk))
        others = [e for e in suited if e.pk not in logged]
        # An exercise to reach is one not done yet; any other goal starts from the log.
        if metric == "exercise":
            mine = []
        chosen = mine[:GOAL_EXERCISES_TRIED] + others[:2]
    tries = []
    for exercise in chosen:
        for target in GOAL_TARGETS.get(metric, ("10",)):
            changes = {"metric": metric, "target": target}
            changes["exercise"] = str(exercise.pk) if exercise else ""
            changes["reps"] = _last_reps(user, exercise) if metric == "load_for_reps" else ""
            changes["weeks"] = "8" if metric == "sessions" else ""
            source = "none" if exercise is None else "logged" if exercise in mine else "catalog"
            tries.append((form.data(**changes), source))
    return tries


def forms_of(response) -> list[Form]:
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser.forms


def profile_set_unit(client, unit: str) -> None:
    """Switch the logged-in user's unit the way they would: through the profile form."""
    url = reverse("accounts:profile")
    (form,) = [f for f in forms_of(client.get(url)) if any(name == "unit" for name, _ in f.fields)]
    response = client.post(url, form.data(unit=unit))
    assert response.status_code == 302, f"the profile form refused unit={unit}"


def _last_reps(user, exercise) -> str:
    """The reps of the user's latest working set of `exercise` (8 if none): a load goal
    for the reps they train at, so the sets just logged are its baseline."""
    from training.models import LoggedSet

    last = (
        LoggedSet.objects.filter(session__user=user, exercise=exercise, reps__isnull=False)
        .working()
        .order_by("-session__date", "-pk")
        .values_list("reps", flat=True)
        .first()
    )
    return str(last or 8)


# The users a crawl runs as: each is made, logged in on `client`, and returned.


def demo_in(unit: str):
    """The demo account (`manage.py demo`'s own builder, history up to today), in `unit`
    (switched on the profile form, as its owner would)."""

    def make(client):
        from django.utils import timezone

        from logbook.demo import build_demo

        user = build_demo(timezone.localdate())
        client.force_login(user)
        if unit != user.unit:
            profile_set_unit(client, unit)
            user.refresh_from_db()
        return user

    return make


def newcomer(client):
    """A user who has just signed up: no history at all."""
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    return user


USERS = {"demo in kg": demo_in("kg"), "demo in lb": demo_in("lb"), "new user": newcomer}
