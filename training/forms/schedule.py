"""Forms of the schedule: plan training days, add a session, move one.

Each form is given `today` so its date rules can be tested on any day.
"""

import datetime

from django import forms
from django.db.models import F
from django.utils import timezone

from training import bounds, scheduling
from training.models import Routine

WEEKDAY_CHOICES = [
    (str(number), name)
    for number, name in enumerate(
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    )
]


class DateInput(forms.DateInput):
    """The browser's date picker; it reads and writes ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class RoutineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} (template)" if obj.is_template else obj.name


def readable_routines(user):
    """The user's own routines first, then the shipped templates."""
    return Routine.objects.readable_by(user).order_by(
        F("owner_id").asc(nulls_last=True), "name", "pk"
    )


def routine_field(*, required):
    return RoutineChoiceField(
        label="Routine",
        queryset=Routine.objects.none(),
        required=required,
        empty_label="Choose a routine" if required else "No routine: a free session",
        error_messages={
            "required": "Choose a routine.",
            "invalid_choice": "Choose one of your routines or a shipped template.",
        },
    )


def date_field(label, help_text=""):
    return forms.DateField(
        label=label,
        help_text=help_text,
        widget=DateInput(),
        error_messages={
            "required": "Enter a date.",
            "invalid": "Enter a real date, e.g. 2026-03-23.",
        },
    )


class DateRulesMixin:
    """Sessions are planned from today up to a year ahead."""

    def check_day(self, day: datetime.date) -> datetime.date:
        if day < self.today:
            raise forms.ValidationError("Choose today or a later day.")
        limit = scheduling.a_year_after(self.today)
        if day > limit:
            raise forms.ValidationError(
                "Sessions can be planned up to a year ahead: "
                f"choose {scheduling.day_label(limit, year=True)} or earlier."
            )
        return day


class ScheduleForm(DateRulesMixin, forms.Form):
    weekdays = forms.MultipleChoiceField(
        label="Training days",
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Two or three days a week, with a rest day between: e.g. Monday and Thursday.",
        error_messages={
            "required": "Choose at least one training day.",
            "invalid_choice": "Choose days from Monday to Sunday.",
        },
    )
    routine = routine_field(required=True)
    start_date = date_field("First day", "Today or later, up to a year ahead.")
    weeks = forms.IntegerField(
        label="Number of weeks",
        min_value=1,
        max_value=scheduling.MAX_WEEKS,
        initial=8,
        help_text=f"From 1 to {scheduling.MAX_WEEKS}.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter a number of weeks.",
            "invalid": "Enter a whole number of weeks.",
            "min_value": "Plan at least 1 week.",
            "max_value": f"Plan at most {scheduling.MAX_WEEKS} weeks at a time.",
        },
    )

    def __init__(self, *args, user, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["routine"].queryset = readable_routines(user)
        self.fields["start_date"].initial = today

    def clean_weekdays(self) -> list[int]:
        return sorted(int(day) for day in self.cleaned_data["weekdays"])

    def clean_start_date(self) -> datetime.date:
        return self.check_day(self.cleaned_data["start_date"])

    def clean(self):
        data = super().clean()
        if {"weekdays", "start_date", "weeks"} <= data.keys():
            data["dates"] = scheduling.planned_dates(
                data["weekdays"], data["start_date"], data["weeks"]
            )
            last = data["dates"][-1]
            if last > scheduling.a_year_after(self.today):
                self.add_error(
                    "weeks",
                    f"This plan would run to {scheduling.day_label(last, year=True)}, "
                    "more than a year ahead: choose fewer weeks or an earlier first day.",
                )
        return data


class SessionAddForm(DateRulesMixin, forms.Form):
    date = date_field("Day", "Today or later, up to a year ahead.")
    routine = routine_field(required=False)

    def __init__(self, *args, user, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["routine"].queryset = readable_routines(user)
        self.fields["date"].initial = today

    def clean_date(self) -> datetime.date:
        return self.check_day(self.cleaned_data["date"])


class SessionMoveForm(DateRulesMixin, forms.Form):
    date = date_field("New day", "Today or later, up to a year ahead.")

    def __init__(self, *args, session, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.session = session
        self.fields["date"].initial = max(session.date, today)

    def clean_date(self) -> datetime.date:
        day = self.cleaned_data["date"]
        if day == self.session.date:
            raise forms.ValidationError("The session is already on that day: choose another.")
        return self.check_day(day)


class PastDayMixin:
    """A workout already done: a day from the account's first to today."""

    def check_past_day(self, day: datetime.date) -> datetime.date:
        if day > self.today:
            raise forms.ValidationError(
                "That day has not come yet: log a workout you have done, "
                "or plan this one under Add a session."
            )
        if self.first_day is not None and day < self.first_day:
            raise forms.ValidationError(
                f"Your account began on {scheduling.day_label(self.first_day, year=True)}: "
                "choose that day or a later one (older history comes in by an import)."
            )
        return day


def first_day(user, today: datetime.date) -> datetime.date:
    """The account's first day, in the site's time zone (today for a user not yet saved)."""
    joined = getattr(user, "date_joined", None)
    return min(timezone.localdate(joined), today) if joined else today


class PastSessionForm(PastDayMixin, forms.Form):
    """Log a past workout: the day it was done, and its routine or none."""

    date = date_field("Day you trained", "A day you trained: today or earlier.")
    routine = routine_field(required=False)

    def __init__(self, *args, user, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.first_day = first_day(user, today)
        self.fields["routine"].queryset = readable_routines(user)
        self.fields["routine"].empty_label = "No routine: add exercises as you go"
        self.fields["date"].initial = max(self.first_day, today - datetime.timedelta(days=1))
        self.fields["date"].widget.attrs.update(
            min=self.first_day.isoformat(), max=today.isoformat()
        )

    def clean_date(self) -> datetime.date:
        return self.check_past_day(self.cleaned_data["date"])


class SessionDateForm(PastDayMixin, forms.Form):
    """Change the day a session was trained on: any day to today (an imported session
    may be older than the account)."""

    date = date_field("Day you trained", "Today or earlier.")

    def __init__(self, *args, session, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.first_day = None
        self.fields["date"].initial = session.date
        self.fields["date"].widget.attrs.update(max=today.isoformat())

    def clean_date(self) -> datetime.date:
        day = self.check_past_day(self.cleaned_data["date"])
        problem = bounds.day_problem(day, today=self.today)
        if problem:
            raise forms.ValidationError(problem)
        return day
