"""Every kind of goal saves, from any history, in kg and in lb.

A goal's baseline is read from the log (records, progression events, logged
sets), and a log kept in pounds stores loads such as 43.0913 kg; before the
fix an estimated one-rep max baseline came back as 69.6667000000000 and
"Save goal" was a 500. Here hypothesis draws histories logged in kg, in lb,
or in kg and then lb (a user who switched), and each goal kind is checked and
saved through the view, as a browser posts it: never an error, and the saved
goal starts where the check said it would.
"""

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from logbook import services as logbook
from progress.models import Goal
from tests.factories import (
    ExerciseFactory,
    UserFactory,
    hold_stretch_factory,
    loaded_lift_factory,
    make_chain,
)
from tests.fuzz import fuzz_settings, logged_in, rolled_back
from training.models import Session
from training.units import KG, LB, from_kg, to_kg

pytestmark = pytest.mark.django_db

CREATE = reverse("progress:goal-create")
SHOWN = Decimal("0.01")  # a load's display precision in either unit


@pytest.fixture
def moves(db):
    bridge = ExerciseFactory(name="Glute Bridge")
    one_leg = ExerciseFactory(name="One-Leg Glute Bridge", unilateral=True)
    make_chain(bridge, one_leg, slug="bridges", name="Bridges")
    return {
        "lift": loaded_lift_factory(),
        "bridge": bridge,
        "one_leg": one_leg,
        "stretch": hold_stretch_factory(),
    }


# A set as a person types it: reps, a load in their unit to 0.01, a hold in seconds.
typed_sets = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=15),
        st.decimals(min_value=Decimal("0.5"), max_value=Decimal(400), places=2),
        st.integers(min_value=5, max_value=120),
    ),
    min_size=1,
    max_size=4,
)
histories = st.lists(
    st.tuples(st.integers(min_value=1, max_value=120), typed_sets), min_size=0, max_size=5
)
units = st.sampled_from(["kg", "lb", "kg then lb"])


def log_history(user, moves, history, units_kept):
    """Log and finish each session, loads typed in the unit the user had on that day."""
    for n, (days_ago, sets) in enumerate(sorted(history, key=lambda s: -s[0])):
        unit = LB if units_kept == "lb" or (units_kept == "kg then lb" and n % 2) else KG
        day = timezone.localdate() - datetime.timedelta(days=days_ago)
        session = Session.objects.create(user=user, date=day)
        for reps, load, hold in sets:
            logbook.set_log(
                session=session,
                exercise=moves["lift"],
                token=uuid.uuid4(),
                reps=reps,
                load_kg=to_kg(load, unit),
            )
            logbook.set_log(
                session=session, exercise=moves["bridge"], token=uuid.uuid4(), reps=reps
            )
            logbook.set_log(
                session=session, exercise=moves["stretch"], token=uuid.uuid4(), hold_s=hold
            )
        logbook.session_finish(session=session, effort=6, notes="", cooldown_done=True)


def goal_posts(moves, unit):
    """One post per goal kind, with a target far beyond any drawn history."""
    far = "2000" if unit == LB else "900"
    return [
        {
            "metric": Goal.Metric.LOAD_FOR_REPS,
            "exercise": moves["lift"].pk,
            "target": far,
            "reps": 5,
        },
        {"metric": Goal.Metric.E1RM, "exercise": moves["lift"].pk, "target": far},
        {"metric": Goal.Metric.REPS, "exercise": moves["bridge"].pk, "target": "100"},
        {"metric": Goal.Metric.HOLD, "exercise": moves["stretch"].pk, "target": "600"},
        {"metric": Goal.Metric.STAGE, "exercise": moves["bridge"].pk, "target": "3"},
        {"metric": Goal.Metric.EXERCISE, "exercise": moves["one_leg"].pk},
        {"metric": Goal.Metric.SESSIONS, "target": "2", "weeks": "4"},
    ]


def starting_point(page: str) -> str | None:
    """The amount the check starts from ("From 43.09 kg to …"), where it names one."""
    found = re.search(r"From (.+?) to ", page)
    return found.group(1) if found else None


@given(history=histories, units_kept=units)
@fuzz_settings(max_examples=25)
def test_every_goal_kind_saves_from_any_history_in_either_unit(moves, history, units_kept):
    with rolled_back():
        user = UserFactory(unit=KG if units_kept == "kg" else LB)
        log_history(user, moves, history, units_kept)
        client = logged_in(user)
        deadline = (timezone.localdate() + datetime.timedelta(weeks=20)).isoformat()
        for values in goal_posts(moves, user.unit):
            post = {"deadline": deadline, "why": "Strong hamstrings for the season.", **values}
            checked = client.post(CREATE, {**post, "check": "1"})
            assert checked.status_code == 200, values
            saved = client.post(CREATE, {**post, "save": "1"})
            assert saved.status_code == 302, (
                values,
                saved.context and saved.context["form"].errors,
            )
            goal = Goal.objects.get(user=user, metric=values["metric"])
            reading = checked.context["form"].reading
            # The stored baseline is what the check read, within half a displayed unit.
            if values["metric"] in (Goal.Metric.LOAD_FOR_REPS, Goal.Metric.E1RM):
                gap = abs(from_kg(goal.baseline, user.unit) - from_kg(reading.current, user.unit))
                assert gap <= SHOWN / 2
                shown = starting_point(checked.text)
                if shown is not None:
                    detail = client.get(goal.get_absolute_url())
                    assert f'Started at</dt><dd class="col-6">{shown}' in detail.text
            elif values["metric"] != Goal.Metric.SESSIONS:
                assert goal.baseline == reading.current
