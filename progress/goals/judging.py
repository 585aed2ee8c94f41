"""Judging goals: the trend, the status, the explanation and the check before saving."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from progress import specs
from progress.goals.reading import WINDOWS, Reading, read_goals
from progress.goals.words import amount, day_text, decimal_text, per_week, rate_words
from progress.models import Goal
from training.scheduling import week_start

# A week's gain at the pace the rules allow, where the log is too young to show one.
PACE = {
    Goal.Metric.LOAD_FOR_REPS: None,  # one load step of the exercise's equipment
    Goal.Metric.E1RM: None,
    Goal.Metric.REPS: Decimal(1),
    Goal.Metric.HOLD: Decimal(5),
    Goal.Metric.STAGE: Decimal(1),
    Goal.Metric.EXERCISE: Decimal("0.5"),
}
DEFAULT_LOAD_STEP_KG = Decimal("2.5")
AMBITIOUS = 2  # a goal needing up to twice the shown rate is ambitious, beyond it out of reach


class Status:
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    MISSED = "missed"

    LABELS = {
        ACHIEVED: "Achieved",
        ON_TRACK: "On track",
        AT_RISK: "At risk",
        MISSED: "Missed",
    }
    BADGES = {
        ACHIEVED: "text-bg-success",
        ON_TRACK: "text-bg-primary",
        AT_RISK: "text-bg-warning",
        MISSED: "text-bg-secondary",
    }
    ALERTS = {ACHIEVED: "success", ON_TRACK: "success", AT_RISK: "warning", MISSED: "secondary"}


class Verdict:
    REALISTIC = "realistic"
    AMBITIOUS = "ambitious"
    OUT_OF_REACH = "out_of_reach"

    # How the check's sentence ends, by verdict.
    ADVICE = {
        REALISTIC: "",
        AMBITIOUS: " That is faster than your log has gained so far, but within twice its pace.",
        OUT_OF_REACH: " That is more than twice the gain your log shows: a later deadline or a "
        "nearer target would put it on track.",
    }


@dataclass(frozen=True)
class Rate:
    per_week: Decimal
    shown: bool  # from the user's log (else the rules' usual pace)
    window_days: int = 0


@dataclass(frozen=True)
class Progress:
    goal: Goal
    reading: Reading
    status: str
    fraction: float  # 0..1 of the way from the baseline to the target
    explanation: str

    @property
    def status_label(self) -> str:
        return Status.LABELS[self.status]

    @property
    def badge(self) -> str:
        return Status.BADGES[self.status]

    @property
    def percent(self) -> int:
        return round(self.fraction * 100)

    @property
    def current(self) -> Decimal:
        return self.reading.current


@dataclass(frozen=True)
class Assessment:
    """The check of a goal being set: how realistic it is, in the words its page will use.

    `status` is what the goal's badge says the moment it is saved, so the check, the
    saved message and the goal pages share one vocabulary; `verdict` grades how far
    the gain it needs is from the gain shown, and only shapes the sentence.
    """

    verdict: str
    status: str
    needed: Decimal  # per week
    rate: Rate
    text: str

    @property
    def label(self) -> str:
        return Status.LABELS[self.status]

    @property
    def alert(self) -> str:
        return Status.ALERTS[self.status]


def pace(goal: Goal, load_step_kg: Decimal | None = None) -> Decimal:
    """The rules' usual weekly gain for the goal's metric, at the user's sessions a week.

    A loaded lift adds a load step only once every set reaches the top of its range,
    one rep a session from the bottom: a step every (range + 1) sessions (3 × 6–8 at
    two sessions a week: a step in a week and a half). The other metrics climb at the
    rules' pace or slower, whatever the sessions (a stage or 5 s of hold a session, one
    rep a week on the Nordic programme).
    """
    if goal.metric in (Goal.Metric.LOAD_FOR_REPS, Goal.Metric.E1RM):
        step = load_step_kg or DEFAULT_LOAD_STEP_KG
        exercise = goal.exercise
        low, high = (exercise.reps_min, exercise.reps_max) if exercise else (None, None)
        sessions = Decimal(getattr(goal.user, "weekly_target", 2) or 2)
        span = (high - low + 1) if low is not None and high is not None else 1
        return step * sessions / span
    return PACE[goal.metric]


def rate(goal: Goal, reading: Reading, *, load_step_kg: Decimal | None = None) -> Rate:
    """The weekly gain the log shows (the longest window it covers), else the usual pace.

    A log that covers a window but gained nothing over it shows a rate of 0: a
    stall is a trend, not a log too young to have one.
    """
    for days, earlier in zip(WINDOWS, reading.earlier, strict=False):
        if earlier is not None:
            gain = max(reading.current - earlier, Decimal(0))
            return Rate(per_week=gain * 7 / days, shown=True, window_days=days)
    return Rate(per_week=pace(goal, load_step_kg), shown=False)


def _weeks_between(first: datetime.date, last: datetime.date) -> Decimal:
    return Decimal((last - first).days) / 7


def _last_day(goal: Goal) -> datetime.date:
    """The last day that counts: the deadline; for sessions a week, the end of its week.

    `_weeks_left` counts the deadline's week as a whole week, so its sessions
    after the deadline day count too.
    """
    if goal.metric == Goal.Metric.SESSIONS:
        return week_start(goal.deadline) + datetime.timedelta(days=6)
    return goal.deadline


def status(goal: Goal, reading: Reading, *, today: datetime.date, load_step_kg=None) -> str:
    last_day = _last_day(goal)
    if reading.achieved_on is not None and reading.achieved_on <= last_day:
        return Status.ACHIEVED
    if today > last_day:
        return Status.MISSED
    if goal.metric == Goal.Metric.SESSIONS:
        return (
            Status.ON_TRACK
            if _weeks_left(goal, today) >= goal.weeks - reading.current
            else (Status.AT_RISK)
        )
    projected = reading.current + rate(
        goal, reading, load_step_kg=load_step_kg
    ).per_week * _weeks_between(today, goal.deadline)
    return Status.ON_TRACK if projected >= goal.target else Status.AT_RISK


def _weeks_left(goal: Goal, today: datetime.date) -> int:
    """Weeks that can still count: this one, and each that starts by the deadline."""
    return (week_start(goal.deadline) - week_start(today)).days // 7 + 1


def fraction(goal: Goal, reading: Reading) -> float:
    if goal.metric == Goal.Metric.SESSIONS:
        return min(1.0, float(reading.current) / goal.weeks)
    span = goal.target - goal.baseline
    if span <= 0:
        return 1.0
    return max(0.0, min(1.0, float((reading.current - goal.baseline) / span)))


def progress(
    goals: Sequence[Goal], *, user, today: datetime.date, load_steps: dict | None = None
) -> list[Progress]:
    """Each goal with its reading, status and a sentence saying why.

    `load_steps` (kg by exercise id) is read from the goals' equipment when not given.
    """
    if load_steps is None:
        exercise_ids = {goal.exercise_id for goal in goals if goal.exercise_id}
        load_steps = specs.load_steps(exercise_ids) if exercise_ids else {}
    result = []
    for goal, reading in zip(goals, read_goals(goals, user=user, today=today), strict=True):
        step = load_steps.get(goal.exercise_id)
        state = status(goal, reading, today=today, load_step_kg=step)
        result.append(
            Progress(
                goal=goal,
                reading=reading,
                status=state,
                fraction=1.0 if state == Status.ACHIEVED else fraction(goal, reading),
                explanation=explain(goal, reading, state, today=today, load_step_kg=step),
            )
        )
    return result


def _best_run(goal: Goal, reading: Reading) -> int:
    """The longest run of weeks with enough sessions, up to the deadline's week."""
    best = run = 0
    for monday, sessions in reading.weeks:
        if monday > goal.deadline:
            break
        run = run + 1 if sessions >= goal.target else 0
        best = max(best, run)
    return best


def explain(goal: Goal, reading: Reading, state: str, *, today, load_step_kg=None) -> str:
    unit = goal.user.unit
    if goal.metric == Goal.Metric.SESSIONS:
        left = _weeks_left(goal, today)
        if state == Status.ACHIEVED:
            return (
                f"You kept it up for {goal.weeks} weeks, done on {day_text(reading.achieved_on)}."
            )
        if state == Status.MISSED:
            best = amount(goal, Decimal(_best_run(goal, reading)), unit)
            return f"The deadline passed with a best run of {best}."
        need = max(0, goal.weeks - int(reading.current))
        text = (
            f"{amount(goal, reading.current, unit)} in a row so far; {need} more needed "
            f"and {left} week{'' if left == 1 else 's'} left, counting this one."
        )
        return text
    if state == Status.ACHIEVED:
        return f"You reached it on {day_text(reading.achieved_on)}."
    if state == Status.MISSED:
        late = (
            f" You got there on {day_text(reading.achieved_on)}, after the deadline."
            if reading.achieved_on
            else ""
        )
        return f"The deadline passed at {amount(goal, reading.current, unit)}.{late}"
    r = rate(goal, reading, load_step_kg=load_step_kg)
    weeks = _weeks_between(today, goal.deadline)
    projected = reading.current + r.per_week * weeks
    verb = "reaches" if state == Status.ON_TRACK else "falls short of"
    return (
        f"Now {amount(goal, reading.current, unit)}; {rate_words(goal, r, unit)}. "
        f"Kept up to the deadline that makes about {amount(goal, projected, unit)}, "
        f"which {verb} the target."
    )


def assess(
    goal: Goal,
    reading: Reading,
    *,
    today: datetime.date,
    recent_weekly: Decimal | None = None,
    load_step_kg: Decimal | None = None,
) -> Assessment:
    """Whether a goal being set looks realistic: the weekly rate it needs against the shown one."""
    unit = goal.user.unit
    weeks = max(_weeks_between(today, goal.deadline), Decimal(1) / 7)
    state = status(goal, reading, today=today, load_step_kg=load_step_kg)
    if goal.metric == Goal.Metric.SESSIONS:
        left = _weeks_left(goal, today)
        needed = goal.target
        shown = Rate(
            per_week=recent_weekly or Decimal(0), shown=recent_weekly is not None, window_days=56
        )
        if left < goal.weeks:
            verdict = Verdict.OUT_OF_REACH
            text = (
                f"{goal.weeks} weeks in a row do not fit before the deadline: "
                f"only {left} week{'' if left == 1 else 's'} count. "
                "Move the deadline or ask for fewer weeks."
            )
        elif shown.shown and recent_weekly >= goal.target:
            verdict = Verdict.REALISTIC
            text = (
                f"You have averaged {decimal_text(recent_weekly)} sessions a week over the last "
                "8 weeks: keep it up."
            )
        else:
            verdict = Verdict.AMBITIOUS
            had = (
                f"You have averaged {decimal_text(recent_weekly)} sessions a week "
                "over the last 8 weeks"
                if shown.shown
                else "You have no finished sessions in the last 8 weeks"
            )
            needs = decimal_text(goal.target)
            text = f"{had}; this needs {needs} every week, {goal.weeks} weeks running."
        return Assessment(verdict=verdict, status=state, needed=needed, rate=shown, text=text)

    needed = (goal.target - reading.current) / weeks
    r = rate(goal, reading, load_step_kg=load_step_kg)
    if goal.metric in (Goal.Metric.LOAD_FOR_REPS, Goal.Metric.E1RM) and not reading.current:
        which = f" of {goal.reps} reps or more" if goal.metric == Goal.Metric.LOAD_FOR_REPS else ""
        text = (
            f"There is no loaded set of {goal.exercise.name}{which} in your log yet, so "
            "nothing to measure the gain from: log it in a session or two, and the goal page "
            "will tell you whether you are on track."
        )
        return Assessment(verdict=Verdict.AMBITIOUS, status=state, needed=needed, rate=r, text=text)
    if needed <= r.per_week:
        verdict = Verdict.REALISTIC
    elif needed <= r.per_week * AMBITIOUS:
        verdict = Verdict.AMBITIOUS
    else:
        verdict = Verdict.OUT_OF_REACH
    text = (
        f"From {amount(goal, reading.current, unit)} to {amount(goal, goal.target, unit)} by "
        f"{day_text(goal.deadline)} needs {per_week(goal, needed, unit)}; "
        f"{rate_words(goal, r, unit)}.{Verdict.ADVICE[verdict]}"
    )
    return Assessment(verdict=verdict, status=state, needed=needed, rate=r, text=text)
