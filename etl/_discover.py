"""Where inputs come from: paths and URLs given on the command line, or `seeds/sources.yaml`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from ._errors import ConfigError
from ._fetch import Fetcher
from ._pipeline import Input

HTML_SUFFIXES = (".html", ".htm")
SOURCE_KINDS = ("folder", "urls", "feed", "sitemap")


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def read_file(path: Path, source: str | None = None) -> Input:
    try:
        return Input(key=str(path), html=path.read_bytes(), source=source)
    except OSError as exc:
        return Input(key=str(path), source=source, error=f"cannot read file: {exc.strerror}")


def from_folder(folder: Path, source: str | None = None) -> Iterator[Input]:
    if not folder.is_dir():
        yield Input(key=str(folder), source=source, error="folder does not exist")
        return
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() in HTML_SUFFIXES and path.is_file():
            yield read_file(path, source)


def from_paths(values: Iterable[str], fetcher: Fetcher | None = None) -> Iterator[Input]:
    """Files, folders (their *.html) and http(s) URLs, in the order given."""
    for value in values:
        if _is_url(value):
            yield (fetcher or Fetcher()).fetch_input(value)
            continue
        path = Path(value)
        if path.is_dir():
            yield from from_folder(path)
        elif path.exists():
            yield read_file(path)
        else:
            yield Input(key=value, error="no such file, folder or URL")


def load_sources(path: Path) -> list[dict[str, Any]]:
    """Read and check a sources file. Raises `ConfigError` saying what is wrong where."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"cannot read sources file {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from exc
    sources = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(sources, list):
        raise ConfigError(f"{path}: expected a top-level `sources:` list")
    names: set[str] = set()
    for i, source in enumerate(sources):
        where = f"{path}: sources[{i}]"
        if not isinstance(source, dict) or not source.get("name"):
            raise ConfigError(f"{where} needs a `name`")
        if source["name"] in names:
            raise ConfigError(f"{where}: duplicate name {source['name']!r}")
        names.add(source["name"])
        if source.get("kind") not in SOURCE_KINDS:
            raise ConfigError(f"{where}: `kind` must be one of {', '.join(SOURCE_KINDS)}")
        if source["kind"] == "folder" and not source.get("path"):
            raise ConfigError(f"{where}: a folder source needs `path`")
        if source["kind"] != "folder" and not (source.get("url") or source.get("urls")):
            raise ConfigError(f"{where}: a {source['kind']} source needs `url` or `urls`")
    return sources


def from_sources(path: Path, fetcher: Fetcher | None = None) -> Iterator[Input]:
    """Inputs from every enabled source of a sources file."""
    for source in load_sources(path):
        if not source.get("enabled", True):
            continue
        name = source["name"]
        if source["kind"] == "folder":
            yield from from_folder((path.parent / source["path"]).resolve(), name)
        elif source["kind"] == "urls":
            for url in source.get("urls") or [source["url"]]:
                item = (fetcher or Fetcher()).fetch_input(url)
                item.source = name
                yield item
        else:
            raise ConfigError(
                f"source {name!r}: kind {source['kind']!r} needs feed/sitemap discovery, "
                "which this version does not have yet; disable it or list its URLs as `urls`"
            )
