"""newsarchive: news article HTML in, a searchable, faceted archive out.

The public API. Everything in a `_module` is private.

Each name is imported on first use (PEP 562): importing `etl`, or a light module of it such as
`etl._sizing` that the `news_ingest` DAG file reads while the scheduler parses it, does not load
the engine client, trafilatura or the pipeline.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._article import (
        SCHEMA_VERSION,
        ArchiveRecord,
        Article,
        Dateline,
        Entities,
        EntityCount,
        EntityMention,
        Fingerprint,
        GeoPoint,
        Quote,
        Story,
        article_id,
    )
    from ._embedded import EmbeddedEngine
    from ._engine import (
        BulkItem,
        ElasticsearchEngine,
        Engine,
        OpenSearchEngine,
        connect,
        redact_url,
    )
    from ._errors import (
        ConfigError,
        DropArticle,
        EngineError,
        EngineNotRunning,
        EngineSetupError,
        NewsarchiveError,
        NotConfigured,
    )
    from ._extract import canonical_url, extract
    from ._index import ensure_index, index_articles
    from ._ingest import ingest
    from ._pipeline import Input, Pipeline, Result, RunReport
    from ._search import FACETS, SearchResult, build_query, search
    from ._settings import Settings
    from ._stage import Stage

# public name -> the private module that defines it
_EXPORTS = {
    "FACETS": "._search",
    "SCHEMA_VERSION": "._article",
    "ArchiveRecord": "._article",
    "Article": "._article",
    "BulkItem": "._engine",
    "ConfigError": "._errors",
    "Dateline": "._article",
    "DropArticle": "._errors",
    "ElasticsearchEngine": "._engine",
    "EmbeddedEngine": "._embedded",
    "Engine": "._engine",
    "EngineError": "._errors",
    "EngineNotRunning": "._errors",
    "EngineSetupError": "._errors",
    "Entities": "._article",
    "EntityCount": "._article",
    "EntityMention": "._article",
    "Fingerprint": "._article",
    "GeoPoint": "._article",
    "Input": "._pipeline",
    "NewsarchiveError": "._errors",
    "NotConfigured": "._errors",
    "OpenSearchEngine": "._engine",
    "Pipeline": "._pipeline",
    "Quote": "._article",
    "Result": "._pipeline",
    "RunReport": "._pipeline",
    "SearchResult": "._search",
    "Settings": "._settings",
    "Stage": "._stage",
    "Story": "._article",
    "article_id": "._article",
    "build_query": "._search",
    "canonical_url": "._extract",
    "connect": "._engine",
    "ensure_index": "._index",
    "extract": "._extract",
    "index_articles": "._index",
    "ingest": "._ingest",
    "redact_url": "._engine",
    "search": "._search",
}

__all__ = [
    "FACETS",
    "SCHEMA_VERSION",
    "ArchiveRecord",
    "Article",
    "BulkItem",
    "ConfigError",
    "Dateline",
    "DropArticle",
    "ElasticsearchEngine",
    "EmbeddedEngine",
    "Engine",
    "EngineError",
    "EngineNotRunning",
    "EngineSetupError",
    "Entities",
    "EntityCount",
    "EntityMention",
    "Fingerprint",
    "GeoPoint",
    "Input",
    "NewsarchiveError",
    "NotConfigured",
    "OpenSearchEngine",
    "Pipeline",
    "Quote",
    "Result",
    "RunReport",
    "SearchResult",
    "Settings",
    "Stage",
    "Story",
    "article_id",
    "build_query",
    "canonical_url",
    "connect",
    "ensure_index",
    "extract",
    "index_articles",
    "ingest",
    "redact_url",
    "search",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
