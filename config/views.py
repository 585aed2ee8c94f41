import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# How long a phone is asked to wait before sending again: about what a
# PostgreSQL restart or a gunicorn instance coming back takes.
RETRY_AFTER_S = 5


@require_GET
def home(request):
    if request.user.is_authenticated:
        return redirect("progress:dashboard")
    return render(request, "home.html")


@never_cache
@require_GET
def healthz(request):
    """One round trip to the database: the floor every page stands on."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("healthz: database unreachable: %s", exc)
        return JsonResponse(
            {"status": "error", "database": "unreachable", "reason": exc.__class__.__name__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request):
    """The 500 handler: a 503 with `Retry-After` when the database is unreachable.

    Django calls it inside its `except` block for any exception a view or a
    middleware lets through (session and user loading included), so the
    exception is still in `sys.exc_info()`. An unreachable database is an
    outage, not a bug: the request may simply be sent again.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return service_unavailable()
    return defaults.server_error(request)


def service_unavailable() -> HttpResponse:
    """The outage page, rendered without the request: no session, no user, no query."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_S)
    add_never_cache_headers(response)
    return response
