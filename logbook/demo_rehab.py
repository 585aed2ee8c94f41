"""The demo's rehab side: pain said on its latest sessions, the morning checks, and a
ladder routine with stages still to earn.

Added after the history is built, so it changes no judgement: the pains are low
(up to 3/10 moves on as usual) and the mornings settle.
"""

import datetime

from progress.models import MorningCheck, PainReport
from training.models import Routine, RoutineEntry, Session

LADDER = "physio-home-ladder-1"  # hamstring sets first: the demo never trained this ladder
PAINS = (2, 1, 2)  # the latest sessions' first exercise, newest first
MORNINGS = (1, 2, 2)  # yesterday, the day before, and the day before that


def add_rehab(user, today: datetime.date, templates: dict) -> None:
    latest = Session.objects.filter(user=user, status=Session.Status.DONE).order_by("-date")
    for session, pain in zip(latest[: len(PAINS)], PAINS, strict=False):
        first = session.sets.order_by("pk").values_list("exercise_id", flat=True).first()
        if first is not None:
            PainReport.objects.create(user=user, session=session, exercise_id=first, pain=pain)
    for days, pain in enumerate(MORNINGS, start=1):
        MorningCheck.objects.create(
            user=user, date=today - datetime.timedelta(days=days), pain=pain
        )
    template = templates[LADDER]
    routine = Routine.objects.create(
        owner=user,
        name="Home: first exercises, step by step",
        description="The physio's first exercises: each one opens when the one before it is "
        "earned.",
        source_id=template.source_id,
        copied_from=template,
    )
    RoutineEntry.objects.bulk_create(
        RoutineEntry(
            routine=routine,
            exercise_id=entry.exercise_id,
            position=entry.position,
            sets=entry.sets,
            reps_min=entry.reps_min,
            reps_max=entry.reps_max,
            hold_s=entry.hold_s,
            rest_s=entry.rest_s,
            chain_id=entry.chain_id,
        )
        for entry in template.entries.order_by("position")
    )
