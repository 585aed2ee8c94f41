"""Pain during an exercise, and the next-morning check: 0–10, as physiotherapists ask."""

from django import forms

PAIN_HELP = "0 is none, 10 the worst you can imagine. Up to 3 is fine, if it settles by morning."


class PainForm(forms.Form):
    """Pain during one exercise of a session (optional), and whether it was sharp."""

    exercise = forms.IntegerField(widget=forms.HiddenInput)
    pain = forms.IntegerField(
        label="Pain during this exercise (0–10)",
        min_value=0,
        max_value=10,
        required=False,
        help_text=PAIN_HELP,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 10}),
    )
    sharp = forms.BooleanField(label="Sudden sharp pain or a “pop”", required=False)

    def __init__(self, *args, exercises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.exercises = {e.pk: e for e in exercises}

    def clean_exercise(self):
        exercise = self.exercises.get(self.cleaned_data["exercise"])
        if exercise is None:
            raise forms.ValidationError("That exercise is not part of this session.")
        return exercise

    def clean(self):
        data = super().clean()
        if data.get("pain") is None and not data.get("sharp"):
            self.add_error("pain", "Give your pain from 0 to 10, or tick sharp pain.")
        return data


class MorningCheckForm(forms.Form):
    pain = forms.IntegerField(
        label="How do your hamstrings feel this morning? (0–10)",
        min_value=0,
        max_value=10,
        help_text="0 is no pain or stiffness at all, 10 the worst you can imagine.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 10}),
    )
