"""One settings object for a run: built from the environment, overridden by CLI options or
Airflow params, then passed to every stage. Nothing reads a global."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

DEFAULT_STAGES: dict[str, int | None] = {
    # dotted path -> order; None disables a stage. Lower runs first.
    "etl.enrich.SourcesStage": 100,
    "etl.enrich.DatelineStage": 200,
    "etl.enrich.EntityStage": 300,
    "etl.enrich.QuoteStage": 400,  # needs the entity mentions
}


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _int_env(name: str) -> int | None:
    """An integer setting, None when unset or empty."""
    value = os.environ.get(name, "").strip()
    return int(value) if value else None


def _workers() -> int:
    from ._sizing import default_workers

    return default_workers()


@dataclass(frozen=True)
class Settings:
    engine_url: str = field(
        default_factory=lambda: _env("NEWSARCHIVE_ENGINE_URL", "http://127.0.0.1:9250")
    )
    index_alias: str = field(default_factory=lambda: _env("NEWSARCHIVE_INDEX_ALIAS", "news"))
    home: Path = field(
        default_factory=lambda: Path(_env("NEWSARCHIVE_HOME", ".newsarchive")).absolute()
    )
    # Raw archive: a folder or an fsspec URL (s3://bucket/warc, gs://...); default <home>/warc.
    warc_root: str | None = field(default_factory=lambda: os.environ.get("NEWSARCHIVE_WARC_ROOT"))
    stages: dict[str, int | None] = field(default_factory=lambda: dict(DEFAULT_STAGES))
    # Processes that extract and enrich in parallel (each ~0.55 GB with its NER): by default
    # the cores, fewer when memory is short (etl/_sizing.py).
    workers: int = field(default_factory=lambda: _int_env("NEWSARCHIVE_WORKERS") or _workers())
    # URLs per `news_ingest` batch task; None: from the workers (etl/_sizing.py, 2,000 on two).
    batch_size: int | None = field(default_factory=lambda: _int_env("NEWSARCHIVE_BATCH_SIZE"))
    ner_batch_size: int = field(
        default_factory=lambda: int(_env("NEWSARCHIVE_NER_BATCH_SIZE", "32"))
    )
    # Which NER reads English: "corenlp" (the Stanford CRF, `newsarchive models fetch`) or
    # "spacy" (the small spaCy model: no Java on the workers). Other languages use spaCy.
    ner: str = field(default_factory=lambda: _env("NEWSARCHIVE_NER", "corenlp"))
    # Read English bodies written in lower case or capitals through the CoreNLP true-caser
    # (etl/enrich/_casing.py: a ~1.3 GB process, started on the first such body); "0": never.
    truecase: bool = field(default_factory=lambda: _env("NEWSARCHIVE_TRUECASE", "1") != "0")
    ner_max_chars: int = field(
        default_factory=lambda: int(os.environ.get("NEWSARCHIVE_NER_MAX_CHARS", "100000"))
    )
    # Fetches at once, over all hosts (each host still gets one at a time, spaced).
    crawl_connections: int = field(
        default_factory=lambda: int(_env("NEWSARCHIVE_CRAWL_CONNECTIONS", "32"))
    )
    bulk_chunk_size: int = field(
        default_factory=lambda: int(_env("NEWSARCHIVE_BULK_CHUNK_SIZE", "200"))
    )
    # Shards and replicas of a new index version (the first one, or one a reindex builds).
    index_shards: int = field(default_factory=lambda: int(_env("NEWSARCHIVE_INDEX_SHARDS", "1")))
    index_replicas: int = field(
        default_factory=lambda: int(_env("NEWSARCHIVE_INDEX_REPLICAS", "0"))
    )
    # Seconds ingest and reindex wait for the index health they need before writing.
    health_timeout: float = field(
        default_factory=lambda: float(_env("NEWSARCHIVE_ENGINE_HEALTH_TIMEOUT", "60"))
    )
    # Group copies of one story at indexing (etl/_stories.py); "0" turns it off.
    stories: bool = field(default_factory=lambda: _env("NEWSARCHIVE_STORIES", "1") != "0")

    # Per-host spacing shared by fetchers: a folder (one machine) or a redis:// URL (several).
    shared_host_slots: str | None = field(
        default_factory=lambda: os.environ.get("NEWSARCHIVE_HOST_SLOTS") or None
    )

    @property
    def host_slots(self) -> Path | str:
        """Where fetchers share their per-host spacing: NEWSARCHIVE_HOST_SLOTS (a redis:// URL
        for workers on several machines, or a folder), else `<home>/hosts` (this machine)."""
        return self.shared_host_slots or self.home / "hosts"

    @property
    def batch_items(self) -> int:
        """URLs per `news_ingest` batch: NEWSARCHIVE_BATCH_SIZE, else sized from the workers."""
        from ._sizing import default_batch_size

        return self.batch_size or default_batch_size(self.workers)

    def with_overrides(self, **values: object) -> Settings:
        """A copy with the given fields replaced; `None` values are ignored."""
        known = {f.name for f in fields(self)}
        return replace(self, **{k: v for k, v in values.items() if v is not None and k in known})
