"""The demo account: twelve weeks of history made through the app's own services.

The demo is built once for the module (about two seconds) and rolled back at
the end; tests that rebuild it do so inside their own transaction.
"""

import datetime
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from logbook.demo import EMAIL, PASSWORD, USERNAME
from progress.models import Goal, PersonalRecord, ProgressionEvent, ProgressionState
from tests.factories import UserFactory
from training.models import LoggedSet, Session

pytestmark = pytest.mark.django_db

Kind = ProgressionEvent.Kind


def run_demo(*args) -> str:
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The catalog, the shipped routines and the demo as of today; rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "fixtures/exercises.json", "fixtures/routines.json", verbosity=0)
        output = run_demo()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def demo(built):
    return User.objects.get(username=USERNAME)


def weekly(sessions) -> Counter:
    return Counter(s.date - datetime.timedelta(days=s.date.weekday()) for s in sessions)


def event_texts(user, slug):
    return [
        (e.kind, e.before_text, e.after_text)
        for e in ProgressionEvent.objects.filter(user=user, exercise__slug=slug).order_by(
            "date", "pk"
        )
    ]


def test_it_prints_one_line_with_the_login_page_username_and_password(built):
    lines = built.strip().splitlines()
    assert len(lines) == 1
    login = "http://127.0.0.1:8000" + reverse("accounts:login")
    assert lines[0].startswith("Demo account created: ")
    assert login in lines[0] and USERNAME in lines[0] and EMAIL in lines[0]
    assert PASSWORD in lines[0]


def test_the_demo_user_has_the_published_login_and_two_sessions_a_week_as_target(demo):
    assert demo.email == EMAIL
    assert demo.check_password(PASSWORD)
    assert demo.unit == User.Unit.KG
    assert demo.weekly_target in (2, 3)


def test_it_has_about_twelve_weeks_of_two_or_three_done_sessions_a_week(demo):
    today = timezone.localdate()
    done = list(Session.objects.filter(user=demo, status=Session.Status.DONE))
    first = min(s.date for s in done)
    assert 11 * 7 <= (today - first).days <= 13 * 7
    assert max(s.date for s in done) < today
    per_week = weekly(done)
    this_week = today - datetime.timedelta(days=today.weekday())
    whole_weeks = {week: n for week, n in per_week.items() if week != this_week}
    assert 10 <= len(whole_weeks) <= 12
    assert set(whole_weeks.values()) <= {2, 3}
    # One week missed: its sessions stay planned and show as missed.
    missed = Session.objects.filter(user=demo, status=Session.Status.PLANNED, date__lt=today)
    assert len(weekly(missed)) == 1
    assert all(s.display_status(today) == "missed" for s in missed)
    assert Session.objects.filter(user=demo, status=Session.Status.SKIPPED).exists()


def test_sessions_are_at_least_48_hours_apart(demo):
    dates = sorted(
        Session.objects.filter(user=demo, status=Session.Status.DONE).values_list("date", flat=True)
    )
    assert all(
        (later - earlier).days >= 2 for earlier, later in zip(dates, dates[1:], strict=False)
    )


def test_planned_sessions_lie_ahead(demo):
    today = timezone.localdate()
    ahead = Session.objects.filter(user=demo, status=Session.Status.PLANNED, date__gte=today)
    assert ahead.count() >= 3 * 3
    assert ahead.filter(date__lte=today + datetime.timedelta(days=7)).exists()


def test_every_done_session_has_its_sets_effort_and_judgement(demo):
    done = Session.objects.filter(user=demo, status=Session.Status.DONE)
    for session in done:
        assert session.sets.exists()
        assert 1 <= session.effort <= 10
        assert session.progression_events.exists()
    assert LoggedSet.objects.filter(session__user=demo).count() > 200


def test_the_loaded_lift_has_warm_ups_and_some_sets_fall_short_at_rpe_10(demo):
    sets = LoggedSet.objects.filter(session__user=demo)
    warm_ups = sets.filter(kind=LoggedSet.Kind.WARMUP)
    assert warm_ups.exists()
    assert set(warm_ups.values_list("exercise__slug", flat=True)) == {"romanian-deadlift"}
    assert sets.exclude(rpe=None).count() > 100
    assert 5 <= sets.filter(rpe=10).count() <= 40
    assert ProgressionEvent.objects.filter(user=demo, met=False).exists()


def test_the_glute_bridge_climbs_its_ladder_and_moves_on_to_the_single_leg_bridge(demo):
    texts = event_texts(demo, "glute-bridge")
    met = [t for t in texts if t[0] != Kind.STAY]
    assert met[:2] == [
        (Kind.ADD_SET, "1 × 10, hold 3 s each rep", "2 × 10, hold 3 s each rep"),
        (Kind.ADD_SET, "2 × 10, hold 3 s each rep", "3 × 10, hold 3 s each rep"),
    ]
    assert met[2][0] == Kind.NEXT_EXERCISE
    assert met[3][0] == Kind.MOVED_ON
    assert "Single-Leg Glute Bridge" in met[3][2]
    assert LoggedSet.objects.filter(
        session__user=demo, exercise__slug="single-leg-glute-bridge", side="left"
    ).exists()


def test_the_band_curl_moves_up_a_colour(demo):
    kinds = [kind for kind, _, _ in event_texts(demo, "seated-theraband-hamstring-curl")]
    assert Kind.NEXT_BAND in kinds
    bands = set(
        LoggedSet.objects.filter(
            session__user=demo, exercise__slug="seated-theraband-hamstring-curl"
        ).values_list("band__slug", flat=True)
    )
    assert {"tan", "yellow"} <= bands


def test_the_romanian_deadlift_adds_reps_then_load(demo):
    kinds = Counter(kind for kind, _, _ in event_texts(demo, "romanian-deadlift"))
    assert kinds[Kind.ADD_REPS] >= 3
    assert kinds[Kind.ADD_LOAD] >= 2
    loads = [
        s.load_kg
        for s in LoggedSet.objects.filter(
            session__user=demo, exercise__slug="romanian-deadlift", kind=LoggedSet.Kind.WORKING
        ).order_by("session__date", "pk")
    ]
    assert loads[0] == Decimal("50")
    assert max(loads) > loads[0]
    state = ProgressionState.objects.get(user=demo, exercise__slug="romanian-deadlift")
    assert state.load_kg > Decimal("50")


def test_the_stretch_holds_longer_and_the_nordics_build_reps(demo):
    stretch = [kind for kind, _, _ in event_texts(demo, "lying-towel-hamstring-stretch")]
    assert stretch.count(Kind.LONGER_HOLD) >= 3
    nordic = event_texts(demo, "nordic-hamstring-curl")
    assert (Kind.ADD_REPS, "2 × 5", "2 × 6") in nordic
    assert Counter(kind for kind, _, _ in nordic)[Kind.ADD_REPS] >= 2


def test_a_missed_fortnight_steps_an_exercise_back(demo):
    assert ProgressionEvent.objects.filter(user=demo, kind=Kind.STEP_BACK).exists()


def test_records_are_noted_as_sets_are_logged_and_never_for_a_warm_up(demo):
    records = PersonalRecord.objects.filter(user=demo)
    assert records.beaten().count() >= 10
    kinds = set(records.values_list("kind", flat=True))
    assert kinds == set(PersonalRecord.Kind.values)
    assert not records.filter(logged_set__kind=LoggedSet.Kind.WARMUP).exists()


def test_three_goals_set_weeks_ago_with_the_baseline_of_that_day(demo):
    today = timezone.localdate()
    goals = {goal.metric: goal for goal in Goal.objects.filter(user=demo)}
    assert set(goals) == {Goal.Metric.EXERCISE, Goal.Metric.LOAD_FOR_REPS, Goal.Metric.SESSIONS}
    for goal in goals.values():
        goal.full_clean()
        assert 28 <= (today - goal.created_on).days <= 42
        assert goal.deadline > today
        assert goal.baseline < goal.target
        assert goal.why

    nordic = goals[Goal.Metric.EXERCISE]
    assert nordic.exercise.slug == "nordic-hamstring-curl"
    assert nordic.chain.steps.get(exercise=nordic.exercise).position == nordic.target
    # Nordics came after the goal was set: the baseline is an earlier step.
    first_nordic = (
        LoggedSet.objects.filter(session__user=demo, exercise=nordic.exercise)
        .order_by("session__date")
        .first()
    )
    assert first_nordic.session.date >= nordic.created_on

    rdl = goals[Goal.Metric.LOAD_FOR_REPS]
    best_before = max(
        s.load_kg
        for s in LoggedSet.objects.filter(
            session__user=demo,
            exercise=rdl.exercise,
            kind=LoggedSet.Kind.WORKING,
            reps__gte=rdl.reps,
            session__date__lt=rdl.created_on,
        )
    )
    assert rdl.baseline == best_before

    sessions = goals[Goal.Metric.SESSIONS]
    assert (sessions.target, sessions.weeks, sessions.exercise) == (2, 8, None)


def test_running_it_again_keeps_the_demo_and_prints_the_login(demo):
    counts = (Session.objects.count(), LoggedSet.objects.count(), Goal.objects.count())

    output = run_demo()

    assert output.startswith("Demo account ready: ")
    assert PASSWORD in output
    assert User.objects.get(username=USERNAME).pk == demo.pk
    assert (Session.objects.count(), LoggedSet.objects.count(), Goal.objects.count()) == counts


def test_reset_builds_the_same_demo_again_and_leaves_other_users_alone(demo):
    sets = LoggedSet.objects.filter(session__user=demo).count()
    other = UserFactory()

    output = run_demo("--reset")

    assert output.startswith("Demo account rebuilt: ")
    rebuilt = User.objects.get(username=USERNAME)
    assert rebuilt.pk != demo.pk
    assert User.objects.filter(email__iexact=EMAIL).count() == 1
    assert LoggedSet.objects.filter(session__user=rebuilt).count() == sets
    assert not Session.objects.filter(user_id=demo.pk).exists()
    assert User.objects.filter(pk=other.pk).exists()


def test_a_week_old_demo_is_fresh_but_an_older_one_is_rebuilt(demo):
    today = timezone.localdate()
    run_demo("--reset", "--today", (today - datetime.timedelta(days=30)).isoformat())
    old = User.objects.get(username=USERNAME)
    last = Session.objects.filter(user=old, status=Session.Status.DONE).latest("date").date
    assert (today - last).days > 7

    assert run_demo("--today", (last + datetime.timedelta(days=7)).isoformat()).startswith(
        "Demo account ready"
    )
    output = run_demo()

    assert output.startswith("Demo account rebuilt: its history had gone stale")
    fresh = User.objects.get(username=USERNAME)
    assert fresh.pk != old.pk
    last = Session.objects.filter(user=fresh, status=Session.Status.DONE).latest("date").date
    assert (today - last).days <= 3


def test_it_refuses_to_run_with_debug_off(built, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("demo", stdout=StringIO())


def test_force_runs_it_with_debug_off(built, settings):
    settings.DEBUG = False
    out = StringIO()

    call_command("demo", "--force", stdout=out)

    assert out.getvalue().startswith("Demo account ready")


def test_it_leaves_a_real_user_called_demo_alone(built):
    User.objects.filter(username=USERNAME).update(email="someone@example.com")

    with pytest.raises(CommandError, match="leaves that account alone"):
        run_demo("--reset")

    assert User.objects.get(username=USERNAME).email == "someone@example.com"


def test_the_demo_user_logs_in_and_sees_the_dashboard_and_progress(client, demo):
    response = client.post(reverse("accounts:login"), {"username": USERNAME, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("progress:dashboard")

    assert client.get(reverse("progress:dashboard")).status_code == 200
    progress = client.get(reverse("progress:progress-list"))
    assert progress.status_code == 200
    assert "Nordic Hamstring Curl" in progress.content.decode()


def test_the_login_link_follows_the_base_url(demo):
    output = run_demo("--base-url", "http://localhost:9000/")
    assert "http://localhost:9000" + reverse("accounts:login") in output
