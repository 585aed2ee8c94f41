"""The per-exercise progress page: next target, offer, history, the user's own target."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from exercises.models import BandColour, Exercise
from progress import engine
from progress.models import ProgressionEvent, ProgressionState
from progress.specs import to_json
from tests.factories import EquipmentFactory, ExerciseFactory, hold_stretch_factory
from tests.html import field_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def bridge(db):
    return ExerciseFactory(name="Glute bridge")


@pytest.fixture
def rdl(db):
    return ExerciseFactory(
        name="Romanian deadlift",
        measure=Exercise.Measure.REPS_LOAD,
        rule=Exercise.Rule.DOUBLE_PROGRESSION,
        reps_min=6,
        reps_max=8,
        equipment=[EquipmentFactory(name="Barbell", load_step_kg=Decimal("2.5"))],
    )


def url(exercise):
    return reverse("progress:exercise-progress", args=[exercise.slug])


def test_a_new_exercise_shows_where_to_start(auth_client, bridge):
    response = auth_client.get(url(bridge))
    assert response.status_code == 200
    assert response.context["target"].text == "1 × 10"
    assert "You have not logged Glute bridge yet" in response.text


def test_the_history_lists_every_event_newest_first(auth_client, user, bridge):
    for day, (before, after) in enumerate([(1, 2), (2, 3)], start=1):
        ProgressionEvent.objects.create(
            user=user,
            exercise=bridge,
            date=datetime.date(2026, 1, day),
            kind="add_set",
            before=to_json(engine.Prescription(bridge.slug, before, 10)),
            after=to_json(engine.Prescription(bridge.slug, after, 10)),
            before_text=f"{before} × 10",
            after_text=f"{after} × 10",
            reason="You did it.",
        )
    text = auth_client.get(url(bridge)).text
    assert text.index("2 × 10 → 3 × 10") < text.index("1 × 10 → 2 × 10")


def test_the_user_sets_their_own_target_and_it_is_recorded(auth_client, user, rdl):
    user.unit = "lb"
    user.save()
    response = auth_client.post(
        url(rdl), {"sets": 3, "reps": 6, "load": "135", "note": "physio says so"}
    )
    assert response.status_code == 302
    state = ProgressionState.objects.get(user=user, exercise=rdl)
    assert (state.sets, state.reps) == (3, 6)
    assert state.load_kg == Decimal("61.2350")
    event = ProgressionEvent.objects.get(user=user, exercise=rdl)
    assert event.kind == "override"
    assert "physio says so" in event.reason
    assert "3 × 6 at 135 lb" in auth_client.get(url(rdl)).text


def test_a_bad_target_is_refused_beside_the_field_and_kept(auth_client, user, rdl):
    response = auth_client.post(url(rdl), {"sets": "0", "reps": "7", "load": "-5"})
    assert response.status_code == 200
    assert field_error(response, "sets") == "Sets run from 1 to 20."
    assert field_error(response, "load") == "A load cannot be negative."
    assert 'value="7"' in response.text
    assert not ProgressionState.objects.exists()


@pytest.mark.parametrize(
    "unit,values,field,message",
    [
        ("kg", {"load": "123456"}, "load", "More than 1000 kg? Check the number."),
        ("kg", {"load": "1e400"}, "load", "More than 1000 kg? Check the number."),
        (
            "kg",
            {"load": "60.125"},
            "load",
            "Loads go to 2 decimal places at most, such as 22.25 kg.",
        ),
        ("lb", {"load": "99999"}, "load", "More than 2204.62 lb? Check the number."),
        (
            "lb",
            {"load": "135.001"},
            "load",
            "Loads go to 2 decimal places at most, such as 22.25 lb.",
        ),
        ("kg", {"reps": "123456789"}, "reps", "More than 1000 reps in one set? Check the number."),
        ("kg", {"reps": "6.5"}, "reps", "Reps are a whole number, such as 10."),
        ("kg", {"sets": "99999999999999999999"}, "sets", "Sets run from 1 to 20."),
        ("kg", {"sets": "2.5"}, "sets", "Sets run from 1 to 20."),
    ],
)
def test_a_huge_or_too_precise_target_gets_a_message_beside_the_field_and_is_kept(
    auth_client, user, rdl, unit, values, field, message
):
    user.unit = unit
    user.save()
    data = {"sets": "3", "reps": "6", "load": "60", **values}
    response = auth_client.post(url(rdl), data)
    assert response.status_code == 200
    assert field_error(response, field) == message
    assert f'name="{field}" value="{values[field]}"' in response.text
    assert not ProgressionState.objects.exists()


def test_a_huge_hold_target_gets_a_message_beside_the_field_and_is_kept(auth_client, user):
    stretch = hold_stretch_factory()
    for typed, message in [
        ("99999999", "A hold of more than an hour? Check the number."),
        ("30.5", "A hold is a whole number of seconds, such as 30."),
    ]:
        response = auth_client.post(url(stretch), {"sets": "2", "hold_s": typed})
        assert field_error(response, "hold_s") == message
        assert f'name="hold_s" value="{typed}"' in response.text
    assert not ProgressionState.objects.exists()


def test_a_band_exercise_needs_a_colour(auth_client, user):
    band = ExerciseFactory(
        name="Band curl", measure=Exercise.Measure.BAND_REPS, rule=Exercise.Rule.BAND_COLOUR
    )
    red = BandColour.objects.create(slug="red", name="Red", position=3, hex_colour="#ff0000")
    response = auth_client.post(url(band), {"sets": 2, "reps": 10})
    assert field_error(response, "band") == "Choose the band colour."
    auth_client.post(url(band), {"sets": 2, "reps": 10, "band": red.pk})
    assert ProgressionState.objects.get(user=user, exercise=band).band == red


def test_an_unknown_exercise_is_404(auth_client):
    assert auth_client.get("/progress/no-such-exercise/").status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, bridge):
    response = client.get(url(bridge))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["progress:progression-move-on", "progress:progression-keep"])
def test_answering_an_offer_takes_a_post(auth_client, bridge, name):
    assert auth_client.get(reverse(name, args=[bridge.slug])).status_code == 405


def test_answering_an_offer_that_was_not_made_is_404(auth_client, user, bridge):
    ProgressionState.objects.create(user=user, exercise=bridge, sets=3, reps=10)
    response = auth_client.post(reverse("progress:progression-move-on", args=[bridge.slug]))
    assert response.status_code == 404


def test_the_progress_list_shows_the_users_exercises_only(auth_client, user, other_user, bridge):
    rdl = ExerciseFactory(name="Other")
    ProgressionState.objects.create(user=user, exercise=bridge, sets=2, reps=10, reason="Go on.")
    ProgressionState.objects.create(user=other_user, exercise=rdl, sets=1, reps=10)
    response = auth_client.get(reverse("progress:progress-list"))
    assert list(response.context["states"]) == [ProgressionState.objects.get(user=user)]
    assert "Go on." in response.text


def _offered(user, exercise, following, *, days_ago):
    return ProgressionState.objects.create(
        user=user,
        exercise=exercise,
        sets=3,
        reps=10,
        offer=following,
        trained_on=datetime.date.today() - datetime.timedelta(days=days_ago),
        reason="You did 3 × 10, the top of Glute bridge.",
    )


def test_an_offer_to_move_on_shows_within_a_fortnight(auth_client, user, bridge):
    single = ExerciseFactory(name="Single-leg glute bridge")
    _offered(user, bridge, single, days_ago=3)
    response = auth_client.get(url(bridge))
    assert response.context["target"].offer == single
    assert "Ready to move on" in response.text


def test_three_weeks_away_withdraws_the_offer_and_steps_back(auth_client, user, bridge):
    """The issue's case: "2 × 10" and "Ready to move on" must not show together."""
    single = ExerciseFactory(name="Single-leg glute bridge")
    _offered(user, bridge, single, days_ago=21)
    response = auth_client.get(url(bridge))
    assert response.context["target"].text == "2 × 10"
    assert response.context["target"].offer is None
    assert "Ready to move on" not in response.text
    answer = auth_client.post(reverse("progress:progression-move-on", args=[bridge.slug]))
    assert answer.status_code == 302
    assert not ProgressionState.objects.filter(user=user, exercise=single).exists()


def test_the_progress_list_withdraws_an_offer_after_a_break(auth_client, user, bridge):
    single = ExerciseFactory(name="Single-leg glute bridge")
    state = _offered(user, bridge, single, days_ago=13)
    assert "Ready to move on" in auth_client.get(reverse("progress:progress-list")).text
    state.trained_on = datetime.date.today() - datetime.timedelta(days=14)
    state.save()
    assert "Ready to move on" not in auth_client.get(reverse("progress:progress-list")).text
