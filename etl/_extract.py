"""Extraction: article HTML in, an `Article` with clean text and metadata out (trafilatura).

trafilatura (fast mode, no comments) does the work; around it, three cheap steps fix the failure
classes measured on the article-extraction benchmark:

1. Before extraction, the parsed page is pruned of blocks that are boilerplate by their markup:
   "related"/"most read"/"latest news" boxes, newsletter and subscription boxes, hover cards on
   linked names, captions, ad slots, paragraphs and lists that are nothing but links. A block
   that holds long paragraphs is kept whatever its class says. Embedded tweets are unwrapped
   from the widget containers that trafilatura drops whole, and an article body split into
   several containers of the same class (between ad rails) is joined: trafilatura keeps the
   first container only.
2. When the result does not look like an article (a navigation dump of short lines, or one huge
   block of a table layout), readability's reading of the page is taken instead.
3. After extraction, lines that are boilerplate by their words are dropped: the headline and
   the standfirst repeated at the top, "Read more:"/"Related:" links and their lists, newsletter
   and app promotions, "Follow us on", reporter contact lines, timestamps and reading times at
   the top or bottom, a closing copyright line naming the site itself, labels left where an ad
   was ("Advertisement"), affiliate disclosures. Embedded social posts stay: the benchmark's
   bodies keep them. Credit and provenance lines ("Reporting by ...", "(c) Reuters", "This
   article was originally published on ...") are always kept: later stages read them.

The standfirst the page shows between its headline and its body is read from the unpruned page
into a field of its own (`_standfirst.py`); the body does not take it in.

No rule is keyed on a site. Metadata comes from the unpruned page, exactly as
`bare_extraction(fast=True, with_metadata=True)` finds it.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib.metadata import version
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ._article import Article, article_id
from ._articleness import short_article, stub_reason
from ._bylines import (
    as_printed,
    body_bylines,
    byline_agency,
    classed_bylines,
    clean_authors,
    completed,
    labelled_bylines,
    ld_authors,
    linked_bylines,
    rejoin_inverted,
    site_accounts,
)
from ._dates import article_dates, article_object
from ._errors import DropArticle
from ._headline import headline
from ._language import detect_language, page_language
from ._metadata import (
    page_organisations,
    site_keys,
)
from ._script_body import script_body
from ._standfirst import find_standfirst

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# below this a page is a stub (paywall, index page) unless it shows it is an article
# (see _articleness.py: a wire brief of two lines is news)
MIN_BODY_CHARS = 200


@cache
def _versions() -> dict[str, str]:
    return {"method": "trafilatura-fast+clean", "trafilatura": version("trafilatura")}


def canonical_url(url: str) -> str:
    """Lower-case host, no fragment, no tracking parameters: the form ids are derived from."""
    import courlan

    try:
        return courlan.normalize_url(url, strict=True)
    except ValueError:
        return url


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def domain_of(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return None
    return host.removeprefix("www.")


def _terms(value: str | list[str] | None) -> list[str]:
    """Categories and tags come as a list or a comma-separated string: flatten both."""
    items = value if isinstance(value, list) else [value or ""]
    return [t.strip() for item in items for t in item.split(",") if t.strip()]


# --- 1. pruning the page before extraction -------------------------------------------------------

# class/id tokens of blocks that are never the article (trafilatura's own list already covers
# navigation, footers, share bars, comments, bylines and most "related" boxes). Matched on the
# lower-cased attribute: a case-insensitive alternation is five times slower.
_BOILERPLATE_RE = re.compile(
    r"latest-?news|most-?(?:read|viewed|popular|shared|commented)|mostread|trending|popular-"
    r"|read-?more|readmore|more-?(?:stories|news|articles|from)|also-?read|you-?may-?like"
    r"|recommend|related|newsletter|subscri(?:be|ption)|sign-?up|promo(?:-|$|\s)"
    r"|rollover|tooltip|popover|hovercard|caption|advert|ad-?slot|adunit|gpt-ad|dfp-"
    r"|sponsor|outbrain|taboola"
)
_PRUNABLE_TAGS = frozenset(
    "div section aside ul ol li p span figure figcaption dl table h2 h3 h4".split()
)
_ATTRIBUTES_XPATH = "//@class|//@id"
# A block named as the author's biography: never the article, however long its paragraphs.
_BIO_RE = re.compile(r"author[-_]*bio|about[-_]?the[-_]?author")
_BIO_MAX_CHARS = 1500
# A paragraph that is one link and nothing else, of headline length: a "related" link.
_LINK_PARAGRAPH_XPATH = (
    "//p[count(.//a) = 1][normalize-space(.) = normalize-space(.//a)]"
    "[string-length(normalize-space(.)) > 15]"
)
# A list whose every item is one link and nothing else: "related stories", "more from", tables
# of contents. Lists of a few words per link are menus, which trafilatura already drops.
_LINK_LIST_XPATH = (
    "//ul[li][not(li[not(count(.//a) = 1 and normalize-space(.) = normalize-space(.//a))])]"
    "|//ol[li][not(li[not(count(.//a) = 1 and normalize-space(.) = normalize-space(.//a))])]"
)
# Embedded posts: trafilatura drops their widget containers ("embed", "social") whole.
_EMBED_XPATH = (
    "//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'twitter-video')"
    " or contains(@class, 'instagram-media')]"
)
# A block holding this much text in long paragraphs is an article, whatever its class says
# ("entry-content-read-more").
_GUARD_PARAGRAPH = 120
_GUARD_TEXT = 400


def _norm(text: str) -> str:
    """Comparison key for titles: lower-case words only."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _is_title(text: str, title_key: str) -> bool:
    key = _norm(text)
    if not key or not title_key:
        return False
    if key == title_key:
        return True
    # "Headline | Site" in <title>, or a headline shortened on the page
    shorter, longer = sorted((key, title_key), key=len)
    return len(shorter) >= 20 and longer.startswith(shorter) and len(shorter) >= 0.6 * len(longer)


def _remove(element: HtmlElement) -> None:
    """Delete an element, keeping its tail text."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    parent.remove(element)


def _unwrap_embeds(tree: HtmlElement) -> None:
    """Lift embedded tweets out of their widget wrappers so that their text is kept."""
    for quote in tree.xpath(_EMBED_XPATH):
        quote.attrib.pop("class", None)
        wrapper = quote
        parent = wrapper.getparent()
        # climb the wrappers that hold nothing but the embed (and its script)
        while (
            parent is not None
            and parent.tag in ("div", "figure", "section", "aside", "span")
            and all(c is wrapper or c.tag in ("script", "noscript") for c in parent)
            and not (parent.text or "").strip()
        ):
            wrapper, parent = parent, parent.getparent()
        if wrapper is not quote and parent is not None:
            quote.tail = wrapper.tail
            parent.replace(wrapper, quote)


def _same_headline(text: str, title_key: str) -> bool:
    """The page's headline may be a longer or shorter wording of the <title>."""
    words, title_words = set(_norm(text).split()), set(title_key.split())
    if len(words) < 3 or len(title_words) < 3:
        return _is_title(text, title_key)
    return len(words & title_words) >= 0.7 * min(len(words), len(title_words))


def headline_keys(tree: HtmlElement, title: str | None) -> set[str]:
    """Comparison keys of the page's headline (an <h1> worded like the <title>) and of the
    standfirst headings set under it in the article header: lines to drop from the top of the
    body. The page is not changed: without its <h1>, trafilatura may pick another container."""
    if not title:
        return set()
    title_key = _norm(title)
    keys = {title_key}
    for heading in tree.iter("h1"):
        text = heading.text_content()
        if not _same_headline(text, title_key):
            continue
        keys.add(_norm(text))
        parent = heading.getparent()
        if parent is not None and (
            parent.tag == "header" or "head" in (parent.get("class") or "").lower()
        ):
            keys.update(_norm(h.text_content()) for h in parent.iterchildren("h2", "h3", "h4"))
    keys.discard("")
    return keys


# Classes that name an article body container, as trafilatura's own body selectors do.
_CHUNK_CLASS_RE = re.compile(
    r"(?:article|story|entry|post)[-_]*(?:body|content|text)|articlebody|body[-_]*text"
)
_NOT_CHUNK_CLASS_RE = re.compile(r"comment|reply|related|teaser|card|promo|quote|tweet")


def _long_text(element: HtmlElement) -> int:
    return sum(
        length
        for p in element.iterchildren("p")
        if (length := len(p.text_content())) >= _GUARD_PARAGRAPH
    )


def merge_split_body(tree: HtmlElement) -> bool:
    """Join an article body that the page splits into several containers of the same class
    (between ads or sign-up boxes): trafilatura would keep only the first. Returns whether
    something was merged."""
    groups: dict[tuple[str, str], list[HtmlElement]] = {}
    for parent in dict.fromkeys(p.getparent() for p in tree.iter("p")):
        if parent is None or parent.tag not in ("div", "section", "article"):
            continue
        cls = (parent.get("class") or "").lower()
        if _CHUNK_CLASS_RE.search(cls) and not _NOT_CHUNK_CLASS_RE.search(cls):
            groups.setdefault((parent.tag, cls), []).append(parent)
    merged = False
    for chunks in groups.values():
        chunks = [c for c in chunks if _long_text(c) >= _GUARD_TEXT]
        if len(chunks) < 2:
            continue
        first = chunks[0]
        if any(a in chunks for c in chunks for a in c.iterancestors()):
            continue  # nested: not chunks of one text
        if len({c.getparent() for c in chunks}) < len(chunks):
            continue  # siblings: trafilatura takes their parent whole
        for chunk in chunks[1:]:
            for child in list(chunk):
                first.append(child)
            _remove(chunk)
        merged = True
    return merged


def _holds_article(element: HtmlElement) -> bool:
    long_text = 0
    for paragraph in element.iter("p"):
        length = len(paragraph.text_content())
        if length >= _GUARD_PARAGRAPH:
            long_text += length
            if long_text >= _GUARD_TEXT:
                return True
    return False


def prune_boilerplate(tree: HtmlElement) -> int:
    """Remove boilerplate blocks from a parsed page in place; returns how many were removed.

    Blocks are matched by their markup (class and id tokens in `_BOILERPLATE_RE`, captions,
    paragraphs that are one link), never by site. A matched block that holds long paragraphs
    is kept: a page whose article container is called "entry-content-read-more" keeps its article.
    """
    _unwrap_embeds(tree)
    merge_split_body(tree)
    found = [
        attribute.getparent()
        for attribute in tree.xpath(_ATTRIBUTES_XPATH)
        if _BOILERPLATE_RE.search(attribute.lower())
    ]
    found += tree.xpath("//figcaption")
    found += tree.xpath(_LINK_PARAGRAPH_XPATH)
    # a list whose every item is one link: its text, however long, is teasers of other pages;
    # an author's biography is not the article either
    unguarded = set(tree.xpath(_LINK_LIST_XPATH))
    unguarded.update(
        attribute.getparent()
        for attribute in tree.xpath(_ATTRIBUTES_XPATH)
        if _BIO_RE.search(attribute.lower())
        and len(attribute.getparent().text_content()) <= _BIO_MAX_CHARS
    )
    found += unguarded
    matched = {element for element in found if element.tag in _PRUNABLE_TAGS}
    removed = 0
    for element in dict.fromkeys(found):
        if element not in matched or any(a in matched for a in element.iterancestors()):
            continue  # not prunable, or its ancestor goes
        if (element not in unguarded and _holds_article(element)) or (
            element.tag == "p" and _KEEP_RE.search(element.text_content())
        ):
            matched.discard(element)  # an article, or a credit line later stages read
            continue
        _remove(element)
        removed += 1
    return removed


# --- 2. a second opinion when the result does not look like an article ---------------------------


def _looks_broken(text: str) -> bool:
    """A navigation dump (mostly short lines) or one block of a whole table layout."""
    lines = [line for line in text.split("\n") if line.strip()]
    total = sum(len(line) for line in lines)
    if not total:
        return False
    long_chars = sum(len(line) for line in lines if len(line) >= 80)
    if len(lines) >= 30 and long_chars < 0.3 * total:
        return True
    return len(lines) <= 2 and total > 2000


ARCHIVE_MIN_DATE = "1900-01-01"  # htmldate ignores dates before 1995 unless told: archives


def _date_params(options: Any) -> dict[str, Any]:
    return {**options.date_params, "min_date": ARCHIVE_MIN_DATE}


def _readability_text(tree: HtmlElement, url: str | None) -> str:
    import trafilatura
    from trafilatura.external import try_readability

    summary = try_readability(tree)
    if summary is None or not len(summary):
        return ""
    doc = trafilatura.bare_extraction(
        summary, url=url, fast=True, include_comments=False, include_tables=True
    )
    return (doc.text or "").strip() if doc is not None else ""


# --- 3. boilerplate lines after extraction --------------------------------------------------------

_KEEP_RE = re.compile(
    r"\b(?:reporting by|writing by|editing by|contributed to this report|originally (?:published|"
    r"appeared)|republished|provided by|associated press|reuters|agence france|\(AP\)|AFP\b|"
    r"PTI\b|IANS\b|Xinhua|Bloomberg)",
    re.I,
)
_RELATED_HEAD_RE = re.compile(
    r"^(?:related(?: (?:articles?|stories|posts?|content|coverage|links?|reading|news))?|"
    r"read more|read also|also read|see more|see also|more on this(?: story| topic)?|"
    r"you (?:may|might) also (?:like|enjoy)|recommended(?: for you| reading| stories)?|"
    r"most read(?: in [\w ]+)?|most popular|trending(?: now)?|further reading|more stories|"
    r"related post)\b\s*(?:[:.…|—–-]|$)",
    re.I,
)
# "More from <Site>" in the second half of a text: what follows are teasers of other stories.
_MORE_FROM_RE = re.compile(
    r"^(?:more (?:from|stories from|articles from|news from)|related (?:stories|articles|"
    r"coverage))\b[\w'’ .&-]{0,40}$",
    re.I,
)
# A picture's caption or credit line: "Photo: AFP", "Image: Jane Doe", "Pictured, from left, ..."
_CAPTION_RE = re.compile(
    r"^(?:(?:photo|image|picture|video|graphic|illustration)s?(?: credit)?\s*:.{0,60}$"
    r"|pictured\b)",
    re.I,
)
# A label standing alone on its line where an ad or a widget was: "Advertisement", "Article
# content", "Story continues below advertisement".
_LABEL_LINE_RE = re.compile(
    r"^(?:advertisement|advertising|sponsored|article content|story continues below"
    r"(?: advertisement)?|continue reading below|scroll to continue(?: with content)?)\s*$",
    re.I,
)
# An affiliate disclosure: "... may earn an affiliate commission from purchases made through links"
_AFFILIATE_RE = re.compile(
    r"\baffiliate\b.{0,80}\bcommission|\bcommission\b.{0,80}\baffiliate", re.I
)
# "Headline [INSIGHT]", "Headline [VIDEO]|": a link to another story, tagged by its kind.
_TAGGED_LINK_RE = re.compile(r"[^.\s]\s\[[A-Z]{4,}(?: [A-Z]+)?\]\s*\|?\s*$")
_PROMO_RE = re.compile(
    r"^(?:sign up\b|subscribe (?:to|now|today|for)\b"
    r"|get (?:the latest|our|the best)\b.*\b(?:inbox|newsletter)"
    r"|thanks for signing up|keep an eye on your inbox"
    r"|there was an error processing your subscription"
    r"|click here to (?:subscribe|sign up)|(?:click here to )?(?:get|download) (?:the|our) "
    r".{0,40}\bapp\b"
    r"|get access to\b|have a tip\?|tell us what you think"
    r"|follow (?:us|him|her|them|me)\b.{0,60}\b(?:on|at) (?:twitter|facebook|instagram|linkedin|@)"
    r"|follow (?:us|him|her) @|(?:email|contact|reach) .{0,60}\b(?:at \S+@\S+|on twitter)"
    r"|follow [\w'’]+ (?:full )?coverage\b|more [\w'’]+(?: [\w'’]+)?: https?://"
    r"|follow (?:[\w'’.]+ ){1,4}on google news\b"
    r"|you must (?:be logged in|log in|sign in|confirm your).{0,60}\bcomment"
    r"|please log ?out and then log ?in again"
    # the comment section's prompts: "Would you like to comment on this article?", "Please read
    # our Comment Policy before commenting.", "Comments are closed.", "Join the conversation"
    r"|would you like to comment\b|(?:please )?read our comment(?:ing)? (?:policy|guidelines)\b"
    r"|comments? (?:are|have been) (?:closed|disabled)\b|(?:leave|post|add) a comment\b"
    r"|join the (?:conversation|discussion)\s*[.!:]?$|(?:show|view|load) (?:all )?comments?\s*"
    r"(?:\(\d+\))?$)",
    re.I,
)
_NEWSLETTER_RE = re.compile(
    r"\b(?:sign up|subscribe)\b.{0,80}\bnewsletters?\b|\bnewsletters?\b.{0,80}\b(?:sign up|"
    r"subscribe|inbox)\b|\bdelivered (?:to|through|straight to|right to) your (?:inbox|letterbox|"
    r"door)",
    re.I,
)
_FOLLOW_RE = re.compile(
    r"\bfollow (?:us|him|her|them|me) (?:on (?:twitter|facebook|instagram|linkedin)|@)", re.I
)
_TAGS_HEAD_RE = re.compile(
    r"^(?:tags|tagged(?: with)?|topics|keywords|etiquetas|palavras-chave|schlagw[öo]rter)\s*:?$",
    re.I,
)
# A page's own publication line: "05/10/2018 - Publicado por: ... - Categoria: Saúde".
_POSTED_RE = re.compile(
    r"\b(?:publicado|postado|posted|published|publi[ée]|ver[öo]ffentlicht)\s+(?:por|by|em|on|"
    r"par|le|am|von)\b|\bcategor(?:ia|y|ie)\s*:",
    re.I,
)
_READING_TIME_RE = re.compile(
    r"^(?:\d+ min(?:ute)?s? read|(?:reading time|read time|tempo de leitura|temps de lecture|"
    r"lesezeit|tiempo de lectura)\b.{0,20})$",
    re.I,
)
_STAMP_RE = re.compile(r"\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
_UPDATED_RE = re.compile(r"^(?:updated|published|posted|last updated)\b.{0,40}\d", re.I)
_COPYRIGHT_RE = re.compile(r"^(?:copyright\b|©|ⓒ|\(c\))", re.I)
_COMMENT_POLICY_RE = re.compile(r"\bcoment[aá]rios?\b.*\bmodera|\bcomments?\b.*\bmoderat", re.I)
_BULLET_RE = re.compile(r"^[-•*] ")
# A breadcrumb trail opening the text, a list whose first item is the site's home page: "- Home",
# "- World", "- News", "- Russian Prime Minister Says ..".
_CRUMBS_MAX = 6
_CRUMBS_HOME_RE = re.compile(
    r"^[-•*›»]\s*(?:home(?:page)?|start(?:seite)?|inicio|accueil)\s*$", re.I
)


_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")


def _has_date(line: str) -> bool:
    return bool(_STAMP_RE.search(line) or _YEAR_RE.search(line))


def _is_stamp(line: str) -> bool:
    """A timestamp line ("05/10/2018", "segunda-feira, 22 de janeiro de 2018 às 0:13")."""
    if len(line) > 60 or not _has_date(line):
        return False
    tokens = re.findall(r"\w+", line)
    digits = sum(t.isdigit() for t in tokens)
    return bool(tokens) and digits >= 0.4 * len(tokens) and len(tokens) - digits <= 6


def _boilerplate(line: str, after: str, *, head: bool, tail: bool) -> str:
    """Why `line` is boilerplate ("" if it is not); `after` says what the previous line opened."""
    if after and _BULLET_RE.match(line):
        return after
    if (
        after
        and not line.endswith((".", "!", "?", "”", '"'))
        and ((after == "list" and len(line) < 100) or (after == "tags" and line.count(",") >= 2))
    ):
        return after
    if len(line) < 40 and _LABEL_LINE_RE.match(line):
        return "label"
    if len(line) < 400 and "affiliate" in line.lower() and _AFFILIATE_RE.search(line):
        return "promo"
    if _RELATED_HEAD_RE.match(line):
        return "list" if len(line) < 40 else "bullets"
    if _TAGS_HEAD_RE.match(line):
        return "tags"
    if len(line) < 400:
        low = line.lower()  # substring tests first: the patterns are slow on long lines
        tagged = _TAGGED_LINK_RE.search(line) if line.rstrip(" |").endswith("]") else None
        if (
            (tagged is not None and 10 <= tagged.start() < 200)
            or _PROMO_RE.match(line)
            or (("newsletter" in low or "delivered" in low) and _NEWSLETTER_RE.search(line))
            or ("modera" in low and _COMMENT_POLICY_RE.search(line))
            or (tail and "follow" in low and _FOLLOW_RE.search(line))
        ):
            return "promo"
    if (
        (head or tail)
        and len(line) < 60
        and (_READING_TIME_RE.match(line) or _is_stamp(line) or _UPDATED_RE.match(line))
    ):
        return "stamp"
    if head and len(line) < 250 and _POSTED_RE.search(line) and _has_date(line):
        return "stamp"
    return ""


def clean_lines(
    text: str,
    *,
    title: str | None = None,
    headlines: set[str] | frozenset[str] = frozenset(),
    site_names: tuple[str, ...] = (),
) -> str:
    """Drop boilerplate lines from an extracted body; credit and provenance lines stay.

    `headlines` are comparison keys (`headline_keys`) of headings to drop from the top;
    `site_names` are the site's own names, for copyright lines that name the site itself.
    """
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    title_key = _norm(title) if title else ""
    sites = [key for key in map(_norm, site_names) if len(key) >= 3]
    keep: list[str] = []
    # "list": after a bare "Related" header, "bullets": after a "Related: ..." link, "tags": after
    # a "Tags" header
    after = ""
    crumbs = 0  # the lines of a breadcrumb trail opening the text: the head starts after them
    if lines and _CRUMBS_HOME_RE.match(lines[0]):
        crumbs = next((i for i, line in enumerate(lines) if not _BULLET_RE.match(line)), len(lines))
        if crumbs > _CRUMBS_MAX or any(len(line) > 150 for line in lines[:crumbs]):
            crumbs = 0  # a long list after "Home" is the page's, not a trail
    last = len(lines) - 1
    for index, line in enumerate(lines):
        if index < crumbs:
            continue
        head, tail = index - crumbs < 3, index > last - 3
        if head and (_norm(line) in headlines or _is_title(line, title_key)):
            continue
        if index > last / 2 and _MORE_FROM_RE.match(line):
            break  # teasers of other stories follow
        if len(line) < 400 and _CAPTION_RE.match(line):
            continue  # a caption, or a picture's credit (not the text's)
        drop, after = _boilerplate(line, after, head=head, tail=tail), ""
        if drop in ("list", "bullets", "tags"):
            after = drop
        if not drop and tail and _COPYRIGHT_RE.match(line) and any(s in _norm(line) for s in sites):
            drop = "copyright"
        if drop and _KEEP_RE.search(line) and not _PROMO_RE.match(line):
            drop, after = "", ""  # a credit or provenance line: later stages read it
        if not drop:
            keep.append(line)
    return "\n".join(keep)


# --- extraction ----------------------------------------------------------------------------------


def _site_names(meta: dict[str, Any], url: str | None) -> tuple[str, ...]:
    names = [meta.get("sitename") or ""]
    domain = domain_of(url or meta.get("url"))
    if domain:
        names.append(domain.split(".")[0] if domain.count(".") <= 1 else domain.split(".")[-3])
        names.append(domain.rsplit(".", 1)[0])
    return tuple(n for n in names if n)


def _meta_title(tree: HtmlElement, title: str | None) -> str | None:
    """The meta title as the page writes it. trafilatura cuts the last "| ..." off a <title>
    (not off og:title), which leaves a section label stranded: "Headline - National" of
    "Headline - National | Globalnews.ca"; `headline` removes name and label together."""
    raw = " ".join((tree.findtext(".//title") or "").split())
    cut = raw[len(title) :] if title and raw.startswith(title) else ""
    return raw if re.fullmatch(r"\s*\|[^|]+", cut) else title


def _headline_statements(tree: HtmlElement, own: dict[str, Any] | None) -> list[str | None]:
    """What else the page says its headline is: `twitter:title`, the article's JSON-LD
    `headline` (the meta title trafilatura reads is `og:title` first), with the character
    references some pages leave in them ("&#8216;") resolved."""
    import html

    twitter = tree.xpath("//meta[@name='twitter:title' or @property='twitter:title']/@content")
    ld = own.get("headline") if own else None
    said = [twitter[0] if twitter else None, ld if isinstance(ld, str) else None]
    return [html.unescape(s) if s else None for s in said]


def extract(html: str | bytes, url: str | None, *, key: str | None = None) -> Article:
    """Extract one page. Raises `DropArticle` when the page holds no article text.

    The document id is derived from `key` if given, else the canonical URL, else the text.
    """
    import trafilatura
    from trafilatura.metadata import extract_metadata
    from trafilatura.settings import Extractor
    from trafilatura.utils import load_html

    options = Extractor(fast=True, with_metadata=True, url=url)
    tree = load_html(html, options.max_file_size)
    if tree is None:
        raise DropArticle("no article text found on the page")
    # the metadata bare_extraction(fast=True, with_metadata=True) finds, from the whole page
    try:
        meta = extract_metadata(tree, url, _date_params(options), True, set()).as_dict()
    except (TypeError, ValueError) as exc:  # where bare_extraction gives up on a page
        raise DropArticle("no article text found on the page") from exc
    page_url = url or meta.get("url")
    headlines = headline_keys(tree, meta.get("title"))
    sites = site_keys([meta.get("sitename") or "", *page_organisations(tree)], page_url)
    own = article_object(tree, page_url)
    title = headline(
        tree, _meta_title(tree, meta.get("title")), sites, _headline_statements(tree, own)
    )
    published, modified = article_dates(tree, page_url)
    # before pruning, which may take the byline's block
    links, labelled, classed = linked_bylines(tree), labelled_bylines(tree), classed_bylines(tree)
    accounts = site_accounts(tree)
    standfirst = find_standfirst(tree)
    prune_boilerplate(tree)  # the metadata is taken: the page may change now
    doc = trafilatura.bare_extraction(
        tree,
        url=page_url,
        fast=True,  # the fallback comparisons cost a third more time for no gain here
        include_comments=False,
        include_tables=True,
    )
    text = (doc.text or "").strip() if doc is not None else ""
    if _looks_broken(text):
        second = _readability_text(tree, page_url)
        if len(second) >= MIN_BODY_CHARS:
            text = second
    body = clean_lines(
        text, title=meta.get("title"), headlines=headlines, site_names=_site_names(meta, url)
    )
    if len(body) < MIN_BODY_CHARS:  # a page that ships its article in its scripts only
        second = script_body(load_html(html, options.max_file_size))
        if len(second) > len(body):
            body = clean_lines(second, title=meta.get("title"), headlines=headlines)
    if not body:
        raise DropArticle("no article text found on the page")
    # the people the article's JSON-LD names, else the bylines trafilatura found, as printed
    found = rejoin_inverted((meta.get("author") or "").split(";"), tree)
    printed = [*links, *labelled, *classed]
    bylines = completed(ld_authors(own), printed) or as_printed(found, tree, printed)
    authors = (
        clean_authors(bylines, sites, accounts)
        or clean_authors(links, sites, accounts)
        or clean_authors(labelled, sites, accounts)
        or clean_authors(classed, sites, accounts)
        or clean_authors(body_bylines(body, sites), sites, accounts)
    )
    if len(body) < MIN_BODY_CHARS:
        if stub := stub_reason(body):
            raise DropArticle(f"no article on the page: {stub}")
        if not short_article(tree, body, byline=bool(authors)):
            raise DropArticle(f"article text too short ({len(body)} characters)")
    url = canonical_url(page_url) if page_url else None
    tags = _terms(meta.get("categories")) + _terms(meta.get("tags"))
    return Article(
        id=article_id(key or url or body),
        url=url,
        title=title,
        standfirst=standfirst,
        body=body,
        publisher=(meta.get("sitename") or "").strip() or None,
        domain=domain_of(url),
        authors=authors,
        published_at=published or meta.get("date") or None,
        wire_agency=byline_agency(tree, bylines, links, labelled, classed),
        modified_at=modified,
        language=detect_language(body, declared=page_language(tree)),
        tags=list(dict.fromkeys(tags)),
        extraction=dict(_versions()),
        content_hash=content_hash(body),
    )


def from_text(text: str, *, key: str | None = None, url: str | None = None) -> Article:
    """An article from plain text (no extraction): for `enrich -` with `{"text": ...}`."""
    body = text.strip()
    if not body:
        raise DropArticle("empty text")
    url = canonical_url(url) if url else None
    return Article(
        id=article_id(key or url or body),
        url=url,
        body=body,
        domain=domain_of(url),
        language=detect_language(body),
        extraction={"method": "text"},
        content_hash=content_hash(body),
    )
