"""SMART goals: the form that sets one, and which measures fit which exercise."""

import datetime
from decimal import Decimal

from django import forms
from django.db.models import Count, Q

from exercises.models import MAX_HOLD_SECONDS, MAX_REPS, ChainStep, Exercise
from progress import engine, goals
from progress.models import Goal
from progress.specs import context_for, load_steps
from training.forms.numbers import load_in_kg
from training.units import stored

DECIMAL_INPUT = {"inputmode": "decimal"}
NUMERIC_INPUT = {"inputmode": "numeric", "pattern": "[0-9]*"}
MAX_GOAL_DAYS = 2 * 365
# HealthGuiders: "most people begin noticing improvements in hamstring strength within
# four to six weeks of consistent training".
MIN_GOAL_DAYS = 28
LOADED = (Goal.Metric.LOAD_FOR_REPS, Goal.Metric.E1RM)
WHOLE = (
    Goal.Metric.REPS,
    Goal.Metric.HOLD,
    Goal.Metric.STAGE,
    Goal.Metric.SESSIONS,
)
MAX_SESSIONS_A_WEEK = 3


def fits(metric: str) -> Q:
    """The exercises a goal of `metric` can be about, as a filter (not for sessions a week)."""
    Measure = Exercise.Measure
    if metric in LOADED:
        return Q(measure=Measure.REPS_LOAD)
    if metric == Goal.Metric.REPS:
        return Q(measure__in=[Measure.REPS, Measure.BAND_REPS])
    if metric == Goal.Metric.HOLD:
        return Q(measure=Measure.HOLD)
    if metric == Goal.Metric.STAGE:
        return Q(rule__in=[Exercise.Rule.SET_LADDER, Exercise.Rule.BAND_COLOUR])
    # Reaching an exercise: a later step of some progression.
    return Q(pk__in=ChainStep.objects.filter(position__gt=1).values("exercise"))


def metrics_for(exercise: Exercise) -> list[tuple[str, str]]:
    """The measures a goal about `exercise` can take, in one query (sessions a week last)."""
    about = [metric for metric in Goal.Metric.values if metric != Goal.Metric.SESSIONS]
    counts = Exercise.objects.filter(pk=exercise.pk).aggregate(
        **{metric: Count("pk", filter=fits(metric)) for metric in about}
    )
    return [
        (metric, label)
        for metric, label in Goal.Metric.choices
        if metric == Goal.Metric.SESSIONS or counts[metric]
    ]


class GoalForm(forms.Form):
    """A SMART goal: the metric, exercise, target, deadline and why; the baseline is read from
    the log and the target must go beyond it."""

    metric = forms.ChoiceField(
        label="What to measure",
        choices=[("", "Choose a measure")] + list(Goal.Metric.choices),
        error_messages={"required": "Choose what the goal measures."},
    )
    exercise = forms.ModelChoiceField(
        queryset=Exercise.objects.none(),
        required=False,
        empty_label="Choose an exercise",
        error_messages={"invalid_choice": "Choose one of the exercises listed."},
    )
    target = forms.DecimalField(
        min_value=Decimal("0.01"),
        max_digits=8,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={**DECIMAL_INPUT, "step": "any"}),
        error_messages={
            "min_value": "The target must be more than 0.",
            "invalid": "Enter a number, such as 80 or 82.5.",
            "max_digits": "That number is too large: check it.",
            "max_whole_digits": "That number is too large: check it.",
            "max_decimal_places": "Use at most 2 decimal places.",
        },
    )
    reps = forms.IntegerField(
        label="For how many reps",
        min_value=1,
        max_value=30,
        required=False,
        widget=forms.NumberInput(attrs=NUMERIC_INPUT),
        error_messages={
            "invalid": "Enter a whole number, such as 8.",
            "min_value": "At least 1 rep.",
            "max_value": "Up to 30 reps: past that it is not a load goal any more.",
        },
    )
    weeks = forms.IntegerField(
        label="Weeks in a row",
        min_value=1,
        max_value=52,
        required=False,
        widget=forms.NumberInput(attrs=NUMERIC_INPUT),
        error_messages={
            "invalid": "Enter a whole number, such as 8.",
            "min_value": "At least 1 week.",
            "max_value": "Up to 52 weeks.",
        },
    )
    deadline = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Give the goal a deadline.",
            "invalid": "Enter a date, such as 2026-03-31.",
        },
    )
    why = forms.CharField(
        label="Why it matters to you",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="In your own words, such as “run after my kids without a twinge”.",
        error_messages={
            "required": "Say in a few words why this goal matters to you: it is what keeps "
            "you going when progress is slow."
        },
    )

    def __init__(self, *args, user, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.today = today
        self.goal: Goal | None = None
        self.reading = None
        self.fields["deadline"].widget.attrs["min"] = (
            today + datetime.timedelta(days=MIN_GOAL_DAYS)
        ).isoformat()
        # Not `metric`: a template's `form.metric` is the field.
        self.chosen_metric = self._chosen_metric()
        self._shape(self.chosen_metric)

    def _chosen_metric(self) -> str | None:
        """The measure the form is shaped for: the one posted, else the one asked for."""
        chosen = self.data.get("metric") if self.is_bound else self.initial.get("metric")
        return chosen if chosen in Goal.Metric.values else None

    def _shape(self, metric: str | None) -> None:
        """Keep only the fields `metric` needs, labelled for it; no metric, only the choice."""
        if metric is None:
            for name in list(self.fields):
                if name != "metric":
                    del self.fields[name]
            self.fields["metric"].widget = forms.RadioSelect()
            exercise = self.initial.get("exercise")
            # Asked from an exercise's page: only the measures that mean something for it.
            self.fields["metric"].choices = (
                metrics_for(exercise) if isinstance(exercise, Exercise) else Goal.Metric.choices
            )
            return
        unit = self.user.unit
        labels = {
            Goal.Metric.LOAD_FOR_REPS: (
                f"Target load ({unit})",
                "The load to lift for the number of reps below.",
            ),
            Goal.Metric.E1RM: (
                f"Target estimated one-rep max ({unit})",
                "Estimated from your sets of up to 10 reps (Epley).",
            ),
            Goal.Metric.REPS: ("Target reps in one set", None),
            Goal.Metric.HOLD: ("Target hold (seconds)", None),
            Goal.Metric.STAGE: (
                "Target sets",
                "Sets done at the exercise's reps: 3 for 3 × 10.",
            ),
            Goal.Metric.SESSIONS: ("Sessions a week", "1, 2 or 3."),
        }
        unused = {
            Goal.Metric.LOAD_FOR_REPS: ["weeks"],
            Goal.Metric.EXERCISE: ["target", "reps", "weeks"],
            Goal.Metric.SESSIONS: ["exercise", "reps"],
        }.get(metric, ["reps", "weeks"])
        for name in unused:
            del self.fields[name]
        if "target" in self.fields:
            label, help_text = labels[metric]
            self.fields["target"].label = label
            self.fields["target"].help_text = help_text or ""
            self.fields["target"].required = True
            self.fields["target"].error_messages["required"] = "Enter the target to reach."
        if "exercise" in self.fields:
            field = self.fields["exercise"]
            # Any exercise the user can see validates (so a mismatch gets its reason from
            # `_fits`); the list offers only those the measure fits.
            field.queryset = Exercise.objects.visible_to(self.user).active().order_by("name")
            field.widget.choices = [("", field.empty_label)] + [
                (exercise.pk, exercise.name) for exercise in self._exercises(field.queryset, metric)
            ]
            field.required = True
            field.error_messages["required"] = "Choose the exercise this goal is about."
            field.label = "Exercise to reach" if metric == Goal.Metric.EXERCISE else "Exercise"
            field.help_text = (
                "A later step of a progression, such as Nordic hamstring curls."
                if metric == Goal.Metric.EXERCISE
                else ""
            )
        if "reps" in self.fields:
            self.fields["reps"].required = True
            self.fields["reps"].error_messages["required"] = "Say for how many reps (such as 8)."
        if "weeks" in self.fields:
            self.fields["weeks"].required = True
            self.fields["weeks"].error_messages["required"] = (
                "Say for how many weeks in a row (such as 8)."
            )

    @staticmethod
    def _exercises(exercises, metric: str):
        """The exercises a goal of `metric` can be about (the one-rep max of a stretch is not)."""
        return exercises.filter(fits(metric))

    def clean_why(self):
        why = self.cleaned_data["why"].strip()
        if not why:
            raise forms.ValidationError(self.fields["why"].error_messages["required"])
        return why

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= self.today:
            raise forms.ValidationError(
                "The deadline must be after today: a goal needs time to reach it."
                if deadline == self.today
                else "That date has passed: pick a deadline after today."
            )
        if deadline > self.today + datetime.timedelta(days=MAX_GOAL_DAYS):
            raise forms.ValidationError("Pick a deadline within two years.")
        if deadline < self.today + datetime.timedelta(days=MIN_GOAL_DAYS):
            raise forms.ValidationError(
                "Give it at least four weeks: most people notice their hamstrings getting "
                "stronger within four to six weeks of regular training."
            )
        return deadline

    def clean(self):
        data = super().clean()
        metric, exercise = data.get("metric"), data.get("exercise")
        if not metric or "exercise" in self.errors:
            return data
        goal = Goal(
            user=self.user,
            metric=metric,
            deadline=data.get("deadline") or self.today + datetime.timedelta(days=1),
            created_on=self.today,
            why=data.get("why", ""),
        )
        if metric == Goal.Metric.SESSIONS:
            goal.weeks = data.get("weeks")
        else:
            goal.exercise = exercise
            if not self._fits(goal, exercise):
                return data
        if not self._target(goal, data):
            return data
        if self.errors:
            return data
        self.reading = goals.read_goals([goal], user=self.user, today=self.today)[0]
        goal.baseline = (
            stored(self.reading.current) if metric != Goal.Metric.SESSIONS else Decimal(0)
        )
        if metric != Goal.Metric.SESSIONS and goal.target <= goal.baseline:
            self.add_error(
                "target" if metric != Goal.Metric.EXERCISE else "exercise", self._beyond(goal)
            )
            return data
        self.goal = goal
        return data

    def _fits(self, goal: Goal, exercise: Exercise) -> bool:
        """Refuse a metric that means nothing for the exercise (the one-rep max of a stretch)."""
        metric, measure = goal.metric, exercise.measure
        problem = None
        how = exercise.get_measure_display().lower()
        if metric in LOADED and measure != Exercise.Measure.REPS_LOAD:
            what = "a load" if metric == Goal.Metric.LOAD_FOR_REPS else "a one-rep max"
            problem = f"{exercise.name} is measured in {how}: {what} means nothing for it."
        elif metric == Goal.Metric.REPS and measure == Exercise.Measure.HOLD:
            problem = f"{exercise.name} is measured in hold seconds: choose “Hold time”."
        elif metric == Goal.Metric.HOLD and measure != Exercise.Measure.HOLD:
            problem = f"{exercise.name} is measured in {how}, not hold seconds."
        elif metric == Goal.Metric.STAGE and exercise.rule not in (
            Exercise.Rule.SET_LADDER,
            Exercise.Rule.BAND_COLOUR,
        ):
            problem = (
                f"{exercise.name} does not climb in stages of sets "
                f"({exercise.get_rule_display().split(':')[0].lower()}): choose another measure."
            )
        elif metric == Goal.Metric.EXERCISE:
            goal.chain, position = goals.chain_for(exercise)
            if goal.chain is None:
                problem = (
                    f"{exercise.name} is not a later step of any progression: choose one you "
                    "work up to, such as Nordic hamstring curls."
                )
            else:
                goal.target = Decimal(position)
        if problem:
            self.add_error("metric", problem)
            return False
        if metric == Goal.Metric.STAGE:
            context = context_for(exercise, load_steps([exercise.pk]), [], self.user.unit)
            goal.reps = engine.start(context).reps
        return True

    def _target(self, goal: Goal, data) -> bool:
        metric = goal.metric
        if metric == Goal.Metric.EXERCISE:
            return True
        target = data.get("target")
        if target is None:  # the field's own error says why
            return False
        if metric in WHOLE and target != target.to_integral_value():
            self.add_error("target", "Enter a whole number.")
            return False
        if metric in LOADED:
            try:
                goal.target = load_in_kg(target, self.user.unit)
            except forms.ValidationError as error:
                self.add_error("target", error)
                return False
        elif metric == Goal.Metric.HOLD and target > MAX_HOLD_SECONDS:
            self.add_error("target", "A hold of more than an hour? Check the number.")
            return False
        elif metric == Goal.Metric.REPS and target > MAX_REPS:
            self.add_error("target", f"More than {MAX_REPS} reps in one set? Check the number.")
            return False
        elif metric == Goal.Metric.STAGE and target > goal.exercise.sets:
            self.add_error(
                "target",
                f"The top stage of {goal.exercise.name} is {goal.exercise.sets} sets: "
                "aim for that or fewer.",
            )
            return False
        elif metric == Goal.Metric.SESSIONS and target > MAX_SESSIONS_A_WEEK:
            self.add_error(
                "target",
                f"At most {MAX_SESSIONS_A_WEEK} sessions a week: hamstrings need 48 hours "
                "between sessions.",
            )
            return False
        else:
            goal.target = target
        if metric == Goal.Metric.LOAD_FOR_REPS:
            goal.reps = data.get("reps")
            if goal.reps is None:  # the field's own error says why
                return False
        return True

    def _beyond(self, goal: Goal) -> str:
        best = goals.amount(goal, goal.baseline, self.user.unit)
        if goal.metric == Goal.Metric.EXERCISE:
            return (
                f"Your log already shows {goal.exercise.name} or a later exercise of its "
                "progression: choose one further on."
            )
        return f"Your log already shows {best}: set a target beyond it."
