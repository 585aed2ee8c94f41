"""EXPLAIN every query the main pages run for one user, and show which index serves each:
the pages of tests/test_query_budgets.py and one set logged, in a transaction rolled back.

    DATABASE_URL=postgres://... python bench/explain.py --username bench5y-1 [--write]
"""

import argparse
import re
import uuid

import harness

DOC = harness.ROOT / "docs" / "performance.md"
BIG_TABLE_ROWS = 5_000
APP_TABLES = ("training_", "progress_", "exercises_", "accounts_")
# The tables that grow with every user's log: their indexes are the ones that matter.
GROWING_TABLES = ("training_session", "training_loggedset", "progress_goal", "progress_progression"
                  "event", "progress_personalrecord", "progress_progressionstate")  # fmt: skip
INDEX_USE = re.compile(r"(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\S+)")
SEQ_SCAN = re.compile(r"Seq Scan on (\S+)")
EXEC_TIME = re.compile(r"Execution Time: ([\d.]+) ms")
MAIN_PAGES = {"dashboard": "progress:dashboard", "calendar": "training:calendar",
              "upcoming": "training:upcoming", "history": "training:history",
              "catalog": "exercises:exercise-list", "progress list": "progress:progress-list",
              "goal list": "progress:goal-list"}  # fmt: skip


def pages(user):
    """(page name, url, None) to GET, or (name, url, "form"): post that page's first set form."""
    from django.urls import reverse
    from django.utils import timezone

    from progress.models import Goal, ProgressionState
    from training.models import Session

    open_ = [Session.Status.PLANNED, Session.Status.IN_PROGRESS]
    session = Session.objects.for_user(user).filter(status__in=open_)
    session = session.filter(date__gte=timezone.localdate()).order_by("date", "pk").first()
    state = ProgressionState.objects.filter(user=user).select_related("exercise").first()
    goal = Goal.objects.filter(user=user).order_by("pk").first()
    walk = [(name, reverse(url), None) for name, url in MAIN_PAGES.items()]
    if state is not None:
        chart = reverse("progress:exercise-progress", args=[state.exercise.slug])
        walk += [("exercise page", state.exercise.get_absolute_url(), None),
                 ("exercise chart", chart, None),
                 ("exercise chart, all time", chart + "?range=all", None)]  # fmt: skip
    walk += [("goal detail", goal.get_absolute_url(), None)] if goal is not None else []
    if session is not None:  # the set: the session page's first form, as it is prefilled
        url = session.get_absolute_url()
        walk += [("session", url, None), ("log a set", url, "form")]
    return walk


def set_form(client, url) -> tuple[str, dict]:
    """The first set form of the session page at `url` (started first, when only planned):
    where it posts, and its fields with a fresh token."""
    page = client.get(url).content.decode()
    if start := re.search(r'action="([^"]+/start/)"', page):
        client.post(start[1])
        page = client.get(url).content.decode()
    if not (forms := harness.set_forms(page)):
        raise SystemExit(f"no set form on {url}")
    token = harness.field(form := forms[0], "token")
    return form["action"], {**form["fields"], token: str(uuid.uuid4())}


def capture(user) -> dict[str, list[str]]:
    """Per page: the SQL of every query it ran (a set is logged as htmx sends it)."""
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, captured = Client(SERVER_NAME="localhost"), {}
    client.force_login(user)
    with transaction.atomic():
        for name, url, data in pages(user):
            if data == "form":
                url, data = set_form(client, url)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url) if data is None else client.post(
                    url, data, headers={"hx-request": "true"})  # fmt: skip
            if response.status_code >= 400:
                raise SystemExit(f"{name}: {url} answered {response.status_code}")
            captured[name] = [q["sql"] for q in queries.captured_queries]
        transaction.set_rollback(True)  # the set logged, and anything else, is undone
    return captured


def fetch(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def report(username):
    from django.contrib.auth import get_user_model
    from django.db import connection

    from progress.models import ProgressionEvent
    from training.models import LoggedSet, Session

    if connection.vendor != "postgresql":
        raise SystemExit("EXPLAIN (ANALYZE, BUFFERS) needs PostgreSQL: set DATABASE_URL.")
    user = get_user_model().objects.get(username=username)
    captured = capture(user)
    rows = dict(fetch("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' "
                      "AND relnamespace = 'public'::regnamespace"))  # fmt: skip
    # The indexes on the tables that grow with the log, primary keys left out.
    indexes = {name: definition for name, definition in fetch(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
        "AND indexname NOT LIKE '%_pkey' ORDER BY tablename, indexname")
        if any(f" ON public.{table} " in definition for table in GROWING_TABLES)}  # fmt: skip
    counted = [("finished sessions", Session.objects.filter(user=user, status=Session.Status.DONE)),
               ("sets", LoggedSet.objects.filter(session__user=user)),
               ("progression events", ProgressionEvent.objects.filter(user=user))]  # fmt: skip
    counts = ", ".join(f"{queryset.count():,} {name}" for name, queryset in counted)
    used_by, seq_scans, table = {}, [], []
    for page, queries in captured.items():
        total, used = 0.0, set()
        for sql in (sql for sql in queries if sql.lstrip().upper().startswith("SELECT")):
            plan = [row[0] for row in fetch("EXPLAIN (ANALYZE, BUFFERS) " + sql)]
            text = "\n".join(plan)
            total += float(match.group(1)) if (match := EXEC_TIME.search(text)) else 0.0
            for index in INDEX_USE.findall(text):
                used.add(index)
                used_by.setdefault(index, (page, plan))
            big = [t for t in SEQ_SCAN.findall(text) if rows.get(t, 0) > BIG_TABLE_ROWS]
            seq_scans += [f"- {page}: `{t}` ({rows[t]:,} rows): `{sql[:160]}…`" for t in big]
        indexed = ", ".join(sorted(used & indexes.keys())) or "–"
        table.append((page, len(queries), f"{total:.2f}", indexed))
    sizes = sorted(rows.items(), key=lambda item: -item[1])
    sizes = ", ".join(f"{t} {n:,}" for t, n in sizes if t.startswith(APP_TABLES) and n > 0)
    lines = [f"User `{username}`: {counts}.", "",
             harness.table("page | queries | SQL time (ms) | indexes used", table), "",
             f"Table sizes: {sizes}.", "", "### Each index the pages use, and a plan that uses it",
             ""]  # fmt: skip
    for name, definition in indexes.items():
        if name in used_by:
            page, plan = used_by[name]
            short = re.sub(r"^CREATE (UNIQUE )?INDEX \S+ ON public\.", r"\1", definition)
            lines += [f"- `{name}` (`{short}`), on the {page}:", "", "  ```"]
            lines += ["  " + line.strip() for line in _excerpt(plan, name)] + ["  ```", ""]
    unused = ", ".join(f"`{name}`" for name in indexes if name not in used_by) or "none"
    lines += [f"Not used by these pages: {unused}. Most are the indexes Django puts on every "
              "foreign key (joins from the other side, cascading deletes); the unique ones are "
              "constraints.", "", "### Sequential scans of large tables", "",
              *(seq_scans or [f"None: no page scans a table of more than {BIG_TABLE_ROWS:,} "
                              "rows."])]  # fmt: skip
    return "\n".join(lines) + "\n"


def _excerpt(plan, index):
    """The plan's top node, the node using `index` with its condition, and the timings."""
    keep = [plan[0]]
    for position, line in enumerate(plan):
        if index in line:
            keep += [line] + [following for following in plan[position + 1 : position + 4]
                              if "Cond:" in following or "Filter:" in following]  # fmt: skip
    keep += [line for line in plan if line.startswith(("Planning Time", "Execution Time"))]
    return list(dict.fromkeys(keep))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--username", required=True)
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    harness.django_setup()
    print(markdown := report(args.username))
    if args.write:
        harness.section_write(DOC, "explain", markdown, heading="## Indexes and query plans")
