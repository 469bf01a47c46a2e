"""The Kibana saved objects (kibana/newsarchive.ndjson) against the real engine: every field they
use exists in the live mappings, every aggregation and filter they imply runs on live indices
and finds the seeded documents, and the checker catches broken copies. No Kibana here: the
import function is exercised only on its error paths (bad file, nothing listening, not Kibana).
"""

from __future__ import annotations

import contextlib
import copy
import json
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from etl import (
    Article,
    ConfigError,
    Dateline,
    Engine,
    EngineError,
    Entities,
    GeoPoint,
    Quote,
    Settings,
    Story,
    ensure_index,
    index_articles,
)
from etl._kibana import (
    OBJECTS_PATH,
    RUNS_MAPPING,
    check_objects,
    fields_used,
    import_objects,
    import_url,
    load_objects,
    resolve_field,
)

VISUAL_TYPES = {"lens", "visualization", "map", "search"}

ARTICLES = [
    Article(
        id="wire-1",
        url="https://news.example/wire-1",
        title="Sunak says trade talks with France will resume",
        body="LONDON (Reuters) — Rishi Sunak said trade talks with France would resume.",
        publisher="The Bay Ledger",
        published_at="2024-03-01T10:00:00Z",
        language="en",
        ner_model="en_core_web_sm-3.8.0",
        dateline=Dateline(
            raw="LONDON (Reuters) —",
            place="London",
            country="United Kingdom",
            agency="Reuters",
            location=GeoPoint(lat=51.507, lon=-0.128),
        ),
        wire_agency="Reuters",
        entities=Entities(person=["Rishi Sunak"], org=["Reuters"], location=["France"]),
        quotes=[Quote(speaker="Rishi Sunak", cue="said", kind="direct", text="Talks resume.")],
        story=Story(id="wire-1", original="https://news.example/wire-1", origin="The Bay Ledger"),
    ),
    Article(
        id="syndicated-1",
        url="https://news.example/syndicated-1",
        title="Biden meets López Obrador on migration",
        body="SAN FRANCISCO — Joe Biden met Andrés Manuel López Obrador on migration.",
        publisher="Harbor Times",
        published_at="2023-11-17T18:00:00Z",
        language="en",
        dateline=Dateline(
            raw="SAN FRANCISCO —",
            place="San Francisco",
            country="United States",
            location=GeoPoint(lat=37.775, lon=-122.419),
        ),
        syndicated_from="NBC News",
        entities=Entities(
            person=["Joe Biden", "Andrés Manuel López Obrador"], org=["APEC"], location=["Mexico"]
        ),
        quotes=[Quote(speaker="Joe Biden", cue="said", kind="indirect", text="We are partners.")],
        story=Story(
            id="nbc-1",
            original="https://nbcnews.example/1",
            origin="NBC News",
            similarity=0.92,
            recognised_by="both",
            copies=2,
        ),
    ),
    Article(
        id="plain-1",
        url="https://news.example/plain-1",
        title="Harbour budget approved",
        body="The harbour board approved its budget on Tuesday.",
        publisher="The Bay Ledger",
        published_at="2024-01-09",
        language="en",
        entities=Entities(org=["Harbour Board"]),
    ),
]

RUNS = [
    {
        "run_id": "run-1",
        "dag_id": "newsarchive_ingest",
        "started_at": "2024-03-01T10:00:00Z",
        "finished_at": "2024-03-01T10:05:00Z",
        "counts": {"indexed": 10, "unchanged": 3, "rejected": 1, "failed": 0},
        "total": 14,
        "state": "success",
    },
    {
        "run_id": "run-2",
        "dag_id": "newsarchive_ingest",
        "started_at": "2024-03-02T10:00:00Z",
        "finished_at": "2024-03-02T10:04:00Z",
        "counts": {"indexed": 0, "unchanged": 13, "rejected": 0, "failed": 2},
        "total": 15,
        "state": "failed",
    },
]


@pytest.fixture(scope="module")
def objects() -> list[dict[str, Any]]:
    return load_objects()


def _by_id(objects: list[dict[str, Any]], oid: str) -> dict[str, Any]:
    (found,) = [o for o in objects if o["id"] == oid]
    return found


@pytest.fixture
def articles(engine: Engine, settings: Settings) -> Iterator[str]:
    """The articles index, created the way the pipeline creates it, with three articles."""
    index = ensure_index(engine, settings.index_alias)
    results = list(index_articles(engine, index, ARTICLES))
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    engine.refresh(index)
    try:
        yield index
    finally:
        engine.delete_index(index)


@pytest.fixture
def runs(engine: Engine) -> Iterator[str]:
    """A `news-runs`-like index under a unique name, created from RUNS_MAPPING, with two runs."""
    name = f"truns-{uuid.uuid4().hex[:10]}"
    engine.create_index(name, body=RUNS_MAPPING)
    try:
        actions = (
            {"_op_type": "index", "_index": name, "_id": r["run_id"], "_source": r} for r in RUNS
        )
        assert all(item.ok for item in engine.bulk(actions, chunk_size=10))
        engine.refresh(name)
        yield name
    finally:
        with contextlib.suppress(EngineError):
            engine.delete_index(name)


# -- the file itself ---------------------------------------------------------------------------


def test_every_line_is_a_saved_object_with_a_unique_id() -> None:
    lines = [line for line in OBJECTS_PATH.read_text(encoding="utf-8").splitlines() if line]
    parsed = [json.loads(line) for line in lines]
    assert len(parsed) == len(load_objects())
    ids = [o["id"] for o in parsed]
    assert len(ids) == len(set(ids))
    for obj in parsed:
        assert set(obj) >= {"type", "id", "attributes", "references"}
        assert obj["id"].startswith("newsarchive-")
        assert obj["coreMigrationVersion"].startswith("8.")
        assert obj["typeMigrationVersion"][0].isdigit()
        for ref in obj["references"]:
            assert set(ref) == {"name", "type", "id"}


def test_data_views_and_their_time_fields(objects: list[dict[str, Any]]) -> None:
    views = {
        o["attributes"]["title"]: o["attributes"] for o in objects if o["type"] == "index-pattern"
    }
    assert views["news"]["timeFieldName"] == "published_at"
    assert views["news-runs"]["timeFieldName"] == "finished_at"


def test_the_dashboard_places_every_visualisation_search_and_map(
    objects: list[dict[str, Any]],
) -> None:
    (dashboard,) = [o for o in objects if o["type"] == "dashboard"]
    assert dashboard["attributes"]["title"] == "newsarchive"
    placed = {(r["type"], r["id"]) for r in dashboard["references"]}
    visual = {(o["type"], o["id"]) for o in objects if o["type"] in VISUAL_TYPES}
    assert visual <= placed
    known = {(o["type"], o["id"]) for o in objects}
    assert placed <= known  # every reference points at an object in the file
    panels = json.loads(dashboard["attributes"]["panelsJSON"])
    names = {r["name"] for r in dashboard["references"]}
    assert len(panels) == len(visual)
    assert all(f"{p['panelIndex']}:{p['panelRefName']}" in names for p in panels)
    controls = json.loads(dashboard["attributes"]["controlGroupInput"]["panelsJSON"])
    fields = {c["explicitInput"]["fieldName"] for c in controls.values()}
    assert fields == {
        "publisher",
        "entities.person",
        "entities.org",
        "entities.location",
        "dateline.place",
        "wire_agency",
        "language",
        "ner_model",
    }
    assert all(f"controlGroup_{cid}:optionsListDataView" in names for cid in controls)


def test_the_facets_asked_for_are_charted(objects: list[dict[str, Any]]) -> None:
    aggregated = {(u.field, u.object_type) for u in fields_used(objects) if u.usage == "aggregated"}
    charted = {field for field, kind in aggregated if kind in ("lens", "visualization")}
    assert {
        "published_at",
        "publisher",
        "entities.person",
        "entities.org",
        "entities.location",
        "dateline.place",
        "quotes.speaker",
        "wire_agency",
        "finished_at",
        "counts.indexed",
        "story.id",
        "story.origin",
    } <= charted
    geo = {u.field for u in fields_used(objects) if u.usage == "geo" and u.object_type == "map"}
    assert geo == {"dateline.location"}


# -- against the live engine -------------------------------------------------------------------


@pytest.mark.engine
def test_objects_fit_the_live_mappings(
    objects: list[dict[str, Any]], engine: Engine, articles: str, runs: str
) -> None:
    news_mapping = engine.get_mapping(articles)
    assert check_objects(objects, news_mapping) == []  # runs objects against RUNS_MAPPING
    live_runs = engine.get_mapping(runs)
    assert live_runs[runs]["mappings"]["dynamic"] == "strict"
    assert check_objects(objects, news_mapping, runs_mapping=live_runs) == []


def _aggregation(field: str, field_type: str) -> dict[str, Any]:
    if field_type in ("date", "date_nanos"):
        return {"date_histogram": {"field": field, "calendar_interval": "month"}}
    if field_type == "geo_point":
        return {"geo_bounds": {"field": field}}
    return {"terms": {"field": field, "size": 50}}


def _buckets_or_value(answer: dict[str, Any]) -> Any:
    if "buckets" in answer:
        return answer["buckets"]
    return answer.get("bounds")


@pytest.mark.engine
def test_every_aggregated_field_aggregates_on_the_live_indices(
    objects: list[dict[str, Any]], engine: Engine, articles: str, runs: str
) -> None:
    indices = {"news": articles, "news-runs": runs}
    uses = [u for u in fields_used(objects) if u.usage in ("aggregated", "geo")]
    assert uses
    for use in {(u.index, u.field) for u in uses}:
        title, field = use
        assert title is not None
        index = indices[title]
        resolved = resolve_field(engine.get_mapping(index), field)
        assert resolved is not None, use
        agg = _aggregation(field, resolved.type)
        if resolved.nested_path:
            agg = {"nested": {"path": resolved.nested_path}, "aggs": {"inner": agg}}
        answer = engine.search(index, {"size": 0, "aggs": {"probe": agg}})  # raises if refused
        result = answer["aggregations"]["probe"]
        if resolved.nested_path:
            result = result["inner"]
        assert _buckets_or_value(result), f"{field} on {title}: nothing aggregated"
        if resolved.type == "geo_point":
            grid = {"geotile_grid": {"field": field, "precision": 3}}
            answer = engine.search(index, {"size": 0, "aggs": {"grid": grid}})
            assert len(answer["aggregations"]["grid"]["buckets"]) == 2  # London, San Francisco


@pytest.mark.engine
def test_saved_search_filters_and_the_vega_request_run_live(
    objects: list[dict[str, Any]], engine: Engine, articles: str
) -> None:
    expected = {
        "newsarchive-search-wire-copy": {"wire-1"},
        "newsarchive-search-syndicated": {"syndicated-1"},
        "newsarchive-search-quoted-speakers": {"wire-1", "syndicated-1"},
        "newsarchive-search-story-copies": {"syndicated-1"},
    }
    for oid, ids in expected.items():
        source = json.loads(
            _by_id(objects, oid)["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"]
        )
        query = {"bool": {"filter": [f["query"] for f in source["filter"]]}}
        answer = engine.search(articles, {"query": query, "size": 10, "_source": False})
        assert {hit["_id"] for hit in answer["hits"]["hits"]} == ids, oid

    vis = json.loads(_by_id(objects, "newsarchive-vega-quoted-speakers")["attributes"]["visState"])
    spec = json.loads(vis["params"]["spec"])
    url = spec["data"]["url"]
    assert url["index"] == "news" and url["%context%"] is True
    answer = engine.search(articles, url["body"])
    node: Any = answer
    for key in spec["data"]["format"]["property"].split("."):
        node = node[key]
    assert {b["key"]: b["articles"]["doc_count"] for b in node} == {
        "Rishi Sunak": 1,
        "Joe Biden": 1,
    }


@pytest.mark.engine
def test_runs_mapping_creates_a_strict_index(engine: Engine, runs: str) -> None:
    surprise = [{"_op_type": "index", "_index": runs, "_source": {"surprise": 1}}]
    (item,) = engine.bulk(surprise, chunk_size=1)
    assert not item.ok and "strict" in (item.error or "")  # dynamic: strict refuses it
    answer = engine.search(
        runs, {"size": 0, "aggs": {"failed": {"sum": {"field": "counts.failed"}}}}
    )
    assert answer["aggregations"]["failed"]["value"] == 2


# -- the checker catches broken copies ---------------------------------------------------------


def _lens_column(obj: dict[str, Any], column: str) -> dict[str, Any]:
    layers = obj["attributes"]["state"]["datasourceStates"]["formBased"]["layers"]
    (layer,) = layers.values()
    return layer["columns"][column]


@pytest.fixture
def news_mapping(engine: Engine, settings: Settings) -> Iterator[dict[str, Any]]:
    index = ensure_index(engine, settings.index_alias)
    try:
        yield engine.get_mapping(index)
    finally:
        engine.delete_index(index)


def _problems_after(objects, mapping, change) -> list[str]:
    broken = copy.deepcopy(objects)
    change(broken)
    return check_objects(broken, mapping)


@pytest.mark.engine
def test_a_misspelled_field_is_named(objects, news_mapping) -> None:
    def misspell(objs):
        _lens_column(_by_id(objs, "newsarchive-lens-people"), "col-term")["sourceField"] = (
            "entities.persons"
        )

    (problem,) = _problems_after(objects, news_mapping, misspell)
    assert "newsarchive-lens-people" in problem and "'entities.persons'" in problem
    assert "not in the mapping" in problem


@pytest.mark.engine
def test_an_aggregated_text_field_is_named_and_really_fails_live(
    objects, news_mapping, engine: Engine, settings: Settings
) -> None:
    def aggregate_title(objs):
        _lens_column(_by_id(objs, "newsarchive-lens-publishers"), "col-term")["sourceField"] = (
            "title"
        )

    (problem,) = _problems_after(objects, news_mapping, aggregate_title)
    assert "newsarchive-lens-publishers" in problem and "'title'" in problem
    assert "not aggregatable" in problem and "'title.raw'" in problem
    with pytest.raises(EngineError):  # the engine agrees: a terms aggregation on text fails
        engine.search(
            settings.index_alias, {"size": 0, "aggs": {"t": {"terms": {"field": "title"}}}}
        )
    # its keyword subfield is fine
    fixed = copy.deepcopy(objects)
    _lens_column(_by_id(fixed, "newsarchive-lens-publishers"), "col-term")["sourceField"] = (
        "title.raw"
    )
    assert check_objects(fixed, news_mapping) == []


@pytest.mark.engine
def test_a_dangling_reference_is_named(objects, news_mapping) -> None:
    def dangle(objs):
        dashboard = _by_id(objs, "newsarchive-dashboard")
        for ref in dashboard["references"]:
            if ref["id"] == "newsarchive-lens-orgs":
                ref["id"] = "newsarchive-lens-gone"

    (problem,) = _problems_after(objects, news_mapping, dangle)
    assert "newsarchive-dashboard" in problem and "newsarchive-lens-gone" in problem
    assert "orgs:panel_orgs" in problem and "not in the file" in problem


@pytest.mark.engine
def test_wrong_types_nested_fields_and_duplicates_are_named(objects, news_mapping) -> None:
    def break_things(objs):
        _by_id(objs, "newsarchive-dv-news")["attributes"]["timeFieldName"] = "publisher"
        the_map = _by_id(objs, "newsarchive-map-datelines")["attributes"]
        layers = json.loads(the_map["layerListJSON"])
        layers[1]["sourceDescriptor"]["geoField"] = "dateline.place"
        the_map["layerListJSON"] = json.dumps(layers)
        _lens_column(_by_id(objs, "newsarchive-lens-people"), "col-term")["sourceField"] = (
            "quotes.speaker"
        )
        objs.append(copy.deepcopy(_by_id(objs, "newsarchive-search-syndicated")))
        runs_lens = _by_id(objs, "newsarchive-lens-ingestion-runs")
        _lens_column(runs_lens, "col-failed")["sourceField"] = "counts.crashed"

    problems = "\n".join(_problems_after(objects, news_mapping, break_things))
    assert "index-pattern 'newsarchive-dv-news': field 'publisher' (time" in problems
    assert "a time field must be a date, it is keyword" in problems
    assert "map 'newsarchive-map-datelines': field 'dateline.place' (geo" in problems
    assert "needs a geo_point, it is keyword" in problems
    assert "lens 'newsarchive-lens-people': field 'quotes.speaker'" in problems
    assert "nested field 'quotes'" in problems
    assert "duplicate id 'newsarchive-search-syndicated'" in problems
    assert "field 'counts.crashed'" in problems and "mapping of 'news-runs'" in problems


# -- import: URL building and error paths (no Kibana on this machine) ---------------------------


def test_import_url() -> None:
    assert (
        import_url("https://elastic:pw@kibana.example:5601/")
        == "https://kibana.example:5601/api/saved_objects/_import?overwrite=true"
    )
    assert (
        import_url("http://localhost:5601/kb", space="newsroom", overwrite=False)
        == "http://localhost:5601/kb/s/newsroom/api/saved_objects/_import"
    )
    with pytest.raises(ConfigError, match="space id"):
        import_url("http://localhost:5601", space="News Room")
    with pytest.raises(ConfigError, match="not an http"):
        import_url("localhost:5601")


def test_import_refuses_a_missing_or_broken_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no saved objects file"):
        import_objects("http://127.0.0.1:9", tmp_path / "missing.ndjson")
    broken = tmp_path / "broken.ndjson"
    broken.write_text(OBJECTS_PATH.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.ndjson:\d+: not a JSON object"):
        import_objects("http://127.0.0.1:9", broken)
    with pytest.raises(ConfigError):
        load_objects(broken)


def test_import_with_nothing_listening_is_one_line_without_the_password() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound but not listening: connections are refused
        url = f"http://elastic:s3cret-pw@127.0.0.1:{sock.getsockname()[1]}"
        with pytest.raises(EngineError) as caught:
            import_objects(url, timeout=5)
    message = str(caught.value)
    assert "s3cret-pw" not in message and "\n" not in message
    assert "no Kibana answers at http://elastic:***@127.0.0.1:" in message


@pytest.mark.engine
def test_import_against_a_server_that_is_not_kibana_is_one_line(engine_url: str) -> None:
    with pytest.raises(EngineError) as caught:
        import_objects(engine_url, timeout=10)
    message = str(caught.value)
    assert "\n" not in message
    assert "refused" in message or "did not answer like Kibana" in message
