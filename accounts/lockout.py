"""Log-in throttling: what django-axes asks of the project (settings name these).

Axes counts failed log-ins per username and client address, and refuses the
pair for a cool-off once it reaches the limit (see the axes block in settings).
"""

import ipaddress
import math
from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _is_trusted_proxy(address: str | None) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(
        ip in ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES
    )


def client_ip_behind_proxy(request: HttpRequest) -> str | None:
    """The client's address as the TLS proxy saw it: the last X-Forwarded-For entry,
    when the request came from a proxy of TRUSTED_PROXIES; otherwise REMOTE_ADDR.

    The proxy appends the address it was connected from, so the last entry is
    the only one a client cannot forge; the ones before it are whatever the
    client sent. A client that reaches the app port directly could send any
    X-Forwarded-For, so the header counts only from a configured proxy. This
    assumes one proxy in front of the app (BEHIND_TLS_PROXY).
    """
    remote = request.META.get("REMOTE_ADDR")
    if not _is_trusted_proxy(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    last = forwarded.rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return remote


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for counting (log-ins, emails): see `client_ip_behind_proxy`."""
    if settings.BEHIND_TLS_PROXY:
        return client_ip_behind_proxy(request)
    return request.META.get("REMOTE_ADDR")


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """The page a locked-out log-in gets: 429, when to try again, and the way to a reset.

    The same for every username, known or not, so it tells nothing about accounts.
    """
    cool_off = settings.AXES_COOLOFF_TIME
    response = render(
        request,
        "accounts/locked_out.html",
        {
            "title": "Too many failed log-ins",
            "minutes": math.ceil(cool_off.total_seconds() / 60),
        },
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    return response
