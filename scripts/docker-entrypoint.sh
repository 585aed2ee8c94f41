#!/bin/sh
# Container start: bring the schema up to date and (re)load the catalog, then
# run the command (gunicorn by default). Both steps are idempotent, so every
# replica may run them; migrations take a lock on PostgreSQL.
set -eu
python manage.py migrate --noinput
python manage.py loaddata fixtures/*.json
exec "$@"
