"""The session page for one hand between sets: every card's fields its own, the next set
prefilled from the last entry, one-leg exercises counted per leg."""

import re
import uuid
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse

from logbook import services
from logbook.cards import build_cards
from tests.factories import ExerciseFactory
from training.models import LoggedSet, RoutineEntry, Session

pytestmark = pytest.mark.django_db


def log(session, exercise, **values):
    values.setdefault("reps", 10)
    logged, _ = services.set_log(session=session, exercise=exercise, token=uuid.uuid4(), **values)
    return logged


def post_set(client, session, exercise, htmx=True, **values):
    prefix = f"ex{exercise.pk}"
    data = {"prefix": prefix, f"{prefix}-exercise": exercise.pk}
    data[f"{prefix}-token"] = str(uuid.uuid4())
    data |= {f"{prefix}-{name}": value for name, value in values.items()}
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("logbook:set-create", args=[session.pk]), data, **headers)


@pytest.fixture
def one_leg(routine):
    exercise = ExerciseFactory(name="Single-Leg Bridge", unilateral=True, rest_s=45)
    RoutineEntry.objects.create(
        routine=routine, exercise=exercise, position=9, sets=2, reps_min=10, reps_max=10, rest_s=45
    )
    return exercise


def card_of(session, user, exercise):
    session = Session.objects.get(pk=session.pk)
    return next(c for c in build_cards(session, user.unit) if c.exercise == exercise)


def test_every_label_on_the_page_points_at_one_field_of_its_own_card(auth_client, session):
    text = auth_client.get(session.get_absolute_url()).text
    ids = Counter(re.findall(r'\sid="([^"]+)"', text))
    assert [i for i, n in ids.items() if n > 1] == []
    targets = re.findall(r'<label[^>]*\sfor="([^"]+)"', text)
    assert len(targets) > 8
    assert all(ids[target] == 1 for target in targets)
    assert len([t for t in targets if t.endswith("-reps")]) >= 3
    assert 'name="reps"' not in text


def test_a_prefixed_form_logs_its_set_and_keeps_what_was_typed_when_refused(
    auth_client, session, moves
):
    bridge = moves["bridge"]
    response = post_set(auth_client, session, bridge, reps="7")
    assert response.status_code == 200
    assert LoggedSet.objects.get().reps == 7
    refused = post_set(auth_client, session, bridge, reps="-3").text
    assert f'id="id_ex{bridge.pk}-reps"' in refused and 'value="-3"' in refused
    assert "Reps start at 1." in refused
    plain = post_set(auth_client, session, bridge, htmx=False, reps="abc")
    assert plain.status_code == 200 and 'value="abc"' in plain.text


def test_a_tampered_prefix_is_ignored(auth_client, session, moves):
    data = {"prefix": 'x"><script>', "exercise": moves["bridge"].pk, "reps": "10"}
    data["token"] = str(uuid.uuid4())
    response = auth_client.post(reverse("logbook:set-create", args=[session.pk]), data)
    assert response.status_code == 302
    assert LoggedSet.objects.get().reps == 10


def test_the_next_set_holds_the_last_entry_and_the_first_holds_the_target(user, session, moves):
    rdl = moves["rdl"]
    assert card_of(session, user, rdl).form.initial["reps"] == 6
    log(session, rdl, reps=5, load_kg=62.5)
    initial = card_of(session, user, rdl).form.initial
    assert (initial["reps"], initial["load"]) == (5, 62.5)


def test_after_warm_ups_the_first_working_set_holds_the_target(user, session, moves):
    rdl = moves["rdl"]
    log(session, rdl, reps=10, load_kg=20, kind=LoggedSet.Kind.WARMUP)
    initial = card_of(session, user, rdl).form.initial
    assert initial["reps"] == 6 and "kind" not in initial


def test_a_hold_repeats_the_seconds_held(user, session, moves):
    stretch = moves["stretch"]
    assert card_of(session, user, stretch).form.initial["hold_s"] == 30
    log(session, stretch, reps=None, hold_s=42, side="left")
    initial = card_of(session, user, stretch).form.initial
    assert (initial["hold_s"], initial["side"]) == (42, "right")


def test_one_leg_sets_are_numbered_per_leg_and_done_only_when_each_leg_has_them(
    auth_client, user, session, one_leg
):
    card = card_of(session, user, one_leg)
    assert (card.next_number, card.next_side, card.done) == (1, "left", False)
    text = post_set(auth_client, session, one_leg, reps="10", side="left").text
    assert "Set 1 · left:</span> 10 reps<" in text
    assert "Log set 1 · right" in text
    assert "Now the right leg" in text and "data-rest-seconds" not in text

    text = post_set(auth_client, session, one_leg, reps="9", side="right").text
    assert "Set 1 · right:</span> 9 reps<" in text
    assert 'data-rest-seconds="45"' in text
    assert "Log set 2 · left" in text

    # Two lefts and no second right: not done.
    log(session, one_leg, side="left")
    card = card_of(session, user, one_leg)
    assert (card.done, card.missing) == (False, ["Right leg: 1 of 2 sets"])
    log(session, one_leg, side="left")
    card = card_of(session, user, one_leg)
    assert not card.done
    assert (card.next_number, card.next_side) == (2, "right")
    log(session, one_leg, side="right")
    card = card_of(session, user, one_leg)
    assert card.done and card.missing == []
    text = auth_client.get(session.get_absolute_url()).text
    assert "Log an extra set (3 · right)" in text


def test_a_two_legged_card_counts_its_sets(auth_client, user, session, moves):
    bridge = moves["bridge"]
    for _ in range(3):
        log(session, bridge)
    card = card_of(session, user, bridge)
    assert card.done and card.next_number == 4
    assert "Log an extra set (4)" in auth_client.get(session.get_absolute_url()).text


def test_the_side_stays_a_choice_on_a_plain_form(auth_client, session, one_leg):
    response = post_set(auth_client, session, one_leg, htmx=False, reps="10", side="")
    assert "Choose the leg: left or right." in response.text


@pytest.fixture
def barbell_lift(moves):
    from exercises.models import Equipment

    Equipment.objects.filter(name="Barbell").update(slug="barbell")
    return moves["rdl"]


def test_a_barbell_lift_shows_the_plates_per_side_for_its_load(
    auth_client, user, session, barbell_lift, moves
):
    log(session, barbell_lift, reps=6, load_kg=62.5)
    page = auth_client.get(session.get_absolute_url()).text
    assert "Per side: 20 + 1.25 (bar 20 kg)." in page
    assert f'data-field="id_ex{barbell_lift.pk}-load"' in page
    assert page.count('class="small mb-2 plate-calc"') == 1
    card = post_set(auth_client, session, barbell_lift, reps="6", load="100").text
    assert "Per side: 25 + 15 (bar 20 kg)." in card

    user.unit, user.plates, user.bar_weight = "lb", "45 25 10 5", 35
    user.save()
    log(session, barbell_lift, reps=6, load_kg=Decimal("102.0583"))  # 225 lb
    # Two 45s a side: as many of each plate as the load needs.
    assert "Per side: 45 + 45 + 5 (bar 35 lb)." in auth_client.get(session.get_absolute_url()).text


def test_warm_ups_are_numbered_but_not_counted_towards_the_target(user, session, moves):
    bridge = moves["bridge"]
    log(session, bridge, kind=LoggedSet.Kind.WARMUP)
    for _ in range(2):
        log(session, bridge)
    card = card_of(session, user, bridge)
    assert (card.next_number, card.done, card.missing) == (4, False, ["2 of 3 sets"])
    log(session, bridge)
    assert card_of(session, user, bridge).done
