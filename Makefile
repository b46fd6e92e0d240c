# ICJC website. `make html` builds the site into _build/html; `make test` runs the tests.
# The first run creates .venv and installs the pinned tools from uv.lock: `make html` only
# what the build needs (group "docs"); the other commands add their own group when first run.

PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
UV_VERSION := 0.13.8
# -q: only problems are printed (and a last line saying where the pages are).
SPHINXOPTS ?= -W -n --keep-going -q
# Every page is read each time: each shows the whole navigation and the member list, and a
# fresh read of the site's handful of pages (about 1.2 s) is quicker than working out which.
FRESH      := -E
BUILDDIR   ?= _build
LIVEPORT   ?= 8000
# The language of `make livehtml` (LANGUAGE=fr); empty: English, as `make html` always is.
LANGUAGE   ?=
# Every language but English (conf.py's icjc_languages), each built into
# $(BUILDDIR)/html/<language>/ by `make html-all`. Read when a command needs it.
TRANSLATIONS = $(shell $(BIN)/python -c 'import icjc.languages.codes as c; print(*c.translations())')
BENCHMARKOPTS ?=
TOOLS      := tests/tools
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
# Compile bytecode at install time, so builds start fast even where Python is told not to
# write it (PYTHONDONTWRITEBYTECODE).
export UV_COMPILE_BYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help html test clean livehtml linkcheck check-members lint screenshots \
        benchmark lighthouse node-tools html-all translations check-translations pot

help:
	@echo "make html           build the site into $(BUILDDIR)/html (warnings are errors)"
	@echo "make test           run every test (browser tests need Chromium)"
	@echo "make html-all       English in $(BUILDDIR)/html, French in $(BUILDDIR)/html/fr (switch works offline)"
	@echo "make livehtml       preview on http://127.0.0.1:8000, rebuilt on every save (LANGUAGE=fr: French)"
	@echo "make translations   update locale/*/LC_MESSAGES/*.po after an English edit (old English kept as #|)"
	@echo "make check-translations  broken markup fails; missing French is a notice (STRICT=1: fails)"
	@echo "make check-members  check members/members.yaml in under a second"
	@echo "make lint           the pre-commit checks: ruff, mypy, YAML, TOML, whitespace, members, the pages' Markdown, GitHub forms and workflows"
	@echo "make screenshots    save screenshots of every page into $(BUILDDIR)/screenshots"
	@echo "make linkcheck      check every external link (needs internet)"
	@echo "make benchmark      time the build against bare Furo + MyST + sphinx-design (BENCHMARKOPTS=--languages: French against English)"
	@echo "make lighthouse     Lighthouse scores of the built pages (needs Chromium and npm)"
	@echo "make clean          remove $(BUILDDIR)"

# The virtual environment and uv, the installer that reads uv.lock.
$(BIN)/uv:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or later is needed: $(PYTHON) is $$($(PYTHON) --version)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# One stamp per dependency group (docs, test, lint, live). Each adds its group to what is
# installed (--inexact keeps the others); "docs" comes with every group, as the default.
$(VENV)/.installed-%: uv.lock pyproject.toml | $(BIN)/uv
	$(BIN)/uv sync --locked --inexact --quiet --group $*
	@# The site's extension, importable by the tools and tests as by conf.py: the _ext folder
	@# beside the environment, written relative to it (the line of a .pth file).
	@$(BIN)/python -c 'import os, sys, sysconfig; lib = sysconfig.get_path("purelib"); open(os.path.join(lib, "icjc.pth"), "w").write(os.path.relpath(os.path.join(sys.prefix, "..", "_ext"), lib) + "\n")'
	@touch $@

# npm packages, pinned by their lock: the HTML checker for the tests, Lighthouse for
# `make lighthouse`. No install scripts: vnu-jar's would download a Java runtime.
%/node_modules/.installed: %/package-lock.json
	npm ci --prefix $* --no-audit --no-fund --ignore-scripts
	@touch $@

node-tools:
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(TOOLS)/node_modules/.installed; \
	else echo "npm not found: the HTML validity test will be skipped"; fi

# Each build writes into a new folder, which replaces the last site only once the build has
# succeeded: a failed build leaves the last good site as it was (and no half-written one).
html: $(VENV)/.installed-docs
	@rm -rf $(BUILDDIR)/html.new
	@$(BIN)/sphinx-build $(FRESH) -b html . $(BUILDDIR)/html.new -d $(BUILDDIR)/doctrees $(SPHINXOPTS) \
	  || { rm -rf $(BUILDDIR)/html.new; echo "$(BUILDDIR)/html is left as it was."; exit 1; }
	@rm -rf $(BUILDDIR)/html && mv $(BUILDDIR)/html.new $(BUILDDIR)/html
	@echo "The pages are in $(BUILDDIR)/html: open $(BUILDDIR)/html/index.html in a browser."

# Each language in its own process: Sphinx keeps translations in a process-wide cache.
html-all: html
	@for language in $(TRANSLATIONS); do \
	  new=$(BUILDDIR)/html.new-$$language; rm -rf $$new; \
	  $(BIN)/sphinx-build $(FRESH) -b html . $$new $(SPHINXOPTS) \
	    -D language=$$language -d $(BUILDDIR)/doctrees-$$language || { rm -rf $$new; exit 1; }; \
	  rm -rf $(BUILDDIR)/html/$$language && mv $$new $(BUILDDIR)/html/$$language; \
	  echo "The $$language pages are in $(BUILDDIR)/html/$$language."; \
	done

# English text -> .pot templates (pages, templates, our extensions' words) -> .po catalogs.
# A changed sentence is marked fuzzy, with its old English beside it (#| msgid).
translations: pot
	$(BIN)/python -m icjc.languages --update --pot-dir $(BUILDDIR)/gettext \
	  $(foreach language,$(TRANSLATIONS),locale/$(language)/LC_MESSAGES)

pot: $(VENV)/.installed-docs
	$(BIN)/sphinx-build -b gettext . $(BUILDDIR)/gettext -q -E
	$(BIN)/pybabel extract --no-location --omit-header --sort-output \
	  --keyword=_ --output-file=$(BUILDDIR)/gettext/icjc.pot _ext

# Broken markup fails; missing or out-of-date French is a notice, or fails with STRICT=1.
check-translations: pot
	$(BIN)/python -m icjc.languages --pot-dir $(BUILDDIR)/gettext $(if $(STRICT),--strict) \
	  $(foreach language,$(TRANSLATIONS),locale/$(language)/LC_MESSAGES)

# The lint group too: tests run zizmor and pymarkdown, as `make lint` does. One worker per
# core (PYTESTOPTS= runs them in one process, as a debugger wants).
PYTESTOPTS ?= -n auto
test: $(VENV)/.installed-test $(VENV)/.installed-live $(VENV)/.installed-lint node-tools
	$(BIN)/pytest $(PYTESTOPTS)

livehtml: $(VENV)/.installed-live
	$(BIN)/sphinx-autobuild $(FRESH) -b html . $(BUILDDIR)/html$(if $(LANGUAGE),/$(LANGUAGE)) \
		$(SPHINXOPTS) $(if $(LANGUAGE),-D language=$(LANGUAGE) -d $(BUILDDIR)/doctrees-$(LANGUAGE)) \
		--host 127.0.0.1 --port $(LIVEPORT) --watch _ext --ignore "$(BUILDDIR)/*" \
		--ignore "*.mo" --ignore "*/sphinx.js"

linkcheck: $(VENV)/.installed-docs
	@$(BIN)/python -c 'import socket; socket.getaddrinfo("www.icc-cpi.int", 443)' 2>/dev/null || \
		{ echo "This machine seems to be offline (no web address can be looked up): make linkcheck needs internet."; exit 1; }
	$(BIN)/sphinx-build -b linkcheck . $(BUILDDIR)/linkcheck $(SPHINXOPTS)

check-members: $(VENV)/.installed-docs
	$(BIN)/python -m icjc.members

lint: $(VENV)/.installed-lint
	$(BIN)/pre-commit run --all-files

screenshots: html-all $(VENV)/.installed-test
	$(BIN)/python $(TOOLS)/screenshots.py --full-page
	@for language in $(TRANSLATIONS); do \
	  $(BIN)/python $(TOOLS)/screenshots.py --full-page --language $$language || exit 1; \
	done

benchmark: $(VENV)/.installed-test
	$(BIN)/pytest -m benchmark -q
	$(BIN)/python benchmarks/build_benchmark.py $(BENCHMARKOPTS)

lighthouse: html $(VENV)/.installed-test benchmarks/node_modules/.installed
	$(BIN)/python benchmarks/lighthouse.py

clean:
	rm -rf $(BUILDDIR)
	find locale \( -name '*.mo' -o -name sphinx.js \) -delete  # compiled by the builds
