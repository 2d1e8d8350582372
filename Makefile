# swcli: two commands set everything up on a fresh machine with Python 3.11 and make.
#   make demo   creates .venv, installs swcli, runs the main job on the example page
#   make test   runs the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench install clean-venv

# setup.py compiles these with mypyc (in place, beside the source): rebuild when they change
COMPILED := src/swcli/layout.py src/swcli/furniture.py src/swcli/textutil.py

$(STAMP): pyproject.toml setup.py $(COMPILED)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dask,ocr]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/swcli split examples/page-001.txt | $(BIN)/swcli stats

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

clean-venv:
	rm -rf $(VENV)
