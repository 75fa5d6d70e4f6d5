# The two Quick start commands (README) are `make run` and `make test`; everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 50051

.PHONY: install protos run import serve test lint bench

$(BIN)/harmonize: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/harmonize

# Regenerate the Python stubs in harmonize/v1 from protos/ (the generated files are committed).
protos: install
	$(BIN)/python -m grpc_tools.protoc -Iprotos --python_out=. --pyi_out=. --grpc_python_out=. protos/harmonize/v1/*.proto

# Main job: install, import the corpus (HARMONIZE_CORPUS), build the crosswalk, serve gRPC on SQLite.
run: install
	$(BIN)/harmonize import
	$(BIN)/harmonize serve --port $(PORT)

# The interop test's independent Node.js client (skipped outside CI where npm is missing).
tests/interop/node_modules: tests/interop/package-lock.json
	if command -v npm >/dev/null; then npm ci --prefix tests/interop --no-audit --no-fund --silent; fi

test: install tests/interop/node_modules
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python -m tests.bench.bench_service
