# One command each: `make book` and `make test` set everything up on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book test data notebooks clean

# npm ci: axe-core for the accessibility tests, exactly as package-lock.json pins it (tests never fetch it).
# .venv/cffconvert: cffconvert, which validates CITATION.cff, in its own environment (it needs jsonschema<4).
$(STAMP): requirements.lock pyproject.toml package-lock.json requirements-cffconvert.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	test -x $(VENV)/cffconvert/bin/python || $(PYTHON) -m venv $(VENV)/cffconvert
	$(VENV)/cffconvert/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-cffconvert.lock
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(STAMP)

book: $(STAMP)
	$(BIN)/govexport book

# Every shipped scenario as a variant book, build/<scenario name>/, in one process (kernels shared, chapters a
# scenario does not change reused).
.PHONY: scenarios lab work
scenarios: $(STAMP)
	$(BIN)/govexport book $(addprefix --scenario ,$(wildcard scenarios/*.yaml))

# JupyterLab (the pinned one) on the project, open on notebooks/ with work/ beside it; options go to JupyterLab:
# `make lab LAB_ARGS='--port 8899 --no-browser'`. `make work CHAPTER=03_officials` copies a chapter into work/.
LAB_ARGS ?=
lab: $(STAMP)
	$(BIN)/govexport lab -- $(LAB_ARGS)

work: $(STAMP)
	$(BIN)/govexport work $(CHAPTER)

# The print edition, build/default/pdf/: the book, the ledger and the handouts (needs `make system-packages`).
.PHONY: pdf system-packages
pdf: $(STAMP)
	$(BIN)/govexport book
	$(BIN)/govexport pdf

# The Debian packages of .ci/debian-packages.txt not installed yet (TeX Live, fonts, Chromium, poppler); root or sudo.
system-packages:
	.ci/install-debian-packages

# The lints (.pre-commit-config.yaml runs the same before each commit): ruff's rules (F401 everywhere), ruff's
# formatting, mypy over the annotated functions where layers meet, vulture for dead code (pyproject.toml).
.PHONY: lint snapshots
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks conftest.py
	$(BIN)/ruff format --check src tests benchmarks conftest.py
	$(BIN)/mypy
	$(BIN)/vulture

# Everything: the lints, the fast loop, the book tests (builds, browser, PDF) and nbval over the chapters. -rs
# prints why a test was skipped (a Debian package missing, and the command that installs it).
test: lint
	$(BIN)/python -m pytest -rs -n auto --maxprocesses 4 --dist loadfile --no-loadscope-reorder tests notebooks/[0-9][0-9]_*.ipynb --nbval

# Rewrite the page snapshots (tests/unit/test_page_snapshots/) after a change meant to alter what a page says;
# read their diff before committing it.
snapshots: $(STAMP)
	$(BIN)/python -m pytest -q tests/unit/test_page_snapshots.py --regen-all

# A deeper, fresh search of the property tests (plain pytest and make test draw a fixed derandomised sequence).
.PHONY: deep
deep: $(STAMP)
	GOVEXPORT_PROPERTY_EXAMPLES=200 $(BIN)/python -m pytest -n auto --hypothesis-profile=deep \
		tests/unit/test_prose_properties.py tests/unit/test_claims.py

# Record a changed criterion in data/criteria-lock.yaml: make lock-criteria CLAIM=<id> WHY="<reason>"
.PHONY: lock-criteria
lock-criteria: $(STAMP)
	$(BIN)/python -m govexport.claims.lock change "$(CLAIM)" --why "$(WHY)"

data: $(STAMP)
	$(BIN)/govexport data

notebooks: $(STAMP)
	$(BIN)/govexport notebooks

clean:
	rm -rf build
