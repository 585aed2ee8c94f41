"""Time re-judging a long history after a backfilled session, on the user's own database.

A session of every exercise the user has a stage on (three sets each, as they last did
them) is logged for a past day and finished, in a transaction rolled back; finishing it
judges the user's history of those exercises from that day on (progression_judge). Three
days: three days before the last session (between two others), the middle of the
history, and the day before the first session (everything judged again).

    manage.py generate_history --users 1 --years 5 --prefix bench5y --password ...
    DATABASE_URL=postgres://... python bench/rejudge_timing.py --username bench5y-1
"""

import argparse
import datetime
import statistics
import time
import uuid

import harness


def backfill(user, day, states):
    from training.models import LoggedSet, Session

    session = Session.objects.create(user=user, date=day, status=Session.Status.IN_PROGRESS)
    for state in states:
        model = (
            LoggedSet.objects.working()
            .filter(session__user=user, exercise=state.exercise)
            .order_by("-session__date", "-pk")
            .first()
        )
        for number in range(1, 4):
            LoggedSet.objects.create(
                session=session,
                exercise=state.exercise,
                set_number=number,
                side=model.side,
                reps=model.reps,
                load_kg=model.load_kg,
                hold_s=model.hold_s,
                band=model.band,
                token=uuid.uuid4(),
            )
    return session


def report(username: str, runs: int) -> str:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from logbook import services as logbook
    from progress.models import ProgressionEvent, ProgressionState
    from training.models import LoggedSet, Session

    user = User.objects.get(username=username)
    states = list(ProgressionState.objects.filter(user=user).select_related("exercise"))
    done = Session.objects.filter(user=user, status=Session.Status.DONE)
    first = done.order_by("date").first().date
    last = done.order_by("-date").first().date
    lines = [
        f"{username}: {done.count()} finished sessions from {first} to {last}, "
        f"{LoggedSet.objects.filter(session__user=user).count():,} sets, "
        f"{ProgressionEvent.objects.filter(user=user).count():,} events, "
        f"{len(states)} exercises; {connection.vendor}, median of {runs} runs",
        "",
        "| backfilled day | events judged again | queries | median | slowest |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    cases = [
        ("three days before the last session", last - datetime.timedelta(days=3)),
        ("the middle of the history", first + (last - first) / 2),
        ("the day before the first session", first - datetime.timedelta(days=1)),
    ]
    for label, day in cases:
        times = []
        for _ in range(runs):
            with transaction.atomic():
                session = backfill(user, day, states)
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    logbook.session_finish(session=session, effort=6, notes="", cooldown_done=False)
                    times.append(time.perf_counter() - started)
                judged = ProgressionEvent.objects.filter(user=user, date__gte=day).count()
                transaction.set_rollback(True)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:  # the rolled-back rows, cleared away
                    cursor.execute("VACUUM ANALYZE progress_progressionevent")
        lines.append(
            f"| {label} ({day}) | {judged:,} | {len(queries.captured_queries)} "
            f"| {statistics.median(times) * 1000:.0f} ms | {max(times) * 1000:.0f} ms |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--username", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    harness.django_setup()
    print(report(args.username, args.runs))
