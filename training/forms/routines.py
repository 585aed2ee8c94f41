"""A routine and its exercises: one form for the routine, an inline formset for the entries.

The forms validate and fill in the catalog's defaults; saving (positions from
the order of the formset) is `RoutineEntryFormSet.save_entries`.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.forms.models import BaseInlineFormSet, inlineformset_factory

from exercises.models import MAX_HOLD_SECONDS, MAX_REPS, Exercise
from training.forms.numbers import NUMERIC, number_field
from training.models import Routine, RoutineEntry

MAX_ROUNDS = 10
MAX_SETS = 20
MAX_REST_SECONDS = 1800
MAX_ENTRIES = 30
# Existing entries move out of the way while the formset renumbers them: the
# (routine, position) constraint is checked row by row on PostgreSQL.
POSITION_SHIFT = 1000


class RoutineForm(forms.ModelForm):
    rounds = number_field(
        "Rounds",
        min_value=1,
        max_value=MAX_ROUNDS,
        required=True,
        message=f"A routine has between 1 and {MAX_ROUNDS} rounds.",
        help_text="1 for straight sets. 2 or more makes it a circuit: every exercise once, "
        "one after the other, then the whole list again.",
    )

    description = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: what it is for, when to do it.",
    )

    class Meta:
        model = Routine
        fields = ["name", "description", "rounds"]
        error_messages = {"name": {"required": "Give the routine a name."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rounds"].error_messages["required"] = "Say how many rounds (1 if unsure)."


class ExerciseField(forms.TypedChoiceField):
    """A choice of exercises loaded once per formset, not once per form (no N+1 selects)."""

    def __init__(self, exercises, **kwargs):
        by_pk = {exercise.pk: exercise for exercise in exercises}

        def coerce(value):
            try:
                return by_pk[int(value)]
            except KeyError:
                raise ValueError(value) from None

        choices = [("", "Choose an exercise")] + [
            (exercise.pk, exercise.name if exercise.is_active else f"{exercise.name} (retired)")
            for exercise in exercises
        ]
        super().__init__(
            choices=choices,
            coerce=coerce,
            empty_value=None,
            **kwargs,
        )


class RoutineEntryForm(forms.ModelForm):
    sets = number_field(
        "Sets", min_value=1, max_value=MAX_SETS, message=f"Sets must be between 1 and {MAX_SETS}."
    )
    reps_min = number_field(
        "Reps from",
        min_value=1,
        max_value=MAX_REPS,
        message=f"Reps must be between 1 and {MAX_REPS}.",
    )
    reps_max = number_field(
        "Reps to",
        min_value=1,
        max_value=MAX_REPS,
        message=f"Reps must be between 1 and {MAX_REPS}.",
    )
    hold_s = number_field(
        "Hold (s)",
        min_value=1,
        max_value=MAX_HOLD_SECONDS,
        message=f"A hold lasts from 1 second to an hour ({MAX_HOLD_SECONDS} s).",
    )
    rest_s = number_field(
        "Rest (s)",
        min_value=0,
        max_value=MAX_REST_SECONDS,
        message=f"Rest between 0 and {MAX_REST_SECONDS} s (half an hour).",
    )

    class Meta:
        model = RoutineEntry
        fields = ["exercise", "sets", "reps_min", "reps_max", "hold_s", "rest_s"]

    def __init__(self, *args, exercises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exercise"] = ExerciseField(
            exercises,
            label="Exercise",
            error_messages={
                "required": "Choose an exercise for this card.",
                "invalid_choice": "Choose an exercise from the list.",
            },
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def lay_out(self):
        """The card's layout, once the formset has added its position and remove fields."""
        self.helper.layout = Layout(
            *(name for name in ("id", "routine") if name in self.fields),
            Field("exercise"),
            Row(
                Column("sets", css_class="col-4"),
                Column("reps_min", css_class="col-4"),
                Column("reps_max", css_class="col-4"),
                css_class="g-2",
            ),
            Row(
                Column("hold_s", css_class="col-4"),
                Column("rest_s", css_class="col-4"),
                Column("ORDER", css_class="col-4"),
                css_class="g-2",
            ),
            *(["DELETE"] if "DELETE" in self.fields else []),
        )

    def clean(self):
        """Blank numbers come from the exercise's catalog prescription; ranges run low to high."""
        data = super().clean()
        exercise = data.get("exercise")
        if exercise is None or any(
            name in self.errors for name in ("sets", "reps_min", "reps_max", "hold_s", "rest_s")
        ):
            return data
        reps_min, reps_max, hold_s = data.get("reps_min"), data.get("reps_max"), data.get("hold_s")
        if (reps_min is None) != (reps_max is None):
            # One number is a fixed count: "10" means 10 to 10.
            reps_min = reps_max = reps_min if reps_min is not None else reps_max
        is_hold = exercise.measure == Exercise.Measure.HOLD
        if reps_min is None and (is_hold or hold_s is None):
            # A hold typed for a rep exercise makes it a held position: no reps then.
            reps_min, reps_max = exercise.reps_min, exercise.reps_max
        if hold_s is None and is_hold:
            hold_s = exercise.hold_min_s
        if reps_min is not None and reps_min > reps_max:
            self.add_error(
                "reps_max",
                f"The rep range is inverted: {reps_min}–{reps_max}. Put the lower number first.",
            )
            return data
        data.update(reps_min=reps_min, reps_max=reps_max, hold_s=hold_s)
        if data.get("sets") is None:
            data["sets"] = exercise.sets
        if data.get("rest_s") is None:
            data["rest_s"] = exercise.rest_s
        return data


STALE_ENTRY = (
    "An exercise on this page is no longer part of the routine (it was changed in another "
    "tab, or the page is old), so nothing was saved. Reload the page and make the changes again."
)


class BaseRoutineEntryFormSet(BaseInlineFormSet):
    """The routine's exercises in order. Each card's position field may reorder them."""

    default_error_messages = {
        "too_many_forms": f"A routine holds at most {MAX_ENTRIES} exercises.",
        "missing_management_form": "The list of exercises arrived incomplete, so nothing "
        "was saved. Reload the page and make the changes again.",
    }

    def __init__(self, *args, extra=1, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra = extra
        # Active exercises, plus any retired one a saved entry still names.
        self.exercises = list(
            Exercise.objects.catalog()
            .filter(Q(is_active=True) | Q(pk__in=self.get_queryset().values("exercise")))
            .order_by("name")
        )

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "exercises": self.exercises}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Only this routine's entries: Django's formset would take any entry's id, and a
        # card posted with another routine's entry would quietly become a new entry.
        form.fields["id"].queryset = self.get_queryset()
        form.fields["ORDER"] = forms.IntegerField(
            label="Position",
            required=False,
            min_value=1,
            max_value=MAX_ENTRIES,
            widget=forms.NumberInput(attrs=NUMERIC),
            initial=index + 1 if index is not None and index < self.initial_form_count() else None,
            error_messages={
                "min_value": f"Positions go from 1 to {MAX_ENTRIES}.",
                "max_value": f"Positions go from 1 to {MAX_ENTRIES}.",
                "invalid": f"Positions go from 1 to {MAX_ENTRIES}.",
            },
        )
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this exercise"
        form.lay_out()

    def clean(self):
        super().clean()
        if any("id" in form.errors for form in self.forms):
            raise ValidationError(STALE_ENTRY, code="stale_entry")
        # A broken management form is a non-form error already, and leaves the
        # formset invalid: ordered_forms would raise.
        if any(self.errors) or self.non_form_errors():
            return
        if not self.ordered_forms:
            raise ValidationError(
                "Add at least one exercise: a routine with no exercises has nothing to do.",
                code="no_entries",
            )

    def save_entries(self):
        """Save the routine's entries, numbered 1, 2, 3… in the order the person chose."""
        routine = self.instance
        with transaction.atomic():
            for form in self.deleted_forms:
                if form.instance.pk:
                    form.instance.delete()
            routine.entries.update(position=F("position") + POSITION_SHIFT)
            position = 0
            for position, form in enumerate(self.ordered_forms, start=1):
                entry = form.save(commit=False)
                entry.routine = routine
                entry.position = position
                entry.save()
            # An entry this form did not show (added in another tab since) keeps its
            # place after the others rather than being lost.
            for stray in routine.entries.filter(position__gt=POSITION_SHIFT).order_by("position"):
                position += 1
                stray.position = position
                stray.save(update_fields=["position"])


RoutineEntryFormSet = inlineformset_factory(
    Routine,
    RoutineEntry,
    form=RoutineEntryForm,
    formset=BaseRoutineEntryFormSet,
    extra=1,
    max_num=MAX_ENTRIES,
    absolute_max=MAX_ENTRIES,
    validate_max=True,
    can_order=True,
    can_delete=True,
    can_delete_extra=False,
)


def entry_formset(data=None, *, routine, extra=1):
    return RoutineEntryFormSet(
        data,
        instance=routine,
        prefix="entries",
        queryset=RoutineEntry.objects.filter(routine=routine).select_related("exercise")
        if routine.pk
        else RoutineEntry.objects.none(),
        extra=extra,
    )
