from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError

from exercises.models import MAX_HOLD_SECONDS, MAX_REPS, BandColour, Exercise
from training.forms import html
from training.forms.numbers import load_field, load_in_kg, whole_number_field
from training.json_rows import json_rows, rows_as
from training.models import MAX_SET_NOTE, LoggedSet, Session

EFFORT = "Effort runs from 1 (easy) to 10 (all-out)."
BAND_FIELDS = ("id", "slug", "name", "position", "hex_colour")


class BandField(forms.ModelChoiceField):
    """A band colour; found among `known` without a query where the form has them."""

    known: list[BandColour] | None = None

    def to_python(self, value):
        if self.known is None or value in self.empty_values or isinstance(value, BandColour):
            return super().to_python(value)
        self.validate_no_null_characters(value)
        try:
            pk = BandColour._meta.pk.to_python(value)
        except ValidationError:
            pk = None
        for band in self.known:
            if band.pk == pk:
                return band
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class SetForm(forms.Form):
    """One set. Which numbers are required depends on how the exercise is measured.

    Its widgets and its `|as_crispy_field` template write their HTML in Python (see
    training.forms.html): the session page renders the form once per exercise.
    """

    exercise = forms.ModelChoiceField(
        queryset=Exercise.objects.none(),
        widget=html.HiddenInput,
        error_messages={
            "invalid_choice": "That exercise is not in the catalog or among your own.",
        },
    )
    token = forms.UUIDField(widget=html.HiddenInput)
    reps = whole_number_field(
        min_value=1,
        max_value=MAX_REPS,
        too_small="Reps start at 1.",
        too_big=f"More than {MAX_REPS} reps in one set? Check the number.",
        invalid="Reps are a whole number, such as 10.",
        widget=html.NumberInput,
    )
    load = load_field(widget=html.NumberInput)
    hold_s = whole_number_field(
        "Hold (s)",
        min_value=1,
        max_value=MAX_HOLD_SECONDS,
        too_small="A hold lasts at least 1 second.",
        too_big="A hold of more than an hour? Check the number.",
        invalid="A hold is a whole number of seconds, such as 30.",
        widget=html.NumberInput,
    )
    band = BandField(
        queryset=BandColour.objects.all(),
        required=False,
        empty_label="Choose a band",
        widget=html.Select,
    )
    side = forms.ChoiceField(
        label="Leg",
        choices=[(LoggedSet.Side.LEFT, "Left"), (LoggedSet.Side.RIGHT, "Right")],
        required=False,
        widget=html.Select,
    )
    kind = forms.ChoiceField(
        label="Set type",
        choices=LoggedSet.Kind.choices,
        required=False,
        widget=html.Select,
    )
    rpe = whole_number_field(
        "Effort (RPE 1–10)",
        min_value=1,
        max_value=10,
        too_small=EFFORT,
        too_big=EFFORT,
        invalid=EFFORT,
        widget=html.NumberInput,
    )
    helper = FormHelper()
    helper.field_template = "training/includes/set_field.html"

    note = forms.CharField(
        label="Note on this set",
        max_length=MAX_SET_NOTE,
        required=False,
        help_text="Optional: “left knee twinged”.",
        error_messages={"max_length": f"A note on a set holds {MAX_SET_NOTE} characters at most."},
        widget=html.TextInput,
    )

    def __init__(self, *args, user=None, unit="kg", bands=None, **kwargs):
        """Bound to data, it needs the `user`: the exercise must be one they may log.

        Unbound (a card's prefilled form), the unit is enough.
        """
        super().__init__(*args, **kwargs)
        if user is not None:
            unit = user.unit
            # The exercise's row brings the band colours along: checking the band, and the
            # card that shows the set, need no query for them.
            self.fields["exercise"].queryset = Exercise.objects.visible_to(user).annotate(
                band_rows=json_rows(BandColour.objects.all(), *BAND_FIELDS)
            )
        self.unit = unit
        self.fields["load"].label = f"Load ({unit})"
        if bands is not None:
            # Reuse the page's band list: one query for every card, not one each.
            self.fields["band"].choices = [("", "Choose a band")] + [(b.pk, b.name) for b in bands]

    def clean_exercise(self):
        exercise = self.cleaned_data["exercise"]
        exercise.bands = sorted(rows_as(BandColour, exercise.band_rows), key=_position)
        self.fields["band"].known = exercise.bands
        return exercise

    def clean_load(self):
        load = self.cleaned_data["load"]
        return None if load is None else load_in_kg(load, self.unit)

    def clean(self):
        data = super().clean()
        exercise = data.get("exercise")
        if exercise is None:
            return data
        measure = exercise.measure
        if measure == Exercise.Measure.HOLD:
            if data.get("hold_s") is None and "hold_s" not in self.errors:
                self.add_error("hold_s", "Enter how many seconds you held it.")
        elif data.get("reps") is None and "reps" not in self.errors:
            self.add_error("reps", "Enter the reps you did.")
        if measure == Exercise.Measure.BAND_REPS and data.get("band") is None:
            self.add_error("band", "Choose the band colour you used.")
        if not exercise.unilateral:
            data["side"] = LoggedSet.Side.BOTH
        elif not data.get("side") and "side" not in self.errors:
            self.add_error("side", "Choose the leg: left or right.")
        return data

    def set_values(self):
        """The cleaned numbers, as the logbook takes them."""
        data = self.cleaned_data
        return {
            "reps": data.get("reps"),
            "load_kg": data.get("load"),
            "hold_s": data.get("hold_s"),
            "band": data.get("band"),
            "side": data.get("side") or LoggedSet.Side.BOTH,
            "rpe": data.get("rpe"),
            "kind": data.get("kind") or LoggedSet.Kind.WORKING,
            "note": data.get("note", "").strip(),
        }


def _position(band):
    return band.position


class StartForm(forms.Form):
    warmup_done = forms.BooleanField(
        label="Warm-up done: 5–10 minutes of light cardio and dynamic stretches",
        required=False,
    )


class FinishForm(forms.ModelForm):
    effort = forms.TypedChoiceField(
        label="Overall effort (RPE)",
        choices=[("", "Choose")] + [(n, f"{n}") for n in range(1, 11)],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="1 is very easy, 10 is all-out.",
        error_messages={"invalid_choice": EFFORT},
    )

    class Meta:
        model = Session
        fields = ("effort", "cooldown_done", "notes")
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"notes": "How it felt, any pain, anything to remember next time."}
