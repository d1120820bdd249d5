# PuzzleSecretary: `make run` shows the board from the sample chat, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PACKAGES := shared containers/web containers/signal-ingest containers/whatsapp-ingest containers/updater-metrics
SAMPLE_DB := sqlite:///data/sample.db

.PHONY: all venv run test test-deps lint bench bench-large images install flatcar clean

all: venv

venv: $(STAMP)

# Reinstall only when a package's declaration changes (bottle's stamped-venv pattern).
$(STAMP): requirements-dev.txt shared/pyproject.toml $(wildcard containers/*/pyproject.toml)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt $(addprefix -e ,$(PACKAGES))
	touch $@

# System packages and services the tests use (Chromium, Mosquitto, PostgreSQL, podman, ...):
# each script in tests/setup/ installs what it needs when it is missing.
test-deps:
	@for script in tests/setup/*.sh; do bash "$$script" || exit 1; done

# ruff, with the settings in ruff.toml.
lint: venv
	$(BIN)/ruff check .

# Lint first: it takes seconds, the tests take minutes.
test: venv lint test-deps
	$(BIN)/pytest

run: venv
	rm -f data/sample.db data/sample.db-wal data/sample.db-shm
	DATABASE_URL=$(SAMPLE_DB) $(BIN)/puzzlesecretary import --sample
	DATABASE_URL=$(SAMPLE_DB) $(BIN)/puzzlesecretary board
	DATABASE_URL=$(SAMPLE_DB) $(BIN)/puzzlesecretary-web --demo

clean:
	rm -rf $(VENV) build data/sample.db*

# Container images, built with podman (IMAGE_PREFIX and IMAGE_TAG choose names and tags).
images: venv
	bash containers/build-images.sh

# Copy the quadlets to ~/.config/containers/systemd/ and reload systemd (on the server).
install:
	bash quadlets/install.sh

# The Ignition config a Flatcar VM boots from, build/flatcar/config.ign: the Butane file rendered
# with the quadlets and Telegraf's configuration embedded as `make install` lays them down.
# SSH_PUBLIC_KEY=~/.ssh/id_ed25519.pub puts your key in; IMAGE_PREFIX and IMAGE_TAG as for install.
flatcar: venv
	bash deploy/flatcar/prepare.sh
	$(BIN)/python deploy/flatcar/render.py --files-dir build/flatcar/home $(if $(SSH_PUBLIC_KEY),--ssh-key $(SSH_PUBLIC_KEY)) \
		deploy/flatcar/puzzlesecretary.bu > build/flatcar/config.ign.new
	mv build/flatcar/config.ign.new build/flatcar/config.ign

bench: venv
	$(BIN)/python -m bench

bench-large: venv
	$(BIN)/python -m bench --large
	$(BIN)/python -m bench --large --postgres
