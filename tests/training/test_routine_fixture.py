"""The shipped routines: they load cleanly, validate, and say what the articles say.

`loaddata` validates nothing, so this test is the templates' gatekeeper.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.management import call_command

from exercises.models import Chain, Exercise
from training.models import Routine, RoutineEntry

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
FIXTURE = FIXTURES / "routines.json"
PHYSIO_STAGES = [f"physio-home-ladder-{n}" for n in range(1, 5)]


@pytest.fixture
def templates():
    call_command("loaddata", str(FIXTURES / "exercises.json"), str(FIXTURE), verbosity=0)


WARM_UP = "warm-up"
COOL_DOWN = ["lying-towel-hamstring-stretch", "standing-hamstring-stretch", "seated-forward-bend"]


def plan(key):
    """A template's main part as (exercise slug, sets, reps_min, reps_max, hold_s): its
    entries between the warm-up and the cool-down stretches."""
    return [
        (e.exercise.slug, e.sets, e.reps_min, e.reps_max, e.hold_s)
        for e in RoutineEntry.objects.filter(routine__template_key=key)
        .select_related("exercise")
        .order_by("position")
    ][1 : -len(COOL_DOWN)]


def test_every_template_begins_with_the_warm_up_and_ends_with_the_static_stretches(templates):
    """Articles 000 and 004: 5–10 minutes of light cardio and dynamic stretching first,
    gentle static stretches after (towel, standing, seated forward bend)."""
    assert Routine.objects.templates().count() >= 8
    for routine in Routine.objects.templates():
        slugs = list(routine.entries.order_by("position").values_list("exercise__slug", flat=True))
        assert slugs[0] == WARM_UP, routine.template_key
        assert slugs[-len(COOL_DOWN) :] == COOL_DOWN, routine.template_key
        assert WARM_UP not in slugs[1:] and not set(COOL_DOWN) & set(slugs[1 : -len(COOL_DOWN)])
        warm_up = routine.entries.get(position=1)
        assert 300 <= warm_up.hold_s <= 600  # five to ten minutes


def test_the_fixture_uses_natural_keys_only_with_a_2_space_indent():
    text = FIXTURE.read_text(encoding="utf-8")
    rows = json.loads(text)
    assert text.startswith('[\n  {\n    "model": ')
    assert rows, "no routines shipped"
    assert all("pk" not in row for row in rows)
    keys = [row["fields"]["template_key"] for row in rows if row["model"] == "training.routine"]
    assert len(keys) == len(set(keys))
    assert all(row["fields"]["owner"] is None for row in rows if "owner" in row["fields"])


def test_every_template_and_entry_passes_full_clean(templates):
    assert Routine.objects.count() >= 5
    for obj in [*Routine.objects.all(), *RoutineEntry.objects.all()]:
        obj.full_clean()


def test_loading_twice_leaves_the_same_rows(templates):
    before = list(RoutineEntry.objects.values_list("pk", "routine_id", "position", "exercise_id"))
    routines = list(Routine.objects.values_list("pk", "template_key"))

    call_command("loaddata", str(FIXTURE), verbosity=0)

    assert list(Routine.objects.values_list("pk", "template_key")) == routines
    assert (
        list(RoutineEntry.objects.values_list("pk", "routine_id", "position", "exercise_id"))
        == before
    )


def test_the_file_is_exactly_what_the_loaded_templates_serialize_to(templates):
    objects = [
        *Routine.objects.order_by("template_key"),
        *RoutineEntry.objects.order_by("routine__template_key", "position"),
    ]
    exported = serializers.serialize(
        "json", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    assert json.loads(exported) == json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_every_template_is_sourced_described_and_numbered_from_1(templates):
    for routine in Routine.objects.select_related("source").prefetch_related("entries__exercise"):
        assert routine.is_template and routine.template_key, routine
        assert routine.source is not None, routine.template_key
        publisher = routine.source.publisher.split()[0]
        assert publisher in routine.description, f"{routine.template_key} does not say its source"
        entries = sorted(routine.entries.all(), key=lambda e: e.position)
        assert [e.position for e in entries] == list(range(1, len(entries) + 1))
        assert all(e.exercise.is_active for e in entries), routine.template_key


def test_the_physio_ladder_is_the_kpe_order_at_1x10(templates):
    chain = Chain.objects.get(slug="kpe-progressive-hamstring-strengthening")
    order = list(chain.steps.order_by("position").values_list("exercise__slug", flat=True))
    entries = [entry for key in PHYSIO_STAGES for entry in plan(key)]

    assert [slug for slug, *_ in entries] == order
    for slug, sets, reps_min, reps_max, _hold in entries:
        expected = (5, 10) if slug == "nordic-hamstring-curl" else (10, 10)
        assert (sets, reps_min, reps_max) == (1, *expected), slug
    assert plan("physio-home-ladder-1")[0] == ("hamstring-sets", 1, 10, 10, 5)
    assert all(
        r.source.slug == "kpe-hamstring-strengthening"
        for r in Routine.objects.filter(template_key__in=PHYSIO_STAGES)
    )


def test_the_beginner_plan_is_3_to_4_beginner_exercises_of_2_to_3_sets(templates):
    entries = plan("beginner-home-plan")
    levels = dict(Exercise.objects.values_list("slug", "level"))

    assert 3 <= len(entries) <= 4
    assert all(levels[slug] == Exercise.Level.BEGINNER for slug, *_ in entries)
    strength = [e for e in entries if "stretch" not in e[0]]
    assert len(strength) >= 3
    assert all(2 <= sets <= 3 for _slug, sets, *_ in strength)


@pytest.mark.parametrize("key", ["gym-leg-day-1", "gym-leg-day-2"])
def test_each_leg_day_is_deadlifts_leg_curls_and_glute_bridges(templates, key):
    assert plan(key) == [
        ("deadlift", 3, 6, 10, None),
        ("machine-leg-curl", 3, 8, 12, None),
        ("glute-bridge", 3, 10, 15, None),
    ]
    assert Routine.objects.get(template_key=key).rounds == 1


def test_the_circuit_is_3_to_4_moves_of_10_to_12_reps_for_3_rounds(templates):
    circuit = Routine.objects.get(template_key="hamstring-circuit")
    entries = plan("hamstring-circuit")

    assert circuit.rounds == 3
    assert 3 <= len(entries) <= 4
    assert all(
        (sets, reps_min, reps_max) == (1, 10, 12) for _, sets, reps_min, reps_max, _ in entries
    )
    circuit_moves = set(
        Exercise.objects.filter(sources__slug="womens-health-hamstring-circuit").values_list(
            "slug", flat=True
        )
    )
    assert {slug for slug, *_ in entries} <= circuit_moves
