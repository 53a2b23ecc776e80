# luoshi — install, demo, test.  `make help` lists the targets.
#
# One environment (.venv) for everything, made by uv: the test extras are installed for the
# demo too. `make install` is a no-op until pyproject.toml changes.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help

PYTHON ?= python3
PYTHON_VERSION ?= 3.11
UV_VERSION := 0.9.30
VENV := .venv
STAMP := $(VENV)/.install-stamp
DEMO_ADDR ?= 127.0.0.1:8000

# uv from PATH, else our own copy under var/tools (bootstrapped with pip, see below).
UV_TOOL_DIR := var/tools/uv
UV ?= $(or $(shell command -v uv 2>/dev/null),$(UV_TOOL_DIR)/bin/uv)

# apt_install PKG... : as root directly, else through sudo, else a clear failure.
define APT_INSTALL_SH
apt_install() {
	local sudo=()
	if [ "$$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null; then sudo=(sudo); else
			echo "make: need root or sudo to apt-get install $$*" >&2; return 1
		fi
	fi
	"$${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	"$${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$$@"
}
endef

.PHONY: help venv install demo test lint clean

help:
	@echo "make install   .venv with luoshi and its test tools (uv; fast when nothing changed)"
	@echo "make demo      install, migrate, load the demo data, serve on http://$(DEMO_ADDR)/"
	@echo "make test      scripts/test.sh: ruff, then the suite on SQLite and on PostgreSQL"
	@echo "make lint      ruff check ."
	@echo "make clean     remove .venv, caches and build output (keeps var/ data)"

venv: $(VENV)/bin/python

install: $(STAMP)

# Only reached when uv is not on PATH. pip --target is used because Debian's python3 refuses
# `pip install` into the system (PEP 668) and --target does not touch it.
$(UV_TOOL_DIR)/bin/uv:
	@echo "make: uv not on PATH; installing uv==$(UV_VERSION) into $(UV_TOOL_DIR)"
	$(APT_INSTALL_SH)
	if ! $(PYTHON) -m pip --version >/dev/null 2>&1; then
		apt_install python3-pip python3-venv
	fi
	if ! $(PYTHON) -m pip install -q --disable-pip-version-check --root-user-action=ignore \
			--target $(UV_TOOL_DIR) uv==$(UV_VERSION); then
		echo "make: could not install uv; falling back to python -m venv + pip" >&2
	fi

$(VENV)/bin/python: | $(UV)
	@echo "make: creating $(VENV) (Python $(PYTHON_VERSION))"
	if [ -x "$(UV)" ]; then
		UV_PYTHON_DOWNLOADS=never "$(UV)" venv --quiet --python $(PYTHON_VERSION) $(VENV)
	else
		$(APT_INSTALL_SH)
		$(PYTHON) -m venv $(VENV) || { apt_install python3-venv && $(PYTHON) -m venv $(VENV); }
	fi

$(STAMP): pyproject.toml | $(VENV)/bin/python
	@echo "make: installing luoshi and its test tools into $(VENV)"
	if [ -x "$(UV)" ]; then
		"$(UV)" pip install --quiet --python $(VENV)/bin/python -e '.[test]'
	else
		$(VENV)/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
	fi
	touch $@

# DEBUG stays off as in production; --insecure makes runserver serve the static files anyway.
demo: install
	$(VENV)/bin/luoshi migrate --noinput
	$(VENV)/bin/luoshi demo
	exec $(VENV)/bin/luoshi runserver $(DEMO_ADDR) --insecure

test:
	bash scripts/test.sh

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) var/tools var/test-artifacts build dist src/*.egg-info \
		.pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
