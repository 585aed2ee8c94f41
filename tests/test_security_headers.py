"""Security headers: a strict Content-Security-Policy everywhere, HSTS over https.

The policy allows this origin only, and nothing inline: no <script> without a
`src`, no `style` attribute, no `on…=` handler in any template (checked below, as
the browser would refuse them). tests/test_csp_browser.py proves the pages work
under it; `check --deploy` and tests/test_settings.py cover the cookies.
"""

import re
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

pytest_plugins = ["tests.production_server"]

BASE_DIR = Path(__file__).resolve().parent.parent
POLICY = {
    "default-src": "'self'",
    "script-src": "'self' 'report-sample'",
    "style-src": "'self' 'report-sample'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
INLINE = {
    "a <script> without src": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "a style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "an on… event handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "a <style> element": re.compile(r"<style[\s>]", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
}


# Django's {# #} comments end on their line; {% comment %} spans lines.
COMMENT = re.compile(r"\{#[^\n]*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)


def policy(header: str) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in directives}


def templates():
    return sorted(
        path
        for folder in [BASE_DIR / "templates", *BASE_DIR.glob("*/templates")]
        for path in folder.rglob("*.html")
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "logged_in"),
    [("home", False), ("accounts:login", False), ("progress:dashboard", True)],
)
def test_every_page_carries_the_strict_policy(client, user, name, logged_in):
    if logged_in:
        client.force_login(user)
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert policy(response["Content-Security-Policy"]) == POLICY


@pytest.mark.django_db
def test_error_pages_carry_the_policy_too(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert policy(response["Content-Security-Policy"]) == POLICY


def test_the_templates_hold_nothing_the_policy_would_block():
    found = [
        f"{path.relative_to(BASE_DIR)}: {what}"
        for path in templates()
        for what, pattern in INLINE.items()
        if pattern.search(COMMENT.sub("", path.read_text()))
    ]

    assert len(templates()) > 50
    assert found == []


def test_the_template_check_can_see_each_kind_of_inline_code():
    samples = [
        "<script>alert(1)</script>",
        '<div style="color: red">',
        '<button onclick="go()">',
        "<style>p {}</style>",
        '<a href="javascript:go()">',
    ]
    assert [any(p.search(s) for p in INLINE.values()) for s in samples] == [True] * 5
    assert not any(
        p.search('<script src="/static/js/app.js" defer></script>') for p in INLINE.values()
    )


def test_production_answers_https_with_hsts_and_the_security_headers(production_server):
    request = urllib.request.Request(
        production_server.url + "/accounts/login/", headers={"X-Forwarded-Proto": "https"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        headers = response.headers

    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert policy(headers["Content-Security-Policy"]) == POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
