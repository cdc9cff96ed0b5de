# The two commands of the README: `make demo` runs the product with demo content, `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test setup install messages

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

setup: install
	@echo "Opdaterer databasen (migrate) ..."
	@$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py load_demo

demo: setup
	@echo "Portalen kører på http://$(HOST):$(PORT)/ (administration: http://$(HOST):$(PORT)/admin/)"
	@# The worker (search index, webhooks, scheduled publishing) runs beside the web server and stops with it.
	$(PY) manage.py run_worker & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The project's catalogues; the compiled .mo files are committed, so a fresh clone needs no gettext tools. Run this
# after editing a .po (needs Debian's gettext package). The citizen site's English (locale/en): collect the Danish
# texts, translate the new ones in django.po, compile. The admin's Danish (locale/da, hand-kept: its msgids are
# Wagtail's): compile.
messages: install
	$(PY) manage.py makemessages -l en --add-location=file --ignore=.venv --ignore=node_modules --ignore=tests \
		--ignore=var --ignore=bench --ignore=deploy
	$(PY) manage.py compilemessages -l en --ignore=.venv --ignore=node_modules
	cd locale/da/LC_MESSAGES && msgfmt --check -o django.mo django.po && msgfmt --check -o djangojs.mo djangojs.po

# PostgreSQL-only tests (row locks) run when DATABASE_URL points to PostgreSQL.
PYTEST_SELECT := $(if $(filter postgres%,$(DATABASE_URL)),,-m "not postgresql")

test: install
	$(PY) -m pytest tests $(PYTEST_SELECT)
