# cocreate — `make setup` builds .venv/ in the repo root; `run`, `test`, `lint`, `bench` use it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml Makefile | sha256sum | cut -c1-16)

.PHONY: setup run test lint fmt bench fuzz samples replays clean

setup: $(STAMP)

# editable_mode=compat: a .pth path entry instead of an import hook (10 ms off every start-up)
$(STAMP): pyproject.toml Makefile
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v "is ignored" || true
	@$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev]' --config-settings editable_mode=compat 2>&1 | grep -v "is ignored" || true
	@$(BIN)/python -c "import engine, cocreate, msgspec, shapely, PIL, msgpack, pymunk, pytest, share.gallery.app" \
		|| { echo "make setup: the install into $(VENV) failed" >&2; exit 1; }
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

# The main job: the local gallery on 127.0.0.1:$(PORT) (8000), seeded with levels/ (levels with their
# replays, designs), in $$COCREATE_DATA_DIR or the user data dir; and, where there is a display,
# the editor on a copy of a sample level (out/my-level.cocreate) with Publish pointed at it.
PORT ?= 8000

# The gallery runs in the foreground; with a display the editor runs beside it, and stopping
# the gallery (Ctrl+C) closes the editor too (it asks first about unsaved changes).
run: setup
	@$(BIN)/python -c "import socket; socket.socket().bind(('127.0.0.1', $(PORT)))" 2>/dev/null \
		|| { echo "make run: 127.0.0.1:$(PORT) is in use (is a gallery running already?): make run PORT=N picks another" >&2; exit 1; }
	@$(BIN)/cocreate gallery admin seed levels \
		|| echo "make run: the samples above were not added; the gallery starts without them" >&2
	@editor=; \
	if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		mkdir -p out && { test -e out/my-level.cocreate || cp levels/first-steps.cocreate out/my-level.cocreate; }; \
		echo "make run: opening the editor on out/my-level.cocreate (Publish goes to http://127.0.0.1:$(PORT))"; \
		$(BIN)/cocreate edit out/my-level.cocreate --server http://127.0.0.1:$(PORT) & editor=$$!; \
	else \
		echo "make run: no display, so the gallery runs alone (with a display it also opens the editor; cocreate edit FILE opens it)"; \
	fi; \
	trap 'if [ -n "$$editor" ]; then kill $$editor 2>/dev/null; wait $$editor 2>/dev/null; fi' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/cocreate gallery serve --host 127.0.0.1 --port $(PORT)

# The suite runs on one worker process per core (at most 4; each test file stays on one worker,
# so its servers and databases are started once). TEST_JOBS=0 runs it in this process.
TEST_JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ "$$n" -gt 4 ] && n=4; echo $$n)

test: setup
	$(BIN)/python -m pytest -q -n $(TEST_JOBS) --dist loadfile

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fmt: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup
	@fail=0; for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python "$$b" || fail=1; done; exit $$fail

# Regenerate levels/ from code (after a format change).
samples: setup
	$(BIN)/python levels/generate.py

# Search again for the replays that clear the sample levels (after a level changed; minutes).
replays: setup
	$(BIN)/python levels/make_replays.py

# A longer fuzz run of the decoder and validator (atheris when it installs, else hypothesis).
fuzz: setup
	$(BIN)/python tests/fuzz_decoder.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
