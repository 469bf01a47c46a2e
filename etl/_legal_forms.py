"""Companies' legal forms ("Inc.", "GmbH", "plc"): one list, read by the bylines (a name ending
in one is a company, not an author) and by the entity rules (such a name is an organisation).

The list is `data/legal_forms.json`, chosen from cleanco's term data (MIT); see its `_source`.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LEGAL_FORMS = Path(__file__).resolve().parent / "data" / "legal_forms.json"


@cache
def legal_forms() -> tuple[str, ...]:
    """The legal forms as English text writes them after a name, cased as written, longest
    first (so a pattern built from them tries "Pty Ltd" before "Ltd")."""
    forms = json.loads(LEGAL_FORMS.read_text("utf-8"))["legal_forms"]
    return tuple(sorted(forms, key=len, reverse=True))


def _folded(form: str) -> str:
    return form.replace(".", "").casefold()


@cache
def _long_forms() -> frozenset[str]:
    # three letters or more, case and dots aside ("INC.", "Ltd", "LLC"): no person's name ends so
    return frozenset(_folded(f) for f in legal_forms() if len(_folded(f).replace(" ", "")) >= 3)


def ends_in_legal_form(name: str, *, organisation: bool = False) -> bool:
    """`name` ends with a company's legal form ("Harbour Media GmbH", "ACME INC.", "Acme S.A.").
    A bare two-letter form ("Co", "SA", "AG") counts only for a name already known to be an
    `organisation` ("Shell Oil Co"): it may end a person's name."""
    words = name.strip().rstrip(",").split()
    if len(words) < 2:
        return False
    forms = set(legal_forms())
    for tail in (words[-1], " ".join(words[-2:])):
        if _folded(tail) in _long_forms() or (tail in forms and any(c in tail for c in "./")):
            return True
        if organisation and _folded(tail.rstrip(",.")) in _all_forms():
            return True
    return False


@cache
def _all_forms() -> frozenset[str]:
    return frozenset(_folded(f) for f in legal_forms())


def without_legal_form(name: str) -> str:
    """`name` without the legal forms that end it ("Norfolk Southern Corp" -> "Norfolk
    Southern"); at least two words stay, so "Acme Corp" stays whole."""
    words = name.strip().rstrip(" ,.").split()
    while len(words) > 2 and _folded(words[-1].rstrip(",")) in _all_forms():
        words.pop()
    return " ".join(words).rstrip(",")


@cache
def _pointed_words() -> frozenset[str]:
    # the one-word forms written with a point only at their end ("Inc.", "Co.", "Ltd.")
    return frozenset(
        f for f in legal_forms() if " " not in f and f.endswith(".") and f.count(".") == 1
    )


def with_unpointed_form(name: str) -> str:
    """`name` with the point of a legal form at its end dropped ("Apple Inc." -> "Apple Inc"),
    so that a company written both ways, often by one sentence's full stop, is one name;
    "S.A." and "L.P." keep theirs."""
    last = name.rsplit(None, 1)[-1] if name.strip() else ""
    return name[:-1] if last in _pointed_words() and len(name.split()) > 1 else name
