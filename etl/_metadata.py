"""The article's own headline and authors, from what the page says about itself.

trafilatura reads the title from `og:title` or `<title>`, which often carry the site's name and
section ("Headline - National | Site.ca"), and the authors from bylines and meta tags, which
mix people with slugs, profile URLs, the publisher and its parent company. These small
functions keep what a reader sees on the article:

- `headline`: the page's `<h1>` (not one in its breadcrumb trail) when it words the same
  headline as the meta title or another of the page's statements (the headline as the
  article shows it), else the meta title with the site's name, and a section label joined on
  before it, removed (a date after the name goes too, and a name joined on without spaces,
  "Headline|Site"); soft hyphens and zero-width characters are dropped. A kicker label set
  inside the `<h1>` is not part of it;
  of two statements one of which is the other with a label or tail joined on, the shorter is
  the headline; when most of the page's statements (meta title, `twitter:title`, JSON-LD
  `headline`) word it otherwise than the `<h1>`, their wording is. A short tail the `<h1>`
  shows too ("Headline – again - Site") is the headline's, not a section label.
- `clean_authors`: one form per person (slug, URL and handle forms merged into the name),
  never the publisher, the site, a URL, a wire agency (`byline_agency` reads it for
  `wire_agency`) or a bare given name left over from a split name;
  "By A and B", "A, B" and "A | B" split into people; a job title printed after a name ("Ann
  Lee, Political Editor", "신현주 기자"), a one-word place or outlet after a comma ("Ann Lee,
  Lille") and a "for ..."/"in ..." tail are not part of it; a staff credit stays whole.
- `linked_bylines`, `labelled_bylines`, `classed_bylines`: for a page whose JSON-LD and meta
  tags name nobody, the byline linked to author pages, else the name set after a byline label
  of its own, else the "By" line of an element classed as the byline; `as_printed` gives
  trafilatura's names the form the page prints (the dots of initials).

Knowledge (words that are not names, job titles, staff-credit words, name suffixes) is in
`data/authors.json` beside this module, with its source.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._jsonld import json_ld
from ._legal_forms import ends_in_legal_form

if TYPE_CHECKING:
    from lxml.html import HtmlElement

DATA = Path(__file__).resolve().parent / "data"


def _key(text: str) -> str:
    """Comparison key: lower-case letters and digits only, accents dropped."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(re.findall(r"\w", text.casefold()))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold().replace("’", "'"))


# soft hyphens and zero-width characters: hyphenation and joining hints, never a reader's text
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def _spaces(text: str) -> str:
    return " ".join(_INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text)).split())


# --- the headline --------------------------------------------------------------------------------

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


def site_keys(site_names: Iterable[str], url: str | None) -> set[str]:
    """Comparison keys of the names a site goes by: its `og:site_name`/publisher, its domain
    with and without the suffix ("globalnews.ca", "globalnews")."""
    from urllib.parse import urlsplit

    keys = {_key(name) for name in site_names if name}
    host = (urlsplit(url or "").hostname or "").lower().removeprefix("www.")
    if host:
        keys.add(_key(host))
        labels = host.split(".")
        keys.add(_key(labels[0] if len(labels) <= 2 else labels[-3]))
        keys.add(_key(".".join(labels[:-1])))
    keys.discard("")
    return {k for k in keys if len(k) >= 2}  # "dw": matched whole only (see _is_site)


def _abbreviates(site: str, words: Sequence[str]) -> bool:
    """`site` is made of the starts of `words`, in order, each word giving its first letters
    or nothing: "latimes" of "Los Angeles Times", "cbc" of "CBC News"."""
    if not site:
        return True
    if not words:
        return False
    first, rest = words[0], words[1:]
    return any(
        site.startswith(first[:n]) and _abbreviates(site[n:], rest)
        for n in range(min(len(first), len(site)), 0, -1)
    ) or _abbreviates(site, rest)


def _is_site(segment: str, sites: set[str]) -> bool:
    key = _key(segment)
    if not key or len(segment.split()) > 4:
        return False
    # "Globalnews.ca", "Globalnews" for "globalnews"; "The Namibian", "Die Neue Tageszeitung"
    # for a site whose domain is its last word
    if key in sites or any(
        len(site) >= 5
        and (key.startswith(site) or key.endswith(site) or (site.startswith(key) and len(key) >= 5))
        for site in sites
    ):
        return True
    # a name the domain shortens: "Los Angeles Times" for "latimes", "CBC News" for "cbc"
    words = [_key(w) for w in segment.split() if _key(w)]
    # (the first word gives the first letter, unless it is an article: "The New York Times")
    return len(words) >= 2 and any(
        len(site) >= 3
        and site.isascii()
        and (site[0] == words[0][0] or len(words[0]) <= 3)
        and _abbreviates(site, words)
        for site in sites
    )


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
    if _is_site(parts[-1], sites):
        end = len(parts) - 1
        if sections and end >= 2 and len(parts[end - 1].split()) <= _SECTION_MAX_WORDS:
            end -= 1  # "- National | Site": a section label before the name
        kept = parts[:end]
        kept_seps = seps[: end - 1]
    elif _is_site(parts[0], sites):
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
        if not tail or _TIGHT_SEPARATOR_RE.search(tail) or not _is_site(tail, sites):
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
    wa, wb = set(_words(a)), set(_words(b))
    if len(wa) < 3 or len(wb) < 3:
        return _key(a) == _key(b)
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
    whole = _spaces(h1.text_content())
    labels = [
        _spaces(child.text_content())
        for child in h1.iter()
        if child is not h1 and _KICKER_CLASS_RE.search((child.get("class") or "").lower())
    ]
    if not labels:
        return whole, whole
    parts = [
        _spaces(child.text_content())
        for child in h1
        if not _KICKER_CLASS_RE.search((child.get("class") or "").lower())
    ]
    rest = _spaces(" ".join([h1.text or "", *parts]))
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
    title = _spaces(title or "") or None
    stripped = strip_site(title, sites) if title else None
    if tree is None or not stripped:
        return stripped
    segments = {_key(part) for part in _SEPARATOR_RE.split(title or "")[:-1]}
    # what looked like a section label before the site's name in the meta title or another
    # statement is the headline's own tail when the <h1> ends with it ("Headline – again - Site")
    unlabelled = {
        whole
        for statement in (title, *statements)
        if statement
        and (whole := _key(strip_site(_spaces(statement), sites, sections=False)))
        != _key(strip_site(_spaces(statement), sites))
    }
    for h1 in tree.iter("h1"):
        whole, text = _h1_text(h1)
        if not text or _is_site(text, sites) or _in_breadcrumb(h1):
            continue
        if _key(text) in unlabelled:
            return text
        if _key(whole) == _key(stripped) and whole != text:
            return stripped  # kicker and headline spans, joined by the meta title's own words
        if _key(text) in segments:
            return text  # "Headline - Site Name", a site name not known otherwise
        if _same_headline(text, stripped) or any(
            s and _same_headline(text, strip_site(_spaces(s), sites)) for s in statements
        ):  # the meta title, or another of the page's statements, words the <h1>'s headline
            return _most_said(text, [stripped, *statements], sites)
    return stripped


_LABEL_END_RE = re.compile(r"(?:[:|–—·»]|\s-)\s*$")


def _joined_on(short: str, long: str) -> bool:
    """`long` is `short` with a label joined on before it ("Label: Headline", "Label -
    Headline") or a tail joined on after it ("Headline | Tail", "Headline - Tail")."""
    short, long = short.casefold(), long.casefold()
    if (len(short.split()) < 3 and len(_key(short)) < 15) or short == long:
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
    texts = [strip_site(_spaces(s), sites) for s in statements if s and _spaces(s)]
    for text in texts:
        if _joined_on(text, h1):
            return text
        if _joined_on(h1, text):
            return h1
    h1_key = _key(h1)
    votes: dict[str, list[str]] = {h1_key: [h1]}
    for text in texts:
        votes.setdefault(_key(text), []).append(text)
    best = max(votes.values(), key=len)
    return h1 if len(best) <= len(votes[h1_key]) else best[0]


# --- what the page says it is -------------------------------------------------------------------

_ORG_TYPES = re.compile(r"organi[sz]ation|corporation|newsmedia|company", re.I)
_ORG_KEYS = ("publisher", "sourceOrganization", "copyrightHolder", "parentOrganization")
_META_ORG = ("og:site_name", "publisher", "article:publisher", "application-name", "copyright")


def _walk(node: Any, into: set[str], org: bool = False) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, into, org)
        return
    if not isinstance(node, dict):
        if org and isinstance(node, str):
            into.add(node)
        return
    types = node.get("@type")
    types = " ".join(types) if isinstance(types, list) else str(types or "")
    if (org or _ORG_TYPES.search(types)) and isinstance(node.get("name"), str):
        into.add(node["name"])
    for key, value in node.items():
        if isinstance(value, dict | list) or key in _ORG_KEYS:
            _walk(value, into, key in _ORG_KEYS)


def page_organisations(tree: HtmlElement | None) -> set[str]:
    """Names of the organisations the page says publish it (JSON-LD `publisher`,
    `sourceOrganization`, `parentOrganization`, any `Organization`; `og:site_name`, `publisher`
    meta): never the article's authors."""
    names: set[str] = set()
    if tree is None:
        return names
    for block in json_ld(tree):
        _walk(block, names)
    for meta in tree.xpath("//meta[@property or @name]"):
        if (meta.get("property") or meta.get("name") or "").lower() in _META_ORG:
            names.add(meta.get("content") or "")
    return {_spaces(n) for n in names if n and not _URL_RE.match(n)}


# --- authors -------------------------------------------------------------------------------------


@cache
def _author_words() -> dict[str, Any]:
    return json.loads((DATA / "authors.json").read_text("utf-8"))


@cache
def _media_companies() -> frozenset[str]:
    return frozenset(" ".join(_words(name)) for name in _author_words()["media_companies"])


_URL_RE = re.compile(r"https?://\S+|www\.\S+|\S+\.(?:com|org|net|co\.uk|co|ca|uk)\b", re.I)
_HANDLE_RE = re.compile(r"^@\w+$")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$")
# "By", "Written by", "Author:", "Autor", "Autorin/Autor": labels set before the names; "Von",
# "Par", "Por" (German, French, Spanish "by") only before a name of two words or more
_LABEL = r"(?:written\s+)?by|authors?|autor(?:in)?(?:/autor(?:in)?)?|autoren|auteurs?|autore"
_BY_RE = re.compile(rf"^\s*(?:{_LABEL}|(?:von|par|por)(?=\s+\S+\s+\S))\s*:?\s+", re.I)
# an element that holds the label alone, the name after it ("<b>Autorin/Autor</b> Ann Lee")
_LABEL_ALONE_RE = re.compile(rf"^(?:{_LABEL})\s*:?$", re.I)
# "A and B", "A, and B", "A & B", "A; B", and the bars and slashes that set a person apart from
# the outlet: "A | Reuters", "A / AP"
_AND_RE = re.compile(r"\s*(?:,\s*and\s+|\s+and\s+|\s*&\s*|\s*;\s*|\s+\|\s+|\s+/\s+)", re.I)
# "Ann Lee for The Harbour Post", "Ann Lee in Washington": where or for whom, not a name
_FOR_IN_RE = re.compile(r"^((?:\S+\s+){1,3}\S+?)\s+(?:for|in)\s+\S.*$", re.I)


def _split_byline(byline: str) -> list[str]:
    """ "By A and B", "A, B and C", "A; B" -> people. A comma joins names only when every part
    is a name of two words or more ("Davide Castelvecchi, Jeff Tollefson"); "Smith, John" stays
    one."""
    byline = _BY_RE.sub("", _spaces(byline)).strip(" ,;")
    parts = [p.strip() for p in _AND_RE.split(byline) if p.strip()]
    staff = _author_words()["staff_words"]
    if len(parts) > 1 and not any(
        any(w[:1].isupper() for w in p.split()) and not set(_words(p)) & set(staff) for p in parts
    ):
        return [byline]  # "Staff and news service reports", "Guardian staff and agencies"
    out: list[str] = []
    suffixes = _author_words()["name_suffixes"]
    for part in parts:
        pieces = [p.strip() for p in part.split(",") if p.strip()]
        if len(pieces) < 2 or len(pieces[0].split()) < 2:
            out.append(part)  # one name, or "Smith, John"
            continue
        for piece in pieces:
            if _key(piece) in suffixes and out:
                out[-1] += ", " + piece  # "Ann Lee, Jr."
            elif len(piece.split()) >= 2:
                out.append(piece)
            # else a one-word label after a name: its place or outlet ("Ann Lee, Lille")
    return out


def _without_role(name: str) -> str:
    """A name without the job title printed after it ("Ann Lee, Political Editor" was split
    before; "Ann Lee Senior Correspondent", "신현주 기자"); "" when the name is a job title only.
    A staff credit ("Harbour Post staff reporter") is kept whole."""
    words = _author_words()
    match = _FOR_IN_RE.match(name)
    if match and all(w[:1].isupper() for w in match.group(1).split()):
        name = match.group(1)
    tokens = name.split()
    folded = [" ".join(_words(t)) for t in tokens]
    if any(f in words["staff_words"] for f in folded):
        return name
    cut = len(tokens)
    while cut and folded[cut - 1] in words["role_nouns"] + words["role_words"]:
        cut -= 1
    if cut == len(tokens) or not any(f in words["role_nouns"] for f in folded[cut:]):
        return name
    if cut == 0:
        return ""
    rest = tokens[:cut]
    # a name of one word is left only in a script that writes names without spaces
    return " ".join(rest) if len(rest) >= 2 or not rest[0].isascii() else name


# a surname run into the next word of the byline, a common word: "Isabel KeaneJournal New"
_GLUED_RE = re.compile(r"\b([A-Z][a-z]{3,})([A-Z][a-z]+)\b")


def _unglued(name: str) -> str:
    """A name the page's byline ran into its next words ("Isabel Keane / Journal News" printed
    "Isabel KeaneJournal New"), cut where a common word is glued on; "McDonald", "VanderMeer"
    stay (too short a start, or no common word glued on)."""
    from .enrich._knowledge import is_common_word

    for match in _GLUED_RE.finditer(name):
        if match.start() > 0 and is_common_word(match.group(2)):
            return name[: match.end(1)]
    return name


def _name_form(text: str) -> str:
    """A slug, handle or profile URL as a name key: "sophie-foster", "/author/sophie-foster/",
    "@sophiefoster" -> "sophiefoster"."""
    text = text.strip().rstrip("/")
    text = text.rsplit("/", 1)[-1]
    return _key(text.lstrip("@"))


def _not_a_person(name: str, sites: set[str]) -> bool:
    words = _author_words()
    key = _key(name)
    if not key or _URL_RE.search(name) or _HANDLE_RE.match(name):
        return True
    if _is_site(name, sites):
        return True
    folded = " ".join(_words(name))
    if folded in words["not_people"] or any(w in words["not_people_words"] for w in _words(name)):
        return True
    if ends_in_legal_form(name):
        return True  # a company: "Condé Nast Publications Ltd"
    if folded in _media_companies():
        return True  # a publisher's parent company
    return any(c.isdigit() for c in name)


def ld_authors(article: dict[str, Any] | None) -> list[str]:
    """The people the article's own JSON-LD object names as its authors (`author` of type
    `Person`), in order; organisations and bare strings are left to the bylines."""
    if not article:
        return []
    authors = article.get("author")
    authors = authors if isinstance(authors, list) else [authors]
    return [
        _spaces(a["name"])
        for a in authors
        if isinstance(a, dict)
        and "person" in str(a.get("@type", "")).casefold()
        and isinstance(a.get("name"), str)
        and a["name"].strip()
    ]


# links to an author's page: "/author/max-kolter", "/autoren/name/max-kolter", "/profile/..."
_AUTHOR_LINK_RE = re.compile(
    r"/(?:authors?|autor(?:en|in)?|auteurs?|autores?|profiles?|journalists?|contributors?"
    r"|writers?|reporters?)/",
    re.I,
)
_AUTHOR_LINK_MAX_WORDS = 5


def _looks_named(text: str) -> bool:
    """A few words, the first and the last capitalised: "Dr. Max Kolter", not "Actu people"."""
    words = _spaces(text).split()
    return (
        2 <= len(words) <= _AUTHOR_LINK_MAX_WORDS
        and words[0][0].isupper()
        and (words[-1][0].isupper())
    )


def _account_slug(href: str) -> bool:
    """A link to the author page of one of the site's own accounts ("/author/admin/"), not a
    person's."""
    if not _AUTHOR_LINK_RE.search(href):
        return False
    slug = href.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return slug.replace("-", " ").replace("_", " ").casefold() in _author_words()["not_people"]


def _full_name(name: str) -> bool:
    """Words that could be a person's full name, the last no initial: "Jordan James", not
    "Ilanga D" (a site's name, a desk or a staff credit is told apart by `clean_authors`)."""
    words = _spaces(name).split()
    return (
        len(words) >= 2
        and all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words)
        and len(words[-1]) >= 2
    )


def site_accounts(tree: HtmlElement | None) -> set[str]:
    """The names the page shows for the site's own accounts (a CMS's "admin" user displayed as
    "Ilanga D"): the text of links to such an account's author page, and the names of JSON-LD
    objects whose `url` or `@id` is one. A byline with such a name credits nobody, unless the
    name is a person's full name (an editor who posts as "admin" under their own name)."""
    if tree is None:
        return set()
    names = {a.text_content() for a in tree.iter("a") if _account_slug(a.get("href") or "")}
    stack: list[Any] = json_ld(tree)
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack += node
        elif isinstance(node, dict):
            link = node.get("url") or node.get("@id")
            if isinstance(link, str) and isinstance(node.get("name"), str) and _account_slug(link):
                names.add(node["name"])
            stack += [v for v in node.values() if isinstance(v, list | dict)]
    return {_key(name) for name in names if not _full_name(name)} - {""}


def linked_bylines(tree: HtmlElement | None) -> list[str]:
    """The names in the first group of links to author pages (the byline under the headline),
    for a page whose meta tags and JSON-LD name nobody: the links that share a parent with
    the first one, each a few words long."""
    if tree is None:
        return []
    links = [
        a
        for a in tree.iter("a")
        if _AUTHOR_LINK_RE.search(a.get("href") or "") and _looks_named(a.text_content())
    ]
    if not links:
        return []
    parent = links[0].getparent()
    return [_spaces(a.text_content()) for a in links if a.getparent() is parent]


def labelled_bylines(tree: HtmlElement | None) -> list[str]:
    """The name set after a byline label of its own ("<strong>Author</strong> Ann Lee",
    "<dt>Autorin/Autor</dt><dd>Ann Lee</dd>"), for a page whose meta tags, JSON-LD and author
    links name nobody: the first such label whose next text looks like a name."""
    if tree is None:
        return []
    for element in tree.iter():
        if not isinstance(element.tag, str) or len(element):
            continue
        if not _LABEL_ALONE_RE.match(_spaces(element.text or "")):
            continue
        if _looks_named(name := _text_after(element)):
            return [name]
    return []


def _text_after(element: HtmlElement) -> str:
    """The first text that follows `element` in the page, its descendants passed over: its
    tail, else the first text of the next element, climbing out of its parents while they end
    ("<p><strong>By</strong></p><div><p>Todd Bates</p></div>": "Todd Bates")."""
    node: HtmlElement | None = element
    for _ in range(4):  # a label's name is near it, not in the next section
        if node is None:
            break
        if tail := _spaces(node.tail or ""):
            return tail
        following = node.getnext()
        if following is not None:
            return next((t for t in map(_spaces, following.itertext()) if t), "")
        node = node.getparent()
    return ""


def classed_bylines(tree: HtmlElement | None) -> list[str]:
    """The name a "By" line opens with, in the first element whose class says it is the byline
    (`<span class="plainByline">By ANDREW DALTON<br>AP Entertainment Writer</span>`), for a page
    whose meta tags, JSON-LD, author links and labels name nobody. Only the line's first text
    is read: the lines after it give the person's job or outlet."""
    if tree is None:
        return []
    for element in tree.iter():
        if not isinstance(element.tag, str) or "byline" not in (element.get("class") or "").lower():
            continue
        first = next((t for t in (_spaces(t) for t in element.itertext()) if t), "")
        if _BY_RE.match(first) and _looks_named(name := _BY_RE.sub("", first).strip(" ,;")):
            return [name]
    return []


# meta tags that name the article's authors, one or several times
_AUTHOR_META = ("author", "article:author", "dc.creator", "citation_author", "byl")
_INVERTED_RE = re.compile(
    r"^\s*([^\W\d][\w'’.-]*(?: [^\W\d][\w'’.-]*)?),\s*([^\W\d][\w'’.-]*(?: [^\W\d][\w'’.-]*)?)\s*$"
)


def rejoin_inverted(pieces: Sequence[str], tree: HtmlElement | None) -> list[str]:
    """trafilatura's author list with the names it cut in two put back: a meta tag that writes
    a name surname first ("Castelvecchi, Davide") comes out of it as two authors,
    "Castelvecchi" and "Davide"; they are one, "Davide Castelvecchi"."""
    pieces = [p.strip() for p in pieces if p.strip()]
    if tree is None or len(pieces) < 2:
        return pieces
    whole: dict[tuple[str, str], str] = {}
    for content in _author_metas(tree):
        if match := _INVERTED_RE.match(_spaces(content)):
            surname, given = match.groups()
            whole[(_key(surname), _key(given))] = f"{given} {surname}"
    if not whole:
        return pieces
    out: list[str] = []
    index = 0
    while index < len(pieces):
        pair = tuple(_key(p) for p in pieces[index : index + 2])
        if len(pair) == 2 and pair in whole:
            out.append(whole[pair])
            index += 2
        else:
            out.append(pieces[index])
            index += 1
    return out


def _author_metas(tree: HtmlElement | None) -> list[str]:
    """The contents of the page's author meta tags."""
    if tree is None:
        return []
    return [
        meta.get("content") or ""
        for meta in tree.xpath("//meta[@name or @property]")
        if (meta.get("name") or meta.get("property") or "").lower() in _AUTHOR_META
    ]


def as_printed(
    names: Sequence[str], tree: HtmlElement | None, bylines: Sequence[str] = ()
) -> list[str]:
    """trafilatura's author names as the page prints them: it turns a name's dots into spaces
    ("Hayley J. Fowler" -> "Hayley J Fowler", "T.J. Holmes" -> "T J Holmes"), and reads on into
    the byline's next line ("By ANN LEE<br>Harbour Post Writer" -> "ANN LEE Harbour Post").
    Where an author meta tag or a byline of the page (`bylines`) gives a name of the same
    letters, or one of two words or more that the name starts with, its form is the name."""
    texts = [*bylines, *_author_metas(tree)]

    def letters(name: str) -> str:  # in their case: "JANE DOE" is no printed form of Jane Doe
        return re.sub(r"\W", "", name)

    printed: dict[str, str] = {}
    for text in texts:
        for part in _split_byline(text):
            printed.setdefault(letters(part), part)

    def form(name: str) -> str:
        if (same := printed.get(letters(name))) is not None:
            return same
        words = name.split()
        starts = [p for p in printed.values() if 2 <= len(p.split()) < len(words)]
        return next((p for p in starts if words[: len(p.split())] == p.split()), name)

    return [form(name) for name in names]


# "By Ann Lee" alone on one of the body's first lines
_BODY_BYLINE_RE = re.compile(r"^(?:written\s+)?by\s+(?P<names>\S[^\n]{2,80})$", re.I)
# a closing credit's parts: "(Reporting by Ann Lee in Prague; Editing by Bob Ray)"
_CREDIT_PART_RE = re.compile(r"^\W*(?P<role>[a-z]+(?:\s+[a-z]+)?)\s+by\s+(?P<names>[^()]+)", re.I)
_WRITERS = ("reporting", "writing", "reported", "written")
# a broadcaster's sign-off: "Max Lee, KBS World Radio News.", "Ann Lee, Harbour Radio, Dover."
_SIGN_OFF_RE = re.compile(
    r"^(?P<name>[^\W\d][\w.'’-]*(?: [^\W\d][\w.'’-]*){1,3}), (?P<outlet>[^,.]{2,60})"
    r"(?:, [^,.]{2,40})?\.?$"
)


def body_bylines(body: str, sites: set[str]) -> list[str]:
    """The people the text itself credits, for a page whose markup names nobody: a "By Ann Lee"
    line among the body's first two, else a broadcaster's sign-off naming the site among its
    last five lines ("Max Lee, KBS World Radio News."), else, on a wire agency's own site, the
    reporters and writers of its closing credit (`_wire_credit`)."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    opening = [m["names"] for line in lines[:2] if (m := _BODY_BYLINE_RE.match(line))][:1]
    signed = [  # a date or a cookie notice may follow the sign-off
        m["name"]
        for line in lines[-5:]
        if (m := _SIGN_OFF_RE.match(line)) and _is_site(m["outlet"], sites)
    ][:1]
    for found in (opening, signed, _wire_credit(lines[-3:], sites)):
        if names := [n for text in found for n in _split_byline(text) if _looks_named(n)]:
            return names
    return []


def _wire_credit(lines: Sequence[str], sites: set[str]) -> list[str]:
    """The reporters and writers of a wire's closing credit on the wire's own site ("Reporting
    by Jason Hovet; Editing by Mark Potter": not the editors, nor "additional reporting"). On
    another outlet's page that credit names the wire's reporters, not the page's byline: the
    wire goes in `wire_agency`."""
    from .enrich._sources import agency_named

    if not any(agency_named(site) for site in sites):
        return []
    return [
        match["names"]
        for line in lines
        for part in line.split(";")
        if (match := _CREDIT_PART_RE.match(part.strip())) and match["role"].casefold() in _WRITERS
    ]


def completed(names: Sequence[str], bylines: Sequence[str]) -> list[str]:
    """A one-word name (JSON-LD's "author": {"name": "Todd"}) as the page's byline prints it in
    full ("By Todd Bates"): the byline name of two words or more that starts with it."""
    full = [part for text in bylines for part in _split_byline(text) if len(part.split()) >= 2]

    def whole(name: str) -> str:
        if len(name.split()) != 1:
            return name
        return next((f for f in full if _key(f.split()[0]) == _key(name)), name)

    return [whole(name) for name in names]


def byline_agency(tree: HtmlElement | None, *bylines: Sequence[str]) -> str | None:
    """The wire agency the first byline naming one credits, in `bylines` or the page's author
    meta tags ("Colleen Barry, The Associated Press" -> "AP"): it goes in `wire_agency`, not
    among the authors."""
    from .enrich._sources import agency_named

    for byline in (*bylines, _author_metas(tree)):
        for item in byline:
            for part in _split_byline(item):
                if agency := agency_named(part):
                    return agency
    return None


def clean_authors(raw: Sequence[str], sites: set[str], accounts: Iterable[str] = ()) -> list[str]:
    """People named in the bylines, one form each, in order (see the module docstring);
    `accounts` are the site's own accounts' names (`site_accounts`). A wire agency is no
    author (`byline_agency`)."""
    from .enrich._sources import agency_named

    accounts = set(accounts)
    names: list[str] = []
    for item in raw:
        if " ".join(_words(item)) in _media_companies():
            continue  # "Daily Mail and General Trust" is no two people
        names += [name for part in _split_byline(item) if (name := _unglued(_without_role(part)))]
    # slugs, handles and URLs of a person named in full elsewhere are that person
    full = [n for n in names if not _SLUG_RE.match(n) and not _URL_RE.search(n) and " " in n]
    full_keys = {_key(n) for n in full}
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        form = _name_form(name)
        if form in full_keys and _key(name) not in full_keys:
            continue  # the slug/handle/URL form of a full name given too
        if _SLUG_RE.match(name) and "-" in name:
            name = " ".join(p.capitalize() for p in name.split("-"))
        if _not_a_person(name, sites) or _key(name) in accounts or agency_named(name):
            continue
        key = _key(name)
        if key in seen:
            continue
        # a single word that is a part of a full name given too: a split name
        if " " not in name and any(name.casefold() in _words(f) for f in full if f != name):
            continue
        seen.add(key)
        out.append(name)
    return out
