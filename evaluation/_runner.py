"""The project's enrichment stages, run over the gold as `make eval` measures them.

`StageRunner` runs the stages that `etl.Pipeline(settings)` enables over `Article` objects, in
batches as the pipeline does, and keeps the seconds each stage spends and the words it reads
for the throughput table. `stage_settings` is `etl.Settings()` with a run's `--stage`
overrides.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from ._figures import Throughput

BATCH_SIZE = 32


def _words(text: str) -> int:
    return len(text.split())


def _batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class StageRunner:
    """The enabled stages of `etl.Pipeline(settings)`, run over `Article` objects in batches,
    with the time each stage spends and the words it reads."""

    def __init__(self, settings: Any) -> None:
        import etl

        self.pipeline = etl.Pipeline(settings)
        self.stages = self.pipeline.stages
        self.seconds: Counter[str] = Counter()
        self.words: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def has_quotes(self) -> bool:
        return any("quote" in f"{s.name} {type(s).__name__}".lower() for s in self.stages)

    def run(self, articles: Sequence[Any]) -> list[Any]:
        """Run every stage over `articles`; returns them enriched, in order. A rejected or
        failed article keeps what the stages before gave it, and is counted."""
        from etl import Article

        results = list(articles)
        for batch in _batches(range(len(results)), BATCH_SIZE):
            live = list(batch)  # indices into results
            for stage in self.stages:
                inputs = [results[i] for i in live]
                start = time.perf_counter()
                try:
                    outputs: list[Any] = list(stage.process_batch(inputs))
                except Exception:  # find the article that broke the batch, as the pipeline does
                    outputs = []
                    for article in inputs:
                        try:
                            outputs.extend(stage.process_batch([article]))
                        except Exception as exc:
                            outputs.append(exc)
                self.seconds[stage.name] += time.perf_counter() - start
                self.words[stage.name] += sum(_words(a.body) for a in inputs)
                survivors = []
                for index, output in zip(live, outputs, strict=True):
                    if isinstance(output, Article):
                        results[index] = output
                        survivors.append(index)
                    else:
                        self.failures[stage.name] += 1
                live = survivors
        return results

    def throughput(self) -> list[Throughput]:
        return [
            Throughput(f"stage {name}", "words/s", self.words[name], self.seconds[name])
            for name in self.names
        ]

    def close(self) -> None:
        self.pipeline.close()


def stage_settings(stage_overrides: Sequence[str]) -> Any:
    """`etl.Settings()` with each "DOTTED.PATH=ORDER" enabling or moving a stage, and each
    "DOTTED.PATH=none" disabling one."""
    import etl

    settings = etl.Settings()
    if not stage_overrides:
        return settings
    stages = dict(settings.stages)
    for item in stage_overrides:
        path, _, order = item.partition("=")
        if not path or not (order.isdigit() or order.lower() == "none"):
            raise SystemExit(f"--stage wants DOTTED.PATH=ORDER or DOTTED.PATH=none, got {item!r}")
        stages[path] = None if order.lower() == "none" else int(order)
    return settings.with_overrides(stages=stages)
