"""The Stanford CRF named-entity recogniser (CoreNLP), run as a Java process per stage.

Why a second NER: on pages no rule was written from, the CRF's English model reads names better
than the small spaCy model. On the checking halves of `make eval` it raised document-level
entities from 0.774 to 0.827 and CoNLL++ PER/ORG/LOC from 0.909/0.742/0.866 to 0.961/0.837/0.898
(the decision was taken on CoNLL++'s tuning half, the one half no rule had been fitted to).

`fetch()` asks Maven for CoreNLP and the models jars of the languages it reads (English's, German's:
`data/ner_models.json`; edu.stanford.nlp:stanford-corenlp, GPL-3.0 or later; installed beside
this Apache-2.0 project, never bundled with it) and compiles the small line
filter `java/CrfTagger.java` against them, once per machine, into `models_dir()`. `make install`
runs it (`newsarchive models fetch`). `CrfTagger` starts the filter and hands it documents one at a
time over pipes; the process stops with the stage, or with the process that started it (its
input ends).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .._errors import ConfigError
from .._maven import Artifact, MavenError, copy_jars, exclusive, java_tool
from ._ner_models import crf_jars

VERSION = "4.5.10"
_GROUP, _ARTIFACT = "edu.stanford.nlp", "stanford-corenlp"
_SOURCE = Path(__file__).with_name("java") / "CrfTagger.java"
_MAIN_CLASS = "CrfTagger"
_HEAP = "400m"  # a peak RSS of ~370 MB (English 3-class), ~415 MB (German), serial GC


def _artifacts() -> list[Artifact]:
    """CoreNLP and each models jar a language's classifier lies in ("models", "models-german")."""
    models = [Artifact(_GROUP, _ARTIFACT, VERSION, classifier=jar) for jar in crf_jars()]
    return [Artifact(_GROUP, _ARTIFACT, VERSION), *models]


Span = tuple[str, str, int, int]  # (text, label, start, end), as `_entities.Span`


def models_dir() -> Path:
    """Where fetched models live: $NEWSARCHIVE_MODELS_DIR, else the user's cache folder."""
    if configured := os.environ.get("NEWSARCHIVE_MODELS_DIR"):
        return Path(configured).absolute()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "newsarchive" / "models"


def lib_dir() -> Path:
    return models_dir() / f"{_ARTIFACT}-{VERSION}"


def _tool(name: str, what: str) -> str:
    path = shutil.which(name) if name == "mvn" else java_tool(name)
    if not path:
        raise ConfigError(f"entities: {what} is not installed (`{name}` not found)")
    return path


def _jars_key() -> str:
    return " ".join(a.xml() for a in _artifacts())


def _source_digest() -> str:
    # the jars too: a release that reads one more language fetches its jar again
    return hashlib.sha256(_SOURCE.read_bytes() + _jars_key().encode()).hexdigest()[:16]


def fetched() -> bool:
    """Whether this release's jars are here and the tagger was compiled from its source."""
    marker = lib_dir() / ".complete"
    return marker.exists() and marker.read_text().strip() == _source_digest()


def fetch() -> Path:
    """Download CoreNLP and its models with Maven and compile the tagger, once. Returns the
    folder holding them. Safe to rerun: a complete folder is kept as it is, and a tagger whose
    source changed (a new release of this project) is only compiled again."""
    target = lib_dir()
    if fetched():
        return target
    javac = _tool("javac", "a Java 17+ JDK (javac), which compiles the CoreNLP tagger,")
    with exclusive(target):
        if fetched():  # by the process that held the lock before this one
            return target
        jars = target / ".jars"
        if not jars.exists() or jars.read_text() != _jars_key():
            mvn = _tool("mvn", "Maven, which fetches the CoreNLP models,")
            try:
                copy_jars(mvn, "corenlp", _artifacts(), target, transitive=False)
            except MavenError as exc:
                raise ConfigError(
                    f"entities: Maven could not fetch {_ARTIFACT} {VERSION}: {exc}"
                ) from exc
            jars.write_text(_jars_key())
        (target / ".complete").unlink(missing_ok=True)
        _run([javac, "-cp", _classpath(), "-d", str(target), str(_SOURCE)], "javac failed")
        (target / ".complete").write_text(_source_digest() + "\n")
    return target


def _classpath() -> str:
    return os.pathsep.join([str(lib_dir()), *map(str, sorted(lib_dir().glob("*.jar")))])


def _run(cmd: list[str], failure: str) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-3:]
        raise ConfigError(f"entities: {failure}: " + " | ".join(tail))


def _code_points(text: str) -> list[int]:
    """Python offsets of each UTF-16 offset of `text` (Java counts a character outside the
    Basic Multilingual Plane, an emoji, as two)."""
    offsets = []
    for i, char in enumerate(text):
        offsets.append(i)
        if ord(char) > 0xFFFF:
            offsets.append(i)
    offsets.append(len(text))
    return offsets


class CrfTagger:
    """One running CRF tagger with one classifier (a path inside the models jar). `labels`
    maps its labels (PERSON, ORGANIZATION, LOCATION) to the English spaCy model's; others are
    dropped. `tokenizer`: the PTB tokenizer's options ("" for its defaults); `heap`: the JVM's
    largest heap, which the classifier's size sets. Raises
    `ConfigError` if the models are not fetched or Java will not start: the run stops with the
    reason, where a stage that is merely `NotConfigured` would be left out with a warning and a
    whole night would be indexed with no entities."""

    def __init__(
        self, classifier: str, labels: dict[str, str], tokenizer: str = "", heap: str = _HEAP
    ) -> None:
        if not fetched():
            raise ConfigError(
                f"entities: the CoreNLP NER models are not fetched into {lib_dir()}; run "
                "`newsarchive models fetch` (`make install` does), or set NEWSARCHIVE_NER=spacy"
            )
        self._command = [
            _tool("java", "Java 17+, which runs the CoreNLP tagger,"), f"-Xmx{heap}",
            "-XX:+UseSerialGC", "-cp", _classpath(), _MAIN_CLASS, classifier, tokenizer,
        ]  # fmt: skip
        self.labels = labels
        self.name = f"{_ARTIFACT}-{VERSION}:{Path(classifier).name.split('.crf')[0]}"
        self.restarts = 0
        self._closed = False
        self._proc: subprocess.Popen[bytes] | None = None
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the tagger
        try:
            self._start()
        except ConfigError:
            self.close()
            raise

    def _start(self) -> None:
        self._stderr.seek(0)
        self._stderr.truncate()
        # No parent-death signal: the kernel sends it when the *thread* that started the
        # child ends. The filter ends at the end of its input instead, which comes when this
        # process closes the pipe or dies, however it dies.
        self._proc = subprocess.Popen(
            self._command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr
        )
        if self._read_line() != "ready":
            errors = self._errors()
            self._stop()
            raise ConfigError(f"entities: the CoreNLP tagger did not start: {errors}")

    def spans(self, text: str) -> list[Span]:
        """The entities of one document, with Python offsets into `text`. (A lone surrogate
        goes over as one "?", so every offset stays in step.) A document that stops the tagger
        (its JVM crashed or ran out of memory) raises; the tagger starts again for the next."""
        if self._closed:
            raise RuntimeError("CrfTagger used after close()")
        if self._proc is None or self._proc.poll() is not None:
            self._stop()
            self._start()
            self.restarts += 1
        proc = self._proc
        assert proc is not None and proc.stdin is not None
        try:
            proc.stdin.write(base64.b64encode(text.encode("utf-8", "replace")) + b"\n")
            proc.stdin.flush()
        except BrokenPipeError:
            pass  # the read below names the cause
        line = self._read_line()
        if line is None:
            errors = self._errors()
            self._stop()
            raise RuntimeError(f"the CoreNLP tagger stopped on this document: {errors}")
        if line.startswith("!"):
            raise RuntimeError(f"the CoreNLP tagger failed on a document: {line[1:]}")
        offsets = _code_points(text)
        found = []
        for item in filter(None, line.split(";")):
            label, start, end = item.split(" ")
            if mapped := self.labels.get(label):
                begin, stop = offsets[int(start)], offsets[int(end)]
                found.append((text[begin:stop], mapped, begin, stop))
        return found

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def _read_line(self) -> str | None:
        assert self._proc is not None and self._proc.stdout is not None
        stdout = self._proc.stdout
        raw = stdout.readline()
        return raw.decode("utf-8").rstrip("\n") if raw else None

    def _errors(self) -> str:
        self._stderr.seek(0)
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        # A Java stack trace says what went wrong before its frames ("\tat ...", "... 3 more").
        said = [ln.strip() for ln in lines if not re.match(r"\s+(?:at |\.\.\. \d+ more)", ln)]
        return " | ".join(said[-3:]) or "no message"

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._stop()
            self._stderr.close()

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.stdin:
            with contextlib.suppress(BrokenPipeError):  # a filter that died has no input
                proc.stdin.close()  # the filter ends at the end of its input
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()
