"""The JSON backup: what it holds, that a restore gives it back field by field, what it costs."""

import datetime
import json
import uuid
from decimal import Decimal

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise
from logbook import services as logbook
from progress import engine
from progress.models import Goal, PersonalRecord, ProgressionEvent, ProgressionState
from progress.records import records_rebuild
from progress.services import progression_override
from tests.factories import (
    EquipmentFactory,
    ExerciseFactory,
    MuscleFactory,
    RoutineEntryFactory,
    RoutineFactory,
    UserFactory,
    make_chain,
)
from training import services
from training.models import CalendarFeed, Import, LoggedSet, Routine, Schedule, Session
from training.units import LB, to_kg
from transfer.backup import backup_json
from transfer.restore import backup_restore

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 2)  # a Monday
IMPORT_KEY = "strong:2025-03-03 07:48:00:Leg day"


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def log(session, exercise, **values):
    logged, _ = logbook.set_log(session=session, exercise=exercise, token=uuid.uuid4(), **values)
    return logged


def rich_account(user, moves, bands) -> dict:
    """An account with one of everything a backup holds, made through the app's services."""
    user.display_name = "Zoë Ångström"
    user.unit = LB
    user.weekly_target = 3
    user.experience = "advanced"
    user.save()
    red = bands[2]
    single = ExerciseFactory(name="Single-Leg Bridge", unilateral=True)
    chain = make_chain(moves["bridge"], single, slug="bridges", name="Bridges")
    own = ExerciseFactory(
        name="Cable Pull-Through",
        slug="cable-pull-through-own",
        owner=user,
        aliases="Pull through\nCable pull",
        measure=Exercise.Measure.REPS_LOAD,
        rule=Exercise.Rule.DOUBLE_PROGRESSION,
        movement=Exercise.Movement.HIP_HINGE,
        reps_min=8,
        reps_max=12,
        rep_hold_s=2,
        rest_s=90,
        prescription_note="3 × 8–12",
        primary_muscles=[
            MuscleFactory(slug="biceps-femoris", name="Biceps femoris"),
            MuscleFactory(slug="glutes", name="Glutes"),
        ],
        equipment=[EquipmentFactory(slug="cable-machine", name="Cable machine", at_home=False)],
    )
    own.secondary_muscles.set([MuscleFactory(slug="erector-spinae", name="Erector spinae")])

    template = RoutineFactory(owner=None, template_key="kpe-home", name="KPE home plan")
    RoutineEntryFactory(routine=template, exercise=moves["bridge"], position=1, sets=1)
    copy = RoutineFactory(owner=user, name="KPE home plan", copied_from=template, rounds=2)
    RoutineEntryFactory(routine=copy, exercise=moves["bridge"], position=1, sets=1)
    routine = RoutineFactory(owner=user, name="Leg day — gym", description="Heavy, then holds.")
    for position, (exercise, sets, hold_s) in enumerate(
        [
            (moves["rdl"], 3, None),
            (own, 3, None),
            (moves["stretch"], 1, 30),
            (moves["band"], 2, None),
        ],
        start=1,
    ):
        RoutineEntryFactory(
            routine=routine,
            exercise=exercise,
            position=position,
            sets=sets,
            reps_min=None if hold_s else exercise.reps_min,
            reps_max=None if hold_s else exercise.reps_max,
            hold_s=hold_s,
            rest_s=exercise.rest_s,
        )
    schedule = services.schedule_create(
        user=user, routine=routine, weekdays=[0, 3], start_date=days_ago(14), weeks=4, today=TODAY
    )
    planned = list(schedule.sessions.order_by("date"))

    # A done session of every kind of set.
    done = planned[0]
    logbook.session_start(session=done, warmup_done=True)
    log(done, moves["bridge"], reps=12, kind=LoggedSet.Kind.WARMUP)
    log(done, moves["rdl"], reps=8, load_kg=to_kg(Decimal("135"), LB), rpe=8)
    log(done, moves["rdl"], reps=6, load_kg=to_kg(Decimal("140.5"), LB), rpe=9, completed=False)
    log(done, own, reps=10, load_kg=Decimal("22.5"), kind=LoggedSet.Kind.DROP)
    log(done, moves["stretch"], hold_s=30, side=LoggedSet.Side.LEFT)
    log(done, moves["stretch"], hold_s=35, side=LoggedSet.Side.RIGHT)
    log(done, moves["band"], reps=10, band=red, kind=LoggedSet.Kind.FAILURE)
    logbook.session_finish(
        session=done,
        effort=7,
        notes="Felt strong; grip gave out.\nNext: chalk.",
        cooldown_done=True,
    )
    # A copied routine trained once, then a skipped one, then the rest planned.
    second = Session.objects.create(user=user, routine=copy, date=days_ago(12))
    log(second, moves["bridge"], reps=10)
    log(second, moves["bridge"], reps=10)
    logbook.session_finish(session=second, effort=None, notes="", cooldown_done=False)
    services.session_skip(session=planned[1])
    # A session from another app's export.
    imported = Session.objects.create(
        user=user,
        date=days_ago(30),
        status=Session.Status.DONE,
        import_key=IMPORT_KEY,
        notes="Imported from Strong",
        imported_from=Import.objects.create(
            user=user, filename="strong.csv", format="strong", sha256="0" * 64, payload=[]
        ),
    )
    log(imported, moves["rdl"], reps=5, load_kg=Decimal("60"))
    progression_override(
        user=user,
        exercise=moves["band"],
        prescription=engine.Prescription(exercise=moves["band"].slug, sets=2, reps=8, band="red"),
        note="Shoulder is sore",
        today=days_ago(2),
    )
    records_rebuild(user=user)
    Goal.objects.create(
        user=user,
        metric=Goal.Metric.LOAD_FOR_REPS,
        exercise=moves["rdl"],
        target=Decimal("72.5748"),
        reps=5,
        baseline=Decimal("61.2350"),
        why="Deadlift my bodyweight",
        deadline=TODAY + datetime.timedelta(weeks=12),
        created_on=days_ago(14),
    )
    Goal.objects.create(
        user=user,
        metric=Goal.Metric.EXERCISE,
        exercise=single,
        chain=chain,
        target=Decimal("2"),
        baseline=Decimal("1"),
        why="Single-leg work for running",
        deadline=TODAY + datetime.timedelta(weeks=8),
        created_on=days_ago(14),
    )
    Goal.objects.create(
        user=user,
        metric=Goal.Metric.SESSIONS,
        target=Decimal("2"),
        weeks=4,
        baseline=Decimal("0"),
        why="Build the habit",
        deadline=days_ago(1),
        created_on=days_ago(60),
        closed_on=days_ago(1),
    )
    CalendarFeed.objects.create(user=user)
    return {"own": own, "chain": chain, "routine": routine, "copy": copy, "template": template}


def export(user) -> dict:
    return json.loads("".join(backup_json(user=user)))


def assert_same(first, second, path="backup"):
    """Equal documents, or an assertion that names the first field that differs."""
    if isinstance(first, dict) and isinstance(second, dict):
        assert sorted(first) == sorted(second), path
        for key in first:
            assert_same(first[key], second[key], f"{path}.{key}")
    elif isinstance(first, list) and isinstance(second, list):
        assert len(first) == len(second), f"{path}: {len(first)} items, then {len(second)}"
        for index, (a, b) in enumerate(zip(first, second, strict=True)):
            assert_same(a, b, f"{path}[{index}]")
    else:
        assert first == second, path


@pytest.fixture
def rich(user, moves, bands):
    return rich_account(user, moves, bands)


def test_it_holds_every_part_of_the_account(user, rich, moves):
    document = export(user)
    assert (document["format"], document["version"]) == ("hamstrong-backup", 1)
    assert datetime.datetime.fromisoformat(document["exported_at"]).tzinfo is not None
    assert document["profile"] == {
        "display_name": "Zoë Ångström",
        "unit": "lb",
        "weekly_target": 3,
        "experience": "advanced",
    }
    counts = {key: len(value) for key, value in document.items() if isinstance(value, list)}
    assert counts == {
        "exercises": 1,
        "routines": 2,
        "schedules": 1,
        "sessions": 10,  # 8 planned by the schedule (1 done, 1 skipped), 2 more
        "goals": 3,
        "progression_events": ProgressionEvent.objects.filter(user=user).count(),
        "progression_states": ProgressionState.objects.filter(user=user).count(),
        "personal_records": PersonalRecord.objects.filter(user=user).count(),
    }
    assert counts["progression_events"] >= 5 and counts["personal_records"] >= 5


def test_rows_are_named_by_slug_or_local_reference_never_by_id(user, rich, moves):
    document = export(user)
    own = document["exercises"][0]
    assert own["ref"] == "exercise:1"
    assert "slug" not in own and "id" not in own and "pk" not in own
    assert own["primary_muscles"] == ["biceps-femoris", "glutes"]
    assert own["equipment"] == ["cable-machine"]
    copy, routine = document["routines"]
    assert copy["copied_from"] == "kpe-home"
    assert [e["exercise"] for e in routine["entries"]] == [
        "romanian-deadlift",
        "exercise:1",
        "towel-stretch",
        "band-curl",
    ]
    assert document["schedules"][0]["routine"] == routine["ref"]
    done = next(s for s in document["sessions"] if s["sets"] and s["routine"] == routine["ref"])
    assert done["schedule"] == "schedule:1"
    by_exercise = {(s["exercise"], s["side"], s["set_number"]): s for s in done["sets"]}
    pulled = by_exercise[("exercise:1", "both", 1)]
    assert (pulled["load_kg"], pulled["set_type"]) == ("22.5000", "drop")
    rdl = by_exercise[("romanian-deadlift", "both", 1)]
    assert (rdl["load_kg"], rdl["rpe"], rdl["completed"]) == ("61.2350", 8, True)
    assert by_exercise[("band-curl", "both", 1)]["band"] == "red"
    assert by_exercise[("towel-stretch", "left", 1)]["hold_s"] == 30
    set_refs = {s["ref"] for session in document["sessions"] for s in session["sets"]}
    assert {r["set"] for r in document["personal_records"]} <= set_refs
    assert all(e["session"] is None or e["session"].startswith("session:") for e in
               document["progression_events"])  # fmt: skip


def test_secrets_and_staging_are_left_out(user, rich):
    text = "".join(backup_json(user=user))
    assert user.password not in text
    assert CalendarFeed.objects.get(user=user).token not in text
    assert "strong.csv" not in text and "imported_from" not in text
    assert user.email not in text
    document = json.loads(text)
    imported = next(s for s in document["sessions"] if s["import_key"])
    assert imported["import_key"] == IMPORT_KEY


def test_a_restore_into_a_new_account_exports_the_same_document(user, rich):
    first = export(user)
    fresh = UserFactory()
    counts = backup_restore(user=fresh, data=first)
    assert counts["sessions"] == len(first["sessions"])
    assert counts["sets"] == sum(len(s["sets"]) for s in first["sessions"])
    second = export(fresh)
    first.pop("exported_at")
    second.pop("exported_at")
    assert_same(first, second)


def test_the_restored_rows_match_the_originals_field_by_field(user, rich, moves):
    document = export(user)
    fresh = UserFactory()
    backup_restore(user=fresh, data=document)
    fresh.refresh_from_db()
    assert (fresh.display_name, fresh.unit, fresh.weekly_target, fresh.experience) == (
        "Zoë Ångström",
        "lb",
        3,
        "advanced",
    )

    own, mine = rich["own"], Exercise.objects.get(owner=fresh)
    assert mine.slug != own.slug and mine.slug.startswith("cable-pull-through-")
    for field in ("name", "aliases", "measure", "rule", "reps_min", "reps_max", "rep_hold_s"):
        assert getattr(mine, field) == getattr(own, field), field
    assert set(mine.primary_muscles.values_list("slug", flat=True)) == {
        "biceps-femoris",
        "glutes",
    }

    def sets_of(person):
        return list(
            LoggedSet.objects.filter(session__user=person)
            .order_by("session__date", "session_id", "pk")
            .values_list(
                "session__date",
                "exercise__name",
                "set_number",
                "kind",
                "side",
                "reps",
                "load_kg",
                "hold_s",
                "band__slug",
                "rpe",
                "completed",
            )
        )

    assert sets_of(fresh) == sets_of(user)
    fields = ("date", "status", "warmup_done", "cooldown_done", "effort", "notes")
    fields += ("started_at", "finished_at", "import_key")
    assert list(Session.objects.filter(user=fresh).values_list(*fields)) == list(
        Session.objects.filter(user=user).values_list(*fields)
    )
    restored = Session.objects.get(user=fresh, import_key=IMPORT_KEY)
    assert restored.imported_from is None

    copy = Routine.objects.get(owner=fresh, copied_from=rich["template"])
    assert (copy.name, copy.rounds) == ("KPE home plan", 2)
    schedule = Schedule.objects.get(user=fresh)
    assert schedule.routine.name == "Leg day — gym"
    assert schedule.sessions.count() == rich["routine"].schedules.get().sessions.count()

    goal = Goal.objects.get(user=fresh, metric=Goal.Metric.SESSIONS)
    assert (goal.closed_on, goal.weeks, goal.target) == (days_ago(1), 4, Decimal("2.0000"))
    state = ProgressionState.objects.get(user=fresh, exercise=moves["band"])
    assert (state.sets, state.reps, state.band.slug) == (2, 8, "red")
    assert state.event.kind == ProgressionEvent.Kind.OVERRIDE
    original = ProgressionEvent.objects.get(user=user, kind="override")
    assert (state.event.reason, state.event.after) == (original.reason, original.after)
    records = PersonalRecord.objects.filter(user=fresh)
    assert records.count() == PersonalRecord.objects.filter(user=user).count()
    assert all(r.logged_set.session.user_id == fresh.pk for r in records)


def test_a_private_exercise_in_a_stage_is_named_by_its_new_slug(user, rich):
    progression_override(
        user=user,
        exercise=rich["own"],
        prescription=engine.Prescription(
            exercise=rich["own"].slug, sets=3, reps=8, load_kg=Decimal("25")
        ),
        note="",
        today=TODAY,
    )
    document = export(user)
    event = next(
        e
        for e in document["progression_events"]
        if e["exercise"] == "exercise:1" and e["kind"] == "override"
    )
    assert event["after"]["exercise"] == "exercise:1"
    fresh = UserFactory()
    backup_restore(user=fresh, data=document)
    mine = Exercise.objects.get(owner=fresh)
    restored = ProgressionEvent.objects.get(user=fresh, exercise=mine, kind="override")
    assert restored.after["exercise"] == mine.slug
    assert ProgressionState.objects.get(user=fresh, exercise=mine).load_kg == Decimal("25")


def test_the_download_is_an_attachment_named_by_the_day(auth_client, user, rich):
    response = auth_client.get(reverse("transfer:export-backup"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/json; charset=utf-8"
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="hamstrong-backup-{day}.json"'
    )
    assert "no-store" in response["Cache-Control"]
    document = json.loads(b"".join(response.streaming_content))
    assert document["profile"]["display_name"] == "Zoë Ångström"


def test_another_users_data_is_never_in_the_backup(auth_client, user, other_user, moves):
    theirs = Session.objects.create(user=other_user, date=TODAY, notes="secret plans")
    log(theirs, moves["bridge"], reps=10)
    ExerciseFactory(name="Their Exercise", owner=other_user)
    body = b"".join(auth_client.get(reverse("transfer:export-backup")).streaming_content)
    document = json.loads(body)
    assert document["sessions"] == [] and document["exercises"] == []
    assert b"secret plans" not in body


def test_the_download_needs_a_log_in(client):
    response = client.get(reverse("transfer:export-backup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_download_is_get_only(auth_client):
    assert auth_client.post(reverse("transfer:export-backup")).status_code == 405


def history(user, moves, bands, sessions: int) -> None:
    """`sessions` finished sessions of five sets each, with events, records and a goal."""
    own = ExerciseFactory(name="Own Move", slug="own-move", owner=user)
    routine = RoutineFactory(owner=user)
    RoutineEntryFactory(routine=routine, exercise=own, position=1)
    made = Session.objects.bulk_create(
        Session(user=user, routine=routine, date=days_ago(i * 3), status="done")
        for i in range(sessions)
    )
    LoggedSet.objects.bulk_create(
        LoggedSet(session=s, exercise=exercise, set_number=1, **({"reps": 10} | extra))
        for s in made
        for exercise, extra in [
            (moves["bridge"], {}),
            (moves["rdl"], {"load_kg": Decimal("60")}),
            (moves["stretch"], {"hold_s": 30, "reps": None, "side": "left"}),
            (moves["band"], {"band": bands[0]}),
            (own, {}),
        ]
    )
    stage = {"exercise": own.slug, "sets": 1, "reps": 10, "hold_s": None, "load_kg": None}
    ProgressionEvent.objects.bulk_create(
        ProgressionEvent(
            user=user,
            exercise=own,
            session=s,
            date=s.date,
            kind="stay",
            after=stage | {"band": None},
            after_text="1 × 10",
            reason="You did 1 × 10.",
        )
        for s in made
    )
    ProgressionState.objects.create(user=user, exercise=own, sets=1, reps=10)
    Goal.objects.create(
        user=user,
        metric=Goal.Metric.SESSIONS,
        target=2,
        weeks=4,
        baseline=0,
        why="Habit",
        deadline=TODAY,
        created_on=days_ago(400),
    )
    records_rebuild(user=user)


# The login session and the user (2); the sets records point at (1); private exercises
# and their four lists (5); routines, their entries and the entries' exercises (3);
# schedules (1); sets and sessions (2); goals, events, states, records (4).
BACKUP_QUERIES = 18


@pytest.mark.parametrize("sessions", [1, 50])
def test_the_backup_costs_the_same_queries_for_any_history(
    auth_client, user, moves, bands, sessions, django_assert_max_num_queries
):
    history(user, moves, bands, sessions)
    assert LoggedSet.objects.filter(session__user=user).aggregate(n=Count("pk"))["n"] == (
        5 * sessions
    )
    with django_assert_max_num_queries(BACKUP_QUERIES):
        response = auth_client.get(reverse("transfer:export-backup"))
        body = b"".join(response.streaming_content)
    assert len(json.loads(body)["sessions"]) == sessions
