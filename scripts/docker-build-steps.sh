#!/usr/bin/env bash
# The Dockerfile's build steps as plain shell, so CI proves them without a
# Docker engine: install the runtime dependencies (no dev tools), collect the
# static files with DEBUG off (hashed, compressed manifest storage), and run
# `check --deploy` with warnings as failures.
#
#   BUILD_VENV=/some/dir scripts/docker-build-steps.sh   # into a fresh virtualenv
#   scripts/docker-build-steps.sh                        # with the current python
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if [ -n "${BUILD_VENV:-}" ]; then
  "$python" -m venv "$BUILD_VENV"
  python="$BUILD_VENV/bin/python"
fi
"$python" -m pip install --disable-pip-version-check -q --no-cache-dir .

export DEBUG=0
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-localhost}
export SECRET_KEY=${SECRET_KEY:-$("$python" -c 'import secrets; print(secrets.token_urlsafe(50))')}
"$python" manage.py collectstatic --noinput --clear -v 0
"$python" manage.py check --deploy --fail-level WARNING
echo "build steps ok: dependencies installed, static files collected, check --deploy clean"
