"""Bringing another app's log in: stage the file, review it, confirm, write it in steps.

1. `import_stage` parses the upload (`formats.parse`) and keeps it on an
   `Import` row: the sessions to write, what each exercise name matches, the
   sessions an earlier import already brought in. Nothing reaches the log.
2. The user reviews: each name the catalog does not know is mapped to an
   exercise, made a private exercise of their own, or left out; the weight
   unit is asked where the file does not say it. `import_confirm` records
   their answers.
3. A background task (transfer/tasks.py) runs `import_step` until
   it is done: each step writes the next few thousand sets in one transaction
   that also moves the cursor on, so a retried or interrupted step never
   writes a session twice, and a worker killed mid-way leaves whole steps only;
   the next task carries on from the cursor. The last step rebuilds the
   personal records and judges the new sessions through the progression
   engine, as logging them one by one would have, in one transaction.
4. An import that fails, or that the user cancels while it runs, is undone
   whole: its sessions go with their sets, and so do the exercises it made. A
   failed import keeps its file, so the user can try it again.

Steps 1 and 2 are this module's; writing (3), undoing, retrying and
cancelling (4) are `import_writing`'s.
"""

import datetime
import hashlib
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from exercises.models import Exercise
from training.models import Import, Session
from transfer import formats
from transfer.matching import exercise_matches

# Review imports nobody confirmed are dropped after this long.
STALE_AFTER = datetime.timedelta(days=1)

SKIP = "skip"
NEW = "new"


def _payload(parsed: formats.ParsedFile) -> list[dict]:
    def when(value):
        return value.isoformat() if value is not None else None

    def notes(session):
        # A set's note goes on the set (its tenth cell), the workout's on the session.
        return session.notes

    return [
        {
            "key": s.key,
            "date": s.date.isoformat(),
            "started_at": when(s.started_at),
            "finished_at": when(s.finished_at),
            "title": s.title,
            "notes": notes(s),
            "sets": [
                [
                    x.line,
                    x.exercise,
                    x.kind,
                    x.side,
                    x.reps,
                    str(x.weight) if x.weight is not None else None,
                    x.unit,
                    x.seconds,
                    x.rpe,
                    x.note,
                ]
                for x in s.sets
            ],
        }
        for s in parsed.sessions
    ]


def too_many_names(count: int) -> str:
    most = settings.IMPORT_MAX_NAMES
    return (
        f"This file names {count:,} different exercises; Hamstrong takes at most {most:,} in "
        "one import: split the file (a few years at a time) and import each part."
    )


def import_stage(*, user, filename: str, data: bytes) -> Import:
    """Parse an upload and keep it for review; raises formats.ImportFileError on a bad file."""
    parsed = formats.parse(
        formats.decode(data), max_rows=settings.IMPORT_MAX_ROWS, today=timezone.localdate()
    )
    sha256 = hashlib.sha256(data).hexdigest()
    names = Counter(x.exercise for s in parsed.sessions for x in s.sets)
    if len(names) > settings.IMPORT_MAX_NAMES:
        raise formats.ImportFileError([formats.RowError(0, too_many_names(len(names)))])
    matches = exercise_matches(user=user, names=names)
    keys = [s.key for s in parsed.sessions]
    already = set()
    for start in range(0, len(keys), 5000):
        already.update(
            Session.objects.filter(user=user, import_key__in=keys[start : start + 5000])
            .values_list("import_key", flat=True)
            .iterator()
        )
    earlier = (
        Import.objects.for_user(user)
        .filter(sha256=sha256, status=Import.Status.DONE)
        .values_list("finished_at", flat=True)
        .first()
    )
    kinds = Counter(x.kind for s in parsed.sessions for x in s.sets)
    sides = sum(1 for s in parsed.sessions for x in s.sets if x.side != "both")
    dates = [s.date for s in parsed.sessions]
    summary = {
        "rows": parsed.rows,
        "sessions": len(parsed.sessions),
        "sets": sum(names.values()),
        "kinds": dict(kinds),
        "per_side": sides,
        "left_out": parsed.left_out,
        "already_imported": len(already),
        "first_date": min(dates).isoformat() if dates else None,
        "last_date": max(dates).isoformat() if dates else None,
        "same_file_imported_at": earlier.isoformat() if earlier else None,
        "needs_unit": parsed.needs_unit,
        # The file's heaviest weight without a unit: pounds allow more than kilograms.
        "max_weight": str(
            max(
                (x.weight for s in parsed.sessions for x in s.sets if x.weight and not x.unit),
                default=0,
            )
        ),
        "names": [
            {"name": name, "sets": count, "match": matches[name]}
            for name, count in sorted(names.items(), key=lambda item: item[0].lower())
        ],
    }
    with transaction.atomic():
        Import.objects.for_user(user).filter(
            status=Import.Status.REVIEW, created_at__lt=timezone.now() - STALE_AFTER
        ).delete()
        return Import.objects.create(
            user=user,
            filename=filename[:200],
            format=parsed.format.value,
            sha256=sha256,
            unit=parsed.unit or "",
            payload=[s for s in _payload(parsed) if s["key"] not in already],
            summary=summary,
        )


def _measure(sets: list[list]) -> dict:
    """A private exercise's prescription, from the sets the file logs of it."""
    loaded = any(x[5] not in (None, "0") for x in sets)
    reps = any(x[4] for x in sets)
    if loaded:
        return {
            "measure": Exercise.Measure.REPS_LOAD,
            "rule": Exercise.Rule.DOUBLE_PROGRESSION,
            "sets": 3,
            "reps_min": 8,
            "reps_max": 12,
        }
    if not reps:
        return {
            "measure": Exercise.Measure.HOLD,
            "rule": Exercise.Rule.HOLD_BUILD,
            "kind": Exercise.Kind.ISOMETRIC,
            "sets": 3,
            "hold_min_s": 30,
            "hold_max_s": 60,
        }
    return {
        "measure": Exercise.Measure.REPS,
        "rule": Exercise.Rule.SET_LADDER,
        "sets": 3,
        "reps_min": 10,
        "reps_max": 10,
    }


def _unused_name(*, user, name: str) -> str:
    """`name` cut to fit, numbered "… (2)" where the user has an exercise so named already.

    Two names of one file may be alike in their first 100 characters: each is
    its own exercise, as it was in the other app.
    """
    limit = Exercise._meta.get_field("name").max_length
    candidate, n = name[:limit], 1
    while Exercise.objects.filter(owner=user, name=candidate).exists():
        n += 1
        suffix = f" ({n})"
        candidate = name[: limit - len(suffix)].rstrip() + suffix
    return candidate


def private_exercise_create(*, user, name: str, sets: list[list], source: str) -> Exercise:
    """An exercise of the user's own, named as in their file, measured as they logged it."""
    # The owner's id in the slug keeps private slugs clear of the catalog's: the
    # fixtures load by slug, and a catalog exercise added later must not land
    # on someone's own.
    base = f"{slugify(name)[:60] or 'exercise'}-u{user.pk}"
    taken = set(Exercise.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    values = {
        "level": Exercise.Level.INTERMEDIATE,
        "kind": Exercise.Kind.STRENGTH,
        "movement": Exercise.Movement.OTHER,
        **_measure(sets),
    }
    exercise = Exercise(
        owner=user,
        name=_unused_name(user=user, name=name),
        slug=slug,
        summary=f"Your own exercise, brought in from {source}.",
        starting_position="As you do it.",
        action="As you do it.",
        **values,
    )
    exercise.full_clean(exclude=["slug"])
    exercise.save()
    return exercise


def _sets_by_name(batch: Import) -> dict[str, list[list]]:
    by_name: dict[str, list[list]] = {}
    for session in batch.payload:
        for x in session["sets"]:
            by_name.setdefault(x[1], []).append(x)
    return by_name


@transaction.atomic
def import_confirm(*, batch: Import, unit: str, choices: dict[str, str]) -> Import:
    """Record the user's answers and start writing.

    `choices` maps each name the catalog did not match to an exercise pk (as a
    string), NEW (a private exercise) or SKIP. The unit is the file's where it
    says one.
    """
    user = batch.user
    # A second confirm (another tab, a resent form) finds the import already running.
    if (
        Import.objects.select_for_update()
        .filter(pk=batch.pk)
        .values_list("status", flat=True)
        .first()
        != Import.Status.REVIEW
    ):
        batch.refresh_from_db()
        return batch
    by_name = _sets_by_name(batch)
    visible = set(Exercise.objects.visible_to(user).values_list("pk", flat=True))
    own = dict(Exercise.objects.filter(owner=user).values_list("name", "pk"))
    mapping, created = {}, []
    source = batch.get_format_display()
    for row in batch.summary["names"]:
        name = row["name"]
        choice = choices.get(name)
        if choice is None and row["match"] in visible:
            mapping[name] = row["match"]
        elif choice == NEW and name[:100] in own:
            mapping[name] = own[name[:100]]  # made by an earlier import
        elif choice == NEW:
            exercise = private_exercise_create(
                user=user, name=name, sets=by_name.get(name, []), source=source
            )
            created.append(exercise.pk)
            mapping[name] = exercise.pk
        elif choice and choice != SKIP and int(choice) in visible:
            mapping[name] = int(choice)
        else:
            mapping[name] = None
    batch.unit = batch.unit or unit
    batch.mapping = mapping
    batch.summary = {**batch.summary, "created": created}
    batch.status = Import.Status.RUNNING
    batch.total = len(batch.payload)
    batch.cursor = 0
    batch.confirmed_at = batch.heartbeat_at = timezone.now()
    batch.save()
    return batch
