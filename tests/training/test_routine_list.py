import pytest
from django.urls import reverse

from tests.factories import ExerciseFactory, RoutineEntryFactory, RoutineFactory

pytestmark = pytest.mark.django_db

URL = reverse("training:routine-list")


def template(name="Leg day 1", **kwargs):
    return RoutineFactory(
        owner=None, template_key=name.lower().replace(" ", "-"), name=name, **kwargs
    )


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={URL}"


def test_it_lists_the_plans_to_start_from_and_the_users_own_routines(auth_client, user):
    plan = template("Leg day 1")
    RoutineEntryFactory(routine=plan, exercise=ExerciseFactory(name="Deadlift"), position=1)
    RoutineEntryFactory(routine=plan, exercise=ExerciseFactory(name="Leg Curl"), position=2)
    mine = RoutineFactory(owner=user, name="My Monday")

    response = auth_client.get(URL)

    assert response.status_code == 200
    assert response.context["templates"] == [plan]
    assert response.context["my_routines"] == [mine]
    text = response.text
    assert "Start from a plan" in text
    assert "My routines" in text
    assert "2 exercises" in text
    assert "Deadlift · Leg Curl" in text
    assert f'href="{mine.get_absolute_url()}"' in text


def test_each_plan_has_a_use_this_plan_button_that_posts_a_copy(auth_client):
    plan = template("Beginner home plan")

    text = auth_client.get(URL).text

    copy_url = reverse("training:routine-copy", args=[plan.pk])
    assert f'<form method="post" action="{copy_url}">' in text
    assert "Use this plan" in text


def test_another_users_routines_are_not_listed(auth_client, other_user):
    RoutineFactory(owner=other_user, name="Their secret plan")

    response = auth_client.get(URL)

    assert response.context["my_routines"] == []
    assert "Their secret plan" not in response.text
    assert "None yet." in response.text


def test_a_circuit_says_how_many_rounds(auth_client, user):
    RoutineFactory(owner=user, name="Circuit", rounds=3)

    assert "circuit, 3 rounds" in auth_client.get(URL).text


def test_post_is_not_allowed(auth_client):
    assert auth_client.post(URL).status_code == 405


@pytest.mark.parametrize("count", [1, 50])
def test_the_page_costs_the_same_queries_whatever_the_number_of_routines(
    auth_client, user, django_assert_max_num_queries, count
):
    exercises = [ExerciseFactory() for _ in range(3)]
    for i in range(count):
        routine = RoutineFactory(owner=user) if i else template("Plan")
        for position, exercise in enumerate(exercises, start=1):
            RoutineEntryFactory(routine=routine, exercise=exercise, position=position)
    RoutineFactory(owner=user)

    # session, user, routines with their entry counts, their entries' names
    with django_assert_max_num_queries(4):
        response = auth_client.get(URL)

    assert len(response.context["my_routines"]) == count
