"""The shipped catalog: loads cleanly, validates, and says what the articles say.

`loaddata` validates nothing, so this test is the catalog's gatekeeper.
"""

import json
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from exercises.models import (
    BandColour,
    Chain,
    ChainStep,
    Equipment,
    Exercise,
    Muscle,
    SourceArticle,
)

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "exercises.json"
CATALOG_MODELS = [SourceArticle, Muscle, Equipment, BandColour, Exercise, Chain, ChainStep]


@pytest.fixture
def catalog():
    call_command("loaddata", str(FIXTURE), verbosity=0)


def counts():
    return {model.__name__: model.objects.count() for model in CATALOG_MODELS}


def test_the_fixture_uses_natural_keys_only():
    rows = json.loads(FIXTURE.read_text())
    assert rows, "the catalog fixture is empty"
    assert all("pk" not in row for row in rows)
    slugs = Counter(
        (row["model"], row["fields"]["slug"]) for row in rows if "slug" in row["fields"]
    )
    assert [key for key, n in slugs.items() if n > 1] == []


def test_every_catalog_row_passes_full_clean(catalog):
    for model in CATALOG_MODELS:
        for obj in model.objects.all():
            obj.full_clean()


def test_loading_twice_leaves_the_same_rows(catalog):
    before = counts()
    call_command("loaddata", str(FIXTURE), verbosity=0)
    assert counts() == before
    assert before["Exercise"] >= 35


def test_every_exercise_is_complete(catalog):
    for exercise in Exercise.objects.prefetch_related("primary_muscles", "sources"):
        assert exercise.starting_position.strip(), exercise.slug
        assert exercise.action_steps, exercise.slug
        assert exercise.level in Exercise.Level.values, exercise.slug
        assert exercise.measure in Exercise.Measure.values, exercise.slug
        assert exercise.primary_muscles.all(), exercise.slug
        assert exercise.sources.all(), f"{exercise.slug} has no source article"
        if exercise.measure == Exercise.Measure.HOLD:
            assert exercise.hold_min_s and exercise.hold_max_s, exercise.slug
        else:
            assert exercise.reps_min and exercise.reps_max, exercise.slug


def test_every_chain_runs_from_1_without_gaps_or_repeats(catalog):
    for chain in Chain.objects.prefetch_related("steps"):
        steps = list(chain.steps.order_by("position"))
        assert len(steps) >= 2, f"{chain.slug} is not a progression"
        assert [s.position for s in steps] == list(range(1, len(steps) + 1)), chain.slug
        exercise_ids = [s.exercise_id for s in steps]
        assert len(set(exercise_ids)) == len(exercise_ids), f"{chain.slug} repeats an exercise"


def test_band_colours_run_lightest_first(catalog):
    assert list(BandColour.objects.values_list("slug", flat=True)) == [
        "tan",
        "yellow",
        "red",
        "green",
        "blue",
        "black",
        "silver",
        "gold",
    ]


@pytest.mark.parametrize(
    "slug,measure,rule,sets,reps,holds,rest",
    [
        ("glute-bridge", "reps", "set_ladder", 3, (10, 10), (None, None), 60),
        ("romanian-deadlift", "reps_load", "double_progression", 3, (6, 8), (None, None), 90),
        ("lying-towel-hamstring-stretch", "hold", "hold_build", 1, (None, None), (30, 60), 15),
        ("nordic-hamstring-curl", "reps", "rep_build", 2, (5, 10), (None, None), 120),
        ("kettlebell-swing", "reps_load", "double_progression", 3, (12, 15), (None, None), 60),
        ("hamstring-sets", "hold", "set_ladder", 3, (10, 10), (5, 10), 60),
        ("deadlift", "reps_load", "double_progression", 3, (6, 10), (None, None), 120),
        ("machine-leg-curl", "reps_load", "double_progression", 3, (8, 12), (None, None), 60),
    ],
)
def test_prescriptions_match_the_articles(catalog, slug, measure, rule, sets, reps, holds, rest):
    exercise = Exercise.objects.get(slug=slug)
    assert (exercise.measure, exercise.rule, exercise.sets) == (measure, rule, sets)
    assert (exercise.reps_min, exercise.reps_max) == reps
    assert (exercise.hold_min_s, exercise.hold_max_s) == holds
    assert exercise.rest_s == rest


def test_band_exercises_progress_by_colour(catalog):
    band_exercises = Exercise.objects.filter(rule=Exercise.Rule.BAND_COLOUR)
    assert band_exercises.exists()
    assert all(e.measure == Exercise.Measure.BAND_REPS for e in band_exercises)
    assert all(e.equipment.filter(slug="resistance-band").exists() for e in band_exercises)


def test_the_physiotherapy_ladder_runs_from_hamstring_sets_to_nordic_curls(catalog):
    chain = Chain.objects.get(steps__exercise__slug="hamstring-sets", steps__position=1)
    order = list(chain.steps.order_by("position").values_list("exercise__slug", flat=True))
    assert order[:3] == ["hamstring-sets", "standing-hamstring-curl", "hamstring-ball-squeeze"]
    assert order[-1] == "nordic-hamstring-curl"
    assert order.index("glute-bridge") < order.index("single-leg-glute-bridge")
    assert order.index("roller-bridge") < order.index("stability-ball-hamstring-curl")


def test_export_writes_back_exactly_the_shipped_file(catalog, tmp_path):
    out = tmp_path / "exercises.json"
    call_command("export_catalog", "-o", str(out), verbosity=0)
    assert out.read_text() == FIXTURE.read_text()
