import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_asgi_application()

# Each PostgreSQL statement of a web request is cut at DATABASE_STATEMENT_TIMEOUT_MS.
from config.statement_timeout import limit_web_statements  # noqa: E402

limit_web_statements()
