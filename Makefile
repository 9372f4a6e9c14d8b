# aseankg: two commands on a fresh machine — `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORE ?= data/store
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install assets run build serve test lint bench docs clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# The set-up alone: the virtual environment, the package with its test extras, front-end assets.
install: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	$(MAKE) --no-print-directory assets

# Front-end and JavaScript test dependencies, pinned, installed from npm into ignored folders.
assets:
	@true
	cd tests/js && npm ci --no-audit --no-fund --loglevel=error  # Comunica 4.5.0, lockfile-pinned
	cd graph/service/assets && npm ci --no-audit --no-fund --loglevel=error  # YASGUI 4.6.2, lockfile-pinned
	mkdir -p graph/service/static/vendor/yasgui
	cp graph/service/assets/node_modules/@zazuko/yasgui/build/yasgui.min.js graph/service/assets/node_modules/@zazuko/yasgui/build/yasgui.min.css graph/service/static/vendor/yasgui/

build: install
	$(BIN)/aseankg build --corpus corpus --store $(STORE)

run: build
	$(BIN)/aseankg serve --host $(HOST) --port $(PORT) --store $(STORE)

test: install
	$(BIN)/ruff check graph loaders benchmarks tests
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check graph loaders benchmarks tests

# Benchmarks at 1M quads (~15 min; BENCH_ARGS=--with-10m adds P6). wrk is the load generator.
bench: install
	command -v wrk >/dev/null || (apt-get update -q && apt-get install -y -q wrk)
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data *.egg-info
