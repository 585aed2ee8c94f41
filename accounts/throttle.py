"""How many account emails (password resets, sign-ups) one address and one client get.

Twenty reset requests for one address in a few seconds sent twenty emails.
Now each email is counted twice, in the cache, for the hour it is sent in: per
address it goes to (`EMAIL_PER_ADDRESS_PER_HOUR`, default 3) and per client
address that asked for it (`EMAIL_PER_CLIENT_PER_HOUR`, default 10); over
either, it is not sent. The page answers the same whether it was sent or not,
as it does for an address no account uses, so it tells nothing.

A tiny counter rather than django-ratelimit: that library limits views (a
refusal or a flag on the request), where this must keep answering the same and
only skip the email; its last release (2023) is tested up to Django 4.2; and it
asks for a cache with atomic increments (Memcached, Redis), not the database
cache a PostgreSQL-only deployment would share between instances. Here a lost
race between two instances lets an email or two more through at most, which is
still a limit.

The counts live in Django's cache: with several instances it must be one they
share (`CACHE_URL`, see README's configuration).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

HOUR = 3600


def _key(kind: str, value: str, window: int) -> str:
    digest = hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()[:32]
    return f"email-throttle:{kind}:{digest}:{window}"


def _count(key: str) -> int:
    """Add one to the count under `key` (it lapses a little after its hour); the new count."""
    cache.add(key, 0, timeout=HOUR + 60)
    try:
        return cache.incr(key)
    except ValueError:  # lapsed between the two calls
        cache.set(key, 1, timeout=HOUR + 60)
        return 1


def email_allowed(*, address: str, client: str | None) -> bool:
    """Count an email to `address` asked for by `client`; False when over either limit."""
    window = int(time.time() // HOUR)
    to_address = _count(_key("address", address.strip().lower(), window))
    from_client = _count(_key("client", client or "unknown", window))
    return (
        to_address <= settings.EMAIL_PER_ADDRESS_PER_HOUR
        and from_client <= settings.EMAIL_PER_CLIENT_PER_HOUR
    )
