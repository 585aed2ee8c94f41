"""The database is the catalog's truth: a load never undoes a curator's admin edit.

Admin edits go through the admin's own change forms, posted as a browser would
post them with a few values changed; the load is `load_catalog`, the command
`make run` and the container entrypoint run.
"""

import json
import shutil
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.forms import CheckboxInput
from django.urls import reverse

from exercises.models import CatalogRow, Chain, ChainStep, Exercise
from training.models import Routine

pytestmark = pytest.mark.django_db

SHIPPED = Path(settings.BASE_DIR) / "fixtures"


@pytest.fixture
def fixtures(tmp_path):
    """A copy of the shipped fixtures that a test may change, as a new release would."""
    for path in SHIPPED.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def ship(fixtures, model, key, **changes):
    """Change one row of the fixture copy (a new shipped version of it)."""
    path = fixtures / "exercises.json"
    rows = json.loads(path.read_text())
    (row,) = [r for r in rows if r["model"] == model and r["fields"].get("slug") == key]
    row["fields"].update(changes)
    path.write_text(json.dumps(rows, indent=2, ensure_ascii=False))


def load(*args):
    out = StringIO()
    call_command("load_catalog", *map(str, args), stdout=out)
    return out.getvalue()


def diff(fixtures, *args):
    out = StringIO()
    call_command("catalog_diff", "--fixtures", str(fixtures), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def curator_client(client, django_user_model):
    curator = django_user_model.objects.create_superuser("curator", "curator@example.com", "x")
    client.force_login(curator)
    return client


def admin_form_as_posted(response):
    """The change form's data as the browser posts it untouched, inlines included."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if isinstance(bound.field.widget, CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = "" if value is None else str(value)
    return data


def admin_change(client, obj, **changes):
    url = reverse(f"admin:exercises_{obj._meta.model_name}_change", args=[obj.pk])
    data = admin_form_as_posted(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return data


def shipped_counts():
    rows = []
    for path in SHIPPED.glob("*.json"):
        rows.extend(json.loads(path.read_text()))
    return Counter(row["model"] for row in rows)


def database_counts(labels):
    counts = Counter()
    for label in labels:
        model = apps.get_model(label)
        queryset = model.objects.all()
        if model is Routine:
            queryset = queryset.filter(template_key__isnull=False)
        counts[label] = queryset.count()
    return counts


def test_a_fresh_database_gets_the_whole_shipped_catalog():
    output = load()
    expected = shipped_counts()
    assert database_counts(expected) == expected
    assert "new" in output and "kept" not in output
    nordic = Exercise.objects.get(slug="nordic-hamstring-curl")
    assert nordic.rest_s == 120 and nordic.primary_muscles.exists()
    assert [s.exercise.slug for s in Chain.objects.get(slug="lunge-ladder").steps.all()] == [
        "walking-lunge",
        "bulgarian-split-squat",
    ]


def test_loading_the_same_catalog_again_changes_nothing_and_costs_one_query(
    django_assert_num_queries,
):
    load()
    # Compared row by row, every loaded row equals its shipped values.
    assert "unchanged" in load("--force")
    assert "updated" not in load("--force") and "kept" not in load("--force")
    with django_assert_num_queries(1):
        assert load() == "Catalog unchanged since the last load.\n"


def test_admin_edits_to_an_exercise_and_a_chain_survive_the_next_load(fixtures, curator_client):
    load(fixtures)
    nordic = Exercise.objects.get(slug="nordic-hamstring-curl")
    aliases = nordic.aliases + "\nKneeling Leg Curl"
    admin_change(curator_client, nordic, rest_s="150", aliases=aliases)
    ladder = Chain.objects.get(slug="lunge-ladder")
    admin_change(
        curator_client, ladder, description="Lunges, then split squats.", **{"steps-1-DELETE": "on"}
    )
    # The next release ships changes to both curated rows and to an untouched one.
    ship(fixtures, "exercises.exercise", "nordic-hamstring-curl", rest_s=90, sets=3)
    ship(fixtures, "exercises.chain", "lunge-ladder", description="Shipped anew.")
    ship(fixtures, "exercises.exercise", "glute-bridge", rest_s=75)

    output = load(fixtures)

    nordic.refresh_from_db()
    assert (nordic.rest_s, nordic.sets, nordic.aliases) == (150, 2, aliases)
    ladder.refresh_from_db()
    assert ladder.description == "Lunges, then split squats."
    assert [s.exercise.slug for s in ladder.steps.all()] == ["walking-lunge"]
    assert Exercise.objects.get(slug="glute-bridge").rest_s == 75
    assert "exercises.exercise:nordic-hamstring-curl" in output
    assert "exercises.chain:lunge-ladder" in output
    assert "1 updated" in output


def test_the_diff_lists_the_curated_row_with_both_values_and_its_curator(fixtures, curator_client):
    load(fixtures)
    admin_change(curator_client, Exercise.objects.get(slug="nordic-hamstring-curl"), rest_s="150")
    admin_change(curator_client, Chain.objects.get(slug="lunge-ladder"), **{"steps-1-DELETE": "on"})

    output = diff(fixtures)

    nordic = output[output.index("exercises.exercise:nordic-hamstring-curl") :]
    assert "last changed in admin by curator" in nordic
    assert "rest_s:\n    shipped:  120\n    database: 150" in nordic
    chain = output[output.index("exercises.chain:lunge-ladder") :]
    assert "steps:" in chain
    assert "shipped:  1. exercise walking-lunge; 2. exercise bulgarian-split-squat" in chain
    assert "database: 1. exercise walking-lunge\n" in chain
    assert "glute-bridge" not in output
    assert "2 row(s) differ" in output


def test_apply_shipped_puts_the_shipped_values_back_and_later_releases_apply(
    fixtures, curator_client
):
    load(fixtures)
    nordic = Exercise.objects.get(slug="nordic-hamstring-curl")
    admin_change(curator_client, nordic, rest_s="150")

    assert "applied" in diff(fixtures, "--apply-shipped", "exercise:nordic-hamstring-curl")
    nordic.refresh_from_db()
    assert nordic.rest_s == 120
    assert "no differences" in diff(fixtures)
    # Untouched again, so the next shipped change reaches it.
    ship(fixtures, "exercises.exercise", "nordic-hamstring-curl", rest_s=100)
    load(fixtures)
    nordic.refresh_from_db()
    assert nordic.rest_s == 100


def test_keep_database_stops_listing_the_row_until_it_ships_differently(fixtures, curator_client):
    load(fixtures)
    admin_change(curator_client, Exercise.objects.get(slug="nordic-hamstring-curl"), rest_s="150")

    assert "kept" in diff(fixtures, "--keep-database", "exercises.exercise:nordic-hamstring-curl")
    assert "no differences" in diff(fixtures)
    assert "nordic-hamstring-curl" in diff(fixtures, "--all")
    ship(fixtures, "exercises.exercise", "nordic-hamstring-curl", rest_s=100)
    load(fixtures)
    assert Exercise.objects.get(slug="nordic-hamstring-curl").rest_s == 150
    assert "shipped:  100\n    database: 150" in diff(fixtures)


def test_an_unknown_row_name_is_refused_with_a_message(fixtures):
    load(fixtures)
    with pytest.raises(Exception, match="No shipped catalog row is called 'exercise:nope'"):
        diff(fixtures, "--apply-shipped", "exercise:nope")


def test_a_shipped_change_to_an_untouched_chain_reorders_its_steps(fixtures):
    load(fixtures)
    path = fixtures / "exercises.json"
    rows = json.loads(path.read_text())
    for row in rows:
        if row["model"] == "exercises.chainstep" and row["fields"]["chain"] == ["lunge-ladder"]:
            row["fields"]["position"] = 3 - row["fields"]["position"]
    path.write_text(json.dumps(rows))

    assert "1 updated" in load(fixtures)
    steps = Chain.objects.get(slug="lunge-ladder").steps.all()
    assert [s.exercise.slug for s in steps] == ["bulgarian-split-squat", "walking-lunge"]
    assert ChainStep.objects.count() == shipped_counts()["exercises.chainstep"]


def test_a_database_loaded_before_tracking_keeps_rows_that_differ(fixtures):
    # A database filled by the old plain `loaddata`, with one exercise changed since.
    call_command("loaddata", *sorted(map(str, fixtures.glob("*.json"))), verbosity=0)
    Exercise.objects.filter(slug="nordic-hamstring-curl").update(rest_s=150)
    ship(fixtures, "exercises.exercise", "nordic-hamstring-curl", rest_s=90)

    output = load(fixtures)

    assert Exercise.objects.get(slug="nordic-hamstring-curl").rest_s == 150
    assert "exercises.exercise:nordic-hamstring-curl" in output
    assert "no admin change on record" in diff(fixtures)
    # The rows equal to the shipped values are tracked, so they take the next release.
    assert CatalogRow.objects.filter(key="glute-bridge").exists()
    ship(fixtures, "exercises.exercise", "glute-bridge", rest_s=75)
    load(fixtures)
    assert Exercise.objects.get(slug="glute-bridge").rest_s == 75


def test_a_shipped_exercise_deleted_in_the_database_stays_deleted(fixtures):
    load(fixtures)
    Exercise.objects.get(slug="dumbbell-donkey-kick").delete()
    ship(fixtures, "exercises.exercise", "dumbbell-donkey-kick", rest_s=45)

    assert "not loaded again: exercises.exercise:dumbbell-donkey-kick" in load(fixtures)
    assert not Exercise.objects.filter(slug="dumbbell-donkey-kick").exists()


def test_apply_unrecorded_updates_untracked_rows_nobody_changed_in_admin(fixtures, curator_client):
    call_command("loaddata", *sorted(map(str, fixtures.glob("*.json"))), verbosity=0)
    admin_change(curator_client, Exercise.objects.get(slug="nordic-hamstring-curl"), rest_s="150")
    ship(fixtures, "exercises.exercise", "nordic-hamstring-curl", rest_s=90)
    ship(fixtures, "exercises.exercise", "glute-bridge", rest_s=75)
    Exercise.objects.filter(slug="glute-bridge").update(rest_s=45)  # an older release's value
    load(fixtures)

    output = diff(fixtures, "--apply-unrecorded")

    assert "exercises.exercise:glute-bridge: the shipped values are applied" in output
    assert Exercise.objects.get(slug="glute-bridge").rest_s == 75
    assert Exercise.objects.get(slug="nordic-hamstring-curl").rest_s == 150
