"""Import a Strong, Hevy or FitNotes export into a user's log, with a progress bar.

    python manage.py import_history --username ann strong.csv
    python manage.py import_history --username ann --unit lb --unknown new hevy.csv
    python manage.py import_history --username ann --map "Leg Curl (Machine)=lying-leg-curl" f.csv
    python manage.py import_history --username ann --queue strong.csv   # a worker writes it

The same stages as the web import: the file is read and checked whole before
anything is written, then written in steps (each one transaction), then the
records and progression are brought up to date. Exercise names the catalog
does not know are refused unless `--unknown new` (make each a private
exercise of the user) or `--unknown skip` (leave their sets out) says what
to do, or `--map NAME=SLUG` names the exercise.
"""

import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from exercises.models import Exercise
from training.models import Import
from transfer import formats
from transfer.import_writing import import_step
from transfer.importing import NEW, SKIP, import_confirm, import_stage
from transfer.tasks import import_enqueue


def _bar(done: int, total: int, width: int = 30) -> str:
    filled = width * done // total if total else width
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} sessions"


class Command(BaseCommand):
    help = "Import another app's CSV export into a user's log, with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--username", required=True)
        parser.add_argument(
            "--unit", choices=["kg", "lb"], help="The weights' unit, if the file does not say."
        )
        parser.add_argument(
            "--unknown",
            choices=[NEW, SKIP],
            help="What to do with exercise names the catalog does not know.",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="NAME=SLUG",
            help="Log the file's NAME as the exercise SLUG (may be given again).",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Check it and queue it for the background workers (manage.py worker) "
            "instead of writing it here; prints the import's id.",
        )

    def handle(self, *args, file, username, unit, unknown, map, queue, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        started = time.monotonic()
        try:
            batch = import_stage(user=user, filename=file.name, data=data)
        except formats.ImportFileError as error:
            lines = [f"line {e.line}: {e.message}" if e.line else e.message for e in error.errors]
            raise CommandError("Nothing was imported.\n" + "\n".join(lines)) from error
        summary = batch.summary
        self.stdout.write(
            f"{file.name}: {batch.get_format_display()}, {summary['sets']:,} sets in "
            f"{summary['sessions']:,} sessions ({summary['already_imported']} already imported)."
        )
        if summary["needs_unit"] and not batch.unit and not unit:
            batch.delete()
            raise CommandError("The file does not say its weight unit: give --unit kg or lb.")
        choices = self._choices(user, batch, unknown, map)
        if queue:
            with transaction.atomic():
                batch = import_confirm(batch=batch, unit=unit or user.unit, choices=choices)
                import_enqueue(batch)
            self.stdout.write(f"Queued import {batch.pk}: a worker writes it.")
            return
        batch = current = import_confirm(batch=batch, unit=unit or user.unit, choices=choices)
        tty = sys.stderr.isatty()
        shown = -1
        while current.status == Import.Status.RUNNING:
            # `batch` keeps the staged file in memory; each step reads where it stands.
            current = import_step(batch=batch)
            if current.cursor != shown:
                shown, bar = current.cursor, _bar(current.cursor, current.total)
                self.stderr.write(f"\r{bar}" if tty else bar, ending="" if tty else "\n")
        if tty:
            self.stderr.write("")
        batch = current
        if batch.status != Import.Status.DONE:
            raise CommandError(f"The import failed and nothing was kept. {batch.error}")
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {batch.sets_written:,} sets in {batch.sessions_written:,} sessions "
                f"in {seconds:.1f} s."
            )
        )

    def _choices(self, user, batch, unknown, pairs) -> dict[str, str]:
        given = {}
        for pair in pairs:
            name, _, slug = pair.partition("=")
            exercise = Exercise.objects.visible_to(user).filter(slug=slug.strip()).first()
            if exercise is None:
                raise CommandError(f"--map {pair!r}: no exercise with the slug {slug!r}.")
            given[name.strip()] = str(exercise.pk)
        choices, missing = {}, []
        for row in batch.summary["names"]:
            name = row["name"]
            if name in given:
                choices[name] = given[name]
            elif row["match"] is None:
                if unknown is None:
                    missing.append(name)
                choices[name] = unknown
        if missing:
            batch.delete()
            raise CommandError(
                "The catalog does not know these exercises: "
                + ", ".join(missing)
                + ". Say what to do with --unknown new|skip or --map NAME=SLUG."
            )
        return choices
