"""The demo account: about twelve weeks of training for a newcomer to look around.

`build_demo(today)` creates it (`manage.py demo` runs it, and finds, dates
and deletes an old one with `find_demo`, `is_stale` and `demo_delete`).

The history is made the way a person would have made it, through the app's
own write paths and in date order: a plan from the schedule service, then each
past session started, logged set by set (personal records are noted as each
set is), and finished (the progression engine judges it); offers to move on
are accepted. Each session logs the target the session page would have shown
that day (`todays_targets`), falling short now and then. A seeded random
decides the shortfalls and the skipped sessions, so the demo is the same
every time it is built.
"""

import datetime
import random
import uuid
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.core.management.base import CommandError
from django.db.models import Max, Q

from accounts.models import User
from exercises.models import BandColour, ChainStep, Exercise
from logbook import demo_rehab
from logbook import services as logbook
from progress.models import Goal, PersonalRecord, ProgressionState
from progress.selectors import todays_targets
from progress.services import progression_keep, progression_move_on
from training.models import LoggedSet, Routine, RoutineEntry, Schedule, Session
from training.scheduling import week_start
from training.services import schedule_create, session_skip

USERNAME = "demo"
EMAIL = "demo@hamstrong.example"
PASSWORD = "hamstrong-demo"

HISTORY_WEEKS = 12
WEEKS_AHEAD = 4
STALE_AFTER_DAYS = 7
MISSED_WEEK = 5  # a week with a cold: its sessions stay planned, so they show as missed
SEED = 6


@dataclass(frozen=True)
class Entry:
    exercise: str
    sets: int
    reps_min: int | None = None
    reps_max: int | None = None
    hold_s: int | None = None


@dataclass(frozen=True)
class Plan:
    """One of the demo's routines, built on a shipped template, and its training days."""

    template: str
    name: str
    description: str
    weekdays: tuple[int, ...]
    entries: tuple[Entry, ...]


PLANS = (
    Plan(
        template="gym-leg-day-1",
        name="Gym: Romanian deadlifts",
        description="Leg day 1 with Romanian deadlifts in place of deadlifts from the floor, "
        "and the physio's ball curls in place of glute bridges (those are done at home).",
        weekdays=(0, 3),  # Monday and Thursday
        entries=(
            Entry("romanian-deadlift", 3, 6, 8),
            Entry("machine-leg-curl", 3, 8, 12),
            Entry("ball-hamstring-curl-hips-down", 1, 10, 10),
        ),
    ),
    Plan(
        template="physio-home-ladder-3",
        name="Home: the physio ladder",
        description="Bridges and band curls from the physio's ladder, and a stretch to finish.",
        weekdays=(5,),  # Saturday
        entries=(
            Entry("glute-bridge", 1, 10, 10),
            Entry("seated-theraband-hamstring-curl", 1, 10, 10),
            Entry("lying-towel-hamstring-stretch", 1, hold_s=30),
        ),
    ),
)
# The first load of a lift, before the engine has one to prescribe.
START_LOAD_KG = {"romanian-deadlift": Decimal("50"), "machine-leg-curl": Decimal("25")}
WARM_UP_LIFTS = {"romanian-deadlift"}
EMPTY_BAR_KG = Decimal("20")
BAR_STEP_KG = Decimal("2.5")
# How often a session falls short: more on a stage met for the first time, more on Nordics.
SHORT = 0.15
SHORT_NEW_STAGE = 0.35
HARDER = {"nordic-hamstring-curl": 0.15, "single-leg-stability-ball-hamstring-curl": 0.1}
NOTES = (
    "Left hamstring a little tight at the start, fine after the warm-up.",
    "Short on sleep; kept the rest timer honest.",
    "Felt strong today.",
    "Did it before work: quick and done.",
    "Slow lowering on every rep, as the physio said.",
)
RDL_GOAL_GAIN_KG = Decimal("7.5")


def find_demo() -> User | None:
    """The demo user; an error if its name or address belongs to someone else."""
    taken = list(User.objects.filter(Q(username=USERNAME) | Q(email__iexact=EMAIL)))
    demo = [u for u in taken if u.username == USERNAME and u.email.lower() == EMAIL]
    if len(taken) > len(demo):
        raise CommandError(
            f"A user other than the demo already has the username {USERNAME!r} or the "
            f"address {EMAIL}; the demo leaves that account alone."
        )
    return demo[0] if demo else None


def demo_delete(user: User) -> None:
    # A schedule protects its routine, and PROTECT holds even when the routine goes
    # with the same user: the schedules go first.
    Schedule.objects.filter(user=user).delete()
    user.delete()


def is_stale(user: User, today: datetime.date) -> bool:
    """A demo whose last session is more than a week old no longer shows a current picture."""
    last = Session.objects.filter(user=user, status=Session.Status.DONE).aggregate(
        last=Max("date")
    )["last"]
    return last is None or (today - last).days > STALE_AFTER_DAYS


def build_demo(today: datetime.date) -> User:
    catalog = {e.slug: e for e in Exercise.objects.catalog()}
    templates = {r.template_key: r for r in Routine.objects.templates()}
    wanted = {entry.exercise for plan in PLANS for entry in plan.entries}
    missing = sorted(wanted - catalog.keys()) + sorted(
        {plan.template for plan in PLANS} - templates.keys()
    )
    if missing:
        raise CommandError(
            f"The catalog is not loaded (missing {', '.join(missing)}): "
            "run `python manage.py loaddata fixtures/*.json` (or `make setup`) first."
        )
    user = User(
        username=USERNAME,
        email=EMAIL,
        display_name="Sam (demo)",
        unit=User.Unit.KG,
        weekly_target=2,
        experience=User.Experience.BEGINNER,
    )
    user.set_password(PASSWORD)
    user.full_clean()
    user.save()
    History(user, today, catalog, templates).build()
    demo_rehab.add_rehab(user, today, templates)
    return user


class History:
    """Twelve weeks of a person training, replayed day by day through the app's services."""

    def __init__(self, user, today, catalog, templates):
        self.user = user
        self.today = today
        self.catalog = catalog
        self.templates = templates
        self.rng = random.Random(SEED)
        self.bands = list(BandColour.objects.order_by("position"))
        self.start = week_start(today) - datetime.timedelta(weeks=HISTORY_WEEKS)
        self.stages: dict[int, object] = {}  # the stage each exercise was last given
        self.goals = [
            (today - datetime.timedelta(days=42), self.nordic_goal),
            (today - datetime.timedelta(days=35), self.rdl_goal),
            (today - datetime.timedelta(days=28), self.sessions_goal),
        ]

    def build(self) -> None:
        for plan in PLANS:
            schedule_create(
                user=self.user,
                routine=self.routine(plan),
                weekdays=plan.weekdays,
                start_date=self.start,
                weeks=HISTORY_WEEKS + 1 + WEEKS_AHEAD,
                today=self.today,
            )
        # What each week holds: most have all three sessions, some skip a gym day.
        skips = [self.rng.choice((None, None, None, None, None, 3, 3, 0)) for _ in range(52)]
        skips[0] = skips[1] = None  # a keen start
        past = (
            Session.objects.filter(user=self.user, date__lt=self.today)
            .select_related("routine")
            .order_by("date", "pk")
        )
        for session in past:
            self.set_goals(until=session.date)
            week = (session.date - self.start).days // 7
            if week == MISSED_WEEK:
                continue
            if skips[week] == session.date.weekday():
                session_skip(session=session)
                continue
            self.train(session)
        self.set_goals(until=self.today)

    def routine(self, plan: Plan) -> Routine:
        template = self.templates[plan.template]
        routine = Routine(
            owner=self.user,
            name=plan.name,
            description=plan.description,
            source_id=template.source_id,
            copied_from=template,
        )
        routine.full_clean()
        routine.save()
        for position, entry in enumerate(plan.entries, start=1):
            exercise = self.catalog[entry.exercise]
            row = RoutineEntry(
                routine=routine,
                exercise=exercise,
                position=position,
                sets=entry.sets,
                reps_min=entry.reps_min,
                reps_max=entry.reps_max,
                hold_s=entry.hold_s,
                rest_s=exercise.rest_s,
            )
            row.full_clean()
            row.save()
        return routine

    # A session ---------------------------------------------------------------

    def train(self, session: Session) -> None:
        """Log the targets the session page shows, finish, and accept any move on."""
        entries = list(session.routine.entries.select_related("exercise").order_by("position"))
        exercises, targets = todays_targets(
            session, entries, [], bands=self.bands, unit=self.user.unit
        )
        logbook.session_start(
            session=session, warmup_done=self.rng.random() < 0.9, today=session.date
        )
        fell_short = False
        for exercise in exercises:
            sets, short = self.sets_for(exercise, targets[exercise.pk])
            fell_short |= short
            for values in sets:
                logbook.set_log(session=session, exercise=exercise, token=uuid.uuid4(), **values)
        effort = self.rng.choice((5, 6, 6, 7, 7, 8)) + (1 if fell_short else 0)
        notes = self.rng.choice(NOTES) if self.rng.random() < 0.2 else ""
        logbook.session_finish(
            session=session, effort=effort, notes=notes, cooldown_done=self.rng.random() < 0.8
        )
        offers = ProgressionState.objects.filter(user=self.user, offer__isnull=False)
        for state in offers.select_related("user", "exercise", "offer", "chain"):
            if ProgressionState.objects.filter(user=self.user, exercise=state.offer).exists():
                # Already training it in another slot: stay rather than do it twice.
                progression_keep(state=state, today=session.date)
            else:
                progression_move_on(state=state, today=session.date)

    def sets_for(self, exercise: Exercise, target) -> tuple[list[dict], bool]:
        """The sets logged against `target`, and whether one of them fell short of it."""
        # A new stage is harder the first time; one more rep than last time is not.
        # A lift's first load is the demo's own choice until the log gives it one.
        stage = (
            (target.sets, target.load_kg or START_LOAD_KG.get(exercise.slug))
            if exercise.rule in (Exercise.Rule.DOUBLE_PROGRESSION, Exercise.Rule.REP_BUILD)
            else target.text
        )
        chance = SHORT_NEW_STAGE if self.stages.get(exercise.pk) != stage else SHORT
        self.stages[exercise.pk] = stage
        short = self.rng.random() < chance + HARDER.get(exercise.slug, 0)
        sides = (
            [LoggedSet.Side.LEFT, LoggedSet.Side.RIGHT]
            if exercise.unilateral
            else [LoggedSet.Side.BOTH]
        )
        short_side = self.rng.choice(sides)
        load = target.load_kg
        if exercise.measure == Exercise.Measure.REPS_LOAD and load is None:
            load = START_LOAD_KG[exercise.slug]
        band = next((b for b in self.bands if b.pk == target.band_id), None)
        hold = target.hold_s if exercise.measure == Exercise.Measure.HOLD else None
        logged = []
        if exercise.slug in WARM_UP_LIFTS and load is not None:
            logged.append(self.warm_up(8, EMPTY_BAR_KG))
            if load > 40:
                half = (load / 2 / BAR_STEP_KG).to_integral_value(rounding=ROUND_FLOOR)
                logged.append(self.warm_up(5, half * BAR_STEP_KG))
        for number in range(1, target.sets + 1):
            for side in sides:
                values = {
                    "side": side,
                    "reps": target.reps,
                    "hold_s": hold,
                    "load_kg": load,
                    "band": band,
                    "rpe": None if hold else min(9, 6 + number),
                }
                if short and number == target.sets and side == short_side:
                    if values["reps"]:
                        values["reps"] = max(1, values["reps"] - self.rng.randint(1, 3))
                    else:
                        values["hold_s"] = max(1, hold - self.rng.choice((5, 10)))
                    values["rpe"] = None if hold else 10
                logged.append(values)
        return logged, short

    @staticmethod
    def warm_up(reps: int, load: Decimal) -> dict:
        return {"kind": LoggedSet.Kind.WARMUP, "reps": reps, "load_kg": load, "rpe": 4}

    # Goals, set part-way through, with the baseline the log showed that day ---

    def set_goals(self, *, until: datetime.date) -> None:
        while self.goals and self.goals[0][0] <= until:
            created_on, make = self.goals.pop(0)
            goal = make(created_on)
            goal.user, goal.created_on = self.user, created_on
            goal.full_clean()
            goal.save()

    def logged_before(self, day: datetime.date):
        return LoggedSet.objects.filter(session__user=self.user, session__date__lt=day).working()

    def nordic_goal(self, created_on: datetime.date) -> Goal:
        """Reach Nordic curls, the top of the chain the ball curls climb."""
        nordic = self.catalog["nordic-hamstring-curl"]
        curl = ProgressionState.objects.get(
            user=self.user, exercise=self.catalog["ball-hamstring-curl-hips-down"]
        )
        steps = ChainStep.objects.filter(chain_id=curl.chain_id)
        reached = steps.filter(
            exercise__in=self.logged_before(created_on).values("exercise")
        ).aggregate(furthest=Max("position"))["furthest"]
        return Goal(
            metric=Goal.Metric.EXERCISE,
            exercise=nordic,
            chain_id=curl.chain_id,
            target=steps.get(exercise=nordic).position,
            baseline=reached or 0,
            deadline=created_on + datetime.timedelta(weeks=10),
            why="My physio says Nordics are what keeps a strain from coming back. "
            "I want to be doing them before football starts again.",
        )

    def rdl_goal(self, created_on: datetime.date) -> Goal:
        """A heavier Romanian deadlift for 8 reps: 7.5 kg past the best so far."""
        rdl, reps = self.catalog["romanian-deadlift"], 8
        best = PersonalRecord.objects.filter(
            user=self.user,
            exercise=rdl,
            kind=PersonalRecord.Kind.LOAD,
            reps__gte=reps,
            date__lt=created_on,
        ).aggregate(best=Max("value"))["best"] or Decimal(0)
        return Goal(
            metric=Goal.Metric.LOAD_FOR_REPS,
            exercise=rdl,
            reps=reps,
            target=max(best, START_LOAD_KG[rdl.slug]) + RDL_GOAL_GAIN_KG,
            baseline=best,
            deadline=self.today + datetime.timedelta(weeks=6),
            why="Lifting the kids and the shopping without thinking about the back of my legs.",
        )

    def sessions_goal(self, created_on: datetime.date) -> Goal:
        """Twice a week for eight weeks; its baseline is the run of weeks so far: none yet."""
        return Goal(
            metric=Goal.Metric.SESSIONS,
            target=2,
            weeks=8,
            baseline=0,
            deadline=created_on + datetime.timedelta(weeks=8),
            why="I lost a whole week to a cold and felt it. Twice a week, every week.",
        )
