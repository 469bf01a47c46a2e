"""`make eval`: the measurement table runs end to end and writes every figure."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

HALVES = ("tuning", "checking")
ROWS = {
    "extraction",
    "extraction_trafilatura",
    "dateline_reuters",
    "dateline_reuters_fp",
    "dateline_hand",
    "wire_agency",
    "syndication",
    "entities_person",
    "entities_org",
    "entities_location",
    "entities_all",
    "mentions_per",
    "mentions_org",
    "mentions_loc",
    "mentions_all",
    "quotes_hand",
    "quotes_hand_opening",
    "quotes_hand_speakers",
    "quotes_polnear",
    "stories",
    "short_articles",
    "dateline_fundus",
    "quotes_fundus",
    "quotes_fundus_opening",
    "quotes_fundus_speakers",
    *(f"entities_{kind}_fundus" for kind in ("person", "org", "location", "all")),
    *(
        f"fundus_{field}{method}"
        for field in ("title", "authors", "day", "body")
        for method in ("", "_trafilatura")
    ),
    "fundus_standfirst",
    "language",
    "language_short",
    "language_title",
    "body_non_english",
    "empty_pages",
    "entities_without_model",
    "dateline_fundus_de",
    "dateline_fundus_en",
    *(
        f"entities_{kind}_{language}"
        for kind in ("person", "org", "location", "all")
        for language in ("fr", "de")
    ),
    "quotes_de",
    "quotes_de_speakers",
    "quotes_reuters_speakers",
    "htmldate_day",
    "htmldate_day_trafilatura",
    *(
        row.format(name)
        for name in ("readability", "comparison", "mediacloud", "webnews")  # pages of Go modules
        for row in (
            "dateline_{}",
            "quotes_{}",
            "quotes_{}_opening",
            "quotes_{}_speakers",
            *(f"entities_{kind}_{{}}" for kind in ("person", "org", "location", "all")),
            *(
                f"{{}}_{field}{method}"
                for field in ("title", "authors", "day")
                for method in ("", "_trafilatura")
            ),
        )
    ),
}
FIGURES = ("precision", "recall", "f1", "other")


def row_headline(row: dict) -> str:
    return "f1" if row["f1"] is not None else "other"


@pytest.mark.slow
def test_quick_run_writes_every_row(tmp_path: Path) -> None:
    if not (SHARED / "data").exists():
        pytest.skip(f"needs {SHARED} (the project's ../shared data folder), which is missing")
    out = tmp_path / "eval.json"
    done = subprocess.run(
        [sys.executable, "-m", "evaluation.run", "--quick", "--json", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(out.read_text("utf-8"))
    assert figures["quick"] is True
    rows = {row["id"]: row for row in figures["rows"]}
    assert set(rows) == ROWS
    for row in rows.values():
        assert row["dataset"] and row["n"] > 0, row
        assert row["dataset"] in done.stdout and row["task"] in done.stdout
        if row["status"] == "n/a":  # the quote rows, until a quote stage is enabled
            assert row["id"].startswith("quotes_") and row["note"], row
            assert all(row[name] is None for name in FIGURES), row
            continue
        numbers = [row[name] for name in FIGURES if row[name] is not None]
        assert numbers, row
        assert all(isinstance(x, int | float) and 0.0 <= x <= 1.0 for x in numbers), row
        halves = row["halves"]
        assert set(halves) == {"tuning", "checking"}, row
        assert halves["tuning"]["n"] > 0 and halves["checking"]["n"] > 0, row
        assert halves["tuning"]["n"] + halves["checking"]["n"] == row["n"], row
        interval = halves["checking"].get("interval")
        if interval is not None:  # every row but the paired stories and one-page sets
            checking = halves["checking"][row_headline(row)]
            assert interval[0] <= checking <= interval[1], row
    with_interval = [row for row in rows.values() if row["halves"]["checking"].get("interval")]
    one_page = [row for row in rows.values() if row["halves"]["checking"]["n"] == 1]
    assert len(with_interval) >= len(rows) - len(one_page) - 4  # and the paired stories
    assert "95% interval" in done.stdout
    # the headline figures are there, not just some figure
    for row_id in ("extraction", "dateline_reuters", "dateline_hand", "entities_all"):
        assert rows[row_id]["f1"] is not None
    assert rows["dateline_reuters_fp"]["other_name"] == "fp-rate"
    assert rows["extraction"]["f1"] >= 0.965
    assert rows["stories"]["precision"] >= 0.95 and rows["stories"]["recall"] >= 0.9
    throughput = {t["what"]: t for t in figures["throughput"]}
    assert any(t["unit"] == "pages/s" and t["rate"] > 0 for t in throughput.values())
    assert any(w.startswith("stage entities") for w in throughput)
    assert all(t["rate"] > 0 for t in throughput.values())


def test_stored_halves_follow_their_rule_and_do_not_overlap() -> None:
    from evaluation._splits import HALVES, SPLITS, rule_half

    files = sorted(SPLITS.glob("*.json"))
    assert files, "no stored splits"
    for path in files:
        split = json.loads(path.read_text("utf-8"))
        assert split["rule"] and split["key"], path
        tuning, checking = (set(split[half]) for half in HALVES)
        assert tuning and checking and not tuning & checking, path
        for half in HALVES:
            assert all(rule_half(split["dataset"], key) == half for key in split[half]), path


def test_our_hand_labels_point_to_benchmark_pages_and_quote_them_verbatim() -> None:
    """The labels kept in evaluation/gold/benchmark-en: each row a page of the benchmark and of
    a stored half; each quote's start, alias and name written as the page writes it."""
    truth_path = SHARED / "data" / "article-extraction-benchmark" / "ground-truth.json"
    if not truth_path.exists():
        pytest.skip(f"needs {truth_path} (the project's ../shared data folder), which is missing")
    from evaluation._data import MORE_HANDLABELLED, page_half

    truth = json.loads(truth_path.read_text("utf-8"))
    rows = {
        name: [json.loads(line) for line in (MORE_HANDLABELLED / name).open(encoding="utf-8")]
        for name in ("entities.jsonl", "quotes.jsonl")
    }
    assert [r["id"] for r in rows["entities.jsonl"]] == [r["id"] for r in rows["quotes.jsonl"]]
    assert {page_half(r) for r in rows["entities.jsonl"]} == set(HALVES)
    for entities, quotes in zip(rows["entities.jsonl"], rows["quotes.jsonl"], strict=True):
        body = truth[entities["id"]]["articleBody"]
        names = {kind: set(entities[kind]) for kind in ("person", "org", "location")}
        assert not names["person"] & names["org"] and not names["org"] & names["location"]
        for name in set().union(*names.values()):
            assert name in body or any(a in body for a in entities["aliases"].get(name, [])), name
        for forms in entities["aliases"].values():
            assert all(form in body for form in forms), forms
        for quote in quotes["quotes"]:
            assert quote["kind"] in ("direct", "indirect") and quote["speaker"], quote
            assert quote["text_start"] in body, quote


def test_a_pinned_module_already_in_the_cache_is_read_without_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module go downloaded before (its folder, and the hash go records beside its zip) is
    used as it is, with no Go toolchain on the PATH; one recorded with another hash is not."""
    from evaluation._module_pages import module_dir

    folder = tmp_path / "example.com" / "!pages@v1.0.0"  # go spells "Pages" "!pages"
    folder.mkdir(parents=True)
    recorded = tmp_path / "cache" / "download" / "example.com" / "!pages" / "@v"
    recorded.mkdir(parents=True)
    (recorded / "v1.0.0.ziphash").write_text("h1:pinned=\n")
    monkeypatch.setenv("PATH", str(tmp_path / "no-go-here"))
    assert module_dir("example.com/Pages", "v1.0.0", "h1:pinned=", tmp_path) == folder
    with pytest.raises(SystemExit, match="Go toolchain"):
        module_dir("example.com/Pages", "v1.0.0", "h1:other=", tmp_path)


@pytest.mark.skipif(shutil.which("go") is None, reason="fetching the labelled pages needs Go")
@pytest.mark.parametrize("name", ["readability", "comparison", "mediacloud", "webnews"])
def test_the_labels_of_a_modules_pages_point_to_english_pages_and_quote_them_verbatim(
    name: str,
) -> None:
    """The labels kept in evaluation/gold/<set>-en for the pages a Go module carries: the four
    files label the same pages, in both halves; each name, alias and quote start is written as
    the page's labelled text writes it, and that text is no copy kept here but built from the
    fetched module's page."""
    from evaluation.run import module_page_sets

    pages = module_page_sets()[name]
    labels = pages.labels
    files = ("entities", "quotes", "datelines_sources", "metadata")
    rows = {file: labels.rows(file) for file in files}
    ids = [row["id"] for row in rows["entities"]]
    assert len(ids) == len(set(ids)) >= 30
    assert all([row["id"] for row in rows[file]] == ids for file in files)
    assert {labels.half(i) for i in ids} == set(HALVES)
    root = pages.root()
    for meta, entities, quotes in zip(rows["metadata"], rows["entities"], rows["quotes"],
                                      strict=True):  # fmt: skip
        assert pages.html(root, meta).is_file(), meta
        body = pages.text(root, meta)
        names = {kind: set(entities[kind]) for kind in ("person", "org", "location")}
        assert not names["person"] & names["org"] and not names["org"] & names["location"]
        for name in set().union(*names.values()) - {"United States", "United Kingdom"}:
            assert name in body or any(a in body for a in entities["aliases"].get(name, [])), name
        for quote in quotes["quotes"]:
            assert quote["kind"] in ("direct", "indirect") and quote["speaker"], quote
            assert quote["text_start"] in body, quote
    for row in rows["metadata"]:
        assert row["title"] and isinstance(row["authors"], list), row
        assert row["published"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", row["published"])


@pytest.mark.skipif(shutil.which("go") is None, reason="fetching htmldate's pages needs Go")
def test_htmldate_pages_and_their_gold_days_are_read_from_the_pinned_module() -> None:
    """htmldate's 1,000 pages: each a file of the module, its gold a day or none, its publisher
    in one stored half; the error lister prints only tuning publishers' pages."""
    from evaluation import htmldate_pages
    from evaluation._splits import half_of

    pages = htmldate_pages.pages()
    assert len(pages) == 1000 and all(page.path.is_file() for page in pages)
    assert sum(page.published is None for page in pages) == 5
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", p.published) for p in pages if p.published)
    halves = {half_of(htmldate_pages.SPLIT, page.publisher) for page in pages}
    assert halves == set(HALVES)
    done = subprocess.run(
        [sys.executable, "-m", "evaluation.errors", "fields", "--set", "htmldate"],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    shown = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("== ")]
    assert shown, "the tuning half has pages whose day is wrong"
    tuning = {p.url for p in pages if half_of(htmldate_pages.SPLIT, p.publisher) == "tuning"}
    assert set(shown) <= tuning


def test_entity_errors_name_what_the_counts_count() -> None:
    from evaluation._scoring import entity_errors, score_entities

    doc = {
        "person": ["Ann Lee", "Bo Chen"],
        "org": ["Harbour Authority"],
        "location": [],
        "aliases": {"Harbour Authority": ["the Authority"]},
        "optional": {"org": ["Ferry Line"]},
    }
    predicted = {
        "person": ["Ann Lee", "Lee", "Harbour Authority"],
        "org": ["the Authority", "Ferry Line", "Tuesday"],
        "location": [],
    }
    errors = entity_errors(doc, predicted)
    # an alias finds its name; an optional name counts neither way; a second form is extra
    assert errors["org"].extra == ["Tuesday"] and errors["org"].missed == []
    assert errors["person"].extra == ["Lee", "Harbour Authority"]
    assert errors["person"].missed == ["Bo Chen"]
    counts = score_entities(doc, predicted)
    assert (counts["person"].tp, counts["person"].fp, counts["person"].fn) == (1, 2, 1)


def test_quote_matches_name_missed_and_extra_quotes() -> None:
    from etl import Quote
    from evaluation._scoring import match_quotes, score_quotes

    body = 'The port is shut, Ann Lee said. "We wait for the storm," said Bo Chen. Ferries stop.'
    gold = [
        {"speaker": "Ann Lee", "kind": "indirect", "text_start": "The port is shut"},
        {"speaker": "Bo Chen", "kind": "direct", "text_start": "We wait for the storm"},
    ]
    predicted = [
        Quote(speaker="Lee", cue="said", kind="indirect", text="The port is shut"),
        Quote(speaker="Ann Lee", cue="said", kind="direct", text="We wait for the storm,"),
        Quote(speaker="Bo Chen", cue="said", kind="indirect", text="Ferries stop."),
    ]
    match = match_quotes(body, gold, predicted)
    assert [quote.speaker for _, quote in match.right] == ["Lee"]
    # the storm quote overlaps one given to the wrong speaker: missed, and that speaker named
    assert [(entry["speaker"], near) for entry, near in match.missed] == [("Bo Chen", ["Ann Lee"])]
    assert [quote.text for quote in match.extra] == ["We wait for the storm,", "Ferries stop."]
    counts, kinds = score_quotes(body, gold, predicted)
    assert (counts.tp, counts.fp, counts.fn, kinds) == (1, 2, 1, 1)


def test_a_right_quote_opens_where_the_gold_quote_does_or_not() -> None:
    from etl import Quote
    from evaluation._scoring import opening_figures, score_openings

    body = (
        "Prices will rise, Ann Lee told a news conference. Bo Chen told a news conference the "
        "port would shut. Cy Ito said “the ferries stop” today."
    )
    gold = [
        {"speaker": "Ann Lee", "kind": "indirect", "text_start": "Prices will rise"},
        {"speaker": "Bo Chen", "kind": "indirect", "text_start": "the port would shut"},
        {"speaker": "Cy Ito", "kind": "direct", "text_start": "the ferries stop"},
    ]
    predicted = [
        Quote(speaker="Ann Lee", cue="told", kind="indirect", text="Prices will rise"),
        # right speaker, overlapping text, but opening with who was told
        Quote(
            speaker="Bo Chen",
            cue="told",
            kind="indirect",
            text="a news conference the port would shut",
        ),
        Quote(speaker="Cy Ito", cue="said", kind="direct", text="“the ferries stop”"),
    ]
    assert score_openings(body, gold, predicted) == (2, 3)
    assert opening_figures([(2, 3), (1, 1)]) == {"other": 0.75, "n": 4}
    assert opening_figures([(0, 0)]) == {"other": None, "n": 0}


def test_a_speaking_country_matches_by_any_of_its_names() -> None:
    from etl import Quote
    from evaluation._scoring import score_speakers, speakers_match

    assert speakers_match("United Kingdom", "Britain") and speakers_match("U.S.", "United States")
    assert not speakers_match("United Kingdom", "Ireland")
    counts = score_speakers(
        [{"speaker": "Britain"}],
        [Quote(speaker="United Kingdom", cue="said", kind="indirect", text="")],
    )
    assert (counts.tp, counts.fp, counts.fn) == (1, 0, 0)


def test_a_gold_quote_set_in_other_quote_marks_than_the_page_is_still_found() -> None:
    from etl import Quote
    from evaluation._scoring import match_quotes

    body = 'Team head Jo Ngo says the idea "is actually not so crazy." She smiled.'
    gold = [{"speaker": "Jo Ngo", "kind": "direct", "text_start": "the idea “is actually not"}]
    predicted = [Quote(speaker="Jo Ngo", cue="says", kind="direct", text="the idea “is actually")]
    match = match_quotes(body, gold, predicted)
    assert [entry["speaker"] for entry, _ in match.right] == ["Jo Ngo"]
    assert match.missed == [] and match.extra == []


def test_a_quote_joined_around_its_attribution_is_found_where_it_runs() -> None:
    from evaluation._scoring import overlaps, span_of

    body = 'Mills "got an immunity agreement," Jordan said, and still "sat in." Then more.'
    joined = 'Mills "got an immunity agreement," ... and still "sat in."'
    assert span_of(body, joined) == (0, body.index("sat in.") + len("sat in."))
    assert overlaps(span_of(body, joined), (body.index("sat in"), body.index("Then")))
    assert span_of(body, "Then more.") == (body.index("Then"), len(body))
    assert span_of(body, "never said ... anywhere") is None


@pytest.mark.skipif(not (SHARED / "data" / "fundus").exists(), reason="needs ../shared/data")
def test_the_error_lister_prints_tuning_pages_only() -> None:
    import json as _json

    done = subprocess.run(
        [sys.executable, "-m", "evaluation.errors", "fields"],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    split = _json.loads((REPO / "evaluation" / "splits" / "fundus.json").read_text("utf-8"))
    shown = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("== ")]
    assert shown, "the tuning half has pages with errors to show"
    assert set(shown) <= set(split["tuning"])


@pytest.mark.skipif(not (SHARED / "data" / "gold").exists(), reason="needs ../shared/data")
def test_the_error_lister_reads_polnear_quotes_of_the_tuning_publishers_only() -> None:
    import json as _json

    done = subprocess.run(
        [sys.executable, "-m", "evaluation.errors", "quotes", "--set", "polnear"],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    split = _json.loads((REPO / "evaluation" / "splits" / "polnear.json").read_text("utf-8"))
    lines = [line for line in done.stdout.splitlines() if line.startswith("== ")]
    shown = [line.split()[2].rstrip(":") for line in lines]
    assert shown, "the tuning half has quotes attributed wrongly or not found"
    assert set(shown) <= set(split["tuning"])
    # each error names the gold speaker and shows the text around the quote
    assert all(", gold " in line for line in lines)


@pytest.mark.skipif(not (SHARED / "data" / "gold").exists(), reason="needs ../shared/data")
def test_the_error_lister_reads_conll_documents_of_the_tuning_half_only() -> None:
    import json as _json

    done = subprocess.run(
        [sys.executable, "-m", "evaluation.errors", "entities", "--set", "conll", "--type",
         "location"],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    split = _json.loads((REPO / "evaluation" / "splits" / "conllpp.json").read_text("utf-8"))
    shown = [
        line.split()[2].rstrip(":") for line in done.stdout.splitlines() if line.startswith("== ")
    ]
    assert shown, "the tuning half has location errors to show"
    assert set(shown) <= set(split["tuning"])
    errors = [line for line in done.stdout.splitlines() if line.startswith("  ")]
    assert errors and all(" LOC " in line for line in errors)


def test_checking_interval_is_wide_on_few_pages_narrow_on_many_and_repeatable() -> None:
    from evaluation._figures import bootstrap_interval, share_figures

    few = [True] * 7 + [False] * 3  # 0.7 right on 10 pages
    many = few * 100  # 0.7 right on 1,000 pages
    few_low, few_high = bootstrap_interval(few, share_figures, "other", "row")
    many_low, many_high = bootstrap_interval(many, share_figures, "other", "row")
    assert few_low < 0.6 and few_high > 0.8  # ten pages say little
    assert 0.66 < many_low < 0.7 < many_high < 0.74
    assert bootstrap_interval(few, share_figures, "other", "row") == [few_low, few_high]
    assert bootstrap_interval([True], share_figures, "other", "row") is None


def _results(checking_f1: float) -> dict:
    row = {
        "id": "entities_all", "task": "entities all", "dataset": "pages", "n": 80,
        "precision": 0.8, "recall": 0.9, "f1": 0.84, "other_name": None, "other": None,
        "status": "ok", "note": None,
        "halves": {
            "tuning": {"n": 33, "f1": 0.92},
            "checking": {"n": 47, "f1": checking_f1, "interval": [0.71, 0.83]},
        },
    }  # fmt: skip
    share = {**row, "id": "language", "f1": None, "other": 1.0, "halves": {}}
    return {"commit": "abc", "quick": False, "rows": [row, share], "throughput": []}


def test_compare_names_the_rows_that_moved_and_guards_refactors(tmp_path: Path) -> None:
    old, same, moved = (tmp_path / f"{name}.json" for name in ("old", "same", "moved"))
    old.write_text(json.dumps(_results(0.773)))
    same.write_text(json.dumps({**_results(0.773), "commit": "def", "seconds": 99}))
    moved.write_text(json.dumps(_results(0.851)))

    def compare(*args: Path | str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "evaluation.compare", *map(str, args)],
            cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip

    unchanged = compare(old, same, "--identical")
    assert unchanged.returncode == 0, unchanged.stderr
    assert "0 rows changed or missing, 2 identical" in unchanged.stdout
    changed = compare(old, moved)
    assert changed.returncode == 0  # without --identical, a report only
    line = next(x for x in changed.stdout.splitlines() if x.startswith("entities_all"))
    assert "0.773->0.851" in line and "+0.078" in line and "outside the old interval" in line
    assert "language" not in changed.stdout.split("row", 1)[1]  # unchanged rows are not listed
    assert compare(old, moved, "--identical").returncode == 1
    missing = compare(old, tmp_path / "nowhere.json")
    assert missing.returncode == 2 and "cannot read the results" in missing.stderr
    # the tuning view shows no checking figure, and only rows whose tuning figure moved
    tuned = _results(0.851)
    tuned["rows"][0]["halves"]["tuning"]["f1"] = 0.95
    (tmp_path / "tuned.json").write_text(json.dumps(tuned))
    view = compare(old, tmp_path / "tuned.json", "--tuning").stdout
    assert "0.920->0.950" in view and "+0.030" in view and "1 rows moved" in view
    assert "0.851" not in view and "0.773" not in view and "0.84" not in view
    assert "0 rows moved" in compare(old, moved, "--tuning").stdout  # only checking moved


@pytest.mark.skipif(
    not (SHARED / "data" / "reuters21578").exists(), reason="needs ../shared/data/reuters21578"
)
def test_the_reuters_speaker_gold_copies_no_story_text() -> None:
    """The collection is for research use only: a row's note may point at a cue with a few
    words, never carry a run of eight of the story's words."""
    import gzip
    import re

    with gzip.open(SHARED / "data" / "reuters21578" / "stories.jsonl.gz", "rt") as lines:
        bodies = {
            row["id"]: " ".join((row.get("body") or "").split()) for row in map(json.loads, lines)
        }
    gold = REPO / "evaluation" / "gold" / "reuters-quotes" / "quotes.jsonl"
    copied = []
    for line in gold.read_text("utf-8").splitlines():
        row = json.loads(line)
        words = re.findall(r"\S+", row["note"])
        body = bodies[row["id"]]
        if any(" ".join(words[i : i + 8]) in body for i in range(len(words) - 7)):
            copied.append(row["id"])
    assert copied == []
