import pytest
from django.core.management import call_command
from django.urls import reverse

from exercises.models import Exercise
from tests.factories import EquipmentFactory, ExerciseFactory, MuscleFactory

pytestmark = pytest.mark.django_db

URL = reverse("exercises:exercise-list")


def names(response):
    return [e.name for e in response.context["page"].object_list]


def test_anyone_can_browse_the_catalog(client):
    ExerciseFactory(name="Glute Bridge")
    response = client.get(URL)
    assert response.status_code == 200
    assert "Glute Bridge" in response.text


def test_inactive_exercises_are_hidden(client):
    ExerciseFactory(name="Glute Bridge")
    ExerciseFactory(name="Retired Move", is_active=False)
    assert names(client.get(URL)) == ["Glute Bridge"]


def test_beginner_exercises_come_first_then_intermediate_then_advanced_each_by_name(client):
    ExerciseFactory(name="Nordic Curl", level="advanced")
    ExerciseFactory(name="Good Morning", level="intermediate")
    ExerciseFactory(name="Bridge", level="beginner")
    ExerciseFactory(name="Assisted Nordic", level="advanced")
    ExerciseFactory(name="Towel Stretch", level="beginner")

    assert names(client.get(URL)) == [
        "Bridge",
        "Towel Stretch",
        "Good Morning",
        "Assisted Nordic",
        "Nordic Curl",
    ]


def test_it_filters_by_level_kind_and_movement(client):
    ExerciseFactory(name="Bridge", level="beginner", kind="strength", movement="bridge")
    ExerciseFactory(name="Nordic", level="advanced", kind="eccentric", movement="knee_flexion")
    ExerciseFactory(name="Towel Stretch", level="beginner", kind="stretch", movement="stretch")

    assert names(client.get(URL, {"level": "beginner"})) == ["Bridge", "Towel Stretch"]
    assert names(client.get(URL, {"kind": "eccentric"})) == ["Nordic"]
    assert names(client.get(URL, {"level": "beginner", "movement": "stretch"})) == ["Towel Stretch"]


def test_equipment_filters_no_equipment_at_home_and_a_specific_item(client):
    band = EquipmentFactory(slug="resistance-band", name="Resistance band", at_home=True)
    barbell = EquipmentFactory(slug="barbell", name="Barbell", at_home=False)
    ExerciseFactory(name="Bridge")
    ExerciseFactory(name="Band Curl", equipment=[band])
    ExerciseFactory(name="Deadlift", equipment=[barbell])
    ExerciseFactory(name="Banded Deadlift", equipment=[band, barbell])

    assert names(client.get(URL, {"equipment": "none"})) == ["Bridge"]
    assert names(client.get(URL, {"equipment": "home"})) == ["Band Curl", "Bridge"]
    assert names(client.get(URL, {"equipment": "barbell"})) == ["Banded Deadlift", "Deadlift"]


def test_it_filters_by_muscle_primary_or_secondary(client):
    glutes = MuscleFactory(slug="glutes", name="Glutes")
    bridge = ExerciseFactory(name="Bridge", primary_muscles=[glutes])
    curl = ExerciseFactory(name="Curl")
    curl.secondary_muscles.add(glutes)
    ExerciseFactory(name="Stretch")

    assert names(client.get(URL, {"muscle": "glutes"})) == [bridge.name, curl.name]


def test_search_matches_names_and_aliases(client):
    ExerciseFactory(name="Nordic Curl", aliases="Nordic Hamstring Curl\nRussian curl")
    ExerciseFactory(name="Glute Bridge")
    assert names(client.get(URL, {"q": "russian"})) == ["Nordic Curl"]
    assert names(client.get(URL, {"q": "glute BRIDGE"})) == ["Glute Bridge"]


def test_an_unknown_filter_value_shows_an_error_and_keeps_the_search(client):
    ExerciseFactory(name="Glute Bridge")
    response = client.get(URL, {"level": "legendary", "q": "bridge"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert 'value="bridge"' in response.text
    assert names(response) == ["Glute Bridge"]


def test_an_overlong_search_is_refused_with_a_message(client):
    response = client.get(URL, {"q": "x" * 500})
    assert response.status_code == 200
    assert "at most 100 characters" in response.text


def test_a_bad_page_number_falls_back_to_a_real_page(client):
    ExerciseFactory()
    assert client.get(URL, {"page": "banana"}).status_code == 200
    assert client.get(URL, {"page": "999"}).status_code == 200


def test_post_is_not_allowed(client):
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_costs_the_same_queries_whatever_the_catalog_size(
    client, django_assert_max_num_queries, count
):
    band = EquipmentFactory()
    for i in range(count):
        ExerciseFactory(name=f"Move {i}", equipment=[band])
    # page, count, equipment choices, muscle choices, equipment prefetch
    with django_assert_max_num_queries(5):
        response = client.get(URL, {"level": "beginner", "equipment": "home", "muscle": ""})
    assert response.status_code == 200
    assert len(names(response)) == min(count, 30)
    assert Exercise.objects.count() == count


def grow_catalog_tenfold():
    """Nine copies of every shipped exercise, with their equipment and muscles."""
    originals = list(Exercise.objects.prefetch_related("equipment", "primary_muscles"))
    for copy in range(1, 10):
        for exercise in originals:
            clone = Exercise.objects.get(pk=exercise.pk)
            clone.pk = None
            clone.slug = f"{exercise.slug}-{copy}"
            clone.name = f"{exercise.name} {copy}"
            clone.save()
            clone.equipment.set(exercise.equipment.all())
            clone.primary_muscles.set(exercise.primary_muscles.all())


@pytest.mark.parametrize("tenfold", [False, True], ids=["shipped", "ten-times"])
def test_list_and_detail_budgets_hold_for_the_shipped_and_a_tenfold_catalog(
    client, django_assert_max_num_queries, tenfold
):
    call_command("loaddata", "fixtures/exercises.json", verbosity=0)
    if tenfold:
        grow_catalog_tenfold()
    shipped = Exercise.objects.filter(slug="glute-bridge").get()

    with django_assert_max_num_queries(5):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(URL, {"equipment": "home", "q": "curl", "page": "2"}).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(shipped.get_absolute_url()).status_code == 200
