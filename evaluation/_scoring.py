"""How predictions are scored against the gold, article by article.

Names, mentions and places compare after normalisation (`name_key`, `mention_key`,
`place_key`), and a speaker by last name or token (`speakers_match`). Extracted text is scored
by the extraction benchmark's 4-word shingles; entities per document and type against the gold's
canonical names and their aliases; quotes one to one, by overlapping text and matching speaker.
The `*_figures` functions turn these per-article scores into a row's figures (see
`_figures.split_row`); the sections of `evaluation.run` and the other evaluation modules share
them, so that every data set is scored alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from etl.enrich._entity_mentions import place_alias
from etl.enrich._entity_words import LOCATION

from ._figures import Counts, Report, counts_figures, f1_of, split_row

# --- names and places ----------------------------------------------------------------------------

_STOP = frozenset(
    """the of and in on at for a an to de la le del der von van mr mrs ms dr sir president
    sen rep gov prime minister secretary chief spokesman spokeswoman spokesperson""".split()
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return " ".join(text.casefold().split())


def place_key(text: str | None) -> str | None:
    """Places compare without case, accents or periods: "ST. LOUIS" == "St Louis"."""
    if not text:
        return None
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().replace(".", " ").replace("-", " ").split()) or None


def name_key(text: str) -> str:
    """Entity names compare without case, periods, possessives or a leading "the"."""
    text = _fold(text).replace(".", "")
    text = re.sub(r"'s$", "", text)
    return re.sub(r"^the ", "", text).strip()


def mention_key(text: str) -> str:
    """Mentions compare without case or a possessive ("McDonald 's" == "McDonald")."""
    return re.sub(r"\s*'s$", "", _fold(text))


def _name_tokens(text: str) -> list[str]:
    return [t for t in re.findall(r"\w+", _fold(text)) if t not in _STOP]


def _country(name: str) -> str:
    """A country by its canonical name: the gold writes "Britain" as the story does, the
    project "United Kingdom" (the hand-labelled gold's own rule: "Countries are normalised")."""
    return place_alias(name, LOCATION) or name


def speakers_match(predicted: str | None, gold: str) -> bool:
    """Last-name/token overlap: "Barack Obama" matches "President Barack Obama", "Trump"
    matches "Donald Trump"; a country matches by any of its names ("Britain", "U.K.")."""
    if not predicted:
        return False
    predicted, gold = _country(predicted), _country(gold)
    pred, want = _name_tokens(predicted), _name_tokens(gold)
    if not pred or not want:
        return _fold(predicted) == _fold(gold)
    return pred[-1] in want or want[-1] in pred


def _count(counts: Counts, gold_key: str | None, pred_key: str | None) -> None:
    """One label against the gold's: right, or a wrong or missing one (or both)."""
    if gold_key and pred_key == gold_key:
        counts.tp += 1
        return
    if pred_key:
        counts.fp += 1
    if gold_key:
        counts.fn += 1


def score_place(counts: Counts, gold: str | None, predicted: str | None) -> None:
    _count(counts, place_key(gold), place_key(predicted))


def _label_scores(pairs: Iterable[tuple[str | None, str | None]]) -> tuple[Counts, float, int]:
    """P/R/F1 over non-null labels, and accuracy over all (None == None counts as right)."""
    counts, right, n = Counts(), 0, 0
    for gold, predicted in pairs:
        gold_key, pred_key = (
            (_fold(gold) if gold else None),
            (_fold(predicted) if predicted else None),
        )
        n += 1
        right += gold_key == pred_key
        _count(counts, gold_key, pred_key)
    return counts, right / n if n else 0.0, n


def place_figures(items: Sequence[tuple[Counts, bool]]) -> dict[str, Any]:
    """Dateline places: P/R/F1 of the places, `other` the share of right agencies."""
    figures = counts_figures([counts for counts, _ in items])
    return {**figures, "other": sum(right for _, right in items) / len(items)}


def label_figures(pairs: Sequence[tuple[str | None, str | None]]) -> dict[str, Any]:
    counts, accuracy, _ = _label_scores(pairs)
    return {**counts_figures([counts]), "other": accuracy}


# --- extracted text ------------------------------------------------------------------------------

_WORD_RE = re.compile(r"\w+")


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    words = _WORD_RE.findall(text)
    return Counter(tuple(words[i : i + 4]) for i in range(len(words) - 3))


def shingle_scores(extracted: str, truth: str) -> tuple[float, float]:
    """The benchmark's metric for one page: precision and recall of 4-word shingle multisets."""
    got, want = _shingles(extracted), _shingles(truth)
    common = sum((got & want).values())
    precision = common / sum(got.values()) if got else float(not want)
    recall = common / sum(want.values()) if want else 1.0
    return precision, recall


def averaged(scores: list[tuple[float, float]]) -> tuple[float, float, float]:
    precision = sum(p for p, _ in scores) / len(scores)
    recall = sum(r for _, r in scores) / len(scores)
    return precision, recall, f1_of(precision, recall) or 0.0


def shingle_figures(items: Sequence[tuple[float, float, bool | None]]) -> dict[str, Any]:
    """Averaged shingle precision and recall of pages, F1 of the averages; `other` is the
    share of pages dropped (None where drops are not counted)."""
    precision, recall, f1 = averaged([(p, r) for p, r, _ in items])
    drops = [d for _, _, d in items if d is not None]
    other = sum(drops) / len(drops) if drops else None
    return {"precision": precision, "recall": recall, "f1": f1, "other": other}


# --- entities ------------------------------------------------------------------------------------

ENTITY_TYPES = ("person", "org", "location")


@dataclass
class EntityErrors:
    """One type's names of one article against the gold: found, extra and missed (gold keys)."""

    found: set[str] = field(default_factory=set)
    extra: list[str] = field(default_factory=list)  # predicted names no gold name matches
    missed: list[str] = field(default_factory=list)

    def counts(self) -> Counts:
        return Counts(len(self.found), len(self.extra), len(self.missed))


def entity_errors(doc: dict[str, Any], predicted: dict[str, list[str]]) -> dict[str, EntityErrors]:
    """Document-level canonical entities of one article against the gold: a predicted name
    counts if it or its alias is a gold name of that type; optional names count either way not
    at all; a second name for an entity already found counts as extra."""
    aliases = {
        name_key(alias): name_key(canonical)
        for canonical, forms in (doc.get("aliases") or {}).items()
        for alias in forms
    }
    result = {}
    for kind in ENTITY_TYPES:
        gold = {name_key(g): g for g in doc.get(kind) or []}
        optional = {name_key(o) for o in (doc.get("optional") or {}).get(kind) or []}
        errors = EntityErrors()
        for name in predicted.get(kind) or []:
            key = name_key(name)
            key = key if key in gold or key in optional else aliases.get(key, key)
            if key in gold and key not in errors.found:
                errors.found.add(key)
            elif key not in optional:
                errors.extra.append(name)
        errors.missed = [name for key, name in gold.items() if key not in errors.found]
        result[kind] = errors
    return result


def score_entities(doc: dict[str, Any], predicted: dict[str, list[str]]) -> dict[str, Counts]:
    """`entity_errors` counted."""
    return {kind: errors.counts() for kind, errors in entity_errors(doc, predicted).items()}


def entity_rows(
    report: Report, scored: Sequence[tuple[str, dict[str, Counts]]], suffix: str, dataset: str
) -> None:
    """One row per entity type and one for all, from each document's `score_entities`."""
    for kind in (*ENTITY_TYPES, "all"):
        items = [
            (half, [counts[kind]] if kind != "all" else list(counts.values()))
            for half, counts in scored
        ]
        report.rows.append(
            split_row(f"entities_{kind}{suffix}", f"entities {kind}", dataset, items,
                      lambda parts: counts_figures([c for part in parts for c in part]))
        )  # fmt: skip


MENTION_LABELS = {"person": "PER", "org": "ORG", "location": "LOC"}


def score_mentions(
    gold: Iterable[tuple[str, str]], predicted: Iterable[tuple[str, str]]
) -> dict[str, Counts]:
    """Document-level mention F1 per type: sets of (normalised text, label)."""
    want = {(mention_key(text), label) for text, label in gold if label in MENTION_LABELS.values()}
    got = {(mention_key(text), label) for text, label in predicted}
    result = {}
    for label in MENTION_LABELS.values():
        w = {m for m in want if m[1] == label}
        g = {m for m in got if m[1] == label}
        result[label] = Counts(len(w & g), len(g - w), len(w - g))
    return result


# --- quotes --------------------------------------------------------------------------------------


_PLAIN_QUOTES = str.maketrans("“”„‟‘’‚‛", "\"\"\"\"''''")


def span_of(body: str, text: str) -> tuple[int, int] | None:
    """Where a quote's text sits in the body: verbatim, else from its first passage to its last
    (the stage joins passages with " ... "), else by its first words."""
    # typographic and straight quote marks alike: a label may set “ where the page has "
    body, text = body.translate(_PLAIN_QUOTES), text.translate(_PLAIN_QUOTES)
    text = text.strip().strip("\"'").strip()
    if not text:
        return None
    at = body.find(text)
    if at >= 0:
        return at, at + len(text)
    # passages joined where the attribution was cut out ("X," he said, "Y" -> "X ... Y")
    pieces = [piece.strip("\"' ") for piece in text.split(" ... ")]
    if len(pieces) > 1 and pieces[0] and pieces[-1]:
        at = body.find(pieces[0])
        end = body.find(pieces[-1], at + 1) if at >= 0 else -1
        if end >= 0:
            return at, end + len(pieces[-1])
    head = text[:40]
    at = body.find(head)
    return (at, at + len(text)) if at >= 0 else None


def overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


@dataclass
class QuoteMatch:
    """Gold quotes of one article against the extracted ones, one-to-one."""

    right: list[tuple[dict[str, Any], Any]] = field(default_factory=list)  # (gold, extracted)
    # a gold quote no extracted quote both overlaps and attributes to its speaker, with the
    # speakers of the extracted quotes that overlap it
    missed: list[tuple[dict[str, Any], list[str | None]]] = field(default_factory=list)
    extra: list[Any] = field(default_factory=list)  # extracted quotes left unmatched


def match_quotes(body: str, gold: list[dict[str, Any]], predicted: list[Any]) -> QuoteMatch:
    """A predicted quote is right when its text overlaps a gold quote's and its speaker matches
    that quote's speaker (one-to-one)."""
    spans = [span_of(body, q.text) for q in predicted]
    plain = body.translate(_PLAIN_QUOTES)
    used: set[int] = set()
    match = QuoteMatch()
    for entry in gold:
        start = plain.find(entry["text_start"].translate(_PLAIN_QUOTES))
        want = (start, start + len(entry["text_start"])) if start >= 0 else None
        near = [i for i in range(len(predicted)) if overlaps(want, spans[i])]
        right = next(
            (i for i in near if i not in used and speakers_match(predicted[i].speaker,
                                                                  entry["speaker"])),
            None,
        )  # fmt: skip
        if right is None:
            match.missed.append((entry, [predicted[i].speaker for i in near]))
        else:
            used.add(right)
            match.right.append((entry, predicted[right]))
    match.extra = [q for i, q in enumerate(predicted) if i not in used]
    return match


def score_quotes(body: str, gold: list[dict[str, Any]], predicted: list[Any]) -> tuple[Counts, int]:
    """`match_quotes` counted, and how many of the right quotes have the gold kind
    (direct/indirect)."""
    match = match_quotes(body, gold, predicted)
    counts = Counts(len(match.right), len(match.extra), len(match.missed))
    return counts, sum(quote.kind == entry["kind"] for entry, quote in match.right)


def _opening(text: str) -> str:
    return " ".join(text.translate(_PLAIN_QUOTES).strip(" \"'").casefold().split())


def score_openings(body: str, gold: list[dict[str, Any]], predicted: list[Any]) -> tuple[int, int]:
    """Of the right quotes of `match_quotes`, how many open where the gold quote does (its
    `text_start`), and how many there are: whether a quote's text holds what was said from its
    first word, not the audience or the writing before it ("a news conference the company
    would ...")."""
    right = match_quotes(body, gold, predicted).right
    opened = 0
    for entry, quote in right:
        want, got = _opening(entry["text_start"]), _opening(quote.text)
        opened += bool(want and got) and (got.startswith(want) or want.startswith(got))
    return opened, len(right)


def opening_figures(items: Sequence[tuple[int, int]]) -> dict[str, Any]:
    """The share of right quotes that open where the gold's do; `n` the right quotes."""
    opened, right = sum(o for o, _ in items), sum(r for _, r in items)
    return {"other": opened / right if right else None, "n": right}


def quote_figures(items: Sequence[tuple[Counts, int, int]]) -> dict[str, Any]:
    """Quotes: P/R/F1 of attributed quotes, `other` the share of right kinds among the right
    quotes, `n` the gold quotes."""
    figures = counts_figures([counts for counts, _, _ in items])
    tp = sum(counts.tp for counts, _, _ in items)
    kinds = sum(kinds for _, kinds, _ in items)
    return {**figures, "other": kinds / tp if tp else None, "n": sum(n for _, _, n in items)}


def score_speakers(gold_quotes: list[dict[str, Any]], predicted_quotes: list[Any]) -> Counts:
    """The set of speakers of one article against the gold's, by last name/token."""
    gold = {q["speaker"] for q in gold_quotes}
    predicted = {q.speaker for q in predicted_quotes if q.speaker}
    hits = {p for p in predicted if any(speakers_match(p, g) for g in gold)}
    found = {g for g in gold if any(speakers_match(p, g) for p in predicted)}
    return Counts(tp=len(found), fp=len(predicted - hits), fn=len(gold - found))
