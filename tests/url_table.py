"""Every URL of the project and who may use it: the table the authorization and CSRF tests walk.

`project_patterns()` walks the URLconf (admin's patterns included). Each
pattern outside the admin must have a `Route` in `ROUTES`, saying who may use
it and how to build a request for it: the object it addresses (made for user A
by `build_world`) and, for a URL that changes something, form data the owner's
POST would succeed with. Every pattern of the admin site is staff-only; the
tests request a sample address of each (`admin_sample_path`).
"""

import datetime
import enum
import re
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from accounts.models import User
from exercises.models import BandColour, Exercise
from logbook import services as logbook
from progress.models import Goal, PersonalRecord, ProgressionEvent, ProgressionState
from tests.factories import (
    PASSWORD,
    EquipmentFactory,
    ExerciseFactory,
    RoutineEntryFactory,
    RoutineFactory,
    ScheduleFactory,
    SessionFactory,
    UserFactory,
    make_chain,
)
from training import scheduling, services
from training.models import (
    CalendarFeed,
    Import,
    LoggedSet,
    Restore,
    Routine,
    RoutineEntry,
    Schedule,
    Session,
)
from transfer.importing import import_confirm, import_stage
from transfer.tasks import import_enqueue

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# In the names of user A's rows, so a page of user B's that shows any of them is caught.
MARKER = "Zyxwv"
IMPORT_CSV = (
    b"Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n"
    b"2025-01-01,Glute Bridge,Legs,,,10,,,,\n"
)


class Access(enum.Enum):
    PUBLIC = "anyone, logged in or not"
    LOGIN = "logged in; shows and changes the user's own data only"
    OWNED = "logged in; addresses an object of the user: another user's is 404"
    CATALOG = "anyone for the catalog; a user's private exercise is 404 for everyone else"
    TOKEN = "anyone holding the secret token in the address; a wrong token is 404"


@dataclass(frozen=True)
class Route:
    name: str
    access: Access
    # The object the address names: a key of `World.kwargs` (None: no argument).
    target: str | None = None
    # The answer to a GET by whoever may use it (None: GET is refused with 405).
    get: int | None = 200
    # Form data with which the owner's POST succeeds (None: POST is refused with 405).
    post: Callable[["World"], dict] | None = None
    # The answer to that POST.
    posted: int = 302
    # The owner's GET shows A's marked rows (so a page that shows them to B could be caught).
    shows_marker: bool = False
    # Who posts in the CSRF test: "owner" (user A logged in) or "anonymous".
    poster: str = "owner"
    # A query string the page is opened with (the goal form's second step: ?metric=reps).
    query: str = ""


@dataclass(frozen=True)
class World:
    """User A's data, one of every object a URL addresses, and user B."""

    owner: object
    other: object
    objects: dict
    kwargs: dict
    owner_client: Client | None = None

    def for_test(self) -> "World":
        """The world with a fresh client logged in as A: a test may log it out."""
        client = Client()
        client.force_login(self.owner)
        return replace(self, owner_client=client)

    def url(self, route: Route, target: str | None = None) -> str:
        target = target or route.target
        url = reverse(route.name, kwargs=self.kwargs[target] if target else None)
        return f"{url}?{route.query}" if route.query else url

    def page_form(self, page: str, action: str | None = None, **values) -> dict:
        """The data of the form on the owner's `page` that posts to `action` (default: the
        page), with `values` changed: what a browser would send."""
        response = self.owner_client.get(page)
        assert response.status_code == 200, f"GET {page}: {response.status_code}"
        return {**form_posting_to(response, action or page).data, **values}


def build_world() -> World:
    today = timezone.localdate()
    owner, other = UserFactory(), UserFactory()
    bridge = ExerciseFactory(name="Glute Bridge", equipment=[EquipmentFactory()])
    harder = ExerciseFactory(name="Single-Leg Glute Bridge", unilateral=True)
    chain = make_chain(bridge, harder)
    private = ExerciseFactory(name=f"{MARKER} Curl", owner=owner)
    BandColour.objects.create(slug="red", name="Red", position=1, hex_colour="#cc0000")
    Group.objects.create(name="Coaches")

    routine = RoutineFactory(owner=owner, name=f"{MARKER} Routine")
    RoutineEntryFactory(routine=routine, exercise=bridge, position=1)
    ScheduleFactory(user=owner, routine=routine)
    planned = SessionFactory(user=owner, routine=routine, date=today + datetime.timedelta(days=2))
    active = SessionFactory(user=owner, routine=routine, status=Session.Status.IN_PROGRESS)
    logged, _ = logbook.set_log(session=active, exercise=bridge, token=uuid.uuid4(), reps=10)
    done = SessionFactory(
        user=owner,
        date=today - datetime.timedelta(days=3),
        status=Session.Status.DONE,
        notes=f"{MARKER} notes",
    )
    logbook.set_log(session=done, exercise=private, token=uuid.uuid4(), reps=10)
    goal = Goal.objects.create(
        user=owner,
        metric=Goal.Metric.REPS,
        exercise=private,
        target=15,
        baseline=10,
        why=f"{MARKER} why",
        deadline=today + datetime.timedelta(weeks=8),
        created_on=today,
    )
    ProgressionState.objects.create(
        user=owner, exercise=bridge, chain=chain, sets=3, reps=10, offer=harder, reason="Ready."
    )
    ProgressionEvent.objects.create(
        user=owner,
        exercise=bridge,
        date=today,
        kind=ProgressionEvent.Kind.ADD_SET,
        after={"sets": 3},
        after_text="3 × 10",
        reason="Ready.",
    )
    feed = services.calendar_feed_get_or_create(user=owner)
    review = import_stage(user=owner, filename=f"{MARKER}.csv", data=IMPORT_CSV)
    running = import_stage(user=owner, filename=f"{MARKER}-2.csv", data=IMPORT_CSV)
    import_confirm(batch=running, unit="kg", choices={})
    import_enqueue(running)  # its task waits in the queue (the admin lists it)
    # Its worker stopped an hour ago: "carry on" queues it again.
    Import.objects.filter(pk=running.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1)
    )
    failed = import_stage(user=owner, filename=f"{MARKER}-3.csv", data=IMPORT_CSV)
    Import.objects.filter(pk=failed.pk).update(status=Import.Status.FAILED, error="Refused.")
    restore = Restore.objects.create(
        user=owner, filename=f"{MARKER}.json", status=Restore.Status.FAILED, document={}
    )

    kwargs = {
        "routine": {"pk": routine.pk},
        "planned": {"pk": planned.pk},
        "active": {"pk": active.pk},
        "set": {"pk": logged.pk},
        "import": {"pk": review.pk},
        "running": {"pk": running.pk},
        "failed": {"pk": failed.pk},
        "restore": {"pk": restore.pk},
        "goal": {"pk": goal.pk},
        "private": {"slug": private.slug},
        "catalog": {"slug": bridge.slug},
        "offered": {"slug": bridge.slug},
        "feed": {"token": feed.token},
        "month": {"year": today.year, "month": today.month},
        "reset": {"uidb64": "MQ", "token": "not-a-reset-token"},
    }
    objects = {"bridge": bridge, "routine": routine, "goal": goal, "private": private}
    return World(owner=owner, other=other, objects=objects, kwargs=kwargs)


@contextmanager
def shared_world(django_db_blocker):
    """One world for a whole test module, built in a transaction rolled back at its end.

    Each test runs in a savepoint inside it (pytest-django's `db`), so a test
    sees the world as built, never another test's changes; building it once
    instead of for each of some 300 tests keeps the modules fast.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


# --- What each URL takes ---------------------------------------------------------------


def _days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def _routine_form(w: World) -> dict:
    return w.page_form(
        reverse("training:routine-create"),
        name="Leg day",
        **{"entries-0-exercise": w.objects["bridge"].pk, "entries-0-sets": "3"},
        **{"entries-0-reps_min": "10", "entries-0-reps_max": "10", "entries-0-rest_s": "60"},
    )


def _undo(w: World) -> dict:
    """Undo of a delete, signed as the card offers it: a set of the bridge comes back."""
    session = Session.objects.get(pk=w.kwargs["active"]["pk"])
    gone = LoggedSet(session=session, exercise=w.objects["bridge"], set_number=1, reps=10)
    values = logbook.set_undo_values(gone)
    return {"undo": signing.dumps(values, salt="logbook.set-undo")}


def _move(w: World) -> dict:
    """A new day a month on, with "Save anyway" pressed for the warnings it draws."""
    today = timezone.localdate()
    session = Session.objects.get(pk=w.kwargs["planned"]["pk"])
    day = today + datetime.timedelta(days=30)
    warnings = services.session_move_warnings(user=w.owner, session=session, day=day, today=today)
    return {"date": day.isoformat(), "confirm": scheduling.warnings_digest(warnings)}


def _upload(name: str, data: bytes, content_type: str) -> Callable[[World], dict]:
    # A fresh file for every request: the client reads it to the end.
    return lambda w: {"file": SimpleUploadedFile(name, data, content_type)}


NEW_PASSWORD = "a-brand-new-horse-staple"

ROUTES = [
    # Public pages.
    Route("home", Access.PUBLIC),
    Route("healthz", Access.PUBLIC),
    # The installable shell (config/offline.py): the same for everyone, no user read.
    Route("service-worker", Access.PUBLIC),
    Route("manifest", Access.PUBLIC),
    Route("offline", Access.PUBLIC),
    Route(
        "accounts:signup",
        Access.PUBLIC,
        post=lambda w: {
            "username": "newcomer",
            "email": "newcomer@example.com",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
        poster="anonymous",
    ),
    Route("accounts:signup-sent", Access.PUBLIC),
    # The link in the sign-up email: a wrong token gets a "this link does not work"
    # page with no form, whichever the method.
    Route(
        "accounts:activate",
        Access.PUBLIC,
        target="reset",
        post=lambda w: {},
        posted=200,
        poster="anonymous",
    ),
    # The link sent to a new email address: anyone holding it may use it, logged in or
    # not; a wrong token gets a "this link does not work" page with no form.
    Route(
        "accounts:email-confirm",
        Access.PUBLIC,
        target="reset",
        post=lambda w: {},
        posted=200,
        poster="anonymous",
    ),
    Route(
        "accounts:login",
        Access.PUBLIC,
        post=lambda w: {"username": w.owner.username, "password": PASSWORD},
        poster="anonymous",
    ),
    # Log-out takes a POST only: a link or an image on another site cannot log anyone out.
    Route("accounts:logout", Access.PUBLIC, get=None, post=lambda w: {}),
    Route(
        "accounts:password-reset",
        Access.PUBLIC,
        post=lambda w: {"email": w.owner.email},
        poster="anonymous",
    ),
    Route("accounts:password-reset-done", Access.PUBLIC),
    # Django's view: the uid and token in the address are checked (a wrong one: an
    # "invalid link" page with no form).
    Route(
        "accounts:password-reset-confirm",
        Access.PUBLIC,
        target="reset",
        post=lambda w: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        posted=200,
        poster="anonymous",
    ),
    Route("accounts:password-reset-complete", Access.PUBLIC),
    Route("exercises:exercise-list", Access.PUBLIC),
    Route("exercises:exercise-detail", Access.CATALOG, target="private", shows_marker=True),
    Route("training:feed", Access.TOKEN, target="feed", shows_marker=True),
    # The user's own pages.
    Route(
        "accounts:profile",
        Access.LOGIN,
        post=lambda w: w.page_form(reverse("accounts:profile"), display_name="Renamed"),
    ),
    Route(
        "accounts:password-change",
        Access.LOGIN,
        post=lambda w: {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    ),
    Route("accounts:password-change-done", Access.LOGIN),
    Route("accounts:delete", Access.LOGIN, post=lambda w: {"password": PASSWORD}),
    Route("training:routine-list", Access.LOGIN, shows_marker=True),
    Route("training:routine-create", Access.LOGIN, post=_routine_form),
    Route(
        "training:schedule-create",
        Access.LOGIN,
        shows_marker=True,
        post=lambda w: {
            "routine": w.objects["routine"].pk,
            "weekdays": ["0", "3"],
            "start_date": _days(60),
            "weeks": "2",
        },
    ),
    Route("training:calendar", Access.LOGIN, shows_marker=True),
    Route("training:calendar-month", Access.LOGIN, target="month", shows_marker=True),
    Route("training:upcoming", Access.LOGIN, shows_marker=True),
    Route("training:history", Access.LOGIN, shows_marker=True),
    Route(
        "training:session-add",
        Access.LOGIN,
        shows_marker=True,
        post=lambda w: {"date": _days(40), "routine": w.objects["routine"].pk},
    ),
    Route("logbook:session-now", Access.LOGIN, get=None, post=lambda w: {}),
    Route("logbook:session-past", Access.LOGIN, post=lambda w: {"date": _days(0), "routine": ""}),
    Route("training:feed-settings", Access.LOGIN, post=lambda w: {}),
    Route(
        "transfer:import-start",
        Access.LOGIN,
        shows_marker=True,
        post=_upload("strong.csv", IMPORT_CSV, "text/csv"),
    ),
    Route("transfer:export-csv", Access.LOGIN, shows_marker=True),
    Route("transfer:export-backup", Access.LOGIN, shows_marker=True),
    Route(
        "transfer:restore",
        Access.LOGIN,
        post=_upload("backup.json", b"{}", "application/json"),
        posted=200,
    ),
    Route("transfer:restore-progress", Access.OWNED, target="restore", shows_marker=True),
    Route("progress:dashboard", Access.LOGIN, shows_marker=True),
    Route("progress:progress-list", Access.LOGIN),
    Route("progress:record-list", Access.LOGIN, shows_marker=True),
    Route("progress:goal-list", Access.LOGIN, shows_marker=True),
    Route(
        "progress:goal-create",
        Access.LOGIN,
        shows_marker=True,
        query=f"metric={Goal.Metric.REPS}",
        post=lambda w: {
            "metric": Goal.Metric.REPS,
            "exercise": w.objects["bridge"].pk,
            "target": "20",
            "deadline": _days(56),
            "why": "To run again.",
            "save": "1",
        },
    ),
    # The user's own objects.
    Route("training:routine-detail", Access.OWNED, target="routine", shows_marker=True),
    Route(
        "training:routine-edit",
        Access.OWNED,
        target="routine",
        post=lambda w: w.page_form(w.url(ROUTE["training:routine-edit"]), name="Renamed"),
    ),
    Route("training:routine-copy", Access.OWNED, target="routine", get=None, post=lambda w: {}),
    Route("training:routine-delete", Access.OWNED, target="routine", post=lambda w: {}),
    Route("training:session-move", Access.OWNED, target="planned", post=_move),
    Route("training:session-skip", Access.OWNED, target="planned", get=None, post=lambda w: {}),
    Route("logbook:session-detail", Access.OWNED, target="active", shows_marker=True),
    Route("logbook:session-start", Access.OWNED, target="planned", get=None, post=lambda w: {}),
    Route(
        "logbook:set-create",
        Access.OWNED,
        target="active",
        get=None,
        post=lambda w: {"exercise": w.objects["bridge"].pk, "token": uuid.uuid4(), "reps": "10"},
    ),
    Route("logbook:set-edit", Access.OWNED, target="set", post=lambda w: {"reps": "8"}),
    Route("logbook:set-delete", Access.OWNED, target="set", post=lambda w: {}),
    Route("logbook:set-undo", Access.OWNED, target="active", get=None, post=_undo),
    Route(
        "logbook:session-finish",
        Access.OWNED,
        target="active",
        post=lambda w: {"effort": "7", "notes": "Fine.", "cooldown_done": "on"},
    ),
    Route("logbook:session-summary", Access.OWNED, target="active"),
    Route(
        "logbook:session-date", Access.OWNED, target="active", post=lambda w: {"date": _days(-1)}
    ),
    Route(
        "transfer:import-review",
        Access.OWNED,
        target="import",
        shows_marker=True,
        post=lambda w: w.page_form(w.url(ROUTE["transfer:import-review"])),
    ),
    Route("transfer:import-progress", Access.OWNED, target="running", shows_marker=True),
    Route("transfer:import-step", Access.OWNED, target="running", get=None, post=lambda w: {}),
    Route("transfer:import-retry", Access.OWNED, target="failed", get=None, post=lambda w: {}),
    Route("transfer:import-cancel", Access.OWNED, target="import", get=None, post=lambda w: {}),
    Route(
        "progress:exercise-progress",
        Access.OWNED,
        target="private",
        shows_marker=True,
        post=lambda w: {"sets": "2", "reps": "12", "note": ""},
    ),
    Route("progress:exercise-records", Access.OWNED, target="private", shows_marker=True),
    Route(
        "progress:progression-move-on",
        Access.OWNED,
        target="offered",
        get=None,
        post=lambda w: {},
    ),
    Route("progress:progression-keep", Access.OWNED, target="offered", get=None, post=lambda w: {}),
    Route(
        "progress:pain-report",
        Access.OWNED,
        target="active",
        get=None,
        post=lambda w: {"exercise": w.objects["bridge"].pk, "pain": "2"},
    ),
    Route("progress:morning-check", Access.LOGIN, get=None, post=lambda w: {"pain": "2"}),
    Route("progress:stage-unlock", Access.OWNED, target="private", get=None, post=lambda w: {}),
    Route("progress:goal-detail", Access.OWNED, target="goal", shows_marker=True),
    Route("progress:goal-archive", Access.OWNED, target="goal", get=None, post=lambda w: {}),
    Route("progress:goal-delete", Access.OWNED, target="goal", post=lambda w: {}),
]
ROUTE = {route.name: route for route in ROUTES}
assert len(ROUTE) == len(ROUTES), "a URL name is in the table twice"
POST_ROUTES = [route for route in ROUTES if route.post is not None]


# --- Walking the URLconf ---------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    route: str  # the whole route, from the site's root: "training/sessions/<int:pk>/"
    name: str | None  # namespaced: "logbook:session-detail"
    namespace: str
    pattern: URLPattern
    prefix: str  # the route of the resolvers above it: "admin/training/session/"

    @property
    def key(self) -> str:
        return self.name or self.route


def project_patterns(patterns=None, prefix: str = "", namespace: str = ""):
    """Every URL pattern of the project, admin's included, however deeply included."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from project_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Pattern(prefix + str(entry.pattern), name, namespace, entry, prefix)


def is_admin(pattern: Pattern) -> bool:
    return pattern.namespace.split(":")[0] == "admin"


# Admin's login page is the one admin address open to everyone.
ADMIN_PUBLIC = {"admin:login"}


def admin_model(pattern: Pattern):
    """The model of a ModelAdmin's pattern ("admin/training/session/…"), else None."""
    parts = pattern.prefix.strip("/").split("/")
    if len(parts) == 3:
        try:
            return apps.get_model(parts[1], parts[2])
        except LookupError:
            return None
    return None


def admin_sample_path(pattern: Pattern) -> str:
    """An address the pattern matches, naming a real object where it names one."""
    regex = pattern.pattern.pattern
    if isinstance(regex, RegexPattern):
        groups = set(regex.regex.groupindex)
        if groups == {"app_label"}:
            return f"/{pattern.prefix}training/"
        if groups == {"url"}:
            return f"/{pattern.prefix}no-such-page/"
        raise LookupError(f"no sample address for the admin pattern {pattern.route!r}")
    model = admin_model(pattern)
    session = Session.objects.order_by("pk").first()
    values = {
        "content_type_id": str(ContentType.objects.get_for_model(Session).pk),
        "object_id": str(session.pk),
    }
    if model is not None:
        row = model._default_manager.order_by("pk").first()
        assert row is not None, f"no {model.__name__} to address in {pattern.route!r}"
        values["object_id"] = values["id"] = str(row.pk)

    def value(match):
        if match[2] not in values:
            raise LookupError(f"no sample value for <{match[2]}> in {pattern.route!r}")
        return values[match[2]]

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, pattern.route)


# --- What must not change --------------------------------------------------------------

# Every model holding a user's data, and how its rows lead to their user.
OWNED_ROWS = {
    User: "pk",
    Exercise: "owner",
    Routine: "owner",
    RoutineEntry: "routine__owner",
    Schedule: "user",
    CalendarFeed: "user",
    Session: "user",
    LoggedSet: "session__user",
    Import: "user",
    ProgressionState: "user",
    ProgressionEvent: "user",
    PersonalRecord: "user",
    Goal: "user",
}

COUNTED_APPS = {"accounts", "exercises", "training", "progress", "auth"}


def snapshot(user) -> dict:
    """Every row of `user`'s data, field by field, and how many rows each table holds."""
    rows = {
        model.__name__: list(model.objects.filter(**{path: user.pk}).order_by("pk").values())
        for model, path in OWNED_ROWS.items()
    }
    models = [m for m in apps.get_models() if m._meta.app_label in COUNTED_APPS]
    quote = connection.ops.quote_name
    # One round trip for every table's count.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        totals = cursor.fetchone()
    return {"rows": rows, "counts": dict(zip((m._meta.label for m in models), totals, strict=True))}


# --- Reading forms ---------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]]

    @property
    def data(self) -> dict:
        """As the test client posts it: one value per name, a list where a name repeats."""
        values: dict[str, list[str]] = {}
        for name, value in self.fields:
            values.setdefault(name, []).append(value)
        return {name: got[0] if len(got) == 1 else got for name, got in values.items()}


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: tuple[str, list, list, bool] | None = None  # name, options, chosen, multiple
        self.option: list[str] | None = None
        self.textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v if v is not None else "" for k, v in attrs}
        if tag == "form":
            self.form = Form(a.get("action", ""), a.get("method", "get").lower(), [])
            self.forms.append(self.form)
        elif self.form is None or "disabled" in a:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.form.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self.select = (a["name"], [], [], "multiple" in a)
        elif tag == "option" and self.select is not None:
            # An option without a value sends its text.
            self.option = [a["value"]] if "value" in a else []
            self.select[1].append(self.option)
            if "selected" in a:
                self.select[2].append(self.option)
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"]]

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
            name, options, selected, multiple = self.select
            # A single select sends its last selected option, else its first.
            for option in selected if multiple else selected[-1:] or options[:1]:
                self.form.fields.append((name, "".join(option)))
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            self.form.fields.append((self.textarea[0], "".join(self.textarea[1:]).lstrip("\n")))
            self.textarea = None


def forms_on(response) -> list[Form]:
    parser = _FormParser()
    parser.feed(response.content.decode())
    return parser.forms


def form_posting_to(response, url: str) -> Form:
    """The POST form on the page whose action is `url` (a form with no action posts to
    the page itself)."""
    page = response.wsgi_request.get_full_path()
    found = [
        form
        for form in forms_on(response)
        if form.method == "post" and urlsplit(urljoin(page, form.action)).path == urlsplit(url).path
    ]
    assert found, f"no form on {page} posts to {url}"
    return found[0]
