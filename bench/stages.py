"""Each stage alone, in this process, on the same sample of corpus pages.

Every stage is warmed up first (imports, model load, gazetteer build: reported as `setup_s`,
not timed in the throughput), then timed over the whole sample, in wall-clock time and in this
process's CPU time (on a shared machine the CPU time is the steadier figure). Each figure is
given in its own unit (pages/s, words/s, docs/s) and as `inputs_per_s`: sample inputs divided
by the stage's time over the sample, so that stages compare with each other and with
end-to-end runs (an input rejected by extraction costs nothing in later stages, as in the
pipeline).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from etl import Article, DropArticle, Settings, connect, ensure_index, extract, index_articles

from .corpus import Story, article_html, count_words
from .proc import peak_rss_mb, process_cpu_seconds

WARMUP = 8


@dataclass
class StageFigure:
    name: str
    unit: str  # what `rate` counts per second
    rate: float  # units per wall-clock second
    inputs_per_s: float  # sample inputs per wall-clock second
    seconds: float  # wall-clock time over the sample
    cpu_seconds: float  # this process's CPU time over the sample
    items: int  # units counted (pages, words, docs)
    inputs: int  # sample inputs
    setup_s: float = 0.0
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def cpu_ms_per_input(self) -> float:
        return 1000 * self.cpu_seconds / self.inputs if self.inputs else 0.0


class Clock:
    """Wall-clock and CPU time of a block: `with Clock() as c: ...; c.wall, c.cpu`. The CPU
    time is this process's, plus that of the helper processes `pids` names (the NER tagger's
    JVM), which work for it."""

    def __init__(self, pids: Sequence[int] = ()) -> None:
        self.pids = list(pids)

    def _cpu_now(self) -> float:
        return time.process_time() + sum(process_cpu_seconds(pid) for pid in self.pids)

    def __enter__(self) -> Clock:
        self._wall, self._cpu = time.perf_counter(), self._cpu_now()
        self.wall = self.cpu = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = self._cpu_now() - self._cpu


def tagger_pids(models: Any) -> list[int]:
    """The pids of the CoreNLP tagger processes an `NerModels` runs (its true-caser too)."""
    running = [*models.loaded(), models.truecaser_started()]
    return [pid for m in running if (pid := getattr(m, "pid", None))]


def figure(
    name: str, unit: str, items: int, inputs: int, clock: Clock, setup: float, **detail: Any
) -> StageFigure:
    wall = clock.wall or 1e-9
    return StageFigure(
        name=name, unit=unit, rate=items / wall, inputs_per_s=inputs / wall, seconds=clock.wall,
        cpu_seconds=clock.cpu, items=items, inputs=inputs, setup_s=setup, detail=detail,
    )  # fmt: skip


def _copy(article: Article) -> Article:
    return Article.from_dict(article.to_dict())


def measure_fetch(stories: list[Story], base: str) -> StageFigure:
    """GET every page from the loopback site with the pipeline's fetcher, no delay."""
    from etl.crawl._fetch import Fetcher

    with Fetcher(allow_private=True, min_delay=0) as fetcher:
        with Clock() as setup:
            fetcher.fetch_page(base + stories[0].path)  # robots.txt, first connection
        failed = 0
        with Clock() as clock:
            for story in stories:
                try:
                    fetcher.fetch_page(base + story.path).text()
                except Exception:
                    failed += 1
    n = len(stories)
    return figure("fetch (loopback)", "pages/s", n, n, clock, setup.wall, failed=failed)


def measure_extract(stories: list[Story], base: str) -> tuple[StageFigure, list[Article]]:
    pages = [(base + s.path, article_html(s, base)) for s in stories]
    with Clock() as setup:
        for url, page in pages[:WARMUP]:
            with contextlib.suppress(DropArticle):
                extract(page, url)
    articles: list[Article] = []
    rejected = 0
    with Clock() as clock:
        for url, page in pages:
            try:
                articles.append(extract(page, url))
            except DropArticle:
                rejected += 1
    n = len(pages)
    page_kb = round(sum(len(p) for _, p in pages) / n / 1024, 1)
    result = figure(
        "extraction", "pages/s", n, n, clock, setup.wall, rejected=rejected, mean_page_kb=page_kb
    )
    return result, articles


Spans = list[tuple[str, str, int, int]]


def measure_ner(
    articles: list[Article], settings: Settings, inputs: int
) -> tuple[StageFigure, list[Spans]]:
    """The English NER model the settings choose (`ner`: the CoreNLP tagger or spaCy), alone."""
    from etl.enrich._entities import _EXCLUDED_COMPONENTS
    from etl.enrich._ner_models import NerModels

    with Clock() as setup:
        models = NerModels(_EXCLUDED_COMPONENTS, settings.ner)
        model = models.get(models.default)
        limit = min(model.max_chars, settings.ner_max_chars)
        texts = [a.body[:limit] for a in articles]
        model.read(texts[:WARMUP], settings.ner_batch_size)
    words = sum(count_words(t) for t in texts)
    with Clock(tagger_pids(models)) as clock:
        spans = model.read(texts, settings.ner_batch_size)
    models.close()
    result = figure(
        f"NER alone ({model.name})", "words/s", words, inputs, clock, setup.wall,
        ner=settings.ner, batch_size=settings.ner_batch_size, articles=len(texts),
    )  # fmt: skip
    return result, spans


# Each language's bodies are read this many times: a language has some 40,000 words of Fundus
# pages, two seconds of tagging, too short a time to compare on a shared machine.
_LANGUAGE_PASSES = 3


def measure_ner_by_language(settings: Settings) -> dict[str, StageFigure]:
    """The NER model of each language that `../shared`'s Fundus pages have at least 20 pages
    of, alone, on those pages' bodies (as the publishers' own parsers give them): how fast the
    German tagger reads German beside the English one reading English, and the peak RSS of each
    tagger's JVM, which the worker sizing counts (`etl._sizing.WORKER_MB`)."""
    from etl.enrich._entities import _EXCLUDED_COMPONENTS
    from etl.enrich._ner_models import NerModels
    from evaluation.languages import fundus_pages

    bodies: dict[str, list[str]] = {}
    for page in fundus_pages():
        if page.body:
            bodies.setdefault(page.language, []).append(page.body)
    models = NerModels(_EXCLUDED_COMPONENTS, settings.ner)
    figures: dict[str, StageFigure] = {}
    try:
        for language, texts in sorted(bodies.items()):
            if len(texts) < 20 or models.language_for(language) != language:
                continue
            with Clock() as setup:
                model = models.get(language)
                model.read(texts[:WARMUP], settings.ner_batch_size)
            words = _LANGUAGE_PASSES * sum(count_words(t) for t in texts)
            pid = getattr(model, "pid", None)
            with Clock([pid] if pid else []) as clock:
                for _ in range(_LANGUAGE_PASSES):
                    model.read(texts, settings.ner_batch_size)
            figures[language] = figure(
                f"{language}: {model.name.rpartition(':')[2]}", "words/s", words,
                _LANGUAGE_PASSES * len(texts), clock, setup.wall, language=language,
                pages=len(texts), passes=_LANGUAGE_PASSES,
                tagger_peak_rss_mb=peak_rss_mb(pid) if pid else None,
            )  # fmt: skip
    finally:
        models.close()
    return figures


def _run_stages(stages: list[Any], articles: list[Article], batch: int) -> dict[str, float]:
    """Run `stages` over `articles` in pipeline-sized batches; seconds spent per stage."""
    spent = dict.fromkeys((s.name for s in stages), 0.0)
    for start in range(0, len(articles), batch):
        live = articles[start : start + batch]
        for stage in stages:
            started = time.perf_counter()
            outputs = list(stage.process_batch(live))
            spent[stage.name] += time.perf_counter() - started
            live = [o for o in outputs if isinstance(o, Article)]
    return spent


def measure_enrichment(
    articles: list[Article], spans: list[Spans], settings: Settings, inputs: int
) -> tuple[StageFigure, StageFigure, list[Article]]:
    """The configured stages over extracted articles, and the same without the NER model:
    every other stage, plus the entity stage's own work on the spans NER found."""
    from etl._pipeline import build_stages
    from etl.enrich._entities import EntityStage, normalise_entities

    batch = settings.ner_batch_size * 2  # what ingest gives Pipeline.enrich
    with Clock() as build:
        stages = build_stages(settings)
    with Clock() as warm:
        _run_stages(stages, [_copy(a) for a in articles[:WARMUP]], batch)
        if settings.truecase:  # started here, not in the timed run, as a worker's first
            for stage in stages:  # lower-case story would start it; and its CPU is counted
                if isinstance(stage, EntityStage):
                    stage._live().truecaser()
    words = sum(count_words(a.body) for a in articles)
    copies = [_copy(a) for a in articles]
    pids = [p for s in stages if isinstance(s, EntityStage) for p in tagger_pids(s._live())]
    with Clock(pids) as clock:
        per_stage = _run_stages(stages, copies, batch)
    whole = figure(
        "enrichment (all stages)", "words/s", words, inputs, clock, build.wall + warm.wall,
        stages=[s.name for s in stages], per_stage_s=per_stage, build_stages_s=build.wall,
        batch=batch,
    )  # fmt: skip

    others = [s for s in stages if not isinstance(s, EntityStage)]
    rest_copies = [_copy(a) for a in articles]
    normalise_s = 0.0
    with Clock() as clock:
        rest_per_stage = _run_stages(others, rest_copies, batch)
        if len(others) < len(stages):
            started = time.perf_counter()
            for article, found in zip(rest_copies, spans, strict=True):
                normalise_entities(found, article.body)
            normalise_s = time.perf_counter() - started
    rest = figure(
        "enrichment minus NER", "words/s", words, inputs, clock, 0.0,
        per_stage_s={**rest_per_stage, "entities (normalise only)": normalise_s},
    )  # fmt: skip
    for stage in stages:
        stage.close()
    return whole, rest, copies


def measure_index(
    articles: list[Article], engine_url: str, settings: Settings, alias: str, inputs: int
) -> StageFigure:
    """Bulk-index the enriched articles into a fresh index behind `alias`, then drop it. The
    JVM is warmed up first with two chunks of copies under other ids (not timed)."""
    engine = connect(engine_url)
    try:
        for index in engine.alias_targets(alias) + list(engine.list_indices(f"{alias}-v*")):
            if engine.index_exists(index):
                engine.delete_index(index)
        with Clock() as setup:
            target = ensure_index(engine, alias)
            warm = [_copy(a) for a in articles[: 2 * settings.bulk_chunk_size]]
            for article in warm:
                article.id = "warmup-" + article.id
            list(index_articles(engine, target, warm, chunk_size=settings.bulk_chunk_size))
        with Clock() as clock:
            answers = list(
                index_articles(engine, target, articles, chunk_size=settings.bulk_chunk_size)
            )
        engine.refresh(target)
        count = engine.count(target) - len(warm)
        engine.delete_index(target)
    finally:
        engine.close()
    return figure(
        "bulk indexing", "docs/s", len(articles), inputs, clock, setup.wall,
        ok=sum(1 for a in answers if a.ok), count_after_refresh=count,
        chunk_size=settings.bulk_chunk_size,
    )  # fmt: skip
