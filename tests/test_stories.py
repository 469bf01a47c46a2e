"""Copies of one story across outlets, grouped at ingest, on the real engine."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from etl import Engine, Input, Settings, ingest, search
from etl._stories import story_copies

from .conftest import REPO, SEED_PAGE

SEED_HTML = SEED_PAGE.read_text(encoding="utf-8")
CREDIT = re.compile(r"\s*<p><em>This article was originally published on .*?</p>")


def _copy(outlet: str, host: str, published: str, *, trim: bool = False, credit: bool = True,
          title: str | None = None) -> Input:  # fmt: skip
    """The seed page republished by another outlet: its name, host and time; optionally
    retitled, trimmed to its lead (~60 % of the paragraphs) or without the credit line."""
    html = SEED_HTML.replace("The Bay Ledger", outlet).replace("bayledger.example", host)
    for stamp in ("2023-11-17T14:05:00Z", "2023-11-17T16:42:00Z"):  # published, modified
        html = html.replace(stamp, published)
    day = published[:10].replace("-", "/")
    html = html.replace("2023/11/17", day)
    if title:
        html = html.replace("Biden meets Mexico’s López Obrador on migration", title)
    if not credit:
        html, n = CREDIT.subn("", html)
        assert n == 1
    if trim:
        start = html.index('<div class="story-body"')
        end = html.index("</div>", html.index("</aside>") + 8)
        paragraphs = re.findall(r"<p>.*?</p>", html[start:end], flags=re.S)
        keep = paragraphs[: round(len(paragraphs) * 0.6)]
        html = html[:start] + '<div class="story-body">' + "\n".join(keep) + html[end:]
    url = f"https://www.{host}/politics/{day}/biden-lopez-obrador/"
    return Input(key=url, url=url, html=html)


SEED = _copy("The Bay Ledger", "bayledger.example", "2023-11-17T14:05:00Z")  # the seed itself
TRIMMED = _copy("Gulf Courier", "gulfcourier.example", "2023-11-18T09:30:00Z", trim=True,
                title="Biden and López Obrador talk border")  # fmt: skip
UNCREDITED = _copy("Harbor Times", "harbortimes.example", "2023-11-16T22:00:00Z", credit=False)


def _stories(engine: Engine, alias: str) -> dict[str, dict]:
    engine.refresh(alias)
    hits = engine.search(alias, {"query": {"match_all": {}}, "size": 10, "_source": ["story"]})
    return {h["_id"]: h["_source"]["story"] for h in hits["hits"]["hits"]}


@pytest.fixture
def three_copies(settings: Settings, engine: Engine) -> Settings:
    """The seed and a trimmed copy in one run; later an earlier copy without the credit line."""
    first = ingest([SEED, TRIMMED], settings)
    assert first.to_dict()["stories"] == {"new": 1, "copies": 1}
    later = ingest([UNCREDITED], settings)
    assert later.to_dict()["stories"] == {"new": 0, "copies": 1}
    return settings


def test_three_copies_form_one_story_whose_original_is_the_earliest(
    three_copies: Settings, engine: Engine
) -> None:
    stories = _stories(engine, three_copies.index_alias)
    assert len(stories) == 3
    assert {s["id"] for s in stories.values()} == {_id_of(engine, three_copies, UNCREDITED)}
    assert {s["copies"] for s in stories.values()} == {3}
    assert {s["original"] for s in stories.values()} == {UNCREDITED.url}
    assert {s["origin"] for s in stories.values()} == {"Harbor Times"}
    by_url = {c["url"]: c["story"] for c in story_copies(engine, three_copies.index_alias,
                                                          next(iter(stories)))}  # fmt: skip
    assert by_url[UNCREDITED.url]["recognised_by"] is None  # the original
    assert by_url[SEED.url]["recognised_by"] == "text"
    assert by_url[TRIMMED.url]["recognised_by"] == "text"
    assert by_url[SEED.url]["similarity"] > 0.9 > by_url[TRIMMED.url]["similarity"] > 0.4


def test_collapse_shows_one_hit_with_its_copies(three_copies: Settings, engine: Engine) -> None:
    alias = three_copies.index_alias
    assert search(engine, alias, "migration").total == 3
    result = search(engine, alias, "migration", collapse=True, facets=["copies"])
    assert result.total == 1 and len(result.hits) == 1
    hit = result.hits[0]
    assert hit.copies == 3
    assert [o["publisher"] for o in hit.outlets] == ["Harbor Times", "The Bay Ledger",
                                                     "Gulf Courier"]  # fmt: skip
    assert dict(result.facets["copies"]) == {3: 3}


def test_cli_collapses_and_lists_the_copies(three_copies: Settings) -> None:
    env = {**os.environ, "NEWSARCHIVE_ENGINE_URL": three_copies.engine_url,
           "NEWSARCHIVE_INDEX_ALIAS": three_copies.index_alias}  # fmt: skip

    def cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "etl.cli", *args], capture_output=True, text=True, env=env,
            cwd=REPO, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    out = cli("search", "migration", "--collapse")
    assert "1 story for 'migration'" in out
    assert "3 copies: Harbor Times 2023-11-16, The Bay Ledger 2023-11-17, Gulf Courier" in out
    story_id = json.loads(cli("search", "migration", "--collapse", "--json"))["hits"][0]["story"]
    listing = cli("story", story_id)
    assert f"story {story_id}: 3 copies" in listing
    lines = [line.split() for line in listing.splitlines() if line.startswith("  20")]
    assert [(w[0], w[-1]) for w in lines] == [
        ("2023-11-16", "original"), ("2023-11-17", "(text)"), ("2023-11-18", "(text)")
    ]  # fmt: skip
    assert "Biden and López Obrador talk border" in listing  # the retitled copy's headline


def test_reingesting_the_copies_changes_nothing(three_copies: Settings, engine: Engine) -> None:
    alias = three_copies.index_alias
    before = _stories(engine, alias)
    again = ingest([UNCREDITED, SEED, TRIMMED], three_copies)
    assert again.to_dict()["counts"]["unchanged"] == 3
    assert again.to_dict()["stories"] == {"new": 0, "copies": 0}
    assert _stories(engine, alias) == before


def test_reindex_keeps_or_recomputes_the_same_stories(
    three_copies: Settings, engine: Engine
) -> None:
    from etl._reindex import reindex

    alias = three_copies.index_alias
    before = _stories(engine, alias)
    assert reindex(engine, three_copies, mode="copy").swapped
    assert _stories(engine, alias) == before
    report = reindex(engine, three_copies, mode="reprocess")
    assert report.swapped and report.reprocessed == 3
    assert _stories(engine, alias) == before


def _id_of(engine: Engine, settings: Settings, item: Input) -> str:
    body = {"query": {"term": {"url": item.url}}, "_source": False}
    (hit,) = engine.search(settings.index_alias, body)["hits"]["hits"]
    return hit["_id"]


# -- the linker on the real engine, without the pipeline ---------------------------------------
REPORT = (
    "Treasury balances at the Federal Reserve rose on {day} to {a} billion dlrs from {b} "
    "billion dlrs the previous business day, the Treasury said in its latest budget statement. "
    "Balances in tax and loan note accounts fell to {c} billion dlrs from {d} billion dlrs on "
    "the same respective days. The Treasury's operating cash balance totaled {e} billion dlrs "
    "on {day}, compared with {f} billion dlrs on the previous business day."
)
STORY = (
    "Harbour authorities in the northern port approved a plan on Tuesday to deepen the main "
    "shipping channel, a project that officials said would let larger container vessels dock "
    "without waiting for the tide. The work is expected to take three years and to cost about "
    "410 million dollars, shared between the port, the regional government and two shipping "
    "lines. Fishermen's groups said they feared the dredging would harm spawning grounds and "
    "asked for an independent study before any work begins. The port's director said a study "
    "had already been commissioned and that its findings would be published in the spring."
)


def _index(engine: Engine, index: str, articles: list) -> dict:
    from etl import index_articles
    from etl._stories import StoryLinker

    linker = StoryLinker(engine, index)
    updates = linker.link(articles)
    assert all(item.ok for item in index_articles(engine, index, articles))
    linker.commit(updates)
    return dict(linker.counts)


def test_linker_across_chunks_and_credits(settings: Settings, engine: Engine) -> None:
    from etl import Article, ensure_index

    index = ensure_index(engine, settings.index_alias)

    def article(n: str, body: str, publisher: str, day: str, **kw: object) -> Article:
        return Article(id=n, url=f"https://{n}.example/", body=body, publisher=publisher,
                       published_at=day, **kw)  # type: ignore[arg-type]  # fmt: skip

    feb25 = REPORT.format(day="Feb 25", a="4.151", b="2.727", c="25.137", d="25.780", e="29.3",
                          f="28.5")  # fmt: skip
    feb27 = REPORT.format(day="Feb 27", a="3.482", b="1.538", c="21.334", d="25.164", e="24.8",
                          f="26.7")  # fmt: skip
    lead = STORY[: STORY.index(" Fishermen")]
    counts = _index(engine, index, [
        article("report-25", feb25, "Reuters", "1987-02-25"),
        article("report-27", feb27, "Reuters", "1987-02-27"),
        article("copy-a", STORY, "Harbor Times", "1987-03-03", syndicated_from="Reuters"),
        article("copy-b", lead, "Gulf Courier", "1987-03-04"),
    ])  # fmt: skip
    assert counts == {"new stories": 3, "copies": 1}
    # a later chunk: the wire's own page, dated after a copy, becomes the original
    counts = _index(engine, index, [article("wire", STORY, "Reuters", "1987-03-05")])
    assert counts == {"copies": 1}
    stories = _stories(engine, index)
    assert stories["report-25"]["id"] != stories["report-27"]["id"]  # one template, two days
    assert {stories[i]["id"] for i in ("copy-a", "copy-b", "wire")} == {"wire"}
    assert stories["wire"]["recognised_by"] is None and stories["wire"]["copies"] == 3
    assert stories["copy-a"]["recognised_by"] == "both"  # its credit names the original's outlet
    assert stories["copy-b"]["recognised_by"] == "text"
    assert stories["copy-b"]["similarity"] < stories["copy-a"]["similarity"] == 1.0
