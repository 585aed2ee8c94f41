"""The pain a user said, as the rules read it: per exercise of a session, with the
session before and the next-morning check (`engine.Pain`)."""

import datetime
from bisect import bisect_right
from collections import defaultdict
from dataclasses import replace

from progress import engine
from progress.models import MorningCheck, PainReport


class PainLog:
    """A user's pain reports for some exercises and their morning checks: two queries."""

    def __init__(self, user, exercise_ids):
        reports = (
            PainReport.objects.filter(user=user, exercise_id__in=list(exercise_ids))
            .select_related("session")
            .order_by("session__date", "session_id")
        )
        self.reports = {}
        self.history: dict[int, list[tuple[datetime.date, int | None]]] = defaultdict(list)
        for report in reports:
            self.reports[(report.session_id, report.exercise_id)] = report
            self.history[report.exercise_id].append((report.session.date, report.pain))
        checks = list(
            MorningCheck.objects.filter(user=user).order_by("date").values_list("date", "pain")
        )
        self.days = [day for day, _ in checks]
        self.mornings = dict(checks)

    def previous(self, exercise_id, day) -> int | None:
        """The pain said during the exercise's last session before `day`."""
        earlier = [pain for when, pain in self.history.get(exercise_id, []) if when < day]
        return earlier[-1] if earlier else None

    def morning_worse(self, previous_day: datetime.date | None) -> bool:
        """Whether the morning after the session of `previous_day` felt worse than the
        last morning checked before it (or, with none, worse than acceptable)."""
        if previous_day is None:
            return False
        after = self.mornings.get(previous_day + datetime.timedelta(days=1))
        if after is None:
            return False
        before = bisect_right(self.days, previous_day)
        baseline = self.mornings[self.days[before - 1]] if before else engine.ACCEPTABLE_PAIN
        return after > baseline

    def pain(self, session, exercise_id, previous_day) -> engine.Pain | None:
        report = self.reports.get((session.pk, exercise_id))
        previous = self.previous(exercise_id, session.date)
        worse = self.morning_worse(previous_day)
        if report is None and previous is None and not worse:
            return None
        return engine.Pain(
            during=report.pain if report else None,
            sharp=report.sharp if report else False,
            previous=previous,
            morning_worse=worse,
        )

    def attach(self, log: engine.SessionLog, session, exercise_id, previous_day):
        """`log` with the pain said about it: what the engine judges."""
        return replace(log, pain=self.pain(session, exercise_id, previous_day))
