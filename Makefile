# The two commands a newcomer needs: `make run` and `make test`. Nothing is installed by hand:
# the first target to need .venv creates it from pyproject.toml pinned by constraints.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
SOURCES := src tests bench tools

.PHONY: run test lint bench format lock clean

$(INSTALLED): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(INSTALLED)

## make run: migrate the SQLite database, load the Kansas City demo data, serve on :8000
run: $(INSTALLED)
	$(BIN)/jobs db upgrade
	$(BIN)/jobs demo
	$(BIN)/jobs serve

## make test: linters, then the whole suite (JOBS_TEST_DATABASE_URL switches to PostgreSQL)
test: lint
	$(BIN)/python -m pytest

lint: $(INSTALLED)
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)

## make bench: every benchmark in bench/, each printing its figures and ratio to its baseline
bench: $(INSTALLED)
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

format: $(INSTALLED)
	$(BIN)/ruff format $(SOURCES)
	$(BIN)/ruff check --fix $(SOURCES)

## make lock: re-resolve the dependency ranges and rewrite constraints.txt
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude-editable > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
