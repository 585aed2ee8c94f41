"""Putting a backup back: into an empty account, all of it or nothing.

`backup_load(raw)` reads an uploaded file as JSON; `backup_restore(user=...,
data=...)` checks the whole document (see `transfer.backup` for its
shape) before it writes anything, then writes it in one transaction with
`bulk_create`, a handful of statements per table. Any problem, in the file or
from the database, is a `BackupError` whose messages say where it is; the
account is then left as it was.

Private exercises get a fresh slug (their name and a random suffix): a slug is
unique across the site, and the one they had may still be taken. Bookkeeping
timestamps (`created_at`, `updated_at`) and set tokens are set afresh, in the
document's order.
"""

import contextlib
import datetime
import json
import logging
import re
import secrets
from collections import Counter
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from exercises.models import (
    MAX_HOLD_SECONDS,
    MAX_REPS,
    BandColour,
    Chain,
    Equipment,
    Exercise,
    Muscle,
    SourceArticle,
)
from progress.models import Goal, PersonalRecord, ProgressionEvent, ProgressionState
from progress.records import set_apart
from training import bounds
from training.models import MAX_LOAD_KG, LoggedSet, Routine, RoutineEntry, Schedule, Session
from transfer.backup import EXERCISE_SLUG_LISTS, FORMAT, VERSION

logger = logging.getLogger(__name__)

MAX_PROBLEMS = 10
SMALL = 32767
MAX_DECIMAL = 999999
_DECIMAL = re.compile(r"[0-9]{1,7}(\.[0-9]{1,4})?", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_WEEKDAYS = re.compile(r"[0-6]{1,7}", re.ASCII)
_MISSING = object()

# What an account may already hold, for the refusal's message.
CONTENTS = {
    "sessions": ("sessions", Session.objects.filter(user=OuterRef("pk"))),
    "routines": ("routines", Routine.objects.filter(owner=OuterRef("pk"))),
    "schedules": ("schedules", Schedule.objects.filter(user=OuterRef("pk"))),
    "goals": ("goals", Goal.objects.filter(user=OuterRef("pk"))),
    "exercises": ("private exercises", Exercise.objects.filter(owner=OuterRef("pk"))),
    "states": ("progression", ProgressionState.objects.filter(user=OuterRef("pk"))),
    "events": ("progression history", ProgressionEvent.objects.filter(user=OuterRef("pk"))),
    "records": ("personal records", PersonalRecord.objects.filter(user=OuterRef("pk"))),
}


class BackupError(Exception):
    """A backup that cannot be restored, with every reason found (up to `MAX_PROBLEMS`)."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__(" ".join(self.messages))


class _TooMany(Exception):
    pass


class _OutOfRange(ValueError):
    """A value of the right shape outside what Hamstrong keeps; its message says why."""


def backup_load(raw: bytes) -> dict:
    """The bytes of an uploaded backup as JSON (UTF-8, a byte-order mark allowed)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = "\x00"
    if "\x00" in text:
        raise BackupError(
            [
                "This is not a Hamstrong backup: it is not a text file. Choose the .json file "
                "that “Download a backup” saved."
            ]
        )
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise BackupError(
            [
                f"This is not a Hamstrong backup: it is not valid JSON ({error.msg} on line "
                f"{error.lineno}, column {error.colno})."
            ]
        ) from None
    except (ValueError, RecursionError):
        raise BackupError(["This is not a Hamstrong backup: it is not valid JSON."]) from None


def _no_constant(name):
    raise ValueError(name)


LONE_SURROGATE = (
    "holds a character that is not text: half of a UTF-16 pair (such as \\ud800) with no other half"
)


def readable_text(text: str) -> bool:
    """False for a string JSON's escapes gave a lone surrogate, which no database stores."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def account_contents(user) -> list[str]:
    """What the account already holds that a restore would add to (one query)."""
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(**{f"has_{key}": Exists(query) for key, (_, query) in CONTENTS.items()})
        .values(*(f"has_{key}" for key in CONTENTS))
        .get()
    )
    return [name for key, (name, _) in CONTENTS.items() if row[f"has_{key}"]]


def _refuse_unless_empty(user) -> None:
    held = account_contents(user)
    if held:
        listed = held[0] if len(held) == 1 else f"{', '.join(held[:-1])} and {held[-1]}"
        raise BackupError(
            [
                f"Your account already holds {listed}. A backup is restored only into an empty "
                "account, so nothing was changed: sign up for a new account and restore it "
                "there."
            ]
        )


def backup_check(*, user, data) -> "_Plan":
    """Check a backup document against the user's account; raises BackupError, writes nothing."""
    _refuse_unless_empty(user)
    plan = _Plan(user)
    with contextlib.suppress(_TooMany):
        plan.read(data)
    if plan.problems:
        more = len(plan.problems) >= MAX_PROBLEMS
        stopped = [f"Checking stopped at {MAX_PROBLEMS} problems; there may be more."]
        raise BackupError(plan.problems + (stopped if more else []))
    return plan


def backup_restore(*, user, data) -> Counter:
    """Restore a backup document into the user's empty account; returns the rows written."""
    plan = backup_check(user=user, data=data)
    try:
        with transaction.atomic():
            User.objects.select_for_update().filter(pk=user.pk).first()
            _refuse_unless_empty(user)
            return plan.write()
    except (IntegrityError, DataError, UnicodeEncodeError):
        # The checks above mirror the database's rules; this is the net under them.
        logger.exception("Restoring a backup for user %s failed in the database", user.pk)
        raise BackupError(
            [
                "The database refused a value of this backup, so nothing was changed. "
                "Is the file one that Hamstrong saved, unedited?"
            ]
        ) from None


def _shown(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"


class _Reader:
    """Reads one object of the document, noting each problem with where it is."""

    def __init__(self, problems: list[str], where: str, data):
        self.problems, self.where = problems, where
        self.is_object = isinstance(data, dict)
        self.data = data if self.is_object else {}
        self.ok = self.is_object
        if not self.is_object:
            self._note(f"{where}: must be an object ({{…}}), not {_shown(data)}.")

    def _note(self, text: str) -> None:
        self.problems.append(text)
        if len(self.problems) >= MAX_PROBLEMS:
            raise _TooMany

    def refuse(self, message: str) -> None:
        """A problem of the whole object, such as two of its fields that disagree."""
        self.ok = False
        self._note(f"{self.where}: {message}")

    def bad(self, key: str, message: str) -> None:
        self.ok = False
        self._note(f"{self.where}: “{key}” {message}.")

    def take(self, key: str, expected: str, convert, *, null=False):
        value = self.data.get(key, _MISSING)
        if value is _MISSING:
            if self.is_object:
                self.bad(key, "is missing")
            return None
        if value is None and null:
            return None
        if isinstance(value, str) and not readable_text(value):
            self.bad(key, LONE_SURROGATE)
            return None
        try:
            return convert(value)
        except _OutOfRange as error:
            self.bad(key, str(error))
            return None
        except (ValueError, TypeError, KeyError):
            self.bad(key, f"must be {expected}, not {_shown(value)}")
            return None

    def integer(self, key, low, high, *, null=False):
        def convert(value):
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValueError
            return value

        return self.take(key, f"a whole number from {low} to {high}", convert, null=null)

    def text(self, key, max_length=None, *, required=False):
        def convert(value):
            if not isinstance(value, str) or "\x00" in value:
                raise ValueError
            if (max_length and len(value) > max_length) or (required and not value.strip()):
                raise ValueError
            return value

        expected = "text" if not required else "some text"
        if max_length:
            expected += f" of at most {max_length} characters"
        return self.take(key, expected, convert)

    def choice(self, key, choices, *, null=False):
        def convert(value):
            if value not in choices.values:
                raise ValueError
            return value

        allowed = ", ".join(f"“{v}”" for v in choices.values)
        return self.take(key, f"one of {allowed}", convert, null=null)

    def boolean(self, key, *, null=False):
        def convert(value):
            if not isinstance(value, bool):
                raise ValueError
            return value

        return self.take(key, "true or false", convert, null=null)

    def day(self, key, *, null=False, planned=False):
        """A date; `planned` for a session's or a plan's (at most a year ahead)."""

        def convert(value):
            if not isinstance(value, str) or not _DATE.fullmatch(value):
                raise ValueError
            day = datetime.date.fromisoformat(value)
            if planned:
                problem = bounds.day_problem(day, today=timezone.localdate())
            else:
                problem = bounds.any_day_problem(day)
            if problem:
                raise _OutOfRange(problem.removesuffix("."))
            return day

        return self.take(key, "a date as YYYY-MM-DD", convert, null=null)

    def moment(self, key, *, null=False):
        def convert(value):
            if not isinstance(value, str) or len(value) > 40:
                raise ValueError
            moment = datetime.datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError
            problem = bounds.moment_problem(moment, now=timezone.now())
            if problem:
                raise _OutOfRange(problem.removesuffix("."))
            return moment

        return self.take(key, "a time in ISO 8601 with its offset", convert, null=null)

    def decimal(self, key, high, *, positive=False, null=False):
        def convert(value):
            if not isinstance(value, str) or not _DECIMAL.fullmatch(value):
                raise ValueError
            number = Decimal(value)
            if number > high or (positive and number <= 0):
                raise ValueError
            return number

        low = "more than 0" if positive else "from 0"
        expected = f"a number {low} to {high} as a string with at most 4 decimals (“62.5”)"
        return self.take(key, expected, convert, null=null)

    def lookup(self, key, table: dict, what: str, *, null=False):
        def convert(value):
            if not isinstance(value, str):
                raise ValueError
            return table[value]

        return self.take(key, f"the name of {what}", convert, null=null)

    def slugs(self, key, table: dict, what: str) -> list:
        def convert(value):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError
            return [table[v] for v in value]

        return self.take(key, f"a list of {what}", convert) or []

    def ref(self, key, refs: dict, what: str) -> str | None:
        """The row's own reference, new in the document."""

        def convert(value):
            if not isinstance(value, str) or not value or len(value) > 100 or value in refs:
                raise ValueError
            return value

        return self.take(key, f"a reference no other {what} of the backup has", convert)


PRESCRIPTION_KEYS = {"exercise", "sets", "reps", "hold_s", "load_kg", "band"}
ANY_EXERCISE = "an exercise of the catalog or of the backup"


class _Plan:
    """The document read into unsaved rows, checked, ready for `write`."""

    def __init__(self, user):
        self.user = user
        self.problems: list[str] = []
        self.catalog = {e.slug: e for e in Exercise.objects.catalog().only("pk", "slug")}
        self.bands = {b.slug: b for b in BandColour.objects.only("pk", "slug")}
        self.chains = {c.slug: c for c in Chain.objects.only("pk", "slug")}
        self.templates = {
            r.template_key: r for r in Routine.objects.templates().only("pk", "template_key")
        }
        self.catalog_lists = {
            "primary_muscles": ({m.slug: m for m in Muscle.objects.only("pk", "slug")}, "muscles"),
            "equipment": ({e.slug: e for e in Equipment.objects.only("pk", "slug")}, "equipment"),
            "sources": (
                {s.slug: s for s in SourceArticle.objects.only("pk", "slug")},
                "source articles",
            ),
        }
        self.catalog_lists["secondary_muscles"] = self.catalog_lists["primary_muscles"]
        self.profile: dict = {}
        self.own_exercises: dict[str, Exercise] = {}
        self.related: list[tuple[Exercise, dict]] = []
        self.routines: dict[str, Routine] = {}
        self.copies: list[tuple[Routine, Routine]] = []
        self.entries: list[RoutineEntry] = []
        self.schedules: dict[str, Schedule] = {}
        self.sessions: dict[str, Session] = {}
        self.sets: dict[str, LoggedSet] = {}
        self.events: dict[str, ProgressionEvent] = {}
        self.states: list[ProgressionState] = []
        self.records: list[PersonalRecord] = []
        self.goals: list[Goal] = []

    def reader(self, where: str, data) -> _Reader:
        return _Reader(self.problems, where, data)

    def items(self, data: dict, key: str, label: str) -> list[tuple[str, object]]:
        value = data.get(key)
        if not isinstance(value, list):
            self.reader("The backup", data).bad(key, f"must be a list, not {_shown(value)}")
            return []
        return [(f"{label} {i}", item) for i, item in enumerate(value, start=1)]

    def nested(self, reader: _Reader, key: str) -> list:
        def convert(value):
            if not isinstance(value, list):
                raise ValueError
            return value

        return reader.take(key, "a list", convert) or []

    def read(self, data) -> None:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError(
                [
                    f"This is not a Hamstrong backup: it has no “format”: “{FORMAT}”. Choose the "
                    ".json file that “Download a backup” saved."
                ]
            )
        if data.get("version") != VERSION:
            raise BackupError(
                [
                    f"This backup is version {_shown(data.get('version'))}; this Hamstrong "
                    f"restores version {VERSION} backups only."
                ]
            )
        self.read_profile(data.get("profile"))
        self.read_exercises(data)
        self.exercises = self.catalog | self.own_exercises
        self.read_routines(data)
        self.read_schedules(data)
        self.read_sessions(data)
        self.read_goals(data)
        self.read_events(data)
        self.read_states(data)
        self.read_records(data)

    def read_profile(self, data) -> None:
        r = self.reader("Profile", data)
        self.profile = {
            "display_name": r.text("display_name", 60),
            "unit": r.choice("unit", User.Unit),
            "weekly_target": r.integer("weekly_target", 1, 3),
            "experience": r.choice("experience", User.Experience),
        }

    def read_exercises(self, data: dict) -> None:
        names = set()
        for where, item in self.items(data, "exercises", "Private exercise"):
            r = self.reader(where, item)
            ref = r.ref("ref", self.own_exercises, "exercise")
            exercise = Exercise(
                owner=self.user,
                name=r.text("name", 100, required=True),
                aliases=r.text("aliases"),
                summary=r.text("summary", 300, required=True),
                starting_position=r.text("starting_position", required=True),
                action=r.text("action", required=True),
                tips=r.text("tips"),
                level=r.choice("level", Exercise.Level),
                kind=r.choice("kind", Exercise.Kind),
                movement=r.choice("movement", Exercise.Movement),
                unilateral=r.boolean("unilateral"),
                measure=r.choice("measure", Exercise.Measure),
                sets=r.integer("sets", 1, 20),
                reps_min=r.integer("reps_min", 1, MAX_REPS, null=True),
                reps_max=r.integer("reps_max", 1, MAX_REPS, null=True),
                hold_min_s=r.integer("hold_min_s", 1, MAX_HOLD_SECONDS, null=True),
                hold_max_s=r.integer("hold_max_s", 1, MAX_HOLD_SECONDS, null=True),
                rep_hold_s=r.integer("rep_hold_s", 0, MAX_HOLD_SECONDS, null=True),
                rest_s=r.integer("rest_s", 0, SMALL),
                prescription_note=r.text("prescription_note", 300),
                rule=r.choice("rule", Exercise.Rule),
                is_active=r.boolean("is_active"),
            )
            related = {
                name: list(dict.fromkeys(r.slugs(name, table, f"catalog {what}")))
                for name, (table, what) in self.catalog_lists.items()
            }
            if r.ok:
                try:
                    exercise.clean()
                except ValidationError as error:
                    for message in error.messages:
                        r.refuse(message)
                if exercise.name in names:
                    r.bad("name", "is the name of another private exercise of the backup")
                names.add(exercise.name)
            if ref:
                self.own_exercises[ref] = exercise
                self.related.append((exercise, related))
        self.name_slugs(list(self.own_exercises.values()))

    def name_slugs(self, exercises: list[Exercise]) -> None:
        """A fresh slug for each private exercise: its name, then a random suffix."""
        while exercises:
            for exercise in exercises:
                base = slugify(exercise.name or "")[:60].strip("-") or "exercise"
                exercise.slug = f"{base}-{secrets.token_hex(4)}"
            taken = set(
                Exercise.objects.filter(slug__in=[e.slug for e in exercises]).values_list(
                    "slug", flat=True
                )
            )
            exercises = [e for e in exercises if e.slug in taken]

    def read_routines(self, data: dict) -> None:
        for where, item in self.items(data, "routines", "Routine"):
            r = self.reader(where, item)
            ref = r.ref("ref", self.routines, "routine")
            routine = Routine(
                owner=self.user,
                name=r.text("name", 100, required=True),
                description=r.text("description"),
                source=r.lookup("source", self.catalog_lists["sources"][0], "a source", null=True),
                rounds=r.integer("rounds", 1, 10),
            )
            original = r.lookup(
                "copied_from", self.templates | self.routines, "a routine", null=True
            )
            if original is not None and original.owner_id is None and original.pk:
                routine.copied_from = original
            elif original is not None:
                self.copies.append((routine, original))
            positions = set()
            for j, entry in enumerate(self.nested(r, "entries"), start=1):
                e = self.reader(f"{where}, entry {j}", entry)
                row = RoutineEntry(
                    routine=routine,
                    exercise=e.lookup("exercise", self.exercises, ANY_EXERCISE),
                    position=e.integer("position", 0, SMALL),
                    sets=e.integer("sets", 1, 20),
                    reps_min=e.integer("reps_min", 1, MAX_REPS, null=True),
                    reps_max=e.integer("reps_max", 1, MAX_REPS, null=True),
                    hold_s=e.integer("hold_s", 1, MAX_HOLD_SECONDS, null=True),
                    rest_s=e.integer("rest_s", 0, SMALL),
                )
                if e.ok and _range_broken(row.reps_min, row.reps_max):
                    e.bad("reps_max", "must be given with “reps_min”, and be no lower")
                if e.ok and row.position in positions:
                    e.bad("position", "is another entry's position too")
                positions.add(row.position)
                self.entries.append(row)
            if ref:
                self.routines[ref] = routine

    def read_schedules(self, data: dict) -> None:
        for where, item in self.items(data, "schedules", "Schedule"):
            r = self.reader(where, item)
            ref = r.ref("ref", self.schedules, "schedule")

            def weekdays(value):
                if not isinstance(value, str) or not _WEEKDAYS.fullmatch(value):
                    raise ValueError
                if len(set(value)) != len(value):
                    raise ValueError
                return value

            schedule = Schedule(
                user=self.user,
                routine=r.lookup("routine", self.templates | self.routines, "a routine"),
                weekdays=r.take("weekdays", "weekday digits, Monday = 0 (“03”)", weekdays),
                start_date=r.day("start_date", planned=True),
                weeks=r.integer("weeks", 1, 26),
            )
            if ref:
                self.schedules[ref] = schedule

    def read_sessions(self, data: dict) -> None:
        import_keys = set()
        for where, item in self.items(data, "sessions", "Session"):
            r = self.reader(where, item)
            ref = r.ref("ref", self.sessions, "session")
            session = Session(
                user=self.user,
                date=r.day("date", planned=True),
                status=r.choice("status", Session.Status),
                routine=r.lookup("routine", self.templates | self.routines, "a routine", null=True),
                schedule=r.lookup("schedule", self.schedules, "a schedule", null=True),
                warmup_done=r.boolean("warmup_done"),
                cooldown_done=r.boolean("cooldown_done"),
                effort=r.integer("effort", 1, 10, null=True),
                notes=r.text("notes", 2000),
                started_at=r.moment("started_at", null=True),
                finished_at=r.moment("finished_at", null=True),
                import_key=r.text("import_key", 200),
            )
            if session.import_key:
                if session.import_key in import_keys:
                    r.bad("import_key", "is another session's too")
                import_keys.add(session.import_key)
            for j, item in enumerate(self.nested(r, "sets"), start=1):
                self.read_set(f"{where}, set {j}", item, session)
            if ref:
                self.sessions[ref] = session

    def read_set(self, where: str, item, session: Session) -> None:
        s = self.reader(where, item)
        ref = s.ref("ref", self.sets, "set")
        logged = LoggedSet(
            session=session,
            exercise=s.lookup("exercise", self.exercises, ANY_EXERCISE),
            set_number=s.integer("set_number", 1, SMALL),
            kind=s.choice("set_type", LoggedSet.Kind),
            side=s.choice("side", LoggedSet.Side),
            reps=s.integer("reps", 1, MAX_REPS, null=True),
            load_kg=s.decimal("load_kg", MAX_LOAD_KG, null=True),
            hold_s=s.integer("hold_s", 1, MAX_HOLD_SECONDS, null=True),
            band=s.lookup("band", self.bands, "a band colour", null=True),
            rpe=s.integer("rpe", 1, 10, null=True),
            completed=s.boolean("completed"),
        )
        if s.ok and logged.reps is None and logged.hold_s is None:
            s.bad("reps", "or “hold_s” must be given")
        if ref:
            self.sets[ref] = logged

    def prescription(self, r: _Reader, key: str, *, null=False) -> dict | None:
        def convert(value):
            if not isinstance(value, dict) or set(value) != PRESCRIPTION_KEYS:
                raise ValueError
            # Checked here, and reported as one problem of `key`.
            p = _Reader([], "", value)
            exercise = p.lookup("exercise", self.exercises, ANY_EXERCISE)
            band = p.lookup("band", self.bands, "a band colour", null=True)
            load = p.decimal("load_kg", MAX_LOAD_KG, null=True)
            checked = {
                "exercise": exercise.slug if exercise else None,
                "sets": p.integer("sets", 1, 20),
                "reps": p.integer("reps", 1, MAX_REPS, null=True),
                "hold_s": p.integer("hold_s", 1, MAX_HOLD_SECONDS, null=True),
                "load_kg": None if load is None else str(load),
                "band": band.slug if band else None,
            }
            if p.problems:
                raise ValueError
            return checked

        expected = "a stage: exercise, sets, reps, hold_s, load_kg and band"
        return r.take(key, expected, convert, null=null)

    def read_events(self, data: dict) -> None:
        judged = set()
        for where, item in self.items(data, "progression_events", "Progression event"):
            r = self.reader(where, item)
            ref = r.ref("ref", self.events, "event")
            event = ProgressionEvent(
                user=self.user,
                exercise=r.lookup("exercise", self.exercises, ANY_EXERCISE),
                session=r.lookup("session", self.sessions, "a session", null=True),
                date=r.day("date"),
                kind=r.choice("kind", ProgressionEvent.Kind),
                met=r.boolean("met", null=True),
                before=self.prescription(r, "before", null=True),
                after=self.prescription(r, "after"),
                before_text=r.text("before_text", 200),
                after_text=r.text("after_text", 200),
                reason=r.text("reason"),
            )
            if r.ok and event.session is not None:
                key = (id(event.session), id(event.exercise))
                if key in judged:
                    r.bad("session", "already has an event for this exercise")
                judged.add(key)
            if ref:
                self.events[ref] = event

    def read_states(self, data: dict) -> None:
        seen = set()
        for where, item in self.items(data, "progression_states", "Progression state"):
            r = self.reader(where, item)
            state = ProgressionState(
                user=self.user,
                exercise=r.lookup("exercise", self.exercises, ANY_EXERCISE),
                chain=r.lookup("chain", self.chains, "a chain", null=True),
                sets=r.integer("sets", 1, 20),
                reps=r.integer("reps", 1, MAX_REPS, null=True),
                hold_s=r.integer("hold_s", 1, MAX_HOLD_SECONDS, null=True),
                load_kg=r.decimal("load_kg", MAX_LOAD_KG, null=True),
                band=r.lookup("band", self.bands, "a band colour", null=True),
                trained_on=r.day("trained_on", null=True),
                reason=r.text("reason"),
                offer=r.lookup("offer", self.exercises, ANY_EXERCISE, null=True),
                moved_to=r.lookup("moved_to", self.exercises, ANY_EXERCISE, null=True),
                event=r.lookup("event", self.events, "a progression event", null=True),
            )
            if r.ok:
                if id(state.exercise) in seen:
                    r.bad("exercise", "has another progression state too")
                seen.add(id(state.exercise))
            self.states.append(state)

    def read_records(self, data: dict) -> None:
        seen = set()
        for where, item in self.items(data, "personal_records", "Personal record"):
            r = self.reader(where, item)
            record = PersonalRecord(
                user=self.user,
                exercise=r.lookup("exercise", self.exercises, ANY_EXERCISE),
                logged_set=r.lookup("set", self.sets, "a set of the backup"),
                kind=r.choice("kind", PersonalRecord.Kind),
                reps=r.integer("reps", 1, MAX_REPS, null=True),
                value=r.decimal("value", MAX_DECIMAL),
                previous=r.decimal("previous", MAX_DECIMAL, null=True),
                date=r.day("date"),
            )
            if r.ok:
                # The band and leg a record belongs to follow from its set and exercise
                # (a band only for reps, whatever a hand-edited backup claims).
                band_id, record.side = set_apart(
                    record.exercise.measure,
                    record.exercise.unilateral,
                    band_id=record.logged_set.band_id,
                    side=record.logged_set.side,
                )
                record.band_id = band_id if record.kind == PersonalRecord.Kind.REPS else None
                if record.kind == PersonalRecord.Kind.LOAD and record.reps is None:
                    r.bad("reps", "must be given for a heaviest-load record")
                key = (id(record.logged_set), record.kind, record.reps)
                if key in seen:
                    r.bad("set", "already has this record")
                seen.add(key)
            self.records.append(record)

    def read_goals(self, data: dict) -> None:
        for where, item in self.items(data, "goals", "Goal"):
            r = self.reader(where, item)
            goal = Goal(
                user=self.user,
                metric=r.choice("metric", Goal.Metric),
                exercise=r.lookup("exercise", self.exercises, ANY_EXERCISE, null=True),
                chain=r.lookup("chain", self.chains, "a chain", null=True),
                target=r.decimal("target", MAX_DECIMAL, positive=True),
                reps=r.integer("reps", 1, MAX_REPS, null=True),
                weeks=r.integer("weeks", 1, SMALL, null=True),
                baseline=r.decimal("baseline", MAX_DECIMAL),
                why=r.text("why", 500, required=True),
                deadline=r.day("deadline"),
                created_on=r.day("created_on"),
                closed_on=r.day("closed_on", null=True),
            )
            if r.ok:
                if goal.deadline <= goal.created_on:
                    r.bad("deadline", "must come after “created_on”")
                sessions = goal.metric == Goal.Metric.SESSIONS
                if sessions and (goal.exercise is not None or goal.weeks is None):
                    r.bad("weeks", "must be given, and no exercise, for a sessions-a-week goal")
                if not sessions and goal.exercise is None:
                    r.bad("exercise", "must be given for this goal")
            self.goals.append(goal)

    def write(self) -> Counter:
        user = self.user
        for name, value in self.profile.items():
            setattr(user, name, value)
        user.save(update_fields=list(self.profile))
        exercises = Exercise.objects.bulk_create(self.own_exercises.values())
        for name in EXERCISE_SLUG_LISTS:
            field = Exercise._meta.get_field(name)
            through = field.remote_field.through
            mine, theirs = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
            through.objects.bulk_create(
                through(**{mine: exercise.pk, theirs: row.pk})
                for exercise, related in self.related
                for row in related[name]
            )
        routines = Routine.objects.bulk_create(self.routines.values())
        for routine, original in self.copies:
            routine.copied_from = original
        Routine.objects.bulk_update([copy for copy, _ in self.copies], ["copied_from"])
        RoutineEntry.objects.bulk_create(self.entries)
        schedules = Schedule.objects.bulk_create(self.schedules.values())
        sessions = Session.objects.bulk_create(self.sessions.values(), batch_size=1000)
        sets = LoggedSet.objects.bulk_create(self.sets.values(), batch_size=2000)
        events = ProgressionEvent.objects.bulk_create(self.events.values(), batch_size=1000)
        states = ProgressionState.objects.bulk_create(self.states, batch_size=1000)
        records = PersonalRecord.objects.bulk_create(self.records, batch_size=1000)
        goals = Goal.objects.bulk_create(self.goals)
        return Counter(
            exercises=len(exercises),
            routines=len(routines),
            schedules=len(schedules),
            sessions=len(sessions),
            sets=len(sets),
            goals=len(goals),
            progression_events=len(events),
            progression_states=len(states),
            personal_records=len(records),
        )


def _range_broken(low, high) -> bool:
    return (low is None) != (high is None) or (low is not None and low > high)


RESTORED = (
    ("sessions", "session"),
    ("sets", "set"),
    ("routines", "routine"),
    ("schedules", "schedule"),
    ("goals", "goal"),
    ("exercises", "private exercise"),
    ("progression_events", "progression event"),
    ("personal_records", "personal record"),
)


def restored_summary(counts: Counter) -> str:
    """'Restored 650 sessions, 6,424 sets, 1 routine, … and 40 personal records.'"""
    parts = [
        f"{counts[key]:,} {name}{'' if counts[key] == 1 else 's'}"
        for key, name in RESTORED
        if counts[key] or key == "sessions"
    ]
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"Restored {listed}."
