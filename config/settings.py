"""Hamstrong settings: one module, every deployment value from the environment.

Easy locally (DEBUG on, SQLite, a throwaway secret key), fail-closed in
production: with DEBUG off a missing SECRET_KEY or ALLOWED_HOSTS stops the
process at start-up instead of serving with a guessable key.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, REPORT_SAMPLE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None


def envlist(name: str, default: str = "") -> list[str]:
    raw = os.environ.get(name, default)
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-key-never-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "exercises",
    "training",
    "progress",
    "logbook",
    "transfer",
]

MIDDLEWARE = [
    # Outermost, so its total covers everything below.
    "config.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response, error pages included.
    "csp.middleware.CSPMiddleware",
    # Before anything reads the address: a NUL in it is a clean 400, never a 500.
    "config.middleware.UnreadableAddressMiddleware",
    # Static files: served (pre-compressed) by whitenoise before the rest runs.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages: gzip (Django's middleware pads against BREACH-style attacks).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so the lock-out page replaces the log-in view's answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite by default so the quick start needs nothing; DATABASE_URL selects
# PostgreSQL (psycopg 3) in CI and production.
# An empty DATABASE_URL (common in .env files) means "not set", not "no database".
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# In the web process only (config/statement_timeout.py), PostgreSQL cancels a statement
# that runs longer than this, and the page is the outage 503; 0 turns the limit off.
DATABASE_STATEMENT_TIMEOUT_MS = envint("DATABASE_STATEMENT_TIMEOUT_MS", 5000)
if DATABASE_STATEMENT_TIMEOUT_MS < 0:
    raise ImproperlyConfigured("DATABASE_STATEMENT_TIMEOUT_MS must be 0 (no limit) or more.")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background tasks (imports, restores, account deletion): Django's Tasks API with the
# database as the queue, so any number of `manage.py worker` processes on any number of
# machines share the one PostgreSQL and nothing else has to run.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running task that has not reported progress for this long is taken for dead (its
# worker was killed or its machine went away): a starting worker resumes it, and its
# page offers to. Each step reports within seconds; the last one (judging the whole
# history) takes longest, about 20 s for 100,000 sets.
TASK_STALL_SECONDS = envint("TASK_STALL_SECONDS", 300)

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked-out log-in before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "progress:dashboard"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed names in production; plain names with DEBUG on (the
# quick start and the tests), because pytest-django's live_server does not
# serve the manifest's hashed names.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Hamstrong <noreply@localhost>")
# Password-reset and sign-up emails an hour, per address sent to and per client asking
# (accounts/throttle.py); over either, the email is not sent and the page is the same.
EMAIL_PER_ADDRESS_PER_HOUR = envint("EMAIL_PER_ADDRESS_PER_HOUR", 3)
EMAIL_PER_CLIENT_PER_HOUR = envint("EMAIL_PER_CLIENT_PER_HOUR", 10)


def cache_from_url(url: str) -> dict:
    """CACHE_URL: empty for this process's memory (one instance only), db://TABLE for a
    table in the database (`manage.py createcachetable` makes it), redis://… for Redis."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.startswith("db://") and url[5:].isidentifier():
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": url[5:]}
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(
        f"CACHE_URL must be empty, db://TABLE_NAME or redis://HOST:PORT/DB; got {url!r}"
    )


# The cache holds the email throttle's counts: several instances need one they share.
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "").strip())}

# Imports from other apps and backup restores: the largest file accepted, and
# the most rows an import may hold (a decade of training is well under it).
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", 100_000)
# The most different exercise names one import may hold: each is a choice on the review page.
IMPORT_MAX_NAMES = envint("IMPORT_MAX_NAMES", 500)

# Security: strict whenever DEBUG is off, so `check --deploy` is clean.
# SECURE_SSL_REDIRECT and the secure cookies can be turned off for a plain-HTTP
# benchmark on loopback; /healthz stays reachable over HTTP for probes.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
BEHIND_TLS_PROXY = envbool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client; from
# any other address the header is ignored, so a client that reaches the app port
# directly cannot choose the address it is counted under.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", "127.0.0.1")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must be addresses or CIDR ranges separated by commas; got {_proxy!r}"
        ) from None

# Log-in throttling (django-axes): after LOGIN_FAILURE_LIMIT failed log-ins for one
# username from one address, that pair is refused for LOGIN_COOLOFF_MINUTES, and each
# try meanwhile starts the wait again. The pair, not the username alone, so that an
# attacker cannot lock a person out everywhere; unknown usernames count like known ones.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOLOFF_MINUTES = envint("LOGIN_COOLOFF_MINUTES", 15)
if AXES_FAILURE_LIMIT < 1 or LOGIN_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT and LOGIN_COOLOFF_MINUTES must be 1 or more.")
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A 429 page saying when to try again, with a Retry-After header.
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# No row for every successful log-in: nothing reads it, and it is personal data.
AXES_DISABLE_ACCESS_LOG = True
# The lock lifts by itself; `manage.py axes_reset_username <name>` lifts it sooner.
AXES_ENABLE_ADMIN = False
# django-ipware is not installed, so axes reads REMOTE_ADDR; behind the proxy that is
# the proxy's address, and the client's is the one the proxy appended to X-Forwarded-For.
if BEHIND_TLS_PROXY:
    AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip_behind_proxy"

# Content-Security-Policy: everything from this origin, nothing inline, nothing
# evaluated. Pages keep their scripts and styles in static/ (htmx's indicator
# style, which no page uses, is turned off in base.html). Images also allow data:
# URIs: Bootstrap draws its form icons (select arrows, checks) as inline SVG in CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # 'report-sample': a violation report quotes the start of what was blocked.
        "script-src": [SELF, REPORT_SAMPLE],
        "style-src": [SELF, REPORT_SAMPLE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Axes logs every log-in and log-out at INFO; its warnings (lock-outs) are enough.
        "axes": {"level": "WARNING"},
    },
}
