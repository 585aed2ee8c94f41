import pytest
from django.urls import reverse

from tests.factories import ExerciseFactory, RoutineEntryFactory, RoutineFactory
from training.models import Routine

pytestmark = pytest.mark.django_db


def url(routine):
    return reverse("training:routine-copy", args=[routine.pk])


@pytest.fixture
def plan(db):
    plan = RoutineFactory(
        owner=None, template_key="hamstring-circuit", name="Hamstring circuit", rounds=3
    )
    RoutineEntryFactory(
        routine=plan,
        exercise=ExerciseFactory(name="Kettlebell Swing"),
        position=1,
        sets=1,
        reps_min=12,
        reps_max=15,
        rest_s=0,
    )
    RoutineEntryFactory(
        routine=plan,
        exercise=ExerciseFactory(name="Towel Stretch"),
        position=2,
        sets=1,
        reps_min=None,
        reps_max=None,
        hold_s=30,
        rest_s=15,
    )
    return plan


def entry_values(routine):
    return list(
        routine.entries.order_by("position").values_list(
            "position", "exercise", "sets", "reps_min", "reps_max", "hold_s", "rest_s"
        )
    )


def test_an_anonymous_visitor_is_sent_to_log_in(client, plan):
    response = client.post(url(plan))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert Routine.objects.count() == 1


def test_using_a_plan_copies_it_into_the_users_routines(auth_client, user, plan):
    response = auth_client.post(url(plan))

    copy = Routine.objects.get(owner=user)
    assert response.status_code == 302
    assert response.url == copy.get_absolute_url()
    assert (copy.name, copy.rounds, copy.copied_from, copy.template_key) == (
        "Hamstring circuit",
        3,
        plan,
        None,
    )
    assert entry_values(copy) == entry_values(plan)
    assert "is now one of your routines" in auth_client.get(response.url).text


def test_the_plan_itself_is_left_as_it_was(auth_client, plan):
    before = entry_values(plan)

    auth_client.post(url(plan))
    auth_client.post(url(plan))

    assert entry_values(plan) == before
    assert Routine.objects.templates().count() == 1
    assert Routine.objects.filter(copied_from=plan).count() == 2


def test_duplicating_an_own_routine_names_the_copy(auth_client, user):
    mine = RoutineFactory(owner=user, name="Leg day")
    RoutineEntryFactory(routine=mine, position=1)

    response = auth_client.post(url(mine))

    copy = Routine.objects.get(owner=user, copied_from=mine)
    assert response.url == copy.get_absolute_url()
    assert copy.name == "Leg day (copy)"
    assert entry_values(copy) == entry_values(mine)


def test_another_users_routine_cannot_be_copied(auth_client, user, other_user):
    theirs = RoutineFactory(owner=other_user)

    assert auth_client.post(url(theirs)).status_code == 404
    assert not Routine.objects.filter(owner=user).exists()


def test_get_is_not_allowed(auth_client, user, plan):
    assert auth_client.get(url(plan)).status_code == 405
    assert not Routine.objects.filter(owner=user).exists()
