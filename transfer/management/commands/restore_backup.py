"""Restore a backup file into a user's empty account, as the site's restore page does.

    python manage.py restore_backup --username ann ann.json

The whole file is checked before anything is written, and written in one
transaction; a problem is reported with where it is and nothing changes. Run
by an operator, it takes files of any size (the site stops at
IMPORT_MAX_BYTES).
"""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from transfer.restore import BackupError, backup_load, backup_restore, restored_summary


class Command(BaseCommand):
    help = "Restore a Hamstrong backup (JSON) into a user's empty account."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--username", required=True)

    def handle(self, *args, file, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        started = time.perf_counter()
        try:
            restored = backup_restore(user=user, data=backup_load(file.read_bytes()))
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except BackupError as error:
            raise CommandError("\n".join(error.messages)) from None
        seconds = time.perf_counter() - started
        self.stdout.write(f"{restored_summary(restored)} ({seconds:.1f} s)")
