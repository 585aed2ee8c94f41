"""The admin's catalog forms, fuzzed through the admin as a superuser.

Every add and change form of the catalog (an exercise, a chain with its steps,
a muscle, equipment, a band colour, a source article) gets generated posts
(see tests/fuzz.py): the answer is never a server error, a refused post writes
nothing and says what to correct, and a saved one writes only rows that pass
`full_clean()`; a chain saved is numbered 1..n and names catalog exercises only.
"""

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from exercises.models import BandColour, Chain, Equipment, Exercise, Muscle, SourceArticle
from tests.factories import (
    ExerciseFactory,
    MuscleFactory,
    SourceArticleFactory,
    UserFactory,
    hold_stretch_factory,
    make_chain,
)
from tests.fuzz import (
    MISSING,
    form_data,
    fuzz_settings,
    logged_in,
    mostly,
    numbers,
    optional,
    rolled_back,
    send,
    words,
)

pytestmark = pytest.mark.django_db

SLUGS = st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,12}){0,3}", fullmatch=True)
TICKED = optional(st.just("on"))


class World:
    """The catalog rows every admin form is fuzzed against."""


@pytest.fixture
def world(db):
    w = World()
    w.admin = UserFactory(username="curator", is_staff=True, is_superuser=True)
    w.client = logged_in(w.admin)
    w.owner = UserFactory(username="someone")
    w.muscles = [MuscleFactory(name="Hamstrings"), MuscleFactory(name="Glutes")]
    w.sources = [SourceArticleFactory(title="Hamstring exercises")]
    w.equipment = Equipment.objects.create(slug="gym-ball", name="Gym ball", at_home=True)
    w.bands = [
        BandColour.objects.create(slug="tan", name="Tan", position=1, hex_colour="#d2b48c"),
        BandColour.objects.create(slug="yellow", name="Yellow", position=2, hex_colour="#ffff00"),
    ]
    w.moves = [
        ExerciseFactory(name="Glute Bridge"),
        ExerciseFactory(name="Single Leg Bridge", level=Exercise.Level.INTERMEDIATE),
        ExerciseFactory(name="Roller Bridge", level=Exercise.Level.ADVANCED),
        ExerciseFactory(name="Marching Bridge"),
        hold_stretch_factory(),
    ]
    w.private = ExerciseFactory(name="My Own Bridge", slug="my-own-bridge", owner=w.owner)
    w.chain = make_chain(*w.moves[:3], slug="bridges", name="Bridges")
    return w


def pks(objects):
    return [str(obj.pk) for obj in objects]


# Measures with a rule and ranges that agree, so that half the posts reach the save.
SHAPES = [
    {"measure": "reps", "rule": "set_ladder", "reps_min": "10", "reps_max": "10"},
    {"measure": "reps_load", "rule": "double_progression", "reps_min": "6", "reps_max": "8"},
    {"measure": "band_reps", "rule": "band_colour", "reps_min": "10", "reps_max": "10"},
    {"measure": "hold", "rule": "hold_build", "hold_min_s": "30", "hold_max_s": "60"},
]


@st.composite
def exercise_post(draw, w):
    shape = {"reps_min": "", "reps_max": "", "hold_min_s": "", "hold_max_s": ""}
    shape.update(draw(st.sampled_from(SHAPES)))
    fields = {
        "name": words(1, 100),
        "slug": SLUGS,
        "aliases": st.lists(words(0, 40), max_size=4).map("\n".join),
        "summary": words(1, 300),
        "is_active": TICKED,
        "starting_position": words(1, 200),
        "action": words(1, 200),
        "tips": words(0, 100),
        "level": mostly(Exercise.Level.values, ["expert", ""]),
        "kind": mostly(Exercise.Kind.values, ["cardio"]),
        "movement": mostly(Exercise.Movement.values, ["jump"]),
        "unilateral": TICKED,
        "primary_muscles": st.lists(st.sampled_from(pks(w.muscles)), min_size=1, max_size=2),
        "secondary_muscles": st.lists(st.sampled_from(pks(w.muscles)), max_size=2),
        "equipment": st.lists(st.just(str(w.equipment.pk)), max_size=1),
        "sets": mostly(["1", "3", "20"], ["0", "21", "-1"]),
        "rest_s": numbers(0, 400),
        "rep_hold_s": optional(numbers(0, 10)),
        "prescription_note": words(0, 300),
        "sources": st.just(pks(w.sources)),
    }
    fields.update({name: st.just(value) for name, value in shape.items()})
    return draw(st.fixed_dictionaries(fields))


@st.composite
def chain_post(draw, w, adding=False):
    steps = [] if adding else list(w.chain.steps.order_by("position"))
    kept = draw(st.integers(min_value=0, max_value=len(steps)))
    extra = draw(st.integers(min_value=0, max_value=2))
    # Mostly each catalog exercise once; now and then one twice, or a user's own.
    exercises = draw(st.permutations(pks(w.moves)))
    if draw(st.integers(0, 5)) == 0:
        exercises[0] = draw(st.sampled_from([exercises[1], str(w.private.pk)]))
    data = {
        "name": draw(mostly(["Bridges", "Curls"], ["", "x" * 120])),
        "slug": draw(SLUGS),
        "description": draw(words(0, 100)),
        "source": draw(optional(st.sampled_from(pks(w.sources)))),
        "steps-TOTAL_FORMS": str(kept + extra),
        "steps-INITIAL_FORMS": str(kept),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "50",
    }
    for i in range(kept + extra):
        if i < kept:
            data[f"steps-{i}-id"] = str(steps[i].pk)
            data[f"steps-{i}-chain"] = str(w.chain.pk)
            data[f"steps-{i}-DELETE"] = draw(mostly([MISSING], ["on"]))
        data[f"steps-{i}-exercise"] = draw(mostly([exercises[i]], ["", MISSING]))
        data[f"steps-{i}-position"] = draw(
            mostly([str(n) for n in range(1, 6)], ["", "0", "1000", "2.5"])
        )
    return {name: value for name, value in data.items() if value is not MISSING}


def muscle_post(w):
    return {
        "name": words(1, 70),
        "slug": SLUGS,
        "region": mostly(Muscle.Region.values, ["neck"]),
    }


def equipment_post(w):
    return {
        "name": words(1, 70),
        "slug": SLUGS,
        "at_home": TICKED,
        "load_step_kg": optional(mostly(["0.5", "1.25", "2.5", "20"], ["0", "-1", "0.001"])),
    }


def band_post(w):
    return {
        "name": words(1, 40),
        "slug": SLUGS,
        "position": numbers(1, 12),
        "hex_colour": mostly(["#d2b48c", "#FF0000", "#00aa00"], ["red", "#12345", "#1234567"]),
    }


def source_post(w):
    return {
        "title": words(1, 210),
        "slug": SLUGS,
        "author": words(0, 60),
        "publisher": words(0, 60),
        "summary": words(0, 200),
    }


# (model, the row whose change form is fuzzed, the plausible post)
FORMS = {
    "exercise": (Exercise, lambda w: w.moves[0], exercise_post),
    "chain": (Chain, lambda w: w.chain, chain_post),
    "muscle": (Muscle, lambda w: w.muscles[0], lambda w: st.fixed_dictionaries(muscle_post(w))),
    "equipment": (
        Equipment,
        lambda w: w.equipment,
        lambda w: st.fixed_dictionaries(equipment_post(w)),
    ),
    "bandcolour": (BandColour, lambda w: w.bands[0], lambda w: st.fixed_dictionaries(band_post(w))),
    "sourcearticle": (
        SourceArticle,
        lambda w: w.sources[0],
        lambda w: st.fixed_dictionaries(source_post(w)),
    ),
}


def check(outcome, world):
    response = outcome.response
    if response.status_code == 302:
        for label, change in outcome.changes.items():
            for row in apps.get_model(label).objects.filter(pk__in=change["written"]):
                row.full_clean()
        chain = Chain.objects.filter(pk=world.chain.pk).first()
        if chain is not None:
            steps = list(chain.steps.order_by("position").select_related("exercise"))
            assert [s.position for s in steps] == list(range(1, len(steps) + 1))
            assert all(s.exercise.owner_id is None for s in steps)
        return
    outcome.assert_nothing_written()
    assert response.status_code == 200, response.status_code
    assert "Please correct the error" in response.text


def fuzz_form(world, data, name, adding):
    model, row, post = FORMS[name]
    url = (
        reverse(f"admin:exercises_{name}_add")
        if adding
        else reverse(f"admin:exercises_{name}_change", args=[row(world).pk])
    )
    values = data.draw(form_data(chain_post(world, adding) if name == "chain" else post(world)))
    with rolled_back():
        check(send(world.client, "post", url, values), world)


@pytest.mark.parametrize("adding", [False, True], ids=["change", "add"])
@pytest.mark.parametrize("name", ["exercise", "chain"])
@fuzz_settings(40)
@given(data=st.data())
def test_the_admin_forms_of_exercises_and_chains_never_fail(world, data, name, adding):
    fuzz_form(world, data, name, adding)


@pytest.mark.parametrize("adding", [False, True], ids=["change", "add"])
@pytest.mark.parametrize("name", ["muscle", "equipment", "bandcolour", "sourcearticle"])
@fuzz_settings(20)
@given(data=st.data())
def test_the_admin_forms_of_the_catalogs_lists_never_fail(world, data, name, adding):
    fuzz_form(world, data, name, adding)
