"""`manage.py worker`: a background worker for imports, restores and account deletions.

The database backend's own worker (`db_worker`, from django-tasks-db), after
queueing again whatever an earlier worker left half-done when it was killed.
Run as many as you like, on as many machines as share the database: each task
is claimed by one worker (the queue row is locked with SKIP LOCKED).
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from accounts.tasks import resume_stalled as resume_deletions
from transfer.tasks import resume_stalled as resume_imports


class Command(DatabaseWorker):
    help = (
        "Run a background worker (imports, restores, account deletions); first queue "
        "again the tasks a stopped worker left unfinished."
    )

    def handle(self, *args, **options):
        resumed = resume_imports() + resume_deletions()
        if resumed and options["verbosity"]:
            self.stdout.write(f"Queued again {resumed} unfinished task(s) of a stopped worker.")
        super().handle(*args, **options)
