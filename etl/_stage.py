"""What a pipeline stage is.

A stage is a small class with one job. It is built once with the run's `Settings` (raising
`NotConfigured` if it cannot work), then `process_batch` is called with lists of articles.
Per-article stages only implement `process`; stages that are faster in batches (NER) override
`process_batch`. A stage rejects one article by raising `DropArticle(reason)` from `process`;
the pipeline records it and goes on with the others.
"""

from __future__ import annotations

from collections.abc import Iterator

from ._article import Article
from ._errors import DropArticle
from ._settings import Settings


class Stage:
    name = "stage"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def process(self, article: Article) -> Article:
        raise NotImplementedError

    def process_batch(self, articles: list[Article]) -> Iterator[Article | DropArticle]:
        """Yield, in order, each article processed or the `DropArticle` that rejected it."""
        for article in articles:
            try:
                yield self.process(article)
            except DropArticle as drop:
                yield drop

    def close(self) -> None:
        """Release heavy resources (models, clients)."""
