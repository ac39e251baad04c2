# The report's build. `make help` lists the targets. Each target installs what it needs:
# Debian packages (as root, via apt-get), a .venv from the pinned dependencies, the kernel.

.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := .make
ARGS ?=

DEB_REPORT := texlive-xetex texlive-latex-extra texlive-fonts-recommended texlive-plain-generic \
              texlive-lang-chinese texlive-lang-cjk fonts-noto-cjk fonts-symbola pandoc poppler-utils
DEB_TEST := chromium

.PHONY: help setup report test lab bench clean system-packages test-system-packages

help: ## Show this help
	@echo "Targets (each installs what it needs first):"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'
	@echo "Variables: ARGS='...' passes flags to run_all.py (e.g. make report ARGS='--lang en')"

system-packages:
	@bash scripts/ensure-debian-packages.sh $(DEB_REPORT)

test-system-packages:
	@bash scripts/ensure-debian-packages.sh $(DEB_REPORT) $(DEB_TEST)

$(STAMP)/venv: pyproject.toml constraints.txt
	@mkdir -p $(STAMP)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test,cluster]"
	$(PY) -m ipykernel install --sys-prefix --name zonereport --display-name "Python (zonereport)" >/dev/null
	-$(PY) -m zonereport.chartfonts >/dev/null
	@touch $@

setup: system-packages $(STAMP)/venv ## Install Debian packages (root), the .venv and the Jupyter kernel

report: setup ## Build the default report into reports/ (ARGS='--lang en' etc. for more)
	$(PY) run_all.py $(ARGS)

test: test-system-packages $(STAMP)/venv ## Run lint (ruff) and the whole test suite
	$(PY) -m ruff check src tests benchmarks run_all.py
	$(PY) -m pytest -n 2 $(ARGS)

lab: setup ## Open the notebooks in JupyterLab with the project's kernel
	cd notebooks && ../$(PY) -m jupyter lab

bench: setup ## Time the build against the plain papermill + nbconvert loop
	$(PY) benchmarks/build.py $(ARGS)

clean: ## Remove generated reports (keeps .venv)
	find reports -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
