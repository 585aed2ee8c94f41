"""Write a user's backup (the same JSON as the site's “Download a backup”) to a file or stdout.

python manage.py export_backup --username ann -o ann.json
python manage.py export_backup --username ann > ann.json
"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from transfer.backup import backup_json


class Command(BaseCommand):
    help = "Write a user's Hamstrong backup (JSON) to a file, or to stdout."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("-o", "--output", type=Path, help="The file to write (default stdout).")

    def handle(self, *args, username, output, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        if output is None:
            for piece in backup_json(user=user):
                sys.stdout.write(piece)
            return
        with output.open("w", encoding="utf-8") as file:
            for piece in backup_json(user=user):
                file.write(piece)
        self.stderr.write(f"Backup of {username} written to {output}.")
