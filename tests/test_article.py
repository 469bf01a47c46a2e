"""The one Article schema and the index mapping must describe the same fields."""

from __future__ import annotations

import dataclasses
import typing

from etl import (
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
from etl._index import load_template

NESTED = {
    cls.__name__: cls
    for cls in (
        ArchiveRecord,
        Dateline,
        Entities,
        EntityCount,
        EntityMention,
        Quote,
        GeoPoint,
        Fingerprint,
        Story,
    )
}


def _schema_fields(cls: type) -> dict[str, object]:
    hints = typing.get_type_hints(cls)
    out: dict[str, object] = {}
    for f in dataclasses.fields(cls):
        hint = str(hints[f.name])
        nested = next((c for name, c in NESTED.items() if name in hint), None)
        out[f.name] = _schema_fields(nested) if nested and nested is not GeoPoint else None
    return out


def _mapping_fields(props: dict[str, dict]) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, spec in props.items():
        sub = spec.get("properties")
        out[name] = _mapping_fields(sub) if sub and spec.get("type") != "geo_point" else None
    return out


def test_every_article_field_is_mapped_and_nothing_else() -> None:
    mapping = load_template()["template"]["mappings"]
    assert mapping["dynamic"] == "strict"
    schema = _schema_fields(Article)
    mapped = _mapping_fields(mapping["properties"])
    # Fields the index derives itself (its ingest pipeline) and leaves out of _source.
    derived = load_template()["_meta"]["derived_fields"]
    assert set(derived) <= set(mapped)
    assert set(derived) <= set(mapping["_source"]["excludes"])
    for name in derived:
        del mapped[name]
    # Objects stored without indexing (entity_mentions) or with open keys (extraction) are
    # mapped as leaves; compare their names only.
    for leafy in ("entity_mentions", "extraction"):
        schema[leafy] = mapped[leafy] = None
    assert mapped == schema


def test_round_trip_through_json_dict() -> None:
    article = Article(
        id=article_id("https://example.org/a"),
        url="https://example.org/a",
        body="text",
        dateline=Dateline(
            raw="KYIV, Ukraine (AP) —", place="Kyiv", location=GeoPoint(50.45, 30.52)
        ),
        entities=Entities(person=["Joe Biden"]),
        entity_mentions=[EntityMention("Biden", "person", 0, 5, "Joe Biden")],
        quotes=[Quote(speaker="Joe Biden", cue="said", kind="direct", text="Hello")],
    )
    assert Article.from_dict(article.to_dict()) == article


def test_ids_are_stable_and_distinct() -> None:
    assert article_id("https://example.org/a") == article_id("https://example.org/a")
    assert article_id("https://example.org/a") != article_id("https://example.org/b")
