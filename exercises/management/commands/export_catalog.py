"""Write the catalog as curated in admin back to fixtures/exercises.json.

    python manage.py export_catalog            # rewrites fixtures/exercises.json
    python manage.py export_catalog -o out.json

The file keeps the committed shape: natural keys only (no integer primary
keys), models in dependency order, rows sorted by slug, 2-space indent, so a
curation session shows up in review as a small, readable diff.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand

from exercises.models import (
    BandColour,
    Chain,
    ChainStep,
    Equipment,
    Exercise,
    Muscle,
    SourceArticle,
)

CATALOG_QUERYSETS = [
    lambda: SourceArticle.objects.order_by("slug"),
    lambda: Muscle.objects.order_by("slug"),
    lambda: Equipment.objects.order_by("slug"),
    lambda: BandColour.objects.order_by("slug"),
    lambda: (
        Exercise.objects.catalog()
        .order_by("slug")
        .prefetch_related("primary_muscles", "secondary_muscles", "equipment", "sources")
    ),
    lambda: Chain.objects.order_by("slug").select_related("source"),
    lambda: ChainStep.objects.order_by("chain__slug", "position").select_related(
        "chain", "exercise"
    ),
]


def catalog_as_python():
    rows = []
    for queryset in CATALOG_QUERYSETS:
        rows.extend(
            serializers.serialize(
                "python",
                queryset(),
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
            )
        )
    for row in rows:
        # The catalog has no owner: the field stays out of the file.
        row["fields"].pop("owner", None)
        # Many-to-many values in a stable order, so exports diff cleanly.
        for name, value in row["fields"].items():
            if isinstance(value, list) and value and isinstance(value[0], list | tuple):
                row["fields"][name] = sorted(list(v) for v in value)
    return rows


class Command(BaseCommand):
    help = "Export the exercise catalog to a fixture file (natural keys, sorted by slug)."

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            default=str(Path(settings.BASE_DIR) / "fixtures" / "exercises.json"),
            help="Where to write the fixture (default: fixtures/exercises.json).",
        )

    def handle(self, *args, output, **options):
        rows = catalog_as_python()
        text = json.dumps(rows, indent=2, ensure_ascii=False, default=str) + "\n"
        Path(output).write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(rows)} catalog rows to {output}"))
