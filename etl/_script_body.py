"""Article text that a page carries only in its scripts.

Pages rendered in the browser (Next.js, React) may ship the article as data: an HTML string in a
JavaScript payload (`self.__next_f.push([1, "\\u003cp ..."])`, a state object's
`"contentHtml": "..."`) or a schema.org `articleBody` in JSON-LD, with nothing in the markup.
trafilatura then finds no text. When extraction comes out empty or too short, the longest such
string is taken: HTML strings are decoded and their paragraphs read (captions left out), a
JSON-LD `articleBody` is taken as it is. No rule is keyed on a site or a framework's names.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# A JavaScript string literal long enough to be an article, holding escaped paragraph markup.
_STRING_RE = re.compile(r'"((?:[^"\\]|\\.){400,})"', re.S)
_ESCAPED_P = re.compile(r"\\u003cp[\s>\\]|<p[\s>]", re.I)
_CAPTION_XPATH = "//figcaption|//*[contains(@class, 'caption')]|//script|//style|//figure//p"


def _decode(literal: str) -> str:
    """A JSON/JS string literal's value; nested encodings are undone (at most twice)."""
    text = literal
    for _ in range(2):
        if "\\u003c" not in text and '\\"' not in text:
            break
        try:
            text = json.loads(f'"{text}"')
        except ValueError:
            break
    return text


def _paragraphs(fragment: str) -> str:
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, TypeError):
        return ""
    for element in root.xpath(_CAPTION_XPATH):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    lines = [" ".join(p.text_content().split()) for p in root.iter("p", "h2", "h3", "li")]
    return "\n".join(line for line in lines if line)


def _ld_bodies(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["articleBody"]] if isinstance(value.get("articleBody"), str) else []
        return found + [b for v in value.values() for b in _ld_bodies(v)]
    if isinstance(value, list):
        return [b for v in value for b in _ld_bodies(v)]
    return []


def script_body(tree: HtmlElement) -> str:
    """The longest article text found in the page's scripts ("" if none)."""
    best = ""
    for script in tree.iter("script"):
        source = script.text or ""
        if len(source) < 400:
            continue
        if (script.get("type") or "").lower() == "application/ld+json":
            try:
                data = json.loads(source)
            except ValueError:
                continue
            texts = [" ".join(b.split()) for b in _ld_bodies(data)]
        elif _ESCAPED_P.search(source):
            texts = [
                _paragraphs(_decode(m.group(1)))
                for m in _STRING_RE.finditer(source)
                if _ESCAPED_P.search(m.group(1))
            ]
        else:
            continue
        for text in texts:
            if len(text) > len(best):
                best = text
    return best
