# The two commands a user needs: `make demo` and `make test`. Both set up ./.venv from nothing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= sqlite:///storyline.db
EXAMPLES := examples/abductee-issue
PROFILE  := examples/profiles/abductions.json

.PHONY: demo test test-fast lint typecheck bench bench-quick check-interface clean-db soak

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

SEEDS := ../shared/seeds

demo: $(STAMP)
	$(BIN)/storyline ingest --db $(DB) --profile $(PROFILE) $(EXAMPLES)
	@if [ -d $(SEEDS) ]; then \
	  $(BIN)/storyline ingest --db $(DB) --published 2014-06-02 $(SEEDS)/000_*.txt && \
	  $(BIN)/storyline ingest --db $(DB) --published 2018-08-30 $(SEEDS)/003_*.txt; \
	fi
	@echo
	@COLUMNS=$${COLUMNS:-150} $(BIN)/storyline timeline --db $(DB) --key
	@COLUMNS=$${COLUMNS:-150} $(BIN)/storyline entities --db $(DB) --limit 15
	@COLUMNS=$${COLUMNS:-150} $(BIN)/storyline conflicts --db $(DB)
	@echo
	@echo "The dossier is in $(DB). Open the web UI with:  $(BIN)/storyline serve --db $(DB)"
	@echo "then http://127.0.0.1:8000 ; or try: $(BIN)/storyline entity 'Kim Jong Il' --db $(DB)"

# Everything, slow evaluation gates included: what CI runs.
test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src
	$(BIN)/pytest -q

# For the edit loop: skips the slow evaluation runs.
test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not slow"

# Every benchmark in one run, then one table of the figures side by side (about an hour on 2 cores; PostgreSQL
# from $$STORYLINE_BENCH_PG or $$STORYLINE_TEST_PG). `make bench-quick`: the same, small, in minutes.
bench: $(STAMP)
	$(BIN)/python bench/suite.py

bench-quick: $(STAMP)
	$(BIN)/python bench/suite.py --quick --skip-quality

# Long campaigns CI leaves out, both run by `make soak`.
# Fuzzing: every target of bench/fuzz.py with up to $(FUZZ_EXAMPLES) inputs each, in about $(FUZZ_SECONDS) s in all;
# prints inputs tried, failures recorded and exceptions escaped (must be 0) per target.
FUZZ_EXAMPLES ?= 20000
FUZZ_SECONDS  ?= 540

check-interface: $(STAMP)
	../shared/tools/check-interface

# The crash campaign: an ingest SIGKILLed at random points and resumed, on SQLite and PostgreSQL
# ($$STORYLINE_TEST_PG), SOAK_KILLS kills per store (seed SOAK_SEED); prints the kills survived.
SOAK_KILLS ?= 50
SOAK_SEED  ?= $(shell date +%s)
soak: $(STAMP)
	$(BIN)/python bench/fuzz.py --examples $(FUZZ_EXAMPLES) --seconds $(FUZZ_SECONDS) --ingest 30
	STORYLINE_CRASH_KILLS=$(SOAK_KILLS) STORYLINE_CRASH_SEED=$(SOAK_SEED) \
	  $(BIN)/pytest -q -s tests/test_crash_resume.py -k resumed
