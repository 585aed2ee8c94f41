"""Find (and with --repair, mend) rows whose dates or times are outside `training.bounds`.

python manage.py check_bounds            # list them; exit 1 if there are any
python manage.py check_bounds --repair   # mend them, saying what was done to each kind

Rows from before the bounds were enforced (a restored backup could hold a
start time of year 0, which PostgreSQL stores but Python cannot read back) are
found in the database without reading the bad values, so the check works
where every page that shows those rows fails.

It checks the training log's rows and progress's own, so it lives in progress:
the lowest app that may import both (docs/architecture.md).
"""

from argparse import RawDescriptionHelpFormatter
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from progress.models import Goal, PersonalRecord, ProgressionEvent, ProgressionState
from training import bounds
from training.models import LoggedSet, Schedule, Session

SHOWN = 20

REPAIRS = """
What --repair does, and why:
  session start/finish times outside 1900 .. now + 1 day: cleared (set to none).
    A time that cannot be read back is no use; the session keeps its day and sets.
  session days outside 1900 .. a year ahead: a session with no logged sets is
    removed (a plan for such a day was never trained); one with sets is moved to
    the nearest day in range, so no logged set is lost.
  a plan's first day outside 1900 .. a year ahead: moved to the nearest day in range.
  progression history, progression state and record dates outside 1900 .. 2999:
    moved to the nearest day in range.
  goal dates outside 1900 .. 2999: listed, not changed (a deadline moved would
    change what the goal means): edit or delete them in the admin.
"""


@dataclass(frozen=True)
class Check:
    label: str
    model: type
    field: str
    low: object
    high: object
    repair: str  # "clear", "remove-or-clamp", "clamp" or "report"

    def outside(self) -> Q:
        return Q(**{f"{self.field}__lt": self.low}) | Q(**{f"{self.field}__gt": self.high})

    def rows(self):
        return self.model.objects.filter(self.outside())


def checks(now) -> list[Check]:
    today = timezone.localdate(now)
    latest_day = bounds.latest_day(today)
    latest_moment = bounds.latest_moment(now)
    far = (bounds.EARLIEST, bounds.LAST_DAY)
    return [
        Check(
            "session start time",
            Session,
            "started_at",
            bounds.EARLIEST_MOMENT,
            latest_moment,
            "clear",
        ),
        Check(
            "session finish time",
            Session,
            "finished_at",
            bounds.EARLIEST_MOMENT,
            latest_moment,
            "clear",
        ),
        Check("session day", Session, "date", bounds.EARLIEST, latest_day, "remove-or-clamp"),
        Check("plan's first day", Schedule, "start_date", bounds.EARLIEST, latest_day, "clamp"),
        Check("progression history date", ProgressionEvent, "date", *far, "clamp"),
        Check("progression state date", ProgressionState, "trained_on", *far, "clamp"),
        Check("personal record date", PersonalRecord, "date", *far, "clamp"),
        Check("goal deadline", Goal, "deadline", *far, "report"),
        Check("goal start", Goal, "created_on", *far, "report"),
        Check("goal archive date", Goal, "closed_on", *far, "report"),
    ]


class Command(BaseCommand):
    help = (
        "Find rows whose dates or times are outside what Hamstrong keeps (before 1900,\n"
        "a session more than a year ahead, a time in the future) and, with --repair,\n"
        "mend them. Without --repair it changes nothing and exits 1 if it found any.\n" + REPAIRS
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs["formatter_class"] = RawDescriptionHelpFormatter
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="Mend the rows found (see above for how)."
        )

    def handle(self, *args, repair, **options):
        found = 0
        with transaction.atomic():
            for check in checks(timezone.now()):
                # Only the keys are read: the bad values may not be readable at all.
                keys = list(check.rows().order_by("pk").values_list("pk", flat=True))
                if not keys:
                    continue
                found += len(keys)
                listed = ", ".join(str(pk) for pk in keys[:SHOWN])
                more = f" and {len(keys) - SHOWN} more" if len(keys) > SHOWN else ""
                self.stdout.write(
                    f"{len(keys)} {check.model._meta.verbose_name} row(s) with a {check.label} "
                    f"out of range (ids {listed}{more})."
                )
                if repair:
                    self.stdout.write("  " + self.mend(check))
        if not found:
            self.stdout.write("Every date and time is in range.")
        elif not repair:
            raise CommandError(
                f"{found} value(s) out of range. Run again with --repair to mend them "
                "(see --help for what it does)."
            )

    def mend(self, check: Check) -> str:
        rows = check.rows()
        if check.repair == "clear":
            count = rows.update(**{check.field: None})
            return f"Cleared {count}: the sessions keep their days and sets."
        if check.repair == "report":
            return "Not changed: edit or delete them in the admin."
        removed = 0
        if check.repair == "remove-or-clamp":
            has_sets = Exists(LoggedSet.objects.filter(session=OuterRef("pk")))
            _, per_model = rows.filter(~has_sets).only("pk").delete()
            removed = per_model.get(Session._meta.label, 0)
        early = check.model.objects.filter(**{f"{check.field}__lt": check.low})
        late = check.model.objects.filter(**{f"{check.field}__gt": check.high})
        moved = early.update(**{check.field: check.low}) + late.update(**{check.field: check.high})
        text = f"Moved {moved} to the nearest day in range."
        return f"Removed {removed} row(s) with no logged sets. {text}" if removed else text
