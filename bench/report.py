"""The benchmark's figures: derived ratios, target checks, the printed table, and the headline
figures that `bench.compare` sets side by side for two result files."""

from __future__ import annotations

from typing import Any

# name -> (how it is compared, target); "min": at least, "max": at most
TARGETS = {
    "e2e_over_bound": ("min", 0.8),
    "airflow_over_cli": ("max", 1.3),
    "peak_rss_mb": ("max", 1536.0),
    "rss_growth": ("max", 0.10),
    "search_p95_ms": ("max", 100.0),
    "crawl_cli_over_bound": ("min", 0.8),  # 12 sites x 25 pages
    "crawl_airflow_over_bound": ("min", 0.7),  # the same through news_ingest, scheduled
    "crawl_cli_many_over_bound": ("min", 0.7),  # 100 sites x 10 pages
    "stories_throughput": ("min", 0.9),
    "stories_lookup_growth": ("max", 1.5),
    "reindex_rss_growth": ("max", 0.10),
}
STAGE_ORDER = ["fetch", "extraction", "ner", "enrichment_minus_ner", "enrichment", "index"]
BOUND_STAGES = ["fetch", "extraction", "enrichment", "index"]  # the pipeline's steps, in order


def peak_mb(memory: dict[str, Any]) -> float:
    """An ingest's peak: the largest of its sampled tree total and its largest process."""
    return max(memory.get("tree_peak_mb", 0.0), memory.get("largest_peak_mb", 0.0))


def derive(results: dict[str, Any]) -> None:
    """Add `bound`, `ratios` and `targets` to `results` (in place)."""
    stages = results.get("stages", {})
    candidates = {k: stages[k]["inputs_per_s"] for k in BOUND_STAGES if k in stages}
    ratios: dict[str, Any] = {}
    if candidates:
        slowest = min(candidates, key=candidates.__getitem__)
        bound = candidates[slowest]
        # all steps one after the other in one process: the sum of the per-input costs
        serial = 1 / sum(1 / v for v in candidates.values())
        results["bound"] = {
            "stage": slowest,
            "inputs_per_s": bound,
            "serial_inputs_per_s": serial,
            # CPU cost of one input through every step in this process (the engine's excluded)
            "serial_cpu_ms_per_input": sum(
                stages[k]["cpu_ms_per_input"] for k in BOUND_STAGES if k in stages
            ),
        }
    cli = results.get("cli", {})
    sizes = sorted(int(k) for k, v in cli.items() if v.get("returncode") == 0)
    if sizes:
        big = cli[str(sizes[-1])]
        if "bound" in results:
            bound = results["bound"]
            ratios["e2e_over_bound"] = big["inputs_per_s"] / bound["inputs_per_s"]
            ratios["e2e_over_serial"] = big["inputs_per_s"] / bound["serial_inputs_per_s"]
            if bound["serial_cpu_ms_per_input"]:
                ratios["e2e_cpu_over_stages_cpu"] = (
                    big["cpu_ms_per_input"] / bound["serial_cpu_ms_per_input"]
                )
        if len(sizes) >= 2:
            small = cli[str(sizes[0])]
            extra = big["seconds"] - small["seconds"]
            if extra > 0:
                marginal = (big["size"] - small["size"]) / extra
                ratios["cli_marginal_inputs_per_s"] = marginal
                if "bound" in results:
                    ratios["e2e_marginal_over_bound"] = marginal / results["bound"]["inputs_per_s"]
                ratios["cli_fixed_s"] = max(0.0, small["seconds"] - small["size"] / marginal)
            if big.get("cpu_seconds") and small.get("cpu_seconds"):
                extra_cpu = big["cpu_seconds"] - small["cpu_seconds"]
                per_input = 1000 * extra_cpu / (big["size"] - small["size"])
                ratios["cli_marginal_cpu_ms_per_input"] = per_input
                ratios["cli_fixed_cpu_s"] = max(
                    0.0, small["cpu_seconds"] - small["size"] * per_input / 1000
                )
                if results.get("bound", {}).get("serial_cpu_ms_per_input"):
                    ratios["e2e_marginal_cpu_over_stages_cpu"] = (
                        per_input / results["bound"]["serial_cpu_ms_per_input"]
                    )
            ratios["peak_rss_small_mb"] = peak_mb(small["memory"])
            ratios["rss_growth"] = peak_mb(big["memory"]) / peak_mb(small["memory"]) - 1
        ratios["peak_rss_mb"] = max(peak_mb(cli[str(s)]["memory"]) for s in sizes)
        airflow = results.get("airflow") or {}
        if airflow.get("returncode") == 0 and str(airflow.get("size")) in cli:
            cli_seconds = cli[str(airflow["size"])]["seconds"]
            ratios["airflow_over_cli"] = airflow["seconds"] / cli_seconds
            # What only Airflow pays, once per process: its import and the DAG's parse, and in
            # dag.test the in-process execution API (bench/_dag_test.py starts it, timed).
            own = airflow.get("parse_s", 0.0) + airflow.get("api_s", 0.0)
            ratios["airflow_start_s"] = own
            ratios["airflow_over_cli_after_start"] = (airflow["seconds"] - own) / cli_seconds
    search = results.get("search") or {}
    if "p95_ms" in search:
        ratios["search_p95_ms"] = search["p95_ms"]
    crawl = results.get("crawl") or {}
    few, many = crawl.get("12x25") or {}, crawl.get("100x10") or {}
    for name, run in [("crawl_cli_over_bound", few.get("cli")),
                      ("crawl_airflow_over_bound", few.get("scheduled")),
                      ("crawl_cli_many_over_bound", many.get("cli"))]:  # fmt: skip
        if run and run.get("returncode") == 0 and run.get("over_bound"):
            ratios[name] = run["over_bound"]
    by_language = results.get("ner_languages") or {}
    if "de" in by_language and "en" in by_language:
        ratios["ner_de_over_en"] = by_language["de"]["rate"] / by_language["en"]["rate"]
    _derive_stories(results, ratios)
    _derive_cluster(results, ratios)
    reindex = results.get("reindex") or {}
    if "copy_over_bulk" in reindex:
        ratios["reindex_copy_over_bulk"] = reindex["copy_over_bulk"]
        ratios["reindex_reprocess_over_bulk"] = reindex["reprocess_over_bulk"]
        ratios["reindex_rss_growth"] = reindex["peak_rss_growth"]
    results["ratios"] = ratios
    targets = []
    for name, (kind, limit) in TARGETS.items():
        value = ratios.get(name)
        met = None if value is None else (value >= limit if kind == "min" else value <= limit)
        targets.append({"name": name, "value": value, "target": limit, "kind": kind, "met": met})
    results["targets"] = targets


def _derive_cluster(results: dict[str, Any], ratios: dict[str, Any]) -> None:
    """The cluster's rates over the one-node rates of the same run, and per node."""
    cluster = results.get("cluster") or {}
    nodes = cluster.get("nodes") or 1
    one = (results.get("cli") or {}).get(str((cluster.get("cli") or {}).get("size")), {})
    pairs = [
        ("cluster_cli_over_one_node", cluster.get("cli"), one),
        ("cluster_airflow_over_one_node", cluster.get("airflow"), results.get("airflow")),
    ]
    for name, on_cluster, on_one in pairs:  # fmt: skip
        if (
            (on_cluster or {}).get("returncode") == 0
            and (on_one or {}).get("returncode") == 0
            and on_cluster.get("docs_in_index") == on_one.get("docs_in_index") == on_one["size"]
        ):  # only runs that indexed the whole corpus compare
            ratios[name] = on_cluster["inputs_per_s"] / on_one["inputs_per_s"]
    bulk, single = cluster.get("bulk") or {}, cluster.get("bulk_one_node") or {}
    if bulk.get("docs_per_s") and single.get("docs_per_s"):
        ratios["cluster_bulk_over_one_node"] = bulk["docs_per_s"] / single["docs_per_s"]
        ratios["cluster_bulk_docs_per_s_per_node"] = bulk["docs_per_s"] / nodes


def _derive_stories(results: dict[str, Any], ratios: dict[str, Any]) -> None:
    """Stories (issue 15): ingest with grouping / without, and lookup 100,000 / 10,000 docs."""
    stories = results.get("stories") or {}
    without = stories.get("cli_without") or {}
    with_ = (results.get("cli") or {}).get(str(without.get("size")))
    if with_ and with_.get("returncode") == 0 and without.get("returncode") == 0:
        ratios["stories_throughput"] = with_["inputs_per_s"] / without["inputs_per_s"]
        if without.get("cpu_ms_per_input"):  # steadier than wall time on a busy machine
            ratios["stories_cpu_ratio"] = with_["cpu_ms_per_input"] / without["cpu_ms_per_input"]
    lookup = stories.get("lookup") or {}
    if "growth_new" in lookup:
        ratios["stories_lookup_growth"] = lookup["growth_new"]


def headline(results: dict[str, Any]) -> dict[str, float]:
    """The figures worth comparing between two runs, keyed by role (not by corpus size)."""
    out: dict[str, float] = {}
    for key, figure in results.get("stages", {}).items():
        out[f"stage.{key}.{figure['unit']}"] = figure["rate"]
        if "cpu_ms_per_input" in figure:
            out[f"stage.{key}.cpu_ms/input"] = figure["cpu_ms_per_input"]
    runs = sorted(results.get("cli", {}).values(), key=lambda r: r["size"])
    roles = {"large": runs[-1]} if runs else {}
    if len(runs) > 1:
        roles["small"] = runs[0]
    for role, run in sorted(roles.items(), reverse=True):
        if run:
            out[f"cli.{role}.inputs/s"] = run.get("inputs_per_s", 0.0)
            if "cpu_ms_per_input" in run:
                out[f"cli.{role}.cpu_ms/input"] = run["cpu_ms_per_input"]
            out[f"cli.{role}.peak_rss_mb"] = peak_mb(run.get("memory", {}))
    airflow = results.get("airflow") or {}
    if "inputs_per_s" in airflow:
        out["airflow.inputs/s"] = airflow["inputs_per_s"]
        if "cpu_ms_per_input" in airflow:
            out["airflow.cpu_ms/input"] = airflow["cpu_ms_per_input"]
        out["airflow.peak_rss_mb"] = peak_mb(airflow.get("memory", {}))
    search = results.get("search") or {}
    for key in ("p50_ms", "p95_ms"):
        if key in search:
            out[f"search.{key}"] = search[key]
    for key, value in results.get("ratios", {}).items():
        if isinstance(value, int | float) and key != "search_p95_ms":
            out[f"ratio.{key}"] = value
    return out


# --- printing --------------------------------------------------------------------------------


def _n(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} MB"


def _target_text(t: dict[str, Any]) -> tuple[str, str, str]:
    name, value, limit = t["name"], t["value"], t["target"]
    sign = ">=" if t["kind"] == "min" else "<="
    if name.endswith("rss_growth"):
        shown, wanted = ("-" if value is None else f"{value:+.1%}"), f"{sign} {limit:.0%}"
    elif name.endswith("_mb"):
        shown, wanted = _mb(value), f"{sign} {limit:,.0f} MB"
    elif name.endswith("_ms"):
        shown, wanted = ("-" if value is None else f"{value:.1f} ms"), f"{sign} {limit:.0f} ms"
    else:
        shown, wanted = ("-" if value is None else f"{value:.2f}"), f"{sign} {limit}"
    met = {True: "yes", False: "NO", None: "not measured"}[t["met"]]
    return shown, wanted, met


def _cores(share: dict[str, float]) -> str:
    """ "0.95 measured, 0.10 engine, 0.02 site, 0.80 other (machine 1.87 busy)"."""
    parts = [f"{share.get('measured_cores', 0):.2f} measured"]
    parts += [
        f"{v:.2f} {k.removesuffix('_cores')}"
        for k, v in share.items()
        if k not in ("measured_cores", "machine_busy_cores")
    ]
    return ", ".join(parts) + f" (machine: {share.get('machine_busy_cores', 0):.2f} busy)"


TARGET_LABELS = {
    "e2e_over_bound": "end-to-end (CLI) / slowest stage alone",
    "airflow_over_cli": "Airflow time / CLI time",
    "peak_rss_mb": "ingest peak RSS (largest size)",
    "rss_growth": "ingest peak RSS growth small -> large",
    "search_p95_ms": "faceted search p95",
    "crawl_cli_over_bound": "crawl 12 sites x 25 (CLI) / bound",
    "crawl_airflow_over_bound": "crawl 12 sites x 25 (news_ingest) / bound",
    "crawl_cli_many_over_bound": "crawl 100 sites x 10 (CLI) / bound",
    "stories_throughput": "ingest with stories / without",
    "stories_lookup_growth": "story lookup 100,000 / 10,000 docs",
    "reindex_rss_growth": "reindex peak RSS growth, 10x documents",
}


def render(results: dict[str, Any]) -> str:
    meta, config = results["meta"], results["config"]
    machine = meta["machine"]
    lines = [
        f"newsarchive benchmark  {meta['timestamp']}  commit {meta['commit'][:10]}"
        f"{' (uncommitted changes)' if meta.get('dirty') else ''}",
        f"machine: {machine['nproc']} cores, {machine['mem_total_gb']} GB, load average "
        f"{machine['loadavg_start']} at start, {machine.get('loadavg_end', '-')} at end "
        "(shared machine: compare ratios, not absolute figures)",
        f"settings: ner_batch_size {config['settings'].get('ner_batch_size')}, "
        f"bulk_chunk_size {config['settings'].get('bulk_chunk_size')}, "
        f"workers {config['settings'].get('workers', '-')}, "
        f"stages {', '.join(config['settings'].get('stage_names', []))}",
        f"corpus: Reuters-21578 stories with a dateline and a body as HTML pages "
        f"(~{config.get('mean_page_kb', '-')} KB each), {config['stories']:,} for end-to-end runs",
        "",
    ]
    stages = results.get("stages", {})
    if stages:
        sample = config["stage_sample"]
        lines.append(f"Stages alone, one process, same {sample:,} pages".ljust(44)
                     + f"{'figure':>20}{'inputs/s':>11}{'ms/input':>10}{'CPU ms':>8}")  # fmt: skip
        for key in STAGE_ORDER:
            if key not in stages:
                continue
            f = stages[key]
            per = 1000 / f["inputs_per_s"] if f["inputs_per_s"] else None
            lines.append(
                f"  {f['name']:<42}{_n(f['rate']):>12} {f['unit']:<8}"
                f"{_n(f['inputs_per_s'], 1):>10}{_n(per, 1):>10}{_n(f['cpu_ms_per_input'], 1):>8}"
            )
        if results.get("stages_cores"):
            lines.append("  cores used meanwhile: " + _cores(results["stages_cores"]))
        if "bound" in results:
            b = results["bound"]
            lines.append(
                f"  bound: slowest step alone ({b['stage']})".ljust(64)
                + f"{_n(b['inputs_per_s'], 1):>10}"
            )
            lines.append(
                "  all steps one after another in one process (sum of costs)".ljust(64)
                + f"{_n(b['serial_inputs_per_s'], 1):>10}"
                + f"{_n(1000 / b['serial_inputs_per_s'], 1):>10}"
                + f"{_n(b['serial_cpu_ms_per_input'], 1):>8}"
            )
        lines.append("")
    by_language = results.get("ner_languages") or {}
    if by_language:
        lines.append("NER alone by language, Fundus pages' bodies".ljust(44)
                     + f"{'figure':>20}{'pages':>11}{'tagger peak RSS':>18}")  # fmt: skip
        for f in by_language.values():
            lines.append(
                f"  {f['name']:<42}{_n(f['rate']):>12} {f['unit']:<8}"
                f"{f['detail']['pages']:>10}{_mb(f['detail'].get('tagger_peak_rss_mb')):>18}"
            )
        if "ner_de_over_en" in results.get("ratios", {}):
            lines.append(
                f"  German words/s / English words/s: {results['ratios']['ner_de_over_en']:.2f}"
            )
        lines.append("")
    runs = []
    for _, run in sorted(results.get("cli", {}).items(), key=lambda kv: int(kv[0])):
        label = "newsarchive ingest" + (" (delay shim)" if run.get("shim") else "")
        runs.append((label, run))
    if results.get("airflow"):
        af = results["airflow"]
        size = af.get("batch_size") or "from the machine"
        runs.append((f"news_ingest dag.test, batch_size {size}", af))
    if runs:
        lines.append(
            "End to end from the loopback site".ljust(44)
            + f"{'inputs':>7}{'seconds':>9}{'inputs/s':>9}{'CPU ms':>8}{'indexed':>8}"
            f"{'rejected':>9}{'failed':>7}{'peak RSS':>10}{'procs':>6}"
        )
        for label, run in runs:
            if "error" in run:
                lines.append(f"  {label:<42}{run.get('size', 0):>7,}  error: {run['error']}")
                continue
            counts = run.get("counts") or {}
            lines.append(
                f"  {label:<42}{run['size']:>7,}{run['seconds']:>9.1f}"
                f"{run['inputs_per_s']:>9.1f}{run.get('cpu_ms_per_input', 0):>8.1f}"
                f"{counts.get('indexed', 0):>8,}"
                f"{counts.get('rejected', 0):>9,}{counts.get('failed', 0):>7,}"
                f"{peak_mb(run['memory']):>7,.0f} MB{run['memory']['processes']:>6}"
            )
            if run.get("returncode"):
                lines.append(f"    exit code {run['returncode']}: {run.get('stderr', '')[-300:]}")
        ratios = results.get("ratios", {})
        if "cli_marginal_inputs_per_s" in ratios:
            lines.append(
                f"  CLI marginal rate (fixed start-up cost removed): "
                f"{ratios['cli_marginal_inputs_per_s']:.1f} inputs/s; "
                f"start-up ~{ratios.get('cli_fixed_s', 0):.1f} s"
            )
        for label, run in runs:
            if run.get("cores"):
                lines.append(f"  {label}, {run['size']:,}: cores used " + _cores(run["cores"]))
        for label, run in runs:
            tl = run.get("timeline") or {}
            if tl:
                lines.append(
                    f"  {label}, {run['size']:,}: first page requested at "
                    f"{tl['first_page_s']:.1f} s, last at {tl['last_page_s']:.1f} s, "
                    f"exit at {tl['exit_s']:.1f} s"
                )
        if "e2e_cpu_over_stages_cpu" in ratios:
            lines.append(
                f"  CPU per input, largest CLI run / all steps alone: "
                f"{ratios['e2e_cpu_over_stages_cpu']:.2f} (the engine's JVM not counted)"
            )
        if "e2e_marginal_cpu_over_stages_cpu" in ratios:
            lines.append(
                f"  CLI marginal CPU per input {ratios['cli_marginal_cpu_ms_per_input']:.1f} ms "
                f"({ratios['e2e_marginal_cpu_over_stages_cpu']:.2f} x the steps alone); "
                f"fixed CPU cost {ratios['cli_fixed_cpu_s']:.1f} s (start-up of the process "
                "and its workers)"
            )
        af = results.get("airflow") or {}
        if af.get("process_tasks"):
            lines.append(
                f"  Airflow: parse {af['parse_s']:.1f} s, dag.test {af['dag_test_s']:.1f} s, "
                f"{af['process_tasks']} process tasks totalling {af['process_task_s_total']:.1f} s"
                f" (first {af['process_task_s_first']:.1f} s, median "
                f"{af['process_task_s_median']:.1f} s)"
            )
        lines.append("")
    probe = results.get("probe")
    if probe:
        lines.append(
            f"Fetch-delay probe: the CLI's page requests were {probe['median_gap_s']:.2f} s apart "
            f"with NEWSARCHIVE_FETCH_DELAY=0 -> "
            + ("honoured" if probe["honoured"] else "NOT honoured: CLI runs use bench/_cli.py")
        )
        lines.append("")
    lines += _crawl_lines(results.get("crawl") or {})
    search = results.get("search")
    if search and "p95_ms" in search:
        build = search.get("index", {})
        how = "reused"
        if not build.get("reused"):
            rate = build.get("docs_per_s") or 0
            how = f"built in {build.get('build_s', 0):.0f} s, {rate:,.0f} docs/s"
        lines.append(
            f"Faceted search over {search['documents']:,} docs (index {how}): "
            f"{search['queries']} queries, 6 facets + 1 filter + date range: "
            f"p50 {search['p50_ms']:.1f} ms, p95 {search['p95_ms']:.1f} ms "
            f"(engine took p95 {search['engine_took_p95_ms']:.0f} ms; "
            f"{search['queries_with_hits']} queries with hits)"
        )
        lines.append("")
    without = (results.get("stories") or {}).get("cli_without") or {}
    with_ = (results.get("cli") or {}).get(str(without.get("size"))) or {}
    if with_ and without.get("inputs_per_s"):
        lines.append(
            f"Stories: `newsarchive ingest` of {without['size']:,} with grouping "
            f"{with_['inputs_per_s']:.1f} inputs/s ({with_['cpu_ms_per_input']:.0f} CPU ms each), "
            f"without {without['inputs_per_s']:.1f} inputs/s ({without['cpu_ms_per_input']:.0f} "
            "CPU ms each)"
        )
    lookup = (results.get("stories") or {}).get("lookup") or {}
    if "growth_new" in lookup:
        sizes = [k for k in lookup if k.isdigit()]
        parts = [
            f"{int(k):,} docs: new {f['new']['p50_ms']:.1f} ms, copies "
            f"{f['copies']['p50_ms']:.1f} ms ({f['copies']['candidates_per_chunk']:.0f} candidates)"
            for k, f in sorted(((k, lookup[k]) for k in sizes), key=lambda kv: int(kv[0]))
        ]
        lines.append(
            f"Story candidate lookup, one terms query per chunk of {lookup['chunk']} (p50): "
            + "; ".join(parts)
        )
        lines.append("")
    reindex = results.get("reindex")
    if reindex and "copy" in reindex:
        bulk, copy, rep = reindex["bulk"], reindex["copy"], reindex["reprocess"]
        lines.append(
            f"Reindex of {reindex['docs']:,} documents (engine task, verified by ids), each run "
            "`newsarchive reindex` in its own process"
        )
        lines.append(
            f"  bulk indexing, {bulk['docs']:,} of the same documents: "
            f"{bulk['docs_per_s']:,.0f} docs/s"
        )
        lines.append(
            f"  copy: {copy['seconds']:.0f} s, {copy['docs_per_s']:,.0f} docs/s = "
            f"{reindex['copy_over_bulk']:.2f} x bulk; peak RSS {copy['peak_rss_mb']:.0f} MB "
            f"({reindex['copy_small']['peak_rss_mb']:.0f} MB at {reindex['small_docs']:,})"
        )
        lines.append(
            f"  reprocess {rep['reprocessed']:,} (one publisher) + copy the rest: "
            f"{rep['seconds']:.0f} s, {rep['reprocessed_per_s'] or 0:,.1f} reprocessed/s = "
            f"{reindex['reprocess_over_bulk']:.3f} x bulk; peak RSS {rep['tree_peak_mb']:.0f} MB "
            "with its workers"
        )
        lines.append("")
    lines += _cluster_lines(results)
    lines.append(f"{'Targets':<44}{'measured':>12}{'target':>14}{'met':>14}")
    for t in results.get("targets", []):
        shown, wanted, met = _target_text(t)
        lines.append(f"  {TARGET_LABELS[t['name']]:<42}{shown:>12}{wanted:>14}{met:>14}")
    ratios = results.get("ratios", {})
    if "e2e_marginal_over_bound" in ratios:
        lines.append(
            "  (end-to-end / bound in steady state, start-up removed: "
            f"{ratios['e2e_marginal_over_bound']:.2f})"
        )
    if "airflow_over_cli_after_start" in ratios:
        lines.append(
            "  (Airflow time / CLI time once Airflow's own start is left out, "
            f"{ratios['airflow_start_s']:.1f} s of import, parse and execution API: "
            f"{ratios['airflow_over_cli_after_start']:.2f})"
        )
    for section, error in results.get("errors", {}).items():
        lines.append(f"ERROR in {section}: {error}")
    durations = results.get("durations_s", {})
    if durations:
        lines.append("")
        lines.append("time spent: " + ", ".join(f"{k} {v:.0f} s" for k, v in durations.items()))
    return "\n".join(lines)


def _cluster_lines(results: dict[str, Any]) -> list[str]:
    """One node beside the cluster: end-to-end rates, bulk alone, per node."""
    cluster = results.get("cluster") or {}
    if not cluster:
        return []
    nodes, ratios = cluster["nodes"], results.get("ratios", {})
    lines = [
        f"Cluster: {nodes} nodes on this machine (heap {cluster['heap']} each), index of "
        f"{cluster['shards']} shards and {cluster['replicas']} replica".ljust(72)
        + f"{'one node':>10}{'cluster':>10}{'ratio':>8}"
    ]
    one_cli = (results.get("cli") or {}).get(str((cluster.get("cli") or {}).get("size")), {})
    rows = [
        ("newsarchive ingest, inputs/s", one_cli, cluster.get("cli"), "inputs_per_s",
         "cluster_cli_over_one_node"),
        ("news_ingest dag.test, inputs/s", results.get("airflow"), cluster.get("airflow"),
         "inputs_per_s", "cluster_airflow_over_one_node"),
        (f"bulk alone, {cluster['bulk_one_node']['docs']:,} synthetic docs, docs/s",
         cluster.get("bulk_one_node"), cluster.get("bulk"), "docs_per_s",
         "cluster_bulk_over_one_node"),
    ]  # fmt: skip
    for label, one, many, key, ratio in rows:
        if not many:
            continue
        lines.append(
            f"  {label:<70}{_n((one or {}).get(key), 1):>10}{_n(many.get(key), 1):>10}"
            f"{_n(ratios.get(ratio), 2):>8}"
        )
    if cluster.get("bulk_no_replica"):
        lines.append(
            f"  bulk alone without replicas on the cluster: "
            f"{cluster['bulk_no_replica']['docs_per_s']:,.1f} docs/s; with 1 replica per node: "
            f"{_n(ratios.get('cluster_bulk_docs_per_s_per_node'), 1)} docs/s"
        )
    for label, key in (("news_ingest", "airflow"), ("ingest", "cli")):
        if key not in cluster:
            continue
        run = cluster[key]
        lines.append(
            f"  cluster {label}: {run.get('counts', {}).get('indexed', 0):,} indexed, "
            f"{run.get('docs_in_index', 0):,} in the index, peak RSS {peak_mb(run['memory']):,.0f}"
            f" MB, largest process {run['memory']['largest_peak_mb']:,.0f} MB"
        )
        if run.get("returncode"):
            lines.append(f"    exit code {run['returncode']}: {run.get('stderr', '')[-300:]}")
    if cluster.get("node_rss_mb"):
        shown = ", ".join(f"{mb:,.0f}" for mb in cluster["node_rss_mb"])
        lines.append(f"  RSS of each node at the end: {shown} MB")
    lines.append("")
    return lines


def _crawl_lines(crawl: dict[str, Any]) -> list[str]:
    if not crawl:
        return []
    lines = [
        "Crawl: loopback sites answering after a latency, default politeness".ljust(44)
        + f"{'seconds':>9}{'/ bound':>8}{'indexed':>8}{'sites at once':>14}{'min gap':>9}"
    ]
    cpu = crawl.get("fetch_cpu")
    if cpu:
        t, a = cpu["threads"], cpu["asyncio_bare"]
        lines.append(
            f"  CPU per page fetched: scheduler threads + Fetcher {t['cpu_ms_per_page']:.2f} ms"
            f" ({t['seconds']:.1f} s), bare asyncio + httpx.AsyncClient "
            f"{a['cpu_ms_per_page']:.2f} ms ({a['seconds']:.1f} s), {t['pages']} pages"
        )
    for key, row in crawl.items():
        if key == "fetch_cpu":
            continue
        lines.append(
            f"  {row['hosts']} sites x {row['pages']} pages, {row['latency_s']:g} s latency, "
            f"{row['delay_s']:g} s delay: bound {row['bound_s']:.1f} s (by {row['bound_by']}: "
            f"{row['pages']} x {row['delay_s']:g} s vs {row['files']['seconds']:.1f} s from files)"
        )
        for name, label in (("cli", "newsarchive ingest --sources"),
                            ("scheduled", "news_ingest, scheduled (LocalExecutor)"),
                            ("airflow", "news_ingest dag.test")):  # fmt: skip
            run = row.get(name)
            if not run:
                continue
            if "error" in run:
                lines.append(f"    {label:<40}error: {run['error']}")
                continue
            tl = run.get("timeline") or {}
            lines.append(
                f"    {label:<40}{run['seconds']:>9.1f}{run.get('over_bound') or 0:>8.2f}"
                f"{(run.get('counts') or {}).get('indexed', 0):>8,}"
                f"{tl.get('sites_in_flight_max', 0):>7} max"
                f"{tl.get('sites_in_flight_mean', 0):>5} avg{tl.get('min_spacing_s') or 0:>8.2f}s"
            )
            if name == "airflow" and run.get("over_bound_after_parse"):
                lines.append(
                    f"      (Airflow's import and DAG parse, {run['parse_s']:.1f} s, left out: "
                    f"{run['over_bound_after_parse']:.2f}; tasks: "
                    + ", ".join(f"{k} {v:.1f} s" for k, v in run.get("task_s", {}).items())
                    + ")"
                )
            if name == "airflow" and run.get("over_bound_run_only"):
                at = run.get("tasks_at_s", {})
                exit_s = run["seconds"] - at.get("dag_test_returned", run["seconds"])
                lines.append(
                    f"      (the run alone, first task to last, {at['run_s']:.1f} s: "
                    f"{run['over_bound_run_only']:.2f}; dag.test's own: execution API "
                    f"{run.get('api_s', 0):.1f} s, the process's exit {exit_s:.1f} s)"
                )
            if name == "scheduled" and run.get("tasks_at_s"):
                lines.append(
                    f"      (services started first, {run.get('startup_s', 0):.1f} s; from the "
                    "unpause: " + ", ".join(
                        f"{k} {a:.1f}-{b:.1f} s" for k, (a, b) in run["tasks_at_s"].items()
                    ) + ")"
                )  # fmt: skip
            if tl.get("overlap_on_one_site"):
                lines.append("      WARNING: two requests to one site were in flight at once")
    lines.append("")
    return lines
