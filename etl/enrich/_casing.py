"""True case for English bodies written without it, so the NER model and the rules can read names.

Some copy reaches the archive in lower case ("finance minister manuel azpurua told a press
conference": 44 of the 12,679 Reuters-21578 stories of 300 characters or more, most of them from
one Latin American desk). The NER model reads names by their capitals, so such a story got almost
no entity facets and its speakers went unnamed. Where a body shows the signs (`uncased`), the
entity stage reads a true-cased copy of it (`TrueCaser`): the Stanford true-casing CRF of the
CoreNLP models jar the English NER already uses (`_corenlp`), run as its own tagger process. The
copy has the body's length, so every offset still points into the body as written; the body
itself is never changed.

Only letters in lower case are raised, and only where the model says a word opens with a capital
(a whole word in capitals only if it holds a point, "u.s."), so a cased word is never spoiled and
"pct" does not become "PCT". Bodies written in capitals are left as they are: in the corpora at
hand they are tables (standings, rainfall, prices), whose capitals the rules read as they stand.
"""

from __future__ import annotations

import re
from functools import cache

from ._corenlp import CrfTagger
from ._gazetteer import gazetteer, place_key

MODEL = "edu/stanford/nlp/models/truecase/truecasing.fast.caseless.qn.ser.gz"
# The model's 100 MB of weights: a peak RSS of ~1.25 GB; it fails in 1 GB.
HEAP = "1600m"
_LABELS = {"INIT_UPPER": "INIT_UPPER", "UPPER": "UPPER"}

_WORD = re.compile(r"[^\W\d_]+(?:[.'’-][^\W\d_]+)*\.?")
# Names a cased English text always capitalises, whatever it is about.
_CALENDAR = frozenset(
    "january february april june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
_POSSESSIVE = re.compile(r"['’]s?$")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")


@cache
def _state_names() -> frozenset[str]:
    """US states by their names only: not the postal codes "in", "me", "or"."""
    return frozenset(place_key(name) for name in gazetteer().state_names.values())


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 20) : start].rstrip()
    return not before or before[-1] in ".!?:\"“”'’("


def uncased(text: str) -> bool:
    """Whether `text` is written in lower case: naming countries, US states, months or
    weekdays in lower case at least twice and more often than it capitalises
    them inside a sentence (none of three letters or fewer, so not "us"; none inside quotation
    marks, where a quoted email keeps its writer's case)."""
    places = gazetteer()
    states = _state_names()
    lower = capitalised = 0
    # a quoted email or post keeps its writer's case: "“... our embassy in london on a sunday”"
    words = list(_WORD.finditer(_QUOTED.sub(lambda m: " " * len(m.group()), text)))
    for i, m in enumerate(words):
        for span in (1, 2):  # "venezuela", "new york"
            if i + span > len(words):
                break
            last = words[i + span - 1]
            if text[m.end() : last.start()].strip():
                break  # the words are not adjacent
            form = _POSSESSIVE.sub("", text[m.start() : last.end()])
            key = place_key(form)
            if len(key) > 3 and (key in places.countries or key in states or key in _CALENDAR):
                if form.islower():
                    lower += 1
                elif form[0].isupper() and not _opens_sentence(text, m.start()):
                    capitalised += 1
    return lower >= 2 and lower > capitalised


class TrueCaser:
    """One running true-casing tagger. `read(text)` is `text` with case restored (same length);
    `close()` stops the process."""

    def __init__(self) -> None:
        self._tagger = CrfTagger(MODEL, _LABELS, heap=HEAP)
        self.name = self._tagger.name

    @property
    def pid(self) -> int | None:
        return self._tagger.pid

    def read(self, text: str) -> str:
        chars = list(text)
        for _, label, start, end in self._tagger.spans(text):
            for word in _WORD.finditer(text, start, end):
                raise_all = label == "UPPER" and "." in word.group().rstrip(".")
                if label == "UPPER" and not raise_all and len(word.group()) > 1:
                    continue  # "pct", "dlrs": the model's capitals for units of wire copy
                for i in range(word.start(), word.end() if raise_all else word.start() + 1):
                    upper = chars[i].upper()
                    if chars[i].islower() and len(upper) == 1:  # "ß" would grow to "SS"
                        chars[i] = upper
        return "".join(chars)

    def close(self) -> None:
        self._tagger.close()
