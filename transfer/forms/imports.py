"""Uploading another app's export, and the review of what it holds."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from exercises.models import Exercise
from training.models import MAX_LOAD_KG
from transfer.importing import NEW, SKIP

UNITS = [("kg", "Kilograms (kg)"), ("lb", "Pounds (lb)")]
# Names per page of the review: each is a list of every exercise, so a page stays small.
REVIEW_PAGE = 25


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Export file",
        help_text="The CSV file Strong, Hevy or FitNotes exports. Hamstrong finds out which "
        "app made it, and shows you what it holds before anything is saved.",
        error_messages={
            "required": "Choose the file to import.",
            "empty": "The file is empty.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; the most Hamstrong takes is "
                f"{filesizeformat(limit)}. Export a shorter period and import each part."
            )
        return upload


class ImportReviewForm(forms.Form):
    """One choice per exercise name of the file (its match, or the answer saved from an
    earlier visit, preselected), `REVIEW_PAGE` names a page; the unit, on the last page,
    if the file hides it."""

    def __init__(self, *args, batch, user, page=1, **kwargs):
        super().__init__(*args, **kwargs)
        self.batch = batch
        self.names = []
        summary = batch.summary
        count = len(summary["names"])
        self.pages = max(1, -(-count // REVIEW_PAGE))
        self.page = min(max(1, page), self.pages)
        self.first = (self.page - 1) * REVIEW_PAGE + 1
        self.last = min(count, self.page * REVIEW_PAGE)
        self.count = count
        answers = summary.get("answers", {})
        if summary.get("needs_unit") and not batch.unit and self.is_last_page:
            self.fields["unit"] = forms.ChoiceField(
                label="The file's weights are in",
                choices=UNITS,
                initial=user.unit,
                widget=forms.RadioSelect,
                help_text="This file does not say its unit. Choose the one you logged in.",
                error_messages={"required": "Choose the unit the file's weights are in."},
            )
        exercises = list(
            Exercise.objects.visible_to(user).active().order_by("name").values_list("pk", "name")
        )
        catalog = [(str(pk), name) for pk, name in exercises]
        known = {pk for pk, _ in exercises}
        # Names the catalog lacks first: those are the ones to decide.
        rows = sorted(enumerate(summary["names"]), key=lambda item: item[1]["match"] in known)
        for index, row in rows[self.first - 1 : self.last]:
            name, sets = f"name_{index}", row["sets"]
            matched = row["match"] in known
            self.fields[name] = forms.ChoiceField(
                label=row["name"],
                choices=[
                    (NEW, f"Make “{row['name'][:60]}” an exercise of my own"),
                    (SKIP, "Leave these sets out"),
                    ("Log them as", catalog),
                ],
                initial=answers.get(row["name"], str(row["match"]) if matched else NEW),
                help_text=f"{sets} set{'' if sets == 1 else 's'} in the file. "
                + (
                    "Matched by its name: change it if it is not the same exercise."
                    if matched
                    else "Not in the catalog."
                ),
                error_messages={"invalid_choice": "Choose an exercise from the list."},
            )
            self.names.append((name, row["name"]))

    def clean_unit(self):
        unit = self.cleaned_data["unit"]
        heaviest = Decimal(self.batch.summary.get("max_weight", "0"))
        if unit == "kg" and heaviest > MAX_LOAD_KG:
            raise forms.ValidationError(
                f"The heaviest weight in the file is {heaviest}: more than {MAX_LOAD_KG} kg. "
                "Were they pounds?"
            )
        return unit

    @property
    def is_last_page(self) -> bool:
        return self.page == self.pages

    def choices(self) -> dict[str, str]:
        return {label: self.cleaned_data[name] for name, label in self.names}
