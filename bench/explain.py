"""EXPLAIN every query the main pages run for one user, and show which index serves each.

    DATABASE_URL=postgres://... python bench/explain.py --username bench-veteran-1 [--write]

Opens every main page for the user with Django's test client (the same pages
as tests/test_query_budgets.py), logs one set, all inside a transaction that
is rolled back, so the data is left as it was. Each SELECT is run again under
`EXPLAIN (ANALYZE, BUFFERS)`. Prints, per page, the queries, their execution
times and the indexes they use; then, per index of the app's tables, one plan
that uses it; and any sequential scan of a table with more than a few
thousand rows (the thing an index is for). `--write` puts the report in
docs/performance.md between the `explain` markers. PostgreSQL only.
"""

import argparse
import os
import re
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- explain:begin -->", "<!-- explain:end -->"
BIG_TABLE_ROWS = 5_000
APP_TABLES = ("training_", "progress_", "exercises_", "accounts_")
# The tables that grow with every user's log: their indexes are the ones that matter.
GROWING_TABLES = (
    "training_session",
    "training_loggedset",
    "progress_progressionevent",
    "progress_personalrecord",
    "progress_progressionstate",
    "progress_goal",
)


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


class Rollback(Exception):
    pass


def pages(user):
    """(page name, method, url, data, headers): the walk of tests/test_query_budgets.py."""
    from django.urls import reverse
    from django.utils import timezone

    from progress.models import Goal, ProgressionState
    from training.models import Session

    session = (
        Session.objects.for_user(user)
        .filter(status__in=[Session.Status.PLANNED, Session.Status.IN_PROGRESS])
        .filter(date__gte=timezone.localdate())
        .order_by("date", "pk")
        .first()
    )
    state = (
        ProgressionState.objects.filter(user=user).select_related("exercise").order_by("pk").first()
    )
    goal = Goal.objects.filter(user=user).order_by("pk").first()
    walk = [
        ("dashboard", "get", reverse("progress:dashboard"), None),
        ("calendar", "get", reverse("training:calendar"), None),
        ("upcoming", "get", reverse("training:upcoming"), None),
        ("history", "get", reverse("training:history"), None),
        ("catalog", "get", reverse("exercises:exercise-list"), None),
        ("progress list", "get", reverse("progress:progress-list"), None),
        ("goal list", "get", reverse("progress:goal-list"), None),
    ]
    if state is not None:
        chart = reverse("progress:exercise-progress", args=[state.exercise.slug])
        walk += [
            ("exercise page", "get", state.exercise.get_absolute_url(), None),
            ("exercise chart", "get", chart, None),
            ("exercise chart, all time", "get", chart + "?range=all", None),
        ]
    if goal is not None:
        walk.append(("goal detail", "get", goal.get_absolute_url(), None))
    if session is not None:
        walk.append(("session", "get", session.get_absolute_url(), None))
        entry = session.routine.entries.select_related("exercise").order_by("position").first()
        if entry is not None and state is not None:
            walk.append(
                (
                    "log a set",
                    "post",
                    reverse("logbook:set-create", args=[session.pk]),
                    {"token": str(uuid.uuid4()), "exercise": entry.exercise_id, **_values(entry)},
                )
            )
    return walk


def _values(entry):
    from exercises.models import BandColour, Exercise

    measure = entry.exercise.measure
    if measure == Exercise.Measure.HOLD:
        values = {"hold_s": entry.hold_s or 30}
    else:
        values = {"reps": entry.reps_min or 10}
    if measure == Exercise.Measure.REPS_LOAD:
        values["load"] = "20"
    if measure == Exercise.Measure.BAND_REPS:
        values["band"] = BandColour.objects.order_by("position").values_list("pk", flat=True)[0]
    if entry.exercise.unilateral:
        values["side"] = "left"
    return values


def capture(user):
    """Per page: [(sql, params-bound sql)] of every query it ran."""
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    captured = {}
    try:
        with transaction.atomic():
            for name, method, url, data in pages(user):
                with CaptureQueriesContext(connection) as queries:
                    if method == "post":  # as htmx sends it
                        response = client.post(url, data, headers={"hx-request": "true"})
                    else:
                        response = client.get(url)
                if response.status_code >= 400:
                    raise SystemExit(f"{name}: {url} answered {response.status_code}")
                captured[name] = [q["sql"] for q in queries.captured_queries]
            raise Rollback
    except Rollback:
        pass
    return captured


def explain(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [row[0] for row in cursor.fetchall()]


def table_rows():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = 'public'::regnamespace"
        )
        return dict(cursor.fetchall())


def app_indexes():
    """{index name: definition} on the tables that grow with the log (primary keys left out)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "AND indexname NOT LIKE '%%_pkey' ORDER BY tablename, indexname"
        )
        return {
            name: definition
            for name, definition in cursor.fetchall()
            if any(f" ON public.{table} " in definition for table in GROWING_TABLES)
        }


INDEX_USE = re.compile(r"(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\S+)")
SEQ_SCAN = re.compile(r"Seq Scan on (\S+)")
EXEC_TIME = re.compile(r"Execution Time: ([\d.]+) ms")


def report(username):
    from django.contrib.auth import get_user_model
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("EXPLAIN (ANALYZE, BUFFERS) needs PostgreSQL: set DATABASE_URL.")
    user = get_user_model().objects.get(username=username)
    captured = capture(user)
    rows = table_rows()
    indexes = app_indexes()
    used_by = {}
    seq_scans = []
    lines = [
        f"User `{username}`: {_history(user)}.",
        "",
        "| page | queries | SQL time (ms) | indexes used |",
        "|---|---:|---:|---|",
    ]
    for page, queries in captured.items():
        total, used = 0.0, []
        for sql in queries:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            plan = explain(sql)
            text = "\n".join(plan)
            match = EXEC_TIME.search(text)
            total += float(match.group(1)) if match else 0.0
            for index in INDEX_USE.findall(text):
                used.append(index)
                used_by.setdefault(index, (page, sql, plan))
            for table in SEQ_SCAN.findall(text):
                if rows.get(table, 0) > BIG_TABLE_ROWS:
                    seq_scans.append((page, table, rows[table], sql))
        app_used = sorted({i for i in used if i in indexes})
        lines.append(f"| {page} | {len(queries)} | {total:.2f} | {', '.join(app_used) or '–'} |")
    lines += [
        "",
        "Table sizes: "
        + ", ".join(
            f"{t} {n:,}"
            for t, n in sorted(rows.items(), key=lambda i: -i[1])
            if t.startswith(APP_TABLES) and n > 0
        )
        + ".",
        "",
    ]
    lines += ["### Each index the pages use, and a plan that uses it", ""]
    for name, definition in indexes.items():
        if name not in used_by:
            continue
        page, sql, plan = used_by[name]
        lines += [
            f"- `{name}` (`{_short(definition)}`), on the {page}:",
            "",
            "  ```",
            *("  " + line.strip() for line in _excerpt(plan, name)),
            "  ```",
            "",
        ]
    unused = [f"`{name}`" for name in indexes if name not in used_by]
    lines += [
        "Not used by these pages: " + (", ".join(unused) or "none") + ". Most are the "
        "indexes Django puts on every foreign key (joins from the other side, cascading "
        "deletes); the unique ones are constraints.",
        "",
    ]
    lines += ["### Sequential scans of large tables", ""]
    if seq_scans:
        lines += [
            f"- {page}: `{table}` ({count:,} rows): `{sql[:160]}…`"
            for page, table, count, sql in seq_scans
        ]
    else:
        lines.append(f"None: no page scans a table of more than {BIG_TABLE_ROWS:,} rows.")
    return "\n".join(lines) + "\n"


def _history(user):
    from progress.models import ProgressionEvent
    from training.models import LoggedSet, Session

    sessions = Session.objects.filter(user=user, status=Session.Status.DONE).count()
    sets = LoggedSet.objects.filter(session__user=user).count()
    events = ProgressionEvent.objects.filter(user=user).count()
    return f"{sessions:,} finished sessions, {sets:,} sets, {events:,} progression events"


def _short(definition):
    return re.sub(r"^CREATE (UNIQUE )?INDEX \S+ ON public\.", r"\1", definition)


def _excerpt(plan, index):
    """The plan's top node, the node using `index` with its condition, and the timings."""
    keep = [plan[0]]
    for position, line in enumerate(plan):
        if index in line:
            keep.append(line)
            for following in plan[position + 1 : position + 4]:
                if "Cond:" in following or "Filter:" in following:
                    keep.append(following)
    keep += [line for line in plan if line.startswith(("Planning Time", "Execution Time"))]
    return list(dict.fromkeys(keep))


def write(markdown):
    text = DOC.read_text() if DOC.exists() else "# Performance\n"
    section = f"{BEGIN}\n{markdown}{END}"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n## Indexes and query plans\n\n" + section + "\n"
    DOC.write_text(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--username", required=True)
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    setup_django()
    markdown = report(args.username)
    print(markdown)
    if args.write:
        write(markdown)


if __name__ == "__main__":
    main()
