"""The DAG files parse, are wired as designed, and import no heavy library when parsed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from etl._sizing import default_batch_tasks

from ._airflow import DAGS, airflow_env

PARSE = """
import json, sys
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(sys.argv[1])
heavy = sorted(m for m in ("spacy", "trafilatura", "thinc", "lxml.html", "etl._engine",
                           "etl._pipeline", "etl._extract") if m in sys.modules)
dags = {}
for dag_id, dag in bag.dags.items():
    dags[dag_id] = {
        "schedule": str(dag.schedule), "catchup": dag.catchup,
        "max_active_runs": dag.max_active_runs, "params": sorted(dag.params.keys()),
        "tasks": sorted(dag.task_ids),
        "mapped": sorted(t.task_id for t in dag.tasks if t.is_mapped if hasattr(t, "is_mapped")),
        "at_once": {t.task_id: t.max_active_tis_per_dagrun for t in dag.tasks},
    }
print(json.dumps({"errors": {k: str(v) for k, v in bag.import_errors.items()},
                  "heavy": heavy, "dags": dags}))
"""


def _parse(tmp_path: Path, **env: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PARSE, str(DAGS)],
        env={**airflow_env(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_dags_load_without_errors_or_heavy_imports(tmp_path: Path) -> None:
    found = _parse(tmp_path)
    assert found["errors"] == {}
    # spaCy, trafilatura and the project's engine client and pipeline load inside tasks only
    assert found["heavy"] == []
    ingest = found["dags"]["news_ingest"]
    assert ingest["schedule"] == "@daily" and ingest["catchup"] is False
    assert ingest["max_active_runs"] == 1
    assert ingest["params"] == ["batch_size", "sources_file"]
    # one task plans the run (sources, discovery, batches), one per batch, one reports
    assert set(ingest["tasks"]) == {"discover", "process", "report"}
    # batch tasks of one run at once, by default sized from the machine (2, or 1 when short
    # of memory)
    assert ingest["at_once"]["process"] == default_batch_tasks() in (1, 2)
    reindex = found["dags"]["news_reindex"]
    assert reindex["schedule"] in ("None", "Never, external triggers only")
    assert reindex["params"] == [
        "keep_versions",
        "mode",
        "since",
        "sources",
        "target_version",
        "until",
    ]


def test_batch_tasks_at_once_come_from_the_deployment(tmp_path: Path) -> None:
    found = _parse(tmp_path, NEWSARCHIVE_BATCH_TASKS="8")  # e.g. four Celery workers x 2 slots
    assert found["errors"] == {}
    assert found["dags"]["news_ingest"]["at_once"]["process"] == 8
