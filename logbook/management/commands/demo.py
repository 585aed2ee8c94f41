"""Create the demo account: about twelve weeks of training for a newcomer to look around.

    python manage.py demo            # create it when missing or stale; print how to log in
    python manage.py demo --reset    # delete it and build it again

The history is built by `logbook.demo`, through the app's own
write paths and in date order, the same every time it is built.

It refuses to run with DEBUG off unless told `--force`: a production database
has no use for a known password.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from logbook.demo import (
    EMAIL,
    PASSWORD,
    USERNAME,
    build_demo,
    demo_delete,
    find_demo,
    is_stale,
)

BASE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Create the demo account with about twelve weeks of history, and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo account and build it again."
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never in production)."
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="Build the history as if today were this day (YYYY-MM-DD).",
        )
        parser.add_argument(
            "--base-url",
            default=BASE_URL,
            help=f"Where the site is served, for the login link (default {BASE_URL}).",
        )

    def handle(self, *args, reset, force, today, base_url, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like production: the demo account has a "
                "published password. Pass --force if you really want it here."
            )
        today = today or timezone.localdate()
        demo = find_demo()
        if demo is not None and not reset and not is_stale(demo, today):
            done = "ready"
        else:
            if demo is None:
                done = "created"
            elif reset:
                done = "rebuilt"
            else:
                done = "rebuilt: its history had gone stale"
            with transaction.atomic():
                if demo is not None:
                    demo_delete(demo)
                build_demo(today)
        login = base_url.rstrip("/") + reverse("accounts:login")
        self.stdout.write(
            f"Demo account {done}: log in at {login} as {USERNAME} ({EMAIL}), password {PASSWORD}"
        )
