"""Load the shipped catalog without undoing what curators changed in admin.

    python manage.py load_catalog             # fixtures/*.json, the safe load
    python manage.py load_catalog --migrate   # first apply pending migrations (make run)
    python manage.py load_catalog path/ x.json --force

New exercises, chains, bands and templates are created; rows nobody has changed
since the last load take the shipped values; a row changed in the database is
kept and named in the output (see `catalog_diff`). A fresh database gets the
whole catalog. When the fixture files are byte for byte those of the last load,
nothing is compared: "Catalog unchanged". See exercises/catalog_sync.py.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from exercises import catalog_sync


class Command(BaseCommand):
    help = "Load the shipped catalog: add what is new, update what no curator has changed."
    # It runs at every start, just before the server's (or migrate's) own system checks:
    # running them here too would only slow the start.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            help="Fixture files or directories of them (default: fixtures/*.json).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Compare every row even when the fixture files are those of the last load.",
        )
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="Apply pending migrations first (nothing is run when there are none).",
        )

    def handle(self, *args, paths, force, migrate, verbosity, **options):
        if migrate:
            self.migrate_if_needed(verbosity)
        try:
            comparisons, unchanged = catalog_sync.load(paths, force=force)
        except (OSError, ValueError, LookupError) as error:
            raise CommandError(f"Could not load the catalog: {error}") from error
        except DatabaseError as error:
            raise CommandError(
                f"Could not load the catalog ({error}): is the database migrated? "
                "Run `python manage.py migrate`, or this command with --migrate."
            ) from error
        if unchanged:
            self.stdout.write("Catalog unchanged since the last load.")
            return
        if not comparisons:
            self.stdout.write("No catalog fixtures to load.")
            return
        self.stdout.write(
            self.style.SUCCESS(f"Catalog loaded: {catalog_sync.summary(comparisons)}.")
        )
        kept = [c.unit.name for c in comparisons if c.status == catalog_sync.KEPT]
        deleted = [c.unit.name for c in comparisons if c.status == catalog_sync.DELETED]
        if kept:
            self.stdout.write(
                "Changed in the database, so kept: " + ", ".join(kept) + "."
                "\nSee what differs with `python manage.py catalog_diff`."
            )
        if deleted:
            self.stdout.write(
                "Deleted in the database, so not loaded again: " + ", ".join(deleted) + "."
            )

    def migrate_if_needed(self, verbosity):
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", interactive=False, verbosity=max(1, verbosity))
        elif verbosity > 1:
            self.stdout.write("No migrations to apply.")
