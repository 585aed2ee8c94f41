#!/bin/sh
# Container start: bring the schema up to date and load the shipped catalog
# safely, then run the command (gunicorn by default). The load adds new catalog
# rows and updates the ones no curator has changed; an admin edit is never
# undone (see docs/catalog.md). Both steps may run in every replica: migrations
# and the catalog load each take a lock on PostgreSQL.
set -eu
python manage.py migrate --noinput
# The cache table, where CACHE_URL=db://… names one (nothing to do otherwise).
python manage.py createcachetable
python manage.py load_catalog
exec "$@"
