"""Matching the exercise names of real exports to the shipped catalog.

The table below was compiled from the built-in exercise lists of Strong, Hevy
and FitNotes, as each app names its exercises in its CSV export: Strong and
Hevy as "Name (Equipment)", FitNotes with the equipment as a word of the name
("Barbell Hip Thrust", "Lying Leg Curl Machine"). Each name is paired with the
catalog exercise it must be logged as, or None where the catalog has no such
exercise: a near miss (a dumbbell deadlift as the barbell deadlift, a barbell
glute bridge as the bodyweight one) would put the sets on the wrong ladder,
so those are left for the user to map on the review page.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from exercises.models import Exercise
from tests.factories import ExerciseFactory, UserFactory
from training.models import Import
from transfer.matching import (
    Candidate,
    Matcher,
    exercise_matches,
    name_key,
    split_equipment,
)

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "exercises.json"
S, H, F = "Strong", "Hevy", "FitNotes"

# (name as exported, catalog slug or None, apps whose built-in list has it)
REAL_NAMES = [
    # Names of catalog exercises.
    ("Romanian Deadlift (Barbell)", "romanian-deadlift", (S, H)),
    ("Romanian Deadlift (Dumbbell)", "dumbbell-romanian-deadlift", (S, H)),
    ("Romanian Deadlift", "romanian-deadlift", (F,)),
    ("Deadlift (Barbell)", "deadlift", (S, H)),
    ("Deadlift", "deadlift", (F,)),
    ("Good Morning (Barbell)", "weighted-good-morning", (S, H)),
    ("Good Morning", "bodyweight-good-morning", (F,)),
    ("Nordic Hamstrings Curls", "nordic-hamstring-curl", (H,)),
    ("Nordic Hamstring Curl", "nordic-hamstring-curl", (F,)),
    ("Lying Leg Curl (Machine)", "machine-leg-curl", (S, H)),
    ("Seated Leg Curl (Machine)", "machine-leg-curl", (S, H)),
    ("Lying Leg Curl Machine", "machine-leg-curl", (F,)),
    ("Seated Leg Curl Machine", "machine-leg-curl", (F,)),
    ("Kettlebell Swing", "kettlebell-swing", (S, H, F)),
    ("Glute Bridge", "glute-bridge", (S, H)),
    ("Single Leg Bridge", "single-leg-glute-bridge", (S,)),
    ("Single Leg Glute Bridge", "single-leg-glute-bridge", (H,)),
    ("Single Leg Romanian Deadlift (Dumbbell)", "single-leg-romanian-deadlift", (H,)),
    ("Bulgarian Split Squat", "bulgarian-split-squat", (S, H)),
    ("Walking Lunge", "walking-lunge", (H,)),
    # Hamstring work the catalog does not have, with another implement or another movement.
    ("Deadlift (Dumbbell)", None, (S, H)),
    ("Deadlift (Band)", None, (S,)),
    ("Deadlift (Smith Machine)", None, (S, H)),
    ("Deadlift (Trap bar)", None, (H,)),
    ("Trap Bar Deadlift", None, (S,)),
    ("Sumo Deadlift (Barbell)", None, (S,)),
    ("Sumo Deadlift", None, (H, F)),
    ("Stiff Leg Deadlift (Barbell)", None, (S,)),
    ("Stiff Leg Deadlift (Dumbbell)", None, (S, H)),
    ("Straight Leg Deadlift (Band)", None, (S,)),
    ("Stiff-Legged Deadlift", None, (F,)),
    ("Rack Pull", None, (F,)),
    ("Deadlift High Pull (Barbell)", None, (S,)),
    ("Glute Ham Raise", None, (S, H)),
    ("Glute-Ham Raise", None, (F,)),
    ("Hip Thrust (Barbell)", None, (S, H)),
    ("Hip Thrust (Bodyweight)", None, (S,)),
    ("Hip Thrust (Machine)", None, (H,)),
    ("Barbell Hip Thrust", None, (F,)),
    ("Barbell Glute Bridge", None, (F,)),
    ("Glute Kickback (Machine)", None, (S, H)),
    ("Cable Pull Through", None, (H,)),
    ("Back Extension", None, (S,)),
    # Three catalog stretches are hamstring stretches: the name does not say which.
    ("Hamstring Stretch", None, (S, H)),
    ("Walking Lunge (Dumbbell)", None, (H,)),
    ("Lunge (Dumbbell)", None, (S, H)),
    ("Lunge (Bodyweight)", None, (S,)),
    # The rest of a gym log.
    ("Squat (Barbell)", None, (S, H)),
    ("Barbell Squat", None, (F,)),
    ("Front Squat (Barbell)", None, (S, H)),
    ("Goblet Squat (Kettlebell)", None, (S,)),
    ("Leg Press", None, (S, F)),
    ("Leg Press (Machine)", None, (H,)),
    ("Leg Extension (Machine)", None, (S, H)),
    ("Leg Extension Machine", None, (F,)),
    ("Seated Calf Raise Machine", None, (F,)),
    ("Hip Abductor (Machine)", None, (S,)),
    ("Bench Press (Barbell)", None, (S, H)),
    ("Flat Barbell Bench Press", None, (F,)),
    ("Overhead Press (Barbell)", None, (S, H)),
    ("Bicep Curl (Dumbbell)", None, (S, H)),
    ("Hammer Curl (Dumbbell)", None, (S, H)),
    ("Lat Pulldown (Cable)", None, (S, H)),
    ("Pull Up", None, (S, H)),
    ("Plank", None, (S, H, F)),
    ("Box Jump", None, (S, H)),
    ("Running", None, (S, H, F)),
    ("Cycling", None, (S, H, F)),
    ("Rowing Machine", None, (F,)),
]

# Names no app ships, for the equipment rule where no alias decides.
BY_EQUIPMENT = [
    ("Good Morning (Kettlebell)", "weighted-good-morning"),
    ("Good Morning (Smith Machine)", "weighted-good-morning"),
    ("Good Morning (Band)", None),
    ("Romanian Deadlift (Kettlebell)", None),
    ("Nordic Hamstring Curl (Bodyweight)", "nordic-hamstring-curl"),
    ("Single-Leg Glute Bridge (Bodyweight)", "single-leg-glute-bridge"),
    ("Leg Curl (Band)", None),
    ("Machine Lying Leg Curl", "machine-leg-curl"),
    ("One-Legged Romanian Deadlift", "single-leg-romanian-deadlift"),
]


@pytest.fixture(scope="module")
def shipped_matches(django_db_setup, django_db_blocker):
    """Every name of both tables as `exercise_matches` matches it against the shipped
    catalog, loaded once and rolled back."""
    names = [row[0] for row in REAL_NAMES + BY_EQUIPMENT]
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", str(FIXTURE), verbosity=0)
        matches = exercise_matches(user=UserFactory(), names=names)
        slugs = dict(Exercise.objects.values_list("pk", "slug"))
        transaction.set_rollback(True)
    return {name: slugs.get(pk) for name, pk in matches.items()}


def test_the_table_holds_60_names_from_each_of_the_three_apps():
    names = [name for name, _, _ in REAL_NAMES]
    assert len(set(names)) == len(names) >= 60
    for app in (S, H, F):
        assert sum(app in apps for _, _, apps in REAL_NAMES) >= 10, app


@pytest.mark.parametrize(("name", "slug", "apps"), REAL_NAMES, ids=[r[0] for r in REAL_NAMES])
def test_a_real_export_name_matches_its_catalog_exercise_or_none(shipped_matches, name, slug, apps):
    assert shipped_matches[name] == slug


@pytest.mark.parametrize(("name", "slug"), BY_EQUIPMENT, ids=[r[0] for r in BY_EQUIPMENT])
def test_the_equipment_in_a_name_chooses_between_the_catalogs_forms(shipped_matches, name, slug):
    assert shipped_matches[name] == slug


@pytest.mark.django_db
def test_no_two_catalog_exercises_share_a_name_as_compared():
    call_command("loaddata", str(FIXTURE), verbosity=0)
    owner = {}
    for slug, name, aliases in Exercise.objects.values_list("slug", "name", "aliases"):
        for key in {name_key(n) for n in [name, *aliases.splitlines()]}:
            assert owner.setdefault(key, slug) == slug, f"{key!r}: {owner[key]} and {slug}"


# The rules on their own, without the catalog.


def candidate(pk, *names, measure="reps", equipment=(), own=False):
    return Candidate(pk=pk, names=names, own=own, measure=measure, equipment=frozenset(equipment))


def match(matcher, name):
    return matcher.by_name(name) or matcher.by_equipment(name)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nordic Hamstrings Curls", "Nordic Hamstring Curl"),
        ("Single-Leg Glute Bridge", "single leg glute bridge"),
        ("One-Leg Glute Bridge", "Single Leg Glute Bridge"),
        ("Stiff-Legged Deadlift", "Stiff Leg Deadlift"),
        ("Lying Leg Curl (Machine)", "Lying Leg Curl Machine"),
    ],
)
def test_names_compare_without_plurals_hyphens_or_brackets(a, b):
    assert name_key(a) == name_key(b)


def test_a_double_s_is_not_a_plural():
    assert name_key("Leg Press") == "leg press"
    assert name_key("Leg Press") != name_key("Leg Pre")


@pytest.mark.parametrize(
    ("name", "base", "gear"),
    [
        ("Good Morning (Barbell)", "good morning", "barbell"),
        ("Barbell Hip Thrust", "hip thrust", "barbell"),
        ("Lying Leg Curl Machine", "lying leg curl", "machine"),
        ("Deadlift (Smith Machine)", "deadlift", "smith machine"),
        ("Smith Machine Squat", "squat", "smith machine"),
        ("Resistance Band Kickback", "kickback", "band"),
        ("Swiss Ball Leg Curl (Hips Down)", "swiss ball leg curl hip down", None),
        ("Kettlebell", "kettlebell", None),
    ],
)
def test_the_equipment_is_read_from_brackets_or_a_first_or_last_word(name, base, gear):
    found, named = split_equipment(name)
    assert (found, named.key if named else None) == (base, gear)


@pytest.fixture
def good_mornings():
    return Matcher(
        [
            candidate(1, "Good Morning"),
            candidate(2, "Weighted Good Morning", measure="reps_load", equipment=["dumbbell"]),
        ]
    )


def test_a_barbell_good_morning_is_the_weighted_one_without_an_alias(good_mornings):
    assert match(good_mornings, "Good Morning (Barbell)") == 2
    assert match(good_mornings, "Barbell Good Morning") == 2


def test_a_plain_or_bodyweight_good_morning_is_the_bodyweight_one(good_mornings):
    assert match(good_mornings, "Good Morning") == 1
    assert match(good_mornings, "Good Mornings") == 1
    assert match(good_mornings, "Good Morning (Bodyweight)") == 1


def test_a_band_good_morning_is_neither(good_mornings):
    assert match(good_mornings, "Good Morning (Band)") is None


def test_another_implement_is_another_exercise():
    deadlift = Matcher([candidate(1, "Deadlift", measure="reps_load", equipment=["barbell"])])
    assert match(deadlift, "Deadlift (Barbell)") == 1
    assert match(deadlift, "Deadlift (Dumbbell)") is None
    assert match(deadlift, "Trap Bar Deadlift") is None


def test_loaded_work_is_not_a_bodyweight_exercise():
    bridge = Matcher([candidate(1, "Glute Bridge")])
    assert match(bridge, "Barbell Glute Bridge") is None
    assert match(bridge, "Glute Bridge (Bodyweight)") == 1


def test_an_exercise_without_equipment_takes_the_equipment_it_is_measured_by():
    # A user's own "Romanian Deadlift", logged with loads but no equipment recorded.
    rdl = Matcher([candidate(1, "Romanian Deadlift", measure="reps_load", own=True)])
    assert match(rdl, "Romanian Deadlift (Barbell)") == 1
    assert match(rdl, "Romanian Deadlift (Band)") is None


def test_two_equally_good_matches_match_neither():
    twins = Matcher(
        [
            candidate(1, "Hip Thrust", measure="reps_load"),
            candidate(2, "Hip Thrust", measure="reps_load", own=True),
        ]
    )
    assert match(twins, "Hip Thrust") == 2  # the same name: the user's own
    assert match(twins, "Hip Thrust (Barbell)") is None


def test_an_unknown_bracket_is_part_of_the_name():
    curl = Matcher([candidate(1, "Leg Curl", measure="reps_load", equipment=["leg-curl-machine"])])
    assert match(curl, "Leg Curl (Machine)") == 1
    assert match(curl, "Leg Curl (Hips Down)") is None


# Through the upload and the review page.

HEVY = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"\n'
    '"Hamstrings","17 Sep 2025, 18:30","17 Sep 2025, 19:10","","Nordic Hamstrings Curls",'
    ',,0,"normal",0,5,,,\n'
)
STRONG = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE\n"
    "2025-10-02 06:15:00,Posterior chain,40m,Good Morning (Barbell),1,40,10,0,0,,,\n"
)


@pytest.fixture
def catalog(db):
    call_command("loaddata", str(FIXTURE), verbosity=0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filename", "text", "slug"),
    [
        ("hevy.csv", HEVY, "nordic-hamstring-curl"),
        ("strong.csv", STRONG, "weighted-good-morning"),
    ],
)
def test_the_review_page_offers_the_catalog_exercise_of_a_real_name(
    auth_client, catalog, filename, text, slug
):
    response = auth_client.post(
        reverse("transfer:import-start"),
        {"file": SimpleUploadedFile(filename, text.encode(), "text/csv")},
    )
    assert response.status_code == 302, response.text
    page = auth_client.get(response["Location"]).text
    exercise = Exercise.objects.get(slug=slug)
    assert f'<option value="{exercise.pk}" selected>{exercise.name}</option>' in page
    assert "Matched by its name" in page
    assert "Not in the catalog." not in page


@pytest.mark.django_db
def test_a_name_mapped_in_an_earlier_import_wins_over_the_equipment_rule(user, catalog):
    own = ExerciseFactory(owner=user, name="Trap Bar Good Morning", measure="reps_load")
    Import.objects.create(
        user=user,
        filename="old.csv",
        format=Import.Format.STRONG,
        sha256="0" * 64,
        status=Import.Status.DONE,
        payload=[],
        mapping={"Good Morning (Kettlebell)": own.pk},
    )
    matches = exercise_matches(
        user=user, names=["Good Morning (Kettlebell)", "Good Morning (Smith Machine)"]
    )
    weighted = Exercise.objects.get(slug="weighted-good-morning")
    assert matches == {
        "Good Morning (Kettlebell)": own.pk,
        "Good Morning (Smith Machine)": weighted.pk,
    }
