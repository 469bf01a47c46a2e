"""Throughput, memory and search latency of newsarchive, measured side by side in one run.

    .venv/bin/python -m bench.run [--full] [--json PATH]

See bench/README.md for what each figure means. Starts (and always stops) its own loopback
news site and embedded engine; everything else it creates lives in a temporary folder, except
the search index, which is kept in .newsarchive/bench between runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .corpus import REPO, load_stories
from .report import derive, render

DEFAULT_JSON = REPO / "bench" / "results" / "latest.json"


def _git(*args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=REPO, capture_output=True, text=True, timeout=30, check=False
    )
    return done.stdout.strip()


def _meminfo_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return 0.0


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def meta() -> dict[str, Any]:
    return {
        "timestamp": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "commit": _git("rev-parse", "HEAD") or "unknown",
        "dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
        "machine": {
            "nproc": os.cpu_count(),
            "mem_total_gb": _meminfo_gb(),
            "cpu": _cpu_model(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "loadavg_start": _loadavg(),
        },
        "env": {k: v for k, v in os.environ.items() if k.startswith("NEWSARCHIVE_")},
    }


def settings_snapshot() -> dict[str, Any]:
    from etl import Settings

    settings = Settings()
    snap: dict[str, Any] = {}
    for f in fields(settings):
        if f.name in ("engine_url", "home", "warc_root"):
            continue
        value = getattr(settings, f.name)
        snap[f.name] = value if isinstance(value, int | float | str | dict) else str(value)
    enabled = sorted((o, p) for p, o in settings.stages.items() if o is not None)
    snap["stage_names"] = [p.rsplit(".", 1)[-1] for _, p in enabled]
    return snap


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="every story (~16,000) end to end; memory at 2,000 and all",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=DEFAULT_JSON,
        metavar="PATH",
        help=f"where the results go (default {DEFAULT_JSON.relative_to(REPO)})",
    )
    parser.add_argument("--stories", type=int, help="stories end to end (default 2,000)")
    parser.add_argument(
        "--small", type=int, help="the smaller corpus for the memory comparison (default 500)"
    )
    parser.add_argument(
        "--stage-sample",
        type=int,
        help="pages for the stages alone (default 1,000; 4,000 with --full)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=None,
        help="news_ingest's batch_size param (default: the DAG's own default)",
    )
    parser.add_argument("--search-docs", type=int, default=100_000)
    parser.add_argument(
        "--reindex-docs",
        type=int,
        help="documents in the archive the reindex section copies (default 100,000; "
        "1,000,000 with --full)",
    )
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--heap", default="1g", help="the benchmark engine's JVM heap")
    parser.add_argument(
        "--only",
        default="stages,cli,airflow,search,crawl,stories,reindex,cluster",
        help="sections to run, comma-separated (stages,cli,airflow,search,crawl,stories,"
        "reindex,cluster); `--only crawl` runs the crawl benchmark alone",
    )
    parser.add_argument(
        "--cluster-nodes", type=int, default=3, help="nodes of the cluster section's engine"
    )
    parser.add_argument(
        "--cluster-heap", default="512m", help="JVM heap of each node of the cluster section"
    )
    parser.add_argument(
        "--cluster-docs",
        type=int,
        default=10_000,
        help="synthetic articles bulk-indexed alone, on one node and on the cluster",
    )
    parser.add_argument(
        "--no-shim",
        action="store_true",
        help="run the real CLI even if it ignores NEWSARCHIVE_FETCH_DELAY",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=0,
        help="seconds allowed per end-to-end run (default: from the size)",
    )
    args = parser.parse_args(argv)
    total = len(load_stories())
    if args.full:
        args.stories = args.stories or total
        args.small = args.small or 2000
        args.stage_sample = args.stage_sample or 4000
    args.reindex_docs = args.reindex_docs or (1_000_000 if args.full else 100_000)
    args.stories = min(args.stories or 2000, total)
    args.small = min(args.small or 500, args.stories)
    args.stage_sample = min(args.stage_sample or 1000, args.stories)
    args.only = {s.strip() for s in args.only.split(",") if s.strip()}
    return args


class Sections:
    """Runs each section, recording its duration and, if it fails, its error (the others go on)."""

    def __init__(self, results: dict[str, Any]) -> None:
        self.results = results
        results.setdefault("errors", {})
        results.setdefault("durations_s", {})

    def run(self, name: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            self.results["errors"][name] = f"{type(exc).__name__}: {exc}"
            traceback.print_exc(file=sys.stderr)
            return None
        finally:
            spent = time.perf_counter() - started
            self.results["durations_s"][name] = round(spent, 1)
            print(f"[bench] {name} done in {spent:.0f} s", file=sys.stderr, flush=True)


def run_stages(
    results: dict[str, Any],
    stories: list[Any],
    site_base: str,
    url: str,
    helpers: dict[str, int | None],
) -> None:
    """Every stage alone on `stories`; also who used the machine's cores meanwhile."""
    from etl import Settings

    from . import stages as st
    from .proc import CpuWatch

    settings = Settings()
    n = len(stories)
    figures: dict[str, Any] = {}
    with CpuWatch(**helpers) as cpu:
        own = time.process_time()
        figures["fetch"] = st.measure_fetch(stories, site_base)
        figures["extraction"], articles = st.measure_extract(stories, site_base)
        figures["ner"], spans = st.measure_ner(articles, settings, n)
        figures["enrichment"], figures["enrichment_minus_ner"], enriched = st.measure_enrichment(
            articles, spans, settings, n
        )
        figures["index"] = st.measure_index(enriched, url, settings, "bench-stage", n)
        own = time.process_time() - own
    results["stages_cores"] = cpu.share(own)
    results["stages"] = {
        k: {**asdict(v), "cpu_ms_per_input": v.cpu_ms_per_input} for k, v in figures.items()
    }
    results["ner_languages"] = {
        k: {**asdict(v), "cpu_ms_per_input": v.cpu_ms_per_input}
        for k, v in st.measure_ner_by_language(settings).items()
    }
    results["config"]["mean_page_kb"] = figures["extraction"].detail["mean_page_kb"]
    words = figures["ner"].items
    results["config"]["mean_words_per_article"] = round(words / max(1, len(articles)), 1)


def _stop_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C, so that the site and the engine are stopped."""

    def _exit(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _exit)


def write_results(results: dict[str, Any], path: Path) -> list[Path]:
    """Write the results to `path`; next to the default one, also a copy named after the
    time and commit, so that earlier runs stay for `bench.compare`."""
    text = json.dumps(results, indent=2, default=str)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    written = [path]
    if path.resolve() == DEFAULT_JSON.resolve():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        copy = path.with_name(f"{stamp}-{results['meta']['commit'][:8]}.json")
        copy.write_text(text, encoding="utf-8")
        written.append(copy)
    return written


class _Done(Exception):
    """Only the crawl section was asked for: nothing needs the news site."""


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    _stop_on_sigterm()
    from . import e2e
    from . import stories as stories_bench
    from .cluster import run_cluster
    from .crawl import run_crawl
    from .engine import bench_engine
    from .reindex import measure_reindex
    from .search import ensure_search_index, measure_search
    from .site import NewsSite

    started = time.perf_counter()
    results: dict[str, Any] = {
        "meta": meta(),
        "config": {
            "full": args.full,
            "stories": args.stories,
            "small": args.small,
            "stage_sample": args.stage_sample,
            "batch_size": args.batch_size,
            "search_docs": args.search_docs,
            "reindex_docs": args.reindex_docs,
            "queries": args.queries,
            "heap": args.heap,
            "cluster_nodes": args.cluster_nodes,
            "cluster_heap": args.cluster_heap,
            "cluster_docs": args.cluster_docs,
            "sections": sorted(args.only),
            "settings": settings_snapshot(),
        },
    }
    sections = Sections(results)
    stories = list(load_stories()[: args.stories])
    stride = max(1, len(stories) // args.stage_sample)
    sample = stories[::stride][: args.stage_sample]
    timeout = args.timeout or max(600.0, args.stories * 1.0)
    work = Path(tempfile.mkdtemp(prefix="newsarchive-bench-"))
    sizes = [e2e.PROBE_PAGES, args.small, args.stories]
    try:
        with contextlib.ExitStack() as stack:
            site = stack.enter_context(NewsSite(sizes)) if args.only - {"crawl"} else None
            engine = stack.enter_context(bench_engine(heap=args.heap))
            url = engine.url
            results["meta"]["engine_url"] = url
            if "crawl" in args.only:
                results["crawl"] = sections.run("crawl", run_crawl, url, work)
            if site is None:
                raise _Done
            helpers = {"engine": engine.pid, "site": site.proc.pid if site.proc else None}
            if "stages" in args.only:
                sections.run("stages", run_stages, results, sample, site.base, url, helpers)
            shim = False
            if args.only & {"cli", "airflow", "cluster"}:
                probe = sections.run("probe", e2e.probe_fetch_delay, site, url, work, 300)
                results["probe"] = probe
                shim = bool(probe) and not probe["honoured"] and not args.no_shim
            if "cli" in args.only:
                results["cli"] = {}
                for size in sorted({args.small, args.stories}):
                    run = sections.run(
                        f"cli-{size}", e2e.run_cli, site, size, url, work,
                        shim=shim, timeout=timeout, helpers=helpers,
                    )  # fmt: skip
                    if run:
                        results["cli"][str(size)] = run
            if {"cli", "stories"} <= args.only:  # stories (issue 15): the same run without
                results["stories"] = {"cli_without": sections.run(  # grouping, for the ratio
                    f"cli-{args.stories}-no-stories", stories_bench.run_cli_without_stories,
                    site, args.stories, url, work, shim=shim, timeout=timeout, helpers=helpers,
                )}  # fmt: skip
            if "airflow" in args.only:
                results["airflow"] = sections.run(
                    "airflow", e2e.run_airflow, site, args.stories, url, work,
                    batch_size=args.batch_size, timeout=timeout * 2, helpers=helpers,
                )  # fmt: skip
            if "cluster" in args.only:  # issue 16: the same runs on a cluster, beside these
                results["cluster"] = sections.run(
                    "cluster", run_cluster, site, url, work, size=args.stories,
                    nodes=args.cluster_nodes, heap=args.cluster_heap,
                    bulk_docs=args.cluster_docs, airflow="airflow" in args.only,
                    batch_size=args.batch_size, shim=shim, timeout=timeout,
                )  # fmt: skip
            if "search" in args.only:
                built = sections.run("search-index", ensure_search_index, url, args.search_docs)
                found = sections.run("search", measure_search, url, args.queries)
                if found:
                    results["search"] = {**found, "index": built or {}}
            if "stories" in args.only:  # candidate lookup at 10,000 and 100,000 documents
                lookup = sections.run(
                    "stories-lookup", stories_bench.measure_lookup, url, args.search_docs
                )
                results.setdefault("stories", {})["lookup"] = lookup
            if "reindex" in args.only:
                results["reindex"] = sections.run(
                    "reindex", measure_reindex, url, args.reindex_docs, work
                )
    except _Done:
        pass
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["meta"]["machine"]["loadavg_end"] = _loadavg()
    results["meta"]["total_s"] = round(time.perf_counter() - started, 1)
    derive(results)
    table = render(results)
    print(table)
    results["table"] = table
    written = write_results(results, args.json)
    shown = ", ".join(str(p) for p in written)
    print(f"\nresults: {shown}  (total {results['meta']['total_s']:.0f} s)")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
