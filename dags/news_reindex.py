"""news_reindex: build the next index version and swap the `news` alias to it (manual).

Search never stops: the alias moves in one atomic call after the new version's document count
is verified, and the previous version stays for `newsarchive rollback`. Wiring only: the work
is etl._reindex, which `newsarchive reindex` runs too.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag, get_current_context, task


@dag(
    dag_id="news_reindex",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    params={
        "mode": Param(
            "copy",
            enum=["copy", "reprocess"],
            description="copy: the engine copies every document (after a mapping change); "
            "reprocess: the pipeline rebuilds the selected documents from the WARC archive",
        ),
        "target_version": Param(
            None, type=["null", "integer"], minimum=1, description="default: newest + 1"
        ),
        "since": Param(
            None,
            type=["null", "string"],
            format="date",
            description="reprocess documents published on or after",
        ),
        "until": Param(
            None,
            type=["null", "string"],
            format="date",
            description="reprocess documents published on or before",
        ),
        "sources": Param(
            [],
            type="array",
            items={"type": "string"},
            description="reprocess documents of these sources only",
        ),
    },
    tags=["newsarchive"],
    doc_md=__doc__,
)
def news_reindex() -> None:
    @task(retries=0)  # a half-built version is left for inspection, never swapped; rerun it
    def build_and_swap() -> dict:
        from etl._engine import connect
        from etl._reindex import reindex
        from etl._tasks import task_settings

        params = get_current_context()["params"]
        settings = task_settings()
        engine = connect(settings.engine_url)
        try:
            report = reindex(
                engine, settings, mode=params["mode"], target_version=params["target_version"],
                since=params["since"], until=params["until"],
                sources=list(params["sources"]) or None,
            )  # fmt: skip
        finally:
            engine.close()
        print(
            f"{report.alias}: {report.source_index} -> {report.target_index} ({report.mode}), "
            f"{report.indexed} documents"
        )
        return report.to_dict()

    build_and_swap()


news_reindex()
