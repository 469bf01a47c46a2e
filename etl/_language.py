"""Language identification: the ISO 639-1 code of an article's text.

py3langid's naive Bayes model does the work. Its labels that are not ISO 639-1 codes are mapped
to their macrolanguage ("arz" -> "ar", "yue" -> "zh"), or, when none has a two-letter code, left
out of the candidates (`data/language_codes.json`, from the ISO 639-3 tables), so the `language`
facet only ever holds ISO 639-1 codes. When the text alone leaves two languages close (short
texts; Norwegian and Danish, Indonesian and Malay), the language the page declares
(`<html lang>`) breaks the tie; a declared language the text clearly contradicts (a template's
default "en-US" on a Swahili page) is ignored.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_CODES = Path(__file__).with_name("data") / "language_codes.json"
MAX_CHARS = 5000  # the first N characters decide; more costs time and changes nothing
_META_LANGUAGE = (
    "//meta[translate(@http-equiv, 'CONTENTLANGUAGE', 'contentlanguage')='content-language']"
    "/@content"
)
TIE_RATIO = 0.2  # a declared language at least this probable against the best one wins


@cache
def _codes() -> tuple[dict[str, str], frozenset[str]]:
    data = json.loads(_CODES.read_text("utf-8"))
    return dict(data["to_iso639_1"]), frozenset(data["no_iso639_1"])


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    mapped, dropped = _codes()
    keep = {
        label
        for label in identifier.nb_classes
        if label not in dropped and (label in mapped or len(label) == 2)
    }
    identifier.set_languages(sorted(keep))
    return identifier


def iso639_1(tag: str | None) -> str | None:
    """The ISO 639-1 code of a label or language tag ("nb-NO" -> "no", "arz" -> "ar")."""
    if not tag:
        return None
    code = tag.strip().replace("_", "-").split("-")[0].lower()
    mapped, _ = _codes()
    code = mapped.get(code, code)
    return code if len(code) == 2 and code.isalpha() else None


def detect_language(text: str, declared: str | None = None) -> str | None:
    """The ISO 639-1 code of `text`, or None for text without letters. `declared` (the page's
    own language tag) decides between close candidates only."""
    if not any(c.isalpha() for c in text[:MAX_CHARS]):
        return None
    ranked: dict[str, float] = {}
    for label, probability in _identifier().rank(text[:MAX_CHARS]):
        code = iso639_1(label)
        if code:
            ranked[code] = ranked.get(code, 0.0) + float(probability)
    if not ranked:
        return None
    best = max(ranked, key=ranked.__getitem__)
    hint = iso639_1(declared)
    if hint and hint != best and ranked.get(hint, 0.0) >= TIE_RATIO * ranked[best]:
        return hint
    return best


def page_language(tree: Any) -> str | None:
    """The language a parsed page declares: `<html lang>`, else its content-language meta."""
    declared = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not declared:
        found = tree.xpath(_META_LANGUAGE)
        declared = found[0] if found else None
    return iso639_1(declared)
