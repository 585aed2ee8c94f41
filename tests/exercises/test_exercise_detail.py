import pytest

from tests.factories import EquipmentFactory, ExerciseFactory, MuscleFactory, make_chain

pytestmark = pytest.mark.django_db


def test_the_page_shows_instructions_prescription_equipment_and_source(client):
    chair = EquipmentFactory(name="Chair")
    exercise = ExerciseFactory(
        name="Standing Hamstring Curl",
        starting_position="Stand holding a chair.",
        action="Bend the knee.\nHold for 3 seconds.\nLower slowly.",
        tips="Stay upright.",
        sets=3,
        reps_min=10,
        reps_max=10,
        rep_hold_s=3,
        unilateral=True,
        prescription_note="1 × 10, building to 3 × 10",
        equipment=[chair],
    )
    response = client.get(exercise.get_absolute_url())
    text = response.text
    assert response.status_code == 200
    assert "Stand holding a chair." in text
    assert "<li>Hold for 3 seconds.</li>" in text
    assert "3 × 10, pause 3 s in each rep, each leg, 60 s rest" in text
    assert "Chair" in text
    assert exercise.sources.get().title in text


def test_easier_and_harder_links_follow_each_chain(client):
    hold = ExerciseFactory(name="Hamstring Set")
    bridge = ExerciseFactory(name="Glute Bridge")
    single = ExerciseFactory(name="Single Leg Bridge")
    roller = ExerciseFactory(name="Roller Bridge")
    make_chain(hold, bridge, single, name="Physio ladder")
    make_chain(bridge, roller, name="Bridge ladder")

    response = client.get(bridge.get_absolute_url())

    chains = {item["chain"].name: item for item in response.context["chains"]}
    assert chains["Physio ladder"]["easier"] == hold
    assert chains["Physio ladder"]["harder"] == single
    assert chains["Bridge ladder"]["easier"] is None
    assert chains["Bridge ladder"]["harder"] == roller
    assert f'href="{single.get_absolute_url()}"' in response.text
    assert f'href="{roller.get_absolute_url()}"' in response.text


def test_a_retired_step_is_skipped_in_the_links(client):
    first = ExerciseFactory(name="First")
    retired = ExerciseFactory(name="Retired", is_active=False)
    third = ExerciseFactory(name="Third")
    make_chain(first, retired, third)
    response = client.get(first.get_absolute_url())
    assert response.context["chains"][0]["harder"] == third


def test_the_top_of_a_chain_says_so(client):
    easy = ExerciseFactory(name="Easy")
    hard = ExerciseFactory(name="Hard")
    make_chain(easy, hard)
    assert "The top of this chain." in client.get(hard.get_absolute_url()).text


def test_an_inactive_or_unknown_exercise_is_404(client):
    retired = ExerciseFactory(is_active=False)
    assert client.get(retired.get_absolute_url()).status_code == 404
    assert client.get("/exercises/no-such-move/").status_code == 404


def test_post_is_not_allowed(client):
    exercise = ExerciseFactory()
    assert client.post(exercise.get_absolute_url()).status_code == 405


@pytest.mark.parametrize("chains", [1, 10])
def test_the_page_costs_the_same_queries_whatever_the_number_of_chains(
    client, django_assert_max_num_queries, chains
):
    exercise = ExerciseFactory(name="Bridge")
    exercise.secondary_muscles.add(MuscleFactory())
    exercise.equipment.add(EquipmentFactory())
    for i in range(chains):
        make_chain(ExerciseFactory(name=f"Easier {i}"), exercise, ExerciseFactory(name=f"Hard {i}"))
    # exercise, 4 prefetches (muscles ×2, equipment, sources), chain steps
    with django_assert_max_num_queries(6):
        response = client.get(exercise.get_absolute_url())
    assert len(response.context["chains"]) == chains
