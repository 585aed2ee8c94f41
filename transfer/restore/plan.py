"""A backup read into unsaved rows, checked, then written in one go (`_Plan`).

`read` reads the document in order (the profile, private exercises, routines,
schedules, sessions with their sets, then progress's rows: `progress.py`),
naming each row's references; `write` saves them with `bulk_create`, a handful
of statements per table.
"""

import re
import secrets
from collections import Counter

from django.core.exceptions import ValidationError
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
from training.models import (
    MAX_LOAD_KG,
    MAX_SET_NOTE,
    LoggedSet,
    Routine,
    RoutineEntry,
    Schedule,
    Session,
)
from transfer.backup import EXERCISE_SLUG_LISTS, FORMAT, VERSION
from transfer.restore.fields import ANY_EXERCISE, SMALL, BackupError, _Reader, _shown
from transfer.restore.progress import _ProgressRows

_WEEKDAYS = re.compile(r"[0-6]{1,7}", re.ASCII)


class _Plan(_ProgressRows):
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
                # Backups made before sessions kept their planned day and title lack them.
                planned_date=r.day("planned_date", null=True, planned=True)
                if "planned_date" in r.data
                else None,
                title=r.text("title", 100) if "title" in r.data else "",
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
            # A backup from before sets had notes has none.
            note=(s.text("note", MAX_SET_NOTE) or "") if "note" in s.data else "",
        )
        if s.ok and logged.reps is None and logged.hold_s is None:
            s.bad("reps", "or “hold_s” must be given")
        if ref:
            self.sets[ref] = logged

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
