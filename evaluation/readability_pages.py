"""Readability's test pages: English news articles of publishers no other gold set has.

Mozilla's Readability keeps real pages as test cases (`source.html`, the page as crawled, and
`expected.html`, the article text it extracts); its Go port, the module pinned below, carries
them, and `make eval` fetches it (`_module_pages`). 30 of its pages are English news articles of
22 publishers (the New York Times, the BBC, the Guardian, the Washington Post, ...), labelled by
hand for this project before its output on them was seen: entities, quotes, datelines and the
article's title, authors and publication day, in `evaluation/gold/readability-en/` (labels and
a pointer to each page only; see its README).

The enrichment stages run over each page's article text (`expected.html`'s blocks, the text
the labels were made on), with the URL, title and publisher `etl.extract` reads from the page;
the title, authors and publication day are `etl.extract`'s, and trafilatura's alone beside
them. The pages are split into halves by publisher (`evaluation/splits/readability-pages.json`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ._module_pages import ModulePages

_BLOCKS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li blockquote figcaption pre td th dt dd div section article header "
    "footer ul ol figure table tr".split()
)


def article_text(expected_html: str) -> str:
    """The blocks of Readability's extracted article, one a paragraph, whitespace folded."""
    import lxml.html

    blocks: list[str] = []
    words: list[str] = []

    def flush() -> None:
        text = re.sub(r"\s+", " ", "".join(words)).strip()
        if text:
            blocks.append(text)
        words.clear()

    def walk(element: Any) -> None:
        if isinstance(element.tag, str) and element.tag not in ("script", "style"):
            block = element.tag in _BLOCKS
            if block:
                flush()
            words.append(" " if element.tag == "br" else element.text or "")
            for child in element:
                walk(child)
            if block:
                flush()
        words.append(element.tail or "")

    walk(lxml.html.fromstring(expected_html))
    flush()
    return "\n\n".join(blocks)


def _expected_text(root: Path, row: dict[str, Any]) -> str:
    return article_text((root / row["page"] / "expected.html").read_text("utf-8"))


READABILITY_PAGES = ModulePages(
    name="readability", dataset="hand-labelled Readability pages",
    module="codeberg.org/readeck/go-readability/v2",  # MIT; the pages are their publishers'
    version="v2.1.3", checksum="h1:6SR63+o3nHiZT6Ntq2Px4nNd2eSfrtsDpdM4uL3id9c=",
    folder="readability-en", split="readability-pages",  # split by publisher (host without www.)
    text=_expected_text, html=lambda root, row: root / row["page"] / "source.html",
)  # fmt: skip
READABILITY_LABELS = READABILITY_PAGES.labels
