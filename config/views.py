import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


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
