"""What the shipped catalog looked like when it was last loaded into this database.

The catalog models stay as curators see them; this bookkeeping lives beside
them in two small tables, so it also covers the rows of other apps' fixtures
(routine templates) and the steps of a chain without a column on each model.
See `exercises/catalog_sync.py` for how the load uses them.
"""

from django.db import models


class CatalogRow(models.Model):
    """One unit of the shipped catalog (a row, or a chain with its steps) as last loaded.

    `shipped_hash` is the hash of the shipped values the last load wrote or found:
    while the database still hashes the same, no curator has changed the row and a
    new shipped version may replace it. `kept_hash` is the shipped version a curator
    has looked at and chosen to override (`catalog_diff --keep-database`), so the
    diff stops listing the row until the shipped values change again.
    """

    model = models.CharField(
        max_length=100, help_text="App label and model, e.g. exercises.exercise."
    )
    key = models.CharField(max_length=300, help_text="The natural key, parts joined by commas.")
    shipped_hash = models.CharField(max_length=64, blank=True)
    kept_hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "key"], name="catalogrow_unique_key"),
        ]

    def __str__(self):
        return f"{self.model}:{self.key}"


class CatalogLoad(models.Model):
    """One load of the shipped catalog that found something to do."""

    fixtures_hash = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)
    summary = models.CharField(max_length=300, blank=True)

    class Meta:
        get_latest_by = "loaded_at"
        ordering = ["-loaded_at"]

    def __str__(self):
        return f"{self.loaded_at:%Y-%m-%d %H:%M}: {self.summary}"
