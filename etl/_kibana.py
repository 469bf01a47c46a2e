"""Kibana saved objects for the archive: load them, list the fields they use, check them against
index mappings, and import them into a Kibana.

The objects live in `kibana/newsarchive.ndjson` (Kibana 8.x saved-object NDJSON: data views on
`news` and `news-runs`, saved searches, Lens, a Vega chart, a map and the `newsarchive`
dashboard). `check_objects` catches what Kibana itself only shows as broken panels: a field
that is not in the mapping, a text field in a terms aggregation, a geo or time field of the
wrong type, a nested field in Lens, a reference to an object that is not in the file.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from ._engine import redact_url
from ._errors import ConfigError, EngineError
from ._index import load_runs_mapping

OBJECTS_PATH = Path(__file__).resolve().parent.parent / "kibana" / "newsarchive.ndjson"

NEWS_TITLE = "news"  # data view on the article alias
RUNS_TITLE = "news-runs"  # data view on the ingestion run reports

# The `news-runs` index: one document per ingestion run, defined once in mappings/.
RUNS_MAPPING: dict[str, Any] = load_runs_mapping()

USAGES = ("aggregated", "filtered", "column", "time", "geo")

AGGREGATABLE_TYPES = frozenset(
    "keyword constant_keyword wildcard version ip boolean date date_nanos geo_point "
    "long integer short byte double float half_float scaled_float unsigned_long".split()
)
DATE_TYPES = frozenset({"date", "date_nanos"})
RECORDS = "___records___"  # Lens' pseudo-field for "count of documents"
_SPACE_ID = re.compile(r"^[a-z0-9_-]+$")


@dataclass(frozen=True)
class FieldUse:
    """One use of one field by one saved object."""

    object_id: str
    object_type: str
    field: str
    usage: str  # "aggregated" | "filtered" | "column" | "time" | "geo"
    index: str | None = None  # title of the data view (index pattern) the field is read from
    detail: str = ""  # how exactly: "terms", "date_histogram", "exists filter", "sort", ...
    nested_path: str | None = None  # the nested path the use is wrapped in (nested query/agg)

    def describe(self) -> str:
        how = f"{self.usage}, {self.detail}" if self.detail else self.usage
        return f"{self.object_type} {self.object_id!r}: field {self.field!r} ({how})"


@dataclass(frozen=True)
class ResolvedField:
    """What a mapping says about a (dotted) field name."""

    path: str
    type: str  # the mapping type; "object" for an object without one
    nested_path: str | None  # the innermost nested field it lives under
    aggregatable: bool
    enabled: bool = True  # False inside an object with `enabled: false` (not indexed)
    keyword_subfield: str | None = None  # e.g. "title.raw" for the text field "title"


# -- loading -----------------------------------------------------------------------------------


def load_objects(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The saved objects of an NDJSON file (default: the shipped `kibana/newsarchive.ndjson`).

    Blank lines and the summary line of a Kibana export (`exportedCount`) are skipped."""
    file = Path(path) if path is not None else OBJECTS_PATH
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"no saved objects file at {file}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read saved objects file {file}: {exc}") from None
    return _parse_ndjson(text, str(file))


def _parse_ndjson(text: str, where: str) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{where}:{number}: not a JSON object: {exc.msg}") from None
        if not isinstance(item, dict):
            raise ConfigError(f"{where}:{number}: not a JSON object")
        if "exportedCount" in item and "type" not in item:
            continue
        if not isinstance(item.get("type"), str) or not isinstance(item.get("id"), str):
            raise ConfigError(f"{where}:{number}: a saved object needs a string `type` and `id`")
        objects.append(item)
    return objects


# -- the fields the objects use ----------------------------------------------------------------


def _json_attr(value: Any) -> Any:
    """A JSON-in-a-string attribute (panelsJSON, searchSourceJSON, ...), parsed; dicts pass."""
    if isinstance(value, str):
        return json.loads(value) if value.strip() else None
    return value


def _refs(obj: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        r["name"]: r for r in obj.get("references") or [] if isinstance(r, dict) and "name" in r
    }


def _data_view_titles(objects: list[dict[str, Any]]) -> dict[str, str]:
    return {
        str(o.get("id")): str((o.get("attributes") or {}).get("title", ""))
        for o in objects
        if o.get("type") == "index-pattern" and isinstance(o.get("attributes"), dict)
    }


def fields_used(objects: list[dict[str, Any]]) -> list[FieldUse]:
    """Every field every object uses, and how. Objects whose JSON attributes do not parse are
    skipped here (`check_objects` reports them)."""
    titles = _data_view_titles(objects)
    return [use for obj in objects for use in _uses_or_error(obj, titles)[0]]


def _uses_or_error(obj: dict[str, Any], titles: dict[str, str]) -> tuple[list[FieldUse], str]:
    """The uses found in one object, and why reading it stopped early ("" if it did not)."""
    uses: list[FieldUse] = []
    try:
        uses.extend(_uses_of(obj, titles))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        return uses, f"{type(exc).__name__}: {exc}"
    return uses, ""


def _title_of(ref: dict[str, Any] | None, titles: dict[str, str]) -> str | None:
    if not ref or ref.get("type") != "index-pattern":
        return None
    return titles.get(str(ref.get("id")))


def _uses_of(obj: dict[str, Any], titles: dict[str, str]) -> Iterator[FieldUse]:
    kind, oid = obj["type"], obj["id"]
    attrs = obj.get("attributes") or {}
    refs = _refs(obj)

    def use(field: str, usage: str, index: str | None, detail: str = "", nested: str | None = None):
        return FieldUse(oid, kind, field, usage, index, detail, nested)

    if kind == "index-pattern":
        if attrs.get("timeFieldName"):
            yield use(attrs["timeFieldName"], "time", attrs.get("title"), "data view time field")

    elif kind == "search":
        source = _json_attr((attrs.get("kibanaSavedObjectMeta") or {}).get("searchSourceJSON"))
        source = source or {}
        index = _title_of(refs.get(source.get("indexRefName", "")), titles)
        for column in attrs.get("columns") or []:
            if column != "_source":
                yield use(column, "column", index, "Discover column")
        for sort in attrs.get("sort") or []:
            field = sort[0] if isinstance(sort, list) else sort
            if isinstance(field, str) and field != "_score":
                yield use(field, "column", index, "sort")
        yield from _filter_uses(source.get("filter") or [], refs, titles, index, use)

    elif kind == "lens":
        state = attrs.get("state") or {}
        datasources = state.get("datasourceStates") or {}
        for source_name in ("formBased", "indexpattern"):
            layers = (datasources.get(source_name) or {}).get("layers") or {}
            for layer_id, layer in layers.items():
                index = _title_of(refs.get(f"indexpattern-datasource-layer-{layer_id}"), titles)
                for column in (layer.get("columns") or {}).values():
                    field = column.get("sourceField")
                    if field and field != RECORDS:
                        yield use(field, "aggregated", index, f"Lens {column['operationType']}")
        yield from _filter_uses(state.get("filters") or [], refs, titles, None, use)

    elif kind == "visualization":
        vis = _json_attr(attrs.get("visState")) or {}
        if vis.get("type") == "vega":
            yield from _vega_uses(_json_attr(vis.get("params", {}).get("spec")), use)
        else:  # a legacy aggregation-based visualization
            source = _json_attr((attrs.get("kibanaSavedObjectMeta") or {}).get("searchSourceJSON"))
            source = source or {}
            index = _title_of(refs.get(source.get("indexRefName", "")), titles)
            for agg in vis.get("aggs") or []:
                field = (agg.get("params") or {}).get("field")
                if field:
                    usage = "geo" if agg.get("type") in ("geohash_grid", "geotile_grid") else ""
                    yield use(field, usage or "aggregated", index, f"legacy {agg.get('type')}")
            for control in (vis.get("params") or {}).get("controls") or []:
                index = _title_of(refs.get(control.get("indexPatternRefName", "")), titles)
                if control.get("fieldName"):
                    yield use(control["fieldName"], "aggregated", index, "input control")
                    yield use(control["fieldName"], "filtered", index, "input control")
            yield from _filter_uses(source.get("filter") or [], refs, titles, index, use)

    elif kind == "map":
        for layer in _json_attr(attrs.get("layerListJSON")) or []:
            source = layer.get("sourceDescriptor") or {}
            index = _title_of(refs.get(source.get("indexPatternRefName", "")), titles)
            what = source.get("type", "layer")
            if source.get("geoField"):
                yield use(source["geoField"], "geo", index, f"map {what}")
            for metric in source.get("metrics") or []:
                if metric.get("field"):
                    yield use(metric["field"], "aggregated", index, f"map {metric.get('type')}")
            for field in source.get("tooltipProperties") or []:
                yield use(field, "column", index, "map tooltip")
            if source.get("sortField"):
                yield use(source["sortField"], "column", index, "sort")
            if source.get("topHitsSplitField"):
                yield use(source["topHitsSplitField"], "aggregated", index, "map top hits")
            for join in layer.get("joins") or []:
                right = join.get("right") or {}
                join_index = _title_of(refs.get(right.get("indexPatternRefName", "")), titles)
                if right.get("term"):
                    yield use(right["term"], "aggregated", join_index, "map term join")

    elif kind == "dashboard":
        group = attrs.get("controlGroupInput") or {}
        for cid, control in (_json_attr(group.get("panelsJSON")) or {}).items():
            field = (control.get("explicitInput") or {}).get("fieldName")
            if not field:
                continue
            ref = refs.get(f"controlGroup_{cid}:{_control_ref_suffix(control.get('type'))}")
            index = _title_of(ref, titles)
            yield use(field, "aggregated", index, f"{control.get('type')} options")
            yield use(field, "filtered", index, f"{control.get('type')} selection")
        source = _json_attr((attrs.get("kibanaSavedObjectMeta") or {}).get("searchSourceJSON"))
        yield from _filter_uses((source or {}).get("filter") or [], refs, titles, None, use)


def _control_ref_suffix(control_type: str | None) -> str:
    return {
        "optionsListControl": "optionsListDataView",
        "rangeSliderControl": "rangeSliderDataView",
        "timeSlider": "timeSliderDataView",
    }.get(control_type or "", "optionsListDataView")


def _filter_uses(filters, refs, titles, default_index, use) -> Iterator[FieldUse]:
    for item in filters:
        meta = item.get("meta") or {}
        index = default_index
        if meta.get("indexRefName"):
            index = _title_of(refs.get(meta["indexRefName"]), titles)
        kind = meta.get("type") or "custom"
        query = item.get("query")
        if query is None:  # pre-8.0 filters keep the query at the top level
            query = {k: v for k, v in item.items() if k not in ("meta", "$state")}
        found = list(_query_fields(query, None))
        for field, detail, nested in found:
            how = f"{kind} filter" if detail == kind else f"{kind} filter ({detail})"
            yield use(field, "filtered", index, how, nested)
        if not found and meta.get("key") and kind != "custom":
            yield use(meta["key"], "filtered", index, f"{kind} filter")


_LEAF_QUERIES = ("term", "terms", "match", "match_phrase", "prefix", "wildcard", "range", "regexp")


def _query_fields(node: Any, nested: str | None) -> Iterator[tuple[str, str, str | None]]:
    """(field, query type, nested path) for the fields a query DSL clause filters on."""
    if isinstance(node, list):
        for item in node:
            yield from _query_fields(item, nested)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "nested" and isinstance(value, dict):
            yield from _query_fields(value.get("query"), value.get("path"))
        elif key == "exists" and isinstance(value, dict) and value.get("field"):
            yield value["field"], key, nested
        elif key in _LEAF_QUERIES and isinstance(value, dict):
            for field in value:
                if field not in ("boost", "_name"):
                    yield field, key, nested
        elif key == "bool" and isinstance(value, dict):
            for clause in ("must", "filter", "should", "must_not"):
                yield from _query_fields(value.get(clause), nested)
        elif key in ("constant_score", "dis_max", "boosting") and isinstance(value, dict):
            for inner in ("filter", "queries", "positive", "negative"):
                yield from _query_fields(value.get(inner), nested)


def _vega_uses(spec: Any, use) -> Iterator[FieldUse]:
    """Fields of the Elasticsearch requests in a Vega spec (written as JSON; HJSON is not read)."""
    if not isinstance(spec, dict):
        return
    data = spec.get("data")
    for item in data if isinstance(data, list) else [data]:
        url = (item or {}).get("url") if isinstance(item, dict) else None
        if not isinstance(url, dict) or "index" not in url:
            continue
        index = url["index"]
        if url.get("%timefield%"):
            yield use(url["%timefield%"], "time", index, "Vega %timefield%")
        body = url.get("body") or {}
        for field, detail, nested in _agg_fields(
            body.get("aggs") or body.get("aggregations"), None
        ):
            yield use(field, "aggregated", index, f"Vega {detail}", nested)
        for field, detail, nested in _query_fields(body.get("query"), None):
            yield use(field, "filtered", index, f"Vega {detail} query", nested)


def _agg_fields(aggs: Any, nested: str | None) -> Iterator[tuple[str, str, str | None]]:
    if not isinstance(aggs, dict):
        return
    for definition in aggs.values():
        if not isinstance(definition, dict):
            continue
        inner_nested = nested
        for agg_type, params in definition.items():
            if agg_type in ("aggs", "aggregations", "meta"):
                continue
            if agg_type == "nested" and isinstance(params, dict):
                inner_nested = params.get("path")
            elif agg_type == "reverse_nested":
                inner_nested = (params or {}).get("path") if isinstance(params, dict) else None
            elif isinstance(params, dict) and isinstance(params.get("field"), str):
                yield params["field"], agg_type, nested
        yield from _agg_fields(
            definition.get("aggs") or definition.get("aggregations"), inner_nested
        )


# -- mappings ----------------------------------------------------------------------------------


def _properties(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """The top-level `properties` of a mapping in any of its usual wrappings: a GET _mapping
    answer `{index: {"mappings": ...}}`, an index body, a template, or bare `properties`."""
    node: Any = mapping
    for _ in range(4):
        if not isinstance(node, Mapping):
            break
        if "properties" in node:
            return dict(node["properties"])
        if "mappings" in node:
            node = node["mappings"]
        elif "template" in node:
            node = node["template"]
        elif len(node) == 1:
            node = next(iter(node.values()))
        else:
            break
    raise ValueError("not an index mapping: no `properties` found")


def resolve_field(mapping: Mapping[str, Any], field: str) -> ResolvedField | None:
    """What `mapping` says about the dotted `field` (through objects, nested fields and
    multi-fields such as `title.raw`), or None when the mapping has no such field."""
    props: Mapping[str, Any] = _properties(mapping)
    parts = field.split(".")
    nested: str | None = None
    walked: list[str] = []
    i = 0
    while i < len(parts):
        node = props.get(parts[i]) if isinstance(props, Mapping) else None
        if not isinstance(node, Mapping):
            return None
        walked.append(parts[i])
        i += 1
        kind = node.get("type") or ("object" if "properties" in node or "enabled" in node else "")
        if node.get("enabled") is False:
            # nothing under a disabled object is indexed; the object itself exists
            return ResolvedField(field, "object", nested, False, enabled=False)
        if kind == "nested":
            nested = ".".join(walked)
        if i == len(parts):
            keyword = next(
                (
                    f"{field}.{name}"
                    for name, sub in (node.get("fields") or {}).items()
                    if isinstance(sub, Mapping) and _aggregatable(sub)
                ),
                None,
            )
            return ResolvedField(
                field, kind or "object", nested, _aggregatable(node), True, keyword
            )
        if "properties" in node:
            props = node["properties"]
            continue
        multi = node.get("fields") or {}
        rest = ".".join(parts[i:])
        if rest in multi:
            sub = multi[rest]
            return ResolvedField(field, sub.get("type", "object"), nested, _aggregatable(sub))
        return None
    return None


def _aggregatable(node: Mapping[str, Any]) -> bool:
    kind = node.get("type")
    if kind == "text":
        return bool(node.get("fielddata"))
    return kind in AGGREGATABLE_TYPES and node.get("doc_values", True) is not False


# -- checking ----------------------------------------------------------------------------------

_JSON_ATTRIBUTES = {
    "search": ("kibanaSavedObjectMeta.searchSourceJSON",),
    "visualization": ("visState", "uiStateJSON", "kibanaSavedObjectMeta.searchSourceJSON"),
    "map": ("mapStateJSON", "layerListJSON", "uiStateJSON"),
    "dashboard": (
        "panelsJSON",
        "optionsJSON",
        "kibanaSavedObjectMeta.searchSourceJSON",
        "controlGroupInput.panelsJSON",
        "controlGroupInput.ignoreParentSettingsJSON",
    ),
    "index-pattern": ("fields", "fieldAttrs", "fieldFormatMap", "runtimeFieldMap", "sourceFilters"),
}


def check_objects(
    objects: list[dict[str, Any]],
    mapping: Mapping[str, Any],
    *,
    runs_mapping: Mapping[str, Any] | None = None,
) -> list[str]:
    """Problems with `objects` (an empty list means none): fields missing from the mapping of
    their data view, non-aggregatable fields aggregated or filtered, geo and time fields of the
    wrong type, nested fields outside a nested query or aggregation, references to objects
    that are not in the file, duplicate ids, JSON attributes that do not parse.

    `mapping` is the mapping of the articles index (data view `news`); objects on `news-runs`
    are checked against `runs_mapping`, by default `RUNS_MAPPING`."""
    mappings = {NEWS_TITLE: mapping, RUNS_TITLE: runs_mapping or RUNS_MAPPING}
    problems: list[str] = []
    problems += _check_ids_and_refs(objects)
    for obj in objects:
        problems += _check_structure(obj)
    titles = _data_view_titles(objects)
    for dv_id, title in titles.items():
        if title not in mappings:
            problems.append(f"index-pattern {dv_id!r}: no mapping is known for title {title!r}")
    for obj in objects:
        uses, error = _uses_or_error(obj, titles)
        if error:
            problems.append(
                f"{obj.get('type')} {obj.get('id')!r}: cannot read its fields ({error})"
            )
        for item in uses:
            problem = _check_use(item, mappings, set(titles.values()))
            if problem:
                problems.append(problem)
    return problems


def _check_ids_and_refs(objects: list[dict[str, Any]]) -> list[str]:
    problems = []
    counts = Counter(str(o.get("id")) for o in objects)
    for oid, n in counts.items():
        if n > 1:
            types = sorted(str(o.get("type")) for o in objects if str(o.get("id")) == oid)
            problems.append(f"duplicate id {oid!r}: {n} objects ({', '.join(types)})")
    known = {(str(o.get("type")), str(o.get("id"))) for o in objects}
    ids = {oid for _, oid in known}
    for obj in objects:
        refs = obj.get("references")
        if not isinstance(refs, list):
            problems.append(f"{obj.get('type')} {obj.get('id')!r}: `references` is not a list")
            continue
        for ref in refs:
            if not isinstance(ref, dict):
                problems.append(
                    f"{obj.get('type')} {obj.get('id')!r}: a reference is not an object"
                )
                continue
            target = (str(ref.get("type")), str(ref.get("id")))
            if target in known:
                continue
            where = "is not in the file" if target[1] not in ids else "has another type"
            problems.append(
                f"{obj.get('type')} {obj.get('id')!r}: reference {ref.get('name')!r} points at "
                f"{target[0]} {target[1]!r}, which {where}"
            )
    return problems


def _dig(attrs: Mapping[str, Any], dotted: str) -> Any:
    node: Any = attrs
    for part in dotted.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def _check_structure(obj: dict[str, Any]) -> list[str]:
    kind, oid = obj.get("type"), obj.get("id")
    name = f"{kind} {oid!r}"
    attrs = obj.get("attributes")
    if not isinstance(attrs, dict):
        return [f"{name}: `attributes` is not an object"]
    problems = []
    for attr in _JSON_ATTRIBUTES.get(str(kind), ()):
        value = _dig(attrs, attr)
        if isinstance(value, str):
            try:
                json.loads(value)
            except json.JSONDecodeError as exc:
                problems.append(f"{name}: attribute {attr} is not valid JSON ({exc.msg})")
    if problems:
        return problems
    refs = _refs(obj)
    try:
        problems += list(_missing_ref_names(kind, attrs, refs))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        problems.append(f"unexpected shape ({type(exc).__name__}: {exc})")
    return [f"{name}: {p}" for p in problems]


def _missing_ref_names(kind: Any, attrs: dict[str, Any], refs: dict[str, Any]) -> Iterator[str]:
    """The reference names an object's attributes point to but its `references` lack."""
    if kind in ("search", "visualization"):
        source = _json_attr(_dig(attrs, "kibanaSavedObjectMeta.searchSourceJSON")) or {}
        names = [source.get("indexRefName")]
        names += [(f.get("meta") or {}).get("indexRefName") for f in source.get("filter") or []]
        for ref_name in names:
            if ref_name and ref_name not in refs:
                yield f"searchSourceJSON names reference {ref_name!r}, which it does not have"
        if kind == "visualization":
            vis = _json_attr(attrs.get("visState")) or {}
            if vis.get("type") == "vega":
                try:
                    _json_attr(vis.get("params", {}).get("spec"))
                except json.JSONDecodeError:
                    yield "the Vega spec is not plain JSON, so its fields cannot be checked"
    elif kind == "lens":
        datasources = (attrs.get("state") or {}).get("datasourceStates") or {}
        for source_name in ("formBased", "indexpattern"):
            for layer_id in (datasources.get(source_name) or {}).get("layers") or {}:
                if f"indexpattern-datasource-layer-{layer_id}" not in refs:
                    yield f"Lens layer {layer_id!r} has no data view reference"
    elif kind == "map":
        for layer in _json_attr(attrs.get("layerListJSON")) or []:
            names = [(layer.get("sourceDescriptor") or {}).get("indexPatternRefName")]
            names += [
                (j.get("right") or {}).get("indexPatternRefName") for j in layer.get("joins") or []
            ]
            for ref_name in names:
                if ref_name and ref_name not in refs:
                    yield f"map layer {layer.get('id')!r} lacks its reference {ref_name!r}"
    elif kind == "dashboard":
        for panel in _json_attr(attrs.get("panelsJSON")) or []:
            ref_name = panel.get("panelRefName")
            index = panel.get("panelIndex")
            if ref_name and f"{index}:{ref_name}" not in refs and ref_name not in refs:
                yield f"panel {index!r} has no reference {index}:{ref_name}"
            elif ref_name:
                ref = refs.get(f"{index}:{ref_name}") or refs[ref_name]
                if panel.get("type") and ref.get("type") != panel["type"]:
                    yield f"panel {index!r} is a {panel['type']}, its reference a {ref['type']}"
        group = attrs.get("controlGroupInput") or {}
        for cid, control in (_json_attr(group.get("panelsJSON")) or {}).items():
            ref_name = f"controlGroup_{cid}:{_control_ref_suffix(control.get('type'))}"
            if ref_name not in refs:
                yield f"control {cid!r} has no data view reference {ref_name}"


def _check_use(
    item: FieldUse, mappings: Mapping[str, Mapping[str, Any]], data_view_titles: set[str]
) -> str | None:
    where = item.describe()
    if item.index is None:
        return f"{where}: its data view cannot be found (a missing or dangling reference)"
    if item.index not in data_view_titles:
        return f"{where}: index {item.index!r} has no data view in the file"
    mapping = mappings.get(item.index)
    if mapping is None:
        return f"{where}: no mapping is known for {item.index!r}"
    resolved = resolve_field(mapping, item.field)
    if resolved is None:
        return f"{where}: not in the mapping of {item.index!r}"
    if not resolved.enabled:
        return f"{where}: lies in an object with `enabled: false` in {item.index!r}, not indexed"
    if item.usage == "time":
        if resolved.type not in DATE_TYPES:
            return f"{where}: a time field must be a date, it is {resolved.type}"
        return None
    if item.usage == "geo" and resolved.type != "geo_point":
        return f"{where}: needs a geo_point, it is {resolved.type}"
    if item.usage == "column":
        if resolved.type == "object":
            return f"{where}: is an object in {item.index!r}, not a field"
        if item.detail == "sort" and not resolved.aggregatable:
            return f"{where}: cannot sort on a {resolved.type} field"
        return None
    if item.usage in ("aggregated", "filtered") and not resolved.aggregatable:
        hint = (
            f" (its subfield {resolved.keyword_subfield!r} is)" if resolved.keyword_subfield else ""
        )
        return f"{where}: a {resolved.type} field is not aggregatable{hint}"
    nested = resolved.nested_path
    if item.usage in ("aggregated", "filtered", "geo") and nested and item.nested_path != nested:
        return (
            f"{where}: lies under the nested field {resolved.nested_path!r}; only a nested "
            "query or aggregation reaches it (Lens, maps and controls cannot)"
        )
    return None


# -- import ------------------------------------------------------------------------------------


def import_url(kibana_url: str, *, space: str | None = None, overwrite: bool = True) -> str:
    """The saved objects import endpoint of a Kibana (credentials in `kibana_url` dropped)."""
    bare, _ = _split_credentials(kibana_url)
    if space is not None and not _SPACE_ID.match(space):
        raise ConfigError(f"{space!r} is not a Kibana space id (a-z, 0-9, _ and - only)")
    prefix = f"/s/{space}" if space and space != "default" else ""
    url = f"{bare}{prefix}/api/saved_objects/_import"
    return url + "?overwrite=true" if overwrite else url


def _split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{redact_url(url)} is not an http(s) URL of a Kibana")
    host = parts.hostname
    if ":" in host:  # IPv6
        host = f"[{host}]"
    if parts.port:
        host = f"{host}:{parts.port}"
    bare = urlunsplit(parts._replace(netloc=host, query="", fragment="")).rstrip("/")
    if parts.username is None:
        return bare, None
    return bare, (parts.username, parts.password or "")


def import_objects(
    kibana_url: str,
    objects_path: str | Path | None = None,
    *,
    auth: tuple[str, str] | str | None = None,
    space: str | None = None,
    overwrite: bool = True,
    timeout: float = 30,
) -> dict[str, Any]:
    """Import the saved objects file into the Kibana at `kibana_url` (saved objects import
    API, multipart `file`) and return Kibana's answer: `success`, `successCount`, `errors`.

    `auth` is (user, password) or an API key (the encoded `id:key`); user:password in the URL
    also works. `space` imports into that Kibana space. A file that is missing or not NDJSON
    raises ConfigError; an unreachable Kibana or an HTTP error raises EngineError (one line,
    no credentials)."""
    file = Path(objects_path) if objects_path is not None else OBJECTS_PATH
    try:
        payload = file.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"no saved objects file at {file}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read saved objects file {file}: {exc.strerror}") from None
    try:
        _parse_ndjson(payload.decode("utf-8"), str(file))
    except UnicodeDecodeError:
        raise ConfigError(f"{file} is not UTF-8 text") from None

    url = import_url(kibana_url, space=space, overwrite=overwrite)
    _, url_auth = _split_credentials(kibana_url)
    headers = {"kbn-xsrf": "true"}
    basic: tuple[str, str] | None = None
    secrets: list[str] = []
    if isinstance(auth, str):
        headers["Authorization"] = f"ApiKey {auth}"
        secrets.append(auth)
    else:
        basic = auth or url_auth
        if basic and basic[1]:
            secrets.append(basic[1])
    shown = redact_url(kibana_url.rstrip("/"))

    def clean(text: str) -> str:
        for secret in secrets:
            text = text.replace(secret, "***")
        return " ".join(text.split())[:300]

    try:
        response = httpx.post(
            url,
            headers=headers,
            files={"file": (file.name, payload, "application/ndjson")},
            auth=basic,
            timeout=timeout,
        )
    except httpx.TimeoutException:
        raise EngineError(f"Kibana at {shown} did not answer within {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise EngineError(
            f"no Kibana answers at {shown} ({clean(type(exc).__name__ + ': ' + str(exc))})"
        ) from None
    if response.status_code in (401, 403):
        raise EngineError(
            f"Kibana at {shown} refused the credentials (HTTP {response.status_code})"
        )
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code >= 400:
        detail = body.get("message") or body.get("error") if isinstance(body, dict) else None
        detail = clean(detail if isinstance(detail, str) else response.text)
        if not detail:
            detail = response.reason_phrase or "no details"
        if response.status_code == 404:
            detail += " (is this the URL of a Kibana, and does the space exist?)"
        raise EngineError(
            f"Kibana at {shown} refused the saved objects import "
            f"(HTTP {response.status_code}): {detail}"
        )
    if not isinstance(body, dict) or "success" not in body:
        raise EngineError(f"{shown} did not answer like Kibana's saved objects import API")
    return body
