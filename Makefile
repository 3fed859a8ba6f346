# The two commands a newcomer needs: `make run` and `make test`. Nothing is installed by hand:
# the first target to need .venv creates it from pyproject.toml, pinned by the lock files:
# constraints.txt (the runtime: what `make run` installs) and constraints-dev.txt (the tools
# `make test` adds: pytest, ruff, mypy, pip-audit...).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev
SOURCES := src tests bench tools
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: run test lint typecheck audit bench train-skills format lock clean

$(RUNTIME): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -c constraints.txt -e .
	touch $(RUNTIME)

$(DEV): pyproject.toml constraints.txt constraints-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -c constraints.txt -c constraints-dev.txt -e '.[dev]'
	touch $(DEV)

## make run: migrate the SQLite database, load the Kansas City demo data, serve on :8000
run: $(RUNTIME)
	$(BIN)/jobs db upgrade
	$(BIN)/jobs demo
	$(BIN)/jobs serve

## make test: linters and the type checker, then the whole suite (JOBS_TEST_DATABASE_URL
## switches to PostgreSQL); the suite includes the import-contract and dependency tests
test: lint
	$(BIN)/python -m pytest

lint: $(DEV)
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)
	$(BIN)/mypy

## make typecheck: mypy over src/ (strict on skills, transit, matching, outcomes: pyproject.toml)
typecheck: $(DEV)
	$(BIN)/mypy

## make audit: pip-audit over both lock files (known vulnerabilities in the pinned versions; needs
## PyPI's JSON API, and lists the pins it could not look up)
audit: $(DEV)
	$(BIN)/pip-audit --no-deps --disable-pip --progress-spinner off \
		-r constraints.txt -r constraints-dev.txt

## make bench: every benchmark in bench/, each printing its figures and ratio to its baseline
bench: $(DEV)
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

## make train-skills: convert SkillSpan (../shared/data/skills/skillspan) into var/skills_model and
## train the skill span model with tools/skills_model.cfg (fixed seed, niced, one BLAS thread),
## then copy it into src/jobs/skills/model/ (MODEL_CARD.md there). CI never trains.
train-skills: $(DEV)
	$(BIN)/python -m tools.skills_model convert
	$(BIN)/python -m tools.skills_model train --ship

format: $(DEV)
	$(BIN)/ruff format $(SOURCES)
	$(BIN)/ruff check --fix $(SOURCES)

## make lock: re-resolve the dependency ranges; constraints.txt gets the runtime, then
## constraints-dev.txt what the dev tools add on top of it (the runtime pins held fixed)
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e .
	.lock-venv/bin/python -m pip freeze --exclude-editable > constraints.txt
	.lock-venv/bin/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude-editable \
		| grep -vxFf constraints.txt > constraints-dev.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
