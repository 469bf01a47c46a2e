"""The standfirst a page shows beside its headline is a field of its own (etl/_standfirst.py)."""

from __future__ import annotations

from etl import extract
from etl.enrich import DatelineStage

URL = "https://www.harbourpost.example/news/2024/05/01/storm-closes-port/"
STANDFIRST = (
    "The harbour master closed the port as the storm came in, and the ferries will not sail"
    " before Friday."
)
PARAGRAPHS = "".join(
    f"<p>Paragraph {n} of the story says something long enough to be read as article text, with"
    f" a clause or two more so that it is a proper paragraph of news prose number {n}.</p>"
    for n in range(1, 7)
)


def _page(header: str, *, description: str = STANDFIRST, after: str = "") -> str:
    return (
        f'<html><head><title>Storm closes port</title><meta name="description" '
        f'content="{description}"></head><body><header><h1>Storm closes port</h1>{header}'
        f"</header><main><article>{PARAGRAPHS}</article></main>{after}</body></html>"
    )


def test_the_standfirst_beside_the_headline_is_kept_with_its_place(settings) -> None:
    page = _page(f'<div class="intro"><span>Berlin.</span> <span>{STANDFIRST}</span></div>')
    article = extract(page, URL)
    assert article.standfirst == f"Berlin. {STANDFIRST}"
    assert article.body.startswith("Paragraph 1 of the story")  # the body keeps its convention
    # the dateline set in the standfirst, when the body opens without one
    dateline = DatelineStage(settings).process(article).dateline
    assert dateline is not None and dateline.place == "Berlin"


def test_a_standfirst_inside_the_article_is_the_field_too() -> None:
    page = _page("").replace("<article>", f"<article><p class='lead'>{STANDFIRST}</p>")
    article = extract(page, URL)
    assert article.standfirst == STANDFIRST
    assert article.body.count("Paragraph 1 of the story") == 1


def test_a_description_shown_elsewhere_on_the_page_is_no_standfirst() -> None:
    slogan = "Bringing the harbour to the world and the world to the harbour, every day"
    footer = f"<footer><p>{slogan}</p></footer>"
    assert extract(_page("", description=slogan, after=footer), URL).standfirst is None
    teaser = f'<section><p><a href="/other">{STANDFIRST}</a></p></section>'
    assert extract(_page("", after=teaser), URL).standfirst is None
    # shown before the headline: not this article's standfirst
    before = _page("").replace("<header>", f"<header><p>{STANDFIRST}</p>")
    assert extract(before, URL).standfirst is None
    # a page that states no description has none
    assert (
        extract(_page("", description="").replace(' name="description"', ""), URL).standfirst
        is None
    )
