"""The admin's forms for the catalog: a chain's steps that reorder, an exercise's aliases.

A chain's steps are saved as 1..n in the order the curator meant, whatever
positions were posted: swapped, shifted to make room, repeated or with gaps.
The (chain, position) constraint is checked row by row (PostgreSQL's is not
deferrable), so the kept steps first move out of the way, then take their
final numbers, all in one transaction.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import transaction
from django.db.models import F
from django.forms.models import BaseInlineFormSet

from exercises.models import BandColour, ChainStep, Exercise

MAX_POSITION = 999
MAX_STEPS = 50
# The largest key SQLite and PostgreSQL can compare with (a signed 64-bit integer).
MAX_KEY = 2**63 - 1
# Far above any final position (at most MAX_STEPS), far below the column's 32767.
POSITION_SHIFT = 1000

ALIASES_HELP = (
    "One name per line, as Strong, Hevy or FitNotes write it "
    "(e.g. “Nordic Hamstrings Curls”, “Good Morning (Barbell)”). Used to match imports."
)


def could_be_key(value) -> bool:
    """Whether `value` reads as a whole number the database can compare with a key."""
    try:
        return abs(int(str(value))) <= MAX_KEY
    except ValueError:
        return False


class CatalogAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete box, shown again after a refused post: it looks up the
    chosen value to show its name, and a value no key can be ("Infinity") would fail
    that look-up with a 500 instead of an empty box beside the field's message."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if could_be_key(v)], attr)


class KeysField(forms.ModelMultipleChoiceField):
    """A many-to-many box that refuses what no key can be (a 40-digit "id") as an invalid
    choice itself: Django's look-up of the choices would overflow SQLite's integers."""

    def clean(self, value):
        for key in value if isinstance(value, (list, tuple)) else []:
            if not could_be_key(key):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": key},
                )
        return super().clean(value)


class ExerciseAdminForm(forms.ModelForm):
    class Meta:
        model = Exercise
        # The admin's fieldsets choose the fields; the owner is never one of them.
        fields = ("aliases",)
        help_texts = {"aliases": ALIASES_HELP}
        widgets = {"aliases": forms.Textarea(attrs={"rows": 5})}

    def clean_aliases(self):
        """One alias a line: blank lines, stray spaces and repeats (whatever the case) dropped."""
        seen, kept = set(), []
        for line in self.cleaned_data["aliases"].splitlines():
            alias = " ".join(line.split())
            if alias and alias.casefold() not in seen:
                seen.add(alias.casefold())
                kept.append(alias)
        return "\n".join(kept)


class BandColourAdminForm(forms.ModelForm):
    hex_colour = forms.CharField(
        label="Hex colour",
        max_length=7,
        help_text="For the swatch: # and six hex digits, e.g. #d2b48c.",
        validators=[
            RegexValidator(
                r"\A#[0-9a-fA-F]{6}\Z", "Write the colour as # and six hex digits, e.g. #d2b48c."
            )
        ],
    )

    class Meta:
        model = BandColour
        fields = ("name", "slug", "position", "hex_colour")


class ChainStepForm(forms.ModelForm):
    position = forms.IntegerField(
        min_value=1,
        max_value=MAX_POSITION,
        help_text="1 is the easiest. Type any numbers: the steps are saved as 1, 2, 3… "
        "in that order (to insert a step, give it the number of the step it goes before).",
        error_messages={
            "required": "Give this step a position (1 is the easiest).",
            "invalid": "Type the position as a whole number, e.g. 3.",
            "min_value": f"Use a position from 1 to {MAX_POSITION}.",
            "max_value": f"Use a position from 1 to {MAX_POSITION}.",
        },
        widget=forms.NumberInput(attrs={"class": "chain-order-position", "min": 1, "step": 1}),
    )

    class Meta:
        model = ChainStep
        fields = ("exercise", "position")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A chain is catalog: a user's private exercise would show on public pages.
        self.fields["exercise"].queryset = Exercise.objects.catalog()

    def validate_unique(self):
        """The formset checks a chain's steps together, against what the post will leave.

        Row by row against the database, a swap looks like a clash: the other
        step still holds the number (or the exercise) until it is saved too.
        """


class ChainStepFormSet(BaseInlineFormSet):
    """A chain's steps, renumbered 1..n on save; an exercise twice is refused beside it."""

    def get_queryset(self):
        return super().get_queryset().select_related("exercise")

    def kept_forms(self):
        """The forms that will be steps once saved: the existing ones not deleted, and the
        new ones filled in."""
        kept = []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            kept.append(form)
        return kept

    def validate_unique(self):
        """Positions may repeat (ties keep the page's order); `clean` names a repeated exercise
        beside its field, where Django's own check would only say "duplicate data"."""

    def clean(self):
        super().clean()
        posted = {form.instance.pk for form in self.initial_forms}
        # Steps added elsewhere (another tab) since this page was opened keep their place.
        others = (
            {
                step.exercise_id: step
                for step in ChainStep.objects.filter(chain=self.instance).exclude(pk__in=posted)
            }
            if self.instance.pk
            else {}
        )
        seen = {}
        for form in self.kept_forms():
            exercise = form.cleaned_data.get("exercise")
            position = form.cleaned_data.get("position")
            if exercise is None:
                continue
            if exercise in seen:
                form.add_error(
                    "exercise",
                    f"{exercise} appears twice in this chain (positions {seen[exercise]} and "
                    f"{position}). A chain runs from easier to harder and may not repeat an "
                    "exercise or loop back to one.",
                )
            elif exercise.pk in others:
                form.add_error(
                    "exercise",
                    f"{exercise} was added to this chain since this page was opened "
                    f"(position {others[exercise.pk].position}). Reload the page.",
                )
            seen.setdefault(exercise, position)

    def ordered_forms(self):
        """Sorted by the posted position; a tie keeps the order of the page."""
        kept = self.kept_forms()
        return sorted(kept, key=lambda form: (form.cleaned_data["position"], kept.index(form)))

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        chain = self.instance
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        with transaction.atomic():
            for form in self.deleted_forms:
                if form.instance.pk is not None:
                    self.deleted_objects.append(form.instance)
                    self.delete_existing(form.instance)
            ordered = self.ordered_forms()
            # A step whose exercise changed is written again: two steps that trade
            # exercises would otherwise meet the (chain, exercise) constraint midway.
            moved = [
                f for f in ordered if f.instance.pk is not None and "exercise" in f.changed_data
            ]
            ChainStep.objects.filter(pk__in=[f.instance.pk for f in moved]).delete()
            chain.steps.update(position=F("position") + POSITION_SHIFT)
            position = 0
            for position, form in enumerate(ordered, start=1):
                was_new = form.instance.pk is None or form in moved
                changed = [name for name in form.changed_data if name != "position"]
                if form.initial.get("position") != position:
                    changed.append("position")
                step = form.save(commit=False)
                step.chain = chain
                step.position = position
                if form in moved:
                    step.pk = None
                    step._state.adding = True
                step.save()
                if was_new and form not in moved:
                    self.new_objects.append(step)
                elif changed:
                    self.changed_objects.append((step, changed))
            for stray in chain.steps.filter(position__gt=POSITION_SHIFT).order_by("position"):
                position += 1
                stray.position = position
                stray.save(update_fields=["position"])
        return self.new_objects + [obj for obj, _ in self.changed_objects]
