# Two commands set everything up from nothing:
#   make corpus   create .venv, install, validate, rebuild the dataset, print a summary
#   make test     create .venv with the test extras (and .venv-labelstudio) and run the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
# Label Studio pins many packages of its own: it gets its own virtualenv, used only by
# tests/test_labelstudio_server.py (the version README's annotators' section names).
LABELSTUDIO_VERSION := 1.23.2
LABELSTUDIO_VENV    ?= .venv-labelstudio

.PHONY: corpus test lint venv clean chromium labelstudio schemas

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamp files make re-runs cheap; they depend on pyproject.toml so a changed
# dependency list reinstalls.
$(VENV)/.core-installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

# The test extras include argostranslate, which pulls torch: install the CPU build
# first, or pip resolves to the newest torch and several GB of CUDA packages.
$(VENV)/.test-installed: pyproject.toml $(VENV)/.core-installed
	$(PIP) install torch==2.13.0
	$(PIP) install -e '.[test]'
	touch $@

venv: $(VENV)/.core-installed

corpus: $(VENV)/.core-installed
	$(BIN)/corpus-tools build
	$(BIN)/corpus-tools validate
	$(BIN)/corpus-tools stats

# The review-page test renders in Debian's Chromium; install it where we can (root with
# apt), otherwise that one test skips and says why.
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null \
	  && apt-get install -y -q chromium >/dev/null)) ; } || echo "chromium not installed: the review-page browser test will skip"

$(LABELSTUDIO_VENV)/.installed-$(LABELSTUDIO_VERSION):
	rm -rf $(LABELSTUDIO_VENV)
	$(PYTHON) -m venv $(LABELSTUDIO_VENV)
	$(LABELSTUDIO_VENV)/bin/python -m pip --disable-pip-version-check -q \
	  install label-studio==$(LABELSTUDIO_VERSION)
	touch $@

labelstudio: $(LABELSTUDIO_VENV)/.installed-$(LABELSTUDIO_VERSION)

test: $(VENV)/.test-installed chromium labelstudio
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

# regenerate the JSON Schemas that src/corpus_tools/model.py declares
schemas: $(VENV)/.core-installed
	$(BIN)/python -m corpus_tools.wire --write

lint: $(VENV)/.test-installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(LABELSTUDIO_VENV) .cache .pytest_cache .mypy_cache .ruff_cache
