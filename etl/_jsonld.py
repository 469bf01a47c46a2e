"""The JSON-LD blocks of a page, parsed: what it says about itself (type, publisher, dates)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lxml.html import HtmlElement


# The wrappers an XHTML-era template sets around a script's text: "<![CDATA[ ... ]]>", also
# behind "//" or inside "/* */", and "<!-- ... -->".
_WRAPPER = re.compile(
    r"^\s*(?:(?://|/\*)\s*)?(?:<!\[CDATA\[|<!--)(?:\s*\*/)?(?P<json>.*?)"
    r"(?:(?://|/\*)\s*)?(?:\]\]>|-->)(?:\s*\*/)?\s*$",
    re.DOTALL,
)


def json_ld(tree: HtmlElement) -> list[Any]:
    """Every `<script type="application/ld+json">` of the page that parses, a CDATA or comment
    wrapper around it taken off; the rest skipped."""
    blocks = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        text = script.text or ""
        if wrapped := _WRAPPER.match(text):
            text = wrapped["json"]
        try:
            blocks.append(json.loads(text))
        except ValueError:
            continue
    return blocks
