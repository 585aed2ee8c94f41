"""Writes of the live session flow: starting and finishing sessions, logging sets.

Each writes the training log and brings what progress keeps along with it: a
logged, edited or deleted set updates the personal records, a finished session
records its progression. Every write is one transaction. Logging is idempotent
on the form's token, so a double tap or a retried request records one set, never
two.
"""

from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from progress.models import PersonalRecord
from progress.records import records_check, records_pending, records_rebuild
from progress.services import progression_judge, progression_record
from training.models import LoggedSet, Session
from training.services import IMPORT_FIELDS, UNCHANGED_KEYS, planning_warnings


def session_start(*, session: Session, warmup_done: bool, today=None) -> Session:
    """Start a planned (or skipped) session. A session's date is the day it is
    trained: started on another day, it moves to today, and the day it was
    planned for is kept beside it (the calendar's "planned for Thu, done Wed").
    The schedule's other sessions stay where they are."""
    if session.status in (Session.Status.PLANNED, Session.Status.SKIPPED):
        today = today or timezone.localdate()
        session.status = Session.Status.IN_PROGRESS
        session.started_at = timezone.now()
        if session.date != today:
            session.planned_date = session.planned_date or session.date
            session.date = today
    session.warmup_done = session.warmup_done or warmup_done
    session.full_clean(exclude=IMPORT_FIELDS)
    session.save()
    return session


def sessions_for_logging(*, exercise, **values) -> QuerySet:
    """Sessions to log a set of `exercise` with `values` into, locked until the
    transaction ends, each carrying the record check (`records_check`): logging reads
    the session and checks the records in one query."""
    logged = LoggedSet(exercise=exercise, **values)
    return Session.objects.select_for_update().annotate(**records_check(logged))


@transaction.atomic(savepoint=False)
def set_log(*, session: Session, exercise, token, **values) -> tuple[LoggedSet, bool]:
    """Record one set; returns (the set, whether it is new).

    A token already used in this session returns the set it created instead:
    the insert is guarded by the (session, token) constraint, so a double tap,
    a retry or twenty at once write one row. The set's number is counted in
    the same statement, under the session's lock (two sets of one exercise
    logged at once get 1 and 2), and on PostgreSQL the records it sets are
    written in that statement too. A session from `sessions_for_logging`, read
    in the caller's transaction, saves the query that locks and reads it here.
    The set carries `new_records`, the records it beat.
    """
    if not hasattr(session, "records_later"):
        session = sessions_for_logging(exercise=exercise, **values).get(pk=session.pk)
    if session.status != Session.Status.IN_PROGRESS and session.status != Session.Status.DONE:
        session_start(session=session, warmup_done=False)
    logged = LoggedSet(session=session, exercise=exercise, token=token, **values)
    # The session, the exercise and the band are rows in hand: no query to check they exist.
    # The set number is the database's to count.
    logged.full_clean(
        exclude=["session", "exercise", "band", "set_number"], validate_constraints=False
    )
    records = records_pending(logged)
    if not _insert(logged, records or []):
        # The token was used: by an earlier request, or by one that raced this one.
        return LoggedSet.objects.get(session=session, token=token), False
    if records is None:
        records_rebuild(user=session.user, exercise_ids=[logged.exercise_id])
        records = list(PersonalRecord.objects.filter(logged_set=logged))
    logged.new_records = [r for r in records if r.previous is not None]
    _rejudge_if_done(session, [logged.exercise_id])
    return logged, True


def _rejudge_if_done(session: Session, exercise_ids, since=None) -> None:
    """A finished session's sets changed: judge the exercises again from its day."""
    if session.status == Session.Status.DONE:
        since = session.date if since is None else min(since, session.date)
        progression_judge(user=session.user, exercise_ids=exercise_ids, since=since)


def _insert(logged: LoggedSet, records: list[PersonalRecord]) -> bool:
    """Insert `logged` numbered after its session's sets of its exercise and side, and
    `records`, unless its token is taken in the session (then nothing: False).

    One statement: `INSERT ... ON CONFLICT (session, token) DO NOTHING RETURNING`,
    the number a subquery; on PostgreSQL the records are inserted by the same
    statement (data-modifying CTEs), elsewhere by a second one.
    """
    qn = connection.ops.quote_name
    meta = LoggedSet._meta
    table = qn(meta.db_table)
    column = {f.name: qn(f.column) for f in meta.concrete_fields}
    names, values, params = [], [], []
    for f in meta.concrete_fields:
        if f.primary_key:
            continue
        names.append(column[f.name])
        if f.name == "set_number":
            values.append(
                f"(SELECT COUNT(*) + 1 FROM {table} WHERE {column['session']} = %s"
                f" AND {column['exercise']} = %s AND {column['side']} = %s)"
            )
            params += [logged.session_id, logged.exercise_id, logged.side]
        else:
            values.append("%s")
            params.append(f.get_db_prep_save(f.pre_save(logged, True), connection))
    insert = (
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(values)})"
        f" ON CONFLICT ({column['session']}, {column['token']}) DO NOTHING"
        f" RETURNING {column['id']}, {column['set_number']}"
    )
    together = connection.vendor == "postgresql" and records
    if together:
        insert, params = _with_records(insert, params, records)
    with connection.cursor() as cursor:
        cursor.execute(insert, params)
        rows = cursor.fetchall()
    if not rows:
        return False
    if together:
        ids = {}
        for tag, pk, number in rows:
            if tag == "set":
                logged.pk, logged.set_number = pk, number
            else:
                ids[tag, number] = pk  # a record: its kind and reps name it within the set
        for record in records:
            record.pk = ids[record.kind, record.reps]
    else:
        logged.pk, logged.set_number = rows[0]
    for row in [logged, *records]:
        row._state.adding, row._state.db = False, connection.alias
    for record in records:
        record.logged_set = logged
    if not together and records:
        PersonalRecord.objects.bulk_create(records)
    return True


def _with_records(insert: str, params: list, records: list[PersonalRecord]):
    """The set's insert as a CTE, and one more per record, linked to the new set's id:
    rows come back as ('set', id, number), then (kind, id, reps) per record."""
    qn = connection.ops.quote_name
    meta = PersonalRecord._meta
    parts = [f"WITH new_set AS ({insert})"]
    selects = ["SELECT 'set', id, set_number FROM new_set"]
    params = list(params)
    for n, record in enumerate(records):
        names, values = [], []
        for f in meta.concrete_fields:
            if f.primary_key:
                continue
            names.append(qn(f.column))
            if f.name == "logged_set":
                values.append("new_set.id")
            else:
                values.append(f"%s::{f.db_type(connection)}")
                params.append(f.get_db_prep_save(f.pre_save(record, True), connection))
        parts.append(
            f", record_{n} AS (INSERT INTO {qn(meta.db_table)} ({', '.join(names)})"
            f" SELECT {', '.join(values)} FROM new_set RETURNING id, kind, reps)"
        )
        selects.append(f"SELECT kind, id, reps FROM record_{n}")
    return " ".join(parts) + " " + " UNION ALL ".join(selects), params


@transaction.atomic
def set_update(*, logged: LoggedSet, **values) -> LoggedSet:
    old_side = logged.side
    for name, value in values.items():
        setattr(logged, name, value)
    if logged.side != old_side:
        _renumber(logged.session_id, logged.exercise_id, old_side, after=logged.set_number)
        logged.set_number = (
            LoggedSet.objects.filter(
                session_id=logged.session_id, exercise_id=logged.exercise_id, side=logged.side
            ).count()
            + 1
        )
    logged.full_clean(validate_constraints=False)
    logged.save()
    records_rebuild(user=logged.session.user, exercise_ids=[logged.exercise_id])
    _rejudge_if_done(logged.session, [logged.exercise_id])
    return logged


@transaction.atomic
def set_delete(*, logged: LoggedSet) -> None:
    logged.delete()
    _renumber(logged.session_id, logged.exercise_id, logged.side, after=logged.set_number)
    records_rebuild(user=logged.session.user, exercise_ids=[logged.exercise_id])
    _rejudge_if_done(logged.session, [logged.exercise_id])


UNDO_FIELDS = ("exercise_id", "side", "set_number", "kind", "reps", "hold_s", "band_id", "rpe")
UNDO_FIELDS += ("note", "completed")


def set_undo_values(logged: LoggedSet) -> dict:
    """What bringing a deleted set back needs: its numbers, its place and its token."""
    values = {name: getattr(logged, name) for name in UNDO_FIELDS}
    values["load_kg"] = None if logged.load_kg is None else str(logged.load_kg)
    values["token"] = str(logged.token)
    values["session"] = logged.session_id
    values["pk"] = logged.pk
    return values


@transaction.atomic
def set_restore(*, session: Session, values: dict) -> LoggedSet:
    """Bring a deleted set back into `session` with its number, values and records.

    The sets numbered from its place on move up one, as they moved down when it was
    deleted; it takes back its id, so it stands where it stood among the sets; its
    token makes a second undo return the set the first brought back.
    """
    session = Session.objects.select_for_update().get(pk=session.pk)
    existing = LoggedSet.objects.filter(session=session, token=values["token"]).first()
    if existing is not None:
        return existing
    fields = {name: values[name] for name in UNDO_FIELDS}
    fields["load_kg"] = values["load_kg"]
    same = LoggedSet.objects.filter(
        session=session, exercise_id=fields["exercise_id"], side=fields["side"]
    )
    fields["set_number"] = max(1, min(fields["set_number"], same.count() + 1))
    same.filter(set_number__gte=fields["set_number"]).update(set_number=F("set_number") + 1)
    logged = LoggedSet(pk=values.get("pk"), session=session, token=values["token"], **fields)
    logged.full_clean(exclude=["session", "exercise", "band"], validate_constraints=False)
    logged.save(force_insert=True)
    records_rebuild(user=session.user, exercise_ids=[logged.exercise_id])
    _rejudge_if_done(session, [logged.exercise_id])
    return logged


def _renumber(session_id, exercise_id, side, *, after):
    """Close the gap a removed set leaves: sets 1, 3 become 1, 2."""
    LoggedSet.objects.filter(
        session_id=session_id, exercise_id=exercise_id, side=side, set_number__gt=after
    ).update(set_number=F("set_number") - 1)


@transaction.atomic
def session_finish(*, session: Session, effort, notes: str, cooldown_done: bool) -> Session:
    session.status = Session.Status.DONE
    session.finished_at = timezone.now()
    session.started_at = session.started_at or session.finished_at
    session.effort = effort
    session.notes = notes
    session.cooldown_done = cooldown_done
    session.full_clean(exclude=IMPORT_FIELDS)
    session.save()
    progression_record(session=session)
    return session


@transaction.atomic
def session_redate(*, session: Session, day) -> Session:
    """Move a session already trained to the day it was really done on.

    Its records and the progression of its exercises are judged again from the
    earlier of the two days, so they are what logging it on time would have given.
    """
    before = session.date
    session.date = day
    session.full_clean(exclude=UNCHANGED_KEYS)
    session.save(update_fields=["date"])
    exercise_ids = sorted(set(session.sets.values_list("exercise_id", flat=True)))
    if exercise_ids and day != before:
        records_rebuild(user=session.user, exercise_ids=exercise_ids)
        _rejudge_if_done(session, exercise_ids, since=min(before, day))
    return session


@transaction.atomic
def session_train_now(*, user, today) -> tuple[Session, list]:
    """Today's session, started: the one in progress, else the next planned one moved
    to today, else a new empty one. Returns it with its 48-hour warnings (a session
    the day before or after), which the session page shows; they never block."""
    sessions = Session.objects.for_user(user).select_for_update()
    going = sessions.filter(status=Session.Status.IN_PROGRESS, date=today).first()
    if going is not None:
        return going, []
    session = (
        sessions.filter(status=Session.Status.PLANNED, date__gte=today)
        .order_by("date", "pk")
        .first()
    )
    if session is None:
        session = Session(user=user, date=today)
    session_start(session=session, warmup_done=False, today=today)
    warnings = planning_warnings(user=user, dates=[today], exclude=session, target_weeks=[])
    return session, [w for w in warnings if w.kind == "recovery"]
