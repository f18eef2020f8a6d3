# The two commands: `make run` and `make test`. Both set up everything they need, idempotently.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PO := $(wildcard sandbox/translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)

.PHONY: run test test-postgresql install chromium lint format messages bench screenshot axe

# A class joins from the first command: `make run` serves the room's Wi-Fi (docs/phone.md says why).
# `make run LAN=` keeps the server to this computer only.
LAN ?= --lan
run: install
	@$(BIN)/sandbox demo $(LAN) $(ARGS)
	$(BIN)/sandbox run $(LAN) $(ARGS)

# The whole suite on SQLite, then the tests that use the database again on PostgreSQL when a server
# answers (test-postgresql; skipped, saying why, otherwise, and when ARGS picks tests). Tests that
# need Redis (tests/scale) skip, saying why, when none answers.
# Both run in WORKERS processes (pytest-xdist), a test module in one of them: the suite waits on
# browsers, deadlines and sockets about half the time (docs/architecture.md, "Tests"). `ARGS="-n 0 ..."` runs in one.
WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); echo $$(( n < 4 ? n : 4 )))
PARALLEL := -n $(WORKERS) --dist loadfile
# Python may keep the compiled code of every module it loads (pytest's assertion-rewritten test
# modules included), whatever the shell says: each pass's processes, and every server a test starts,
# would otherwise compile it all again (a test process spent 6 of its 9 s of collecting on that).
test test-postgresql: export PYTHONDONTWRITEBYTECODE =
# Tests marked solo load the whole machine on purpose (busy loops): they run alone, after the others.
test: install
	$(BIN)/python -m pytest $(PARALLEL) $(if $(ARGS),$(ARGS),-m "not solo")
	@if [ -z "$(ARGS)" ]; then $(BIN)/python -m pytest -m solo && $(MAKE) --no-print-directory test-postgresql; fi

# The tests that use the database (unit and web) again on PostgreSQL, when a server answers
# (tests/support/databases.py says why not otherwise).
test-postgresql: install
	@if reason=$$($(BIN)/python -m tests.support.databases); then \
		$(BIN)/python -m pytest $(PARALLEL) --database=postgresql tests/unit tests/web $(PG_ARGS); \
	else echo "== PostgreSQL pass skipped: $$reason =="; fi

install: $(STAMP) chromium $(MO)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

chromium:
	@./scripts/ensure-chromium

%.mo: %.po $(STAMP)
	@$(BIN)/pybabel -q compile --use-fuzzy -i $< -o $@

ESLINT_DIR := tools/eslint
ESLINT_STAMP := $(ESLINT_DIR)/node_modules/.installed

lint: $(STAMP) $(ESLINT_STAMP)
	$(BIN)/ruff check sandbox tests bench gunicorn.conf.py wsgi.py
	$(BIN)/ruff format --check sandbox tests bench gunicorn.conf.py wsgi.py
	$(ESLINT_DIR)/node_modules/.bin/eslint -c $(ESLINT_DIR)/eslint.config.js static/js sandbox

# ESLint comes from npm (tools/eslint/package-lock.json); installed again only when the lock changes.
$(ESLINT_STAMP): $(ESLINT_DIR)/package-lock.json
	cd $(ESLINT_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# axe-core, the accessibility engine (the `accessible` check and tests/browser/test_accessibility.py),
# comes from npm at the version tools/axe/package-lock.json pins; its built file and licence are
# committed in sandbox/grading/vendor/, so neither grading nor the tests need node. Run after changing
# the version in tools/axe/package.json.
AXE_DIR := tools/axe
axe:
	cd $(AXE_DIR) && npm install --no-audit --no-fund --loglevel=error
	cp $(AXE_DIR)/node_modules/axe-core/axe.min.js $(AXE_DIR)/node_modules/axe-core/LICENSE sandbox/grading/vendor/

format: $(STAMP)
	$(BIN)/ruff format sandbox tests bench gunicorn.conf.py wsgi.py

# Extract every translatable string (Python, templates; the page scripts' strings live in
# sandbox/i18n.py) into messages.pot, update the ru and tg catalogs, compile them (docs/translating.md).
EXTRACT := $(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k plural:1,2 --no-wrap --sort-by-file \
	--project=sandbox --copyright-holder="sandbox authors"
messages: $(STAMP)
	$(EXTRACT) -o sandbox/translations/messages.pot .
	$(BIN)/pybabel update --no-wrap --ignore-obsolete -i sandbox/translations/messages.pot -d sandbox/translations
	@$(MAKE) --no-print-directory $(MO)

bench: install
	$(BIN)/python bench/page_load.py
	$(BIN)/python bench/grading.py
	$(BIN)/python bench/check_latency.py
	$(BIN)/python bench/phone_latency.py
	$(BIN)/python bench/coedit.py

screenshot: install
	$(BIN)/python bench/screenshot.py
