"""Years of training for one user, bulk-created in a few seconds, for query budgets.

`make_history(user, years=5, today=...)` gives the user a routine of four
exercises made here (a set ladder, a band colour, a loaded lift, a
unilateral hold) and hands over to the app's generator
(`progress.generator.history_generate`, also behind `manage.py
generate_history`): two or three finished sessions a week with the sets they
logged, one progression event per exercise per session, the progression
state the last one left and the personal records, then a planned session
today from the routine. `years=0` gives the same routine and planned session
with no history: a new user whose pages have the same shape.
"""

import datetime
from collections import Counter
from decimal import Decimal

from exercises.models import BandColour, Exercise
from progress.generator import history_generate
from tests.factories import EquipmentFactory, ExerciseFactory, make_chain

BANDS = [
    ("tan", "Tan", "#d2b48c"),
    ("yellow", "Yellow", "#f2d22e"),
    ("red", "Red", "#d62828"),
    ("green", "Green", "#2e8b57"),
    ("blue", "Blue", "#1f5fbf"),
]
SEED = 20_240_501


def history_bands() -> list[BandColour]:
    """The band colours, lightest first (created where missing)."""
    for position, (slug, name, hex_colour) in enumerate(BANDS, start=1):
        BandColour.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position, "hex_colour": hex_colour}
        )
    return list(BandColour.objects.order_by("position"))


def history_exercises() -> list[Exercise]:
    """The routine's four exercises, one per way of measuring (idempotent).

    The bridge's chain leads on to a one-leg bridge, so a history at the top
    of the ladder carries an open offer to move on.
    """
    history_bands()
    bridge = ExerciseFactory(name="Floor Bridge")
    make_chain(
        bridge,
        ExerciseFactory(name="One-Leg Floor Bridge", unilateral=True),
        slug="floor-bridge-ladder",
        name="Floor bridge ladder",
    )
    band_curl = ExerciseFactory(
        name="Band Leg Curl",
        movement=Exercise.Movement.KNEE_FLEXION,
        measure=Exercise.Measure.BAND_REPS,
        rule=Exercise.Rule.BAND_COLOUR,
    )
    hinge = ExerciseFactory(
        name="Barbell Hip Hinge",
        movement=Exercise.Movement.HIP_HINGE,
        measure=Exercise.Measure.REPS_LOAD,
        rule=Exercise.Rule.DOUBLE_PROGRESSION,
        reps_min=6,
        reps_max=8,
        rest_s=90,
        equipment=[
            EquipmentFactory(
                slug="history-barbell",
                name="History barbell",
                at_home=False,
                load_step_kg=Decimal("2.5"),
            )
        ],
    )
    stretch = ExerciseFactory(
        name="Seated Hamstring Hold",
        kind=Exercise.Kind.STRETCH,
        movement=Exercise.Movement.STRETCH,
        measure=Exercise.Measure.HOLD,
        rule=Exercise.Rule.HOLD_BUILD,
        unilateral=True,
        sets=1,
        reps_min=None,
        reps_max=None,
        hold_min_s=30,
        hold_max_s=60,
        rest_s=15,
    )
    return [bridge, band_curl, hinge, stretch]


def make_history(user, *, years, today: datetime.date, exercises=None) -> Counter:
    """Give `user` `years` years of finished sessions up to yesterday, and a session planned today.

    `years` may be a fraction (7 / 365.25 is a week). Deterministic: the same
    arguments give the same history. Returns the rows created, by kind.
    """
    exercises = list(exercises) if exercises is not None else history_exercises()
    history_bands()
    return history_generate(
        user=user,
        years=years,
        today=today,
        exercises=exercises,
        seed=SEED + int(years * 1000),
    )
