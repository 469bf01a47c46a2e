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
    # Processes that extract and enrich in parallel (each loads spaCy, ~0.5 GB).
    workers: int = field(
        default_factory=lambda: int(os.environ.get("NEWSARCHIVE_WORKERS", os.cpu_count() or 1))
    )
    ner_batch_size: int = field(
        default_factory=lambda: int(_env("NEWSARCHIVE_NER_BATCH_SIZE", "32"))
    )
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

    def with_overrides(self, **values: object) -> Settings:
        """A copy with the given fields replaced; `None` values are ignored."""
        known = {f.name for f in fields(self)}
        return replace(self, **{k: v for k, v in values.items() if v is not None and k in known})
