"""Faceted search latency over 100,000 documents in the benchmark's engine.

The documents are synthetic `Article`s made cheaply from the Reuters stories (no extraction,
no NER): each story is used several times with its publisher, domain, authors, dates,
dateline, wire agency, tags and entities varied, so that facets have realistic spreads. The
index (alias `bench-search`) is kept between runs and rebuilt only when its document count or
the generator's version differ.
"""

from __future__ import annotations

import hashlib
import json
import random
import statistics
import time
from collections.abc import Iterator
from typing import Any

from etl import Article, Dateline, Entities, GeoPoint, connect, ensure_index, index_articles
from etl import search as run_search
from etl._stories import fingerprint

from .corpus import Story, load_stories
from .engine import BENCH_HOME

ALIAS = "bench-search"
GENERATOR_VERSION = 3  # bump when the synthetic documents change: the index is rebuilt
# 2, 3: with the body's story fingerprint (bench/stories.py looks candidates up in this index)
MARKER = BENCH_HOME / "search-index.json"
FACETS = ["publisher", "person", "org", "location", "dateline-place", "wire-agency"]

PUBLISHERS = [
    ("The Bay Ledger", "bayledger.example"),
    ("Northern Courier", "northerncourier.example"),
    ("Daily Meridian", "dailymeridian.example"),
    ("Harbour Times", "harbourtimes.example"),
    ("The Evening Post", "eveningpost.example"),
    ("Capital Wire", "capitalwire.example"),
    ("Market Journal", "marketjournal.example"),
    ("The Globe Review", "globereview.example"),
    ("Metro Herald", "metroherald.example"),
    ("Pacific Standard", "pacificstandard.example"),
    ("Continental News", "continentalnews.example"),
    ("The Sentinel", "sentinel.example"),
]
AGENCIES = ["Reuters", "Reuters", "Reuters", "AP", "AFP", None]
PLACES = {  # dateline place -> (country, lat, lon) for the commonest Reuters datelines
    "New York": ("United States", 40.71, -74.01),
    "Washington": ("United States", 38.9, -77.04),
    "Chicago": ("United States", 41.88, -87.63),
    "London": ("United Kingdom", 51.51, -0.13),
    "Tokyo": ("Japan", 35.69, 139.69),
    "Paris": ("France", 48.86, 2.35),
    "Frankfurt": ("Germany", 50.11, 8.68),
    "Bonn": ("Germany", 50.73, 7.1),
    "Toronto": ("Canada", 43.65, -79.38),
    "Ottawa": ("Canada", 45.42, -75.7),
    "Hong Kong": ("China", 22.32, 114.17),
    "Singapore": ("Singapore", 1.29, 103.85),
    "Sydney": ("Australia", -33.87, 151.21),
    "Brussels": ("Belgium", 50.85, 4.35),
    "Zurich": ("Switzerland", 47.37, 8.54),
    "Amsterdam": ("Netherlands", 52.37, 4.9),
    "Madrid": ("Spain", 40.42, -3.7),
    "Rome": ("Italy", 41.9, 12.5),
    "Houston": ("United States", 29.76, -95.37),
    "San Francisco": ("United States", 37.77, -122.42),
}
PEOPLE = [
    "Janet Yellen", "Jerome Powell", "Christine Lagarde", "Mario Draghi", "Angela Merkel",
    "Emmanuel Macron", "Shinzo Abe", "Justin Trudeau", "Theresa May", "Xi Jinping",
    "Narendra Modi", "Jacinda Ardern", "Mark Carney", "Haruhiko Kuroda", "Jens Weidmann",
]  # fmt: skip
ORGS = [
    "Federal Reserve", "European Central Bank", "OPEC", "World Bank", "IMF", "Bank of Japan",
    "Bank of England", "European Commission", "General Motors", "Exxon Mobil", "Toyota",
    "Goldman Sachs", "Deutsche Bank", "Siemens", "BP",
]  # fmt: skip
QUERY_WORDS = [
    "oil", "prices", "bank", "trade", "profit", "shares", "dollar", "tonnes", "wheat", "rates",
    "loss", "market", "government", "exports", "coffee", "sugar", "debt", "merger", "gold",
    "interest", "crude", "budget", "growth", "imports", "dividend",
]  # fmt: skip


def _title(raw: str) -> str:
    return " ".join(w.capitalize() for w in raw.replace("-", " ").split())


def _place(dateline: str) -> str:
    return _title(dateline.split(",")[0].strip(" -"))


def synthetic(story: Story, copy: int) -> Article:
    """The `copy`-th variant of a story as an indexed article."""
    seed = int(hashlib.blake2b(f"{story.n}:{copy}".encode(), digest_size=8).hexdigest(), 16)
    rnd = random.Random(seed)
    publisher, domain = PUBLISHERS[seed % len(PUBLISHERS)]
    year = 2015 + (story.n + 3 * copy) % 10
    published = f"{year}{story.published[4:10]}"
    place = _place(story.dateline)
    country, lat, lon = PLACES.get(place, (None, None, None))
    agency = AGENCIES[seed % len(AGENCIES)]
    url = f"https://www.{domain}/{year}/{story.n:05d}-{copy}"
    body = story.lead
    people = [_title(p) for p in story.people] + rnd.sample(PEOPLE, rnd.randint(0, 2))
    orgs = [o.upper() for o in story.orgs] + rnd.sample(ORGS, rnd.randint(0, 3))
    locations = [_title(p) for p in story.places] + ([place] if place else [])
    return Article(
        id=hashlib.sha256(url.encode()).hexdigest()[:32],
        url=url,
        title=story.title,
        body=body,
        publisher=publisher,
        domain=domain,
        authors=[f"{rnd.choice(['Staff', 'Desk', 'Correspondent'])} {seed % 40}"],
        published_at=published,
        language="en",
        tags=list(story.topics),
        dateline=Dateline(
            raw=story.dateline,
            place=place or None,
            country=country,
            agency=agency,
            date=published[:10],
            location=GeoPoint(lat, lon) if lat is not None else None,
        ),
        wire_agency=agency,
        entities=Entities(
            person=list(dict.fromkeys(people)),
            org=list(dict.fromkeys(orgs)),
            location=list(dict.fromkeys(locations)),
        ),
        source=f"bench-{publisher.split()[-1].lower()}",
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
        extraction={"method": "bench-synthetic"},
        fingerprint=fingerprint(body),
    )


def documents(count: int) -> Iterator[Article]:
    stories = load_stories()
    for i in range(count):
        yield synthetic(stories[i % len(stories)], i // len(stories))


def ensure_search_index(
    engine_url: str, count: int, chunk_size: int = 1000, alias: str = ALIAS
) -> dict[str, Any]:
    """Make sure `alias` (`bench-search`) holds the first `count` synthetic documents; build
    it if not."""
    engine = connect(engine_url)
    wanted = {"count": count, "generator": GENERATOR_VERSION}
    marker = MARKER if alias == ALIAS else BENCH_HOME / f"{alias}-index.json"
    try:
        known = json.loads(marker.read_text()) if marker.exists() else {}
        targets = engine.alias_targets(alias)
        if targets and known == wanted and engine.count(alias) == count:
            return {"reused": True, "build_s": 0.0, "docs_per_s": None}
        for index in targets:
            engine.delete_index(index)
        for index in engine.list_indices(f"{alias}-v*"):
            engine.delete_index(index)
        marker.unlink(missing_ok=True)
        target = ensure_index(engine, alias)
        started = time.perf_counter()
        failed = sum(
            1 for a in index_articles(engine, target, documents(count), chunk_size=chunk_size)
            if not a.ok
        )  # fmt: skip
        engine.refresh(target)
        seconds = time.perf_counter() - started
        indexed = engine.count(alias)
        if indexed != count:
            raise RuntimeError(f"search index holds {indexed} documents, not {count}")
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(json.dumps(wanted))
        return {"reused": False, "build_s": seconds, "docs_per_s": count / seconds,
                "failed": failed}  # fmt: skip
    finally:
        engine.close()


def queries(n: int, seed: int = 1987) -> list[dict[str, Any]]:
    """`n` faceted searches: words, the 6 facets, one filter, a date range."""
    rnd = random.Random(seed)
    filters = (
        [f"publisher={p}" for p, _ in PUBLISHERS]
        + [f"wire-agency={a}" for a in ("Reuters", "AP", "AFP")]
        + [f"dateline-country={c}" for c in sorted({v[0] for v in PLACES.values()})]
        + [f"location={_title(p)}" for p in ("usa", "uk", "japan", "west-germany", "canada")]
    )
    out = []
    for _ in range(n):
        first = rnd.randint(2015, 2023)
        out.append(
            {
                "query": " ".join(rnd.sample(QUERY_WORDS, rnd.choice((1, 1, 2)))),
                "facets": FACETS,
                "filters": [rnd.choice(filters)],
                "since": f"{first}-01-01",
                "until": f"{rnd.randint(first, 2024)}-12-31",
            }
        )
    return out


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def measure_search(engine_url: str, n: int = 200, warmup: int = 20) -> dict[str, Any]:
    engine = connect(engine_url)
    try:
        planned = queries(warmup + n)
        for q in planned[:warmup]:
            run_search(engine, ALIAS, q.pop("query"), **q)
        wall, took, hits = [], [], []
        for q in planned[warmup:]:
            text = q.pop("query")
            started = time.perf_counter()
            result = run_search(engine, ALIAS, text, **q)
            wall.append((time.perf_counter() - started) * 1000)
            took.append(float(result.took_ms))
            hits.append(result.total)
        docs = engine.count(ALIAS)
    finally:
        engine.close()
    return {
        "documents": docs,
        "queries": n,
        "warmup": warmup,
        "p50_ms": round(statistics.median(wall), 1),
        "p95_ms": round(_percentile(wall, 95), 1),
        "max_ms": round(max(wall), 1),
        "engine_took_p50_ms": statistics.median(took),
        "engine_took_p95_ms": _percentile(took, 95),
        "queries_with_hits": sum(1 for h in hits if h),
        "median_hits": statistics.median(hits),
        "example": {"facets": FACETS, "filter": "one of publisher / wire-agency / "
                    "dateline-country / location", "date_range": "years between 2015 and 2024"},
    }  # fmt: skip
