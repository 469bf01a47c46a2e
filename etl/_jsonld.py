"""The JSON-LD blocks of a page, parsed: what it says about itself (type, publisher, dates)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lxml.html import HtmlElement


def json_ld(tree: HtmlElement) -> list[Any]:
    """Every `<script type="application/ld+json">` of the page that parses; the rest skipped."""
    blocks = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            blocks.append(json.loads(script.text or ""))
        except ValueError:
            continue
    return blocks
