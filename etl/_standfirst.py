"""The standfirst: the lead a page shows between its headline and its body (`Article.standfirst`).

Many pages set the standfirst beside the headline, outside the article's container that
trafilatura keeps, and what it says is lost to search (often the dateline too: "Berlin. Die
Ex-Grünen-Vorsitzende ..."). The body keeps its own convention (the text below the standfirst,
as the benchmark's and the seed's bodies have it); the standfirst is a field of its own. The
page states its standfirst a second time in its description meta tags: the standfirst is the
smallest visible block that shows the description's opening words, after the `<h1>`, with the
short label set beside it in the same block ("Berlin."). A description the page shows nowhere
after its headline, or only in a menu, a footer, a side column or a link, is no standfirst.

`find_standfirst` reads the page before boilerplate is pruned.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_DESCRIPTION_XPATH = (
    "//meta[@name='description' or @property='og:description' or @name='og:description'"
    " or @name='twitter:description' or @property='twitter:description']/@content"
)
_PROBE_CHARS = 40  # the opening words a description shares with the block that shows it
_MAX_CHARS = 1000  # a standfirst is a paragraph or two, never the article
_LABEL_CHARS = 40  # a label beside it in its block: a place, a kicker
# text nodes a reader sees, and blocks whose text (no-break spaces folded) holds a probe
_VISIBLE_XPATH = (
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template)]"
)
_OPENING_CHARS = 15  # the probe's opening, looked for in single text nodes
# where a block is never the page's own standfirst: menus, footers, side columns, teaser links
_ELSEWHERE = {"script", "style", "noscript", "template", "nav", "footer", "aside", "a"}


def _fold(text: str) -> str:
    return " ".join(text.split())


def _squeeze(text: str) -> str:
    """Text without its spaces, to place one text in another however markup spaced it."""
    return "".join(text.split())


def _visible(tree: HtmlElement) -> str:
    return _squeeze("".join(tree.xpath(_VISIBLE_XPATH)))


def _probes(tree: HtmlElement) -> list[str]:
    probes = []
    for content in tree.xpath(_DESCRIPTION_XPATH):
        text = _fold(html.unescape(content)).rstrip(".…")
        if len(text) >= _PROBE_CHARS:
            probes.append(text[:_PROBE_CHARS])
    return list(dict.fromkeys(probes))


def _holding(tree: HtmlElement, start: str) -> Iterator[HtmlElement]:
    """The elements one of whose own text pieces holds `start`, in page order."""
    first = start.split(" ", 1)[0]
    for element in tree.iter():
        own = element.text if isinstance(element.tag, str) else None
        for raw, holder in ((own, element), (element.tail, element.getparent())):
            if raw and first in raw and start in _fold(raw) and holder is not None:
                yield holder


def _showing(tree: HtmlElement, probe: str) -> HtmlElement | None:
    """The smallest visible block whose text holds `probe`, with the label beside it."""
    best = None
    # from each text node that holds the probe's opening, up to the first block holding it all
    # (its first word may be a link of its own: the words after it are looked for too)
    second = probe.split(" ", 1)[-1]
    openings = dict.fromkeys([probe[:_OPENING_CHARS], second[:_OPENING_CHARS]])
    for element in (e for start in openings for e in _holding(tree, start)):
        while element is not None and probe not in _fold(element.text_content()):
            element = element.getparent()
        if element is None or element.tag in _ELSEWHERE:
            continue
        if any(a.tag in _ELSEWHERE for a in element.iterancestors()):
            continue
        if len(_fold(element.text_content())) <= _MAX_CHARS:
            best = element
            break
    size = len(_fold(best.text_content())) if best is not None else 0
    if best is None:
        return None
    parent = best.getparent()
    while (
        parent is not None
        and parent.tag != "body"
        and len(_fold(parent.text_content())) <= size + _LABEL_CHARS
        and not parent.xpath(".//h1 | .//h2")
    ):
        best, parent = parent, parent.getparent()
    return best


# a class that names a block a lead: kept even where the block opens a run of paragraphs
_LEAD_CLASS_RE = re.compile(
    r"lead|intro|standfirst|stand-first|teaser|summary|excerpt|abstract|dek|preamble|vorspann"
    r"|subtitle|subhead|description|chapo|chapeau|bajada|entradilla|ingress",
    re.I,
)
_BODY_PARAGRAPH_CHARS = 80  # a paragraph of running text, not a label or a caption
_RUN = 3  # paragraphs beside the block that make it the first of the body's


def _opens_the_body(block: HtmlElement) -> bool:
    """A plain paragraph among the body's own (many sites' description is their first
    paragraph): the lead paragraph of the body, no standfirst."""
    parent = block.getparent()
    if block.tag != "p" or parent is None or _LEAD_CLASS_RE.search(block.get("class") or ""):
        return False
    siblings = [
        p for p in parent
        if p is not block and p.tag == "p" and len(_fold(p.text_content())) > _BODY_PARAGRAPH_CHARS
    ]  # fmt: skip
    return len(siblings) >= _RUN


def find_standfirst(tree: HtmlElement | None) -> str | None:
    """The standfirst block the page shows after its `<h1>`, if its description names one."""
    if tree is None:
        return None
    h1 = next((_fold(h.text_content()) for h in tree.iter("h1") if h.text_content().strip()), "")
    if not h1:
        return None  # no headline to place the standfirst after
    page_text = ""
    for probe in _probes(tree):
        block = _showing(tree, probe)
        if block is None or _opens_the_body(block):
            continue
        page_text = page_text or _visible(tree)
        text = _fold(block.text_content())
        start = page_text.find(_squeeze(text))
        headline_at = page_text.find(_squeeze(h1))
        if start < 0 or headline_at < 0 or headline_at > start:
            continue
        return text
    return None
