"""The installable shell, seen from the server: the manifest, the worker, the offline page.

The journeys (a set logged offline, kept, sent; a refused set; log-out) are in
tests/test_offline_browser.py, in Chromium with the worker registered.
"""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext

from config.offline import SHELL, WORKBOX

pytestmark = pytest.mark.django_db


def test_the_manifest_makes_the_app_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Hamstrong" and manifest["short_name"]
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/dashboard/" and manifest["scope"] == "/"
    assert manifest["theme_color"] == "#1f4e79"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes  # what browsers ask of an installable app
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix(static(""))), icon


def test_every_page_links_the_manifest_and_names_the_worker(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'data-sw="/sw.js"' in page
    assert static("js/offline.js") in page


def test_the_worker_is_served_from_the_root_and_never_kept_stale(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    # Workbox from this site, in dependency order, then the routes.
    imported = re.findall(r'"([^"]+\.js)"', script.split("self.HAMSTRONG")[0])
    assert imported == [static(path) for path in WORKBOX]
    assert script.rstrip().endswith(f'importScripts("{static("js/sw.js")}");')
    assert "http" not in script  # nothing from another origin


def test_the_worker_precaches_the_shell_and_the_offline_page(client):
    script = client.get("/sw.js").content.decode()
    settings = json.loads(re.search(r"self\.HAMSTRONG = (\{.*\});", script)[1])
    urls = [entry["url"] for entry in settings["precache"]]
    assert urls == [static(path) for path in SHELL] + ["/offline/"]
    assert all(re.fullmatch(r"[0-9a-f]{16}", e["revision"]) for e in settings["precache"])
    assert all(finders.find(path) for path in SHELL + WORKBOX + ("js/sw.js",))
    assert client.get("/offline/").status_code == 200
    kept = re.compile(settings["pages"])
    kept_paths = ("/dashboard/", "/training/upcoming/", "/training/sessions/12/")
    for path in (*kept_paths, "/training/sessions/12/finish/"):
        assert kept.match(path), path
    for path in ("/accounts/login/", "/training/sessions/12/summary/", "/progress/"):
        assert not kept.match(path), path


def test_the_offline_page_needs_no_user_and_no_query(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/offline/")
    assert response.status_code == 200
    assert "No connection" in response.content.decode()
    assert len(queries) == 0
