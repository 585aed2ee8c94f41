"""Every form, fuzzed through its view: never a 500, never half a write, errors where they belong.

Each test posts generated values (unicode, NUL, huge and negative numbers,
NaN and infinities, 10,000-character strings, lists through repeated keys,
missing fields) with the test client and checks three properties:

- the answer is never a server error;
- a refusal writes nothing; a success writes only rows that pass `full_clean()`;
- a page that shows the form again shows each field's error under that field.

CI runs a fixed set of examples; `HAMSTRONG_FUZZ=explore` draws new ones.
"""

import csv
import datetime
import io
import json
import uuid

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import given
from hypothesis import strategies as st

from exercises.models import BandColour, Exercise
from logbook import services as logbook
from progress.models import Goal
from tests import fuzz
from tests.factories import (
    PASSWORD,
    ExerciseFactory,
    UserFactory,
    hold_stretch_factory,
    loaded_lift_factory,
    make_chain,
)
from tests.fuzz import (
    MISSING,
    days,
    expect,
    form_data,
    junk,
    mostly,
    numbers,
    optional,
    send,
    words,
)
from tests.tasks import run_tasks_ok
from training.models import Import, LoggedSet, Routine, RoutineEntry, Session
from transfer.import_writing import import_step
from transfer.importing import import_confirm, import_stage

pytestmark = pytest.mark.django_db

STRONG_COLUMNS = [
    "Date",
    "Workout Name",
    "Duration",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Reps",
    "Distance",
    "Seconds",
    "Notes",
    "Workout Notes",
    "RPE",
]
STRONG = (
    ",".join(STRONG_COLUMNS)
    + """
2025-09-15 07:48:00,Leg day,1h 5m,Romanian Deadlift (Barbell),1,60,8,0,0,,Felt strong,7
2025-09-15 07:48:00,Leg day,1h 5m,Cable Pull-Through,1,25,12,0,0,,,
2025-09-15 07:48:00,Leg day,1h 5m,Wall Sit,1,0,0,0,45,,,
2025-09-15 07:48:00,Leg day,1h 5m,Glute Bridge,1,0,10,0,0,,,
"""
)


def today():
    return timezone.localdate()


class World:
    """The rows every form is fuzzed against: one user's log, another user's, the catalog."""


@pytest.fixture
def world(db, settings):
    # Sign-up, log-in and password forms hash a password per example.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    w = World()
    w.user = UserFactory(username="fuzzer", email="fuzzer@example.com")
    w.other = UserFactory(username="other", email="other@example.com")
    w.empty = UserFactory(username="newcomer", email="newcomer@example.com")
    # LOWER() and UPPER() disagree on the Kelvin sign (K): the unique index and the
    # form's iexact check see "Kelvin@…" differently on PostgreSQL.
    UserFactory(username="kelvin", email="kelvin@example.com")
    w.bands = [
        BandColour.objects.create(slug=slug, name=slug.title(), position=i, hex_colour="#cccccc")
        for i, slug in enumerate(["tan", "yellow", "red"], start=1)
    ]
    w.moves = {
        "bridge": ExerciseFactory(name="Glute Bridge"),
        "rdl": loaded_lift_factory(barbell=True),
        "stretch": hold_stretch_factory(),
        "band": ExerciseFactory(
            name="Band Curl",
            measure=Exercise.Measure.BAND_REPS,
            rule=Exercise.Rule.BAND_COLOUR,
        ),
        "nordic": ExerciseFactory(name="Nordic Curl", level=Exercise.Level.ADVANCED),
    }
    make_chain(w.moves["bridge"], w.moves["nordic"], slug="to-nordics", name="To Nordics")
    w.retired = ExerciseFactory(name="Old Move", is_active=False)
    w.private = ExerciseFactory(name="Other's Move", owner=w.other, slug="others-move")
    w.routine = Routine.objects.create(owner=w.user, name="Leg day")
    for position, key in enumerate(["bridge", "rdl", "stretch", "band"], start=1):
        move = w.moves[key]
        RoutineEntry.objects.create(
            routine=w.routine,
            exercise=move,
            position=position,
            sets=2,
            reps_min=move.reps_min,
            reps_max=move.reps_max,
            hold_s=move.hold_min_s,
            rest_s=move.rest_s,
        )
    w.template = Routine.objects.create(template_key="fuzz-template", name="Shipped plan")
    RoutineEntry.objects.create(
        routine=w.template, exercise=w.moves["bridge"], position=1, sets=3, reps_min=10, reps_max=10
    )
    w.foreign_routine = Routine.objects.create(owner=w.other, name="Not yours")
    w.planned = Session.objects.create(
        user=w.user, routine=w.routine, date=today() + datetime.timedelta(days=2)
    )
    w.done = Session.objects.create(
        user=w.user,
        routine=w.routine,
        date=today() - datetime.timedelta(days=3),
        status=Session.Status.IN_PROGRESS,
    )
    w.logged = {}
    for key, values in {
        "bridge": {"reps": 10},
        "rdl": {"reps": 8, "load_kg": 60},
        "stretch": {"hold_s": 30, "side": LoggedSet.Side.LEFT},
        "band": {"reps": 10, "band": w.bands[0]},
    }.items():
        w.logged[key], _ = logbook.set_log(
            session=w.done, exercise=w.moves[key], token=uuid.uuid4(), **values
        )
    logbook.session_finish(session=w.done, effort=6, notes="", cooldown_done=False)
    w.live = Session.objects.create(
        user=w.user, routine=w.routine, date=today(), status=Session.Status.IN_PROGRESS
    )
    w.live_set, _ = logbook.set_log(
        session=w.live, exercise=w.moves["bridge"], token=uuid.uuid4(), reps=10
    )
    w.batch = import_stage(user=w.user, filename="strong.csv", data=STRONG.encode())
    return w


def exercises(w, *moves):
    """Exercise choices: `moves` (default: every active one) mostly, sometimes one to refuse."""
    usual = [str(w.moves[m].pk) for m in moves or w.moves]
    return mostly(usual, [str(w.retired.pk), str(w.private.pk), "0", str(2**63)])


def routines(w):
    return mostly(
        [str(w.routine.pk), str(w.template.pk)], [str(w.foreign_routine.pk), "0", "", "-1"]
    )


def confirm_warnings(client, url, data, outcome):
    """'Save anyway': post again with the digest of the warnings the page showed."""
    context = outcome.response.context
    if outcome.response.status_code != 200 or not context or not context.get("confirm"):
        return None
    return send(client, "post", url, {**data, "confirm": context["confirm"]})


def _form(outcome, name="form"):
    context = outcome.response.context
    return context.get(name) if context else None


def _set_unit(user, unit):
    type(user).objects.filter(pk=user.pk).update(unit=unit)


# Accounts ----------------------------------------------------------------------

PASSWORDS = mostly(
    [PASSWORD, "Tr4in-hamstrings-daily", "ça-va-💪-bien-merci"],
    ["short", "password", "12345678901", "fuzzer1234", ""],
)


def same_passwords(first: str, second: str):
    """Two password fields, typed alike most of the time."""
    return st.tuples(PASSWORDS, PASSWORDS, st.booleans()).map(
        lambda t: {first: t[0], second: t[0] if t[2] else t[1]}
    )


@fuzz.fuzz_settings(40)
@given(data=st.data())
def test_signup_never_fails_or_half_creates_an_account(world, data):
    values = data.draw(
        form_data(
            st.tuples(
                st.fixed_dictionaries(
                    {
                        "username": st.one_of(
                            st.from_regex(r"\A[\w.@+-]{1,30}\Z"),
                            st.sampled_from(["fuzzer", "FUZZER"]),
                        ),
                        "email": mostly(
                            ["ann@example.com", "ännä@exämple.com", "a+b@example.co.uk"],
                            [
                                "fuzzer@example.com",
                                " FUZZER@example.COM ",
                                "\u212aelvin@example.com",
                                "a@b",
                                "@",
                            ],
                        ),
                    }
                ),
                same_passwords("password1", "password2"),
            ).map(lambda parts: parts[0] | parts[1])
        )
    )
    with fuzz.rolled_back():
        outcome = send(fuzz.logged_in(None), "post", reverse("accounts:signup"), values)
        expect(outcome, forms=[_form(outcome)])


@fuzz.fuzz_settings(30)
@given(data=st.data())
def test_login_never_fails_and_writes_nothing_when_refused(world, data):
    values = data.draw(
        form_data(
            {
                "username": mostly(["fuzzer"], ["FUZZER", "nobody", "fuzzer@example.com"]),
                "password": PASSWORDS,
                "next": mostly(["/goals/", "/"], ["//evil.example", "https://evil.example/"]),
            }
        )
    )
    with fuzz.rolled_back():
        outcome = send(fuzz.logged_in(None), "post", reverse("accounts:login"), values)
        expect(outcome, forms=[_form(outcome)])
        if outcome.redirected:
            assert not outcome.response["Location"].startswith(("//", "http"))


@fuzz.fuzz_settings(40)
@given(data=st.data())
def test_profile_never_fails_or_half_saves(world, data):
    values = data.draw(
        form_data(
            {
                "display_name": optional(words(max_size=60)),
                "email": mostly(
                    ["fuzzer@example.com", "new@example.com", "ünï@example.com"],
                    [
                        "other@example.com",
                        "OTHER@example.com",
                        "\u212aelvin@example.com",
                        "",
                        "no-at-sign",
                    ],
                ),
                "unit": mostly(["kg", "lb"], ["st", ""]),
                "weekly_target": numbers(1, 3),
                "experience": mostly(["beginner", "intermediate", "advanced"], ["elite"]),
            }
        )
    )
    with fuzz.rolled_back():
        client = fuzz.logged_in(world.user)
        outcome = send(client, "post", reverse("accounts:profile"), values)
        expect(outcome, forms=[_form(outcome)])


@fuzz.fuzz_settings(30)
@given(data=st.data())
def test_password_change_never_fails_or_half_saves(world, data):
    values = data.draw(
        form_data(
            st.tuples(
                st.fixed_dictionaries({"old_password": mostly([PASSWORD], ["wrong", ""])}),
                same_passwords("new_password1", "new_password2"),
            ).map(lambda parts: parts[0] | parts[1])
        )
    )
    with fuzz.rolled_back():
        client = fuzz.logged_in(world.user)
        outcome = send(client, "post", reverse("accounts:password-change"), values)
        expect(outcome, forms=[_form(outcome)])


@fuzz.fuzz_settings(30)
@given(data=st.data())
def test_password_reset_request_never_fails_or_writes(world, data):
    values = data.draw(
        form_data(
            {
                "email": mostly(
                    ["fuzzer@example.com", "FUZZER@EXAMPLE.COM", "nobody@example.com"],
                    ["not-an-email", ""],
                )
            }
        )
    )
    with fuzz.rolled_back():
        outcome = send(fuzz.logged_in(None), "post", reverse("accounts:password-reset"), values)
        expect(outcome, forms=[_form(outcome)])
        assert not outcome.changes


@fuzz.fuzz_settings(30)
@given(data=st.data())
def test_password_reset_confirm_never_fails_or_half_saves(world, data):
    values = data.draw(form_data(same_passwords("new_password1", "new_password2")))
    with fuzz.rolled_back():
        client = fuzz.logged_in(None)
        link = reverse(
            "accounts:password-reset-confirm",
            args=[
                urlsafe_base64_encode(force_bytes(world.user.pk)),
                default_token_generator.make_token(world.user),
            ],
        )
        # The link redirects to a token-free address, where the form is posted.
        url = client.get(link)["Location"]
        outcome = send(client, "post", url, values)
        expect(outcome, forms=[_form(outcome)])


# The catalog -------------------------------------------------------------------


@fuzz.fuzz_settings(30)
@given(data=st.data())
def test_catalog_filters_never_fail_or_write(world, data):
    values = data.draw(
        form_data(
            {
                "q": optional(words(max_size=100)),
                "level": optional(st.sampled_from(["beginner", "advanced", "expert"])),
                "kind": optional(st.sampled_from(["strength", "stretch", "cardio"])),
                "movement": optional(st.sampled_from(["bridge", "hinge", "squat"])),
                "equipment": optional(st.sampled_from(["none", "home", "equipment-1", "anvil"])),
                "muscle": optional(st.sampled_from(["muscle-1", "heart"])),
                "page": optional(st.sampled_from(["1", "2", "last", "0", "-1", "99999999999"])),
            }
        )
    )
    with fuzz.rolled_back():
        url = reverse("exercises:exercise-list")
        outcome = send(fuzz.logged_in(world.user), "get", url, values)
        if _holds_a_nul(values):
            # An address holding a NUL is refused whole, with a message, before the view.
            assert outcome.response.status_code == 400
            assert "That address cannot be read" in outcome.response.text
            return
        assert outcome.response.status_code == 200
        expect(outcome, succeeded=False, forms=[_form(outcome)])


def _holds_a_nul(values: dict) -> bool:
    for value in values.values():
        for one in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(one, str) and "\x00" in one:
                return True
    return False


# Routines ----------------------------------------------------------------------


@st.composite
def entry_values(draw, w):
    """One exercise card: the exercise, and numbers that fit it (blank: the catalog's)."""
    key = draw(st.sampled_from(["bridge", "rdl", "stretch", "band", "nordic"]))
    low = draw(st.integers(min_value=1, max_value=30))
    return {
        "exercise": draw(exercises(w, key)),
        "sets": draw(optional(numbers(1, 20))),
        "reps_min": draw(optional(st.just(str(low)))),
        "reps_max": draw(optional(numbers(low, low + 10))),
        "hold_s": draw(optional(numbers(1, 3600))) if key == "stretch" else "",
        "rest_s": draw(optional(numbers(0, 1800))),
        "ORDER": draw(optional(numbers(1, 30))),
    }


@st.composite
def routine_post(draw, w, *, existing: list[RoutineEntry]):
    """The routine form and its cards; the management form always valid (see below)."""
    total = draw(st.integers(min_value=0, max_value=4))
    initial = draw(st.integers(min_value=0, max_value=min(total, len(existing))))
    plausible = {
        "name": draw(mostly(["Leg day", "Jambes 💪", "שריר"], ["", " ", "x" * 101])),
        "description": draw(optional(words(max_size=80))),
        "rounds": draw(numbers(1, 10)),
        "add_entry": draw(mostly([MISSING], ["1"])),
    }
    for i in range(total):
        card = draw(entry_values(w))
        if i < initial:
            card["id"] = draw(mostly([str(existing[i].pk)], ["", "0", str(existing[-1].pk)]))
            card["DELETE"] = draw(mostly([MISSING], ["on"]))
        plausible |= {f"entries-{i}-{name}": value for name, value in card.items()}
    # A management form that is missing or not a number is a 500 for now
    # (test_a_routine_post_with_a_broken_management_form_is_refused): kept valid here.
    management = {
        "entries-TOTAL_FORMS": str(total),
        "entries-INITIAL_FORMS": str(initial),
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "30",
    }
    return draw(form_data(st.just(plausible))) | management


def _routine_forms(outcome):
    context = outcome.response.context
    if not context or "formset" not in context:
        return []
    return [context["form"], *context["formset"].forms]


@fuzz.fuzz_settings(30)
@given(data=st.data())
def test_routine_create_never_fails_or_half_saves(world, data):
    values = data.draw(routine_post(world, existing=[]))
    with fuzz.rolled_back():
        client = fuzz.logged_in(world.user)
        outcome = send(client, "post", reverse("training:routine-create"), values)
        expect(outcome, forms=_routine_forms(outcome))


@fuzz.fuzz_settings(30)
@given(data=st.data())
def test_routine_edit_never_fails_or_half_saves(world, data):
    entries = list(world.routine.entries.order_by("position"))
    values = data.draw(routine_post(world, existing=entries))
    with fuzz.rolled_back():
        client = fuzz.logged_in(world.user)
        url = reverse("training:routine-edit", args=[world.routine.pk])
        outcome = send(client, "post", url, values)
        expect(outcome, forms=_routine_forms(outcome))
        if outcome.redirected:
            positions = sorted(world.routine.entries.values_list("position", flat=True))
            assert positions == list(range(1, len(positions) + 1))


# The schedule ------------------------------------------------------------------


@fuzz.fuzz_settings(30)
@given(data=st.data())
def test_schedule_create_never_fails_or_half_saves(world, data):
    values = data.draw(
        form_data(
            {
                "weekdays": st.lists(st.sampled_from("0123456"), min_size=1, max_size=3),
                "routine": routines(world),
                "start_date": st.one_of(days(0, 30), days(-2, 380)),
                "weeks": numbers(1, 26),
                "confirm": optional(words(max_size=10)),
            }
        )
    )
    query = data.draw(st.sampled_from(["", "?routine=1", "?routine=%00", "?routine=💪"]))
    url = reverse("training:schedule-create") + query
    with fuzz.rolled_back():
        client = fuzz.logged_in(world.user)
        outcome = send(client, "post", url, values)
        expect(outcome, forms=[_form(outcome)])
        again = confirm_warnings(client, url, values, outcome)
        if again is not None:
            expect(again, forms=[_form(again)])


@fuzz.fuzz_settings(30)
@given(data=st.data())
def test_session_add_never_fails_or_half_saves(world, data):
    values = data.draw(
        form_data(
            {
                "date": st.one_of(days(0, 30), days(-2, 380)),
                "routine": optional(routines(world)),
                "confirm": optional(words(max_size=10)),
            }
        )
    )
    url = reverse("training:session-add")
    with fuzz.rolled_back():
        client = fuzz.logged_in(world.user)
        outcome = send(client, "post", url, values)
        expect(outcome, forms=[_form(outcome)])
        again = confirm_warnings(client, url, values, outcome)
        if again is not None:
            expect(again, forms=[_form(again)])


@fuzz.fuzz_settings(30)
@given(data=st.data())
def test_session_move_never_fails_or_half_saves(world, data):
    values = data.draw(
        form_data(
            {
                "date": st.one_of(days(0, 30), days(-2, 380)),
                "next": mostly(
                    ["/training/upcoming/"], ["//evil.example/", "https://evil.example"]
                ),
                "confirm": optional(words(max_size=10)),
            }
        )
    )
    session = data.draw(mostly([world.planned], [world.done]))
    url = reverse("training:session-move", args=[session.pk])
    with fuzz.rolled_back():
        client = fuzz.logged_in(world.user)
        outcome = send(client, "post", url, values)
        expect(outcome, forms=[_form(outcome)])
        if outcome.redirected:
            assert not outcome.response["Location"].startswith(("//", "http"))
        again = confirm_warnings(client, url, values, outcome)
        if again is not None:
            expect(again, forms=[_form(again)])


# Logging a session ---------------------------------------------------------------

LOADS = st.one_of(
    st.decimals(min_value=0, max_value=1000, places=2).map(str),
    st.sampled_from(["62,5", "0.001", "2204.6", "1000.01", "1e2"]),
)


@st.composite
def set_values(draw, w, key):
    """A set of the exercise `key` as its card posts it: the numbers its measure needs."""
    move = w.moves[key]
    measure = move.measure
    rep_measure = measure != Exercise.Measure.HOLD
    values = {
        "reps": draw(numbers(1, 1000) if rep_measure else optional(numbers(1, 1000))),
        "load": draw(optional(LOADS)) if measure == Exercise.Measure.REPS_LOAD else MISSING,
        "hold_s": draw(numbers(1, 3600)) if measure == Exercise.Measure.HOLD else MISSING,
        "band": (
            draw(mostly([str(b.pk) for b in w.bands], ["0", "tan"]))
            if measure == Exercise.Measure.BAND_REPS
            else MISSING
        ),
        "side": draw(mostly(["left", "right"], ["both", "LEFT"])) if move.unilateral else MISSING,
        "kind": draw(optional(mostly(["working", "warmup", "drop", "failure"], ["max"]))),
        "rpe": draw(optional(numbers(1, 10))),
    }
    return values


@fuzz.fuzz_settings(50)
@given(data=st.data())
def test_logging_a_set_never_fails_or_half_saves(world, data):
    key = data.draw(st.sampled_from(["bridge", "rdl", "stretch", "band"]))
    # A token already used is a double tap: it logs nothing more.
    token = st.one_of(st.uuids().map(str), st.just(str(world.live_set.token)))
    values = data.draw(
        form_data(
            st.tuples(set_values(world, key), token).map(
                lambda parts: parts[0] | {"exercise": str(world.moves[key].pk), "token": parts[1]}
            )
        )
    )
    htmx = data.draw(st.booleans())
    unit = data.draw(st.sampled_from(["kg", "lb"]))
    session = data.draw(mostly([world.live], [world.planned, world.done]))
    url = reverse("logbook:set-create", args=[session.pk])
    with fuzz.rolled_back():
        _set_unit(world.user, unit)
        client = fuzz.logged_in(world.user)
        extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        outcome = send(client, "post", url, values, **extra)
        context = outcome.response.context
        logged = (outcome.redirected and not outcome.refused) or bool(
            context and context.get("just_logged")
        )
        form, card = _bound_card(outcome)
        expect(outcome, succeeded=logged, forms=[form], page=card)


def _bound_card(outcome):
    """The posted set form, and its card's part of the page (a page holds a card each)."""
    context = outcome.response.context
    if not context:
        return None, None
    cards = [context["card"]] if "card" in context else context.get("cards", [])
    for card in cards:
        if card.form.is_bound:
            page = outcome.response.content.decode()
            start = page.index(f'id="{card.anchor}"')
            return card.form, page[start : page.index("</section>", start)]
    return None, None


@fuzz.fuzz_settings(40)
@given(data=st.data())
def test_editing_a_set_never_fails_or_half_saves(world, data):
    key = data.draw(st.sampled_from(list(world.logged)))
    values = data.draw(form_data(set_values(world, key)))
    unit = data.draw(st.sampled_from(["kg", "lb"]))
    with fuzz.rolled_back():
        _set_unit(world.user, unit)
        client = fuzz.logged_in(world.user)
        url = reverse("logbook:set-edit", args=[world.logged[key].pk])
        outcome = send(client, "post", url, values)
        expect(outcome, forms=[_form(outcome)])


@fuzz.fuzz_settings(20)
@given(data=st.data())
def test_starting_a_session_never_fails(world, data):
    values = data.draw(form_data({"warmup_done": optional(st.just("on"))}))
    session = data.draw(st.sampled_from([world.planned, world.live, world.done]))
    with fuzz.rolled_back():
        client = fuzz.logged_in(world.user)
        url = reverse("logbook:session-start", args=[session.pk])
        expect(send(client, "post", url, values))


@fuzz.fuzz_settings(20)
@given(data=st.data())
def test_adding_an_exercise_to_a_session_never_fails_or_writes(world, data):
    # NUL is a 500 on PostgreSQL for now (test_a_nul_in_a_query_is_refused): left out here.
    values = data.draw(
        form_data({"add": mostly(["band-curl", "nordic-curl"], ["others-move", "old-move", ""])})
    )
    values = fuzz.without_nul(values)
    session = data.draw(mostly([world.live], [world.done, world.planned]))
    with fuzz.rolled_back():
        client = fuzz.logged_in(world.user)
        url = reverse("logbook:session-detail", args=[session.pk])
        outcome = send(client, "get", url, values)
        assert outcome.response.status_code == 200
        expect(outcome, succeeded=False)


@fuzz.fuzz_settings(30)
@given(data=st.data())
def test_finishing_a_session_never_fails_or_half_saves(world, data):
    values = data.draw(
        form_data(
            {
                "effort": optional(numbers(1, 10)),
                "cooldown_done": optional(st.just("on")),
                "notes": optional(st.one_of(words(max_size=100), st.just("x" * 2001))),
            }
        )
    )
    session = data.draw(mostly([world.live, world.done], [world.planned]))
    with fuzz.rolled_back():
        client = fuzz.logged_in(world.user)
        url = reverse("logbook:session-finish", args=[session.pk])
        outcome = send(client, "post", url, values)
        expect(outcome, forms=[_form(outcome)])


# Progress: goals and the user's own targets ------------------------------------


@st.composite
def goal_values(draw, w):
    """A goal that makes sense for its exercise, beyond what the log holds, mostly."""
    metric = draw(st.sampled_from(Goal.Metric.values))
    fits = {
        "load_for_reps": ("rdl", 61, 1000),
        "e1rm": ("rdl", 80, 1000),
        "reps": (draw(st.sampled_from(["bridge", "band"])), 11, 1000),
        "hold": ("stretch", 31, 3600),
        "stage": (draw(st.sampled_from(["bridge", "band"])), 1, 3),
        "exercise": ("nordic", 0, 0),
        "sessions": (None, 1, 3),
    }
    key, low, high = fits[metric]
    return {
        "metric": metric,
        "exercise": draw(exercises(w, key)) if key else "",
        "target": draw(
            st.one_of(
                numbers(low, high),
                st.decimals(min_value=low, max_value=high, places=2).map(str),
            )
        )
        if metric != "exercise"
        else "",
        "reps": draw(numbers(1, 30)) if metric == "load_for_reps" else "",
        "weeks": draw(numbers(1, 52)) if metric == "sessions" else "",
        "deadline": draw(days(1, 730)),
        "why": draw(words(min_size=1, max_size=100)),
        draw(st.sampled_from(["save", "check"])): "1",
    }


@fuzz.fuzz_settings(50)
@given(data=st.data())
def test_goal_create_never_fails_or_half_saves(world, data):
    values = data.draw(form_data(goal_values(world)))
    # ?exercise=%00 is a 500 on PostgreSQL for now (test_a_nul_in_a_query_is_refused).
    query = data.draw(st.sampled_from(["", "?exercise=glute-bridge", "?exercise=💪"]))
    with fuzz.rolled_back():
        client = fuzz.logged_in(world.user)
        outcome = send(client, "post", reverse("progress:goal-create") + query, values)
        expect(outcome, forms=[_form(outcome)])


def target_values(w, key):
    """The user's own target for `key`: the numbers of a set of it, and how many sets."""
    return st.tuples(
        set_values(w, key),
        st.fixed_dictionaries({"sets": numbers(1, 20), "note": optional(words(max_size=200))}),
    ).map(
        lambda parts: (
            {
                name: value
                for name, value in parts[0].items()
                if name in ("reps", "load", "hold_s", "band")
            }
            | parts[1]
        )
    )


@fuzz.fuzz_settings(40)
@given(data=st.data())
def test_progression_override_never_fails_or_half_saves(world, data):
    key = data.draw(st.sampled_from(list(world.moves)))
    values = data.draw(form_data(target_values(world, key)))
    unit = data.draw(st.sampled_from(["kg", "lb"]))
    query = data.draw(st.sampled_from(["", "?page=2", "?range=all", "?page=%00&range=💪"]))
    with fuzz.rolled_back():
        _set_unit(world.user, unit)
        client = fuzz.logged_in(world.user)
        url = reverse("progress:exercise-progress", args=[world.moves[key].slug]) + query
        outcome = send(client, "post", url, values)
        expect(outcome, forms=[_form(outcome)])


# Importing and restoring ---------------------------------------------------------


def csv_text(columns, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


STRONG_CELLS = {
    # Not wild: a start on 0001-01-01 or 9999-12-31 is a 500 for now with some durations
    # (test_a_duration_past_the_calendar_is_refused).
    "Date": mostly(
        ["2025-09-15 07:48:00", "2025-09-18 18:02:00", "15 Sep 2025, 07:48"],
        ["2025-13-45 00:00:00", "yesterday", "", "2025-09-15T07:48:00+14:00"],
    ),
    "Workout Name": st.sampled_from(["Leg day", "Hamstring B", "", "Jour 💪"]),
    # Durations of eleven digits or more are a 500 for now
    # (test_a_duration_past_the_calendar_is_refused): six characters at most keep clear of them.
    "Duration": st.one_of(
        st.sampled_from(["1h 5m", "45m", "50s", ""]),
        st.text(alphabet="0123456789hms -", max_size=6),
    ),
    "Exercise Name": st.one_of(
        st.sampled_from(["Glute Bridge", "Romanian Deadlift (Barbell)", "Wall Sit (Left)"]),
        words(min_size=1, max_size=20),
        # Two names alike in their first 100 characters are a 500 for now
        # (test_two_long_names_alike_in_100_characters_import): one long name only.
        st.just("A" * 120),
    ),
    "Set Order": mostly(["1", "2", "W", "D", "F"], ["Rest Timer", "Note"]),
    "Weight": optional(LOADS).map(lambda v: "" if v is MISSING else v),
    "Reps": numbers(1, 1000),
    "Distance": st.just("0"),
    "Seconds": st.one_of(numbers(0, 3600), st.just("")),
    "Notes": st.sampled_from(["", "left", "R", "felt good"]),
    "Workout Notes": words(max_size=20),
    "RPE": st.sampled_from(["", "0", "7", "7.5", "10"]),
}


@st.composite
def strong_rows(draw):
    """Rows of a Strong export: plausible, with a few cells made wild."""
    rows = []
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        row = [draw(STRONG_CELLS[column]) for column in STRONG_COLUMNS]
        broken = draw(st.one_of(st.just(set()), st.sets(st.sampled_from(range(len(row))))))
        for index in broken - {STRONG_COLUMNS.index("Date"), STRONG_COLUMNS.index("Duration")}:
            row[index] = draw(junk()).replace("\x00", "")
        rows.append(row)
    return rows


@st.composite
def export_files(draw):
    """What arrives as an 'export': random bytes, random text, or a Strong CSV with odd cells."""
    kind = draw(mostly(["csv"], ["bytes", "text"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "text":
        return draw(st.one_of(st.text(max_size=300), fuzz.long_text())).encode()
    text = csv_text(STRONG_COLUMNS, draw(strong_rows()))
    encoding = draw(mostly(["utf-8"], ["utf-8-sig", "utf-16"]))
    return text.encode(encoding, errors="replace")


FILENAMES = mostly(
    ["strong.csv", "évènement 💪.csv"],
    ["export", ".csv", "a" * 250 + ".csv", "../../x.csv", "\u202ecsv.exe"],
)


@fuzz.fuzz_settings(40)
@given(data=st.data())
def test_import_upload_never_fails_or_half_stages(world, data):
    content = data.draw(export_files())
    name = data.draw(FILENAMES)
    with fuzz.rolled_back():
        client = fuzz.logged_in(world.user)
        upload = io.BytesIO(content)
        upload.name = name
        outcome = send(client, "post", reverse("transfer:import-start"), {"file": upload})
        expect(outcome, forms=[_form(outcome)])
        if not outcome.redirected:
            return
        # Staged: confirm it (every unknown name an exercise of the user's own) and write it.
        batch = Import.objects.latest("pk")
        answers = {f"name_{i}": "new" for i in range(len(batch.summary["names"]))}
        review = reverse("transfer:import-review", args=[batch.pk])
        confirmed = send(client, "post", review, {**answers, "unit": "kg"})
        expect(confirmed, forms=[_form(confirmed)])
        expect(send(client, "post", reverse("transfer:import-step", args=[batch.pk])))
        run_tasks_ok()  # the background worker writes it
        batch.refresh_from_db()
        assert batch.status != Import.Status.FAILED, batch.error


@fuzz.fuzz_settings(30)
@given(data=st.data())
def test_import_review_never_fails_or_half_confirms(world, data):
    batch = world.batch
    choices = mostly(
        ["new", "skip", *(str(move.pk) for move in world.moves.values())],
        [str(world.private.pk), str(world.retired.pk), "", "0"],
    )
    values = data.draw(
        form_data(
            {
                "unit": mostly(["kg", "lb"], ["", "stone"]),
                **{f"name_{i}": choices for i in range(len(batch.summary["names"]))},
            }
        )
    )
    with fuzz.rolled_back():
        client = fuzz.logged_in(world.user)
        url = reverse("transfer:import-review", args=[batch.pk])
        outcome = send(client, "post", url, values)
        expect(outcome, forms=[_form(outcome)])
        if outcome.redirected:
            # A tampered choice of another user's exercise is never used.
            batch.refresh_from_db()
            assert world.private.pk not in batch.mapping.values()


def _restore_available():
    try:
        reverse("transfer:restore")
    except NoReverseMatch:
        return False
    return True


def _leaves(node, path=()):
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        yield path
        return
    for key, value in items:
        yield from _leaves(value, (*path, key))
    if path:
        yield path


JSON_ODDITIES = st.one_of(
    st.sampled_from([None, True, [], {}, -1, 0, 10**30, 1.5, "a\x00b", "", "session:1"]),
    junk(),
)


@st.composite
def backup_files(draw, document):
    """Random bytes, random text, or the user's backup with a few values changed."""
    kind = draw(mostly(["backup"], ["bytes", "text", "as exported"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "text":
        return draw(st.text(max_size=300)).encode()
    doc = json.loads(json.dumps(document))
    if kind == "backup":
        for path in draw(st.lists(st.sampled_from(list(_leaves(doc))), min_size=1, max_size=3)):
            node = doc
            try:
                for key in path[:-1]:
                    node = node[key]
                node[path[-1]] = draw(JSON_ODDITIES)
            except (KeyError, IndexError, TypeError):
                continue  # an earlier change removed this path
    return json.dumps(doc).encode()


@pytest.fixture
def backup_document(world):
    from transfer.backup import backup_json

    return json.loads("".join(backup_json(user=world.user)))


@pytest.mark.skipif(not _restore_available(), reason="no restore page (transfer:restore) yet")
@fuzz.fuzz_settings(40)
@given(data=st.data())
def test_restore_never_fails_or_half_restores(world, backup_document, data):
    content = data.draw(backup_files(backup_document))
    with fuzz.rolled_back():
        client = fuzz.logged_in(world.empty)
        upload = io.BytesIO(content)
        upload.name = "backup.json"
        outcome = send(client, "post", reverse("transfer:restore"), {"file": upload})
        expect(outcome, forms=[_form(outcome)])


# Failures the fuzzing found, each kept as its smallest input once fixed ---------


@pytest.mark.parametrize(
    "management",
    [
        {},
        {"entries-TOTAL_FORMS": "1", "entries-INITIAL_FORMS": ""},
        {"entries-TOTAL_FORMS": "💪", "entries-INITIAL_FORMS": "0"},
    ],
    ids=["missing", "initial not a number", "total not a number"],
)
# Not "page": a test using a fixture of that name is taken for a browser test.
@pytest.mark.parametrize("view", ["create", "edit"])
def test_a_routine_post_with_a_broken_management_form_is_refused(world, view, management):
    url = (
        reverse("training:routine-create")
        if view == "create"
        else reverse("training:routine-edit", args=[world.routine.pk])
    )
    client = fuzz.logged_in(world.user)
    outcome = send(client, "post", url, {"name": "Leg day", "rounds": "1", **management})
    assert outcome.response.status_code == 200
    assert "The list of exercises arrived incomplete" in outcome.response.content.decode()
    outcome.assert_nothing_written()


@pytest.mark.parametrize(
    ("date", "duration", "reason"),
    [
        ("2025-09-15 07:48:00", "-1", "cannot be negative"),
        ("9999-12-31 23:59:59", "1h 5m", "in the future"),
        ("0001-01-01 00:00:00", "1h 5m", "before 1900"),
    ],
    ids=[
        "negative",
        "last day",
        "year 1",
    ],
)
def test_a_duration_or_date_past_the_calendar_is_refused(world, date, duration, reason):
    text = STRONG.replace("2025-09-15 07:48:00,Leg day,1h 5m", f"{date},Leg day,{duration}", 1)
    upload = io.BytesIO(text.encode())
    upload.name = "strong.csv"
    client = fuzz.logged_in(world.user)
    outcome = send(client, "post", reverse("transfer:import-start"), {"file": upload})
    error = outcome.response.context["form"].errors["file"][0]
    assert error.startswith("Line 2:") and reason in error
    outcome.assert_nothing_written()


@pytest.mark.parametrize(
    "duration",
    ["100000000000000", "9" * 5000, "99999999h", f"{'9' * 5000}h 5m"],
    ids=["past timedelta", "past int()", "hours", "hours past int()"],
)
def test_a_duration_past_the_calendar_stages_the_workout_without_its_length(world, duration):
    text = STRONG.replace(
        "2025-09-15 07:48:00,Leg day,1h 5m", f"2025-09-15 07:48:00,Leg day,{duration}", 1
    )
    upload = io.BytesIO(text.encode())
    upload.name = "strong.csv"
    client = fuzz.logged_in(world.user)
    outcome = send(client, "post", reverse("transfer:import-start"), {"file": upload})
    assert outcome.redirected
    batch = Import.objects.latest("pk")
    assert batch.status == Import.Status.REVIEW
    assert batch.payload[0]["finished_at"] is None


def test_two_long_names_alike_in_100_characters_import_as_two_exercises(world):
    rows = [
        f"2025-09-1{day} 07:48:00,Leg day,1h,{'A' * 100}{end},1,0,10,0,0,,,"
        for day, end in enumerate("xy")
    ]
    upload = io.BytesIO("\n".join([",".join(STRONG_COLUMNS), *rows, ""]).encode())
    upload.name = "strong.csv"
    client = fuzz.logged_in(world.user)
    staged = send(client, "post", reverse("transfer:import-start"), {"file": upload})
    batch = Import.objects.latest("pk")
    answers = {"name_0": "new", "name_1": "new", "unit": "kg"}
    outcome = send(client, "post", reverse("transfer:import-review", args=[batch.pk]), answers)
    assert staged.redirected and outcome.redirected
    outcome.assert_rows_valid()
    batch.refresh_from_db()
    made = dict(Exercise.objects.filter(owner=world.user).values_list("pk", "name"))
    assert {made[pk] for pk in batch.mapping.values()} == {"A" * 100, "A" * 96 + " (2)"}


def upload_and_import(client, text):
    """Upload `text` as a Strong export, make every name an exercise of one's own, write it."""
    upload = io.BytesIO(text.encode())
    upload.name = "strong.csv"
    staged = send(client, "post", reverse("transfer:import-start"), {"file": upload})
    if not staged.redirected:
        return staged, None
    batch = Import.objects.latest("pk")
    answers = {f"name_{i}": "new" for i in range(len(batch.summary["names"]))}
    url = reverse("transfer:import-review", args=[batch.pk])
    send(client, "post", url, answers | {"unit": "kg"})
    run_tasks_ok()  # the background worker writes it
    batch.refresh_from_db()
    return staged, batch


def test_a_workout_late_on_9999_12_31_is_refused_west_of_utc(world, settings):
    # Made aware, 9999-12-31 23:00 in Los Angeles is past year 9999 in UTC.
    settings.TIME_ZONE = "America/Los_Angeles"
    text = STRONG.replace("2025-09-15 07:48:00", "9999-12-31 23:00:00").replace("1h 5m", "5m")
    staged, batch = upload_and_import(fuzz.logged_in(world.user), text)
    assert batch is None
    error = staged.response.context["form"].errors["file"][0]
    assert error == 'Line 2: Date "9999-12-31 23:00:00" is in the future.'
    staged.assert_nothing_written()


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Pacific/Kiritimati"])
def test_a_workout_late_tomorrow_imports_in_any_time_zone(world, settings, zone):
    settings.TIME_ZONE = zone
    tomorrow = today() + datetime.timedelta(days=1)
    text = STRONG.replace("2025-09-15 07:48:00", f"{tomorrow} 23:00:00").replace("1h 5m", "23h")
    _, batch = upload_and_import(fuzz.logged_in(world.user), text)
    assert batch.status == Import.Status.DONE
    session = Session.objects.get(imported_from=batch)
    assert session.date == tomorrow
    assert session.finished_at - session.started_at == datetime.timedelta(hours=23)


def test_an_import_passes_full_clean_at_every_stage(world):
    batch = world.batch
    assert batch.mapping == {}
    batch.full_clean()
    batch = import_confirm(batch=batch, unit="kg", choices={})
    batch = import_step(batch=batch, budget=60)
    assert batch.status == Import.Status.DONE
    assert batch.payload == []
    batch.full_clean()


def _chosen(outcome, view):
    """The exercise the query chose: the goal form's preselection, or the session's added card."""
    context = outcome.response.context
    if view == "progress:goal-create":
        return context["form"].initial.get("exercise")
    planned = {entry.exercise for entry in context["session"].routine.entries.all()}
    added = [card.exercise for card in context["cards"] if card.exercise not in planned]
    return added[0] if added else None


@pytest.mark.parametrize(
    ("view", "query"),
    [("progress:goal-create", "exercise"), ("logbook:session-detail", "add")],
    ids=["goal form", "add an exercise to a session"],
)
@pytest.mark.parametrize(
    "value",
    ["glute-\x00bridge", "\x00", "nordic curl", "nordic-curl\n", "💪", "x" * 10_000, None],
    ids=["nul", "only a nul", "a space", "a newline", "emoji", "long", "a valid slug"],
)
def test_only_a_slug_in_the_query_chooses_an_exercise(world, view, query, value):
    # A NUL reached the database unchecked: a DataError on PostgreSQL, a 500.
    args = [world.live.pk] if view == "logbook:session-detail" else []
    nordic = world.moves["nordic"]
    client = fuzz.logged_in(world.user)
    outcome = send(client, "get", reverse(view, args=args), {query: value or nordic.slug})
    if value is not None and "\x00" in value:
        # An address holding a NUL is refused whole, with a message, before any view runs.
        assert outcome.response.status_code == 400
        assert "That address cannot be read" in outcome.response.text
        return
    assert outcome.response.status_code == 200
    assert _chosen(outcome, view) == (nordic if value is None else None)
