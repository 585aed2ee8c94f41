"""Fuzzing a form through its view: hostile values, and the checks every answer must pass.

`tests/test_form_fuzz.py` posts these values through the test client, so the
whole request path runs (middleware, view, form, service, template). Each
example runs in a savepoint that is rolled back, so every example starts from
the same fixtures whatever the one before it wrote.
"""

import datetime
import html
import os
import re
from contextlib import contextmanager

from django.apps import apps
from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, currently_in_test_context, event, settings
from hypothesis import strategies as st

# CI runs a fixed set of examples (derandomized: no flaky build); set
# HAMSTRONG_FUZZ=explore to draw new ones, ten times as many, on every run.
EXPLORE = os.environ.get("HAMSTRONG_FUZZ") == "explore"


def fuzz_settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples * (10 if EXPLORE else 1),
        deadline=None,
        derandomize=not EXPLORE,
        database=None,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


# Values -----------------------------------------------------------------------

MISSING = object()

SPECIAL = [
    "",
    " ",
    "\t",
    "\r\n",
    "\x00",
    "a\x00b",
    "\u200f",  # right-to-left mark
    "\u202eevil",  # right-to-left override
    "\u200b",
    "\ufeff",
    "💪",
    "👨\u200d👩\u200d👧",
    "NaN",
    "nan",
    "sNaN",
    "inf",
    "-inf",
    "Infinity",
    "1e309",
    "-1e309",
    "1e-309",
    "1E3",
    "0",
    "-0",
    "-1",
    "0.5",
    "1.5",
    "2.999999999999999999999999999",
    "99999999999999999999",
    "-99999999999999999999",
    "9" * 5000,  # longer than int() reads by default
    "0x1F",
    "1_000",
    "１０",  # full-width digits
    "٣",  # an Arabic-Indic digit
    "Ⅻ",
    "null",
    "None",
    "true",
    "on",
    "[]",
    "{}",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s%s%n",
    "{{ 7|add:7 }}",
    "../../etc/passwd",
    "2025-02-30",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-2025-01-01",
    "2025-1-1",
    "   42   ",
]


def long_text():
    """Up to 10,000 characters, cheaply: a short piece repeated."""
    return st.builds(
        lambda piece, size: (piece * size)[:size],
        st.text(min_size=1, max_size=4),
        st.integers(min_value=200, max_value=10_000),
    )


def junk():
    return st.one_of(
        st.sampled_from(SPECIAL),
        st.text(max_size=30),
        st.integers(min_value=-(10**40), max_value=10**40).map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.floats().map(repr),
        long_text(),
    )


def wild():
    """What a tampered or broken client sends in place of a field: junk, a list, or nothing."""
    return st.one_of(
        junk(),
        st.just(MISSING),
        st.lists(junk(), min_size=2, max_size=3),
    )


def numbers(low: int, high: int):
    """Whole numbers a field takes, as typed; the edges outside come from `wild()`."""
    return st.integers(min_value=low, max_value=high).map(str)


def days(low: int = 0, high: int = 365):
    """ISO dates from `low` to `high` days from today."""
    return st.integers(min_value=low, max_value=high).map(
        lambda n: (timezone.localdate() + datetime.timedelta(days=n)).isoformat()
    )


def words(min_size: int = 0, max_size: int = 40):
    """Text a person types: any letters, marks, emoji and spaces, no control characters."""
    return st.text(
        st.characters(exclude_categories=["Cc", "Cs", "Co", "Cn"]),
        min_size=min_size,
        max_size=max_size,
    )


def optional(strategy):
    return st.one_of(strategy, st.just(""), st.just(MISSING))


def mostly(usual: list, rare: list):
    """One of `usual` three times out of four, else one of `rare`."""
    return st.one_of(
        st.sampled_from(usual),
        st.sampled_from(usual),
        st.sampled_from(usual),
        st.sampled_from(rare),
    )


EXTRA_KEYS = [
    "id",
    "pk",
    "user",
    "owner",
    "is_staff",
    "is_superuser",
    "status",
    "csrfmiddlewaretoken",
]


@st.composite
def form_data(draw, fields):
    """A form as posted: plausible values with none, a few or all of them made wild.

    `fields` is a dict of strategies for each field's plausible values (which
    may draw MISSING), or a strategy of whole dicts where fields depend on each
    other. Half the examples keep every field plausible, to reach the save;
    the rest break a set of fields, which shrinks towards the fewest hostile
    values that still fail.
    """
    if isinstance(fields, dict):
        fields = st.fixed_dictionaries(fields)
    plausible = draw(fields)
    names = sorted(plausible)
    broken = set()
    if names:
        broken = draw(st.one_of(st.just(set()), st.sets(st.sampled_from(names), min_size=1)))
    data = {}
    for name in names:
        value = draw(wild()) if name in broken else plausible[name]
        if value is not MISSING:
            data[name] = value
    for key in draw(st.sets(st.sampled_from(EXTRA_KEYS), max_size=2)):
        data[key] = draw(st.one_of(st.just("1"), junk()))
    return data


def without_nul(data: dict) -> dict:
    """`data` with every NUL character removed, for a field known to fail on one."""

    def clean(value):
        return (
            [clean(item) for item in value]
            if isinstance(value, list)
            else value.replace("\x00", "")
        )

    return {name: clean(value) for name, value in data.items()}


# Running one example ----------------------------------------------------------

APP_LABELS = ("accounts", "exercises", "training", "progress")


@contextmanager
def rolled_back():
    """Whatever the block writes is undone: the next example starts from the fixtures."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def logged_in(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _models():
    for label in APP_LABELS:
        yield from apps.get_app_config(label).get_models(include_auto_created=True)


def snapshot() -> dict:
    """Every row of the app's tables, by model and primary key."""
    return {
        model._meta.label: {row["pk"]: row for row in model.objects.values("pk", *_columns(model))}
        for model in _models()
    }


def _columns(model):
    return [field.attname for field in model._meta.concrete_fields if not field.primary_key]


def changes(before: dict, after: dict) -> dict:
    """The rows added, changed or removed, by model."""
    found = {}
    for label, rows in after.items():
        old = before[label]
        written = [pk for pk, row in rows.items() if old.get(pk) != row]
        removed = [pk for pk in old if pk not in rows]
        if written or removed:
            found[label] = {"written": written, "removed": removed}
    return found


class Outcome:
    """One request's response and what it did to the database."""

    def __init__(self, response, before, after):
        self.response = response
        self.before = before
        self.after = after
        self.changes = changes(before, after)

    @property
    def redirected(self) -> bool:
        return self.response.status_code in (301, 302, 303)

    @property
    def refused(self) -> bool:
        """A redirect can refuse too: it then leaves an error message for the next page."""
        request = self.response.wsgi_request
        return any(message.level == messages.ERROR for message in messages.get_messages(request))

    def assert_nothing_written(self):
        assert not self.changes, (
            f"refused with {self.response.status_code}, yet wrote {self.changes}"
        )

    def assert_rows_valid(self):
        """Every row written passes the model's own validation (fields, clean(), constraints)."""
        for label, change in self.changes.items():
            model = apps.get_model(label)
            for row in model.objects.filter(pk__in=change["written"]):
                row.full_clean()
        staff = apps.get_model("accounts.User").objects.filter(
            Q(is_staff=True) | Q(is_superuser=True)
        )
        assert not staff.exists(), "a form made someone staff"


def send(client, method: str, url: str, data=None, **extra) -> Outcome:
    """Request `url`; never a server error, and what it wrote is returned with the response."""
    before = snapshot()
    response = getattr(client, method)(url, data if data is not None else {}, **extra)
    assert response.status_code < 500, f"{response.status_code} from {method.upper()} {url}"
    outcome = Outcome(response, before, snapshot())
    if currently_in_test_context():
        # `pytest --hypothesis-show-statistics` tells how many examples got through.
        where = f"{method.upper()} {url.split('?')[0]}"
        event(f"{where}: {response.status_code}")
        if outcome.changes:
            event(f"{where}: wrote {', '.join(sorted(outcome.changes))}")
    return outcome


def expect(outcome: Outcome, *, succeeded: bool | None = None, forms=(), page: str | None = None):
    """A success writes valid rows; anything else writes nothing and shows its errors.

    `page` is the part of the page the forms are on, where it holds several.
    """
    if succeeded is None:
        succeeded = outcome.redirected and not outcome.refused
    if succeeded:
        outcome.assert_rows_valid()
    else:
        outcome.assert_nothing_written()
    if page is None:
        page = outcome.response.content.decode()
    for form in forms:
        if form is not None and form.is_bound and not succeeded:
            assert_errors_shown(page, form)


def _words(text: str) -> str:
    return " ".join(text.split())


def shown_error(page: str, field) -> str:
    """The text crispy renders under `field` ('' if none), as a person reads it."""
    match = re.search(rf'<div id="{re.escape(field.auto_id)}_error"[^>]*>(.*?)</div>', page, re.S)
    return _words(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1)))) if match else ""


def assert_errors_shown(page: str, form):
    """Each error of a field on the page is shown under that field, the form's own on the page.

    Hidden fields, and fields the page does not show (only a tampered post
    fills those), have no place of their own and are not checked.
    """
    for name, errors in form.errors.items():
        if name == "__all__":
            text = _words(html.unescape(re.sub(r"<[^>]+>", " ", page)))
            for error in errors:
                assert _words(error) in text, f"the form's error {error!r} is not on the page"
            continue
        field = form[name]
        if field.is_hidden or f'name="{field.html_name}"' not in page:
            continue
        shown = shown_error(page, field)
        for error in errors:
            assert _words(error) in shown, (
                f"the error {error!r} of {field.html_name!r} is not under the field "
                f"(shown there: {shown!r})"
            )
