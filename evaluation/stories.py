"""Stories: Reuters-21578 stories republished by fake outlets, grouped by `etl._stories`.

    python -m evaluation.stories [--quick] [--half tuning|checking|both] [--sweep]

Each sampled story runs on its wire's own page ("NEW YORK, Feb 26 (Reuters) - ...") and on one
to three fake outlets, each with its own HTML template: retitled, often trimmed to its lead
(cut at a sentence, keeping 40-100 % of the words), lightly edited in house style ("pct" ->
"percent", "mln" -> "million", a word dropped here and there), with or without a credit line
(the agency in the dateline, "Reporting by Reuters", "originally published on Reuters.com").
Hard negatives are distinct stories on the same topic: the collection's recurring reports (the
same title once the figures are taken out: money-market assistance, grain futures, slaughter
guesstimates, ...) and quarterly results (topic `earn`, one template for thousands of
companies); some of them are republished too. Same story = same Reuters id.

Every page goes through `etl.extract` and the sources stage (credit lines), then
`etl._stories.group`: the components of recognised pairs among band-sharing pairs, which is
what indexing computes against the archive, order aside. Pairwise precision over every pair
grouped together; recall over the pairs of copies keeping >= 50 % of the text (and, for
information, below). The halves split by Reuters id (even: tuning, odd: checking); rules and
parameters change only from what the tuning half shows, the checking half is quoted.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from html import escape, unescape
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
REUTERS = REPO.parent / "shared" / "data" / "reuters21578" / "stories.jsonl.gz"
DATASET = "Reuters-21578 republished (synthetic outlets)"
STORIES_PER_HALF = 700  # stories republished
NEGATIVES_PER_HALF = 700  # same-topic hard negatives, on their own
QUICK_FACTOR = 4  # --quick: a quarter of each
MIN_WORDS = 30
RESEND = 0.9  # exact shingle containment between two same-title stories: one story sent twice
HALVES = {"tuning": 0, "checking": 1}  # Reuters id % 2

# Fake outlets: display name, host, page template (templates differ in structure and
# boilerplate so that extraction, not the fixture, decides what the body is).
# Each outlet has its house style: a light edit of the copies it edits (word -> replacement).
OUTLETS = [
    ("Harbor Times", "harbortimes.example", "plain", {"pct": "percent"}),
    ("Gulf Courier", "gulfcourier.example", "cards", {"said": "says"}),
    ("Northern Ledger", "northernledger.example", "magazine", {"mln": "million"}),
    ("Metro Daily", "metrodaily.example", "plain", {}),
    ("Valley Wire", "valleywire.example", "cards", {"vs": "versus", "dlrs": "dollars"}),
]
DROPPED_WORDS = 0.01  # and a word dropped here and there
CREDITS = [
    None,
    "dateline",  # "NEW YORK, Feb 26 (Reuters) -" kept
    "Reporting by Reuters",
    "This article was originally published on Reuters.com",
]


@dataclass
class Page:
    rid: int  # the Reuters id: the story
    kind: str  # "wire" | "copy" | "negative"
    outlet: str
    kept: float  # share of the story's words this page keeps
    html: str
    url: str
    credit: str | None = None


# --- building the set ----------------------------------------------------------------------------
def _stories() -> list[dict[str, Any]]:
    """Stories with a dateline and a body of MIN_WORDS words or more. The wire sometimes sent
    one story twice under two ids (same title, the same text give or take a word): such a
    resend is one story, kept once (its first id)."""
    from etl._stories import shingles

    out: list[dict[str, Any]] = []
    by_title: dict[str, list[set[str]]] = defaultdict(list)
    with gzip.open(REUTERS, "rt", encoding="utf-8") as lines:
        for line in lines:
            s = json.loads(line)
            body = (s.get("body") or "").replace("REUTER", " ").strip()
            if not (s.get("dateline") and body and len(body.split()) >= MIN_WORDS):
                continue
            grams = shingles(body, 4)
            sent = by_title[_template_key(s["title"])]
            if any(len(grams & g) >= RESEND * min(len(grams), len(g)) for g in sent):
                continue
            sent.append(grams)
            s["body"] = body
            out.append(s)
    return out


def _template_key(title: str) -> str:
    return re.sub(r"[\d.,/:]+", "#", title).strip()


def hard_negative_pool(stories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Distinct stories on one topic: recurring reports (one title once figures are taken out)
    and quarterly results (topic `earn`)."""
    recurring = Counter(_template_key(s["title"]) for s in stories)
    return [
        s
        for s in stories
        if recurring[_template_key(s["title"])] >= 2 or "earn" in (s.get("topics") or [])
    ]


def _paragraphs(body: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s{3,}", body) if p.strip()]


def _sentences(paragraphs: list[str]) -> list[tuple[int, str]]:
    return [(i, s) for i, p in enumerate(paragraphs)
            for s in re.split(r"(?<=[.;])\s+(?=[A-Z])", p) if s]  # fmt: skip


def trim(paragraphs: list[str], keep: float) -> tuple[list[str], float]:
    """The lead: whole sentences up to about `keep` of the words; the share actually kept."""
    sentences = _sentences(paragraphs)
    total = sum(len(s.split()) for _, s in sentences)
    kept: dict[int, list[str]] = defaultdict(list)
    count = 0
    for i, s in sentences:
        if count and count + len(s.split()) / 2 > keep * total:
            break
        kept[i].append(s)
        count += len(s.split())
    return [" ".join(kept[i]) for i in sorted(kept)], count / total if total else 0.0


def edit(paragraphs: list[str], style: dict[str, str], rng: random.Random) -> list[str]:
    """The outlet's house style and a dropped word here and there."""
    out = []
    for p in paragraphs:
        words = [style.get(w, w) for w in p.split()]
        words = [w for w in words if rng.random() > DROPPED_WORDS]
        out.append(" ".join(words))
    return out


def retitle(title: str, rng: random.Random) -> str:
    words = title.title().split()
    if len(words) > 4 and rng.random() < 0.5:
        words = words[: max(3, len(words) - 2)]
    return rng.choice(["", "UPDATE: ", "Markets: ", ""]) + " ".join(words)


def _date(story: dict[str, Any], hours: float = 0.0) -> str:
    moment = datetime.strptime(story["date"].split(".")[0], "%d-%b-%Y %H:%M:%S")
    return (moment + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _agency_dateline(dateline: str) -> str:
    return re.sub(r"\s*-\s*$", " (Reuters) -", dateline.strip())


def render(template: str, outlet: str, host: str, title: str, paragraphs: list[str],
           published: str, url: str) -> str:  # fmt: skip
    """One page of a fake outlet. Templates differ in markup and boilerplate."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    head = (
        f'<meta charset="utf-8"><title>{escape(title)} | {escape(outlet)}</title>'
        f'<meta property="og:site_name" content="{escape(outlet)}">'
        f'<meta property="og:title" content="{escape(title)}">'
        f'<meta property="og:url" content="{url}">'
        f'<meta property="article:published_time" content="{published}">'
    )
    nav = "".join(f'<li><a href="/{s}/">{s.title()}</a></li>' for s in
                  ("business", "markets", "world", "politics", "sport"))  # fmt: skip
    if template == "plain":
        return (f"<html><head>{head}</head><body><header><ul>{nav}</ul></header><main><article>"
                f"<h1>{escape(title)}</h1><p class=byline>{escape(outlet)} staff</p>{body}"
                "</article></main><footer>Copyright 1987 " + escape(outlet) + "</footer>"
                "</body></html>")  # fmt: skip
    if template == "cards":
        related = "".join(f'<div class="card"><a href="/markets/{n}">Markets brief {n}</a></div>'
                          for n in range(3))  # fmt: skip
        return (f"<html><head>{head}</head><body><nav>{nav}</nav><div class=wrap>"
                f'<div class="story"><h1 class="headline">{escape(title)}</h1>'
                f'<div class="story-body">{body}</div></div><aside>{related}</aside>'
                "<div class=newsletter>Sign up for our morning newsletter</div></div>"
                "</body></html>")  # fmt: skip
    return (f"<html><head>{head}</head><body><div id=top>{nav}</div><section class=feature>"
            f"<h2 class=kicker>Business</h2><h1>{escape(title)}</h1>"
            f'<time datetime="{published}">{published[:10]}</time><div class=text>{body}</div>'
            "<p class=share>Share this story</p></section></body></html>")  # fmt: skip


def wire_page(story: dict[str, Any], kind: str = "wire") -> Page:
    paragraphs = _paragraphs(story["body"])
    paragraphs[0] = f"{_agency_dateline(story['dateline'])} {paragraphs[0]}"
    url = f"https://www.reuters.com/article/{story['id']}"
    html = render("plain", "Reuters", "reuters.com", story["title"].title(), paragraphs,
                  _date(story), url)  # fmt: skip
    return Page(story["id"], kind, "Reuters", 1.0, html, url, "dateline")


def copy_pages(story: dict[str, Any], rng: random.Random) -> Iterator[Page]:
    outlets = rng.sample(OUTLETS, rng.randint(1, 3))
    for n, (outlet, host, template, style) in enumerate(outlets):
        paragraphs = _paragraphs(story["body"])
        keep = rng.choice([1.0, 1.0, 0.8, 0.6, 0.6, 0.5, 0.4])
        kept = 1.0
        if keep < 1.0:
            paragraphs, kept = trim(paragraphs, keep)
        if rng.random() < 0.6:
            paragraphs = edit(paragraphs, style, rng)
        credit = rng.choice(CREDITS)
        if credit == "dateline":
            paragraphs[0] = f"{_agency_dateline(story['dateline'])} {paragraphs[0]}"
        elif credit:
            paragraphs.append(f"{credit}.")
        hours = rng.choice([0.5, 2, 6, 26, -1])  # some outlets beat the wire's own page
        url = f"https://www.{host}/news/{story['id']}-{n}"
        html = render(template, outlet, host, retitle(story["title"], rng), paragraphs,
                      _date(story, hours), url)  # fmt: skip
        yield Page(story["id"], "copy", outlet, kept, html, url, credit)


def build(half: str, quick: bool = False) -> list[Page]:
    parity = HALVES[half]
    stories = [s for s in _stories() if s["id"] % 2 == parity]
    rng = random.Random(f"stories-{half}")
    n_stories = STORIES_PER_HALF // (QUICK_FACTOR if quick else 1)
    n_negatives = NEGATIVES_PER_HALF // (QUICK_FACTOR if quick else 1)
    negatives = hard_negative_pool(stories)
    chosen_negatives = rng.sample(negatives, min(n_negatives, len(negatives)))
    taken = {s["id"] for s in chosen_negatives}
    # A fifth of the republished stories are hard negatives themselves: their copies must
    # find their own report among its look-alikes.
    republished = rng.sample(chosen_negatives, n_stories // 5)
    rest = [s for s in stories if s["id"] not in taken]
    republished += rng.sample(rest, n_stories - len(republished))
    pages: list[Page] = []
    for story in republished:
        pages.append(wire_page(story))
        pages.extend(copy_pages(story, random.Random(story["id"])))
    republished_ids = {s["id"] for s in republished}
    pages += [wire_page(s, "negative") for s in chosen_negatives if s["id"] not in republished_ids]
    return pages


# --- grouping and scoring ------------------------------------------------------------------------
def extracted(pages: list[Page]) -> tuple[list[Page], list[Any]]:
    """Each page through extraction and the sources stage (credit lines); a page whose text
    extraction rejects (too short once trimmed) is left out, as ingest would reject it."""
    from etl import DropArticle, Settings, extract
    from etl.enrich import SourcesStage

    sources = SourcesStage(Settings())
    kept, articles = [], []
    for page in pages:
        try:
            article = sources.process(extract(page.html, page.url))
        except DropArticle:
            continue
        article.id = str(len(kept))  # index into the pages kept
        kept.append(page)
        articles.append(article)
    return kept, articles


def to_copies(articles: list[Any], params: Any) -> list[Any]:
    from etl._stories import Copy, fingerprint

    copies = []
    for article in articles:
        article.fingerprint = fingerprint(article.body, params)
        copies.append(Copy.of_article(article))
    return copies


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fn_short: int = 0  # missed pairs with a copy keeping < 50 %
    tp_short: int = 0
    false_merges: list[tuple[int, int]] | None = None
    original_right: int = 0
    stories: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def recall_short(self) -> float:
        n = self.tp_short + self.fn_short
        return self.tp_short / n if n else 1.0


def score(pages: list[Page], groups: list[list[Any]]) -> Score:
    from etl._stories import choose_original

    cluster = {int(c.id): g for g, members in enumerate(groups) for c in members}
    result = Score(false_merges=[])
    for members in groups:
        idx = sorted(int(c.id) for c in members)
        for a, b in itertools.combinations(idx, 2):
            if pages[a].rid == pages[b].rid:
                continue  # counted below with the gold pairs
            result.fp += 1
            result.false_merges.append((a, b))
        wire = [c for c in members if pages[int(c.id)].kind == "wire"]
        if wire and len(members) > 1:
            result.stories += 1
            result.original_right += choose_original(members) is wire[0]
    by_story: dict[int, list[int]] = defaultdict(list)
    for i, page in enumerate(pages):
        by_story[page.rid].append(i)
    for idx in by_story.values():
        for a, b in itertools.combinations(idx, 2):
            together = cluster[a] == cluster[b]
            if min(pages[a].kept, pages[b].kept) >= 0.5:
                result.tp += together
                result.fn += not together
            else:
                result.tp_short += together
                result.fn_short += not together
    return result


def run_half(half: str, quick: bool, params: Any, pages: list[Page] | None = None,
             copies: list[Any] | None = None) -> tuple[Score, list[Page], list[Any]]:  # fmt: skip
    from etl._stories import group

    if pages is None or copies is None:
        pages, articles = extracted(build(half, quick))
        copies = to_copies(articles, params)
    return score(pages, group(copies, params)), pages, copies


def describe(pages: list[Page], a: int, b: int) -> str:
    def one(i: int) -> str:
        found = re.search(r'og:title" content="([^"]*)"', pages[i].html)
        title = unescape(found.group(1)) if found else ""
        return f"#{pages[i].rid} {pages[i].kind} {pages[i].outlet}: {title}"

    return f"{one(a)}  <>  {one(b)}"


def evaluate_stories(quick: bool = False) -> dict[str, Any]:
    """Both halves with the default parameters: the figures `evaluation.run` reports."""
    from etl._stories import DEFAULT

    out: dict[str, Any] = {}
    for half in HALVES:
        start = time.perf_counter()
        result, pages, _ = run_half(half, quick, DEFAULT)
        seconds = time.perf_counter() - start
        out[half] = {
            "pages": len(pages),
            "stories": len({p.rid for p in pages}),
            "precision": result.precision,
            "recall": result.recall,
            "recall_below_half": result.recall_short,
            "false_merges": result.fp,
            "counts": (result.tp, result.fp, result.fn),
            "false_merge_examples": [describe(pages, a, b) for a, b in result.false_merges[:10]],
            "original_right": result.original_right / result.stories if result.stories else None,
            "seconds": seconds,
        }
    return out


def add_rows(report: Any, quick: bool) -> None:
    """The rows and notes of `evaluation.run`'s table: both halves, the checking half quoted."""
    from ._figures import Row

    figures = evaluate_stories(quick)

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    halves = {}
    for half, f in figures.items():
        halves[half] = {
            "n": f["pages"], "precision": f["precision"], "recall": f["recall"],
            "f1": f1(f["precision"], f["recall"]), "other": f["original_right"],
        }  # fmt: skip
    tp, fp, fn = (sum(f["counts"][i] for f in figures.values()) for i in range(3))
    precision, recall = tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0
    rights = [f["original_right"] for f in figures.values() if f["original_right"] is not None]
    report.rows.append(
        Row("stories", "same story, pairs", f"{DATASET}, both halves",
            sum(f["pages"] for f in figures.values()), precision=precision, recall=recall,
            f1=f1(precision, recall), other_name="original right",
            other=sum(rights) / len(rights) if rights else None, halves=halves)
    )  # fmt: skip
    for half, f in figures.items():
        report.notes.append(
            f"Stories, {half} half: recall {f['recall_below_half']:.3f} for copies keeping "
            f"< 50 % of the text (not a target); {f['false_merges']} false merges (pairs of "
            "distinct Reuters stories grouped), e.g.:"
        )
        report.notes.extend(f"    {line}" for line in f["false_merge_examples"][:5])
    report.notes.append(
        "Stories: P/R over pairs of pages; R counts pairs whose copies keep >= 50 % of the "
        "text; 'original right' = the wire's own page chosen as original. Parameters tuned "
        "on the tuning half (even ids): `python -m evaluation.stories --sweep`."
    )


def sweep(quick: bool) -> None:
    """Tuning half: precision and recall across thresholds and fingerprint parameters."""
    from etl._stories import DEFAULT

    pages, articles = extracted(build("tuning", quick))
    for shingle_words, rows, figures in itertools.product((4, 5), (2, 3), (0, 2, 4)):
        params = replace(DEFAULT, shingle_words=shingle_words, rows=rows, figure_weight=figures)
        copies = to_copies(articles, params)
        for containment in (0.5, 0.6, 0.7, 0.8):
            p = replace(params, containment=containment)
            result, _, _ = run_half("tuning", quick, p, pages, copies)
            print(f"k={shingle_words} rows={rows} figures={figures} containment={containment}: "
                  f"P {result.precision:.4f} R {result.recall:.4f} "
                  f"R<50% {result.recall_short:.3f} false merges {result.fp}")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.stories",
                                     description=__doc__.split("\n")[0])  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="a quarter of the stories")
    parser.add_argument("--sweep", action="store_true", help="tuning half: parameter sweep")
    args = parser.parse_args(argv)
    if args.sweep:
        sweep(args.quick)
        return 0
    for half, figures in evaluate_stories(args.quick).items():
        print(f"{half}: {figures['pages']} pages, {figures['stories']} stories: "
              f"P {figures['precision']:.4f} R {figures['recall']:.4f} (copies >= 50 %), "
              f"R {figures['recall_below_half']:.3f} (< 50 %), "
              f"false merges {figures['false_merges']}, original right "
              f"{figures['original_right']:.3f}, {figures['seconds']:.1f} s")  # fmt: skip
        for line in figures["false_merge_examples"]:
            print(f"    false merge: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
