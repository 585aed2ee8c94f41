"""The goal pages: set one (check, then save), follow it, archive it, delete it."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from logbook import services as logbook
from progress.models import Goal, PersonalRecord
from tests.factories import ExerciseFactory, hold_stretch_factory, loaded_lift_factory, make_chain
from tests.html import field_error
from training.models import LoggedSet, Session

pytestmark = pytest.mark.django_db

LIST = reverse("progress:goal-list")
CREATE = reverse("progress:goal-create")
WHY = "To sprint after my kids without a twinge."


def today():
    return timezone.localdate()


def in_days(n: int) -> str:
    return (today() + datetime.timedelta(days=n)).isoformat()


@pytest.fixture
def moves(db):
    bridge = ExerciseFactory(name="Glute Bridge")
    one_leg = ExerciseFactory(name="One-Leg Glute Bridge", unilateral=True)
    make_chain(bridge, one_leg, slug="bridges", name="Bridges")
    return {
        "bridge": bridge,
        "one_leg": one_leg,
        "rdl": loaded_lift_factory(),
        "stretch": hold_stretch_factory(),
    }


def log(user, exercise, *sets, days_ago=3, finish=False):
    session = Session.objects.create(user=user, date=today() - datetime.timedelta(days=days_ago))
    for values in sets:
        logbook.set_log(session=session, exercise=exercise, token=uuid.uuid4(), **values)
    if finish:  # judged: where the user stands on a chain is read from the judgements
        logbook.session_finish(session=session, effort=6, notes="", cooldown_done=False)
    return session


def form(move=None, button="save", **values):
    """The goal form as a browser posts it: a reps goal of `move` unless `values` say else."""
    data = {
        "metric": Goal.Metric.REPS,
        "exercise": move.pk if move else "",
        "target": "15",
        "reps": "",
        "weeks": "",
        "deadline": in_days(56),
        "why": WHY,
        button: "1",
    }
    data.update(values)
    return data


def make_goal(user, exercise, **fields):
    values = {
        "metric": Goal.Metric.REPS,
        "target": Decimal(15),
        "baseline": Decimal(10),
        "why": WHY,
        "deadline": today() + datetime.timedelta(days=56),
        "created_on": today() - datetime.timedelta(days=7),
    }
    values.update(fields)
    return Goal.objects.create(user=user, exercise=exercise, **values)


@pytest.fixture
def goal(user, moves):
    return make_goal(user, moves["bridge"])


@pytest.fixture
def others_goal(other_user, moves):
    return make_goal(other_user, moves["bridge"])


def detail(goal):
    return reverse("progress:goal-detail", args=[goal.pk])


def archive(goal):
    return reverse("progress:goal-archive", args=[goal.pk])


def delete(goal):
    return reverse("progress:goal-delete", args=[goal.pk])


# Setting a goal --------------------------------------------------------------------------


def test_the_form_first_asks_only_what_to_measure_keeping_the_exercise(auth_client, moves):
    response = auth_client.get(CREATE, {"exercise": moves["bridge"].slug})

    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["metric"]
    assert 'type="radio"' in response.text
    assert f'<input type="hidden" name="exercise" value="{moves["bridge"].slug}">' in response.text


@pytest.mark.parametrize(
    "move, metrics",
    [
        ("rdl", [Goal.Metric.LOAD_FOR_REPS, Goal.Metric.E1RM, Goal.Metric.SESSIONS]),
        ("stretch", [Goal.Metric.HOLD, Goal.Metric.SESSIONS]),
        (
            "one_leg",
            [Goal.Metric.REPS, Goal.Metric.STAGE, Goal.Metric.EXERCISE, Goal.Metric.SESSIONS],
        ),
    ],
)
def test_asked_from_an_exercise_the_form_offers_only_the_measures_it_fits(
    auth_client, moves, move, metrics
):
    response = auth_client.get(CREATE, {"exercise": moves[move].slug})

    offered = [value for value, _ in response.context["form"].fields["metric"].choices]
    assert offered == metrics


def test_the_form_starts_eight_weeks_out_with_the_exercise_asked_for(auth_client, moves):
    response = auth_client.get(
        CREATE, {"exercise": moves["bridge"].slug, "metric": Goal.Metric.REPS}
    )

    assert response.status_code == 200
    assert response.context["form"].initial["exercise"] == moves["bridge"]
    assert f'value="{in_days(56)}"' in response.text
    assert f'min="{in_days(28)}"' in response.text  # four weeks at least


def test_check_shows_the_verdict_and_saves_nothing(auth_client, user, moves):
    log(user, moves["bridge"], {"reps": 12})

    response = auth_client.post(CREATE, form(moves["bridge"], button="check"))

    assert response.status_code == 200
    assessment = response.context["assessment"]
    assert assessment.label in response.text
    assert 'id="assessment"' in response.text
    assert "From 12 reps to 15 reps" in response.text
    assert 'value="15"' in response.text  # the form stays filled in for "Save"
    assert not Goal.objects.exists()


def test_save_creates_the_goal_from_the_log_and_opens_it(auth_client, user, moves):
    log(user, moves["bridge"], {"reps": 12})

    response = auth_client.post(CREATE, form(moves["bridge"]))

    goal = Goal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == goal.get_absolute_url()
    assert (goal.user, goal.metric, goal.exercise) == (user, "reps", moves["bridge"])
    assert (goal.target, goal.baseline) == (15, 12)
    assert (goal.created_on, goal.why, goal.closed_on) == (today(), WHY, None)
    page = auth_client.get(response["Location"])
    assert "Glute Bridge: 15 reps in one set" in page.text
    assert "Goal set." in page.text
    assert WHY in page.text


def test_a_second_tap_on_save_opens_the_goal_it_saved_instead_of_a_copy(auth_client, user, moves):
    log(user, moves["bridge"], {"reps": 12})

    first = auth_client.post(CREATE, form(moves["bridge"]))
    second = auth_client.post(CREATE, form(moves["bridge"]))
    other_target = auth_client.post(CREATE, form(moves["bridge"], target="16"))

    assert second["Location"] == first["Location"]
    assert other_target["Location"] != first["Location"]
    assert Goal.objects.count() == 2


def test_a_stage_goal_takes_the_ladders_reps(auth_client, user, moves):
    response = auth_client.post(CREATE, form(moves["bridge"], metric=Goal.Metric.STAGE, target="3"))

    assert response.status_code == 302
    goal = Goal.objects.get()
    assert (goal.target, goal.reps, goal.baseline) == (3, 10, 0)


def test_an_exercise_goal_takes_its_step_of_the_chain(auth_client, user, moves):
    log(user, moves["bridge"], {"reps": 10}, finish=True)

    response = auth_client.post(
        CREATE, form(moves["one_leg"], metric=Goal.Metric.EXERCISE, target="")
    )

    assert response.status_code == 302
    goal = Goal.objects.get()
    assert (goal.chain.slug, goal.target, goal.baseline) == ("bridges", 2, 1)


def test_a_sessions_goal_needs_no_exercise(auth_client, user):
    response = auth_client.post(
        CREATE, form(metric=Goal.Metric.SESSIONS, target="2", weeks="6", deadline=in_days(60))
    )

    assert response.status_code == 302
    goal = Goal.objects.get()
    assert (goal.exercise, goal.target, goal.weeks, goal.baseline) == (None, 2, 6, 0)
    assert "Train 2 times a week for 6 weeks in a row" in auth_client.get(detail(goal)).text


def test_a_pound_users_target_is_stored_in_kilograms_and_shown_in_pounds(auth_client, user, moves):
    user.unit = "lb"
    user.save()
    log(user, moves["rdl"], {"reps": 8, "load_kg": Decimal("90")})

    response = auth_client.post(
        CREATE,
        form(moves["rdl"], metric=Goal.Metric.LOAD_FOR_REPS, target="225", reps="8"),
    )

    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.target == Decimal("102.0583")
    assert goal.baseline == Decimal("90")
    page = auth_client.get(detail(goal)).text
    assert "Romanian Deadlift: 225 lb for 8 reps" in page
    assert "198.42 lb" in page  # the baseline, 90 kg


def test_a_pound_users_target_below_their_best_is_refused_in_pounds(auth_client, user, moves):
    user.unit = "lb"
    user.save()
    log(user, moves["rdl"], {"reps": 8, "load_kg": Decimal("102.0583")})  # 225 lb

    response = auth_client.post(
        CREATE,
        form(moves["rdl"], metric=Goal.Metric.LOAD_FOR_REPS, target="225", reps="8"),
    )

    assert response.status_code == 200
    assert field_error(response, "target") == (
        "Your log already shows 225 lb: set a target beyond it."
    )


# Invalid forms: 200, the error beside its field, the typed values kept -------------------


def assert_refused(response, field, message):
    assert response.status_code == 200
    assert field_error(response, field) == message
    assert WHY in response.text or field == "why"
    assert response.context["assessment"] is None
    assert not Goal.objects.exists()


def test_a_deadline_in_the_past_is_refused(auth_client, moves):
    response = auth_client.post(CREATE, form(moves["bridge"], deadline=in_days(-1)))

    assert_refused(response, "deadline", "That date has passed: pick a deadline after today.")
    assert f'value="{in_days(-1)}"' in response.text
    assert 'value="15"' in response.text


def test_a_deadline_today_is_refused(auth_client, moves):
    response = auth_client.post(CREATE, form(moves["bridge"], deadline=in_days(0)))

    assert_refused(
        response, "deadline", "The deadline must be after today: a goal needs time to reach it."
    )


@pytest.mark.parametrize("days", [1, 13, 27])
def test_a_deadline_under_four_weeks_is_refused_with_the_articles_four_to_six_weeks(
    auth_client, moves, days
):
    response = auth_client.post(CREATE, form(moves["bridge"], deadline=in_days(days)))
    assert_refused(
        response,
        "deadline",
        "Give it at least four weeks: most people notice their hamstrings getting stronger "
        "within four to six weeks of regular training.",
    )


def test_a_deadline_in_four_weeks_is_taken(auth_client, moves):
    response = auth_client.post(CREATE, form(moves["bridge"], deadline=in_days(28)))
    assert response.status_code == 302


def test_a_deadline_more_than_two_years_away_is_refused(auth_client, moves):
    response = auth_client.post(CREATE, form(moves["bridge"], deadline=in_days(800)))

    assert_refused(response, "deadline", "Pick a deadline within two years.")


def test_a_target_not_beyond_the_logged_best_is_refused(auth_client, user, moves):
    log(user, moves["bridge"], {"reps": 15})

    response = auth_client.post(CREATE, form(moves["bridge"], target="15"))

    assert_refused(response, "target", "Your log already shows 15 reps: set a target beyond it.")
    assert 'value="15"' in response.text


def test_an_exercise_already_reached_is_refused(auth_client, user, moves):
    log(user, moves["one_leg"], {"reps": 10, "side": "left"}, finish=True)

    response = auth_client.post(
        CREATE, form(moves["one_leg"], metric=Goal.Metric.EXERCISE, target="")
    )

    assert_refused(
        response,
        "exercise",
        "Your log already shows One-Leg Glute Bridge or a later exercise of its progression: "
        "choose one further on.",
    )


@pytest.mark.parametrize(
    "metric, move, message",
    [
        (
            Goal.Metric.E1RM,
            "stretch",
            "Towel Stretch is measured in hold seconds: a one-rep max means nothing for it.",
        ),
        (
            Goal.Metric.LOAD_FOR_REPS,
            "bridge",
            "Glute Bridge is measured in reps: a load means nothing for it.",
        ),
        (Goal.Metric.HOLD, "bridge", "Glute Bridge is measured in reps, not hold seconds."),
        (
            Goal.Metric.REPS,
            "stretch",
            "Towel Stretch is measured in hold seconds: choose “Hold time”.",
        ),
        (
            Goal.Metric.STAGE,
            "rdl",
            "Romanian Deadlift does not climb in stages of sets (double progression): "
            "choose another measure.",
        ),
        (
            Goal.Metric.EXERCISE,
            "bridge",
            "Glute Bridge is not a later step of any progression: choose one you work up to, "
            "such as Nordic hamstring curls.",
        ),
    ],
)
def test_a_metric_that_does_not_fit_the_exercise_is_refused(
    auth_client, moves, metric, move, message
):
    response = auth_client.post(CREATE, form(moves[move], metric=metric, reps="8"))

    assert_refused(response, "metric", message)
    assert f'<option value="{metric}" selected>' in response.text


@pytest.mark.parametrize(
    "unit, target, message",
    [
        ("kg", "1001", "More than 1000 kg? Check the number."),
        ("lb", "2205", "More than 2204.62 lb? Check the number."),
    ],
)
def test_a_load_past_the_logs_limit_is_refused_in_the_users_unit(
    auth_client, user, moves, unit, target, message
):
    user.unit = unit
    user.save()

    response = auth_client.post(CREATE, form(moves["rdl"], metric=Goal.Metric.E1RM, target=target))

    assert_refused(response, "target", message)


@pytest.mark.parametrize("why", ["", "   \n\t "])
def test_an_empty_why_is_refused(auth_client, moves, why):
    response = auth_client.post(CREATE, form(moves["bridge"], why=why))

    assert_refused(
        response,
        "why",
        "Say in a few words why this goal matters to you: it is what keeps you going when "
        "progress is slow.",
    )
    assert 'value="15"' in response.text


@pytest.mark.parametrize(
    "values, field, message",
    [
        ({"exercise": ""}, "exercise", "Choose the exercise this goal is about."),
        ({"target": ""}, "target", "Enter the target to reach."),
        ({"target": "0"}, "target", "The target must be more than 0."),
        ({"target": "12.5"}, "target", "Enter a whole number."),
        ({"target": "5000"}, "target", "More than 1000 reps in one set? Check the number."),
        (
            {"metric": Goal.Metric.LOAD_FOR_REPS, "target": "80"},
            "reps",
            "Say for how many reps (such as 8).",
        ),
        (
            {"metric": Goal.Metric.STAGE, "target": "4"},
            "target",
            "The top stage of Glute Bridge is 3 sets: aim for that or fewer.",
        ),
        (
            {"metric": Goal.Metric.SESSIONS, "exercise": "", "target": "2"},
            "weeks",
            "Say for how many weeks in a row (such as 8).",
        ),
        (
            {"metric": Goal.Metric.SESSIONS, "exercise": "", "target": "4", "weeks": "4"},
            "target",
            "At most 3 sessions a week: hamstrings need 48 hours between sessions.",
        ),
    ],
)
def test_a_missing_or_impossible_value_is_refused_beside_its_field(
    auth_client, moves, values, field, message
):
    exercise = moves["rdl"] if values.get("metric") == Goal.Metric.LOAD_FOR_REPS else None
    response = auth_client.post(CREATE, form(exercise or moves["bridge"], **values))

    assert_refused(response, field, message)


def test_a_post_without_a_measure_asks_for_one_and_saves_nothing(auth_client, moves):
    response = auth_client.post(CREATE, form(moves["bridge"], metric=""))

    assert response.status_code == 200
    assert field_error(response, "metric") == "Choose what the goal measures."
    assert list(response.context["form"].fields) == ["metric"]
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    "metric, fields",
    [
        (Goal.Metric.LOAD_FOR_REPS, ["exercise", "target", "reps"]),
        (Goal.Metric.E1RM, ["exercise", "target"]),
        (Goal.Metric.REPS, ["exercise", "target"]),
        (Goal.Metric.HOLD, ["exercise", "target"]),
        (Goal.Metric.STAGE, ["exercise", "target"]),
        (Goal.Metric.EXERCISE, ["exercise"]),
        (Goal.Metric.SESSIONS, ["target", "weeks"]),
    ],
)
def test_each_measure_asks_only_for_the_fields_it_needs(auth_client, moves, metric, fields):
    response = auth_client.get(CREATE, {"metric": metric})

    shown = list(response.context["form"].fields)
    assert shown == ["metric", *fields, "deadline", "why"]
    for name in {"exercise", "target", "reps", "weeks"} - set(fields):
        assert f'name="{name}"' not in response.text


def test_the_exercise_list_offers_only_exercises_the_measure_fits(auth_client, moves):
    response = auth_client.get(CREATE, {"metric": Goal.Metric.E1RM})

    options = response.context["form"].fields["exercise"].widget.choices
    assert [name for _, name in options[1:]] == ["Romanian Deadlift"]


def test_choosing_another_measure_shows_its_fields_with_what_was_typed(auth_client, moves):
    response = auth_client.post(
        CREATE, {**form(moves["rdl"], metric=Goal.Metric.LOAD_FOR_REPS), "reshape": "1"}
    )

    assert response.status_code == 200
    assert "reps" in response.context["form"].fields
    assert not response.context["form"].errors
    assert WHY in response.text
    assert f'<option value="{moves["rdl"].pk}" selected>' in response.text
    # The reps goal's 15 would be 15 kg here: the target starts empty under a new measure.
    assert 'value="15"' not in response.text
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    "values, field",
    [
        ({"target": "fifteen"}, "target"),
        ({"target": "1e400"}, "target"),
        ({"target": "NaN"}, "target"),
        ({"target": "Infinity"}, "target"),
        ({"target": "99999999999999999999"}, "target"),
        ({"target": "-5"}, "target"),
        ({"metric": "bench_press"}, "metric"),
        ({"exercise": "999999"}, "exercise"),
        ({"exercise": "glute-bridge"}, "exercise"),
        ({"deadline": "2026-02-30"}, "deadline"),
        ({"deadline": "99999-01-01"}, "deadline"),
        ({"deadline": "tomorrow"}, "deadline"),
        ({"metric": "load_for_reps", "target": "80", "reps": "1e9"}, "reps"),
        ({"metric": "sessions", "exercise": "", "target": "2", "weeks": "999999"}, "weeks"),
        ({"why": "x" * 501}, "why"),
    ],
)
def test_garbage_is_refused_beside_its_field_never_a_500(auth_client, moves, values, field):
    response = auth_client.post(CREATE, form(moves["rdl"], **values))

    assert response.status_code == 200
    assert field_error(response, field)
    assert not Goal.objects.exists()


def test_an_unknown_exercise_in_the_address_is_ignored(auth_client):
    response = auth_client.get(CREATE, {"exercise": "no-such-exercise"})

    assert response.status_code == 200
    assert response.context["form"].initial["exercise"] is None


# Following, archiving and deleting -------------------------------------------------------


def test_the_list_shows_open_goals_and_archived_ones_apart(auth_client, user, moves):
    open_goal = make_goal(user, moves["bridge"])
    closed = make_goal(user, moves["stretch"], metric=Goal.Metric.HOLD, closed_on=today())

    response = auth_client.get(LIST)

    assert response.status_code == 200
    assert [p.goal for p in response.context["open"]] == [open_goal]
    assert [p.goal for p in response.context["closed"]] == [closed]
    assert "Towel Stretch: hold for 15 s" in response.text


def test_the_detail_shows_where_the_goal_stands(auth_client, user, moves, goal):
    log(user, moves["bridge"], {"reps": 12})

    response = auth_client.get(detail(goal))

    assert response.status_code == 200
    assert response.context["progress"].current == 12
    assert response.context["current"] == "12 reps"
    assert "Glute Bridge: 15 reps in one set" in response.text
    assert "56 days left" in response.text


def test_archiving_closes_the_goal_and_again_reopens_it(auth_client, goal):
    response = auth_client.post(archive(goal))

    assert response.status_code == 302
    assert response["Location"] == LIST
    goal.refresh_from_db()
    assert goal.closed_on == today()
    assert "Goal archived." in auth_client.get(LIST).text

    auth_client.post(archive(goal))
    goal.refresh_from_db()
    assert goal.closed_on is None


def test_delete_asks_first(auth_client, goal):
    response = auth_client.get(delete(goal))

    assert response.status_code == 200
    assert "Delete “Glute Bridge: 15 reps in one set”?" in response.text
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_delete_removes_the_goal_and_nothing_else(auth_client, user, moves, goal):
    log(user, moves["bridge"], {"reps": 12})
    kept = make_goal(user, moves["bridge"], target=Decimal(20))

    response = auth_client.post(delete(goal))

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert list(Goal.objects.all()) == [kept]
    assert LoggedSet.objects.count() == 1
    assert PersonalRecord.objects.count() == 1
    assert Session.objects.count() == 1


# Who may do what -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, address",
    [
        ("get", lambda g: LIST),
        ("get", lambda g: CREATE),
        ("post", lambda g: CREATE),
        ("get", detail),
        ("post", archive),
        ("get", delete),
        ("post", delete),
    ],
)
def test_an_anonymous_visitor_is_sent_to_log_in(client, goal, method, address):
    response = getattr(client, method)(address(goal))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    goal.refresh_from_db()
    assert goal.closed_on is None


@pytest.mark.parametrize(
    "method, address",
    [("get", detail), ("post", archive), ("get", delete), ("post", delete)],
)
def test_another_users_goal_is_404(auth_client, others_goal, method, address):
    response = getattr(auth_client, method)(address(others_goal))

    assert response.status_code == 404
    others_goal.refresh_from_db()
    assert others_goal.closed_on is None


def test_another_users_goals_are_not_listed(auth_client, others_goal):
    response = auth_client.get(LIST)

    assert response.context["open"] == []
    assert others_goal.get_absolute_url() not in response.text


@pytest.mark.parametrize(
    "method, address",
    [
        ("post", lambda g: LIST),
        ("put", lambda g: CREATE),
        ("post", detail),
        ("get", archive),
        ("put", delete),
    ],
)
def test_a_wrong_method_is_405(auth_client, goal, method, address):
    assert getattr(auth_client, method)(address(goal)).status_code == 405
