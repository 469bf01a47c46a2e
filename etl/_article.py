"""The one `Article` schema: what the pipeline produces, what `--json` prints, what is indexed.

`mappings/news-template.json` mirrors these fields; `tests/test_article.py` fails when the two
drift apart. Bump `SCHEMA_VERSION` whenever a field changes meaning or shape.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 7  # 2: entity_counts; 3: capped; 4: story, fingerprint; 5: modified_at;
# 6: ner_model, per-language text fields; 7: standfirst

# The most entries a list keeps in the index. The engine refuses a document with more than
# 10,000 nested objects in all (`index.mapping.nested_objects.limit`: entity_counts and quotes
# together), and an article naming thousands of people would otherwise be lost; what is cut is
# named in `capped`. Entities keep the most mentioned, quotes and the rest their first entries.
LIST_CAPS: dict[str, int] = {
    "entity_counts": 1000,
    "quotes": 1000,
    "entities.person": 1000,
    "entities.org": 1000,
    "entities.location": 1000,
    "entity_mentions": 10000,
    "authors": 100,
    "tags": 200,
}


@dataclass
class GeoPoint:
    lat: float
    lon: float


@dataclass
class Dateline:
    """The place and/or credit that opens a news body: "KYIV, Ukraine (AP) —"."""

    raw: str
    place: str | None = None
    region: str | None = None
    country: str | None = None
    agency: str | None = None
    date: str | None = None
    location: GeoPoint | None = None


@dataclass
class Entities:
    """Canonical names, one per real entity, by type."""

    person: list[str] = field(default_factory=list)
    org: list[str] = field(default_factory=list)
    location: list[str] = field(default_factory=list)


@dataclass
class EntityMention:
    """One mention in `body`: surface text, character offsets, label and canonical name."""

    text: str
    label: str  # "person" | "org" | "location"
    start: int
    end: int
    canonical: str


@dataclass
class EntityCount:
    """How often one canonical entity is mentioned in the body (nested in the index)."""

    name: str
    type: str  # "person" | "org" | "location"
    mentions: int


@dataclass
class Quote:
    speaker: str | None
    cue: str | None
    kind: str  # "direct" | "indirect"
    text: str


@dataclass
class ArchiveRecord:
    """Where the raw HTTP response of an article lives: a WARC file and the record in it."""

    warc: str  # path or URL (file://, s3://, gs://) of the WARC file
    offset: int  # byte offset of the record in the (compressed) file
    length: int  # byte length of the record
    record_id: str | None = None  # WARC-Record-ID


# --- stories (etl/_stories.py) -----------------------------------------------------------------
@dataclass
class Fingerprint:
    """The body's MinHash signature and its LSH band keys: a copy shares at least one key."""

    method: str  # shingle and hash parameters: signatures of different methods never compare
    minhash: str  # the signature, base64 of little-endian uint32 (stored, not searched)
    shingles: int  # distinct word shingles in the body (containment from Jaccard needs it)
    bands: list[str] = field(default_factory=list)  # keyword terms: one per LSH band


@dataclass
class Story:
    """The story an article is a copy of: every copy of it across outlets, in the archive."""

    id: str  # the story, named after its original's document id (moves with the original)
    original: str | None = None  # URL of the original: earliest copy, or the credited outlet's
    origin: str | None = None  # publisher of the original
    similarity: float = 1.0  # estimated Jaccard of this body with the original's (1.0: itself)
    recognised_by: str | None = None  # "text" | "credit" | "both"; None for an original
    copies: int = 1  # documents in the story


# --- end stories ---------------------------------------------------------------------------------


@dataclass
class Article:
    id: str
    url: str | None
    title: str | None = None
    standfirst: str | None = None  # the lead shown between headline and body
    body: str = ""
    publisher: str | None = None
    domain: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: str | None = None  # ISO 8601 date or date-time
    modified_at: str | None = None  # ISO 8601 date: last modified, where the page says so
    language: str | None = None
    tags: list[str] = field(default_factory=list)
    dateline: Dateline | None = None
    wire_agency: str | None = None
    syndicated_from: str | None = None
    entities: Entities = field(default_factory=Entities)
    entity_mentions: list[EntityMention] = field(default_factory=list)
    entity_counts: list[EntityCount] = field(default_factory=list)  # from the mentions
    # The NER model that read the body ("en_core_web_sm-3.8.0"), "none" when no model speaks
    # the article's language (no model-derived entities then), None when NER did not run.
    ner_model: str | None = None
    quotes: list[Quote] = field(default_factory=list)
    source: str | None = None  # name of the configured source that yielded it
    fetched_at: str | None = None  # ISO 8601, when the page was fetched (None for local files)
    archive: ArchiveRecord | None = None  # the raw response, for reprocessing without refetching
    content_hash: str | None = None  # sha256 of the extracted body: "unchanged" detection
    extraction: dict[str, str] = field(default_factory=dict)  # method and library versions
    capped: list[str] = field(default_factory=list)  # lists cut to their `LIST_CAPS` entry
    fingerprint: Fingerprint | None = None  # stories: set at indexing
    story: Story | None = None  # stories: set at indexing
    schema_version: int = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        data = dict(data)
        if data.get("dateline"):
            dl = dict(data["dateline"])
            if dl.get("location"):
                dl["location"] = GeoPoint(**dl["location"])
            data["dateline"] = Dateline(**dl)
        if data.get("archive"):
            data["archive"] = ArchiveRecord(**data["archive"])
        data["entities"] = Entities(**(data.get("entities") or {}))
        data["entity_mentions"] = [EntityMention(**m) for m in data.get("entity_mentions") or []]
        data["entity_counts"] = [EntityCount(**c) for c in data.get("entity_counts") or []]
        data["quotes"] = [Quote(**q) for q in data.get("quotes") or []]
        if data.get("fingerprint"):
            data["fingerprint"] = Fingerprint(**data["fingerprint"])
        if data.get("story"):
            data["story"] = Story(**data["story"])
        return cls(**data)


def cap_lists(article: Article, caps: dict[str, int] = LIST_CAPS) -> Article:
    """Cut every list longer than its cap (in place; returns the article) and name it in
    `capped`. Entity names and counts keep the most mentioned; other lists their first."""
    rank = {(c.type, c.name): i for i, c in enumerate(article.entity_counts)}
    for path, cap in caps.items():
        owner, name = (article.entities, path.split(".")[1]) if "." in path else (article, path)
        values = getattr(owner, name)
        if len(values) <= cap:
            continue
        if path == "entity_counts":
            values = sorted(values, key=lambda c: -c.mentions)  # stable: ties keep their order
        elif owner is article.entities:
            values = sorted(values, key=lambda v: rank.get((name, v), len(rank)))
        setattr(owner, name, values[:cap])
        if path not in article.capped:
            article.capped.append(path)
    return article


def article_id(key: str) -> str:
    """Document id: a hash of the canonical URL (or of the text when there is no URL).

    Re-running a pipeline over the same URL overwrites the same document instead of adding one.
    """
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def count_mentions(mentions: list[EntityMention]) -> list[EntityCount]:
    """Mentions per canonical entity, most mentioned first (ties in order of appearance)."""
    counts: dict[tuple[str, str], int] = {}
    for m in mentions:
        counts[(m.canonical, m.label)] = counts.get((m.canonical, m.label), 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    return [EntityCount(name=name, type=label, mentions=n) for (name, label), n in ranked]
