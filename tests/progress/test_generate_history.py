"""`manage.py generate_history`: users with months or years of history, bulk-written.

Three users with nine months each are built once for the module (a few
seconds) on the shipped catalog, and rolled back at the end.
"""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings

from accounts.models import User
from exercises.models import Exercise
from progress import goals
from progress.models import Goal, PersonalRecord, ProgressionEvent, ProgressionState
from training.models import LoggedSet, Routine, RoutineEntry, Session

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 18)
YEARS = 0.8
USERS = 3
PASSWORD = "generated-pw"
# The real hasher is slow on purpose; these tests make and check a password several times.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def generate(*args, users=USERS, years=YEARS, prefix="gen", debug=True) -> str:
    out = StringIO()
    with override_settings(DEBUG=debug, PASSWORD_HASHERS=FAST_HASHERS):
        call_command(
            "generate_history",
            f"--users={users}",
            f"--years={years}",
            f"--prefix={prefix}",
            f"--password={PASSWORD}",
            f"--today={TODAY}",
            *args,
            stdout=out,
        )
    return out.getvalue()


def load_catalog():
    call_command("loaddata", "fixtures/exercises.json", verbosity=0)


def rows() -> dict[str, int]:
    models = [
        User,
        Routine,
        RoutineEntry,
        Session,
        LoggedSet,
        ProgressionEvent,
        ProgressionState,
        PersonalRecord,
        Goal,
    ]
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The catalog and three generated users; the command's output. Rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_catalog()
        yield generate()
        transaction.set_rollback(True)


@pytest.fixture
def people(built):
    return list(User.objects.filter(username__startswith="gen-").order_by("username"))


def test_it_creates_the_users_named_by_the_prefix_with_the_password_given(people):
    assert [u.username for u in people] == ["gen-1", "gen-2", "gen-3"]
    assert [u.email for u in people] == [f"gen-{i}@example.com" for i in (1, 2, 3)]
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        assert all(u.check_password(PASSWORD) for u in people)


def test_each_routine_holds_four_to_six_catalog_exercises_one_of_each_measure(people):
    for user in people:
        entries = list(RoutineEntry.objects.filter(routine__owner=user).select_related("exercise"))
        exercises = [e.exercise for e in entries]
        assert 4 <= len(exercises) <= 6
        assert len(set(exercises)) == len(exercises)
        assert set(Exercise.Measure.values) <= {e.measure for e in exercises}
        for entry in entries:
            if entry.exercise.rule == Exercise.Rule.DOUBLE_PROGRESSION:
                assert entry.sets in (2, 3)


def test_they_train_two_to_three_times_a_week_every_exercise_every_session(people):
    for user in people:
        done = list(Session.objects.filter(user=user, status=Session.Status.DONE))
        weeks = (TODAY - done[0].date).days / 7
        assert 2 <= len(done) / weeks <= 3
        per_day = Counter(s.date for s in done)
        assert max(per_day.values()) == 1
        routine = RoutineEntry.objects.filter(routine__owner=user).count()
        sets = LoggedSet.objects.filter(session__user=user)
        trained = Counter(session for session, _ in set(sets.values_list("session", "exercise")))
        assert len(trained) == len(done)
        assert set(trained.values()) == {routine}
        # One to three sets of an exercise per leg in any session.
        per_side = Counter(sets.values_list("session", "exercise", "side"))
        assert set(per_side.values()) <= {1, 2, 3}


def test_every_session_is_judged_once_per_exercise_and_the_states_are_where_it_left_them(people):
    for user in people:
        done = Session.objects.filter(user=user, status=Session.Status.DONE).count()
        exercises = RoutineEntry.objects.filter(routine__owner=user).count()
        judged = ProgressionEvent.objects.filter(user=user, session__isnull=False)
        assert judged.count() == done * exercises
        states = ProgressionState.objects.filter(user=user)
        assert states.count() == exercises
        last_day = Session.objects.filter(user=user, status=Session.Status.DONE).last().date
        assert {s.trained_on for s in states} == {last_day}
        assert all(s.event.date == last_day for s in states)
        loaded = states.filter(exercise__rule=Exercise.Rule.DOUBLE_PROGRESSION)
        assert loaded and all(s.load_kg > 0 and s.sets in (2, 3) for s in loaded)
        assert PersonalRecord.objects.filter(user=user).beaten().exists()


def test_each_user_has_a_session_planned_today(people):
    for user in people:
        planned = Session.objects.get(user=user, status=Session.Status.PLANNED)
        assert planned.date == TODAY
        assert planned.routine.owner == user


def test_each_user_has_open_goals_beyond_their_baseline_and_one_closed(people):
    for user in people:
        mine = list(Goal.objects.filter(user=user))
        for goal in mine:
            goal.full_clean()
        open_goals = [g for g in mine if g.closed_on is None]
        metrics = {g.metric for g in open_goals}
        assert len(open_goals) == 3
        assert metrics & {Goal.Metric.LOAD_FOR_REPS, Goal.Metric.E1RM}
        assert Goal.Metric.SESSIONS in metrics
        assert metrics & {Goal.Metric.STAGE, Goal.Metric.HOLD}
        assert all(g.deadline > TODAY and g.created_on < TODAY for g in open_goals)
        assert all(g.target > g.baseline for g in mine)
        (closed,) = (g for g in mine if g.closed_on is not None)
        assert closed.closed_on < TODAY
        readings = goals.read_goals(mine, user=user, today=TODAY)
        assert all(r.current >= g.baseline for g, r in zip(mine, readings, strict=True))


def test_it_prints_the_time_and_rows_of_each_user_and_the_total(built):
    lines = built.splitlines()
    assert [line.split(":")[0] for line in lines[:USERS]] == ["gen-1", "gen-2", "gen-3"]
    assert all(" created in " in line and " sets, " in line for line in lines[:USERS])
    total = lines[USERS]
    assert total.startswith("3 users created, 0 already there, in ")
    sets = LoggedSet.objects.filter(session__user__username__startswith="gen-").count()
    assert f"{sets:,} sets" in total


def test_running_it_again_adds_nothing(built):
    before = rows()

    output = generate()

    assert rows() == before
    assert "gen-2: already there, skipped" in output
    assert "0 users created, 3 already there" in output


def test_it_adds_only_the_users_missing(built):
    before = rows()

    output = generate(users=4, years=0)

    assert "gen-4: created" in output
    assert "1 user created, 3 already there" in output
    assert rows()["User"] == before["User"] + 1


def log(username):
    return list(
        LoggedSet.objects.filter(session__user__username=username)
        .order_by("session__date", "pk")
        .values_list("session__date", "exercise__slug", "side", "reps", "load_kg", "hold_s")
    )


def routine(username):
    return list(
        RoutineEntry.objects.filter(routine__owner__username=username)
        .order_by("position")
        .values_list("exercise__slug", "sets")
    )


def test_the_same_seed_gives_the_same_users_and_another_seed_others(built):
    generate(users=1, prefix="again")
    generate("--seed=2", users=1, years=0, prefix="other")

    assert log("again-1") == log("gen-1")
    assert routine("other-1") != routine("gen-1")


# The tests below load what they need: they pass whether or not the module's users exist.


def test_no_years_gives_a_new_user_with_a_routine_and_a_session_planned_today():
    load_catalog()

    generate(users=1, years=0, prefix="new")

    user = User.objects.get(username="new-1")
    assert 4 <= RoutineEntry.objects.filter(routine__owner=user).count() <= 6
    assert list(Session.objects.filter(user=user).values_list("date", "status")) == [
        (TODAY, Session.Status.PLANNED)
    ]
    assert not LoggedSet.objects.filter(session__user=user).exists()
    for model in (ProgressionEvent, ProgressionState, PersonalRecord, Goal):
        assert not model.objects.filter(user=user).exists(), model


def test_it_refuses_with_debug_off():
    load_catalog()

    with pytest.raises(CommandError, match="DEBUG is off"):
        generate(debug=False, prefix="refused")

    assert not User.objects.filter(username__startswith="refused-").exists()


def test_it_runs_with_debug_off_when_forced():
    load_catalog()

    generate("--force", users=1, years=0, debug=False, prefix="forced")

    assert User.objects.filter(username="forced-1").exists()


def test_without_the_catalog_it_says_to_load_it():
    # Where the module's users hold the catalog, an inactive one is as good as none.
    Exercise.objects.update(is_active=False)

    with pytest.raises(CommandError, match=r"catalog is not loaded.*loaddata"):
        generate(prefix="uncatalogued")

    assert not User.objects.filter(username__startswith="uncatalogued-").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [({"users": 0}, "--users must be at least 1"), ({"years": -1}, "--years must be between")],
)
def test_it_refuses_nonsense_counts(options, message):
    with pytest.raises(CommandError, match=message):
        generate(**options)
