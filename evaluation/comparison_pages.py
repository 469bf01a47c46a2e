"""The English news pages of trafilatura's comparison set, labelled by hand for this project.

Trafilatura's own benchmark (the BBAW collection and other annotated pages) keeps real crawled
pages with the snippets a good extraction must and must not hold; its Go port,
`github.com/markusmobius/go-trafilatura` (Apache-2.0), carries them in `test-files/comparison/`,
and `make eval` fetches that module (`_module_pages`). 30 of its pages are English news articles
of 30 publishers no other gold set has (the Times of Israel, the Japan Times, Gothamist, Boston
Herald, local US television stations, Kaieteur News, Cayman Compass, ...), labelled by hand
before the project's output on them was seen: entities, quotes, datelines and the article's
title, authors and publication day, in `evaluation/gold/comparison-en/` (see its README).

The labels were made on the text trafilatura alone extracts from each page (the baseline the
metadata rows set beside `etl.extract`, pinned with the lock file), so the enrichment rows
measure the stages over another extractor's text, headline lines, stray menu words and all. The
pages are split into halves by publisher (`evaluation/splits/comparison-pages.json`).
"""

from __future__ import annotations

from ._module_pages import ModulePages, trafilatura_text

COMPARISON_PAGES = ModulePages(
    name="comparison", dataset="hand-labelled trafilatura comparison pages",
    module="github.com/markusmobius/go-trafilatura",  # Apache-2.0; the pages are their publishers'
    version="v1.12.2", checksum="h1:JgEto0kDjwTuyXFl6TB+psrs1QGJqTdYJEbLhDy1vrw=",
    folder="comparison-en", split="comparison-pages",  # split by publisher (host without www.)
    text=trafilatura_text,
)  # fmt: skip
