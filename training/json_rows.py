"""A few rows of a small table carried in one column of another query, as JSON.

Logging a set reads the exercise and the session anyway; the band colours and
the routine's entries are a handful of rows each, and read as a JSON column of
those rows they cost no query of their own. PostgreSQL aggregates them with
`JSONB_AGG` (jsonb, which Django reads as text and decodes itself), SQLite
with `JSON_GROUP_ARRAY`. Only plain values travel this way (whole numbers,
text, booleans): no decimals, dates or times.
"""

from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Aggregate, JSONField, Subquery, Value
from django.db.models.functions import JSONObject


class JSONList(Aggregate):
    """The values of the rows as one JSON array (NULL for no rows)."""

    function = "JSONB_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


def json_rows(queryset: models.QuerySet, *fields: str) -> Subquery:
    """`fields` of each row of `queryset` (which may use `OuterRef`), as a JSON list of
    objects: an expression to annotate another query with. No order is kept."""
    return Subquery(
        queryset.order_by()
        .annotate(_all=Value(1))
        .values("_all")
        .annotate(rows=JSONList(JSONObject(**{name: name for name in fields})))
        .values("rows"),
        output_field=JSONField(),
    )


def rows_as(model: type[models.Model], rows: list[dict] | None) -> list:
    """The rows `json_rows` carried, as instances of `model` read from the database (the
    fields that did not travel are deferred: reading one is a query)."""
    found = []
    for row in rows or []:
        # from_db takes the values in the model's field order; jsonb keeps keys its own way.
        names = [f.attname for f in model._meta.concrete_fields if f.attname in row]
        found.append(model.from_db(DEFAULT_DB_ALIAS, names, [row[name] for name in names]))
    return found
