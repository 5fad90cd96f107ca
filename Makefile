# arxiv-trends: `make demo` runs the product on its embedded defaults, `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Django 6 needs Python >= 3.12: take the first interpreter on this machine that is new enough.
PYTHON ?= $(shell for p in python3 python3.14 python3.13 python3.12 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_CORPUS := data/demo/arxiv-ml-1994-2019.v2.jsonl.xz
# The demo serves on 127.0.0.1 only, so the built-in SECRET_KEY may serve (config/serving.py);
# static files are collected (compressed, fingerprinted) into staticfiles/. EMBEDDED_WORKER=1:
# without REDIS_URL, tasks go through a folder under .data/ to the Celery worker that gunicorn's
# master runs beside the web workers (config/embedded_worker.py), so no page computes for
# seconds; Ctrl-C stops both.
DEMO_ENV := LOOPBACK_ONLY=1 EMBEDDED_WORKER=1 STATIC_ROOT=$(CURDIR)/staticfiles PORT=$(PORT)

.PHONY: help demo test lint serve worker beat clean-data

help:
	@echo "make demo   install, start the embedded database, load the bundled corpus, serve http://127.0.0.1:$(PORT)"
	@echo "make test   install what the tests need and run the whole suite"
	@echo "make lint   ruff and mypy"

$(PY):
	@test -n "$(PYTHON)" || { echo "arxiv-trends needs Python 3.12 or newer (Django 6); none found. Set PYTHON=/path/to/python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.lock | $(PY)
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $@

demo: $(VENV)/.runtime
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py load_demo $(DEMO_CORPUS)
	$(DEMO_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(DEMO_ENV) $(PY) manage.py compute_hot --every-month --queue
	@echo "arxiv-trends is serving http://127.0.0.1:$(PORT)/ with $${WEB_CONCURRENCY:-2} gunicorn workers and a Celery worker (Ctrl-C stops them)"
	$(DEMO_ENV) $(PY) -m gunicorn -c config/gunicorn.py config.wsgi

# The suite runs in TEST_WORKERS pytest-xdist processes (each with its own test database and
# Redis database, tests/xdist_plugin.py); TEST_WORKERS=0 runs it in this process. Three on CI's
# two cores: much of the suite waits on child processes, servers, browsers and polite gaps.
test: TEST_WORKERS ?= 3
test: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DATABASE_URL=$${DATABASE_URL-postgres://lint@localhost/lint} $(PY) -m mypy .
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DATABASE_URL=$${DATABASE_URL-postgres://lint@localhost/lint} $(PY) -m mypy .

worker: $(VENV)/.runtime
	$(PY) -m celery -A config worker --loglevel=INFO

beat: $(VENV)/.runtime
	$(PY) -m celery -A config beat --loglevel=INFO --scheduler django_celery_beat.schedulers:DatabaseScheduler

clean-data:
	rm -rf .data
