# Hamstrong: `make run` serves the app, `make test` runs every check.
# Both create .venv on first use and are safe to run again.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run demo test setup lint vendor catalog clean bench bench-import fault-load

$(PY):
	$(PYTHON) -m venv $(VENV)

# Re-install only when the declared dependencies change.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PIP) install ".[dev]"
	touch $@

# Migrations run only when one is pending; the catalog load is the safe one (below).
setup: $(VENV)/.installed
	$(PY) manage.py load_catalog --migrate

# Loads the shipped catalog under fixtures/ without undoing admin edits: new rows are
# added, rows no curator has changed take the shipped values, curated rows are kept
# (`manage.py catalog_diff` lists them). Unchanged fixture files cost one query.
catalog: $(VENV)/.installed
	$(PY) manage.py load_catalog

# Creates the demo account when it is missing (or its history is over a week old)
# and prints how to log in, then serves, with a background worker beside the dev
# server (imports, restores, account deletions); Ctrl+C stops both.
run: setup
	$(PY) manage.py demo --base-url http://$(HOST):$(PORT)
	@$(PY) manage.py worker --no-reload --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Deletes the demo account and builds its twelve weeks of history again.
demo: setup
	$(PY) manage.py demo --reset --base-url http://$(HOST):$(PORT)

# ruff, then the import contracts of docs/architecture.md (import-linter, pyproject.toml).
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-logo

# One pytest worker a CPU (pytest-xdist; PYTEST_XDIST_AUTO_NUM_WORKERS=N to choose), each on
# its own test database; tests that share a costly fixture stay on one worker
# (tests/plugins/xdist_groups.py). `.venv/bin/pytest tests/x.py` runs in one process.
test: lint
	$(VENV)/bin/pytest -n auto --dist loadgroup

# Load test: gunicorn (DEBUG off) on PostgreSQL database hamstrong_bench at 127.0.0.1,
# locust headless for BENCH_TIME seconds (60), figures into docs/performance.md.
# Locust gets its own virtualenv (bench/.venv) so the app's stays as deployed.
bench: $(VENV)/.installed bench/.venv/.installed
	-$(NGINX_INSTALL)
	$(PY) bench/run.py

# Debian's nginx, for the bench's second instance and the fault test (apt-get: needs root).
NGINX_INSTALL = command -v nginx >/dev/null || (apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null)

bench/.venv/.installed: bench/requirements.txt
	$(PYTHON) -m venv bench/.venv
	bench/.venv/bin/pip --disable-pip-version-check -q install -r bench/requirements.txt
	touch $@

# Import timing: a 50,000-set Strong export through `manage.py import_history`, on
# PostgreSQL (database hamstrong_import at 127.0.0.1, recreated) and SQLite;
# figures into docs/performance.md.
bench-import: $(VENV)/.installed
	$(PY) bench/import_timing.py

# Fault-and-load test, loopback only, about two minutes: Debian's nginx (installed with
# apt-get when missing) in front of two gunicorn instances on a throwaway PostgreSQL
# cluster (port 54329); 20 people log sets for FAULTS_TIME seconds (60) while one instance
# is killed and PostgreSQL restarted; figures into docs/reliability.md. Needs root.
fault-load: $(VENV)/.installed
	$(NGINX_INSTALL)
	$(PY) bench/faults.py

# Refresh static/vendor/ from the npm registry (needs npm; not needed to run or test).
vendor:
	$(PYTHON) scripts/refresh_vendor.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
