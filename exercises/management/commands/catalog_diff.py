"""Where the database's catalog differs from the shipped one, and who changed it.

    python manage.py catalog_diff                       # every differing row, field by field
    python manage.py catalog_diff --all                 # also the rows already marked as kept
    python manage.py catalog_diff --apply-shipped exercise:nordic-hamstring-curl
    python manage.py catalog_diff --keep-database chain:bridge-ladder
    python manage.py catalog_diff --apply-unrecorded    # a database loaded before tracking

A row is named `model:key`, the model with or without its app (`exercise`,
`exercises.exercise`, `routine`). `--apply-shipped` writes the shipped values
over the database's (a chain's steps as a whole). `--keep-database` changes no
catalog value (the database's are kept anyway): it records that the shipped
values were seen and refused, so the diff stops listing the row until the
fixtures ship that row differently again. `--apply-unrecorded` applies the
shipped values to every row that differs, was never tracked (the database was
filled by plain `loaddata` before) and has no admin change on record.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from exercises import catalog_sync

STATUS = {
    catalog_sync.KEPT: "kept: the database differs from the shipped catalog",
    catalog_sync.UPDATED: "untouched since the last load: the next load updates it",
    catalog_sync.NEW: "new: the next load adds it",
    catalog_sync.DELETED: "deleted in the database: the next load leaves it deleted",
}


class Command(BaseCommand):
    help = "List catalog rows whose database values differ from the shipped fixtures."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures",
            nargs="+",
            dest="paths",
            help="Fixture files or directories of them (default: fixtures/*.json).",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            dest="show_all",
            help="Also list rows already marked --keep-database.",
        )
        parser.add_argument(
            "--apply-shipped",
            nargs="+",
            default=[],
            metavar="MODEL:KEY",
            help="Overwrite these rows with the shipped values.",
        )
        parser.add_argument(
            "--keep-database",
            nargs="+",
            default=[],
            metavar="MODEL:KEY",
            help="Keep these rows' database values and stop listing them.",
        )
        parser.add_argument(
            "--apply-unrecorded",
            action="store_true",
            help="Take the shipped values for every row loaded before loads were tracked "
            "that differs and has no admin change on record (an older release's values).",
        )

    def handle(
        self, *args, paths, show_all, apply_shipped, keep_database, apply_unrecorded, **options
    ):
        try:
            units = catalog_sync.shipped_units(catalog_sync.fixture_paths(paths))
        except (OSError, ValueError, LookupError) as error:
            raise CommandError(f"Could not read the catalog fixtures: {error}") from error
        if apply_unrecorded:
            apply_shipped = apply_shipped + [
                c.unit.name
                for c in catalog_sync.compare(units)
                if c.status == catalog_sync.KEPT
                and c.stored is None
                and not catalog_sync.last_admin_change(c.unit.model, c.found.pk)
            ]
            if not apply_shipped:
                self.stdout.write("No untracked row differs without an admin change on record.")
        if apply_shipped or keep_database:
            self.resolve(units, apply_shipped, keep_database)
            return
        if apply_unrecorded:
            return
        differing = [
            c
            for c in catalog_sync.compare(units)
            if c.status != catalog_sync.SAME
            and (show_all or not c.stored or c.stored.kept_hash != c.unit.hash)
        ]
        if not differing:
            self.stdout.write("The database holds the shipped catalog: no differences.")
            return
        for c in differing:
            self.show(c)
        self.stdout.write(
            f"{len(differing)} row(s) differ. Choose a side with --apply-shipped or "
            "--keep-database MODEL:KEY; `export_catalog` writes the database's values "
            "into the fixtures."
        )

    def show(self, comparison):
        self.stdout.write(self.style.MIGRATE_HEADING(comparison.unit.name))
        self.stdout.write(f"  {STATUS[comparison.status]}")
        if comparison.found is not None:
            change = catalog_sync.last_admin_change(comparison.unit.model, comparison.found.pk)
            if change:
                user, when = change
                who = user.get_username() if user else "a deleted user"
                self.stdout.write(f"  last changed in admin by {who} on {when:%Y-%m-%d %H:%M} UTC")
            else:
                self.stdout.write("  no admin change on record (changed outside admin, or loaded")
                self.stdout.write("  from an older catalog before loads were tracked)")
        for name, shipped, database in catalog_sync.differences(comparison):
            self.stdout.write(f"  {name}:")
            self.stdout.write(f"    shipped:  {render(shipped)}")
            self.stdout.write(f"    database: {render(database)}")

    def resolve(self, units, apply_shipped, keep_database):
        by_name = {}
        for unit in units:
            by_name[unit.name] = unit
            by_name[f"{unit.model.split('.')[1]}:{unit.key}"] = unit
        wanted = {}
        for name in apply_shipped + keep_database:
            unit = by_name.get(_lower_model(name))
            if unit is None:
                raise CommandError(
                    f"No shipped catalog row is called {name!r}: name it model:key, "
                    "e.g. exercise:nordic-hamstring-curl (see catalog_diff's headings)."
                )
            wanted[name] = unit
        with transaction.atomic():
            applied = [wanted[n] for n in apply_shipped]
            comparisons = catalog_sync.compare(applied) if applied else []
            catalog_sync.write_units(comparisons)
            for name in keep_database:
                unit = wanted[name]
                catalog_sync.CatalogRow.objects.update_or_create(
                    model=unit.model,
                    key=unit.key,
                    defaults={"kept_hash": unit.hash},
                    create_defaults={"kept_hash": unit.hash, "shipped_hash": ""},
                )
        for unit in applied:
            self.stdout.write(self.style.SUCCESS(f"{unit.name}: the shipped values are applied."))
        for name in keep_database:
            self.stdout.write(
                self.style.SUCCESS(f"{wanted[name].name}: the database's values are kept.")
            )


def _lower_model(name):
    model, _, key = name.partition(":")
    return f"{model.lower()}:{key}"


def render(value):
    if value is None:
        return "(none)"
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "; ".join(_render_child(child) for child in value)
    return json.dumps(value, ensure_ascii=False)


def _render_child(child):
    parts = []
    for name, value in sorted(child.items(), key=lambda kv: kv[0] != "position"):
        if value is None:
            continue  # an empty optional field (a step's move-on load) says nothing
        if isinstance(value, list):
            value = ",".join(map(str, value))
        parts.append(f"{value}." if name == "position" else f"{name} {value}")
    return " ".join(parts)
