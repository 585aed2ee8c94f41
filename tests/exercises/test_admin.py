import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from exercises.models import ChainStep, Exercise
from tests.factories import (
    ChainFactory,
    ExerciseFactory,
    MuscleFactory,
    SourceArticleFactory,
    make_chain,
)

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


# Chains: reordering through the number boxes ----------------------------------


@pytest.fixture
def ladder():
    """A chain of three bridges, easiest first."""
    steps = [
        ExerciseFactory(name="Glute Bridge"),
        ExerciseFactory(name="Single Leg Bridge", level="intermediate"),
        ExerciseFactory(name="Roller Bridge", level="advanced"),
    ]
    return make_chain(*steps, slug="bridges", name="Bridges")


def posted_chain(chain, rows):
    """The chain's change form as posted: `rows` of (step or None, exercise, position[, delete])."""
    initial = [row for row in rows if row[0] is not None]
    data = {
        "name": chain.name,
        "slug": chain.slug,
        "description": chain.description,
        "source": "",
        "steps-TOTAL_FORMS": str(len(rows)),
        "steps-INITIAL_FORMS": str(len(initial)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "50",
    }
    for i, (step, exercise, position, *delete) in enumerate(rows):
        if step is not None:
            data[f"steps-{i}-id"] = str(step.pk)
            data[f"steps-{i}-chain"] = str(chain.pk)
        data[f"steps-{i}-exercise"] = str(exercise.pk) if exercise else ""
        data[f"steps-{i}-position"] = str(position)
        if delete:
            data[f"steps-{i}-DELETE"] = "on"
    return data


def order(chain):
    return [(s.position, s.exercise.name) for s in chain.steps.order_by("position")]


def steps_of(chain):
    return list(chain.steps.order_by("position").select_related("exercise"))


def change_url(chain):
    return reverse("admin:exercises_chain_change", args=[chain.pk])


def test_it_swaps_two_steps_typed_into_each_others_positions(staff_client, ladder):
    first, second, third = steps_of(ladder)
    rows = [(first, first.exercise, 2), (second, second.exercise, 1), (third, third.exercise, 3)]
    response = staff_client.post(change_url(ladder), posted_chain(ladder, rows))
    assert response.status_code == 302
    assert order(ladder) == [(1, "Single Leg Bridge"), (2, "Glute Bridge"), (3, "Roller Bridge")]


def test_it_inserts_a_step_by_shifting_the_later_ones(staff_client, ladder):
    first, second, third = steps_of(ladder)
    marching = ExerciseFactory(name="Marching Bridge")
    rows = [
        (first, first.exercise, 1),
        (second, second.exercise, 3),
        (third, third.exercise, 4),
        (None, marching, 2),
    ]
    response = staff_client.post(change_url(ladder), posted_chain(ladder, rows))
    assert response.status_code == 302
    assert order(ladder) == [
        (1, "Glute Bridge"),
        (2, "Marching Bridge"),
        (3, "Single Leg Bridge"),
        (4, "Roller Bridge"),
    ]


def test_a_new_step_given_a_taken_position_goes_before_the_step_holding_it(staff_client, ladder):
    first, second, third = steps_of(ladder)
    marching = ExerciseFactory(name="Marching Bridge")
    rows = [
        (first, first.exercise, 1),
        (second, second.exercise, 2),
        (third, third.exercise, 3),
        (None, marching, 2),
    ]
    response = staff_client.post(change_url(ladder), posted_chain(ladder, rows))
    assert response.status_code == 302
    # A tie keeps the page's order: the new row is below, so it comes after.
    assert [name for _, name in order(ladder)] == [
        "Glute Bridge",
        "Single Leg Bridge",
        "Marching Bridge",
        "Roller Bridge",
    ]


def test_gaps_and_repeated_positions_are_saved_as_one_to_n(staff_client, ladder):
    first, second, third = steps_of(ladder)
    rows = [(first, first.exercise, 40), (second, second.exercise, 7), (third, third.exercise, 7)]
    response = staff_client.post(change_url(ladder), posted_chain(ladder, rows))
    assert response.status_code == 302
    assert order(ladder) == [(1, "Single Leg Bridge"), (2, "Roller Bridge"), (3, "Glute Bridge")]


def test_removing_a_step_closes_the_gap(staff_client, ladder):
    first, second, third = steps_of(ladder)
    rows = [
        (first, first.exercise, 1),
        (second, second.exercise, 2, "delete"),
        (third, third.exercise, 3),
    ]
    response = staff_client.post(change_url(ladder), posted_chain(ladder, rows))
    assert response.status_code == 302
    assert order(ladder) == [(1, "Glute Bridge"), (2, "Roller Bridge")]


def test_two_steps_can_trade_exercises(staff_client, ladder):
    first, second, third = steps_of(ladder)
    rows = [(first, second.exercise, 1), (second, first.exercise, 2), (third, third.exercise, 3)]
    response = staff_client.post(change_url(ladder), posted_chain(ladder, rows))
    assert response.status_code == 302
    assert order(ladder) == [(1, "Single Leg Bridge"), (2, "Glute Bridge"), (3, "Roller Bridge")]


def field_errors(response, row, field):
    """The errors the admin shows beside one field of one step row."""
    form = response.context["inline_admin_formsets"][0].formset.forms[row]
    return form.errors.get(field, [])


def test_a_blank_position_is_refused_beside_the_field(staff_client, ladder):
    first, second, third = steps_of(ladder)
    rows = [(first, first.exercise, ""), (second, second.exercise, 2), (third, third.exercise, 3)]
    response = staff_client.post(change_url(ladder), posted_chain(ladder, rows))
    assert response.status_code == 200
    assert field_errors(response, 0, "position") == [
        "Give this step a position (1 is the easiest)."
    ]
    assert "Give this step a position" in response.text
    assert order(ladder) == [(1, "Glute Bridge"), (2, "Single Leg Bridge"), (3, "Roller Bridge")]


@pytest.mark.parametrize("position", ["0", "-3", "1000", "99999999999999999999", "two"])
def test_a_position_out_of_range_is_refused_beside_the_field(staff_client, ladder, position):
    first, second, third = steps_of(ladder)
    rows = [(first, first.exercise, position), (second, second.exercise, 2)]
    rows.append((third, third.exercise, 3))
    response = staff_client.post(change_url(ladder), posted_chain(ladder, rows))
    assert response.status_code == 200
    [error] = field_errors(response, 0, "position")
    assert error in (
        "Use a position from 1 to 999.",
        "Type the position as a whole number, e.g. 3.",
    )
    assert error in response.text
    assert order(ladder) == [(1, "Glute Bridge"), (2, "Single Leg Bridge"), (3, "Roller Bridge")]


def test_an_exercise_twice_in_a_chain_is_refused_beside_the_second(staff_client, ladder):
    first, second, third = steps_of(ladder)
    rows = [(first, first.exercise, 1), (second, second.exercise, 2), (third, first.exercise, 3)]
    response = staff_client.post(change_url(ladder), posted_chain(ladder, rows))
    assert response.status_code == 200
    [error] = field_errors(response, 2, "exercise")
    assert error.startswith("Glute Bridge appears twice in this chain (positions 1 and 3).")
    assert order(ladder) == [(1, "Glute Bridge"), (2, "Single Leg Bridge"), (3, "Roller Bridge")]


def test_a_users_private_exercise_cannot_join_a_chain(staff_client, ladder, user):
    first, second, third = steps_of(ladder)
    private = ExerciseFactory(name="My Own Curl", owner=user)
    rows = [(first, first.exercise, 1), (second, second.exercise, 2), (third, third.exercise, 3)]
    rows.append((None, private, 4))
    response = staff_client.post(change_url(ladder), posted_chain(ladder, rows))
    assert response.status_code == 200
    assert field_errors(response, 3, "exercise")
    assert len(order(ladder)) == 3


def test_a_chain_page_shows_each_steps_level_and_prescription(staff_client, ladder):
    response = staff_client.get(change_url(ladder))
    assert response.status_code == 200
    page = response.content.decode()
    rows = re.findall(r'<tr class="form-row has_original.*?</tr>', page, re.S)
    cell = r'<td class="field-(?:level|prescription)">(.*?)</td>'
    shown = [
        [" ".join(re.sub(r"<[^>]+>", " ", text).split()) for text in re.findall(cell, row, re.S)]
        for row in rows
    ]
    assert shown == [
        ["Beginner", "3 × 10, 60 s rest"],
        ["Intermediate", "3 × 10, 60 s rest"],
        ["Advanced", "3 × 10, 60 s rest"],
    ]
    assert "js/admin-chain-order.js" in page


def test_a_chain_change_is_in_its_history_with_who_made_it(staff_client, ladder):
    first, second, third = steps_of(ladder)
    rows = [(first, first.exercise, 2), (second, second.exercise, 1), (third, third.exercise, 3)]
    staff_client.post(change_url(ladder), posted_chain(ladder, rows))
    entry = LogEntry.objects.get(object_id=str(ladder.pk))
    assert entry.user.username == "coach"
    assert "Changed position for chain step" in entry.get_change_message()
    history = staff_client.get(reverse("admin:exercises_chain_history", args=[ladder.pk]))
    assert "coach" in history.text


# Exercises: a curator's list -------------------------------------------------


def test_an_exercise_change_is_in_its_history_with_who_made_it(staff_client):
    nordic = ExerciseFactory(name="Nordic Curl", slug="slider-curl")
    url = reverse("admin:exercises_exercise_change", args=[nordic.pk])
    data = exercise_form(name="Nordic Curl", rest_s="150")
    response = staff_client.post(url, data)
    assert response.status_code == 302
    entry = LogEntry.objects.get(object_id=str(nordic.pk))
    assert entry.user.username == "coach"
    assert "Rest between sets (s)" in entry.get_change_message()
    history = staff_client.get(reverse("admin:exercises_exercise_history", args=[nordic.pk]))
    assert "coach" in history.text and "Rest between sets" in history.text


def test_aliases_are_kept_one_a_line_without_blanks_or_repeats(staff_client):
    aliases = (
        "  Nordic Hamstrings   Curls \n\nnordic hamstrings curls\r\nNordic Curl (Bodyweight)\n"
    )
    response = staff_client.post(
        reverse("admin:exercises_exercise_add"), exercise_form(aliases=aliases)
    )
    assert response.status_code == 302
    saved = Exercise.objects.get(slug="slider-curl")
    assert saved.aliases == "Nordic Hamstrings Curls\nNordic Curl (Bodyweight)"


def test_the_aliases_box_says_how_to_write_them(staff_client):
    response = staff_client.get(reverse("admin:exercises_exercise_add"))
    assert "One name per line, as Strong, Hevy or FitNotes write it" in response.text
    assert '<textarea name="aliases"' in response.text


def test_the_exercise_list_finds_an_exercise_by_an_alias(staff_client):
    ExerciseFactory(name="Nordic Curl", aliases="Nordic Hamstrings Curls\nRussian Curl")
    ExerciseFactory(name="Glute Bridge")
    url = reverse("admin:exercises_exercise_changelist")
    response = staff_client.get(url, {"q": "russian"})
    assert [e.name for e in response.context["cl"].result_list] == ["Nordic Curl"]


def test_the_exercise_list_links_each_public_exercise_to_its_page(staff_client, user):
    ExerciseFactory(name="Nordic Curl", slug="nordic-curl")
    ExerciseFactory(name="Old Move", slug="old-move", is_active=False)
    ExerciseFactory(name="My Own Curl", slug="my-own-curl", owner=user)
    response = staff_client.get(reverse("admin:exercises_exercise_changelist"))
    assert 'href="/exercises/nordic-curl/"' in response.text
    assert 'href="/exercises/old-move/"' not in response.text
    assert 'href="/exercises/my-own-curl/"' not in response.text
    assert "hidden (inactive)" in response.text


def test_an_exercise_page_in_admin_has_view_on_site(staff_client):
    nordic = ExerciseFactory(name="Nordic Curl", slug="nordic-curl")
    response = staff_client.get(reverse("admin:exercises_exercise_change", args=[nordic.pk]))
    assert 'href="/exercises/nordic-curl/"' in response.text
    assert "View on site" in response.text


def test_the_chain_steps_exercise_box_offers_only_the_public_catalog(staff_client, user, ladder):
    ExerciseFactory(name="Bridge Walkout")
    ExerciseFactory(name="My Own Bridge", owner=user)
    ExerciseFactory(name="Retired Bridge", is_active=False)
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "bridge",
            "app_label": "exercises",
            "model_name": "chainstep",
            "field_name": "exercise",
        },
    )
    names = [item["text"] for item in response.json()["results"]]
    assert "Bridge Walkout" in names
    assert "My Own Bridge" not in names and "Retired Bridge" not in names


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"level__exact": "beginner"},
        {"q": "bridge"},
        {"equipment__id__exact": "1", "kind__exact": "strength"},
    ],
)
def test_the_exercise_list_costs_a_few_queries_with_the_whole_catalog(
    staff_client, django_assert_max_num_queries, query
):
    call_command("loaddata", "fixtures/exercises.json", verbosity=0)
    with django_assert_max_num_queries(9):
        response = staff_client.get(reverse("admin:exercises_exercise_changelist"), query)
    assert response.status_code == 200


def test_a_band_colour_must_be_a_hex_colour(staff_client):
    response = staff_client.post(
        reverse("admin:exercises_bandcolour_add"),
        {"name": "Purple", "slug": "purple", "position": "9", "hex_colour": "red"},
    )
    assert response.status_code == 200
    assert "Write the colour as # and six hex digits" in response.text
