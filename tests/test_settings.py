import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import envbool, envint, envlist

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Variables that would change what `check --deploy` sees: the settings' own,
# and the async-safety switch tests/conftest.py sets for the browser tests.
SETTINGS_VARIABLES = {
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
}


def random_secret_key():
    alphabet = string.ascii_letters + string.digits + string.punctuation
    return "".join(secrets.choice(alphabet) for _ in range(50))


def manage(*args, **env):
    """Run manage.py in a fresh process with only `env` set among the settings variables."""
    environ = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=random_secret_key(),
        ALLOWED_HOSTS="example.com",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_secure_the_cookies_and_ask_for_https_only():
    shown = (
        "SECURE_SSL_REDIRECT SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE SESSION_COOKIE_HTTPONLY "
        "SECURE_HSTS_SECONDS SECURE_HSTS_INCLUDE_SUBDOMAINS SECURE_HSTS_PRELOAD X_FRAME_OPTIONS"
    )
    result = manage(
        "shell",
        "-c",
        f"from django.conf import settings\nfor name in {shown.split()!r}: "
        "print(name, getattr(settings, name))",
        DEBUG="0",
        SECRET_KEY=random_secret_key(),
        ALLOWED_HOSTS="example.com",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    values = dict(
        line.split(" ", 1)
        for line in result.stdout.splitlines()
        if line.split(" ")[0] in shown.split()
    )
    assert values == {
        "SECURE_SSL_REDIRECT": "True",
        "SESSION_COOKIE_SECURE": "True",
        "CSRF_COOKIE_SECURE": "True",
        "SESSION_COOKIE_HTTPONLY": "True",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "True",
        "SECURE_HSTS_PRELOAD": "True",
        "X_FRAME_OPTIONS": "DENY",
    }


def test_debug_off_without_a_secret_key_refuses_to_start():
    result = manage("check", DEBUG="0", ALLOWED_HOSTS="example.com")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_debug_off_with_an_empty_secret_key_refuses_to_start():
    result = manage("check", DEBUG="0", SECRET_KEY="", ALLOWED_HOSTS="example.com")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set" in result.stderr


def test_debug_off_without_allowed_hosts_refuses_to_start():
    result = manage("check", DEBUG="0", SECRET_KEY=random_secret_key())

    assert result.returncode != 0
    assert "ImproperlyConfigured: ALLOWED_HOSTS must be set when DEBUG is off." in result.stderr


def test_a_malformed_debug_flag_refuses_to_start_and_says_why():
    result = manage("check", DEBUG="maybe")

    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG must be one of" in result.stderr
    assert "got 'maybe'" in result.stderr


def test_the_quick_start_needs_no_environment_at_all():
    result = manage("check")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        (" on ", True),
        ("0", False),
        ("FALSE", False),
        ("no", False),
        ("off", False),
        ("", False),
    ],
)
def test_envbool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("HAMSTRONG_FLAG", raw)

    assert envbool("HAMSTRONG_FLAG", not expected) is expected


@pytest.mark.parametrize("default", [True, False])
def test_envbool_falls_back_to_the_default_when_unset(monkeypatch, default):
    monkeypatch.delenv("HAMSTRONG_FLAG", raising=False)

    assert envbool("HAMSTRONG_FLAG", default) is default


@pytest.mark.parametrize("raw", ["maybe", "2", "y", "enabled"])
def test_envbool_refuses_anything_else_and_names_the_variable(monkeypatch, raw):
    monkeypatch.setenv("HAMSTRONG_FLAG", raw)

    with pytest.raises(ImproperlyConfigured, match=f"HAMSTRONG_FLAG .*got '{raw}'"):
        envbool("HAMSTRONG_FLAG", False)


@pytest.mark.parametrize(("raw", "expected"), [("60", 60), ("0", 0), (" 25 ", 25), ("-1", -1)])
def test_envint_reads_whole_numbers(monkeypatch, raw, expected):
    monkeypatch.setenv("HAMSTRONG_NUMBER", raw)

    assert envint("HAMSTRONG_NUMBER", 7) == expected


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_envint_falls_back_to_the_default_when_unset_or_blank(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("HAMSTRONG_NUMBER", raising=False)
    else:
        monkeypatch.setenv("HAMSTRONG_NUMBER", raw)

    assert envint("HAMSTRONG_NUMBER", 7) == 7


@pytest.mark.parametrize("raw", ["1.5", "ten", "60s"])
def test_envint_refuses_anything_but_a_whole_number(monkeypatch, raw):
    monkeypatch.setenv("HAMSTRONG_NUMBER", raw)

    with pytest.raises(ImproperlyConfigured, match=f"HAMSTRONG_NUMBER .*got '{raw}'"):
        envint("HAMSTRONG_NUMBER", 7)


def test_envlist_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("HAMSTRONG_LIST", " example.com, www.example.com ,, ")

    assert envlist("HAMSTRONG_LIST") == ["example.com", "www.example.com"]


def test_envlist_falls_back_to_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("HAMSTRONG_LIST", raising=False)

    assert envlist("HAMSTRONG_LIST", "127.0.0.1,localhost") == ["127.0.0.1", "localhost"]
    assert envlist("HAMSTRONG_LIST") == []


def test_envlist_set_but_empty_means_an_empty_list_not_the_default(monkeypatch):
    monkeypatch.setenv("HAMSTRONG_LIST", "")

    assert envlist("HAMSTRONG_LIST", "127.0.0.1") == []


def test_an_empty_database_url_falls_back_to_sqlite():
    result = manage(
        "shell",
        "-c",
        "from django.db import connection; print(connection.vendor)",
        DATABASE_URL="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("sqlite")
