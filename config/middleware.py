"""Project-wide middleware."""

import time
from contextlib import ExitStack

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
