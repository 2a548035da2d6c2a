# LearnLab: the README's commands. Needs only Python 3.11+ (and make).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
FLASK  := $(BIN)/flask --app app

# Interface translations (Flask-Babel). English is the source; see README, "Translations".
TRANSLATIONS := learnlab/translations
LOCALES      := ru kk ky
MO_FILES     := $(foreach l,$(LOCALES),$(TRANSLATIONS)/$(l)/LC_MESSAGES/messages.mo)
PYBABEL      := $(BIN)/pybabel

.PHONY: run serve test install install-test lock browser proxy lint check bench clean \
        translations-extract translations-update translations-compile

# What is installed comes from the lock files, every package pinned with its hashes: `make lock`
# writes them from pyproject.toml (README: "Upgrading dependencies"). The test lock is resolved
# with the runtime lock as its constraint, so both install the very same runtime packages.
LOCK       := requirements.lock
TEST_LOCK  := requirements-test.lock
BENCH_LOCK := requirements-bench.lock
PIP_VERSION := 26.3
UV_VERSION  := 0.13.10
# The optional drivers (PostgreSQL, Redis) are extras of the package; the runtime lock has both,
# so `make install` (and CI) can use either.
RUNTIME_EXTRAS := --extra postgresql --extra redis
LOCK_ARGS  := --universal --python-version 3.11 --generate-hashes --quiet --custom-compile-command "make lock"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==$(PIP_VERSION)

$(VENV)/.installed: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(TEST_LOCK) $(VENV)/.installed
	$(BIN)/pip install --quiet --require-hashes -r $(TEST_LOCK)
	touch $@

## make lock: resolve pyproject.toml's dependencies (and the test extra) again and pin them with
## their hashes. Run it after changing a dependency, then `make test`, and commit both lock files.
lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml $(RUNTIME_EXTRAS) $(LOCK_ARGS) -o $(LOCK)
	$(BIN)/uv pip compile pyproject.toml --extra test --group dev -c $(LOCK) $(LOCK_ARGS) -o $(TEST_LOCK)
	$(BIN)/uv pip compile pyproject.toml --extra bench -c $(LOCK) $(LOCK_ARGS) -o $(BENCH_LOCK)

$(VENV)/.installed-bench: pyproject.toml $(BENCH_LOCK) $(VENV)/.installed
	$(BIN)/pip install --quiet --require-hashes -r $(BENCH_LOCK)
	touch $@

install: $(VENV)/.installed $(MO_FILES)

install-test: $(VENV)/.installed-test $(MO_FILES)

## make run: install, migrate, load demo data when the database is empty, serve on 127.0.0.1:$(PORT)
run: install
	@mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) learnlab seed-demo --if-empty
	@echo "LearnLab is at http://127.0.0.1:$(PORT)/"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

## make serve: the production server: gunicorn (gunicorn.conf.py) on 127.0.0.1:$(PORT), LEARNLAB_ENV=production.
## Needs LEARNLAB_SECRET_KEY and LEARNLAB_SESSION_COOKIE_SECURE=true; refuses to start without them.
## Says so (and how to remove them) when the database still has demo accounts: they are refused.
serve: export LEARNLAB_ENV ?= production
serve: install
	@mkdir -p instance
	$(FLASK) db upgrade
	@$(FLASK) learnlab demo-accounts
	PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py app:app

## make test: everything the tests need, then the whole suite
test: install-test browser proxy
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

## Chromium (Debian package) and axe-core (npm) for the browser tests
browser:
	@scripts/install-browser.sh

## nginx (Debian package) for the two-server test
proxy:
	@scripts/install-proxy.sh

## Translations: collect the strings, merge them into each language's .po, compile the .mo files.
## The .mo files are committed (a fresh clone shows Russian at once) and rebuilt by `make install`
## whenever a .po file is newer. Sorted, without source locations: a string added on one branch
## then merges cleanly with strings added on another.
translations-extract: $(VENV)/.installed
	$(PYBABEL) extract -F babel.cfg -k _l -k N_ -k N_plural:1,2 -k lazy_ngettext:1,2 -c TRANSLATORS: --no-location --sort-output \
	  --ignore-dirs=".* ._ node_modules instance tests" --no-wrap --project LearnLab -o $(TRANSLATIONS)/messages.pot .

translations-update: translations-extract
	$(PYBABEL) update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-wrap --ignore-obsolete

translations-compile: $(VENV)/.installed
	$(PYBABEL) compile -d $(TRANSLATIONS) --statistics

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(PYBABEL) compile -i $< -o $@ -l $*

## make bench: every bench/bench_*.py against its baseline; writes bench/RESULTS.md.
## Needs wrk (installed here from Debian's packages when missing) and PostgreSQL at 127.0.0.1:5432.
bench: install $(VENV)/.installed-bench
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq >/dev/null && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
		{ echo "wrk is needed: apt-get install wrk"; exit 1; }
	$(BIN)/python bench/run.py

lint: install-test
	$(BIN)/ruff check learnlab tests bench build_backend scripts
	$(BIN)/ruff format --check learnlab tests bench build_backend scripts app.py gunicorn.conf.py
	$(BIN)/mypy
	$(BIN)/bandit -q -c pyproject.toml -r learnlab

check: install
	$(FLASK) learnlab check

clean:
	rm -rf $(VENV) node_modules .pytest_cache
