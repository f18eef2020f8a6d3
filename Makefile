# The two commands: `make run` and `make test`. Both set up everything they need, idempotently.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PO := $(wildcard sandbox/translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)

.PHONY: run test install chromium lint format messages bench screenshot

# A class joins from the first command: `make run` serves the room's Wi-Fi (docs/phone.md says why).
# `make run LAN=` keeps the server to this computer only.
LAN ?= --lan
run: install
	@$(BIN)/sandbox demo $(LAN) $(ARGS)
	$(BIN)/sandbox run $(LAN) $(ARGS)

test: install
	$(BIN)/python -m pytest $(ARGS)

install: $(STAMP) chromium $(MO)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

chromium:
	@./scripts/ensure-chromium

%.mo: %.po $(STAMP)
	@$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ >/dev/null

lint: $(STAMP)
	$(BIN)/ruff check sandbox tests bench
	$(BIN)/ruff format --check sandbox tests bench

format: $(STAMP)
	$(BIN)/ruff format sandbox tests bench

# Extract every translatable string (Python, templates) into messages.pot and update the catalogs.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -o sandbox/translations/messages.pot .
	$(BIN)/pybabel update -i sandbox/translations/messages.pot -d sandbox/translations

bench: install
	$(BIN)/python bench/page_load.py
	$(BIN)/python bench/grading.py
	$(BIN)/python bench/check_latency.py
	$(BIN)/python bench/phone_latency.py

screenshot: install
	$(BIN)/python bench/screenshot.py
