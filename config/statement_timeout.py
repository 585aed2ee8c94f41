"""A time limit on each PostgreSQL statement of a web request (DATABASE_STATEMENT_TIMEOUT_MS).

No query of a page should hold a worker for long: one that runs past the limit
is cancelled by PostgreSQL, which Django raises as an OperationalError, and the
500 handler answers with the outage page (a 503 with Retry-After, see
config/views.py) instead of the worker hanging until gunicorn kills it.

Only the web process is limited: `config.wsgi` and `config.asgi` call
`limit_web_statements()` once, so every connection that process opens gets
the limit. Management commands (migrations, the catalog load, an import from
the command line, `check_bounds`) and the test suite never import those modules
and keep PostgreSQL's default, no limit. SQLite has no such setting.
"""

from django.conf import settings
from django.db.backends.signals import connection_created


def set_statement_timeout(sender=None, connection=None, **kwargs) -> None:
    """Give a new PostgreSQL connection the limit, for its whole life (0: none)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, false)",
            [f"{settings.DATABASE_STATEMENT_TIMEOUT_MS}ms"],
        )


def limit_web_statements() -> None:
    connection_created.connect(set_statement_timeout, dispatch_uid="web-statement-timeout")
