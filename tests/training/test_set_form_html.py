"""The set form's fields, written in Python, are the HTML the templates give."""

import re
import uuid

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.template.loader import get_template

from exercises.models import BandColour, Exercise
from tests.factories import ExerciseFactory, UserFactory
from training.forms import html
from training.forms.sessions import SetForm

pytestmark = pytest.mark.django_db

FIELDS = ("reps", "load", "hold_s", "band", "side", "kind", "rpe", "note")


def normalised(text: str) -> str:
    """The markup without the layout whitespace templates leave between and in tags."""
    text = re.sub(r"\s+", " ", str(text))
    text = re.sub(r">\s+", ">", text)
    return re.sub(r"\s+<", "<", text).strip()


def by_templates(field) -> str:
    """The field as crispy-forms' template and Django's widget templates render it."""
    return get_template("bootstrap5/field.html").render(
        {
            "field": field,
            "form_show_errors": True,
            "form_show_labels": True,
            "label_class": "",
            "field_class": "",
        }
    )


def with_templates(monkeypatch):
    """From now on the widgets render through their templates, as Django's own do."""

    def render(self, name, context, renderer=None):
        return forms.Widget._render(self, name, context, renderer)

    monkeypatch.setattr(html._InPython, "_render", render)


def hidden(form) -> list[str]:
    return [str(form["exercise"]), str(form["token"])]


TOKEN = uuid.uuid4()


def forms_to_compare(user, bands, exercise):
    """The same form three ways: prefilled, bound with errors, bound and valid."""
    initial = {"exercise": exercise.pk, "token": TOKEN, "reps": 10, "load": "22.5"}
    prefilled = SetForm(initial=initial, unit="kg", bands=bands, prefix="ex1")
    wrong = {
        "exercise": str(exercise.pk),
        "token": "not a uuid",
        "reps": "ten <b>",
        "load": "-1",
        "band": "999",
        "side": "sideways",
        "kind": "working",
        "rpe": "11",
        "note": "x" * 1000 + " <i>",
    }
    refused = SetForm(wrong, user=user)
    refused.is_valid()
    fine = SetForm(
        {"exercise": str(exercise.pk), "token": str(TOKEN), "reps": "8", "load": "40"},
        user=user,
    )
    fine.is_valid()
    return [prefilled, refused, fine]


def render_twice(form, render):
    # Twice: crispy-forms adds its classes to the widget, and a second render must not
    # add them again.
    return [render(form[name]) for name in FIELDS for _ in range(2)]


def test_each_field_is_the_html_crispy_forms_and_django_templates_give(monkeypatch):
    user = UserFactory()
    bands = [
        BandColour.objects.create(slug="tan", name="Tan <light>", position=1, hex_colour="#d2b48c"),
        BandColour.objects.create(slug="red", name="Red", position=2, hex_colour="#ff0000"),
    ]
    exercise = ExerciseFactory(measure=Exercise.Measure.REPS_LOAD)
    ours = [render_twice(form, as_crispy_field) for form in forms_to_compare(user, bands, exercise)]
    hidden_ours = [hidden(form) for form in forms_to_compare(user, bands, exercise)]
    with_templates(monkeypatch)
    theirs = [render_twice(form, by_templates) for form in forms_to_compare(user, bands, exercise)]
    hidden_theirs = [hidden(form) for form in forms_to_compare(user, bands, exercise)]
    assert "is-invalid" in "".join(ours[1]) and "invalid-feedback" in "".join(ours[1])
    assert "&lt;b&gt;" in "".join(ours[1])
    for mine, reference in zip(ours, theirs, strict=True):
        for one, other in zip(mine, reference, strict=True):
            assert normalised(one) == normalised(other)
    assert hidden_ours == hidden_theirs
