"""The `newsarchive` command line."""

from __future__ import annotations

import base64
import json
import logging
import re
import sys
import time
from collections.abc import Iterator
from functools import wraps
from pathlib import Path
from typing import Any

import click

from ._embedded import DEFAULT_PORT, EmbeddedEngine
from ._errors import NewsarchiveError
from ._settings import Settings

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail_cleanly(fn: Any) -> Any:
    """Our errors become one line on stderr and exit code 1, never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NewsarchiveError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))


@click.group(context_settings=CONTEXT)
@click.option(
    "--engine-url",
    envvar="NEWSARCHIVE_ENGINE_URL",
    metavar="URL",
    help="Search engine to use (Elasticsearch 8/9 or OpenSearch 2/3); credentials may be in "
    "the URL. Default: the embedded engine, http://127.0.0.1:9250.  [env NEWSARCHIVE_ENGINE_URL]",
)
@click.option(
    "--home",
    envvar="NEWSARCHIVE_HOME",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the embedded engine and run data. Default: ./.newsarchive  "
    "[env NEWSARCHIVE_HOME]",
)
@click.option(
    "--alias",
    envvar="NEWSARCHIVE_INDEX_ALIAS",
    metavar="NAME",
    help="Index alias searched and written to. Default: news  [env NEWSARCHIVE_INDEX_ALIAS]",
)
@click.option("-v", "--verbose", is_flag=True, help="Log what each step does, on stderr.")
@click.version_option(package_name="newsarchive")
@click.pass_context
def cli(
    ctx: click.Context, engine_url: str | None, home: Path | None, alias: str | None, verbose: bool
) -> None:
    """newsarchive: news article HTML in, a searchable, faceted archive out.

    \b
    Quick start:
      newsarchive engine start                     # embedded OpenSearch on 127.0.0.1:9250
      newsarchive ingest --sources seeds/sources.yaml
      newsarchive search migration --facet person --facet dateline-place
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    ctx.obj = Settings().with_overrides(
        engine_url=engine_url, home=home.absolute() if home else None, index_alias=alias
    )


# -- engine ----------------------------------------------------------------------------------
@cli.group(context_settings=CONTEXT)
def engine() -> None:
    """Run the embedded search engine (one OpenSearch node on loopback, or a cluster).

    The first start downloads the OpenSearch runner with Maven into <home>/engine/lib; later
    starts reuse it. Needs Java 17+ and Maven. Its data and log live in <home>/engine/.
    `engine start --nodes 3` runs a three-node cluster, one JVM per node.
    """


def _embedded(settings: Settings, heap: str = "1g") -> EmbeddedEngine:
    return EmbeddedEngine(settings.home, heap=heap)


@engine.command("start", context_settings=CONTEXT)
@click.option(
    "--port",
    type=click.IntRange(9201, 9299),
    default=DEFAULT_PORT,
    show_default=True,
    envvar="NEWSARCHIVE_ENGINE_PORT",
    help="HTTP port on 127.0.0.1 (9201-9299).  [env NEWSARCHIVE_ENGINE_PORT]",
)
@click.option(
    "--heap", default="1g", show_default=True, envvar="NEWSARCHIVE_ENGINE_HEAP",
    help="JVM heap size.  [env NEWSARCHIVE_ENGINE_HEAP]",
)  # fmt: skip
@click.option(
    "--nodes", type=click.IntRange(1, 9), default=1, show_default=True,
    envvar="NEWSARCHIVE_ENGINE_NODES",
    help="Nodes of the cluster, one JVM each, on HTTP ports PORT, PORT+1, ... and transport "
    "ports those +100; every node gets --heap.  [env NEWSARCHIVE_ENGINE_NODES]",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the state as JSON.")
@click.pass_obj
@_fail_cleanly
def engine_start(settings: Settings, port: int, heap: str, nodes: int, as_json: bool) -> None:
    """Start the embedded engine and wait until it is healthy (with every node joined); print
    its URL."""
    embedded = _embedded(settings, heap)
    if not embedded.resolved() and not as_json:
        click.echo("Resolving the OpenSearch runner with Maven (first start only)...", err=True)
    state = embedded.start(port=port, nodes=nodes)
    if as_json:
        _emit_json(_engine_json(state))
    else:
        click.echo(state.url)


def _engine_json(state: Any) -> dict[str, Any]:
    from dataclasses import asdict

    nodes = [{**asdict(node), "running": node in state.alive_nodes()} for node in state.nodes]
    return {"running": True, **asdict(state), "nodes": nodes}


@engine.command("stop", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@click.pass_obj
@_fail_cleanly
def engine_stop(settings: Settings, as_json: bool) -> None:
    """Stop the embedded engine, every node of a cluster (its data is kept)."""
    stopped = _embedded(settings).stop()
    if as_json:
        _emit_json({"stopped": stopped})
    else:
        click.echo("stopped" if stopped else "not running")


@engine.command("status", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print the state as JSON.")
@click.pass_obj
@_fail_cleanly
def engine_status(settings: Settings, as_json: bool) -> None:
    """Say whether the embedded engine runs, and where. Exit code 1 when it does not."""
    state = _embedded(settings).state()
    if as_json:
        _emit_json(_engine_json(state) if state else {"running": False})
    elif state and state.nodes:
        alive = state.alive_nodes()
        click.echo(f"cluster of {len(state.nodes)} nodes at {state.url}, {len(alive)} running")
        for node in state.nodes:
            shown = "running" if node in alive else "stopped"
            click.echo(f"  node {node.number}  {node.url}  pid {node.pid}  {shown}  log {node.log}")
    elif state:
        click.echo(f"running at {state.url} (pid {state.pid}, log {state.log})")
    else:
        click.echo("not running")
    if not state:
        sys.exit(1)


# -- models ----------------------------------------------------------------------------------
@cli.group(context_settings=CONTEXT)
def models() -> None:
    """The NER models that are not Python packages: Stanford CoreNLP's CRF tagger.

    English entities are read by CoreNLP's CRF (GPL-3.0-or-later, fetched with Maven, never
    bundled) unless NEWSARCHIVE_NER=spacy. Every machine that enriches articles, each Airflow
    worker included, needs `newsarchive models fetch` once; `make install` runs it.
    """


@models.command("fetch", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print where the models are, as JSON.")
@_fail_cleanly
def models_fetch(as_json: bool) -> None:
    """Download CoreNLP with Maven and compile its tagger, once per machine (needs a Java 17+
    JDK and Maven), into $NEWSARCHIVE_MODELS_DIR or ~/.cache/newsarchive/models."""
    from .enrich import _corenlp

    was_fetched = _corenlp.fetched()
    if not was_fetched and not as_json:
        click.echo(f"Fetching CoreNLP {_corenlp.VERSION} with Maven (about 0.7 GB).", err=True)
    path = _corenlp.fetch()
    if as_json:
        _emit_json(
            {"corenlp": str(path), "version": _corenlp.VERSION, "fetched_now": not was_fetched}
        )
    else:
        click.echo(str(path))


# -- enrich ----------------------------------------------------------------------------------
def _stdin_inputs() -> Iterator[Any]:
    from ._pipeline import Input

    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        key = f"stdin:{n}"
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
        except ValueError as exc:
            yield Input(key=key, error=f"line {n} is not a JSON object: {exc}")
            continue
        ident = str(obj["id"]) if obj.get("id") is not None else None
        if obj.get("html") is not None:
            yield Input(key=key, url=obj.get("url"), html=obj["html"], id=ident)
        elif obj.get("text") is not None:
            yield Input(key=key, url=obj.get("url"), text=obj["text"], id=ident)
        else:
            yield Input(key=key, id=ident, error=f'line {n} has neither "html" nor "text"')


@cli.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL|- ...")
@click.option("--json", "as_json", is_flag=True, help="One article JSON object per line.")
@click.pass_obj
@_fail_cleanly
def enrich(settings: Settings, inputs: tuple[str, ...], as_json: bool) -> None:
    """Extract and enrich articles and print them, without indexing.

    Give HTML files, folders of them, or http(s) URLs. `-` reads JSON lines from stdin, each
    {"html": ..., "url": ...} or {"text": ...}, with an optional "id" that the output keeps;
    it always writes JSON lines, one per input line (an input that fails gives
    {"id", "state", "reason"}).
    """
    from ._pipeline import Pipeline
    from .crawl._discover import from_paths

    from_stdin = inputs == ("-",)
    items = _stdin_inputs() if from_stdin else from_paths(inputs)
    as_json = as_json or from_stdin
    failures = 0
    with Pipeline(settings) as pipeline:
        for result in pipeline.enrich(items):
            if result.article is None:
                failures += 1
                click.echo(f"{result.input.key}: {result.state}: {result.reason}", err=True)
                if as_json:
                    _emit_json(
                        {"id": result.input.id, "state": result.state, "reason": result.reason}
                    )
                continue
            if as_json:
                _emit_json(result.article.to_dict())
            else:
                _print_article(result.article.to_dict())
    if failures and not from_stdin:
        sys.exit(1)


def _print_article(a: dict[str, Any]) -> None:
    dl = a.get("dateline") or {}
    ents = a["entities"]
    rows = [
        ("title", a.get("title")),
        ("standfirst", a.get("standfirst")),
        ("url", a.get("url")),
        ("publisher", a.get("publisher")),
        ("authors", ", ".join(a["authors"])),
        ("published", a.get("published_at")),
        ("language", a.get("language")),
        ("NER model", a.get("ner_model")),
        ("dateline", " / ".join(str(dl[k]) for k in ("place", "region", "country") if dl.get(k))),
        ("wire agency", a.get("wire_agency")),
        ("syndicated", a.get("syndicated_from")),
        ("people", ", ".join(ents["person"])),
        ("orgs", ", ".join(ents["org"])),
        ("locations", ", ".join(ents["location"])),
        ("quotes", str(len(a["quotes"]))),
        ("words", str(len(a["body"].split()))),
    ]
    for label, value in rows:
        if value:
            click.echo(f"{label:>12}  {value}")
    click.echo()


# -- ingest ----------------------------------------------------------------------------------
def _index_shape(fn: Any) -> Any:
    """--shards / --replicas: the shape of index versions created from now on."""
    fn = click.option(
        "--replicas", "index_replicas", type=click.IntRange(0), envvar="NEWSARCHIVE_INDEX_REPLICAS",
        help="Replicas of each shard of a new index version (the first one, or one a reindex "
        "builds). Default: 0  [env NEWSARCHIVE_INDEX_REPLICAS]",
    )(fn)  # fmt: skip
    return click.option(
        "--shards", "index_shards", type=click.IntRange(1), envvar="NEWSARCHIVE_INDEX_SHARDS",
        help="Primary shards of a new index version. Default: 1  [env NEWSARCHIVE_INDEX_SHARDS]",
    )(fn)  # fmt: skip


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, metavar="[PATH|URL ...]")
@click.option(
    "--sources",
    "sources_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A sources file (see seeds/sources.yaml); every enabled source is ingested.",
)
@click.option(
    "--dead-letter", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
    help="Where documents the engine rejects are kept, whole, with the reason (JSON lines). "
    "Default: <home>/dead-letter.jsonl",
)  # fmt: skip
@click.option(
    "--connections", type=click.IntRange(1, 1024), envvar="NEWSARCHIVE_CRAWL_CONNECTIONS",
    help="Pages fetched at once, over all hosts; one host still gets one request at a time, "
    "spaced by the fetch delay. Default: 32  [env NEWSARCHIVE_CRAWL_CONNECTIONS]",
)  # fmt: skip
@click.option(
    "--host-slots", "shared_host_slots", envvar="NEWSARCHIVE_HOST_SLOTS", metavar="URL|DIR",
    help="Where the per-host request spacing is shared: a redis:// URL (workers on several "
    "machines) or a folder. Default: <home>/hosts  [env NEWSARCHIVE_HOST_SLOTS]",
)  # fmt: skip
@click.option(
    "--stories/--no-stories", default=None,
    help="Group copies of one story across outlets (default on).  [env NEWSARCHIVE_STORIES=0 "
    "turns it off]",
)  # fmt: skip
@_index_shape
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@click.pass_obj
@_fail_cleanly
def ingest(
    settings: Settings,
    paths: tuple[str, ...],
    sources_file: Path | None,
    dead_letter: Path | None,
    connections: int | None,
    shared_host_slots: str | None,
    stories: bool | None,
    as_json: bool,
    index_shards: int | None,
    index_replicas: int | None,
) -> None:
    """Extract, enrich and index articles; print the run report.

    Every input ends in one state: indexed, rejected (with the reason, e.g. no article text)
    or failed (with the reason, e.g. HTTP 404). Re-running is safe: documents are keyed by
    their canonical URL and overwritten.
    """
    from ._ingest import LINGER
    from ._ingest import ingest as run_ingest
    from .crawl._discover import from_paths, from_sources
    from .crawl._fetch import Fetcher
    from .crawl._scheduler import started

    if bool(paths) == bool(sources_file):
        raise click.UsageError("give either --sources FILE or one or more PATH|URL")
    # The spacing per host is shared with any other run on this machine (the DAG's tasks),
    # or through Redis with every worker of a deployment.
    settings = settings.with_overrides(
        stories=stories, crawl_connections=connections, shared_host_slots=shared_host_slots,
        index_shards=index_shards, index_replicas=index_replicas,
    )  # fmt: skip
    fetcher = Fetcher(host_slots=settings.host_slots)
    listed_by: dict[str, list[str]] = {}
    crawl = {"connections": settings.crawl_connections}
    items = started(  # the crawl starts while the workers and the index are set up
        from_sources(sources_file, fetcher, listed_by=listed_by, **crawl)
        if sources_file
        else from_paths(paths, fetcher, **crawl)
    )
    show_progress = sys.stderr.isatty() and not as_json
    seen = 0

    def progress(_: Any) -> None:
        nonlocal seen
        seen += 1
        if show_progress:
            click.echo(f"\r{seen} processed", err=True, nl=False)

    dead_letter = dead_letter or settings.home / "dead-letter.jsonl"
    with fetcher:
        # The workers start loading their models once discovery has found more than a batch
        # (or at once for more than a batch of paths), while the first pages are crawled.
        report = run_ingest(
            items, settings, on_result=progress, dead_letter=dead_letter,
            expected=(lambda: len(listed_by)) if sources_file else len(paths), linger=LINGER,
        )  # fmt: skip
    if show_progress:
        click.echo(err=True)
    report.listed_by = {url: names for url, names in listed_by.items() if len(names) > 1}
    data = report.to_dict()
    if as_json:
        _emit_json(data)
        return
    counts = ", ".join(f"{n} {state}" for state, n in data["counts"].items() if n)
    click.echo(f"{data['total']} inputs: {counts or 'nothing to do'}")
    if settings.stories and data["counts"]["indexed"]:
        stories = data["stories"]
        click.echo(f"stories: {stories['new']} new, {stories['copies']} copies of a story")
    for problem in data["problems"]:
        click.echo(f"  {problem['state']:>8}  {problem['key']}: {problem['reason']}")
    for url, names in data["listed_by"].items():
        click.echo(f"  listed by {', '.join(names)}: {url} (fetched and counted once)")


# -- search ----------------------------------------------------------------------------------
@cli.command(context_settings=CONTEXT)
@click.argument("query", default="*")
@click.option(
    "--facet", "facets", multiple=True, metavar="NAME",
    help="Count values of a facet (repeatable): person, org, location, publisher, author, "
    "domain, language, tag, dateline-place, dateline-region, dateline-country, "
    "dateline-agency, wire-agency, syndicated-from, speaker (quoted), source, ner-model, "
    "copies (of the story), original-outlet, story.",
)  # fmt: skip
@click.option(
    "--filter", "filters", multiple=True, metavar="NAME=VALUE",
    help="Keep matches whose facet has this value (repeatable; AND across facets, OR within one).",
)  # fmt: skip
@click.option(
    "--collapse", is_flag=True,
    help="One hit per story, with its copies (outlet and date) under it; the total counts "
    "stories.",
)  # fmt: skip
@click.option(
    "--language", "languages", multiple=True, metavar="CODE",
    help="Keep articles in this language, an ISO 639-1 code such as de or ja (repeatable: OR); "
    "the same as --filter language=CODE.",
)  # fmt: skip
@click.option("--since", metavar="DATE", help="Published on or after DATE (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Published on or before DATE (YYYY-MM-DD).")
@click.option("--size", type=click.IntRange(0, 1000), default=10, show_default=True,
              help="Number of hits to show.")  # fmt: skip
@click.option(
    "--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance",
    show_default=True, help="Order of the hits.",
)  # fmt: skip
@click.option(
    "--after", metavar="TOKEN",
    help="Show the page after the one that printed this `next:` token (deep paging).",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print hits and facets as JSON.")
@click.pass_obj
@_fail_cleanly
def search(settings: Settings, query: str, as_json: bool, **options: Any) -> None:
    """Full-text search with highlighted snippets and facet counts.

    \b
    QUERY: words (all must match), "exact phrases", -excluded words, a|b for either,
    and field:value terms for any facet or for title/body:
      newsarchive search 'migration person:"Joe Biden" -wire-agency:AP title:border'
    Accents do not matter ("Lopez" finds "López"), and word forms are stemmed.
    """
    from ._engine import connect
    from ._search import search as run_search

    options["facets"] = list(options["facets"])
    options["filters"] = [*options["filters"], *(f"language={c}" for c in options.pop("languages"))]
    options["after"] = _decode_token(options["after"]) if options["after"] else None
    engine = connect(settings.engine_url)
    try:
        result = run_search(engine, settings.index_alias, query, **options)
    finally:
        engine.close()
    token = _encode_token(result.next_after) if result.next_after else None
    if as_json:
        _emit_json({**result.to_dict(), "next": token})
        return
    noun = "hit" if result.total == 1 else "hits"
    if options["collapse"]:
        noun = "story" if result.total == 1 else "stories"
    click.echo(f"{result.total} {noun} for {query!r} ({result.took_ms} ms)\n")
    for n, hit in enumerate(result.hits, 1):
        click.secho(f"{n:>3}. {hit.title or '(no title)'}", bold=True)
        meta = " · ".join(x for x in (hit.publisher, (hit.published_at or "")[:10], hit.url) if x)
        click.echo(f"     {meta}")
        if hit.snippet:
            click.echo(f"     {_terminal_snippet(hit.snippet)}")
        if options["collapse"] and hit.copies and hit.copies > 1:
            shown = ", ".join(
                f"{o['publisher'] or o['url']} {(o['published_at'] or '')[:10]}".strip()
                for o in hit.outlets
            )
            click.echo(f"     {hit.copies} copies: {shown}")
        click.echo()
    for name, buckets in result.facets.items():
        click.secho(name, bold=True)
        for value, count in buckets:
            click.echo(f"  {count:>6}  {value}")
        if not buckets:
            click.echo("  (none)")
    if token:
        click.echo(f"\nnext: {token}    (newsarchive search ... --after {token})")


def _encode_token(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_token(token: str) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if isinstance(values, list):
            return values
    except ValueError:
        pass
    raise click.BadParameter("not a token printed by `newsarchive search`", param_hint="--after")


# -- stories ---------------------------------------------------------------------------------
@cli.command(context_settings=CONTEXT)
@click.argument("story_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the copies as JSON.")
@click.pass_obj
@_fail_cleanly
def story(settings: Settings, story_id: str, as_json: bool) -> None:
    """Every copy of a story: outlet, date, headline and similarity to the original.

    ID is a story id (the `story` of a search hit) or the document id of any of its copies.
    """
    from ._engine import connect
    from ._stories import story_copies

    engine = connect(settings.engine_url)
    try:
        copies = story_copies(engine, settings.index_alias, story_id)
    finally:
        engine.close()
    if as_json:
        _emit_json(copies)
        return
    if not copies:
        raise click.ClickException(f"no story or document {story_id!r} in {settings.index_alias}")
    click.echo(f"story {copies[0]['story']['id']}: {len(copies)} copies\n")
    for c in copies:
        s = c["story"]
        role = "original" if s["recognised_by"] is None else f"copy ({s['recognised_by']})"
        click.echo(f"  {(c.get('published_at') or '')[:10]:<10}  {c.get('publisher') or '-':<24} "
                   f"{s['similarity']:.2f}  {role}")  # fmt: skip
        click.echo(f"              {c.get('title') or '(no title)'}")
        click.echo(f"              {c.get('url') or c['id']}")


@cli.command(context_settings=CONTEXT)
@click.argument("query", default="*")
@click.option("--filter", "filters", multiple=True, metavar="NAME=VALUE",
              help="As for `search` (repeatable).")  # fmt: skip
@click.option("--since", metavar="DATE", help="Published on or after DATE.")
@click.option("--until", metavar="DATE", help="Published on or before DATE.")
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True,
    help="jsonl: whole articles; csv: one row of the main fields per article.",
)  # fmt: skip
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="File to write (default: standard output).")  # fmt: skip
@click.pass_obj
@_fail_cleanly
def export(
    settings: Settings, query: str, filters: tuple[str, ...], since: str | None,
    until: str | None, fmt: str, output: Any,
) -> None:  # fmt: skip
    """Write every article matching QUERY (same syntax as `search`), with a progress bar.

    Streams from a scroll over a consistent snapshot: memory stays flat for any count.
    """
    import csv

    from ._engine import connect
    from ._search import EXPORT_COLUMNS, flat_row
    from ._search import export as run_export

    engine = connect(settings.engine_url)
    try:
        total, articles = run_export(
            engine, settings.index_alias, query, filters=list(filters), since=since, until=until
        )
        writer = None
        if fmt == "csv":
            writer = csv.DictWriter(output, fieldnames=EXPORT_COLUMNS)
            writer.writeheader()
        show = sys.stderr.isatty() and output is not sys.stdout
        with click.progressbar(
            articles, length=total, label="exporting", file=sys.stderr if show else _Null()
        ) as bar:
            for article in bar:
                if writer:
                    writer.writerow(flat_row(article))
                else:
                    output.write(json.dumps(article, ensure_ascii=False) + "\n")
    finally:
        engine.close()
    click.echo(f"exported {total} articles", err=True)


class _Null:
    """A stream that swallows the progress bar when nobody is watching."""

    def write(self, _: str) -> None:
        pass

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


# -- index versions ----------------------------------------------------------------------------
@cli.command(context_settings=CONTEXT)
@click.option(
    "--mode", type=click.Choice(["copy", "reprocess"]), default="copy", show_default=True,
    help="copy: the engine copies every document (after a mapping change). reprocess: the "
    "pipeline rebuilds the selected documents from their raw WARC record (or stored text).",
)  # fmt: skip
@click.option("--target-version", type=click.IntRange(1), help="Version to build (default N+1).")
@click.option("--since", metavar="DATE", help="reprocess: documents published on/after DATE.")
@click.option("--until", metavar="DATE", help="reprocess: documents published on/before DATE.")
@click.option("--source", "sources", multiple=True, metavar="NAME",
              help="reprocess: documents from this source (repeatable).")  # fmt: skip
@_index_shape
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
@_fail_cleanly
def reindex(
    settings: Settings,
    as_json: bool,
    sources: tuple[str, ...],
    index_shards: int | None,
    index_replicas: int | None,
    **options: Any,
) -> None:
    """Build the next index version, verify it by ids, and swap the alias to it.

    Search keeps answering throughout, and articles ingested meanwhile reach the new version
    too; the previous version is kept for `rollback`. The engine copies the documents as a
    task, with a progress bar here; Ctrl-C cancels it and keeps the unfinished version, which
    the next `reindex` resumes (copy) or starts again (reprocess).
    """
    from ._engine import connect
    from ._reindex import reindex as run_reindex

    settings = settings.with_overrides(index_shards=index_shards, index_replicas=index_replicas)
    engine = connect(settings.engine_url)
    show = sys.stderr.isatty() and not as_json
    shown = 0.0

    def progress(state: Any) -> None:  # one status line, redrawn at most 4 times a second
        nonlocal shown
        if show and (time.monotonic() - shown > 0.25 or state.done == state.total):
            shown = time.monotonic()
            share = f" ({state.done / state.total:.0%})" if state.total else ""
            click.echo(
                f"\r{state.phase}: {state.done:,}/{state.total:,}{share}, {state.rate:,.0f}/s  ",
                err=True, nl=False,
            )  # fmt: skip

    try:
        report = run_reindex(
            engine, settings, sources=list(sources) or None, progress=progress, **options
        )
    except KeyboardInterrupt:
        raise click.ClickException(
            "interrupted: the engine's copy was cancelled and the alias was not moved; rerun "
            "`newsarchive reindex` to resume, or `newsarchive versions --prune 1` to clean up"
        ) from None
    finally:
        engine.close()
        if show and shown:
            click.echo(err=True)
    if as_json:
        _emit_json(report.to_dict())
        return
    for index in report.removed_unfinished:
        click.echo(f"removed the unfinished {index} of an interrupted run")
    resumed = " (resumed)" if report.resumed else ""
    click.echo(
        f"{report.alias}: {report.source_index} -> {report.target_index} ({report.mode})"
        f"{resumed}, {report.indexed} documents in {report.seconds:.0f} s, alias swapped"
    )
    if report.recopied:
        click.echo(f"  {report.recopied} documents written during the build copied again")
    for item in report.copied_as_was:
        click.echo(f"  copied unchanged {item['id']}: {item['reason']}")


@cli.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@click.pass_obj
@_fail_cleanly
def rollback(settings: Settings, as_json: bool) -> None:
    """Point the alias back at the previous index version (one atomic swap)."""
    from ._engine import connect
    from ._reindex import rollback as run_rollback

    engine = connect(settings.engine_url)
    try:
        old, new = run_rollback(engine, settings.index_alias)
    finally:
        engine.close()
    if as_json:
        _emit_json({"alias": settings.index_alias, "from": old, "to": new})
    else:
        click.echo(f"{settings.index_alias}: {old} -> {new}")


@cli.command(context_settings=CONTEXT)
@click.option(
    "--prune", "keep", type=click.IntRange(1), metavar="KEEP",
    help="Delete the versions beyond the newest KEEP complete ones that the alias does not "
    "point at, and unfinished builds that no longer run (the live version is always kept).",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the versions as JSON.")
@click.pass_obj
@_fail_cleanly
def versions(settings: Settings, keep: int | None, as_json: bool) -> None:
    """List the index versions behind the alias: counts, build state, the live one (*)."""
    from ._engine import connect
    from ._reindex import prune
    from ._reindex import versions as list_versions

    engine = connect(settings.engine_url)
    try:
        deleted = prune(engine, settings.index_alias, keep) if keep else []
        rows = list_versions(engine, settings.index_alias)
    finally:
        engine.close()
    if as_json:
        _emit_json({"versions": rows, "deleted": deleted} if keep else rows)
        return
    for index in deleted:
        click.echo(f"deleted {index}")
    for row in rows:
        marker = "*" if row["live"] else " "
        state = "" if row["state"] == "complete" else f"  ({row['state']})"
        click.echo(f"{marker} {row['index']:<24} {row['docs']:>10} documents{state}")


# -- kibana ------------------------------------------------------------------------------------
@cli.group(context_settings=CONTEXT)
def kibana() -> None:
    """Kibana's saved objects for the archive: data views, searches, dashboard (kibana/)."""


@kibana.command("import", context_settings=CONTEXT)
@click.option(
    "--url", "kibana_url", required=True, envvar="NEWSARCHIVE_KIBANA_URL", metavar="URL",
    help="Kibana's base URL; user:password may be in it.  [env NEWSARCHIVE_KIBANA_URL]",
)  # fmt: skip
@click.option("--space", metavar="ID", help="Kibana space to import into (default space if unset).")
@click.option(
    "--file", "objects_path", type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Saved objects NDJSON (default: the shipped kibana/newsarchive.ndjson).",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print Kibana's answer as JSON.")
@_fail_cleanly
def kibana_import(
    kibana_url: str, space: str | None, objects_path: Path | None, as_json: bool
) -> None:
    """Load the saved objects into Kibana (overwriting earlier copies of them)."""
    from ._kibana import import_objects

    answer = import_objects(kibana_url, objects_path, space=space)
    if as_json:
        _emit_json(answer)
    else:
        click.echo(f"imported {answer.get('successCount', 0)} saved objects")
        for error in answer.get("errors") or []:
            click.echo(f"  {error.get('type')} {error.get('id')}: {error.get('error')}", err=True)
    if not answer.get("success", False):
        sys.exit(1)


@kibana.command("check", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@click.pass_obj
@_fail_cleanly
def kibana_check(settings: Settings, as_json: bool) -> None:
    """Check every field the saved objects use against the live index mapping."""
    from ._engine import connect
    from ._index import ensure_index
    from ._kibana import check_objects, load_objects

    engine = connect(settings.engine_url)
    try:
        index = ensure_index(
            engine, settings.index_alias, shards=settings.index_shards,
            replicas=settings.index_replicas,
        )  # fmt: skip
        problems = check_objects(load_objects(), engine.get_mapping(index))
    finally:
        engine.close()
    if as_json:
        _emit_json({"problems": problems})
    else:
        click.echo("\n".join(problems) or "every field the saved objects use is in the mapping")
    if problems:
        sys.exit(1)


def _terminal_snippet(snippet: str) -> str:
    text = " ".join(snippet.split())
    bold = sys.stdout.isatty()
    return re.sub(
        r"<em>(.*?)</em>",
        (lambda m: click.style(m.group(1), bold=True)) if bold else r"«\1»",
        text,
    )


def main() -> None:
    cli(prog_name="newsarchive")


if __name__ == "__main__":
    main()
