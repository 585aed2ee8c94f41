"""Writing progression events in bulk: a few for a finished session, thousands for a
history judged again from years back or an import."""

import json

from django.db import connection
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from progress.models import ProgressionEvent

# Past this many events (a history judged again from years back, an import), they are
# written with PostgreSQL's COPY: a tenth of the time of a multi-row INSERT.
COPY_FROM = 200
_COPIED = (
    "user",
    "exercise",
    "session",
    "date",
    "kind",
    "met",
    "before",
    "after",
    "before_text",
    "after_text",
    "reason",
    "created_at",
)


def events_write(user, events: list[ProgressionEvent], last: list) -> None:
    """Insert `events`; the ones in `last` (each state's latest) get their primary keys."""
    if len(events) < COPY_FROM or connection.vendor != "postgresql":
        ProgressionEvent.objects.bulk_create(events, batch_size=2000)
        return
    meta, now = ProgressionEvent._meta, timezone.now()
    columns = ", ".join(connection.ops.quote_name(meta.get_field(n).column) for n in _COPIED)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        ) as copy,
    ):
        for e in events:
            e.created_at = now
            before = None if e.before is None else json.dumps(e.before)
            copy.write_row(
                (e.user_id, e.exercise_id, e.session_id, e.date, e.kind, e.met, before)
                + (json.dumps(e.after), e.before_text, e.after_text, e.reason, now)
            )
    latest = Window(
        RowNumber(), partition_by=[F("exercise_id")], order_by=[F("date").desc(), F("pk").desc()]
    )
    pks = dict(
        ProgressionEvent.objects.filter(user=user, exercise_id__in=[e.exercise_id for e in last])
        .annotate(rank=latest)
        .filter(rank=1)
        .values_list("exercise_id", "pk")
    )
    for event in last:
        if event is not None and event.pk is None:
            event.pk = pks[event.exercise_id]
            event._state.adding = False
