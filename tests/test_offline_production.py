"""The service worker as deployed: DEBUG off, hashed static names (whitenoise's manifest
storage), gunicorn. What it loads and precaches must exist under those names, or the
worker never installs and nothing is kept for offline use."""

import json
import re
import urllib.request

pytest_plugins = ["tests.production_server"]


def fetch(server, path):
    with urllib.request.urlopen(server.url + path, timeout=30) as response:
        return response.status, response.headers, response.read()


def test_the_worker_and_everything_it_loads_are_served_under_their_hashed_names(
    production_server,
):
    status, headers, body = fetch(production_server, "/sw.js")
    assert status == 200 and headers["Cache-Control"] == "no-cache"
    script = body.decode()
    urls = re.findall(r'"(/static/[^"]+)"', script)
    assert len(urls) > 10
    for url in urls:
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", url), url  # hashed: kept for a year
        assert fetch(production_server, url)[0] == 200, url
    settings = json.loads(re.search(r"self\.HAMSTRONG = (\{.*\});", script)[1])
    assert settings["static"] == "/static/"
    assert fetch(production_server, settings["offline"])[0] == 200


def test_the_manifest_icons_are_served_as_deployed(production_server):
    manifest = json.loads(fetch(production_server, "/manifest.webmanifest")[2])
    for icon in manifest["icons"]:
        assert fetch(production_server, icon["src"])[0] == 200, icon["src"]
