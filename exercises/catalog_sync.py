"""Load the shipped catalog without undoing a curator's work.

Once a database exists it is the catalog's truth. The fixtures under
`fixtures/` are compared with it unit by unit (a row, or a chain with all its
steps, or a routine template with its entries), and each unit is:

- **new**: not in the database and never loaded before: created;
- **same**: equal to the shipped values: nothing to write;
- **updated**: the database still holds the values the last load shipped (no
  curator touched it) and the fixtures now ship others: replaced;
- **kept**: the database differs from what was last shipped (a curator changed
  it, or it predates this bookkeeping and differs): left alone;
- **deleted**: loaded once and deleted since: left deleted.

`CatalogRow` remembers the hash of the shipped values of each unit as last
loaded; `CatalogLoad` the hash of the fixture files, so an unchanged catalog
costs one query. Values are compared in a canonical form (natural keys,
many-to-many sorted, decimals normalised, a field missing from the fixture
read as its default), computed the same way from a fixture row and from a
database row.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import connection, transaction

from exercises.models import CatalogLoad, CatalogRow

# Bump when the canonical form changes: the next load then compares every row again.
FORMAT_VERSION = b"catalog-sync 1"
DEFAULT_DIR = Path(settings.BASE_DIR) / "fixtures"
# Rows that belong to their parent's unit: model -> the field naming the parent.
CHILDREN = {"exercises.chainstep": "chain", "training.routineentry": "routine"}
# The field that holds each model's (one-part) natural key; "slug" unless named here.
KEY_FIELD = {"training.routine": "template_key"}
# PostgreSQL advisory lock: replicas starting together load one at a time.
LOCK_ID = 2020_0001

NEW, SAME, UPDATED, KEPT, DELETED = "new", "same", "updated", "kept", "deleted"


@dataclass
class Unit:
    model: str  # "exercises.exercise"
    key: str  # the natural key, e.g. "nordic-hamstring-curl"
    value: dict  # canonical {"fields": ..., "children": {...}}
    rows: list = field(default_factory=list)  # (position in the fixtures, row) pairs

    @property
    def name(self):
        return f"{self.model}:{self.key}"

    @property
    def hash(self):
        return value_hash(self.value)


@dataclass
class Found:
    """A unit as the database holds it."""

    pk: object
    value: dict

    @property
    def hash(self):
        return value_hash(self.value)


@dataclass
class Comparison:
    unit: Unit
    status: str
    found: Found | None
    stored: CatalogRow | None


def value_hash(value):
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def fixture_paths(paths=None):
    """The fixture files: each given path, a directory meaning its *.json (default fixtures/)."""
    found = []
    for path in map(Path, paths or [DEFAULT_DIR]):
        found.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
    return found


def fixtures_hash(paths):
    digest = hashlib.sha256(FORMAT_VERSION)
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


# --- canonical values -------------------------------------------------------------


def serialized_fields(model):
    """The fields Django's serializers write, in the same order."""
    concrete = [f for f in model._meta.local_fields if f.serialize]
    m2m = [
        f
        for f in model._meta.local_many_to_many
        if f.serialize and f.remote_field.through._meta.auto_created
    ]
    return concrete + m2m


def _as_key(value):
    return list(value) if isinstance(value, list | tuple) else value


def canonical(model_field, value):
    if value is None:
        return None
    if model_field.many_to_many:
        return sorted(_as_key(v) for v in value)
    if model_field.is_relation:
        return _as_key(value)
    value = model_field.to_python(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def canonical_fields(model, raw, skip=()):
    values = {}
    for f in serialized_fields(model):
        if f.name in skip:
            continue
        missing = [] if f.many_to_many else f.get_default()
        values[f.name] = canonical(f, raw.get(f.name, missing))
    return values


def _sort_children(children):
    """In position order where the children have one (a chain's steps), for the diff."""
    return sorted(
        children,
        key=lambda c: (
            str(c.get("position", "")).zfill(6),
            json.dumps(c, sort_keys=True, default=str),
        ),
    )


def child_models(parent_label):
    """(label, model, parent field) of each configured child model of this parent."""
    found = []
    for label, parent_field in CHILDREN.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if model._meta.get_field(parent_field).related_model._meta.label_lower == parent_label:
            found.append((label, model, parent_field))
    return found


# --- the shipped side ---------------------------------------------------------------


def shipped_units(paths):
    """Every unit of the fixture files, in the order the files give them."""
    rows = []
    for path in paths:
        rows.extend(json.loads(path.read_text(encoding="utf-8")))
    units, children = {}, []
    for position, row in enumerate(rows):
        label = row["model"].lower()
        if label in CHILDREN:
            children.append((position, row))
            continue
        model = apps.get_model(label)
        key = _shipped_key(label, row)
        units[(label, key)] = Unit(label, key, {"fields": canonical_fields(model, row["fields"])})
        units[(label, key)].rows.append((position, row))
    for unit in units.values():
        unit.value["children"] = {label: [] for label, _, _ in child_models(unit.model)}
    for position, row in children:
        label = row["model"].lower()
        model = apps.get_model(label)
        parent_field = CHILDREN[label]
        parent_label = model._meta.get_field(parent_field).related_model._meta.label_lower
        parent_key = row["fields"][parent_field]
        unit = units.get((parent_label, ",".join(map(str, _as_key(parent_key)))))
        if unit is None:
            raise ValueError(f"{label} row {position} names a {parent_label} not in the fixtures")
        unit.value["children"][label].append(
            canonical_fields(model, row["fields"], skip={parent_field})
        )
        unit.rows.append((position, row))
    for unit in units.values():
        for label, values in unit.value["children"].items():
            unit.value["children"][label] = _sort_children(values)
    return list(units.values())


def _shipped_key(label, row):
    key_field = KEY_FIELD.get(label, "slug")
    if key_field not in row["fields"]:
        raise ValueError(f"a {label} row has no {key_field}: catalog fixtures use natural keys")
    return str(row["fields"][key_field])


# --- the database side --------------------------------------------------------------


def database_units(units):
    """{(model, key): Found} for the database rows of these units' keys."""
    found = {}
    by_model = {}
    for unit in units:
        by_model.setdefault(unit.model, []).append(unit.key)
    for label, keys in by_model.items():
        model = apps.get_model(label)
        key_field = KEY_FIELD.get(label, "slug")
        objects = list(_serializable(model).filter(**{f"{key_field}__in": keys}))
        rows = _python(objects)
        kids = _children_of(label, objects)
        for obj, row in zip(objects, rows, strict=True):
            value = {"fields": canonical_fields(model, row["fields"]), "children": {}}
            for child_label, by_parent in kids.items():
                value["children"][child_label] = _sort_children(by_parent.get(obj.pk, []))
            found[(label, str(getattr(obj, key_field)))] = Found(obj.pk, value)
    return found


def _serializable(model, **filters):
    """A queryset that serializes without a query per row."""
    fks = [f.name for f in model._meta.local_fields if f.is_relation]
    m2m = [f.name for f in model._meta.local_many_to_many]
    return (
        model._default_manager.filter(**filters)
        .select_related(*fks)
        .prefetch_related(*m2m)
        .order_by("pk")
    )


def _python(objects):
    return serializers.serialize(
        "python", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )


def _children_of(parent_label, parents):
    kids = {}
    for label, model, parent_field in child_models(parent_label):
        objects = list(_serializable(model, **{f"{parent_field}__in": parents}))
        by_parent = kids.setdefault(label, {})
        for obj, row in zip(objects, _python(objects), strict=True):
            values = canonical_fields(model, row["fields"], skip={parent_field})
            by_parent.setdefault(getattr(obj, f"{parent_field}_id"), []).append(values)
    return kids


# --- comparing and writing ----------------------------------------------------------


def compare(units):
    found = database_units(units)
    stored = {(r.model, r.key): r for r in CatalogRow.objects.all()}
    comparisons = []
    for unit in units:
        row = found.get((unit.model, unit.key))
        mark = stored.get((unit.model, unit.key))
        if row is None:
            status = DELETED if mark else NEW
        elif row.hash == unit.hash:
            status = SAME
        elif mark and mark.shipped_hash == row.hash:
            status = UPDATED
        else:
            status = KEPT
        comparisons.append(Comparison(unit, status, row, mark))
    return comparisons


def write_units(comparisons):
    """Write the shipped values of these units over the database's, and remember them."""
    rows = []
    for c in comparisons:
        if c.found is not None:
            for _, model, parent_field in child_models(c.unit.model):
                model._default_manager.filter(**{f"{parent_field}_id": c.found.pk}).delete()
        rows.extend(c.unit.rows)
    rows.sort(key=lambda pair: pair[0])
    deferred = []
    for obj in serializers.deserialize(
        "python", [row for _, row in rows], handle_forward_references=True
    ):
        obj.save()
        if obj.deferred_fields:
            deferred.append(obj)
    for obj in deferred:
        obj.save_deferred_fields()
    for c in comparisons:
        remember(c.unit, c.unit.hash, kept_hash="")


def remember(unit, shipped_hash, **extra):
    CatalogRow.objects.update_or_create(
        model=unit.model, key=unit.key, defaults={"shipped_hash": shipped_hash, **extra}
    )


def _lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])


def last_fixtures_hash():
    return CatalogLoad.objects.order_by("-pk").values_list("fixtures_hash", flat=True).first()


def load(paths=None, *, force=False):
    """Load the shipped catalog safely. Returns (comparisons, None) or (None, "unchanged")."""
    paths = fixture_paths(paths)
    files_hash = fixtures_hash(paths)
    if not force and last_fixtures_hash() == files_hash:
        return None, "unchanged"
    with transaction.atomic():
        _lock()
        if not force and last_fixtures_hash() == files_hash:
            return None, "unchanged"
        comparisons = compare(shipped_units(paths))
        write_units([c for c in comparisons if c.status in (NEW, UPDATED)])
        for c in comparisons:
            if c.status == SAME and (c.stored is None or c.stored.shipped_hash != c.unit.hash):
                remember(c.unit, c.unit.hash, kept_hash="")
        CatalogLoad.objects.create(fixtures_hash=files_hash, summary=summary(comparisons))
    return comparisons, None


def summary(comparisons):
    counts = {}
    for c in comparisons:
        counts[c.status] = counts.get(c.status, 0) + 1
    words = {
        NEW: "new",
        UPDATED: "updated",
        SAME: "unchanged",
        KEPT: "kept as curated",
        DELETED: "left deleted",
    }
    return ", ".join(f"{counts[s]} {w}" for s, w in words.items() if counts.get(s))


# --- who changed it -----------------------------------------------------------------


def last_admin_change(model_label, pk):
    """The latest admin history entry of this row: (user, time), or None."""
    model = apps.get_model(model_label)
    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
        )
        .select_related("user")
        .order_by("-action_time", "-pk")
        .first()
    )
    return (entry.user, entry.action_time) if entry else None


def differences(comparison):
    """[(field, shipped, database)] of a unit; children as one entry per child model."""
    shipped = comparison.unit.value
    database = comparison.found.value if comparison.found else {"fields": {}, "children": {}}
    rows = []
    for name, value in shipped["fields"].items():
        if database["fields"].get(name) != value:
            rows.append((name, value, database["fields"].get(name)))
    for label, value in shipped["children"].items():
        if database["children"].get(label) != value:
            rows.append(
                (_child_name(comparison.unit.model, label), value, database["children"].get(label))
            )
    return rows


def _child_name(parent_label, child_label):
    """What admin calls a unit's children: a chain's "steps", a routine's "entries"."""
    parent_field = apps.get_model(child_label)._meta.get_field(CHILDREN[child_label])
    return parent_field.remote_field.related_name or child_label
