"""Personal records: what counts, what beats the best, and the flag on the session page.

Sets are logged, edited and deleted through the logbook services (or the
views), never written straight to the table, so every test goes through the
path that keeps records up to date.
"""

import datetime
import importlib
import json
import random
import uuid
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.models import BandColour, Exercise
from logbook import services as logbook
from progress.models import PersonalRecord, ProgressionEvent, ProgressionState
from progress.records import beats, candidates, epley, records_rebuild
from tests.factories import (
    ExerciseFactory,
    loaded_lift_factory,
)
from training.models import LoggedSet, Session

pytestmark = pytest.mark.django_db

WORKING = LoggedSet.Kind.WORKING
WARMUP = LoggedSet.Kind.WARMUP
LOAD = PersonalRecord.Kind.LOAD
E1RM = PersonalRecord.Kind.E1RM
REPS = PersonalRecord.Kind.REPS
HOLD = PersonalRecord.Kind.HOLD
BOTH, LEFT, RIGHT = LoggedSet.Side.BOTH, LoggedSet.Side.LEFT, LoggedSet.Side.RIGHT


@pytest.fixture
def band(db):
    return BandColour.objects.create(slug="tan", name="Tan", position=1, hex_colour="#d2b48c")


@pytest.fixture
def red(db):
    return BandColour.objects.create(slug="red", name="Red", position=3, hex_colour="#d62828")


@pytest.fixture
def green(db):
    return BandColour.objects.create(slug="green", name="Green", position=4, hex_colour="#2e8b57")


@pytest.fixture
def moves(db):
    """One exercise per way of measuring."""
    return {
        "lift": loaded_lift_factory(barbell=True),
        "bridge": ExerciseFactory(name="Glute Bridge"),
        "band": ExerciseFactory(
            name="Band Curl", measure=Exercise.Measure.BAND_REPS, rule=Exercise.Rule.BAND_COLOUR
        ),
        "hold": ExerciseFactory(
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
        ),
    }


def session_on(user, days_ago=0, status=Session.Status.IN_PROGRESS):
    return Session.objects.create(
        user=user,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        status=status,
    )


def log(session, exercise, *, reps=None, kg=None, hold=None, band=None, kind=WORKING, side=BOTH):
    """Log one set through the logbook, as the set form does."""
    logged, created = logbook.set_log(
        session=session,
        exercise=exercise,
        token=uuid.uuid4(),
        reps=reps,
        load_kg=None if kg is None else Decimal(kg),
        hold_s=hold,
        band=band,
        kind=kind,
        side=side,
    )
    assert created
    return logged


def records_of(logged) -> dict:
    """{(kind, reps): (value, previous)} of the records one set holds."""
    return {
        (r.kind, r.reps): (r.value, r.previous)
        for r in PersonalRecord.objects.filter(logged_set_id=logged.pk)
    }


def beaten(logged) -> dict:
    """As records_of, leaving out the baselines (what the page flags)."""
    return {key: value for key, value in records_of(logged).items() if value[1] is not None}


def rows(user) -> list[tuple]:
    """(set, kind, reps, value, previous) of every record the user holds."""
    return sorted(
        PersonalRecord.objects.filter(user=user).values_list(
            "logged_set_id", "kind", "reps", "value", "previous"
        ),
        key=lambda row: (row[0], row[1], row[2] or 0),
    )


def post_set(client, session, exercise, *, htmx=False, follow=False, token=None, **values):
    data = {"exercise": exercise.pk, "token": str(token or uuid.uuid4()), **values}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("logbook:set-create", args=[session.pk]), data, headers=headers, follow=follow
    )


def D(text):
    return Decimal(text)


def hundredths(value: Decimal) -> Decimal:
    """A value in kg as a kilogram user reads it."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# Epley and what a set could be a record of: no database.


@pytest.mark.parametrize(
    "load,reps,expected",
    [
        ("100", 5, "116.6667"),
        ("100", 1, "100"),  # a single is its own load
        ("102.5", 1, "102.5"),
        ("60", 8, "76"),
        ("100", 10, "133.3333"),
        ("100", 11, None),  # past 10 reps the estimate is too loose to count
        ("100", 0, None),
        ("0", 5, None),
        ("61.2350", 3, "67.3585"),  # 135 lb × 3, rounded half up to 4 places
    ],
)
def test_epley_estimates_a_one_rep_max_from_1_to_10_reps(load, reps, expected):
    assert epley(D(load), reps) == (None if expected is None else D(expected))


@pytest.mark.parametrize(
    "measure,kind,reps,load,hold,expected",
    [
        ("reps_load", WORKING, 5, "100", None, [(LOAD, 5, "100"), (E1RM, None, "116.6667")]),
        ("reps_load", WORKING, 12, "60", None, [(LOAD, 12, "60")]),
        ("reps_load", "drop", 8, "50", None, [(LOAD, 8, "50"), (E1RM, None, "63.3333")]),
        ("reps_load", "failure", 1, "120", None, [(LOAD, 1, "120"), (E1RM, None, "120")]),
        ("reps_load", WORKING, 5, "0", None, []),
        ("reps_load", WORKING, 5, None, None, []),
        ("reps_load", WARMUP, 5, "140", None, []),
        ("reps", WORKING, 12, None, None, [(REPS, None, "12")]),
        ("reps", WORKING, 12, "10", None, [(REPS, None, "12")]),  # a vest does not count
        ("band_reps", WORKING, 15, None, None, [(REPS, None, "15")]),
        ("reps", WARMUP, 30, None, None, []),
        ("hold", WORKING, None, None, 45, [(HOLD, None, "45")]),
        ("hold", WARMUP, None, None, 90, []),
    ],
)
def test_a_set_could_be_a_record_of_what_its_exercise_measures(
    measure, kind, reps, load, hold, expected
):
    found = candidates(
        measure, kind=kind, reps=reps, load_kg=None if load is None else D(load), hold_s=hold
    )
    assert [(c.kind, c.reps, c.value) for c in found] == [(k, r, D(v)) for k, r, v in expected]


# Through the logbook.


def test_the_first_set_of_an_exercise_is_a_baseline_not_a_record(user, moves):
    first = log(session_on(user), moves["lift"], reps=5, kg="100")
    assert records_of(first) == {(LOAD, 5): (D("100"), None), (E1RM, None): (D("116.6667"), None)}
    assert not PersonalRecord.objects.beaten().exists()


def test_a_heavier_load_for_the_same_reps_is_a_record_of_load_and_estimate(user, moves):
    log(session_on(user, days_ago=3), moves["lift"], reps=5, kg="100")
    heavier = log(session_on(user), moves["lift"], reps=5, kg="105")
    assert beaten(heavier) == {
        (LOAD, 5): (D("105"), D("100")),
        (E1RM, None): (D("122.5"), D("116.6667")),
    }
    texts = [r.describe("kg") for r in heavier.records.order_by("pk")]
    assert texts == [
        "Heaviest for 5 reps: 105 kg (was 100 kg)",
        "Best estimated one-rep max (Epley): 122.5 kg (was 116.67 kg)",
    ]


def test_the_heaviest_load_is_kept_for_each_number_of_reps(user, moves):
    session = session_on(user)
    log(session, moves["lift"], reps=5, kg="110")  # an estimate of 128.3333
    eights = log(session, moves["lift"], reps=8, kg="90")
    heavier_eights = log(session, moves["lift"], reps=8, kg="95")
    triple = log(session, moves["lift"], reps=3, kg="80")
    # 90 × 8 is the first set of 8: a baseline; its estimate (114) beats nothing.
    assert records_of(eights) == {(LOAD, 8): (D("90"), None)}
    assert beaten(heavier_eights) == {(LOAD, 8): (D("95"), D("90"))}
    assert records_of(triple) == {(LOAD, 3): (D("80"), None)}


def test_the_best_estimate_can_come_from_any_number_of_reps(user, moves):
    session = session_on(user)
    log(session, moves["lift"], reps=5, kg="100")  # 116.6667
    triple = log(session, moves["lift"], reps=3, kg="110")  # 121
    ten = log(session, moves["lift"], reps=10, kg="90")  # 120: not the best
    twelve = log(session, moves["lift"], reps=12, kg="100")  # no estimate past 10 reps
    assert beaten(triple) == {(E1RM, None): (D("121"), D("116.6667"))}
    assert (E1RM, None) not in records_of(ten)
    assert records_of(twelve) == {(LOAD, 12): (D("100"), None)}


def test_a_loaded_lift_with_no_load_or_zero_load_sets_no_record(user, moves):
    session = session_on(user)
    unloaded = log(session, moves["lift"], reps=5)
    zero = log(session, moves["lift"], reps=5, kg="0")
    assert records_of(unloaded) == records_of(zero) == {}
    # Nor is either a best to beat: the first loaded set is the baseline.
    assert records_of(log(session, moves["lift"], reps=5, kg="20"))[(LOAD, 5)] == (D("20"), None)


@pytest.mark.parametrize("move", ["bridge", "band"])
def test_the_most_reps_in_one_set_counts_without_a_load(user, moves, band, move):
    session = session_on(user)
    sets = [
        log(session, moves[move], reps=reps, band=band if move == "band" else None)
        for reps in (10, 12, 12, 11)
    ]
    assert [records_of(s) for s in sets] == [
        {(REPS, None): (D("10"), None)},
        {(REPS, None): (D("12"), D("10"))},
        {},
        {},
    ]
    title = "Most reps on the tan band" if move == "band" else "Most reps"
    assert sets[1].records.get().describe("kg") == f"{title}: 12 reps (was 10 reps)"


def test_the_longest_hold_counts_for_a_hold(user, moves):
    session = session_on(user)
    holds = [log(session, moves["hold"], hold=seconds) for seconds in (30, 45, 40)]
    assert [records_of(s) for s in holds] == [
        {(HOLD, None): (D("30"), None)},
        {(HOLD, None): (D("45"), D("30"))},
        {},
    ]
    assert holds[1].records.get().describe("kg") == "Longest hold: 45 s (was 30 s)"


# Warm-ups.


def test_a_heavy_warm_up_is_never_a_record_nor_the_best_to_beat(user, moves):
    session = session_on(user)
    warm_first = log(session, moves["lift"], reps=5, kg="60", kind=WARMUP)
    working = log(session, moves["lift"], reps=5, kg="100")
    heavy_warm_up = log(session, moves["lift"], reps=5, kg="140", kind=WARMUP)
    next_working = log(session, moves["lift"], reps=5, kg="110")
    assert records_of(warm_first) == records_of(heavy_warm_up) == {}
    assert records_of(working)[(LOAD, 5)] == (D("100"), None)  # the baseline, not the warm-up
    assert beaten(next_working)[(LOAD, 5)] == (D("110"), D("100"))
    before = rows(user)
    records_rebuild(user=user)
    assert rows(user) == before


def test_editing_a_warm_up_into_a_working_set_makes_it_count(user, moves):
    session = session_on(user)
    log(session, moves["lift"], reps=5, kg="100")
    warm_up = log(session, moves["lift"], reps=5, kg="120", kind=WARMUP)
    later = log(session, moves["lift"], reps=5, kg="110")
    assert beaten(later)[(LOAD, 5)] == (D("110"), D("100"))

    logbook.set_update(logged=warm_up, kind=WORKING)
    assert beaten(warm_up)[(LOAD, 5)] == (D("120"), D("100"))
    assert records_of(later) == {}  # 110 no longer beats anything

    logbook.set_update(logged=warm_up, kind=WARMUP)
    assert records_of(warm_up) == {}
    assert beaten(later)[(LOAD, 5)] == (D("110"), D("100"))


def test_a_warm_up_does_not_count_towards_the_stage(user, moves):
    bridge = moves["bridge"]
    first = session_on(user, days_ago=3)
    log(first, bridge, reps=10, kind=WARMUP)
    logbook.session_finish(session=first, effort=6, notes="", cooldown_done=False)
    # A session of only warm-ups is not judged: no stage, nothing earned.
    assert not ProgressionEvent.objects.filter(user=user).exists()
    assert not ProgressionState.objects.filter(user=user).exists()

    second = session_on(user, days_ago=2)
    log(second, bridge, reps=10)
    logbook.session_finish(session=second, effort=6, notes="", cooldown_done=False)
    state = ProgressionState.objects.get(user=user, exercise=bridge)
    stage = (state.sets, state.reps)
    assert stage == (2, 10)  # 1 × 10 done: on to 2 × 10

    # One working set and a warm-up is not 2 × 10: the stage stays.
    third = session_on(user, days_ago=1)
    log(third, bridge, reps=10, kind=WARMUP)
    log(third, bridge, reps=10)
    logbook.session_finish(session=third, effort=6, notes="", cooldown_done=False)
    assert ProgressionEvent.objects.get(session=third).met is False
    state.refresh_from_db()
    assert (state.sets, state.reps) == stage


# Ties.


def test_equalling_the_best_is_not_a_record_and_the_record_stays_with_the_first(user, moves):
    log(session_on(user, days_ago=2), moves["lift"], reps=5, kg="100")
    first = log(session_on(user, days_ago=1), moves["lift"], reps=5, kg="105")
    equal = log(session_on(user), moves["lift"], reps=5, kg="105")
    assert records_of(equal) == {}
    assert PersonalRecord.objects.filter(user=user, kind=LOAD).latest("value").logged_set == first
    before = rows(user)
    records_rebuild(user=user)
    assert rows(user) == before


def test_two_equal_sets_in_one_session_make_one_record(user, moves):
    log(session_on(user, days_ago=1), moves["lift"], reps=5, kg="100")
    session = session_on(user)
    one = log(session, moves["lift"], reps=5, kg="105")
    two = log(session, moves["lift"], reps=5, kg="105")
    assert set(beaten(one)) == {(LOAD, 5), (E1RM, None)}
    assert records_of(two) == {}
    assert PersonalRecord.objects.beaten().count() == 2


# Units: records are kept in kg, shown in the user's unit.


def test_a_pound_users_sets_are_compared_in_kilograms(auth_client, user, moves):
    log(session_on(user, days_ago=1), moves["lift"], reps=5, kg="100")
    user.unit = "lb"
    user.save()
    session = session_on(user)
    response = post_set(auth_client, session, moves["lift"], htmx=True, reps="5", load="225")
    heavier = LoggedSet.objects.get(session=session)
    assert heavier.load_kg == D("102.0583")
    assert beaten(heavier)[(LOAD, 5)] == (D("102.0583"), D("100"))
    assert "Heaviest for 5 reps: 225 lb (was 220.46 lb)" in response.text
    assert "Best estimated one-rep max (Epley): 262.5 lb (was 257.21 lb)" in response.text

    # The same pounds again are the same kilograms: a tie, not a record.
    again = post_set(auth_client, session, moves["lift"], htmx=True, reps="5", load="225")
    assert "New personal record!" not in again.text
    assert PersonalRecord.objects.filter(logged_set__session=session).beaten().count() == 2


def test_220_46_lb_is_a_little_under_100_kg_so_it_does_not_tie_or_beat_it(auth_client, user, moves):
    """100 kg is 220.4623 lb. Typed to 0.01 lb, 220.46 lb is stored as 99.9990 kg.

    1 g lighter than 100 kg, it shows as the same 220.46 lb: a tie, not a record;
    220.47 lb (100.0035 kg) is the first load in pounds above it as shown.
    """
    log(session_on(user, days_ago=1), moves["lift"], reps=5, kg="100")
    user.unit = "lb"
    user.save()
    session = session_on(user)
    under = post_set(auth_client, session, moves["lift"], htmx=True, reps="5", load="220.46")
    assert LoggedSet.objects.get(session=session).load_kg == D("99.9990")
    assert "New personal record!" not in under.text
    over = post_set(auth_client, session, moves["lift"], htmx=True, reps="5", load="220.47")
    assert "Heaviest for 5 reps: 220.47 lb (was 220.46 lb)" in over.text


def test_after_switching_to_kg_a_gram_more_is_a_tie_not_a_record(auth_client, user, moves):
    user.unit = "lb"
    user.save()
    log(session_on(user, days_ago=1), moves["lift"], reps=5, kg="99.9990")  # 220.46 lb
    user.unit = "kg"
    user.save()
    session = session_on(user)
    gram = post_set(auth_client, session, moves["lift"], htmx=True, reps="5", load="100")
    assert "New personal record!" not in gram.text
    assert "(was 100 kg)" not in gram.text
    assert records_of(LoggedSet.objects.get(session=session)) == {}
    over = post_set(auth_client, session, moves["lift"], htmx=True, reps="5", load="100.01")
    assert "Heaviest for 5 reps: 100.01 kg (was 100 kg)" in over.text


def test_a_load_equal_to_the_shown_hundredth_ties_and_the_next_hundredth_beats_it(user, moves):
    session = session_on(user)
    log(session, moves["lift"], reps=5, kg="100")
    assert records_of(log(session, moves["lift"], reps=5, kg="100.0040")) == {}
    over = log(session, moves["lift"], reps=5, kg="100.0100")
    assert beaten(over)[(LOAD, 5)] == (D("100.0100"), D("100"))
    assert (
        over.records.get(kind=LOAD).describe("kg") == "Heaviest for 5 reps: 100.01 kg (was 100 kg)"
    )


@pytest.mark.parametrize(
    "kind,value,best,unit,expected",
    [
        (LOAD, "100", None, "kg", True),  # nothing to beat: a baseline
        (LOAD, "100.0049", "100", "kg", False),  # both 100 kg
        (LOAD, "100.0050", "100", "kg", True),  # 100.01 kg
        (LOAD, "100.0035", "100", "lb", True),  # 220.47 lb over 220.46 lb
        (LOAD, "100.0010", "99.9990", "kg", False),  # the 1 g of "100 kg (was 100 kg)"
        (LOAD, "100.0010", "99.9990", "lb", False),  # 220.46 lb both
        (E1RM, "116.6700", "116.6667", "kg", False),  # 116.67 kg both
        (REPS, "12", "12", "kg", False),
        (REPS, "13", "12", "kg", True),
        (HOLD, "45", "45", "lb", False),
    ],
)
def test_a_record_must_beat_the_best_as_the_user_reads_it(kind, value, best, unit, expected):
    assert beats(kind, D(value), None if best is None else D(best), unit=unit) is expected


# Band colours: each its own record; a lighter band never beats a heavier one.


def test_reps_on_each_band_colour_are_a_record_of_that_colour_only(user, moves, red, green):
    curl, session = moves["band"], session_on(user)
    log(session, curl, reps=10, band=red)
    more_on_red = log(session, curl, reps=12, band=red)
    first_on_green = log(session, curl, reps=8, band=green)
    more_on_green = log(session, curl, reps=9, band=green)
    fewer_on_red = log(session, curl, reps=11, band=red)
    assert beaten(more_on_red) == {(REPS, None): (D("12"), D("10"))}
    assert records_of(first_on_green) == {(REPS, None): (D("8"), None)}  # a baseline
    assert beaten(more_on_green) == {(REPS, None): (D("9"), D("8"))}
    assert records_of(fewer_on_red) == {}
    assert more_on_green.records.get().describe("kg") == (
        "Most reps on the green band: 9 reps (was 8 reps)"
    )
    before = rows(user)
    records_rebuild(user=user)
    assert rows(user) == before


def test_more_reps_on_a_lighter_band_never_beat_the_heavier_bands_record(
    auth_client, user, moves, band, green
):
    curl = moves["band"]
    log(session_on(user, days_ago=2), curl, reps=10, band=green)
    session = session_on(user)
    lighter = post_set(auth_client, session, curl, htmx=True, reps="20", band=str(band.pk))
    assert "New personal record!" not in lighter.text
    assert "record-badge" not in lighter.text
    greens = PersonalRecord.objects.filter(user=user, band=green)
    assert list(greens.values_list("value", flat=True)) == [D("10")]  # green's best stands
    again = post_set(auth_client, session, curl, htmx=True, reps="21", band=str(band.pk))
    assert "Most reps on the tan band: 21 reps (was 20 reps)" in again.text
    alert = again.text.split("New personal record!")[1].split("</div>")[0]
    assert "green" not in alert.lower()


def test_a_band_colour_counts_only_for_exercises_measured_in_reps_at_a_band(user, moves, band):
    bridge = log(session_on(user), moves["bridge"], reps=10, band=band)
    assert PersonalRecord.objects.get(logged_set=bridge).band is None


# Legs: left, right and both are each their own records.


def test_each_leg_keeps_its_own_records(user):
    one_leg = ExerciseFactory(name="Single-Leg Bridge", unilateral=True)
    session = session_on(user)
    log(session, one_leg, reps=10, side=LEFT)
    first_right = log(session, one_leg, reps=8, side=RIGHT)
    more_right = log(session, one_leg, reps=9, side=RIGHT)
    fewer_left = log(session, one_leg, reps=9, side=LEFT)
    first_both = log(session, one_leg, reps=6, side=BOTH)
    assert records_of(first_right) == {(REPS, None): (D("8"), None)}  # not under the left's 10
    assert beaten(more_right) == {(REPS, None): (D("9"), D("8"))}
    assert records_of(fewer_left) == {}
    assert records_of(first_both) == {(REPS, None): (D("6"), None)}
    assert more_right.records.get().describe("kg") == "Most reps (right leg): 9 reps (was 8 reps)"


def test_a_one_leg_lift_keeps_loads_and_estimates_per_leg(user):
    lift = loaded_lift_factory(name="Single-Leg RDL", unilateral=True)
    session = session_on(user)
    log(session, lift, reps=5, kg="40", side=LEFT)
    right = log(session, lift, reps=5, kg="30", side=RIGHT)
    heavier_right = log(session, lift, reps=5, kg="32.5", side=RIGHT)
    assert records_of(right) == {(LOAD, 5): (D("30"), None), (E1RM, None): (D("35"), None)}
    assert beaten(heavier_right) == {
        (LOAD, 5): (D("32.5"), D("30")),
        (E1RM, None): (D("37.9167"), D("35")),
    }
    assert PersonalRecord.objects.filter(logged_set=heavier_right, side=RIGHT).count() == 2


def test_a_two_leg_exercise_keeps_one_record_whatever_the_side(user, moves):
    session = session_on(user)
    log(session, moves["bridge"], reps=10, side=LEFT)
    more = log(session, moves["bridge"], reps=11, side=RIGHT)
    assert beaten(more) == {(REPS, None): (D("11"), D("10"))}
    assert more.records.get().side == BOTH


# A repeated request (a double tap, a retry from the outbox) announces a record once.


def test_a_repeated_htmx_post_announces_the_record_once(auth_client, user, moves):
    log(session_on(user, days_ago=1), moves["lift"], reps=5, kg="100")
    session = session_on(user)
    token = uuid.uuid4()
    responses = [
        post_set(auth_client, session, moves["lift"], htmx=True, token=token, reps="5", load="105")
        for _ in range(2)
    ]
    assert [r.status_code for r in responses] == [200, 200]
    assert [r.text.count("New personal record!") for r in responses] == [1, 0]
    assert LoggedSet.objects.filter(session=session).count() == 1
    assert PersonalRecord.objects.filter(logged_set__session=session).beaten().count() == 2
    # The set keeps its badge: the record is still marked, only not announced again.
    assert responses[1].text.count("record-badge") == 1


def test_a_repeated_plain_post_names_the_record_in_one_message(auth_client, user, moves):
    log(session_on(user, days_ago=1), moves["lift"], reps=5, kg="100")
    session = session_on(user)
    token = uuid.uuid4()
    texts = [
        post_set(
            auth_client, session, moves["lift"], follow=True, token=token, reps="5", load="105"
        ).text
        for _ in range(2)
    ]
    assert [text.count("New personal record!") for text in texts] == [1, 0]
    assert LoggedSet.objects.filter(session=session).count() == 1


# The log changing under the records.


def test_deleting_the_record_set_makes_the_next_best_the_record(user, moves):
    log(session_on(user, days_ago=3), moves["lift"], reps=5, kg="100")
    best = log(session_on(user, days_ago=2), moves["lift"], reps=5, kg="110")
    next_best = log(session_on(user, days_ago=1), moves["lift"], reps=5, kg="105")
    assert records_of(next_best) == {}
    logbook.set_delete(logged=best)
    assert beaten(next_best)[(LOAD, 5)] == (D("105"), D("100"))


def test_deleting_a_record_set_on_the_page_flags_the_next_best(auth_client, user, moves):
    log(session_on(user, days_ago=1), moves["lift"], reps=5, kg="100")
    session = session_on(user)
    best = log(session, moves["lift"], reps=5, kg="110")
    log(session, moves["lift"], reps=5, kg="105")
    response = auth_client.post(
        reverse("logbook:set-delete", args=[best.pk]), headers={"HX-Request": "true"}
    )
    assert response.text.count("record-badge") == 1
    assert "Heaviest for 5 reps: 105 kg (was 100 kg)" in response.text


def test_editing_a_record_set_down_takes_its_record_away(auth_client, user, moves):
    log(session_on(user, days_ago=1), moves["lift"], reps=5, kg="100")
    best = log(session_on(user), moves["lift"], reps=5, kg="110")
    assert beaten(best)
    response = auth_client.post(
        reverse("logbook:set-edit", args=[best.pk]), {"reps": "5", "load": "95"}
    )
    assert response.status_code == 302
    assert records_of(best) == {}
    assert not PersonalRecord.objects.beaten().exists()


def test_a_set_logged_into_an_older_session_rewrites_the_records_after_it(user, moves):
    lift = moves["lift"]
    log(session_on(user, days_ago=10), lift, reps=5, kg="100")
    today = log(session_on(user), lift, reps=5, kg="110")
    assert beaten(today)[(LOAD, 5)] == (D("110"), D("100"))
    older = session_on(user, days_ago=5, status=Session.Status.DONE)

    between = log(older, lift, reps=5, kg="105")
    assert beaten(between)[(LOAD, 5)] == (D("105"), D("100"))
    assert beaten(today)[(LOAD, 5)] == (D("110"), D("105"))

    heavier = log(older, lift, reps=5, kg="120")
    assert beaten(heavier)[(LOAD, 5)] == (D("120"), D("105"))
    assert records_of(today) == {}
    before = rows(user)
    records_rebuild(user=user)
    assert rows(user) == before


# On the page, the moment a set is logged.


def test_the_first_set_is_a_baseline_and_not_flagged_on_the_page(auth_client, user, moves):
    session = session_on(user)
    first = post_set(auth_client, session, moves["lift"], htmx=True, reps="5", load="100")
    assert first.status_code == 200
    assert "New personal record!" not in first.text
    assert "record-badge" not in first.text
    assert PersonalRecord.objects.filter(user=user).exists()  # the baseline is kept

    second = post_set(auth_client, session, moves["lift"], htmx=True, reps="5", load="102.5")
    assert "New personal record!" in second.text
    assert "Heaviest for 5 reps: 102.5 kg (was 100 kg)" in second.text
    assert second.text.count("record-badge") == 1


def test_the_htmx_response_flags_the_record_the_moment_it_is_logged(auth_client, user, moves):
    log(session_on(user, days_ago=2), moves["hold"], hold=30)
    session = session_on(user)
    response = post_set(auth_client, session, moves["hold"], htmx=True, hold_s="45")
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "New personal record!" in response.text
    assert "<li>Longest hold: 45 s (was 30 s)</li>" in response.text
    assert "record-badge" in response.text


def test_a_plain_post_names_the_record_in_the_message(auth_client, user, moves):
    log(session_on(user, days_ago=2), moves["lift"], reps=5, kg="100")
    session = session_on(user)
    response = post_set(auth_client, session, moves["lift"], follow=True, reps="5", load="105")
    assert response.status_code == 200
    assert (
        "Logged Romanian Deadlift, set 1. New personal record! "
        "Heaviest for 5 reps: 105 kg (was 100 kg); "
        "Best estimated one-rep max (Epley): 122.5 kg (was 116.67 kg)"
    ) in response.text
    plain = post_set(auth_client, session, moves["lift"], follow=True, reps="5", load="90")
    assert "Logged Romanian Deadlift, set 2." in plain.text
    assert "New personal record!" not in plain.text


def test_the_session_page_shows_a_record_badge_on_each_record_set(auth_client, user, moves):
    log(session_on(user, days_ago=2), moves["lift"], reps=5, kg="100")
    session = session_on(user)
    log(session, moves["lift"], reps=5, kg="90")
    log(session, moves["lift"], reps=5, kg="105")
    log(session, moves["lift"], reps=5, kg="107.5", kind=WARMUP)
    text = auth_client.get(session.get_absolute_url()).text
    assert text.count("record-badge") == 1
    badge = text[text.index("record-badge") : text.index(">Record</span>")]
    assert "Heaviest for 5 reps: 105 kg (was 100 kg)" in badge
    assert "New personal record!" not in text  # the alert is for the set just logged


def test_another_users_records_never_show(auth_client, user, other_user, moves):
    theirs = session_on(other_user)
    log(theirs, moves["lift"], reps=5, kg="150")
    log(theirs, moves["lift"], reps=5, kg="200")
    mine = session_on(user)
    first = post_set(auth_client, mine, moves["lift"], htmx=True, reps="5", load="100")
    # Their 200 kg is not my best: my first set is my baseline.
    assert "New personal record!" not in first.text
    second = post_set(auth_client, mine, moves["lift"], htmx=True, reps="5", load="105")
    assert "Heaviest for 5 reps: 105 kg (was 100 kg)" in second.text
    text = auth_client.get(mine.get_absolute_url()).text
    assert text.count("record-badge") == 1
    assert "200 kg" not in text and "150 kg" not in text
    assert auth_client.get(theirs.get_absolute_url()).status_code == 404


# Rebuilding from the log agrees with noting set by set.


def test_rebuilding_gives_the_same_records_as_logging_set_by_set(
    user, other_user, moves, band, red
):
    moves = {
        **moves,
        "one-leg": ExerciseFactory(name="Single-Leg Bridge", unilateral=True),
        "one-leg lift": loaded_lift_factory(name="Single-Leg RDL", unilateral=True),
    }
    rng = random.Random(20_250_301)
    days = sorted(rng.sample(range(1, 60), 20), reverse=True)
    # Two sessions on some days: the log's order is the date, then the order logged.
    sessions = [session_on(user, days_ago=d, status=Session.Status.DONE) for d in days]
    sessions += [session_on(user, days_ago=d, status=Session.Status.DONE) for d in days[::5]]
    sessions.sort(key=lambda s: s.date)
    theirs = session_on(other_user)
    kinds = [WORKING] * 6 + [WARMUP, WARMUP, "drop", "failure"]
    logged = []
    for step in range(200):
        if logged and rng.random() < 0.05:
            # Now and then an edit or a deletion, which rebuilds that exercise's records.
            changed = logged.pop(rng.randrange(len(logged)))
            if rng.random() < 0.5:
                logbook.set_update(logged=changed, kind=rng.choice(kinds))
                logged.append(changed)
            else:
                logbook.set_delete(logged=changed)
            continue
        # Mostly into the latest session so far; now and then into an older one.
        reached = sessions[: 1 + step // 8]
        session = reached[-1] if rng.random() < 0.8 else rng.choice(reached)
        move = rng.choice(list(moves))
        # Small steps that trend up: many records, many ties, some sets that fall short;
        # 100.004 kg ties 100 kg as shown.
        up = rng.randint(step // 16, 2 + step // 8)
        values = {"kind": rng.choice(kinds)}
        if moves[move].unilateral:
            values["side"] = rng.choice([LEFT, RIGHT, BOTH])
        if "lift" in move:
            values["reps"] = rng.choice([1, 3, 5, 5, 8, 12])
            values["kg"] = rng.choice(
                ["0", "100", "100.004", "102.0583", str(Decimal("60") + Decimal("2.5") * up)]
            )
        elif move == "hold":
            values["hold"] = 20 + 5 * up
        else:
            values["reps"] = 8 + up
            values["band"] = rng.choice([band, red]) if move == "band" else None
        logged.append(log(session, moves[move], **values))
        if rng.random() < 0.05:
            log(theirs, moves[move], **values)

    noted = rows(user)
    theirs_before = rows(other_user)
    assert sum(1 for row in noted if row[4] is not None) > 10  # records beaten, not just baselines
    assert records_rebuild(user=user) == len(noted)
    assert rows(user) == noted
    assert rows(other_user) == theirs_before

    # And both agree with the rule stated plainly: a record beats, as shown in kg, every
    # earlier working set of its exercise, kind, rep count, band (for bands), leg (one-leg).
    best = {}
    expected = []
    sets = LoggedSet.objects.filter(session__user=user).select_related("exercise", "session")
    for s in sets.order_by("session__date", "pk"):
        found = candidates(
            s.exercise.measure, kind=s.kind, reps=s.reps, load_kg=s.load_kg, hold_s=s.hold_s
        )
        band_id = s.band_id if s.exercise.measure == Exercise.Measure.BAND_REPS else None
        side = s.side if s.exercise.unilateral else BOTH
        for c in found:
            key = (s.exercise_id, c.kind, c.reps, band_id, side)
            earlier = best.get(key)
            if earlier is None or hundredths(c.value) > hundredths(earlier):
                expected.append((s.pk, c.kind, c.reps, c.value, earlier))
                best[key] = c.value
    assert rows(user) == sorted(expected, key=lambda row: (row[0], row[1], row[2] or 0))
    apart = set(PersonalRecord.objects.filter(user=user).values_list("band", "side"))
    assert {band.pk, red.pk} <= {b for b, _ in apart}
    assert {LEFT, RIGHT, BOTH} <= {side for _, side in apart}


# The migration that split records by band and leg rebuilt the rows written before it.


def test_the_band_and_side_migration_rebuilds_records_written_the_old_way(user, moves, red, green):
    from django.apps import apps

    migration = importlib.import_module(
        "progress.migrations.0004_rebuild_records_per_band_and_side"
    )
    curl, one_leg = moves["band"], ExerciseFactory(name="Single-Leg Bridge", unilateral=True)
    session = session_on(user)
    for values in [
        {"exercise": curl, "reps": 10, "band": green},
        {"exercise": curl, "reps": 15, "band": red},
        {"exercise": one_leg, "reps": 10, "side": LEFT},
        {"exercise": one_leg, "reps": 8, "side": RIGHT},
    ]:
        log(session, **values)
    expected = rows(user)
    # Before the migration: one best per exercise, whatever the colour or leg.
    PersonalRecord.objects.filter(user=user).update(band=None, side=BOTH)
    PersonalRecord.objects.filter(user=user, value__in=[8, 15]).delete()
    stale = LoggedSet.objects.get(session=session, band=red)
    PersonalRecord.objects.create(
        user=user,
        exercise=curl,
        logged_set=stale,
        kind=REPS,
        value=15,
        previous=10,
        date=stale.session.date,
    )

    migration.rebuild_every_users_records(apps, None)

    assert rows(user) == expected
    assert not PersonalRecord.objects.filter(user=user).beaten().exists()  # four baselines
    assert set(PersonalRecord.objects.values_list("band", "side")) == {
        (green.pk, BOTH),
        (red.pk, BOTH),
        (None, LEFT),
        (None, RIGHT),
    }


def test_a_restored_backup_keeps_each_records_band_and_leg(user, other_user, moves, red, green):
    from transfer.backup import backup_json
    from transfer.restore import backup_restore

    one_leg = ExerciseFactory(name="Single-Leg Bridge", unilateral=True)
    session = session_on(user)
    log(session, moves["band"], reps=10, band=green)
    log(session, moves["band"], reps=15, band=red)
    log(session, one_leg, reps=10, side=LEFT)
    log(session, one_leg, reps=8, side=RIGHT)
    backup_restore(user=other_user, data=json.loads("".join(backup_json(user=user))))

    def apart(owner):
        return sorted(
            PersonalRecord.objects.filter(user=owner).values_list(
                "exercise__slug", "band__slug", "side", "value"
            ),
            key=str,
        )

    assert apart(other_user) == apart(user)
    assert {band for _, band, _, _ in apart(other_user)} == {"green", "red", None}
