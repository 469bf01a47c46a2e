"""Search the archive: full text with highlights, facet counts and filters."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ._engine import Engine
from ._errors import ConfigError

# Facet name (as typed on the command line) -> indexed field. Full field names work too.
FACETS: dict[str, str] = {
    "publisher": "publisher",
    "domain": "domain",
    "author": "authors",
    "language": "language",
    "tag": "tags",
    "dateline-place": "dateline.place",
    "dateline-region": "dateline.region",
    "dateline-country": "dateline.country",
    "dateline-agency": "dateline.agency",
    "wire-agency": "wire_agency",
    "syndicated-from": "syndicated_from",
    "person": "entities.person",
    "org": "entities.org",
    "location": "entities.location",
    "source": "source",
    "speaker": "quotes.speaker",
    "copies": "story.copies",  # stories: how many copies the article's story has
    "story": "story.id",
    "original-outlet": "story.origin",
    "ner-model": "ner_model",
}
NESTED = {"quotes.speaker": "quotes"}  # facet fields inside nested objects, by nested path
# Stemmed fields rank first; `broad` (derivations folded too: "migrants" ~ "migration") adds
# recall at a low weight.
SEARCH_FIELDS = ["title^3", "title.folded^2", "standfirst^1.5", "standfirst.folded",
                 "body", "body.folded", "title.broad^0.6", "body.broad^0.3", "i18n.*.title^3",
                 "i18n.*.body"]  # fmt: skip
# `i18n.<language>.title/body`: the same text analysed for its own language (German stems
# "Wahlen" to "wahl", CJK in bigrams); `.folded` finds exact words in any language.
HIGHLIGHT_TAGS = ("<em>", "</em>")


def facet_field(name: str) -> str:
    if name in FACETS:
        return FACETS[name]
    if name in FACETS.values():
        return name
    known = ", ".join(FACETS)
    raise ConfigError(f"unknown facet {name!r}; use one of: {known}")


@dataclass
class Hit:
    id: str
    score: float | None
    title: str | None
    publisher: str | None
    published_at: str | None
    url: str | None
    snippet: str | None
    story: str | None = None  # stories: the story id, its copies in the archive, and (with
    copies: int | None = None  # `collapse`) the copies matching the query: outlet, date, url
    outlets: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class SearchResult:
    query: str
    total: int
    took_ms: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    next_after: list[Any] | None = None  # pass as `after` for the next page; None at the end

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "took_ms": self.took_ms,
            "hits": [vars(h) for h in self.hits],
            "next_after": self.next_after,
            "facets": {
                name: [{"value": v, "count": c} for v, c in buckets]
                for name, buckets in self.facets.items()
            },
        }


def parse_filters(filters: list[str]) -> dict[str, list[str]]:
    """`["person=Joe Biden", "person=Xi Jinping", "publisher=BBC"]` -> field -> values."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for item in filters:
        name, sep, value = item.partition("=")
        if not sep or not value:
            raise ConfigError(f"filter {item!r} must look like FIELD=VALUE, e.g. person=Joe Biden")
        grouped[facet_field(name.strip())].append(value.strip())
    return dict(grouped)


SORTS = {
    # The unique `id` breaks ties, so search_after pages never skip or repeat a document.
    "relevance": [{"_score": "desc"}, {"id": "asc"}],
    "newest": [{"published_at": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
    "oldest": [{"published_at": {"order": "asc", "missing": "_last"}}, {"id": "asc"}],
}
TEXT_FIELDS = {
    "title": ["title", "title.folded", "i18n.*.title"],
    "standfirst": ["standfirst", "standfirst.folded"],
    "body": ["body", "body.folded", "i18n.*.body"],
}
_FIELD_TERM = re.compile(r'(?<!\S)(-?)([a-z][a-z_.-]*):(?:"([^"]*)"|(\S+))')


def split_query(query: str) -> tuple[str, list[tuple[bool, str, str]]]:
    """Take `field:value` and `field:"two words"` terms (negated with `-`) out of a query.

    Known facets and `title`/`body` are fields; anything else (`http://...`) stays text."""
    terms: list[tuple[bool, str, str]] = []

    def take(match: re.Match[str]) -> str:
        name = match.group(2)
        if name not in TEXT_FIELDS and name not in FACETS and name not in FACETS.values():
            return match.group(0)
        value = match.group(3) if match.group(3) is not None else match.group(4)
        terms.append((match.group(1) == "-", name, value))
        return " "

    text = _FIELD_TERM.sub(take, query)
    return " ".join(text.split()), terms


def build_query(
    query: str,
    *,
    facets: list[str] = (),  # type: ignore[assignment]
    filters: list[str] = (),  # type: ignore[assignment]
    since: str | None = None,
    until: str | None = None,
    size: int = 10,
    facet_size: int = 10,
    sort: str = "relevance",
    after: list[Any] | None = None,
    collapse: bool = False,
) -> dict[str, Any]:
    """The engine request: words, "phrases", -exclusions and field:value terms; filters AND
    across fields, OR within one field; a date range; a sort with search_after paging."""
    if sort not in SORTS:
        raise ConfigError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    text, field_terms = split_query(query)
    must: list[dict[str, Any]] = []
    must_not: list[dict[str, Any]] = []
    if text and text != "*":
        must.append(
            {
                "simple_query_string": {
                    "query": text,
                    "fields": SEARCH_FIELDS,
                    "default_operator": "and",
                }
            }
        )
    filter_clauses: list[dict[str, Any]] = [
        _nested({"terms": {name: values}}, name)
        for name, values in parse_filters(list(filters)).items()
    ]
    for negate, name, value in field_terms:
        if name in TEXT_FIELDS:
            clause = {"multi_match": {"query": value, "fields": TEXT_FIELDS[name],
                                      "type": "phrase"}}  # fmt: skip
            (must_not if negate else must).append(clause)
        else:
            field = facet_field(name)
            (must_not if negate else filter_clauses).append(
                _nested({"term": {field: value}}, field)
            )
    if since or until:
        bounds = {k: v for k, v in (("gte", since), ("lte", until)) if v}
        filter_clauses.append({"range": {"published_at": bounds}})
    body: dict[str, Any] = {
        "query": {
            "bool": {
                "must": must or [{"match_all": {}}],
                "filter": filter_clauses,
                "must_not": must_not,
            }
        },
        "size": size,
        "sort": SORTS[sort],
        "track_total_hits": True,
        "_source": ["title", "publisher", "published_at", "url", "story.id", "story.copies"],
        "highlight": {
            "pre_tags": [HIGHLIGHT_TAGS[0]],
            "post_tags": [HIGHLIGHT_TAGS[1]],
            "fields": {"body": {"fragment_size": 180, "number_of_fragments": 1}},
            "no_match_size": 180,
        },
    }
    if after:
        body["search_after"] = after
    if collapse:
        body.update(collapse_stories(bool(after)))
    if facets:
        body.setdefault("aggs", {}).update(
            {name: _facet_agg(facet_field(name), facet_size) for name in facets}
        )
    return body


# --- stories: one hit per story ----------------------------------------------------------------
COPIES_SHOWN = 20  # outlets listed under a collapsed hit


def collapse_stories(paging: bool) -> dict[str, Any]:
    """Field collapsing on the story id: the best hit of each story, its copies as inner hits
    (outlet, date, url; oldest first), and the number of stories matched."""
    if paging:
        raise ConfigError("--after does not page collapsed results: narrow the query instead")
    inner = {"name": "copies", "size": COPIES_SHOWN, "_source": ["publisher", "published_at",
             "url", "story.similarity"], "sort": [{"published_at": {"order": "asc",
             "missing": "_last"}}]}  # fmt: skip
    return {
        "collapse": {"field": "story.id", "inner_hits": inner},
        "aggs": {"stories": {"cardinality": {"field": "story.id"}}},
    }


def _outlets(hit: dict[str, Any]) -> list[dict[str, Any]]:
    inner = hit.get("inner_hits", {}).get("copies", {}).get("hits", {}).get("hits", [])
    return [
        {"id": h["_id"], "publisher": h["_source"].get("publisher"),
         "published_at": h["_source"].get("published_at"), "url": h["_source"].get("url"),
         "similarity": (h["_source"].get("story") or {}).get("similarity")}
        for h in inner
    ]  # fmt: skip


def _nested(query: dict[str, Any], field: str) -> dict[str, Any]:
    path = NESTED.get(field)
    return {"nested": {"path": path, "query": query}} if path else query


def _facet_agg(field: str, size: int) -> dict[str, Any]:
    terms = {"terms": {"field": field, "size": size}}
    path = NESTED.get(field)
    if not path:
        return terms
    # Count articles, not quotes: one article quoting a speaker twice counts once.
    terms["aggs"] = {"articles": {"reverse_nested": {}}}
    return {"nested": {"path": path}, "aggs": {"values": terms}}


def _buckets(agg: dict[str, Any]) -> list[tuple[str, int]]:
    if "values" in agg:  # a nested facet
        return [(b["key"], b["articles"]["doc_count"]) for b in agg["values"]["buckets"]]
    return [(b["key"], b["doc_count"]) for b in agg["buckets"]]


def search(engine: Engine, alias: str, query: str, **options: Any) -> SearchResult:
    body = build_query(query, **options)
    raw = engine.search(alias, body)
    hits = []
    for hit in raw["hits"]["hits"]:
        src = hit.get("_source", {})
        snippet = (hit.get("highlight", {}).get("body") or [None])[0]
        hits.append(
            Hit(
                id=hit["_id"],
                score=hit.get("_score"),
                title=src.get("title"),
                publisher=src.get("publisher"),
                published_at=src.get("published_at"),
                url=src.get("url"),
                snippet=snippet,
                story=(src.get("story") or {}).get("id"),
                copies=(src.get("story") or {}).get("copies"),
                outlets=_outlets(hit),
            )
        )
    raw_hits = raw["hits"]["hits"]
    size = body["size"]
    next_after = raw_hits[-1].get("sort") if raw_hits and len(raw_hits) == size else None
    aggs = raw.get("aggregations", {})
    if options.get("collapse"):  # one hit per story: count stories, no search_after paging
        next_after = None
    facets = {  # in the order asked for
        name: _buckets(aggs[name]) for name in options.get("facets", ()) if name in aggs
    }
    total = raw["hits"]["total"]["value"]
    if "stories" in aggs:
        total = aggs["stories"]["value"]
    return SearchResult(
        query=query,
        total=total,
        took_ms=raw.get("took", 0),
        hits=hits,
        facets=facets,
        next_after=next_after,
    )


EXPORT_COLUMNS = [
    "id", "url", "title", "standfirst", "publisher", "published_at", "authors", "language",
    "ner_model", "dateline.place", "dateline.country", "wire_agency", "syndicated_from",
    "entities.person", "entities.org", "entities.location", "quotes.speaker",
]  # fmt: skip


def export(engine: Engine, alias: str, query: str, **options: Any) -> tuple[int, Iterator[dict]]:
    """(number of matches, every matching article's source): a scroll over a consistent
    snapshot of the index, one page in memory at a time."""
    body = build_query(query, **options, size=0)
    total = engine.count(alias, body["query"])
    return total, (hit["_source"] for hit in engine.scroll(alias, {"query": body["query"]}))


def flat_row(article: dict[str, Any]) -> dict[str, str]:
    """One CSV row: lists joined with "; ", nested fields by dotted column name."""
    row = {}
    for column in EXPORT_COLUMNS:
        value: Any = article
        for part in column.split("."):
            if isinstance(value, list):
                value = [v.get(part) for v in value if isinstance(v, dict)]
            else:
                value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, list):
            value = "; ".join(dict.fromkeys(str(v) for v in value if v))
        row[column] = "" if value is None else str(value)
    return row
