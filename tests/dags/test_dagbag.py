"""The DAG files parse, are wired as designed, and import no heavy library when parsed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ._airflow import DAGS, airflow_env

PARSE = """
import json, sys
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(sys.argv[1])
heavy = sorted(m for m in ("spacy", "trafilatura", "thinc", "lxml.html") if m in sys.modules)
dags = {}
for dag_id, dag in bag.dags.items():
    dags[dag_id] = {
        "schedule": str(dag.schedule), "catchup": dag.catchup,
        "max_active_runs": dag.max_active_runs, "params": sorted(dag.params.keys()),
        "tasks": sorted(dag.task_ids),
        "mapped": sorted(t.task_id for t in dag.tasks if t.is_mapped if hasattr(t, "is_mapped")),
    }
print(json.dumps({"errors": {k: str(v) for k, v in bag.import_errors.items()},
                  "heavy": heavy, "dags": dags}))
"""


def test_dags_load_without_errors_or_heavy_imports(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PARSE, str(DAGS)],
        env=airflow_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["errors"] == {}
    assert found["heavy"] == []  # spaCy and trafilatura load inside tasks only
    ingest = found["dags"]["news_ingest"]
    assert ingest["schedule"] == "@daily" and ingest["catchup"] is False
    assert ingest["max_active_runs"] == 1
    assert ingest["params"] == ["batch_size", "sources_file"]
    assert set(ingest["tasks"]) == {"plan_sources", "discover", "plan_batches", "process", "report"}
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
