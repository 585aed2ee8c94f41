"""The installable, offline-first shell (docs/offline.md): the web app manifest, the
service worker and the offline page. None of them reads a user or the database.

The worker itself is static/js/sw.js (Workbox's routing and caching, vendored under
static/vendor/workbox/); /sw.js, served from the site root so that its scope is the
whole site, loads Workbox and it, and hands it the list of files to precache with
their revisions. A changed static file changes that list, so the browser installs the
new worker and refreshes its copies.
"""

import hashlib
import json
from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import PrefixNode, static
from django.urls import reverse
from django.views.decorators.http import require_GET

# What every page needs, precached when the worker installs: a page from the cache
# finds its styles and scripts with no network. The session page's own (htmx, its timers).
SHELL = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "css/app.css",
    "vendor/idb-keyval/idb-keyval.umd.js",
    "js/offline.js",
    "django_htmx/htmx-2.min.js",
    "js/session.js",
    "js/theme.js",
    "img/icon.svg",
    "img/favicon.ico",
    "img/apple-touch-icon.png",
)
# Workbox's modules, in the order they depend on each other.
WORKBOX = tuple(
    f"vendor/workbox/workbox-{part}.prod.js"
    for part in ("core", "routing", "strategies", "expiration", "precaching")
)
# The pages kept for offline use, network first: the dashboard, the upcoming list, session
# pages and their finish pages (docs/offline.md). Any other page, offline, is the offline page.
KEPT_PAGES = r"^/(dashboard/|training/upcoming/|training/sessions/\d+/(finish/)?)$"
PAGES_CACHE = "hamstrong-pages"  # static/js/offline.js empties it at log-out


@cache
def _revision(path: str) -> str:
    """A digest of a static file's content: its precache entry changes when it does."""
    found = finders.find(path)
    content = open(found, "rb").read() if found else path.encode()  # noqa: SIM115
    return hashlib.sha256(content).hexdigest()[:16]


def _worker_script() -> str:
    offline_url = reverse("offline")
    shell = [{"url": static(path), "revision": _revision(path)} for path in SHELL]
    page = hashlib.sha256("".join(e["revision"] for e in shell).encode()).hexdigest()[:16]
    settings = {
        "precache": [*shell, {"url": offline_url, "revision": page}],
        "offline": offline_url,
        "pages": KEPT_PAGES,
        "pagesCache": PAGES_CACHE,
        "static": PrefixNode.handle_simple("STATIC_URL"),  # static("") fails with hashed names
    }
    imports = ", ".join(json.dumps(static(path)) for path in WORKBOX)
    return (
        "// Hamstrong's service worker: docs/offline.md.\n"
        f"importScripts({imports});\n"
        f"self.HAMSTRONG = {json.dumps(settings)};\n"
        f"importScripts({json.dumps(static('js/sw.js'))});\n"
    )


@require_GET
def service_worker(request):
    response = HttpResponse(_worker_script(), content_type="text/javascript; charset=utf-8")
    # The browser checks for a new worker on every visit; an old one must never stick.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    """The web app manifest: installable, opening on the dashboard, standalone."""
    icons = [
        {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {"src": static("img/apple-touch-icon.png"), "sizes": "180x180", "type": "image/png"},
    ]
    data = {
        "name": "Hamstrong",
        "short_name": "Hamstrong",
        "description": "A training log for hamstring strength that tells you when to progress.",
        "id": "/",
        "start_url": reverse("progress:dashboard"),
        "scope": "/",
        "display": "standalone",
        "theme_color": "#1f4e79",
        "background_color": "#ffffff",
        "icons": icons,
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "max-age=3600"
    return response


@require_GET
def offline(request):
    """What a page the phone has not kept shows with no connection (precached)."""
    return render(request, "offline.html")
