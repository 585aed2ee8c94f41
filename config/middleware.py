"""Project-wide middleware."""

import time
from contextlib import ExitStack

from django.core.exceptions import BadRequest
from django.db import connections


class ServerTimingMiddleware:
    """Add a `Server-Timing` header: database time and query count, and the total.

    Browsers' developer tools show it beside each request, so the cost of any
    page can be read without a profiler. It is outermost, so `total` covers
    every other middleware and the view; `db` covers every query on every
    database connection this request used (a streamed body is not included).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timer = _QueryTimer()
        started = time.perf_counter()
        with ExitStack() as stack:
            for connection in connections.all(initialized_only=False):
                stack.enter_context(connection.execute_wrapper(timer))
            response = self.get_response(request)
        total_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = (
            f'db;dur={timer.seconds * 1000:.1f};desc="{timer.count} queries", '
            f"total;dur={total_ms:.1f}"
        )
        return response


class _QueryTimer:
    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


class UnreadableAddressMiddleware:
    """Refuse an address holding a NUL character, in its path or its query, with a 400.

    No page of the app names anything with one, and PostgreSQL refuses one in a
    query parameter (`DataError`), so without this `GET /training/calendar/feed/%00.ics`
    was a 500. Form fields refuse NUL on their own, beside the field, keeping what was
    typed; broken UTF-8 in an address already arrives as replacement characters.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("The address holds a NUL character.")
        return self.get_response(request)
