"""newsarchive: news article HTML in, a searchable, faceted archive out.

The public API. Everything in a `_module` is private.
"""

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
from ._engine import BulkItem, ElasticsearchEngine, Engine, OpenSearchEngine, connect, redact_url
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
