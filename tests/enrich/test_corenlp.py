"""The Stanford CRF tagger as the English NER: a real Java process, real models."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl import Article, ConfigError, Input, Pipeline, Settings
from etl.enrich import EntityStage, _corenlp
from etl.enrich._corenlp import CrfTagger

THREE_CLASS = "edu/stanford/nlp/models/ner/english.all.3class.distsim.crf.ser.gz"
LABELS = {"PERSON": "PERSON", "ORGANIZATION": "ORG", "LOCATION": "GPE"}


@pytest.fixture(scope="module")
def tagger() -> Iterator[CrfTagger]:
    if not _corenlp.fetched():
        pytest.fail("CoreNLP is not fetched: `make install` runs `newsarchive models fetch`")
    built = CrfTagger(THREE_CLASS, LABELS)
    yield built
    built.close()


def test_spans_carry_python_offsets(tagger: CrfTagger) -> None:
    # An emoji is two UTF-16 units in Java and one character here; a lone surrogate cannot be
    # encoded at all. Neither may shift the offsets after it.
    text = "Launch day 🚀 \ud800: Angela Merkel flew from Berlin to meet officials of Siemens."
    spans = tagger.spans(text)
    assert all(text[start:end] == surface for surface, _, start, end in spans)
    assert ("Angela Merkel", "PERSON") in {(s, label) for s, label, *_ in spans}
    assert ("Berlin", "GPE") in {(s, label) for s, label, *_ in spans}
    assert ("Siemens", "ORG") in {(s, label) for s, label, *_ in spans}


def test_documents_are_read_one_by_one_in_order(tagger: CrfTagger) -> None:
    texts = ["", "No names here at all.", "Toyota opened a plant in Texas.\n\nIt employs 900."]
    assert tagger.spans(texts[0]) == [] and tagger.spans(texts[1]) == []
    assert {s for s, *_ in tagger.spans(texts[2])} == {"Toyota", "Texas"}


def test_a_tagger_that_cannot_load_its_classifier_says_why() -> None:
    with pytest.raises(ConfigError, match=r"did not start: .*Unable to open .*no-such-model"):
        CrfTagger("edu/stanford/nlp/models/ner/no-such-model.crf.ser.gz", LABELS)


def test_close_stops_the_java_process() -> None:
    built = CrfTagger(THREE_CLASS, LABELS)
    proc = built._proc
    assert proc is not None and proc.poll() is None
    built.close()
    assert proc.poll() is not None and built.pid is None
    with pytest.raises(RuntimeError, match="after close"):
        built.spans("Paris")


def test_a_document_that_stops_the_tagger_fails_alone_and_the_next_one_is_read() -> None:
    """A JVM that dies while it reads a document (a crash, out of memory) fails that document,
    with the reason; the tagger starts again for the next one, as after a death between two."""
    built = CrfTagger(THREE_CLASS, LABELS)
    try:
        first = built.pid
        assert first is not None
        long_document = "Angela Merkel met Emmanuel Macron in Paris on Monday. " * 8000
        killer = threading.Timer(0.5, os.kill, (first, signal.SIGKILL))  # mid-document
        killer.start()
        with pytest.raises(RuntimeError, match="stopped on this document"):
            built.spans(long_document)
        killer.join()
        assert built.spans("Angela Merkel spoke in Berlin.")[0][:2] == ("Angela Merkel", "PERSON")
        second = built.pid
        assert second not in (None, first) and built.restarts == 1
        os.kill(second, signal.SIGKILL)  # between two documents: nobody's fault
        os.waitpid(second, 0)
        assert {s for s, *_ in built.spans("Toyota opened a plant in Texas.")} == {
            "Toyota",
            "Texas",
        }
        assert built.restarts == 2
    finally:
        built.close()


def test_the_tagger_stops_when_its_parent_is_killed(tmp_path: Path) -> None:
    """A worker killed outright must not leave a JVM behind."""
    script = (
        "import os, sys\n"
        "from etl.enrich._corenlp import CrfTagger\n"
        f"t = CrfTagger({THREE_CLASS!r}, {LABELS!r})\n"
        "print(t._proc.pid, flush=True)\n"
        "os.kill(os.getpid(), 9)\n"
    )
    cmd = [sys.executable, "-c", script]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    pid = int(out.stdout.split()[0])
    for _ in range(100):
        if not Path(f"/proc/{pid}").exists() or "Z" in _state(pid):
            break
        subprocess.run(["sleep", "0.1"], check=True)
    else:
        os.kill(pid, 9)
        pytest.fail("the tagger outlived its killed parent")


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0]
    except OSError:
        return "Z"


def test_the_entity_stage_reads_english_with_the_crf_by_default() -> None:
    stage = EntityStage(Settings())
    try:
        body = "Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Monday."
        article = stage.process(Article(id="a", url=None, body=body, language="en"))
        name = f"stanford-corenlp-{_corenlp.VERSION}:english.all.3class.distsim"
        assert article.ner_model == name
        assert {"Olaf Scholz", "Emmanuel Macron"} <= set(article.entities.person)
        assert article.entities.location == ["Paris"]
        assert all(body[m.start : m.end] == m.text for m in article.entity_mentions)
        # French is still read by its spaCy model.
        french = "Le président Emmanuel Macron a reçu Olaf Scholz à Paris lundi."
        article = stage.process(Article(id="f", url=None, body=french, language="fr"))
        assert article.ner_model.startswith("fr_core_news_sm")
    finally:
        stage.close()


def test_ner_spacy_reads_english_with_spacy() -> None:
    stage = EntityStage(Settings(ner="spacy"))
    try:
        article = stage.process(Article(id="a", url=None, body="Angela Merkel spoke in Berlin."))
        assert article.ner_model.startswith("en_core_web_sm")
        assert article.entities.person == ["Angela Merkel"]
    finally:
        stage.close()


def test_an_unknown_ner_setting_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="corenlp, spacy"):
        EntityStage(Settings(ner="bert"))


def test_models_not_fetched_leave_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSARCHIVE_MODELS_DIR", str(tmp_path))
    with pytest.raises(ConfigError, match="newsarchive models fetch"):
        EntityStage(Settings())
    # A run stops with the reason, not with the entities stage left out and no entities.
    with Pipeline(Settings(), workers=1) as pipeline, pytest.raises(ConfigError, match="fetch"):
        list(pipeline.enrich([Input(key="k", text="Angela Merkel spoke in Berlin.")]))
    # ... and the spaCy English model still serves where Java is not wanted
    EntityStage(Settings(ner="spacy")).close()


def test_models_fetch_resolves_compiles_and_is_idempotent(tmp_path: Path) -> None:
    """The install step itself, into an empty folder: Maven (from its local repository, filled
    by `make install`), javac, then a rerun that changes nothing."""
    env = {**os.environ, "NEWSARCHIVE_MODELS_DIR": str(tmp_path)}
    cmd = [sys.executable, "-m", "etl.cli", "models", "fetch", "--json"]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    answer = json.loads(first.stdout)
    folder = Path(answer["corenlp"])
    assert answer["fetched_now"] is True and folder.parent == tmp_path
    assert (folder / "CrfTagger.class").exists()
    assert not list(tmp_path.glob("*.partial"))
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert json.loads(again.stdout)["fetched_now"] is False


def test_the_fetched_models_hold_each_languages_jar() -> None:
    """`newsarchive models fetch` brings the models jar of every language the CRF reads."""
    jars = {artifact.classifier for artifact in _corenlp._artifacts()}
    assert {"models", "models-german"} <= jars
    for jar in jars - {None}:
        assert (_corenlp.lib_dir() / f"stanford-corenlp-{_corenlp.VERSION}-{jar}.jar").exists()
