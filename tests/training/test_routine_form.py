"""Creating and editing a routine: the routine's fields and a formset of its exercises."""

import re

import pytest
from django.urls import reverse

from exercises.models import Exercise
from tests.factories import ExerciseFactory, RoutineEntryFactory, RoutineFactory
from tests.html import field_error
from training.models import Routine

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("training:routine-create")


def edit_url(routine):
    return reverse("training:routine-edit", args=[routine.pk])


def form_data(entries, *, initial=0, **routine):
    """POST data for the routine form; each entry is a dict of one card's fields."""
    data = {
        "name": "Home plan",
        "description": "Mondays and Thursdays.",
        "rounds": "1",
        "entries-TOTAL_FORMS": str(len(entries)),
        "entries-INITIAL_FORMS": str(initial),
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "30",
        **routine,
    }
    for i, entry in enumerate(entries):
        for key, value in entry.items():
            data[f"entries-{i}-{key}"] = "" if value is None else str(value)
    return data


def card(exercise, **numbers):
    fields = {"sets": "", "reps_min": "", "reps_max": "", "hold_s": "", "rest_s": "", "ORDER": ""}
    return {"exercise": exercise.pk if exercise else "", **fields, **numbers}


@pytest.fixture
def bridge(db):
    return ExerciseFactory(name="Glute Bridge", sets=3, reps_min=10, reps_max=10, rest_s=60)


@pytest.fixture
def curl(db):
    return ExerciseFactory(name="Standing Curl", sets=3, reps_min=8, reps_max=12, rest_s=45)


@pytest.fixture
def stretch(db):
    return ExerciseFactory(
        name="Towel Stretch",
        kind=Exercise.Kind.STRETCH,
        measure=Exercise.Measure.HOLD,
        rule=Exercise.Rule.HOLD_BUILD,
        sets=1,
        reps_min=None,
        reps_max=None,
        hold_min_s=30,
        hold_max_s=60,
        rest_s=15,
    )


# Create


@pytest.mark.parametrize("url", [CREATE_URL, "edit"])
def test_an_anonymous_visitor_is_sent_to_log_in(client, user, url):
    if url == "edit":
        url = edit_url(RoutineFactory(owner=user))

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url}"


def test_the_new_routine_form_offers_active_exercises_by_name_in_labelled_cards(
    auth_client, bridge, curl
):
    ExerciseFactory(name="Aardvark Retired", is_active=False)

    response = auth_client.get(CREATE_URL)

    assert response.status_code == 200
    text = response.text
    assert text.count("<fieldset") == 3
    options = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', text)
    assert options[:2] == ["Glute Bridge", "Standing Curl"]
    assert "Aardvark Retired" not in text
    for name in ("name", "rounds", "entries-0-exercise", "entries-0-sets", "entries-0-hold_s"):
        assert re.search(rf'<label\s+for="id_{name}"', text), name


def test_saving_creates_the_routine_with_entries_in_order_and_redirects(
    auth_client, user, bridge, curl
):
    data = form_data(
        [card(curl, sets=2, reps_min=8, reps_max=12, rest_s=45), card(bridge, sets=3, reps_min=10)]
    )

    response = auth_client.post(CREATE_URL, data)

    routine = Routine.objects.get(owner=user)
    assert response.status_code == 302
    assert response.url == routine.get_absolute_url()
    assert routine.name == "Home plan"
    entries = list(routine.entries.order_by("position"))
    assert [(e.position, e.exercise, e.sets, e.reps_min, e.reps_max) for e in entries] == [
        (1, curl, 2, 8, 12),
        (2, bridge, 3, 10, 10),
    ]
    assert "saved to your routines" in auth_client.get(response.url).text


def test_blank_numbers_take_the_exercises_catalog_prescription(auth_client, user, curl, stretch):
    auth_client.post(CREATE_URL, form_data([card(curl), card(stretch)]))

    by_name = {e.exercise.name: e for e in Routine.objects.get(owner=user).entries.all()}
    curl_entry, stretch_entry = by_name["Standing Curl"], by_name["Towel Stretch"]
    assert (curl_entry.sets, curl_entry.reps_min, curl_entry.reps_max) == (3, 8, 12)
    assert (curl_entry.hold_s, curl_entry.rest_s) == (None, 45)
    assert (stretch_entry.sets, stretch_entry.reps_min, stretch_entry.hold_s) == (1, None, 30)
    assert stretch_entry.rest_s == 15


def test_a_hold_exercise_fills_each_blank_from_the_catalog(auth_client, user):
    hamstring_set = ExerciseFactory(
        name="Hamstring Set",
        kind=Exercise.Kind.ISOMETRIC,
        measure=Exercise.Measure.HOLD,
        reps_min=10,
        reps_max=10,
        hold_min_s=5,
        hold_max_s=10,
    )

    auth_client.post(CREATE_URL, form_data([card(hamstring_set, sets=1, hold_s=8)]))

    entry = Routine.objects.get(owner=user).entries.get()
    assert (entry.sets, entry.reps_min, entry.reps_max, entry.hold_s) == (1, 10, 10, 8)


def test_a_bad_position_gets_a_message(auth_client, user, bridge):
    response = auth_client.post(CREATE_URL, form_data([card(bridge, ORDER=0)]))

    assert "Positions go from 1 to 30." in field_error(response, "entries-0-ORDER")


def test_a_hold_alone_keeps_reps_blank(auth_client, user, bridge):
    auth_client.post(CREATE_URL, form_data([card(bridge, sets=2, hold_s=30)]))

    entry = Routine.objects.get(owner=user).entries.get()
    assert (entry.sets, entry.reps_min, entry.reps_max, entry.hold_s) == (2, None, None, 30)


def test_a_single_rep_number_is_a_fixed_count(auth_client, user, curl):
    auth_client.post(CREATE_URL, form_data([card(curl, reps_max=12)]))

    entry = Routine.objects.get(owner=user).entries.get()
    assert (entry.reps_min, entry.reps_max) == (12, 12)


def test_blank_cards_are_left_out(auth_client, user, bridge):
    auth_client.post(CREATE_URL, form_data([card(None), card(bridge), card(None)]))

    assert Routine.objects.get(owner=user).entries.get().position == 1


def test_a_circuit_keeps_its_rounds(auth_client, user, bridge):
    auth_client.post(CREATE_URL, form_data([card(bridge)], rounds="3"))

    assert Routine.objects.get(owner=user).rounds == 3


def test_an_inverted_rep_range_is_refused_and_the_typed_values_are_kept(auth_client, user, bridge):
    response = auth_client.post(
        CREATE_URL, form_data([card(bridge, sets=3, reps_min=12, reps_max=8)], name="Typed name")
    )

    assert response.status_code == 200
    assert "The rep range is inverted: 12–8" in field_error(response, "entries-0-reps_max")
    assert "Nothing is saved yet" in response.text
    assert 'value="Typed name"' in response.text
    assert 'name="entries-0-reps_min" value="12"' in response.text
    assert f'<option value="{bridge.pk}" selected>' in response.text
    assert not Routine.objects.filter(owner=user).exists()


@pytest.mark.parametrize(
    "numbers,field,message",
    [
        ({"sets": 0}, "sets", "Sets must be between 1 and 20."),
        ({"sets": 21}, "sets", "Sets must be between 1 and 20."),
        ({"hold_s": 3601}, "hold_s", "A hold lasts from 1 second to an hour (3600 s)."),
        ({"reps_min": 0, "reps_max": 5}, "reps_min", "Reps must be between 1 and 1000."),
        ({"rest_s": -1}, "rest_s", "Rest between 0 and 1800 s"),
        ({"sets": "three"}, "sets", "Sets must be between 1 and 20."),
    ],
)
def test_out_of_range_numbers_get_a_clear_message_next_to_the_field(
    auth_client, user, bridge, numbers, field, message
):
    response = auth_client.post(CREATE_URL, form_data([card(bridge, **numbers)]))

    assert response.status_code == 200
    assert message in field_error(response, f"entries-0-{field}")
    assert not Routine.objects.filter(owner=user).exists()


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("sets", "99999999999999999999", "Sets must be between 1 and 20."),
        ("sets", "2.75", "Sets must be between 1 and 20."),
        ("reps_min", "123456789", "Reps must be between 1 and 1000."),
        ("reps_max", "10.125", "Reps must be between 1 and 1000."),
        ("hold_s", "1e400", "A hold lasts from 1 second to an hour (3600 s)."),
        ("hold_s", "30.5", "A hold lasts from 1 second to an hour (3600 s)."),
        ("rest_s", "123456789", "Rest between 0 and 1800 s"),
        ("rest_s", "60.25", "Rest between 0 and 1800 s"),
        ("ORDER", "99999999999", "Positions go from 1 to 30."),
        ("ORDER", "1.5", "Positions go from 1 to 30."),
    ],
)
def test_a_huge_or_fractional_number_gets_a_message_beside_it_and_is_kept(
    auth_client, user, bridge, field, value, message
):
    response = auth_client.post(CREATE_URL, form_data([{**card(bridge), field: value}]))

    assert response.status_code == 200
    assert message in field_error(response, f"entries-0-{field}")
    assert f'name="entries-0-{field}" value="{value}"' in response.text
    assert not Routine.objects.filter(owner=user).exists()


@pytest.mark.parametrize("value", ["99999999999999999999", "2.5"])
def test_huge_or_fractional_rounds_get_a_message_beside_them_and_are_kept(
    auth_client, user, bridge, value
):
    response = auth_client.post(CREATE_URL, form_data([card(bridge)], rounds=value))

    assert response.status_code == 200
    assert "A routine has between 1 and 10 rounds." in field_error(response, "rounds")
    assert f'name="rounds" value="{value}"' in response.text


def test_numbers_without_an_exercise_ask_for_one(auth_client, user):
    response = auth_client.post(CREATE_URL, form_data([card(None, sets=3)]))

    assert response.status_code == 200
    assert "Choose an exercise for this card." in field_error(response, "entries-0-exercise")


def test_a_retired_or_unknown_exercise_cannot_be_chosen(auth_client, user):
    retired = ExerciseFactory(is_active=False)

    response = auth_client.post(
        CREATE_URL, form_data([card(retired), {**card(None), "exercise": "999999"}])
    )

    assert response.status_code == 200
    assert "Choose an exercise from the list." in field_error(response, "entries-0-exercise")
    assert "Choose an exercise from the list." in field_error(response, "entries-1-exercise")
    assert not Routine.objects.filter(owner=user).exists()


def test_a_routine_with_no_exercises_is_refused(auth_client, user):
    response = auth_client.post(CREATE_URL, form_data([card(None), card(None)]))

    assert response.status_code == 200
    assert "Add at least one exercise" in response.text
    assert not Routine.objects.filter(owner=user).exists()


@pytest.mark.parametrize(
    "routine,field,message",
    [
        ({"name": ""}, "name", "Give the routine a name."),
        ({"rounds": "0"}, "rounds", "A routine has between 1 and 10 rounds."),
        ({"rounds": "11"}, "rounds", "A routine has between 1 and 10 rounds."),
    ],
)
def test_the_routines_own_fields_are_checked(auth_client, user, bridge, routine, field, message):
    response = auth_client.post(CREATE_URL, form_data([card(bridge)], **routine))

    assert response.status_code == 200
    assert message in field_error(response, field)
    assert not Routine.objects.filter(owner=user).exists()


def test_add_another_exercise_shows_one_more_card_and_saves_nothing(auth_client, user, bridge):
    data = form_data([card(bridge, sets=2)], add_entry="1")

    response = auth_client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert response.text.count("<fieldset") == 2
    assert 'name="entries-0-sets" value="2"' in response.text
    assert "Nothing is saved yet" not in response.text
    assert not Routine.objects.filter(owner=user).exists()


def test_add_another_exercise_on_a_blank_form_does_not_scold(auth_client, user):
    response = auth_client.post(CREATE_URL, form_data([card(None)], add_entry="1"))

    assert response.status_code == 200
    assert response.text.count("<fieldset") == 2
    assert "Add at least one exercise" not in response.text


def test_more_than_30_exercises_is_refused(auth_client, user, bridge):
    response = auth_client.post(CREATE_URL, form_data([card(bridge)] * 31))

    assert response.status_code == 200
    assert not Routine.objects.filter(owner=user).exists()


def test_put_is_not_allowed(auth_client):
    assert auth_client.put(CREATE_URL).status_code == 405


# Edit


def edit_cards(routine):
    return [
        {
            **card(
                e.exercise,
                sets=e.sets,
                reps_min=e.reps_min,
                reps_max=e.reps_max,
                hold_s=e.hold_s,
                rest_s=e.rest_s,
                ORDER=e.position,
            ),
            "id": e.pk,
            "routine": routine.pk,
        }
        for e in routine.entries.order_by("position")
    ]


@pytest.fixture
def mine(user, bridge, curl):
    routine = RoutineFactory(owner=user, name="Leg day")
    RoutineEntryFactory(routine=routine, exercise=bridge, position=1, sets=2)
    RoutineEntryFactory(routine=routine, exercise=curl, position=2, reps_min=8, reps_max=12)
    return routine


def test_the_edit_form_is_filled_with_the_routine_and_its_entries(auth_client, mine, curl):
    response = auth_client.get(edit_url(mine))

    assert response.status_code == 200
    text = response.text
    assert 'value="Leg day"' in text
    assert text.count("<fieldset") == 3  # two entries and a blank card
    assert 'name="entries-1-reps_max" value="12"' in text
    assert "Exercise 2: Standing Curl" in text


def test_editing_saves_changes_removals_additions_and_a_new_order(
    auth_client, mine, bridge, curl, stretch
):
    cards = edit_cards(mine)
    cards[0]["ORDER"] = 2  # the bridge goes after the curl
    cards[1]["ORDER"] = 1
    cards[1]["sets"] = 4
    cards.append(card(stretch))
    data = form_data(cards, initial=2, name="Leg day, new")

    response = auth_client.post(edit_url(mine), data)

    assert response.status_code == 302
    assert response.url == mine.get_absolute_url()
    mine.refresh_from_db()
    assert mine.name == "Leg day, new"
    entries = list(mine.entries.order_by("position"))
    assert [(e.position, e.exercise, e.sets) for e in entries] == [
        (1, curl, 4),
        (2, bridge, 2),
        (3, stretch, 1),
    ]


def test_removing_an_entry_renumbers_the_rest(auth_client, mine, curl):
    cards = edit_cards(mine)
    cards[0]["DELETE"] = "on"

    response = auth_client.post(edit_url(mine), form_data(cards, initial=2))

    assert response.status_code == 302
    assert [(e.position, e.exercise) for e in mine.entries.all()] == [(1, curl)]


def test_removing_every_entry_is_refused(auth_client, mine):
    cards = edit_cards(mine)
    for c in cards:
        c["DELETE"] = "on"

    response = auth_client.post(edit_url(mine), form_data(cards, initial=2))

    assert response.status_code == 200
    assert "Add at least one exercise" in response.text
    assert mine.entries.count() == 2


def test_an_invalid_edit_keeps_the_typed_values_and_changes_nothing(auth_client, mine):
    cards = edit_cards(mine)
    cards[1]["reps_min"], cards[1]["reps_max"] = 12, 8

    response = auth_client.post(edit_url(mine), form_data(cards, initial=2, name="Renamed"))

    assert response.status_code == 200
    assert "The rep range is inverted: 12–8" in field_error(response, "entries-1-reps_max")
    assert 'value="Renamed"' in response.text
    mine.refresh_from_db()
    assert mine.name == "Leg day"
    assert mine.entries.get(position=2).reps_max == 12


def test_a_template_cannot_be_edited(auth_client):
    plan = RoutineFactory(owner=None, template_key="leg-day-1")

    assert auth_client.get(edit_url(plan)).status_code == 404
    assert auth_client.post(edit_url(plan), form_data([])).status_code == 404


def test_another_users_routine_is_404(auth_client, other_user):
    theirs = RoutineFactory(owner=other_user)

    assert auth_client.get(edit_url(theirs)).status_code == 404
    assert auth_client.post(edit_url(theirs), form_data([])).status_code == 404


def test_an_entry_of_another_routine_cannot_be_taken_over(auth_client, mine, other_user, curl):
    theirs = RoutineFactory(owner=other_user)
    their_entry = RoutineEntryFactory(routine=theirs, exercise=curl, position=1, sets=5)
    cards = edit_cards(mine)
    cards[0]["id"] = their_entry.pk

    response = auth_client.post(edit_url(mine), form_data(cards, initial=2))

    assert response.status_code == 200
    assert "is no longer part of the routine" in response.text
    their_entry.refresh_from_db()
    assert (their_entry.routine, their_entry.position, their_entry.sets) == (theirs, 1, 5)
    # Refused, not turned into a new entry: the routine is as it was.
    assert [e.position for e in mine.entries.all()] == [1, 2]


def test_an_entry_added_in_another_tab_is_kept_at_the_end(auth_client, mine, stretch):
    cards = edit_cards(mine)
    late = RoutineEntryFactory(routine=mine, exercise=stretch, position=3)

    response = auth_client.post(edit_url(mine), form_data(cards, initial=2))

    assert response.status_code == 302
    late.refresh_from_db()
    assert late.position == 3
    assert [e.position for e in mine.entries.all()] == [1, 2, 3]


def test_put_is_not_allowed_on_edit(auth_client, mine):
    assert auth_client.put(edit_url(mine)).status_code == 405


@pytest.mark.parametrize("count", [1, 30])
def test_the_edit_page_costs_the_same_queries_whatever_the_number_of_entries(
    auth_client, user, django_assert_max_num_queries, count
):
    routine = RoutineFactory(owner=user)
    exercises = [ExerciseFactory() for _ in range(5)]
    for position in range(1, count + 1):
        RoutineEntryFactory(routine=routine, exercise=exercises[position % 5], position=position)

    # session, user, routine, exercises to choose from, entries with their exercises
    with django_assert_max_num_queries(5):
        response = auth_client.get(edit_url(routine))

    assert response.status_code == 200
