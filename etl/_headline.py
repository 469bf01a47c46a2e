"""The article's own headline, from what the page says about itself.

trafilatura reads the title from `og:title` or `<title>`, which often carry the site's name and
section ("Headline - National | Site.ca"). `headline` keeps what a reader sees on the article:
the page's `<h1>` (not one in its breadcrumb trail) when it words the same headline as the
meta title or another of the page's statements (the headline as the article shows it), else
the meta title with the site's name, and a section label joined on before it, removed (a date
after the name goes too, and a name joined on without spaces, "Headline|Site"); soft hyphens
and zero-width characters are dropped. A kicker label set inside the `<h1>` is not part of it;
of two statements one of which is the other with a label or tail joined on, the shorter is the
headline; when most of the page's statements (meta title, `twitter:title`, JSON-LD `headline`)
word it otherwise than the `<h1>`, their wording is. A short tail the `<h1>` shows too
("Headline – again - Site") is the headline's, not a section label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._metadata import folded_words, is_site, spaces, text_key

if TYPE_CHECKING:
    from lxml.html import HtmlElement


# " | ", " - ", " – ", " — ", " · ", " :: ", " » ": what sites join their name and sections with.
_SEPARATOR_RE = re.compile(r"\s+(?:[|–—·»]|-|::)\s+")
_SECTION_MAX_WORDS = 3
# Vertical bars and the letters set as one (the fullwidth bar, box-drawing bars, the Hangul
# vowel "ᅵ"): what joins a site's name on without spaces ("Headline|Site", "Headline-Section
# ᅵSite"), as does a dash.
_BARS = "|｜│┃︱ᅵ"
_TIGHT_SEPARATOR_RE = re.compile(rf"\s*(?:[{_BARS}–—·»]|-|::)\s*")
_TIGHT_SECTION_RE = re.compile(rf"(?:^|\s*[-–—{_BARS}]\s*)([^\W\d]+(?: [^\W\d]+)?)\s*[{_BARS}]\s*$")
# a date joined on after the site's name: "Headline | DW | 28.04.2023"
_DATE_SEGMENT_RE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
_MIN_HEADLINE_WORDS = 3


def strip_site(title: str, sites: set[str], sections: bool = True) -> str:
    """Remove the site's name joined on before or after a headline, and a short section label
    joined on between the two ("Headline - National | Globalnews.ca" -> "Headline"; with
    `sections` false, the label stays); a date joined on after the name goes with it, and a
    name joined on without spaces ("Headline|Site") too."""
    parts = _SEPARATOR_RE.split(title)
    seps = _SEPARATOR_RE.findall(title)
    while len(parts) > 2 and _DATE_SEGMENT_RE.match(parts[-1].strip()):
        parts, seps = parts[:-1], seps[:-1]  # "| 28.04.2023" after the site's name
    if len(parts) < 2:
        return _strip_tight_site(title, sites)
    if is_site(parts[-1], sites):
        end = len(parts) - 1
        if sections and end >= 2 and len(parts[end - 1].split()) <= _SECTION_MAX_WORDS:
            end -= 1  # "- National | Site": a section label before the name
        kept = parts[:end]
        kept_seps = seps[: end - 1]
    elif is_site(parts[0], sites):
        kept, kept_seps = parts[1:], seps[1:]
    else:
        return _strip_tight_site(title, sites)
    if not kept or not any(w for w in kept):
        return title
    out = kept[0]
    for sep, part in zip(kept_seps, kept[1:], strict=True):
        out += sep + part
    return out.strip() or title


def _strip_tight_site(title: str, sites: set[str]) -> str:
    """Remove the site's name joined on after a headline without spaces ("Headline|Site",
    "Headline-Section|Site"), when what is left is a headline of a few words."""
    for match in reversed(list(_TIGHT_SEPARATOR_RE.finditer(title))):
        tail, head = title[match.end() :], title[: match.start()]
        if not tail or _TIGHT_SEPARATOR_RE.search(tail) or not is_site(tail, sites):
            continue
        if match.group().strip() in _BARS and (section := _TIGHT_SECTION_RE.search(head + "|")):
            # "-Section|Site": a short label joined on before the name
            rest = head[: section.start()]
            if len(rest.split()) >= _MIN_HEADLINE_WORDS:
                head = rest
        if len(head.split()) >= _MIN_HEADLINE_WORDS:
            return head.strip()
    return title


def _same_headline(a: str, b: str) -> bool:
    """Two wordings of one headline: most words of the shorter are in the longer."""
    wa, wb = set(folded_words(a)), set(folded_words(b))
    if len(wa) < 3 or len(wb) < 3:
        return text_key(a) == text_key(b)
    return len(wa & wb) >= 0.7 * min(len(wa), len(wb))


# class tokens of a label set above the headline inside its <h1> ("Minderheit in Syrien"):
# kicker, overline, topline, eyebrow, and the parts hidden from the eye
_KICKER_CLASS_RE = re.compile(r"kicker|overline|topline|eyebrow|offscreen|visually-?hidden|sr-only")


def _in_breadcrumb(element: HtmlElement) -> bool:
    """Set in the page's breadcrumb trail (its last item is often the page's title, in an
    <h1>), not as the article's headline."""
    return any(
        "breadcrumb" in (e.get("class") or "").lower() for e in (element, *element.iterancestors())
    )


def _h1_text(h1: HtmlElement) -> tuple[str, str]:
    """(the whole text of an <h1>, its text without a kicker label set inside it)."""
    whole = spaces(h1.text_content())
    labels = [
        spaces(child.text_content())
        for child in h1.iter()
        if child is not h1 and _KICKER_CLASS_RE.search((child.get("class") or "").lower())
    ]
    if not labels:
        return whole, whole
    parts = [
        spaces(child.text_content())
        for child in h1
        if not _KICKER_CLASS_RE.search((child.get("class") or "").lower())
    ]
    rest = spaces(" ".join([h1.text or "", *parts]))
    return whole, rest or whole


def headline(
    tree: HtmlElement | None,
    title: str | None,
    sites: set[str],
    statements: Sequence[str | None] = (),
) -> str | None:
    """The headline as the article shows it (see the module docstring).

    `statements` are the page's other statements of its headline (`twitter:title`, the
    article's JSON-LD `headline`): when most of them, with the meta title, word it otherwise
    than the <h1>, their wording is the headline (an <h1> shortened or reworded for the page).
    """
    title = spaces(title or "") or None
    stripped = strip_site(title, sites) if title else None
    if tree is None or not stripped:
        return stripped
    segments = {text_key(part) for part in _SEPARATOR_RE.split(title or "")[:-1]}
    # what looked like a section label before the site's name in the meta title or another
    # statement is the headline's own tail when the <h1> ends with it ("Headline – again - Site")
    unlabelled = {
        whole
        for statement in (title, *statements)
        if statement
        and (whole := text_key(strip_site(spaces(statement), sites, sections=False)))
        != text_key(strip_site(spaces(statement), sites))
    }
    for h1 in tree.iter("h1"):
        whole, text = _h1_text(h1)
        if not text or is_site(text, sites) or _in_breadcrumb(h1):
            continue
        if text_key(text) in unlabelled:
            return text
        if text_key(whole) == text_key(stripped) and whole != text:
            return stripped  # kicker and headline spans, joined by the meta title's own words
        if text_key(text) in segments:
            return text  # "Headline - Site Name", a site name not known otherwise
        if _same_headline(text, stripped) or any(
            s and _same_headline(text, strip_site(spaces(s), sites)) for s in statements
        ):  # the meta title, or another of the page's statements, words the <h1>'s headline
            return _most_said(text, [stripped, *statements], sites)
    return stripped


_LABEL_END_RE = re.compile(r"(?:[:|–—·»]|\s-)\s*$")


def _joined_on(short: str, long: str) -> bool:
    """`long` is `short` with a label joined on before it ("Label: Headline", "Label -
    Headline") or a tail joined on after it ("Headline | Tail", "Headline - Tail")."""
    short, long = short.casefold(), long.casefold()
    if (len(short.split()) < 3 and len(text_key(short)) < 15) or short == long:
        return False
    if long.endswith(short):
        return bool(_LABEL_END_RE.search(long[: -len(short)]))
    if long.startswith(short):
        tail = long[len(short) :]
        return bool(_SEPARATOR_RE.match(tail) or tail.lstrip().startswith("|"))
    return False


def _most_said(h1: str, statements: Sequence[str | None], sites: set[str]) -> str:
    """The headline from the <h1> and the page's other statements of it: of two wordings one
    of which is the other with a label or a tail joined on, the shorter; else the wording most
    statements give, the <h1>'s on a tie."""
    texts = [strip_site(spaces(s), sites) for s in statements if s and spaces(s)]
    for text in texts:
        if _joined_on(text, h1):
            return text
        if _joined_on(h1, text):
            return h1
    h1_key = text_key(h1)
    votes: dict[str, list[str]] = {h1_key: [h1]}
    for text in texts:
        votes.setdefault(text_key(text), []).append(text)
    best = max(votes.values(), key=len)
    return h1 if len(best) <= len(votes[h1_key]) else best[0]
