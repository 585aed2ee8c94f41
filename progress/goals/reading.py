"""Reading goals from the log: one aggregate query per source, whatever the log's size."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, Max, Min, OuterRef, Q, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from exercises.models import ChainStep, Exercise
from progress.models import Goal, PersonalRecord, ProgressionEvent
from training.models import LoggedSet
from training.scheduling import week_start
from training.selectors import done_by_week

WINDOWS = (56, 28)  # days: the trend is read over the first window the log covers
RECORD_KINDS = {
    Goal.Metric.LOAD_FOR_REPS: PersonalRecord.Kind.LOAD,
    Goal.Metric.E1RM: PersonalRecord.Kind.E1RM,
    Goal.Metric.REPS: PersonalRecord.Kind.REPS,
    Goal.Metric.HOLD: PersonalRecord.Kind.HOLD,
}


@dataclass(frozen=True)
class Reading:
    """A goal's metric as the log has it today."""

    current: Decimal
    # The best as of each window's start, for the trend (None: the log does not go back so far).
    earlier: tuple[Decimal | None, ...] = ()
    achieved_on: datetime.date | None = None
    weeks: tuple[tuple[datetime.date, int], ...] = ()  # sessions goals: (Monday, sessions)


def _cutoffs(today: datetime.date) -> list[datetime.date]:
    return [today - datetime.timedelta(days=days) for days in WINDOWS]


def _records_readings(user, goals, cutoffs) -> dict[int, Reading]:
    """The record goals' readings from one query, grouped by exercise, kind and reps.

    A row per (exercise, kind, reps) the goals name, each with its best now and as of
    each window's start, and per goal the first day it reached the goal's target: the
    rows are as many as the rep counts of a few exercises (not the records), and each
    goal takes the best of the rows it covers (its reps and more, for a load for N
    reps). Three columns for every goal, one of its own, where a column per goal per
    figure made the query the costliest part of the dashboard to build.
    """
    if not goals:
        return {}
    pairs = {(goal.exercise_id, RECORD_KINDS[goal.metric]) for _, goal in goals}
    where = Q()
    for exercise_id, kind in sorted(pairs):
        where |= Q(exercise_id=exercise_id, kind=kind)
    columns = {"now": Max("value")}
    for n, cutoff in enumerate(cutoffs):
        columns[f"w{n}"] = Max("value", filter=Q(date__lte=cutoff))
    for i, goal in goals:
        columns[f"g{i}_done"] = Min("date", filter=Q(value__gte=goal.target))
    rows = list(
        PersonalRecord.objects.filter(user=user)
        .filter(where)
        .values("exercise_id", "kind", "reps")
        .annotate(**columns)
        .order_by()
    )
    readings = {}
    for i, goal in goals:
        kind = RECORD_KINDS[goal.metric]
        mine = [
            row
            for row in rows
            if row["exercise_id"] == goal.exercise_id
            and row["kind"] == kind
            and (
                goal.metric != Goal.Metric.LOAD_FOR_REPS
                or (row["reps"] is not None and row["reps"] >= goal.reps)
            )
        ]
        readings[i] = Reading(
            current=Decimal(_best(row["now"] for row in mine) or 0),
            earlier=tuple(
                None if (best := _best(row[f"w{n}"] for row in mine)) is None else Decimal(best)
                for n in range(len(cutoffs))
            ),
            achieved_on=_first(row[f"g{i}_done"] for row in mine),
        )
    return readings


def _best(values):
    return max((value for value in values if value is not None), default=None)


def _first(days):
    return min((day for day in days if day is not None), default=None)


def _stage_columns(i: int, goal: Goal, cutoffs) -> dict:
    sets = Cast(KT("before__sets"), IntegerField())
    where = Q(exercise_id=goal.exercise_id, met=True, before__reps__gte=goal.reps)
    columns = {f"g{i}_now": Max(sets, filter=where)}
    for n, cutoff in enumerate(cutoffs):
        columns[f"g{i}_w{n}"] = Max(sets, filter=where & Q(date__lte=cutoff))
    columns[f"g{i}_done"] = Min(
        "date", filter=where & Q(before__sets__gte=int(goal.target.to_integral_value()))
    )
    return columns


def _chain_readings(user, goals, cutoffs) -> dict[int, Reading]:
    """Where the user stands on each goal's chain, from the progression history (one
    query): the step the engine moved them on to (a move on accepted), or, before any,
    the step they started the chain at (the first one a finished session judged).
    Logging a later step without earning it reaches nothing."""
    if not goals:
        return {}
    position = "exercise__chain_steps__position"
    events = ProgressionEvent.objects.filter(user=user).annotate(to=KT("after__exercise"))
    columns = {}
    for i, goal in goals:
        events = events.annotate(
            **{
                f"to{i}": Subquery(
                    ChainStep.objects.filter(
                        chain_id=goal.chain_id, exercise__slug=OuterRef("to")
                    ).values("position")[:1]
                )
            }
        )
        trained = Q(exercise__chain_steps__chain_id=goal.chain_id, session__isnull=False)
        moved = Q(kind=ProgressionEvent.Kind.MOVED_ON, **{f"to{i}__isnull": False})
        columns[f"g{i}_start"] = Min(position, filter=trained)
        columns[f"g{i}_first"] = Min("date", filter=trained)
        columns[f"g{i}_moved"] = Max(f"to{i}", filter=moved)
        columns[f"g{i}_done"] = Min("date", filter=moved & Q(**{f"to{i}__gte": goal.target}))
        for n, cutoff in enumerate(cutoffs):
            columns[f"g{i}_start{n}"] = Min(position, filter=trained & Q(date__lte=cutoff))
            columns[f"g{i}_moved{n}"] = Max(f"to{i}", filter=moved & Q(date__lte=cutoff))
    row = events.aggregate(**columns)

    def furthest(*values):
        found = [v for v in values if v is not None]
        return Decimal(max(found)) if found else None

    readings = {}
    for i, goal in goals:
        start, first = row[f"g{i}_start"], row[f"g{i}_first"]
        done = row[f"g{i}_done"]
        if start is not None and start >= goal.target:
            done = min(d for d in (done, first) if d is not None)  # started there
        readings[i] = Reading(
            current=furthest(start, row[f"g{i}_moved"]) or Decimal(0),
            earlier=tuple(
                furthest(row[f"g{i}_start{n}"], row[f"g{i}_moved{n}"]) for n in range(len(cutoffs))
            ),
            achieved_on=done,
        )
    return readings


def _aggregate(queryset, columns_for, goals, cutoffs) -> dict[int, Reading]:
    if not goals:
        return {}
    columns = {}
    for i, goal in goals:
        columns.update(columns_for(i, goal, cutoffs))
    row = queryset.aggregate(**columns)
    readings = {}
    for i, _goal in goals:
        now = row[f"g{i}_now"]
        readings[i] = Reading(
            current=Decimal(now or 0),
            earlier=tuple(
                None if row[f"g{i}_w{n}"] is None else Decimal(row[f"g{i}_w{n}"])
                for n in range(len(cutoffs))
            ),
            achieved_on=row[f"g{i}_done"],
        )
    return readings


def _sessions_readings(user, goals, today) -> dict[int, Reading]:
    if not goals:
        return {}
    first = min(week_start(goal.created_on) for _, goal in goals)
    # The whole of this week: the week in hand counts what it holds so far.
    counts = done_by_week(user, first, week_start(today) + datetime.timedelta(days=6))
    readings = {}
    for i, goal in goals:
        weeks, streak, achieved_on = [], 0, None
        monday = week_start(goal.created_on)
        while monday <= today:
            week = counts.get(monday)
            done = week.done if week is not None else 0
            weeks.append((monday, done))
            current_week = monday == week_start(today)
            if done >= goal.target:
                streak += 1
                if streak >= goal.weeks and achieved_on is None:
                    achieved_on = week.last
            elif not current_week:
                streak = 0  # the week in hand can still make it
            monday += datetime.timedelta(days=7)
        readings[i] = Reading(current=Decimal(streak), achieved_on=achieved_on, weeks=tuple(weeks))
    return readings


def read_goals(goals: Sequence[Goal], *, user, today: datetime.date) -> list[Reading]:
    """Each goal's reading, in order: at most four queries however many goals or sets.

    Goals need not be saved (a goal being set reads its baseline this way).
    """
    cutoffs = _cutoffs(today)
    by_metric: dict[str, list[tuple[int, Goal]]] = {}
    for i, goal in enumerate(goals):
        source = (
            "records" if goal.metric in RECORD_KINDS else goal.metric
        )  # stage, exercise, sessions
        by_metric.setdefault(source, []).append((i, goal))
    readings: dict[int, Reading] = {}
    readings |= _records_readings(user, by_metric.get("records", []), cutoffs)
    readings |= _aggregate(
        ProgressionEvent.objects.filter(user=user),
        _stage_columns,
        by_metric.get(Goal.Metric.STAGE, []),
        cutoffs,
    )
    readings |= _chain_readings(user, by_metric.get(Goal.Metric.EXERCISE, []), cutoffs)
    readings |= _sessions_readings(user, by_metric.get(Goal.Metric.SESSIONS, []), today)
    return [readings[i] for i in range(len(goals))]


def chain_for(exercise: Exercise):
    """The longest progression in which `exercise` is a later step (what 'reach it' climbs)."""
    steps = list(
        ChainStep.objects.filter(exercise=exercise, position__gt=1)
        .select_related("chain")
        .order_by("chain__slug")
    )
    if not steps:
        return None, None
    lengths = {
        row["chain"]: row["n"]
        for row in ChainStep.objects.filter(chain__in=[s.chain_id for s in steps])
        .values("chain")
        .annotate(n=Count("pk"))
        .order_by()
    }
    best = max(steps, key=lambda s: (lengths[s.chain_id], -s.chain_id))
    return best.chain, best.position


def series(goal: Goal, reading: Reading) -> list[tuple[datetime.date, Decimal]]:
    """The metric's best so far, on each day it rose (one query; sessions goals need none).

    It starts where the trend is read from, eight weeks before the goal was set.
    """
    since = goal.created_on - datetime.timedelta(days=WINDOWS[0])
    if goal.metric == Goal.Metric.SESSIONS:
        return [(monday, Decimal(n)) for monday, n in reading.weeks]
    if goal.metric in RECORD_KINDS:
        where = Q(user=goal.user_id, exercise_id=goal.exercise_id, kind=RECORD_KINDS[goal.metric])
        if goal.metric == Goal.Metric.LOAD_FOR_REPS:
            where &= Q(reps__gte=goal.reps)
        rows = (
            PersonalRecord.objects.filter(where)
            .values("date")
            .annotate(value=Max("value"))
            .order_by("date")
        )
        points = [(row["date"], row["value"]) for row in rows]
    elif goal.metric == Goal.Metric.STAGE:
        rows = (
            ProgressionEvent.objects.filter(
                user=goal.user_id,
                exercise_id=goal.exercise_id,
                met=True,
                before__reps__gte=goal.reps,
            )
            .values("date")
            .annotate(value=Max(Cast(KT("before__sets"), IntegerField())))
            .order_by("date")
        )
        points = [(row["date"], Decimal(row["value"])) for row in rows]
    else:
        rows = (
            LoggedSet.objects.filter(
                session__user=goal.user_id, exercise__chain_steps__chain_id=goal.chain_id
            )
            .working()
            .values("exercise__chain_steps__position")
            .annotate(date=Min("session__date"))
            .order_by("date")
        )
        points = [(row["date"], Decimal(row["exercise__chain_steps__position"])) for row in rows]
    best, rising = None, []
    for day, value in points:
        if best is None or value > best:
            best = value
            rising.append((day, value))
    earlier = [p for p in rising if p[0] < since]
    return earlier[-1:] + [p for p in rising if p[0] >= since]
