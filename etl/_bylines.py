"""The article's authors as its byline prints them.

trafilatura reads the authors from bylines and meta tags, which mix people with slugs, profile
URLs, the publisher and its parent company. These small functions keep the people:

- `clean_authors`: one form per person (slug, URL and handle forms merged into the name),
  never the publisher, the site, a URL, a wire agency (`byline_agency` reads it for
  `wire_agency`) or a bare given name left over from a split name;
  "By A and B", "A, B" and "A | B" split into people; a job title printed after a name ("Ann
  Lee, Political Editor", "신현주 기자"), a one-word place or outlet after a comma ("Ann Lee,
  Lille") and a "for ..."/"in ..." tail are not part of it; a staff credit stays whole.
- `linked_bylines`, `labelled_bylines`, `classed_bylines`: for a page whose JSON-LD and meta
  tags name nobody, the byline linked to author pages, else the name set after a byline label
  of its own, else the "By" line of an element classed as the byline; `as_printed` gives
  trafilatura's names the form the page prints (the dots of initials); `body_bylines` reads
  the credit the text itself prints, where the markup names nobody.

Knowledge (words that are not names, job titles, staff-credit words, name suffixes) is in
`data/authors.json` beside this module, with its source.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._jsonld import json_ld
from ._legal_forms import ends_in_legal_form
from ._metadata import URL_RE, folded_words, is_site, spaces, text_key

if TYPE_CHECKING:
    from lxml.html import HtmlElement

DATA = Path(__file__).resolve().parent / "data"


@cache
def _author_words() -> dict[str, Any]:
    return json.loads((DATA / "authors.json").read_text("utf-8"))


@cache
def _media_companies() -> frozenset[str]:
    return frozenset(" ".join(folded_words(name)) for name in _author_words()["media_companies"])


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
    byline = _BY_RE.sub("", spaces(byline)).strip(" ,;")
    parts = [p.strip() for p in _AND_RE.split(byline) if p.strip()]
    staff = _author_words()["staff_words"]
    if len(parts) > 1 and not any(
        any(w[:1].isupper() for w in p.split()) and not set(folded_words(p)) & set(staff)
        for p in parts
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
            if text_key(piece) in suffixes and out:
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
    folded = [" ".join(folded_words(t)) for t in tokens]
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
    return text_key(text.lstrip("@"))


def _not_a_person(name: str, sites: set[str]) -> bool:
    words = _author_words()
    key = text_key(name)
    if not key or URL_RE.search(name) or _HANDLE_RE.match(name):
        return True
    if is_site(name, sites):
        return True
    folded = " ".join(folded_words(name))
    if folded in words["not_people"] or any(
        w in words["not_people_words"] for w in folded_words(name)
    ):
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
        spaces(a["name"])
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
    words = spaces(text).split()
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
    words = spaces(name).split()
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
    return {text_key(name) for name in names if not _full_name(name)} - {""}


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
    return [spaces(a.text_content()) for a in links if a.getparent() is parent]


def labelled_bylines(tree: HtmlElement | None) -> list[str]:
    """The name set after a byline label of its own ("<strong>Author</strong> Ann Lee",
    "<dt>Autorin/Autor</dt><dd>Ann Lee</dd>"), for a page whose meta tags, JSON-LD and author
    links name nobody: the first such label whose next text looks like a name."""
    if tree is None:
        return []
    for element in tree.iter():
        if not isinstance(element.tag, str) or len(element):
            continue
        if not _LABEL_ALONE_RE.match(spaces(element.text or "")):
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
        if tail := spaces(node.tail or ""):
            return tail
        following = node.getnext()
        if following is not None:
            return next((t for t in map(spaces, following.itertext()) if t), "")
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
        first = next((t for t in (spaces(t) for t in element.itertext()) if t), "")
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
        if match := _INVERTED_RE.match(spaces(content)):
            surname, given = match.groups()
            whole[(text_key(surname), text_key(given))] = f"{given} {surname}"
    if not whole:
        return pieces
    out: list[str] = []
    index = 0
    while index < len(pieces):
        pair = tuple(text_key(p) for p in pieces[index : index + 2])
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
    line among the body's first two, or a name in capitals alone on its first ("ANN LEE"),
    else a broadcaster's sign-off naming the site among its last five lines ("Max Lee, KBS
    World Radio News."), else, on a wire agency's own site, the reporters and writers of its
    closing credit (`_wire_credit`)."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    opening = [m["names"] for line in lines[:2] if (m := _BODY_BYLINE_RE.match(line))][:1]
    opening = opening or _capitals_byline(lines[0] if lines else "", body)
    signed = [  # a date or a cookie notice may follow the sign-off
        m["name"]
        for line in lines[-5:]
        if (m := _SIGN_OFF_RE.match(line)) and is_site(m["outlet"], sites)
    ][:1]
    for found in (opening, signed, _wire_credit(lines[-3:], sites)):
        if names := [n for text in found for n in _split_byline(text) if _looks_named(n)]:
            return names
    return []


_CAPITALS_NAME_RE = re.compile(
    r"[^\W\d_]{2,}(?:[-'’][^\W\d_]+)?(?: [^\W\d_]{2,}(?:[-'’][^\W\d_]+)?){1,2}"
)


def _capitals_byline(line: str, body: str) -> list[str]:
    """A name of two or three words in capitals alone on the body's first line ("MTHOBISI
    SITHOLE"): some papers print the byline so, as the text's first paragraph. Not a place, a
    known organisation, nor words of the language (a kicker: "MIDDLE EAST CRISIS"), unless
    the first is a given name ("JAMES BROWN"), nor a name the text goes on to write about (a
    kicker naming its subject)."""
    from .enrich._gazetteer import gazetteer, place_key
    from .enrich._knowledge import (
        is_common_word,
        is_given_name,
        is_known_organisation,
        known_city,
        known_region,
    )

    if not (line.isupper() and _CAPITALS_NAME_RE.fullmatch(line)):
        return []
    words = line.split()
    if (
        known_city(line)
        or known_region(line)
        or place_key(line) in gazetteer().countries
        or is_known_organisation(line)
        or (not is_given_name(words[0]) and any(is_common_word(w) for w in words))
    ):
        return []
    rest = body.split("\n", 1)[1] if "\n" in body else ""
    if re.search(rf"(?<!\w){re.escape(words[-1])}(?!\w)", rest, re.I):
        return []
    return [line]


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
        return next((f for f in full if text_key(f.split()[0]) == text_key(name)), name)

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
        if " ".join(folded_words(item)) in _media_companies():
            continue  # "Daily Mail and General Trust" is no two people
        names += [name for part in _split_byline(item) if (name := _unglued(_without_role(part)))]
    # slugs, handles and URLs of a person named in full elsewhere are that person
    full = [n for n in names if not _SLUG_RE.match(n) and not URL_RE.search(n) and " " in n]
    full_keys = {text_key(n) for n in full}
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        form = _name_form(name)
        if form in full_keys and text_key(name) not in full_keys:
            continue  # the slug/handle/URL form of a full name given too
        if _SLUG_RE.match(name) and "-" in name:
            name = " ".join(p.capitalize() for p in name.split("-"))
        if _not_a_person(name, sites) or text_key(name) in accounts or agency_named(name):
            continue
        key = text_key(name)
        if key in seen:
            continue
        # a single word that is a part of a full name given too: a split name
        if " " not in name and any(name.casefold() in folded_words(f) for f in full if f != name):
            continue
        seen.add(key)
        out.append(name)
    return out
