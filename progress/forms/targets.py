"""The user's own next target for an exercise, overriding the engine's."""

from django import forms

from exercises.models import Exercise
from progress import engine
from training.forms.routines import number_field
from training.forms.sessions import SetForm


class TargetForm(SetForm):
    """The user's own next target for one exercise: the fields its measure uses."""

    exercise = None
    token = None
    side = None
    rpe = None
    kind = None
    sets = number_field(
        "Sets", min_value=1, max_value=20, message="Sets run from 1 to 20.", required=True
    )
    note = forms.CharField(
        label="Why (optional)",
        max_length=200,
        required=False,
        help_text="For example: “physio said to stay here another week”.",
    )

    field_order = ["sets", "reps", "hold_s", "load", "band", "note"]

    def __init__(self, *args, exercise: Exercise, **kwargs):
        super().__init__(*args, **kwargs)
        self.target_exercise = exercise
        measure = exercise.measure
        if measure != Exercise.Measure.REPS_LOAD:
            del self.fields["load"]
        if measure != Exercise.Measure.BAND_REPS:
            del self.fields["band"]
        if measure != Exercise.Measure.HOLD:
            del self.fields["hold_s"]
        elif exercise.reps_min is None:
            del self.fields["reps"]
        required = {
            "reps": (measure != Exercise.Measure.HOLD, "Enter the reps for each set."),
            "hold_s": (True, "Enter how long to hold, in seconds."),
            "band": (True, "Choose the band colour."),
        }
        for name, (needed, message) in required.items():
            if name in self.fields and needed:
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = message
        if exercise.unilateral and "reps" in self.fields:
            self.fields["reps"].help_text = "Per leg."

    def clean(self):
        # The set form's rules are about one logged set; a target needs only its fields.
        return forms.Form.clean(self)

    def prescription(self) -> engine.Prescription:
        data = self.cleaned_data
        band = data.get("band")
        return engine.Prescription(
            exercise=self.target_exercise.slug,
            sets=data["sets"],
            reps=data.get("reps"),
            hold_s=data.get("hold_s"),
            load_kg=data.get("load"),
            band=band.slug if band is not None else None,
        )
