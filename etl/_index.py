"""Index versions behind an alias: `news-v1`, `news-v2`, ... with the alias `news` on one.

The template in `mappings/news-template.json` is the one source of settings and mappings for
both engines. Documents are bulk-upserted with `_id` = `Article.id`, so re-runs overwrite.

Title and body are also sent as `i18n.<language>.title/body` for the languages the template
analyses with their own built-in analyzer (German stemming, CJK bigrams, ...): indexed, never
stored (`_source` excludes them), so they cost no disk beyond the index. A reindex copy adds
them with the same rule written as a script (`language_script`), so a version built from an
older one gets them too.
"""

from __future__ import annotations

import copy
import json
import logging
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from ._article import Article, cap_lists
from ._engine import BulkItem, Engine
from ._errors import EngineError

log = logging.getLogger(__name__)

MAPPINGS = Path(__file__).resolve().parent.parent / "mappings"
TEMPLATE_PATH = MAPPINGS / "news-template.json"
TEMPLATE_NAME = "newsarchive-articles"
RUNS_INDEX = "news-runs"  # one document per ingestion run (Kibana's runs panel)


@cache
def load_template() -> dict[str, Any]:
    return json.loads(TEMPLATE_PATH.read_text(encoding="utf-8"))


def analysed_languages() -> list[str]:
    """The languages whose own analyzer reads title and body (`i18n.<code>` in the template)."""
    mappings = load_template()["template"]["mappings"]
    return sorted(mappings["properties"]["i18n"]["properties"])


def with_language_fields(document: dict[str, Any]) -> dict[str, Any]:
    """The document plus `i18n.<language>` (title and body) if its language is analysed."""
    document = {k: v for k, v in document.items() if k != "i18n"}
    language = document.get("language")
    if language in _analysed():
        text = {k: document[k] for k in ("title", "body") if document.get(k) is not None}
        document["i18n"] = {language: text}
    return document


@cache
def _analysed() -> frozenset[str]:
    return frozenset(analysed_languages())


# `with_language_fields` for the engine's `_reindex` (Painless runs on both engines).
_LANGUAGE_SCRIPT = (
    "def s = ctx._source; s.remove('i18n'); def lang = s.language;"
    " if (lang instanceof String && params.languages.contains(lang)) {"
    " Map text = new HashMap();"
    " if (s.title != null) { text.put('title', s.title); }"
    " if (s.body != null) { text.put('body', s.body); }"
    " Map i18n = new HashMap(); i18n.put(lang, text); s.i18n = i18n; }"
)


def language_script() -> dict[str, Any]:
    """The reindex script that adds `i18n.<language>` to each copied document."""
    return {
        "lang": "painless",
        "source": _LANGUAGE_SCRIPT,
        "params": {"languages": analysed_languages()},
    }


def load_runs_mapping() -> dict[str, Any]:
    """The `news-runs` index body (settings and strict mappings)."""
    return json.loads((MAPPINGS / "news-runs.json").read_text(encoding="utf-8"))


def versioned_name(alias: str, version: int) -> str:
    return f"{alias}-v{version}"


def version_of(index: str) -> int:
    match = re.search(r"-v(\d+)$", index)
    return int(match.group(1)) if match else 0


def ensure_index(engine: Engine, alias: str, *, shards: int = 1, replicas: int = 0) -> str:
    """Install the template and make sure `alias` points at an index; return that index.

    First run: creates `<alias>-v1` with the alias on it. Later runs: reuse what the alias
    points to (reindexing, not this function, moves it). `shards` and `replicas` go into the
    template, so they apply to the versions created from now on; an existing version keeps
    its own (a reindex builds one with the new shard count).
    """
    template = copy.deepcopy(load_template())
    template["index_patterns"] = [f"{alias}-v*"]
    index_settings = template["template"]["settings"]
    index_settings["number_of_shards"] = shards
    index_settings["number_of_replicas"] = replicas
    engine.put_index_template(f"{TEMPLATE_NAME}-{alias}", template)
    targets = engine.alias_targets(alias)
    if targets:
        live = max(targets, key=version_of)
        add_new_fields(engine, live)
        return live
    first = versioned_name(alias, 1)
    if engine.index_exists(first):
        engine.update_aliases([{"add": {"index": first, "alias": alias}}])
    else:
        try:
            engine.create_index(first, aliases={alias: {}})
        except EngineError:
            # Two first runs at once (batch tasks on two workers) both found no index: the
            # other one created it, with the alias, in the same request. Anything else raises.
            if not engine.index_exists(first):
                raise
            if not engine.alias_targets(alias):
                engine.update_aliases([{"add": {"index": first, "alias": alias}}])
    return first


def _missing(wanted: dict[str, Any], present: dict[str, Any]) -> dict[str, Any]:
    """The properties of `wanted` (a template's) that `present` (an index's) lacks: new fields,
    new sub-fields of objects, new multi-fields of a field (set on the field as it stands, so
    nothing it already has is changed)."""
    missing: dict[str, Any] = {}
    for name, field in wanted.items():
        have = present.get(name)
        if have is None:
            missing[name] = field
            continue
        if "properties" in field:
            inner = _missing(field["properties"], have.get("properties") or {})
            if inner:
                missing[name] = {**{k: v for k, v in have.items() if k != "properties"},
                                 "properties": inner}  # fmt: skip
        elif "fields" in field:
            new = {k: v for k, v in field["fields"].items() if k not in have.get("fields", {})}
            if new:
                missing[name] = {**have, "fields": new}
    return missing


def _names(properties: dict[str, Any], prefix: str = "") -> list[str]:
    out = []
    for name, field in properties.items():
        if field.get("properties"):
            out += _names(field["properties"], f"{prefix}{name}.")
        else:
            out.append(f"{prefix}{name}")
    return out


def add_new_fields(
    engine: Engine, index: str, properties: dict[str, Any] | None = None
) -> list[str]:
    """Give an index made by an older release the fields added to its mapping since
    (`properties`; the article template's by default), in place, and return their names: the
    mapping is strict, and without them the engine would refuse every new document. Documents
    indexed before keep what they had (a reindex fills them in). A field the engine will not
    add in place (one needing an analyzer the index lacks) is logged with the advice to
    reindex, and the others are added."""
    mapping = engine.get_mapping(index).get(index, {}).get("mappings", {})
    wanted = properties or load_template()["template"]["mappings"]["properties"]
    missing = _missing(wanted, mapping.get("properties") or {})
    if not missing:
        return []
    try:
        engine.put_mapping(index, {"properties": missing})
        added = _names(missing)
    except EngineError:
        added, refused = [], []
        for name, field in missing.items():  # one by one: keep what the engine accepts
            try:
                engine.put_mapping(index, {"properties": {name: field}})
                added += _names({name: field})
            except EngineError as exc:
                refused.append(f"{name} ({exc})")
        log.warning(
            "%s lacks fields this release writes that the engine will not add in place: %s; "
            "run `newsarchive reindex` to build a version that has them",
            index, "; ".join(refused),
        )  # fmt: skip
    if added:
        log.info("%s: fields added in place: %s", index, ", ".join(added))
    return added


def ready_for_writes(engine: Engine, index: str, timeout: float) -> None:
    """Wait until every primary shard of `index` is assigned (health yellow): a write needs
    its primary only, and a replica lost with its node is rebuilt by the engine meanwhile."""
    engine.wait_for_health(index, "yellow", timeout)


def ready_for_swap(engine: Engine, index: str, replicas: int, timeout: float) -> None:
    """Before the alias moves to a new version: every copy the cluster can hold is assigned
    (green when there are more data nodes than replicas, else yellow), so the version that
    starts serving is as redundant as its settings ask and never holds a primary alone
    while its replicas are still being built."""
    health = engine.wait_for_health(index, "yellow", timeout)
    if replicas and int(health.get("number_of_data_nodes") or 1) > replicas:
        engine.wait_for_health(index, "green", timeout)


def building_alias(alias: str) -> str:
    """The alias that marks the version a reindex is building: while it exists, writes to
    `alias` are also written there, so nothing ingested during the build is lost."""
    return f"{alias}-building"


def to_document(article: Article) -> dict[str, Any]:
    """The indexed form of an article: its lists capped (`LIST_CAPS`), so that no engine limit
    can reject a real article."""
    return with_language_fields(cap_lists(article).to_dict())


def index_articles(
    engine: Engine,
    index: str,
    articles: Iterable[Article],
    *,
    chunk_size: int = 200,
    op_type: str = "index",
) -> Iterator[BulkItem]:
    """Bulk-index articles, yielding the engine's answer for each (in order). `op_type`
    "create" leaves a document that is already there untouched (its answer has status 409)."""
    actions = (
        {"_op_type": op_type, "_index": index, "_id": a.id, "_source": to_document(a)}
        for a in articles
    )
    yield from engine.bulk(actions, chunk_size=chunk_size)


def _write_targets(engine: Engine, alias: str) -> set[str]:
    """Every index a write through `alias` must reach now: the alias's and a version being built."""
    found = engine.alias_map(alias, building_alias(alias))
    return set(found.get(alias, [])) | set(found.get(building_alias(alias), []))


def mirror_to_building(
    engine: Engine, alias: str, written: list[tuple[Article, BulkItem]], *, chunk_size: int = 200
) -> list[BulkItem]:
    """Write what was just indexed through `alias` to every other index that must hold it.

    Looked up after the write, so a write that lands during a reindex reaches the version
    being built (its alias `building_alias`), and one that landed in the old version just
    before the swap reaches the new one. Returns the answers of the extra writes."""
    if not written:
        return []
    targets = _write_targets(engine, alias)
    actions = [
        {"_op_type": "index", "_index": index, "_id": a.id, "_source": to_document(a)}
        for a, item in written
        for index in sorted(targets - {item.index})
    ]
    return list(engine.bulk(actions, chunk_size=chunk_size)) if actions else []


def mirror_changed(
    engine: Engine, alias: str, changed: list[BulkItem], *, chunk_size: int = 200
) -> list[BulkItem]:
    """The same for documents changed in place (partial updates): each is read back from the
    index it landed in and written whole to the others, so that a copy of its older state
    cannot win there."""
    if not changed:
        return []
    targets = _write_targets(engine, alias)
    actions = []
    for landed in sorted({item.index for item in changed if item.index}):
        others = sorted(targets - {landed})
        ids = [item.id for item in changed if item.index == landed]
        if not others or not ids:
            continue
        for doc_id, source in engine.mget(landed, ids, ["*"]).items():
            source = with_language_fields(source)  # not stored: derived again
            actions += [{"_index": index, "_id": doc_id, "_source": source} for index in others]
    return list(engine.bulk(actions, chunk_size=chunk_size)) if actions else []
