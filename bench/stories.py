"""What grouping stories costs (issue 15): `newsarchive ingest` with and without it, and the
candidate lookup (one terms query on the band keys of a bulk chunk) at 10,000 and 100,000
indexed documents.

The lookup runs on the search benchmark's synthetic documents (`bench/search.py`, which carry
fingerprints): the 100,000 of `bench-search` and the first 10,000 of the same generator in
`bench-stories-10k` (kept between runs like the big one). Two kinds of chunks of 200 articles:
`new` (200 real news texts that no index holds: the CoNLL++ test documents, Reuters 1996, and
the article-extraction benchmark's bodies, in ../shared; the common case) and `copies`
(stories that are in both indices, once in the small one, about six times in the big one, so
more candidates come back there: the answer grows, not the lookup).
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from . import e2e
from .corpus import REPO, load_stories
from .search import ALIAS, ensure_search_index

DATA = REPO.parent / "shared" / "data"
CONLL = DATA / "gold" / "conllpp" / "test_docs.jsonl"
BENCHMARK_TRUTH = DATA / "article-extraction-benchmark" / "ground-truth.json"
SMALL_ALIAS = "bench-stories-10k"
SMALL_DOCS = 10_000
CHUNK = 200


@contextmanager
def _stories_off() -> Iterator[None]:
    """The CLI runs below inherit this process's environment (`e2e.base_env`)."""
    before = os.environ.get("NEWSARCHIVE_STORIES")
    os.environ["NEWSARCHIVE_STORIES"] = "0"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("NEWSARCHIVE_STORIES", None)
        else:
            os.environ["NEWSARCHIVE_STORIES"] = before


def run_cli_without_stories(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """`e2e.run_cli` with story grouping switched off (NEWSARCHIVE_STORIES=0)."""
    with _stories_off():
        return e2e.run_cli(*args, **kwargs)


def unseen_texts() -> list[str]:
    """News texts that the benchmark's indices do not hold (CoNLL++ and the extraction
    benchmark's ground truth, read from ../shared)."""
    texts = [json.loads(line)["text"] for line in CONLL.read_text("utf-8").splitlines() if line]
    truth = json.loads(BENCHMARK_TRUTH.read_text("utf-8"))
    texts += [item["articleBody"] for item in truth.values() if item.get("articleBody")]
    return texts[:CHUNK]


def _articles(kind: str, chunk: int) -> list[Any]:
    from etl import Article

    if kind == "new":  # the same chunk each time: there are only ~200 such texts
        bodies = unseen_texts()
    else:
        bodies = [s.lead for s in load_stories()[chunk * CHUNK : (chunk + 1) * CHUNK]]
    return [Article(id=f"bench-{kind}-{chunk}-{n}", url=None, body=b) for n, b in enumerate(bodies)]


def measure_lookup(engine_url: str, big_docs: int, chunks: int = 10, warmup: int = 2) -> dict:
    """Candidate lookup time per chunk of 200 articles at 10,000 and `big_docs` documents."""
    from etl import connect
    from etl._stories import Copy, StoryLinker, fingerprint

    small = ensure_search_index(engine_url, SMALL_DOCS, alias=SMALL_ALIAS)
    ensure_search_index(engine_url, big_docs)  # reused when the search section built it
    engine = connect(engine_url)
    out: dict[str, Any] = {"chunk": CHUNK, "chunks": chunks, "small_index": small}
    try:
        for docs, alias in ((SMALL_DOCS, SMALL_ALIAS), (big_docs, ALIAS)):
            linker = StoryLinker(engine, alias)
            figures: dict[str, Any] = {"documents": engine.count(alias)}
            for kind in ("new", "copies"):
                times, found = [], []
                for chunk in range(warmup + chunks):
                    articles = _articles(kind, chunk)
                    for a in articles:
                        a.fingerprint = fingerprint(a.body)
                    copies = [Copy.of_article(a) for a in articles]
                    started = time.perf_counter()
                    hits = linker.candidates(copies)
                    if chunk >= warmup:
                        times.append((time.perf_counter() - started) * 1000)
                        found.append(len(hits))
                figures[kind] = {
                    "p50_ms": round(statistics.median(times), 1),
                    "max_ms": round(max(times), 1),
                    "candidates_per_chunk": statistics.median(found),
                }
            out[str(docs)] = figures
    finally:
        engine.close()
    big, small_figures = out[str(big_docs)], out[str(SMALL_DOCS)]
    out["growth_new"] = big["new"]["p50_ms"] / max(0.1, small_figures["new"]["p50_ms"])
    out["growth_copies"] = big["copies"]["p50_ms"] / max(0.1, small_figures["copies"]["p50_ms"])
    return out
