"""The records page: every exercise's current bests, and one exercise's, for their owner only."""

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.models import BandColour, Exercise
from logbook import services as logbook
from tests.factories import ExerciseFactory, UserFactory, loaded_lift_factory
from tests.history import history_exercises, make_history
from tests.html import page_text
from training.models import LoggedSet, Session

pytestmark = pytest.mark.django_db

LEFT, RIGHT = LoggedSet.Side.LEFT, LoggedSet.Side.RIGHT
TODAY = datetime.date(2026, 6, 1)
# The login session and the user; the records (with their exercises, bands and sessions).
LIST_BUDGET = 3
# The same, and the exercise.
EXERCISE_BUDGET = 4


def session_on(user, days_ago):
    return Session.objects.create(
        user=user,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        status=Session.Status.DONE,
    )


def log(session, exercise, **values):
    if "load_kg" in values:
        values["load_kg"] = Decimal(values["load_kg"])
    logged, _ = logbook.set_log(session=session, exercise=exercise, token=uuid.uuid4(), **values)
    return logged


@pytest.fixture
def bands(db):
    return {
        slug: BandColour.objects.create(slug=slug, name=slug.title(), position=i, hex_colour="#aaa")
        for i, slug in enumerate(["yellow", "red", "green"], start=1)
    }


@pytest.fixture
def log_book(user, bands):
    """A lift over two sessions, a band curl on two colours, a one-leg bridge on each leg."""
    lift = loaded_lift_factory()
    curl = ExerciseFactory(
        name="Band Curl", measure=Exercise.Measure.BAND_REPS, rule=Exercise.Rule.BAND_COLOUR
    )
    one_leg = ExerciseFactory(name="Single-Leg Bridge", unilateral=True)
    older, newer = session_on(user, 20), session_on(user, 3)
    log(older, lift, reps=5, load_kg="90")
    log(older, lift, reps=8, load_kg="80")
    log(newer, lift, reps=5, load_kg="100")
    log(older, curl, reps=12, band=bands["red"])
    log(newer, curl, reps=20, band=bands["yellow"])
    log(newer, one_leg, reps=10, side=LEFT)
    log(newer, one_leg, reps=7, side=RIGHT)
    return {"lift": lift, "curl": curl, "one_leg": one_leg, "older": older, "newer": newer}


def items(text: str) -> list[str]:
    """Each record of the page as its words: 'Heaviest for 5 reps 100 kg ...'."""
    found = re.findall(r'<li class="list-group-item[^"]*">(.*?)</li>', text, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in found]


def test_it_lists_the_current_best_of_each_kind_band_and_leg(auth_client, user, log_book):
    response = auth_client.get(reverse("progress:record-list"))
    assert response.status_code == 200
    text = page_text(response)
    newer, older = log_book["newer"], log_book["older"]
    new_day, old_day = f"{newer.date:%-d %b %Y}", f"{older.date:%-d %b %Y}"
    assert items(response.text) == [
        # Band Curl: each colour its own, lightest first.
        f"Most reps 20 reps {new_day}",
        f"Most reps 12 reps {old_day}",
        # Romanian Deadlift: the estimate first, then loads by reps; 90 kg × 5 is history.
        f"Best estimated one-rep max (Epley) 116.67 kg {new_day} · up from 105 kg",
        f"Heaviest for 5 reps 100 kg {new_day} · up from 90 kg",
        f"Heaviest for 8 reps 80 kg {old_day}",
        # Single-Leg Bridge: each leg its own.
        f"Most reps 10 reps {new_day}",
        f"Most reps 7 reps {new_day}",
    ]
    assert re.findall(r'class="h6 mt-3 mb-1 record-variant">([^<]+)<', response.text) == [
        "Yellow band",
        "Red band",
        "Left leg",
        "Right leg",
    ]
    summary = reverse("logbook:session-summary", args=[newer.pk])
    assert f'href="{summary}" aria-label="Session of {new_day}"' in response.text
    assert f'href="{reverse("progress:exercise-records", args=[log_book["lift"].slug])}"' in text


def test_loads_show_in_the_users_unit(auth_client, user, log_book):
    user.unit = "lb"
    user.save()
    text = page_text(auth_client.get(reverse("progress:record-list")))
    assert "220.46 lb" in text and "up from 198.42 lb" in text
    assert "100 kg" not in text


def test_one_exercises_page_shows_only_its_records(auth_client, user, log_book):
    url = reverse("progress:exercise-records", args=[log_book["curl"].slug])
    response = auth_client.get(url)
    assert response.status_code == 200
    newer, older = log_book["newer"], log_book["older"]
    assert items(response.text) == [
        f"Most reps 20 reps {newer.date:%-d %b %Y}",
        f"Most reps 12 reps {older.date:%-d %b %Y}",
    ]
    assert "Heaviest" not in page_text(response)


def test_a_catalog_exercise_shows_only_the_viewers_records(client, user, other_user, log_book):
    theirs = session_on(other_user, 1)
    log(theirs, log_book["lift"], reps=5, load_kg="200")
    client.force_login(other_user)
    response = client.get(reverse("progress:exercise-records", args=[log_book["lift"].slug]))
    assert response.status_code == 200
    text = page_text(response)
    assert "200 kg" in text
    assert "100 kg" not in text and "80 kg" not in text
    listed = page_text(client.get(reverse("progress:record-list")))
    assert "Band Curl" not in listed and "100 kg" not in listed


def test_an_exercise_with_no_records_says_so(auth_client, user):
    exercise = ExerciseFactory(name="Nordic Curl")
    response = auth_client.get(reverse("progress:exercise-records", args=[exercise.slug]))
    assert response.status_code == 200
    assert "No records of Nordic Curl yet" in page_text(response)
    assert "No records yet" in page_text(auth_client.get(reverse("progress:record-list")))


def test_another_users_private_exercise_is_a_404(auth_client, other_user):
    private = ExerciseFactory(name="Their Own Curl", owner=other_user)
    log(session_on(other_user, 1), private, reps=10)
    response = auth_client.get(reverse("progress:exercise-records", args=[private.slug]))
    assert response.status_code == 404
    assert (
        auth_client.get(reverse("progress:exercise-records", args=["no-such"])).status_code == 404
    )


def test_my_private_exercise_has_its_records_page(auth_client, user):
    private = ExerciseFactory(name="My Own Curl", owner=user)
    log(session_on(user, 1), private, reps=10)
    response = auth_client.get(reverse("progress:exercise-records", args=[private.slug]))
    assert response.status_code == 200
    assert "10 reps" in page_text(response)


@pytest.mark.parametrize("name", ["progress:record-list", "progress:exercise-records"])
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    args = [ExerciseFactory().slug] if name == "progress:exercise-records" else []
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("name", ["progress:record-list", "progress:exercise-records"])
def test_the_records_pages_take_get_only(auth_client, name):
    args = [ExerciseFactory().slug] if name == "progress:exercise-records" else []
    assert auth_client.post(reverse(name, args=args)).status_code == 405


def test_the_dashboard_and_the_menu_link_to_the_records(auth_client, user, log_book):
    text = auth_client.get(reverse("progress:dashboard")).text
    url = reverse("progress:record-list")
    assert f'<a href="{url}">All records</a>' in text
    assert re.search(rf'class="nav-link[^"]*" href="{url}">Records</a>', text)


def test_the_records_pages_cost_the_same_queries_at_five_years(
    client, django_assert_max_num_queries
):
    exercises = history_exercises()
    new, veteran = UserFactory(), UserFactory()
    make_history(new, years=0, today=TODAY, exercises=exercises)
    make_history(veteran, years=5, today=TODAY, exercises=exercises)
    pages = [(reverse("progress:record-list"), LIST_BUDGET)] + [
        (reverse("progress:exercise-records", args=[e.slug]), EXERCISE_BUDGET) for e in exercises
    ]
    for user in (new, veteran):
        client.force_login(user)
        for url, budget in pages:
            with django_assert_max_num_queries(budget):
                response = client.get(url)
            assert response.status_code == 200
    # Five years of records, of every kind, on the page.
    listed = " ".join(items(client.get(pages[0][0]).text))
    for title in ("Epley", "Heaviest for", "Most reps", "Longest hold"):
        assert title in listed
