from decimal import Decimal

from django import forms

from exercises.models import MAX_HOLD_SECONDS, MAX_REPS, BandColour, Exercise
from training.models import MAX_LOAD_KG, LoggedSet, Session
from training.units import from_kg, to_kg

NUMERIC = {"inputmode": "numeric", "pattern": "[0-9]*"}
DECIMAL = {"inputmode": "decimal"}


class SetForm(forms.Form):
    """One set. Which numbers are required depends on how the exercise is measured."""

    exercise = forms.ModelChoiceField(
        queryset=Exercise.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": "That exercise is not in the catalog or among your own.",
        },
    )
    token = forms.UUIDField(widget=forms.HiddenInput)
    reps = forms.IntegerField(
        min_value=1,
        max_value=MAX_REPS,
        required=False,
        widget=forms.NumberInput(attrs=NUMERIC),
        error_messages={
            "min_value": "Reps start at 1.",
            "max_value": f"More than {MAX_REPS} reps in one set? Check the number.",
        },
    )
    load = forms.DecimalField(
        min_value=0,
        max_digits=7,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={**DECIMAL, "step": "0.25"}),
        error_messages={"min_value": "A load cannot be negative."},
    )
    hold_s = forms.IntegerField(
        label="Hold (s)",
        min_value=1,
        max_value=MAX_HOLD_SECONDS,
        required=False,
        widget=forms.NumberInput(attrs=NUMERIC),
        error_messages={
            "min_value": "A hold lasts at least 1 second.",
            "max_value": "A hold of more than an hour? Check the number.",
        },
    )
    band = forms.ModelChoiceField(
        queryset=BandColour.objects.all(), required=False, empty_label="Choose a band"
    )
    side = forms.ChoiceField(
        label="Leg",
        choices=[(LoggedSet.Side.LEFT, "Left"), (LoggedSet.Side.RIGHT, "Right")],
        required=False,
    )
    kind = forms.ChoiceField(
        label="Set type",
        choices=LoggedSet.Kind.choices,
        required=False,
    )
    rpe = forms.IntegerField(
        label="Effort (RPE 1–10)",
        min_value=1,
        max_value=10,
        required=False,
        widget=forms.NumberInput(attrs=NUMERIC),
        error_messages={
            "min_value": "Effort runs from 1 (easy) to 10 (all-out).",
            "max_value": "Effort runs from 1 (easy) to 10 (all-out).",
        },
    )

    def __init__(self, *args, user=None, unit="kg", bands=None, **kwargs):
        """Bound to data, it needs the `user`: the exercise must be one they may log.

        Unbound (a card's prefilled form), the unit is enough.
        """
        super().__init__(*args, **kwargs)
        if user is not None:
            unit = user.unit
            self.fields["exercise"].queryset = Exercise.objects.visible_to(user)
        self.unit = unit
        self.fields["load"].label = f"Load ({unit})"
        if bands is not None:
            # Reuse the page's band list: one query for every card, not one each.
            self.fields["band"].choices = [("", "Choose a band")] + [(b.pk, b.name) for b in bands]

    def clean_load(self):
        load = self.cleaned_data["load"]
        if load is None:
            return None
        kg = to_kg(load, self.unit)
        if kg > MAX_LOAD_KG:
            limit = from_kg(Decimal(MAX_LOAD_KG), self.unit)
            raise forms.ValidationError(f"More than {limit} {self.unit}? Check the number.")
        return kg

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
        }


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
    )

    class Meta:
        model = Session
        fields = ("effort", "cooldown_done", "notes")
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"notes": "How it felt, any pain, anything to remember next time."}
