"""Create users with years of training history, for load tests and query budgets at scale.

    python manage.py generate_history --users 20 --years 5 --prefix load --password PW
    python manage.py generate_history --users 3 --years 0 --prefix new --password PW

Users are named `<prefix>-1` … `<prefix>-N` (address `<prefix>-<i>@example.com`).
Each gets a routine of four to six exercises from the shipped catalog (a loaded
lift, a set ladder, a band exercise and a hold, and up to two more), two or
three sessions a week for `--years` years (0: a new user with only the routine
and today's planned session), the progression the engine judged, personal
records and a few goals: see `progress.generator`. Everything is bulk-written.

Users that already exist are left alone, so running it again only adds the ones
missing. A seeded random varies the users (their exercises and training days);
the same seed, catalog and `--today` give the same data.

It refuses to run with DEBUG off unless told `--force`: every account it makes
has the password given on the command line.
"""

import datetime
import random
import time
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from exercises.models import BandColour, Exercise
from progress.generator import PATTERNS, history_generate
from progress.models import Goal, PersonalRecord, ProgressionEvent, ProgressionState
from training.analyze import analyze
from training.models import LoggedSet, Session

ROWS = ("sessions", "sets", "events", "states", "records", "goals")
MAX_YEARS = 30
# Measures every routine has one of: each draws a different page (loads, sets, bands, holds).
MEASURES = (
    Exercise.Measure.REPS_LOAD,
    Exercise.Measure.REPS,
    Exercise.Measure.BAND_REPS,
    Exercise.Measure.HOLD,
)
MAX_EXTRAS = 2
# Rules whose sets stay as the routine sets them; the others climb from one set.
FIXED_SETS = (Exercise.Rule.DOUBLE_PROGRESSION, Exercise.Rule.REP_BUILD)


@dataclass(frozen=True)
class Plan:
    """What one generated user trains, and on which days."""

    exercises: list[Exercise]
    sets: dict[int, int]
    patterns: tuple[tuple[int, ...], ...]
    weekly_target: int


class Command(BaseCommand):
    help = (
        "Create users <prefix>-1 … <prefix>-N with years of training history "
        "(skipping those that exist), and print the time and rows each took."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, required=True, help="How many users (N).")
        parser.add_argument(
            "--years",
            type=float,
            default=5.0,
            help="Years of history each, up to yesterday; fractions allowed, 0 for a new "
            "user (default 5).",
        )
        parser.add_argument(
            "--prefix", default="load", help="Usernames are <prefix>-1 … <prefix>-N (default load)."
        )
        parser.add_argument("--password", required=True, help="The password of every user.")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="Build the history as if today were this day (YYYY-MM-DD).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Seed of the random choices (default 1)."
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never in production)."
        )

    def handle(self, *args, users, years, prefix, password, today, seed, force, **options):
        started = time.perf_counter()
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like production: these accounts would have a "
                "known password. Pass --force if you really want them here."
            )
        if users < 1:
            raise CommandError("--users must be at least 1.")
        if not 0 <= years <= MAX_YEARS:
            raise CommandError(f"--years must be between 0 and {MAX_YEARS}.")
        today = today or timezone.localdate()
        pools = catalog_pools()
        names = [f"{prefix}-{i}" for i in range(1, users + 1)]
        existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        # One hash for every account: hashing is deliberately slow, and these share a password.
        hashed = make_password(password) if len(existing) < users else ""
        total, created = Counter(), 0
        for i, username in enumerate(names, start=1):
            if username in existing:
                self.say(options, f"{username}: already there, skipped")
                continue
            plan = plan_for(random.Random(f"{seed}:{i}"), pools)
            began = time.perf_counter()
            with transaction.atomic():
                user = user_create(username=username, hashed=hashed, plan=plan, years=years)
                rows = history_generate(
                    user=user,
                    years=years,
                    today=today,
                    exercises=plan.exercises,
                    seed=f"{seed}:{i}:history",
                    sets=plan.sets,
                    patterns=plan.patterns,
                    routine_name=routine_name(plan),
                    goals=True,
                )
            total += rows
            created += 1
            self.say(
                options,
                f"{username}: created in {time.perf_counter() - began:.2f} s: {counts(rows)}",
            )
        if created:
            # Bulk-written: plan the next queries on the rows now there.
            analyze([Session, LoggedSet, PersonalRecord, ProgressionEvent, ProgressionState, Goal])
        self.stdout.write(
            f"{created} user{'' if created == 1 else 's'} created, "
            f"{len(existing)} already there, in {time.perf_counter() - started:.2f} s: "
            f"{counts(total)}"
        )

    def say(self, options, line: str) -> None:
        if options["verbosity"] >= 1:
            self.stdout.write(line)


def counts(rows: Counter) -> str:
    """'648 sessions, 6,424 sets, …' ('1 session' where there is one)."""
    return ", ".join(f"{rows[name]:,} {name[:-1] if rows[name] == 1 else name}" for name in ROWS)


def catalog_pools() -> dict[str, list[Exercise]]:
    """The active catalog by measure, by slug; an error if the catalog is not loaded."""
    pools: dict[str, list[Exercise]] = {measure: [] for measure in Exercise.Measure.values}
    for exercise in Exercise.objects.catalog().active().order_by("slug"):
        pools[exercise.measure].append(exercise)
    missing = [Exercise.Measure(m).label.lower() for m in MEASURES if not pools[m]]
    if not BandColour.objects.exists():
        missing.append("band colours")
    if missing:
        what = "no exercises" if len(missing) > len(MEASURES) else f"no {', '.join(missing)}"
        raise CommandError(
            f"The catalog is not loaded ({what}): run `python manage.py loaddata "
            "fixtures/exercises.json` (or `make catalog`) first."
        )
    return pools


def plan_for(rng: random.Random, pools: dict[str, list[Exercise]]) -> Plan:
    """Four to six exercises, one of each measure first; training days of two or three a week."""
    chosen = [rng.choice(pools[measure]) for measure in MEASURES]
    others = [e for pool in pools.values() for e in pool if e not in chosen]
    chosen += rng.sample(sorted(others, key=lambda e: e.slug), rng.randint(0, MAX_EXTRAS))
    # Holds (stretches, mostly) close the session.
    exercises = sorted(chosen, key=lambda e: e.measure == Exercise.Measure.HOLD)
    sets = {e.pk: min(e.sets, rng.choice((2, 3))) for e in exercises if e.rule in FIXED_SETS}
    # Three of the five patterns: at least one of three days, so two to three a week.
    patterns = tuple(rng.sample(PATTERNS, 3))
    three_days = sum(len(p) == 3 for p in patterns)
    return Plan(exercises, sets, patterns, weekly_target=3 if three_days >= 2 else 2)


def routine_name(plan: Plan) -> str:
    times = "three times" if plan.weekly_target == 3 else "twice"
    return f"Hamstrings {times} a week"


def user_create(*, username: str, hashed: str, plan: Plan, years: float) -> User:
    if years >= 3:
        experience = User.Experience.ADVANCED
    elif years >= 1:
        experience = User.Experience.INTERMEDIATE
    else:
        experience = User.Experience.BEGINNER
    user = User(
        username=username,
        email=f"{username}@example.com",
        display_name=username.replace("-", " ").title(),
        password=hashed,
        weekly_target=plan.weekly_target,
        experience=experience,
    )
    try:
        user.full_clean()
    except ValidationError as error:
        raise CommandError(f"Cannot create {username}: {'; '.join(error.messages)}") from error
    user.save()
    return user
