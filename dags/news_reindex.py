"""news_reindex: build the next index version and swap the `news` alias to it (manual).

Search never stops: the alias moves in one atomic call after the new version is verified by
ids; articles that news_ingest writes meanwhile reach the new version too. The engine copies
as a task whose progress is logged; killing this task cancels it and the next run resumes.
`keep_versions` then deletes versions beyond the newest N (`newsarchive versions --prune`).
Wiring only: the work is etl._reindex, which `newsarchive reindex` runs too.
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
        "keep_versions": Param(
            None,
            type=["null", "integer"],
            minimum=1,
            description="after the swap, keep the newest N versions (the live one included) "
            "and delete older ones; default: keep all",
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
    @task(retries=0)  # a failed build is kept, marked interrupted; the next run resumes it
    def build_and_swap() -> dict:
        from etl._engine import connect
        from etl._reindex import prune, reindex
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
            if params["keep_versions"]:
                deleted = prune(engine, settings.index_alias, params["keep_versions"])
                print(f"pruned {', '.join(deleted) or 'nothing'}")
        finally:
            engine.close()
        print(
            f"{report.alias}: {report.source_index} -> {report.target_index} ({report.mode}), "
            f"{report.indexed} documents"
        )
        return report.to_dict()

    build_and_swap()


news_reindex()
