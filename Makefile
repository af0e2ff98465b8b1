# Two commands on a fresh machine: `make run` (demo service) and `make test` (the whole suite).
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install browser lint layers typecheck pytest migrate demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The tablet-page tests drive a real Chromium; Playwright cannot download one here, so we use
# Debian's (installed when missing and we are allowed to).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian chromium for browser tests…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not found: install it, or set GROUPWORK_SKIP_BROWSER=1"; fi; }

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo_data
	$(BIN)/python manage.py setup_schedules

# Ctrl-C (or SIGTERM to the process group, as a supervisor sends) stops the web server; the
# trap then stops the worker and waits for it, so nothing is left running when make returns.
# The worker runs in a session of its own: a signal to every django-q process at once leaves
# its main process waiting at "stopping" for children that are already gone.
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops the web server and the worker)"
	@setsid $(BIN)/python manage.py run_worker & QPID=$$!; \
	  trap 'kill $$QPID 2>/dev/null; wait $$QPID 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .

# The layer contract in pyproject.toml ([tool.importlinter]).
layers: install
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy .

pytest: install browser
	$(BIN)/pytest

test: lint layers typecheck pytest

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
