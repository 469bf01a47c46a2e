"""`newsarchive` with the fetch delay taken from NEWSARCHIVE_FETCH_DELAY.

Only used when the benchmark's probe finds that the installed CLI ignores that variable on
`ingest --sources` (its fetcher then waits its built-in 1 s between two pages of one host, and
2,000 pages from one loopback site take over half an hour): the benchmark then measures the
pipeline, not the politeness delay, and says so in its output. Nothing else is changed.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    from etl.cli import main as cli_main
    from etl.crawl import _fetch

    delay = float(os.environ.get("NEWSARCHIVE_FETCH_DELAY", "1.0"))
    original = _fetch.Fetcher.__init__

    def __init__(self: _fetch.Fetcher, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("min_delay", delay)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    _fetch.Fetcher.__init__ = __init__  # type: ignore[method-assign]
    sys.argv[0] = "newsarchive"
    cli_main()


if __name__ == "__main__":
    main()
