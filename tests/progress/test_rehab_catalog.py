"""The shipped catalog and templates as the rehab rules need them: short band ladders
that hand over to the chain's next exercise, and each routine entry on one chain."""

import uuid
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from exercises.models import BandColour, Exercise
from progress import engine
from progress.models import ProgressionState
from progress.specs import Chains, context_for, load_steps
from training.models import Routine, RoutineEntry, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(db):
    call_command("loaddata", "fixtures/exercises.json", "fixtures/routines.json", verbosity=0)


def context_of(slug, following=None, unit="kg"):
    exercise = Exercise.objects.get(slug=slug)
    bands = list(BandColour.objects.order_by("position"))
    after = Exercise.objects.get(slug=following) if following else None
    return context_for(exercise, load_steps([exercise.pk]), bands, unit, following=after)


def test_every_band_exercise_names_three_or_four_colours_from_tan_or_yellow(catalog):
    band_exercises = Exercise.objects.filter(rule=Exercise.Rule.BAND_COLOUR)
    assert band_exercises.count() >= 5
    for exercise in band_exercises:
        ladder = context_of(exercise.slug).spec.bands
        assert 3 <= len(ladder) <= 4, exercise.slug
        assert ladder[0] in ("tan", "yellow"), exercise.slug


def test_the_seated_theraband_curl_hands_over_after_its_top_colour(catalog):
    context = context_of("seated-theraband-hamstring-curl", "prone-theraband-knee-flexion")
    top = engine.Prescription("seated-theraband-hamstring-curl", 3, 10, band="red")
    session = engine.SessionLog(
        timezone.localdate(),
        tuple(
            engine.LoggedSet(reps=10, band="red", side=side)
            for side in (engine.Side.LEFT, engine.Side.RIGHT)
            for _ in range(3)
        ),
    )
    result = engine.recommend(context, top, (session,), timezone.localdate())
    assert result.change == engine.Change.NEXT_EXERCISE
    assert result.prescription.exercise == "prone-theraband-knee-flexion"
    assert result.prescription.band == "yellow"  # the next exercise's own lightest colour


def count_met_sessions_to_climb(context):
    """Sessions that meet their target from the first stage to the offer to move on."""
    current, day, sessions = engine.start(context), timezone.localdate(), 0
    while True:
        logged = tuple(
            engine.LoggedSet(reps=current.reps, band=current.band, side=side)
            for side in (engine.Side.LEFT, engine.Side.RIGHT)
            for _ in range(current.sets)
        )
        result = engine.recommend(context, current, (engine.SessionLog(day, logged),), day)
        sessions += 1
        if result.change == engine.Change.NEXT_EXERCISE:
            return sessions
        current = result.prescription


def test_a_band_exercise_takes_about_a_dozen_sessions_not_two_dozen(catalog):
    context = context_of("seated-theraband-hamstring-curl", "prone-theraband-knee-flexion")
    assert count_met_sessions_to_climb(context) == 11  # 3 at tan, 4 each at yellow and red


@pytest.mark.parametrize(
    ("template", "exercise", "following"),
    [
        ("physio-home-ladder-3", "glute-bridge", "single-leg-glute-bridge"),
        ("beginner-home-plan", "glute-bridge", "banded-glute-bridge"),
        ("gym-leg-day-1", "glute-bridge", None),
        ("gym-leg-day-1", "machine-leg-curl", "romanian-deadlift"),
    ],
)
def test_each_routine_entry_follows_the_chain_its_routine_names(
    catalog, template, exercise, following
):
    entry = RoutineEntry.objects.select_related("exercise").get(
        routine__template_key=template, exercise__slug=exercise
    )
    chains = Chains([entry.exercise_id])
    chain_id = chains.choose(entry.exercise_id, entry)
    found = chains.following(chain_id, entry.exercise_id)
    assert (found.slug if found else None) == following


def test_a_gym_lift_never_offers_the_next_lift_but_a_home_hinge_does_at_its_load(catalog):
    chains = Chains([Exercise.objects.get(slug="machine-leg-curl").pk])
    gym = chains.steps[chains.choose(Exercise.objects.get(slug="machine-leg-curl").pk)]
    assert all(step.move_on_at_kg is None for step in gym)
    context = context_of("weighted-good-morning", "dumbbell-romanian-deadlift")
    context = engine.Context(**{**context.__dict__, "move_on_kg": Decimal(10)})
    top = engine.Prescription("weighted-good-morning", 3, 12, load_kg=Decimal(10))
    logged = tuple(engine.LoggedSet(reps=12, load_kg=Decimal(10)) for _ in range(3))
    day = timezone.localdate()
    result = engine.recommend(context, top, (engine.SessionLog(day, logged),), day)
    assert result.change == engine.Change.NEXT_EXERCISE


def test_a_copied_template_keeps_each_entrys_chain(catalog, auth_client, user):
    template = Routine.objects.get(template_key="beginner-home-plan")
    auth_client.post(reverse("training:routine-copy", args=[template.pk]))
    copy = Routine.objects.get(owner=user, copied_from=template)
    assert list(copy.entries.values_list("chain__slug", flat=True)) == list(
        template.entries.values_list("chain__slug", flat=True)
    )


def test_the_gym_glute_bridge_at_3x15_stays_instead_of_offering_a_harder_bridge(
    catalog, auth_client, user
):
    template = Routine.objects.get(template_key="gym-leg-day-1")
    auth_client.post(reverse("training:routine-copy", args=[template.pk]))
    routine = Routine.objects.get(owner=user, copied_from=template)
    bridge = Exercise.objects.get(slug="glute-bridge")
    session = Session.objects.create(user=user, routine=routine, date=timezone.localdate())
    auth_client.post(reverse("logbook:session-start", args=[session.pk]), {"warmup_done": "on"})
    for _ in range(3):
        auth_client.post(
            reverse("logbook:set-create", args=[session.pk]),
            {"exercise": bridge.pk, "token": uuid.uuid4(), "reps": 15},
        )
    auth_client.post(reverse("logbook:session-finish", args=[session.pk]), {"notes": ""})
    state = ProgressionState.objects.get(user=user, exercise=bridge)
    assert state.offer is None
    assert (state.sets, state.reps) == (3, 11)
