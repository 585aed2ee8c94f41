import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from exercises.models import ChainStep, Exercise
from tests.factories import ChainFactory, ExerciseFactory, MuscleFactory, SourceArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    staff = django_user_model.objects.create_user("coach", "coach@example.com", "x", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="exercises"))
    client.force_login(staff)
    return client


def exercise_form(**overrides):
    muscle = MuscleFactory()
    source = SourceArticleFactory()
    data = {
        "name": "Slider Curl",
        "slug": "slider-curl",
        "aliases": "",
        "summary": "Curl your heels in on sliders.",
        "is_active": "on",
        "starting_position": "Lie on your back, heels on sliders.",
        "action": "Lift your hips.\nPull your heels in.",
        "tips": "",
        "level": "intermediate",
        "kind": "strength",
        "movement": "knee_flexion",
        "primary_muscles": [muscle.pk],
        "measure": "reps",
        "sets": "3",
        "rest_s": "60",
        "reps_min": "8",
        "reps_max": "12",
        "hold_min_s": "",
        "hold_max_s": "",
        "rep_hold_s": "",
        "prescription_note": "",
        "rule": "set_ladder",
        "sources": [source.pk],
    }
    data.update(overrides)
    return data


def test_staff_can_add_an_exercise(staff_client):
    response = staff_client.post(reverse("admin:exercises_exercise_add"), exercise_form())
    assert response.status_code == 302
    assert Exercise.objects.get(slug="slider-curl").reps_max == 12


def test_an_inverted_range_is_refused_in_admin_with_a_message(staff_client):
    response = staff_client.post(
        reverse("admin:exercises_exercise_add"), exercise_form(reps_min="12", reps_max="8")
    )
    assert response.status_code == 200
    assert "The rep range is inverted: 12–8" in response.text
    assert not Exercise.objects.filter(slug="slider-curl").exists()


def test_staff_can_filter_and_search_the_exercise_list(staff_client):
    ExerciseFactory(name="Nordic Curl", level="advanced")
    ExerciseFactory(name="Glute Bridge", level="beginner")
    url = reverse("admin:exercises_exercise_changelist")
    response = staff_client.get(url, {"level__exact": "advanced", "q": "nordic"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [Exercise.objects.get(name="Nordic Curl")]


def test_bulk_deactivate_hides_exercises_from_the_catalog(staff_client, client):
    moves = [ExerciseFactory(name=f"Move {i}") for i in range(3)]
    response = staff_client.post(
        reverse("admin:exercises_exercise_changelist"),
        {"action": "deactivate", "_selected_action": [m.pk for m in moves[:2]]},
    )
    assert response.status_code == 302
    assert list(Exercise.objects.active()) == [moves[2]]


def test_non_staff_get_no_access(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:exercises_exercise_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def chain_form(chain, steps):
    data = {
        "name": chain.name,
        "slug": chain.slug,
        "description": "",
        "source": "",
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for i, (exercise, position) in enumerate(steps):
        data[f"steps-{i}-exercise"] = str(exercise.pk)
        data[f"steps-{i}-position"] = str(position)
    return data


def test_staff_can_order_a_chain_inline(staff_client):
    chain = ChainFactory(name="Bridge ladder")
    bridge, single = ExerciseFactory(name="Bridge"), ExerciseFactory(name="Single Leg Bridge")
    url = reverse("admin:exercises_chain_change", args=[chain.pk])
    response = staff_client.post(url, chain_form(chain, [(bridge, 1), (single, 2)]))
    assert response.status_code == 302
    assert [s.exercise for s in chain.steps.order_by("position")] == [bridge, single]


def test_a_looping_chain_is_refused_with_a_message(staff_client):
    chain = ChainFactory(name="Bridge ladder")
    bridge, single = ExerciseFactory(name="Bridge"), ExerciseFactory(name="Single Leg Bridge")
    url = reverse("admin:exercises_chain_change", args=[chain.pk])
    response = staff_client.post(url, chain_form(chain, [(bridge, 1), (single, 2), (bridge, 3)]))
    assert response.status_code == 200
    assert "Bridge appears twice in this chain" in response.text
    assert not ChainStep.objects.exists()
