"""Stories: the copies of one story across outlets, grouped at ingest against the whole archive.

A body's fingerprint is a MinHash signature (rensa, measured ~50x faster than datasketch for
the same signature) of its word shingles plus its figures, weighted: that signature confirms a
match. A second signature, of the word shingles alone, is cut into LSH bands; each band's hash
is a keyword term in the index (`fingerprint.bands`). Finding the copies already archived is
one `terms` query over the band keys of a bulk chunk, whatever the archive's size, from any
process, with nothing kept in memory between runs. A candidate is confirmed when the
estimated containment of the shorter body in the longer (from the estimated Jaccard and the
shingle counts: a copy trimmed to its lead keeps most of its shingles) passes
`Params.containment`. Credit lines (syndicated from, wire agency) say how a copy is recognised
("text" or "both") and which copy is the original, never alone that two articles are one
story: `recognise` and `choose_original` are where credit lines and text agree.

Copies that match are one story. Its original is the copy from the outlet that the others
credit (the wire agency's or partner's own page), else the earliest published; the story is
named after the original's document id. When a copy joins, or an earlier-dated copy moves the
original, the story fields of the copies already indexed are rewritten by bulk partial updates;
writing the same state twice changes nothing.

Within one run, the articles of one chunk are matched against each other in memory, and the
index is refreshed after each chunk so that the next chunk's query sees them. Two processes
indexing copies of one story at the same moment may each start it (neither sees the other's
unrefreshed chunk); the next copy that arrives joins both into one.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

import numpy as np

from ._article import Article, Fingerprint, Story
from ._engine import BulkItem, Engine

log = logging.getLogger("newsarchive.stories")

_WORD = re.compile(r"\w+")
MAX_HITS = 10_000  # the engines' default result window: candidates or copies per query
SOURCE_FIELDS = [
    "id", "url", "publisher", "domain", "published_at", "wire_agency", "syndicated_from",
    "fingerprint.method", "fingerprint.minhash", "fingerprint.shingles", "fingerprint.bands",
    "story",
]  # fmt: skip


@dataclass(frozen=True)
class Params:
    """Fingerprint and matching parameters (tuned on the tuning half of `evaluation.stories`)."""

    shingle_words: int = 5
    num_perm: int = 192
    rows: int = 3  # per band: a pair with Jaccard J is a candidate with 1-(1-J^rows)^bands
    containment: float = 0.6  # estimated share of the shorter body's shingles in the longer's
    figure_weight: int = 2  # each figure ("3.482", "1987") also counts as this many shingles
    seed: int = 20_260_801

    @property
    def bands(self) -> int:
        return self.num_perm // self.rows

    @property
    def method(self) -> str:
        return (f"minhash2-k{self.shingle_words}-f{self.figure_weight}-p{self.num_perm}"
                f"-r{self.rows}-s{self.seed}")  # fmt: skip


DEFAULT = Params()


# --- fingerprints and similarity (pure) ---------------------------------------------------------
def shingles(text: str, k: int, figure_weight: int = 0) -> set[str]:
    """Word k-shingles, plus each figure `figure_weight` times: distinct reports written on
    one template (money-market assistance, quarterly results) share their words, not their
    figures, and a copy keeps the figures of the text it keeps."""
    words, figures = _shingles(text, k, figure_weight)
    return words | figures


def _shingles(text: str, k: int, figure_weight: int) -> tuple[set[str], set[str]]:
    words = _WORD.findall(text.casefold())
    if len(words) <= k:
        grams = {" ".join(words)} if words else set()
    else:
        grams = {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}
    figures = {
        f"#{n} {word}"
        for word in (words if figure_weight else ())
        if any(ch.isdigit() for ch in word)
        for n in range(figure_weight)
    }
    return grams, figures


def _minhash(grams: set[str], params: Params) -> np.ndarray:
    from rensa import RMinHash

    minhash = RMinHash(num_perm=params.num_perm, seed=params.seed)
    minhash.update(sorted(grams))
    return np.asarray(minhash.digest(), dtype=np.uint32)


def band_keys(sig: np.ndarray, params: Params = DEFAULT) -> list[str]:
    """One keyword per band: the band number and a hash of its rows (keyed by the method, so
    that signatures made with other parameters never collide)."""
    raw = sig.astype("<u4").tobytes()
    width = params.rows * 4
    key = params.method.encode()[:64]
    return [
        f"{b:02x}" + hashlib.blake2b(raw[b * width : (b + 1) * width], digest_size=8,
                                     key=key).hexdigest()
        for b in range(params.bands)
    ]  # fmt: skip


def fingerprint(text: str, params: Params = DEFAULT) -> Fingerprint:
    """The signature that confirms a match (word shingles and weighted figures) and the band
    keys that find candidates, from the word shingles alone: figures common to many reports
    ("1987", "10") would otherwise make bands collide across unrelated articles, and the
    candidates of a lookup grow with the archive."""
    words, figures = _shingles(text, params.shingle_words, params.figure_weight)
    sig = _minhash(words | figures, params)
    lsh = _minhash(words, params) if figures else sig
    packed = base64.b64encode(sig.astype("<u4").tobytes()).decode("ascii")
    return Fingerprint(params.method, packed, len(words | figures), band_keys(lsh, params))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of equal signature slots."""
    return float(np.count_nonzero(a == b)) / len(a)


def containment(j: float, size_a: int, size_b: int) -> float:
    """Estimated share of the smaller shingle set found in the larger: |A∩B| / min(|A|,|B|),
    from |A∩B| = J (|A| + |B|) / (1 + J)."""
    smaller = min(size_a, size_b)
    if smaller <= 0:
        return 0.0
    return min(1.0, j * (size_a + size_b) / ((1.0 + j) * smaller))


# --- copies and the decision --------------------------------------------------------------------
def outlet_key(name: str | None) -> str:
    """Comparison key of an outlet, as the sources stage compares them: "The NBC News" /
    "NBCNews.com" -> "nbcnews"."""
    from .enrich._sources import _key, _known_outlet

    return _key(_known_outlet(name)) if name else ""


@dataclass
class Copy:
    """One document of a story, as far as grouping needs it."""

    id: str
    url: str | None
    publisher: str | None
    domain: str | None
    published_at: str | None
    credits: frozenset[str]  # outlet keys its credit lines name (syndicated from, wire agency)
    method: str
    sig: np.ndarray
    size: int
    bands: list[str]
    story: dict[str, Any] | None = None  # as indexed (None for a new article)
    article: Article | None = None  # the new article, to fill in

    @classmethod
    def of_article(cls, article: Article) -> Copy:
        fp = article.fingerprint
        assert fp is not None
        return cls(
            article.id, article.url, article.publisher, article.domain, article.published_at,
            _credits(article.syndicated_from, article.wire_agency), fp.method,
            _unpack(fp.minhash), fp.shingles, list(fp.bands), article=article,
        )  # fmt: skip

    @classmethod
    def of_source(cls, src: dict[str, Any]) -> Copy | None:
        fp = src.get("fingerprint") or {}
        if not fp.get("minhash"):
            return None
        return cls(
            src["id"], src.get("url"), src.get("publisher"), src.get("domain"),
            src.get("published_at"), _credits(src.get("syndicated_from"), src.get("wire_agency")),
            fp.get("method", ""), _unpack(fp["minhash"]), int(fp.get("shingles") or 0),
            list(fp.get("bands") or ()), story=src.get("story"),
        )  # fmt: skip

    @cached_property
    def outlets(self) -> frozenset[str]:
        keys = {outlet_key(self.publisher), outlet_key(self.domain)}
        keys.discard("")
        return frozenset(keys)


def _credits(*names: str | None) -> frozenset[str]:
    keys = {outlet_key(n) for n in names}
    keys.discard("")
    return frozenset(keys)


def _unpack(packed: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(packed), dtype="<u4").astype(np.uint32)


def credited(a: Copy, b: Copy) -> bool:
    """A credit line of one names the other's outlet, or both credit the same origin."""
    return bool(a.credits & b.outlets or b.credits & a.outlets or a.credits & b.credits)


def recognise(a: Copy, b: Copy, params: Params = DEFAULT) -> str | None:
    """How `a` and `b` are known to be copies of one story: "both" (shared text, and a credit
    line of one names the other's outlet or both credit one origin), "text", or None.

    The one place where credit lines and text agree. A credit line alone never joins two
    articles: it names an outlet, not a story (every wire story credits the wire), and on
    the tuning half a lower bar for credited pairs merged distinct reports of one agency."""
    if a.method != b.method or not a.size or not b.size:
        return None
    share = containment(jaccard(a.sig, b.sig), a.size, b.size)
    if share < params.containment:
        return None
    return "both" if credited(a, b) else "text"


def _when(value: str | None) -> tuple[int, float]:
    """Sort key of a publication date: dated copies first, then by time (UTC)."""
    if not value:
        return (1, 0.0)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return (1, 0.0)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (0, moment.timestamp())


def choose_original(copies: Iterable[Copy]) -> Copy:
    """The copy from an outlet that the others credit, else the earliest published (ties: id)."""
    copies = list(copies)
    named = frozenset().union(*(c.credits for c in copies))
    origin = [c for c in copies if c.outlets & named]
    return min(origin or copies, key=lambda c: (_when(c.published_at), c.id))


def story_fields(copies: list[Copy], params: Params = DEFAULT) -> dict[str, Story]:
    """The story fields of each copy of one story, by document id."""
    original = choose_original(copies)
    out = {}
    for c in copies:
        if c is original:
            how = "credit" if c.credits - c.outlets else None
            similarity = 1.0
        else:
            # Joined through another copy when the text to the original alone falls short.
            how = "both" if credited(c, original) else "text"
            similarity = round(jaccard(c.sig, original.sig), 3)
        out[c.id] = Story(
            id=original.id, original=original.url or original.id, origin=original.publisher,
            similarity=similarity, recognised_by=how, copies=len(copies),
        )  # fmt: skip
    return out


class _Groups:
    """Union-find over document ids."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def join(self, c: Copy, by_band: dict[str, list[Copy]], params: Params) -> None:
        """Join `c` with every copy filed under one of its bands that it is recognised with,
        then file it under its bands."""
        self.find(c.id)
        seen: set[str] = set()
        for key in c.bands:
            for other in by_band.get(key, ()):
                if other.id not in seen:
                    seen.add(other.id)
                    if recognise(c, other, params):
                        self.union(c.id, other.id)
            by_band.setdefault(key, []).append(c)


def group(copies: list[Copy], params: Params = DEFAULT) -> list[list[Copy]]:
    """Copies in memory grouped into stories: connected components of recognised pairs among
    the pairs that share a band (what the index lookup finds). For evaluation and tests of the
    decision; indexing goes through `StoryLinker`."""
    groups = _Groups()
    by_band: dict[str, list[Copy]] = {}
    for c in copies:
        groups.join(c, by_band, params)
    out: dict[str, list[Copy]] = {}
    for c in copies:
        out.setdefault(groups.find(c.id), []).append(c)
    return list(out.values())


# --- at indexing time --------------------------------------------------------------------------
@dataclass
class StoryLinker:
    """Gives each chunk of articles its story, against the index and within the chunk.

    `link(articles)` sets `fingerprint` and `story` on each and returns the partial updates of
    documents already indexed whose story changed; `commit(updates)` applies them after the
    chunk is indexed and refreshes the index, so the next chunk sees it."""

    engine: Engine
    index: str
    params: Params = DEFAULT
    chunk_size: int = 200
    counts: Counter[str] = field(default_factory=Counter)  # new stories, copies

    def link(self, articles: list[Article]) -> list[dict[str, Any]]:
        fresh: dict[str, Copy] = {}  # by id: an input given twice is indexed once (the last)
        for article in articles:
            if article.body and article.body.strip():
                article.fingerprint = fingerprint(article.body, self.params)
                fresh[article.id] = Copy.of_article(article)
        new = list(fresh.values())
        if not new:
            return []
        known = self.candidates(new)
        groups = _Groups()
        by_band: dict[str, list[Copy]] = {}
        for c in known.values():
            if c.story:  # copies already in one story stay together
                groups.union(c.id, "story:" + c.story["id"])
            for key in c.bands:
                by_band.setdefault(key, []).append(c)
        for c in new:
            groups.join(c, by_band, self.params)
        # Whole stories: the copies the candidates' stories hold beyond the candidates.
        touched = {groups.find(c.id) for c in new}
        story_ids = {
            c.story["id"] for c in known.values() if c.story and groups.find(c.id) in touched
        }
        new_ids = {c.id for c in new}
        for c in self._members(story_ids, new_ids):
            known.setdefault(c.id, c)
            groups.union(c.id, "story:" + (c.story or {}).get("id", c.id))
        stories: dict[str, list[Copy]] = {}
        for c in [*known.values(), *new]:
            root = groups.find(c.id)
            if root in touched:
                stories.setdefault(root, []).append(c)
        updates = []
        for copies in stories.values():
            fields = story_fields(copies, self.params)
            existing = sum(1 for c in copies if c.article is None)
            if existing == 0:
                self.counts["new stories"] += 1
                self.counts["copies"] += len(copies) - 1
            else:
                self.counts["copies"] += len(copies) - existing
            for c in copies:
                story = fields[c.id]
                if c.article is not None:
                    c.article.story = story
                elif c.story != vars(story):
                    doc = {"story": vars(story)}
                    updates.append({"_op_type": "update", "_index": self.index, "_id": c.id,
                                    "doc": doc, "retry_on_conflict": 3})  # fmt: skip
        return updates

    def commit(self, updates: list[dict[str, Any]]) -> list[BulkItem]:
        """Apply the updates; return the engine's answers for those it applied."""
        applied = []
        for item in self.engine.bulk(updates, chunk_size=self.chunk_size):
            if not item.ok:  # e.g. deleted meanwhile: its story is rebuilt by the next copy
                log.warning("story update of %s refused: %s", item.id, item.error)
            else:
                applied.append(item)
        self.engine.refresh(self.index)
        return applied

    def candidates(self, new: list[Copy]) -> dict[str, Copy]:
        """The copies already indexed that share a band with one of `new`: one terms query."""
        keys = sorted({k for c in new for k in c.bands})
        query = {
            "bool": {
                "filter": [{"terms": {"fingerprint.bands": keys}}],
                "must_not": [{"ids": {"values": [c.id for c in new]}}],
            }
        }
        return self._fetch(query, "candidates")

    def _members(self, story_ids: set[str], skip: set[str]) -> list[Copy]:
        if not story_ids:
            return []
        query = {
            "bool": {
                "filter": [{"terms": {"story.id": sorted(story_ids)}}],
                "must_not": [{"ids": {"values": sorted(skip)}}],
            }
        }
        return list(self._fetch(query, "story copies").values())

    def _fetch(self, query: dict[str, Any], what: str) -> dict[str, Copy]:
        body = {"query": query, "size": MAX_HITS, "_source": SOURCE_FIELDS,
                "track_total_hits": MAX_HITS + 1}  # fmt: skip
        raw = self.engine.search(self.index, body)
        if raw["hits"]["total"]["value"] > MAX_HITS:
            log.warning("more than %d %s: only the first are compared", MAX_HITS, what)
        out = {}
        for hit in raw["hits"]["hits"]:
            c = Copy.of_source(hit["_source"])
            if c is not None and c.method == self.params.method:
                out[c.id] = c
        return out


def story_copies(engine: Engine, alias: str, story_or_doc_id: str) -> list[dict[str, Any]]:
    """Every copy of a story (given its id or any copy's document id), original first, then by
    date: id, url, title, publisher, published_at and the story fields."""
    fields = ["id", "url", "title", "publisher", "published_at", "story"]
    body = {"query": {"ids": {"values": [story_or_doc_id]}}, "_source": ["story.id"], "size": 1}
    hits = engine.search(alias, body)["hits"]["hits"]
    story_id = (hits[0]["_source"].get("story") or {}).get("id") if hits else None
    story_id = story_id or story_or_doc_id
    oldest_first = [{"published_at": {"order": "asc", "missing": "_last"}}, {"id": "asc"}]
    body = {"query": {"term": {"story.id": story_id}}, "_source": fields, "size": MAX_HITS,
            "sort": oldest_first}  # fmt: skip
    copies = [hit["_source"] for hit in engine.search(alias, body)["hits"]["hits"]]
    copies.sort(key=lambda c: c["id"] != story_id)  # the original first
    return copies
