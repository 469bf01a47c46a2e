# newsarchive: `make demo` and `make test` do everything on a fresh machine.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
# Write .pyc files at install: with PYTHONDONTWRITEBYTECODE set (as on these machines) every
# process, each pipeline worker included, would compile spaCy, Airflow & co. from source.
export UV_COMPILE_BYTECODE := 1
UV ?= $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
RUN := $(UV) run --frozen
QUERY ?= migration
# pytest workers: on two cores, two take about two thirds of one's time (many tests wait on an
# engine, Airflow or Celery). Each test file runs whole on one worker, so a module's fixtures
# are built once. TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= 2

.PHONY: install engine engine-stop ingest-seeds demo test eval bench lint format clean

# uv itself comes from PyPI when the machine lacks it; the lock file pins everything else.
$(UV):
	python3 -m pip install --quiet --target .tools/lib uv==0.13.8
	mkdir -p .tools/bin && ln -sf ../lib/bin/uv .tools/bin/uv

# English NER runs Stanford CoreNLP's CRF: its jars come with Maven, once per machine.
install: $(UV)
	$(UV) sync --frozen --python 3.11
	$(RUN) newsarchive models fetch

engine: install
	$(RUN) newsarchive engine start

engine-stop:
	-$(RUN) newsarchive engine stop

ingest-seeds: engine
	$(RUN) newsarchive ingest --sources seeds/sources.yaml

demo: ingest-seeds
	$(RUN) newsarchive search "$(QUERY)" --facet person --facet org --facet location \
	  --facet dateline-place --facet syndicated-from --facet publisher

test: install
	$(RUN) ruff check .
	$(RUN) pytest -q -ra --numprocesses $(TEST_WORKERS) --dist loadfile

# Quality against the gold data in ../shared (one table, every figure computed now).
eval: install
	$(RUN) python -m evaluation.run $(EVAL_ARGS)

# Throughput, memory and search latency, measured side by side in one run (BENCH_ARGS=--full).
bench: install
	$(RUN) python -m bench.run $(BENCH_ARGS)

lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .

format: install
	$(RUN) ruff format .

clean: engine-stop
	rm -rf .newsarchive
