# Indgang — developer and CI entry points. `make help` lists them.
#
# Everything is installed by these targets on a fresh Debian 12 (as root): Debian packages,
# the Python virtualenv from the pinned lock files, the npm packages from package-lock.json,
# the built front-end assets and collected static files. Each step leaves a stamp file
# keyed on the content of its inputs, so a second run with nothing changed is quick.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
RUN_ADDR ?= 127.0.0.1:8000
PYTEST_ARGS ?=
BENCH_ARGS ?=
LOAD_ARGS ?=
BENCH_INTERVENTIONS_ARGS ?=

# Debian packages: the app needs pango (WeasyPrint PDFs), a font and the PostgreSQL client (backups); tests also need a
# PostgreSQL server and Chromium (Playwright drives /usr/bin/chromium).
APT_RUNTIME := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core postgresql-client
APT_TEST := postgresql chromium

# Stamps named by a hash of what they depend on: change a lock file and the stamp name changes.
hash = $(shell cat $(1) 2>/dev/null | sha256sum | cut -c1-16)
PIP_STAMP := $(VENV)/.indgang-pip-$(call hash,requirements.txt requirements-dev.txt)
NPM_STAMP := node_modules/.indgang-npm-$(call hash,package.json package-lock.json)
ASSETS_STAMP := build/.indgang-assets-$(call hash,package-lock.json scripts/build-assets.mjs)
STATIC_STAMP := var/.indgang-collectstatic
# collectstatic re-runs when built assets, app static files or settings change.
STATIC_SOURCES := $(shell find src -path '*/static/*' -type f 2>/dev/null) $(wildcard src/indgang/settings.py)

.PHONY: help install apt-runtime apt-test venv npm assets static run demo migrate lint \
        test test-sqlite test-postgres bench load backup restore clean guide-images

help:
	@echo "Indgang make targets:"
	@echo "  make install        Debian packages, .venv (requirements-dev.txt), npm ci + asset build, collectstatic"
	@echo "  make run            install, migrate, load demo data, serve on http://$(RUN_ADDR)/"
	@echo "  make demo           migrate and (re)load the demo data"
	@echo "  make lint           ruff check, ruff format --check, manage.py check, makemigrations --check, bandit"
	@echo "  make test           install + postgresql/chromium, lint, pytest on SQLite, then on a throwaway PostgreSQL"
	@echo "  make test-sqlite    pytest on SQLite only      (PYTEST_ARGS='-x -k foo' to narrow)"
	@echo "  make test-postgres  pytest on PostgreSQL only  (in parallel, one worker per core; PYTEST_WORKERS=N or 0)"
	@echo "  make guide-images   the browser tests that take the user guide's pictures, writing them to docs/images/"
	@echo "  make bench          benchmarks (bench.run) against a throwaway PostgreSQL (BENCH_ARGS=...)"
	@echo "  make load           load run: gunicorn + PostgreSQL, a PostgreSQL restart mid-run (LOAD_ARGS=...)"
	@echo "  make backup         snapshot of the database (BACKUP=path to choose the file)"
	@echo "  make restore        BACKUP=path: replace the database's contents with a backup"
	@echo "  make clean          remove .venv, node_modules, build/, var/ (database included!)"

# ---------------------------------------------------------------- install

install: apt-runtime venv npm assets static

apt-runtime:
	@scripts/apt-ensure.sh $(APT_RUNTIME)

apt-test:
	@scripts/apt-ensure.sh $(APT_RUNTIME) $(APT_TEST)

venv: $(PIP_STAMP)

$(PIP_STAMP): | requirements.txt requirements-dev.txt
	@if [ ! -x $(PY) ]; then \
	  if ! $(PYTHON) -c 'import ensurepip' 2>/dev/null; then scripts/apt-ensure.sh python3-venv; fi; \
	  echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); \
	fi
	$(PIP) install --disable-pip-version-check -q -r requirements-dev.txt
	@rm -f $(VENV)/.indgang-pip-*
	@touch $@

requirements.txt requirements-dev.txt:
	@echo "Missing $@ (the pinned lock file); it is part of the repository." >&2; exit 1

npm: $(NPM_STAMP)

$(NPM_STAMP):
	@command -v npm >/dev/null || { echo "npm not found: Node.js 20 is required" >&2; exit 1; }
	@node -e 'if (+process.versions.node.split(".")[0] < 20) { console.error("Node.js >= 20 required, found " + process.version); process.exit(1) }'
	npm ci --no-audit --no-fund --loglevel=error
	@rm -f node_modules/.indgang-npm-*
	@touch $@

assets: $(ASSETS_STAMP)

$(ASSETS_STAMP): $(NPM_STAMP)
	npm run --silent build
	@touch $@

static: $(STATIC_STAMP)

$(STATIC_STAMP): $(ASSETS_STAMP) $(PIP_STAMP) $(STATIC_SOURCES)
	@mkdir -p var
	$(MANAGE) collectstatic --noinput --verbosity 0
	@touch $@

# ---------------------------------------------------------------- run

migrate: install
	@mkdir -p var
	$(MANAGE) migrate --noinput

demo: migrate
	EMAIL_URL=$${EMAIL_URL:-dummy:} $(MANAGE) load_demo
	$(MANAGE) compute_due

# The demo runs as production would, without Django's debug pages (the Danish 404 and 500
# instead): DEBUG off, static files through whitenoise from collectstatic's var/static, a
# secret key made once for this machine in var/ (never committed), e-mails to the console.
SECRET_KEY_FILE := var/secret-key

$(SECRET_KEY_FILE):
	@mkdir -p var
	@umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

run: demo static $(SECRET_KEY_FILE)
	@echo
	@echo "Indgang runs at http://$(RUN_ADDR)/  (Ctrl-C stops it)"
	@echo
	DEBUG=$${DEBUG:-0} ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	  SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" EMAIL_URL=$${EMAIL_URL:-console:} \
	  $(MANAGE) runserver $(RUN_ADDR)

# ---------------------------------------------------------------- checks

# All four checks run; the target fails if any of them failed.
lint: $(PIP_STAMP)
	@rc=0; \
	echo "ruff check"; $(VENV)/bin/ruff check . || rc=1; \
	echo "ruff format --check"; $(VENV)/bin/ruff format --check . || rc=1; \
	echo "manage.py check"; $(MANAGE) check || rc=1; \
	echo "manage.py makemigrations --check"; $(MANAGE) makemigrations --check --dry-run || rc=1; \
	echo "bandit"; $(VENV)/bin/bandit -q -c pyproject.toml -r src || rc=1; \
	if [ $$rc -ne 0 ]; then echo "lint: FAILED" >&2; fi; \
	exit $$rc

# SQLite first, then PostgreSQL, each spread over one pytest-xdist worker per core
# (scripts/run-tests.sh; PYTEST_WORKERS=0 for one process); the output ends with pytest's own summary.
test: apt-test install lint
	@scripts/run-tests.sh all $(PYTEST_ARGS)

test-sqlite: install
	@scripts/run-tests.sh sqlite $(PYTEST_ARGS)

test-postgres: apt-test install
	@scripts/run-tests.sh postgres $(PYTEST_ARGS)

# The user guide's screenshots (docs/user-guide.md) from the browser walks of each role;
# tests/browser/guide_images.py names the screenshots it keeps and crops them.
GUIDE_TESTS := test_role_days test_daily_coordinator test_daily_handover \
               test_daily_core_team_partner test_core_team_meeting test_portal
guide-images: apt-test install
	UPDATE_GUIDE_IMAGES=1 $(PY) -m pytest -q -p no:cacheprovider $(GUIDE_TESTS:%=tests/browser/%.py)

bench: apt-test install
	@mkdir -p var
	scripts/pg-cluster.sh with BENCH_POSTGRES_URL -- sh -c '$(PY) -m bench.run $(BENCH_ARGS) && $(PY) -m bench.interventions --skip-foundation $(BENCH_INTERVENTIONS_ARGS) && $(PY) -m bench.portal --skip-foundation $(BENCH_PORTAL_ARGS) && $(PY) -m bench.evaluation'
	$(PY) -m bench.surveys  # the survey analysis: in memory, no database

# A Monday morning against gunicorn + PostgreSQL, with a PostgreSQL restart in the middle
# (bench/load.py; LOAD_ARGS=--seconds 20 --levels 1,2,4,8,16 --workers 4). Writes bench/results/load.json.
load: apt-test install
	$(PY) -m bench.load $(LOAD_ARGS)

# ---------------------------------------------------------------- backups

# The database named by DATABASE_URL (SQLite in var/ by default); see docs/operations.md.
backup: install
	$(MANAGE) backup $(if $(BACKUP),--output $(BACKUP))

restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/<file>" >&2; exit 2; }
	$(MANAGE) restore --input $(BACKUP)

# ---------------------------------------------------------------- clean

clean:
	rm -rf var build node_modules $(VENV) test-artifacts .pytest_cache .ruff_cache
