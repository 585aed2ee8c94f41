"""Taking a user's data out: the whole account as a JSON backup.

It is streamed (`transfer/streaming.py`): each table is read with `.iterator()`,
so memory and the number of queries stay the same however long the history is.
Every logged set as CSV is `export_csv`; putting a backup back is `restore`.

The JSON backup (`backup_json`)
-------------------------------
One object holding everything the user made, under these keys in this order:
`format` ("hamstrong-backup"), `version` (1), `exported_at`, `profile`
(display_name, unit, weekly_target, experience), `exercises` (private ones,
every field, with their muscles, equipment and sources by slug), `routines`
(each with its `entries`), `schedules`, `sessions` (each with its `sets`),
`goals`, `progression_events`, `progression_states`, `personal_records`.
Sets use the CSV's names (`set_type`, not the model's `kind`); a set's `note` is
there only when it has one (a backup from before notes restores as it did).

Catalog rows (exercises, bands, chains, muscles, equipment, source articles,
shipped routine templates) are named by their slug or template key; the
user's own rows by a reference local to the document (`"exercise:1"`,
`"routine:1"`, `"schedule:1"`, `"session:1"`, `"set:1"`, `"event:1"`), never
by a database id. A slug cannot hold a colon, so an exercise or a routine
named in a row is one of the user's own when it is one of the document's
references, and from the catalog otherwise.

Loads, goal targets and record values are decimal strings in kilograms
(exact, as stored); dates are YYYY-MM-DD; times ISO 8601 in UTC with the
offset. Left out: the password and every other sign-in detail, the calendar
feed's secret address, imports waiting for review, and bookkeeping
timestamps (`created_at`, `updated_at`) and set tokens, which a restore sets
afresh (lists keep their order, so what sorts by creation still does). A
session keeps its `import_key`, so importing the same file after a restore
still adds nothing.
"""

import datetime
import json
from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone

from exercises.models import Exercise
from progress.models import Goal, PersonalRecord, ProgressionEvent, ProgressionState
from training.models import LoggedSet, Routine, Schedule, Session
from transfer.streaming import CHUNK, pieces

FORMAT = "hamstrong-backup"
VERSION = 1

EXERCISE_FIELDS = (
    "name",
    "aliases",
    "summary",
    "starting_position",
    "action",
    "tips",
    "level",
    "kind",
    "movement",
    "unilateral",
    "measure",
    "sets",
    "reps_min",
    "reps_max",
    "hold_min_s",
    "hold_max_s",
    "rep_hold_s",
    "rest_s",
    "prescription_note",
    "rule",
    "is_active",
)
EXERCISE_SLUG_LISTS = ("primary_muscles", "secondary_muscles", "equipment", "sources")


def _day(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _moment(value: datetime.datetime | None) -> str | None:
    return None if value is None else value.astimezone(datetime.UTC).isoformat()


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


class _Refs:
    """Document-local references for the user's own rows, by database id."""

    def __init__(self, kind: str):
        self.kind = kind
        self.by_pk: dict[int, str] = {}

    def add(self, pk: int) -> str:
        ref = f"{self.kind}:{len(self.by_pk) + 1}"
        self.by_pk[pk] = ref
        return ref


def backup_build(*, user, now: datetime.datetime | None = None) -> dict:
    """The backup document, with its long lists as iterators: read it in key order.

    Sessions are read as they are written out, and the events and records
    name sessions and sets by the references handed out then, so the lists
    must be consumed in order (as `backup_json` does). The short lists are
    read here, a query or two each.
    """
    now = now or timezone.now()
    exercises = _Refs("exercise")
    routines = _Refs("routine")
    schedules = _Refs("schedule")
    sessions = _Refs("session")
    events = _Refs("event")
    record_sets = set(
        PersonalRecord.objects.filter(user=user).values_list("logged_set_id", flat=True)
    )
    set_refs: dict[int, str] = {}
    own_slugs: dict[str, str] = {}

    own = Exercise.objects.filter(owner=user).order_by("pk").prefetch_related(*EXERCISE_SLUG_LISTS)
    exercise_rows = []
    for exercise in own:
        ref = exercises.add(exercise.pk)
        own_slugs[exercise.slug] = ref
        row = {"ref": ref} | {name: getattr(exercise, name) for name in EXERCISE_FIELDS}
        for name in EXERCISE_SLUG_LISTS:
            row[name] = sorted(item.slug for item in getattr(exercise, name).all())
        exercise_rows.append(row)

    def exercise_name(pk: int | None, slug: str | None) -> str | None:
        if pk is None:
            return None
        return exercises.by_pk.get(pk, slug)

    def prescription(data: dict | None) -> dict | None:
        if not isinstance(data, dict) or data.get("exercise") not in own_slugs:
            return data
        return data | {"exercise": own_slugs[data["exercise"]]}

    routine_rows = []
    own_routines = list(
        Routine.objects.for_user(user)
        .select_related("source", "copied_from")
        .prefetch_related("entries__exercise")
        .order_by("pk")
    )
    for routine in own_routines:
        routines.add(routine.pk)

    def routine_name(routine: Routine | None) -> str | None:
        if routine is None:
            return None
        return routines.by_pk.get(routine.pk, routine.template_key)

    for routine in own_routines:
        routine_rows.append(
            {
                "ref": routines.by_pk[routine.pk],
                "name": routine.name,
                "description": routine.description,
                "source": routine.source.slug if routine.source_id else None,
                "rounds": routine.rounds,
                "copied_from": routine_name(routine.copied_from),
                "entries": [
                    {
                        "exercise": exercise_name(entry.exercise_id, entry.exercise.slug),
                        "position": entry.position,
                        "sets": entry.sets,
                        "reps_min": entry.reps_min,
                        "reps_max": entry.reps_max,
                        "hold_s": entry.hold_s,
                        "rest_s": entry.rest_s,
                    }
                    for entry in sorted(routine.entries.all(), key=lambda e: e.position)
                ],
            }
        )

    schedule_rows = [
        {
            "ref": schedules.add(schedule.pk),
            "routine": routine_name(schedule.routine),
            "weekdays": schedule.weekdays,
            "start_date": _day(schedule.start_date),
            "weeks": schedule.weeks,
        }
        for schedule in Schedule.objects.filter(user=user).select_related("routine").order_by("pk")
    ]

    def session_rows() -> Iterator[dict]:
        logged = (
            LoggedSet.objects.filter(session__user=user)
            .order_by("session__date", "session_id", "pk")
            .values_list(
                "pk",
                "session__date",
                "session_id",
                "exercise_id",
                "exercise__slug",
                "set_number",
                "kind",
                "side",
                "reps",
                "load_kg",
                "hold_s",
                "band__slug",
                "rpe",
                "completed",
                "note",
            )
            .iterator(chunk_size=CHUNK)
        )
        pending = next(logged, None)
        numbered = 0
        rows = (
            Session.objects.filter(user=user)
            .select_related("routine")
            .order_by("date", "pk")
            .iterator(chunk_size=CHUNK)
        )
        for session in rows:
            key = (session.date, session.pk)
            sets = []
            # Both lists run in (date, session) order; a set whose session was not read
            # (logged while the backup streamed) is passed over.
            while pending is not None and (pending[1], pending[2]) <= key:
                if (pending[1], pending[2]) == key:
                    numbered += 1
                    ref = f"set:{numbered}"
                    if pending[0] in record_sets:
                        set_refs[pending[0]] = ref
                    sets.append(_set_row(pending, ref, exercise_name))
                pending = next(logged, None)
            yield {
                "ref": sessions.add(session.pk),
                "date": _day(session.date),
                "planned_date": _day(session.planned_date),
                "title": session.title,
                "status": session.status,
                "routine": routine_name(session.routine),
                "schedule": schedules.by_pk.get(session.schedule_id),
                "warmup_done": session.warmup_done,
                "cooldown_done": session.cooldown_done,
                "effort": session.effort,
                "notes": session.notes,
                "started_at": _moment(session.started_at),
                "finished_at": _moment(session.finished_at),
                "import_key": session.import_key,
                "sets": sets,
            }

    def goal_rows() -> Iterator[dict]:
        goals = Goal.objects.filter(user=user).select_related("exercise", "chain").order_by("pk")
        for goal in goals:
            yield {
                "metric": goal.metric,
                "exercise": exercise_name(
                    goal.exercise_id, goal.exercise.slug if goal.exercise_id else None
                ),
                "chain": goal.chain.slug if goal.chain_id else None,
                "target": _decimal(goal.target),
                "reps": goal.reps,
                "weeks": goal.weeks,
                "baseline": _decimal(goal.baseline),
                "why": goal.why,
                "deadline": _day(goal.deadline),
                "created_on": _day(goal.created_on),
                "closed_on": _day(goal.closed_on),
            }

    def event_rows() -> Iterator[dict]:
        rows = (
            ProgressionEvent.objects.filter(user=user)
            .select_related("exercise")
            .order_by("pk")
            .iterator(chunk_size=CHUNK)
        )
        for event in rows:
            yield {
                "ref": events.add(event.pk),
                "exercise": exercise_name(event.exercise_id, event.exercise.slug),
                "session": sessions.by_pk.get(event.session_id),
                "date": _day(event.date),
                "kind": event.kind,
                "met": event.met,
                "before": prescription(event.before),
                "after": prescription(event.after),
                "before_text": event.before_text,
                "after_text": event.after_text,
                "reason": event.reason,
            }

    def state_rows() -> Iterator[dict]:
        states = (
            ProgressionState.objects.filter(user=user)
            .select_related("exercise", "chain", "band", "offer", "moved_to")
            .order_by("pk")
        )
        for state in states:
            yield {
                "exercise": exercise_name(state.exercise_id, state.exercise.slug),
                "chain": state.chain.slug if state.chain_id else None,
                "sets": state.sets,
                "reps": state.reps,
                "hold_s": state.hold_s,
                "load_kg": _decimal(state.load_kg),
                "band": state.band.slug if state.band_id else None,
                "trained_on": _day(state.trained_on),
                "reason": state.reason,
                "offer": exercise_name(
                    state.offer_id, state.offer.slug if state.offer_id else None
                ),
                "moved_to": exercise_name(
                    state.moved_to_id, state.moved_to.slug if state.moved_to_id else None
                ),
                "event": events.by_pk.get(state.event_id),
            }

    def record_rows() -> Iterator[dict]:
        records = PersonalRecord.objects.filter(user=user).select_related("exercise").order_by("pk")
        for record in records:
            yield {
                "exercise": exercise_name(record.exercise_id, record.exercise.slug),
                "set": set_refs.get(record.logged_set_id),
                "kind": record.kind,
                "reps": record.reps,
                "value": _decimal(record.value),
                "previous": _decimal(record.previous),
                "date": _day(record.date),
            }

    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _moment(now),
        "profile": {
            "display_name": user.display_name,
            "unit": user.unit,
            "weekly_target": user.weekly_target,
            "experience": user.experience,
        },
        "exercises": exercise_rows,
        "routines": routine_rows,
        "schedules": schedule_rows,
        "sessions": session_rows(),
        "goals": goal_rows(),
        "progression_events": event_rows(),
        "progression_states": state_rows(),
        "personal_records": record_rows(),
    }


def _set_row(row, ref: str, exercise_name) -> dict:
    (
        _,
        _,
        _,
        exercise_id,
        slug,
        number,
        kind,
        side,
        reps,
        load_kg,
        hold_s,
        band,
        rpe,
        done,
        note,
    ) = row
    row = {
        "ref": ref,
        "exercise": exercise_name(exercise_id, slug),
        "set_number": number,
        "set_type": kind,
        "side": side,
        "reps": reps,
        "load_kg": _decimal(load_kg),
        "hold_s": hold_s,
        "band": band,
        "rpe": rpe,
        "completed": done,
    }
    if note:
        row["note"] = note
    return row


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def backup_json(*, user, now: datetime.datetime | None = None) -> Iterator[str]:
    """The backup as JSON text, in pieces: one top-level key per line, lists streamed."""
    document = backup_build(user=user, now=now)
    yield "{"
    for index, (key, value) in enumerate(document.items()):
        yield f"{',' if index else ''}\n{_dumps(key)}:"
        if isinstance(value, Iterator):
            yield "["
            items = (("," if i else "") + _dumps(item) for i, item in enumerate(value))
            yield from pieces(items)
            yield "]"
        else:
            yield _dumps(value)
    yield "\n}\n"
