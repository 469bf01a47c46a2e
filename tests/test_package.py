"""The public API in `etl/__init__.py`: every listed name resolves on first use."""

from __future__ import annotations

import subprocess
import sys

import etl


def test_every_public_name_resolves_and_is_listed() -> None:
    assert set(etl.__all__) == set(etl._EXPORTS)  # each listed name has its module
    for name in etl.__all__:
        value = getattr(etl, name)
        assert getattr(value, "__module__", "etl._").startswith("etl._") or name.isupper()
    assert set(etl.__all__) <= set(dir(etl))
    done = subprocess.run(
        [sys.executable, "-c", "from etl import *; print(Article.__name__, extract.__name__)"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert done.stdout.split() == ["Article", "extract"]


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        etl.NoSuchThing  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchThing" in str(exc)
    else:
        raise AssertionError("etl.NoSuchThing resolved")
