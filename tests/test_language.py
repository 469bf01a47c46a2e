"""Language identification and pages that ship their article in scripts only."""

from __future__ import annotations

import gzip
import json

from etl import extract
from etl._language import detect_language, iso639_1

from .conftest import shared_path

GERMAN = "Die Bundesregierung hat am Mittwoch neue Regeln für die Wahlen im Herbst beschlossen."
NORWEGIAN = "Regjeringen la fram statsbudsjettet i dag, og opposisjonen er kritisk til kuttene."


def test_codes_are_iso_639_1() -> None:
    assert detect_language(GERMAN) == "de"
    assert detect_language("東京で大きな地震があり、気象庁が会見を開いた。") == "ja"
    assert detect_language("서울에서 열린 회의에서 대통령이 연설했다.") == "ko"
    assert detect_language("١٢٣ 456") in (None, "ar")
    assert detect_language("12:30 — 45") is None
    assert iso639_1("nb-NO") == "no" and iso639_1("arz") == "ar" and iso639_1("pcm") is None


def test_declared_language_breaks_ties_only() -> None:
    # a template's default "en-US" does not turn a German text English
    assert detect_language(GERMAN, declared="en-US") == "de"
    assert detect_language(NORWEGIAN, declared="nb-NO") == "no"


def _next_page(paragraphs: list[str]) -> str:
    """A client-rendered page: the article is only an escaped HTML string in a script."""
    html = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = '<div class="caption"><p>Photo: someone</p></div>' + html
    payload = json.dumps([1, html])
    return (
        "<html lang='de'><head><title>Wahl in Bayern</title></head><body>"
        "<div id='root'></div><nav><a href='/'>Start</a></nav>"
        f"<script>self.__next_f.push({payload})</script></body></html>"
    )


def test_article_in_scripts_only_is_found() -> None:
    opposition = "Die Opposition kritisierte den Entwurf scharf und kündigte Klage an. "
    paragraphs = [GERMAN * 2, opposition * 3]
    article = extract(_next_page(paragraphs), "https://zeitung.example/politik/wahl")
    assert "Die Opposition kritisierte" in article.body
    assert "Photo: someone" not in article.body
    assert article.language == "de"


def test_korean_page_rendered_in_the_browser() -> None:
    folder = shared_path("data", "fundus", "kr")
    meta = json.loads((folder / "meta.info").read_text("utf-8"))
    name = "HankookIlbo_2026_01_29.html.gz"
    article = extract(gzip.decompress((folder / name).read_bytes()), meta[name]["url"])
    assert article.language == "ko"
    assert "장동혁 국민의힘 대표가" in article.body
