"""Rebuild every user's records now that they are kept per band colour and per leg.

Its own migration, after the one that adds the columns: PostgreSQL refuses to
build the new foreign key's index in a transaction that has already written rows.
"""

from django.conf import settings
from django.db import migrations

from progress.records import RECORD_SET_FIELDS, rebuild_rows


def rebuild_every_users_records(apps, schema_editor):
    """Rebuild every user's records from their log, with the historical models.

    The rows written before this migration compared reps across band colours
    and legs, and let a record win by a gram. Rebuilding is what
    `progress.records.records_rebuild` does, user by user: the rule itself
    (`rebuild_rows`) reads sets by attribute and makes rows of the model it is
    given, so it runs on the models as they stand here.
    """
    User = apps.get_model(settings.AUTH_USER_MODEL)
    LoggedSet = apps.get_model("training", "LoggedSet")
    PersonalRecord = apps.get_model("progress", "PersonalRecord")
    users = User.objects.filter(pk__in=PersonalRecord.objects.values("user_id")).only("unit")
    for user in users.iterator():
        PersonalRecord.objects.filter(user=user).delete()
        sets = (
            LoggedSet.objects.filter(session__user=user)
            .exclude(kind="warmup")
            .select_related("session", "exercise")
            .only(*RECORD_SET_FIELDS)
            .order_by("session__date", "pk")
        )
        rows = rebuild_rows(sets.iterator(chunk_size=2000), unit=user.unit, model=PersonalRecord)
        PersonalRecord.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0003_records_per_band_and_side"),
        ("training", "0004_import_payload_mapping_blank"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Backwards, the rebuilt rows stay: each is still one set's record of one kind.
        migrations.RunPython(rebuild_every_users_records, migrations.RunPython.noop),
    ]
