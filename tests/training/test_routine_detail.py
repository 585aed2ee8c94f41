import pytest
from django.urls import reverse

from exercises.models import Exercise
from tests.factories import ExerciseFactory, RoutineEntryFactory, RoutineFactory
from training.models import Routine, RoutineEntry
from training.views.routines import describe_rest, describe_target


def url(routine):
    return reverse("training:routine-detail", args=[routine.pk])


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_log_in(client, user):
    routine = RoutineFactory(owner=user)

    response = client.get(url(routine))

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url(routine)}"


@pytest.mark.django_db
def test_it_shows_the_entries_in_order_with_targets_rest_and_exercise_links(auth_client, user):
    routine = RoutineFactory(owner=user, name="Leg day")
    deadlift = ExerciseFactory(name="Deadlift")
    stretch = ExerciseFactory(
        name="Towel Stretch",
        measure="hold",
        reps_min=None,
        reps_max=None,
        hold_min_s=30,
        hold_max_s=60,
    )
    RoutineEntryFactory(
        routine=routine,
        exercise=stretch,
        position=3,
        sets=1,
        reps_min=None,
        reps_max=None,
        hold_s=30,
        rest_s=15,
    )
    RoutineEntryFactory(routine=routine, exercise=deadlift, position=1, reps_min=6, rest_s=120)
    RoutineEntryFactory(routine=routine, exercise=ExerciseFactory(name="Leg Curl"), position=2)

    response = auth_client.get(url(routine))

    assert response.status_code == 200
    text = response.text
    assert text.index("Deadlift") < text.index("Leg Curl") < text.index("Towel Stretch")
    assert "3 × 6–10" in text
    assert "3 × 10" in text
    assert "hold 30 s" in text
    assert "120 s rest" in text
    assert f'href="{deadlift.get_absolute_url()}"' in text
    assert f'href="{reverse("training:routine-edit", args=[routine.pk])}"' in text


@pytest.mark.django_db
def test_a_circuit_shows_its_rounds(auth_client, user):
    routine = RoutineFactory(owner=user, rounds=3)
    RoutineEntryFactory(routine=routine, sets=1, reps_min=10, reps_max=12, rest_s=0)

    text = auth_client.get(url(routine)).text

    assert "3 rounds" in text
    assert "10–12 reps" in text
    assert "Straight on to the next round" in text


@pytest.mark.django_db
def test_a_template_is_readable_by_any_user_and_offers_a_copy_not_an_edit(auth_client):
    plan = RoutineFactory(owner=None, template_key="leg-day-1", name="Leg day 1")
    RoutineEntryFactory(routine=plan)

    response = auth_client.get(url(plan))

    assert response.status_code == 200
    assert f'action="{reverse("training:routine-copy", args=[plan.pk])}"' in response.text
    assert reverse("training:routine-edit", args=[plan.pk]) not in response.text
    assert reverse("training:routine-delete", args=[plan.pk]) not in response.text


@pytest.mark.django_db
def test_another_users_routine_is_404(auth_client, other_user):
    routine = RoutineFactory(owner=other_user)

    assert auth_client.get(url(routine)).status_code == 404


@pytest.mark.django_db
def test_a_retired_exercise_is_named_without_a_link(auth_client, user):
    retired = ExerciseFactory(name="Old Move", is_active=False)
    routine = RoutineFactory(owner=user)
    RoutineEntryFactory(routine=routine, exercise=retired)

    text = auth_client.get(url(routine)).text

    assert "Old Move" in text
    assert "retired from the catalog" in text
    assert f'href="{retired.get_absolute_url()}"' not in text


@pytest.mark.django_db
def test_it_links_back_to_the_plan_it_was_copied_from(auth_client, user):
    plan = RoutineFactory(owner=None, template_key="plan", name="The plan")
    routine = RoutineFactory(owner=user, copied_from=plan)

    assert f'href="{plan.get_absolute_url()}"' in auth_client.get(url(routine)).text


@pytest.mark.django_db
def test_post_is_not_allowed(auth_client, user):
    assert auth_client.post(url(RoutineFactory(owner=user))).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_the_page_costs_the_same_queries_whatever_the_number_of_entries(
    auth_client, user, django_assert_max_num_queries, count
):
    routine = RoutineFactory(owner=user, copied_from=RoutineFactory(owner=None, template_key="p"))
    for position in range(1, count + 1):
        RoutineEntryFactory(routine=routine, position=position)

    # session, user, routine with source and origin, entries with exercises
    with django_assert_max_num_queries(4):
        response = auth_client.get(url(routine))

    assert len(response.context["rows"]) == count


def entry(sets=3, reps=(10, 10), hold=None, rest=60, measure="reps", unilateral=False):
    exercise = Exercise(name="X", measure=measure, unilateral=unilateral)
    return RoutineEntry(
        exercise=exercise, sets=sets, reps_min=reps[0], reps_max=reps[1], hold_s=hold, rest_s=rest
    )


@pytest.mark.parametrize(
    "kwargs,circuit,expected",
    [
        ({}, False, "3 × 10"),
        ({"reps": (6, 10)}, False, "3 × 6–10"),
        ({"sets": 1, "reps": (None, None), "hold": 30, "measure": "hold"}, False, "hold 30 s"),
        ({"reps": (None, None), "hold": 30, "measure": "hold"}, False, "3 × hold 30 s"),
        (
            {"sets": 1, "hold": 5, "measure": "hold", "unilateral": True},
            False,
            "1 × 10 holds of 5 s each leg",
        ),
        ({"hold": 2}, False, "3 × 10, hold 2 s"),
        ({"sets": 1, "reps": (10, 12)}, True, "10–12 reps"),
        ({"sets": 2, "reps": (10, 12)}, True, "2 × 10–12"),
        ({"sets": 2, "reps": (None, None)}, False, "2 sets"),
    ],
)
def test_targets_read_the_way_a_coach_writes_them(kwargs, circuit, expected):
    assert describe_target(entry(**kwargs), circuit=circuit) == expected


@pytest.mark.parametrize(
    "rest,circuit,last,expected",
    [
        (60, False, False, "60 s rest"),
        (0, False, False, "No rest"),
        (0, True, False, "Straight on to the next exercise"),
        (60, True, True, "60 s rest, then the next round"),
    ],
)
def test_rest_says_what_comes_next_in_a_circuit(rest, circuit, last, expected):
    assert describe_rest(entry(rest=rest), circuit=circuit, last=last) == expected


def test_routine_rounds_make_a_circuit():
    assert Routine(rounds=3).is_circuit
    assert not Routine(rounds=1).is_circuit
