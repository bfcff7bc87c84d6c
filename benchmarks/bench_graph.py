"""Benchmark: generate a synthetic organization, build its `OrgGraph`, run the
structural scan; optionally load the same organization from files.

Every run is a fresh process, so each peak RSS (``ru_maxrss``) belongs to one
size; the table shows medians over ``--repeat`` runs and each figure's ratio
to the first (smallest) size::

    .venv/bin/python benchmarks/bench_graph.py --sizes 10000 100000 --repeat 3 [--load]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SCAN_DAY = "2026-06-30"
_API = "riskwarn.graph.OrgGraph and riskwarn.structural.scan"

ROWS: tuple[tuple[str, str, str], ...] = (
    ("persons", "persons", "{:,.0f}"),
    ("staff", "staff (hold tenures)", "{:,.0f}"),
    ("positions", "positions", "{:,.0f}"),
    ("tenures", "tenures", "{:,.0f}"),
    ("nodes", "graph nodes", "{:,.0f}"),
    ("edges", "graph edges", "{:,.0f}"),
    ("generate_s", "generate (s)", "{:.2f}"),
    ("graph_s", "graph build (s)", "{:.2f}"),
    ("scan_s", "scan (s)", "{:.2f}"),
    ("rss_generated_mb", "peak RSS after generate (MB)", "{:,.0f}"),
    ("rss_graph_mb", "peak RSS after graph build (MB)", "{:,.0f}"),
    ("rss_mb", "peak RSS after scan (MB)", "{:,.0f}"),
    ("findings", "findings", "{:,.0f}"),
)
LOAD_ROWS: tuple[tuple[str, str, str], ...] = (
    ("files_mb", "files (MB)", "{:,.1f}"),
    ("load_s", "load_org (s)", "{:.2f}"),
    ("load_rss_mb", "peak RSS of load_org (MB)", "{:,.0f}"),
)


def peak_mb() -> float:
    """This process's peak resident set size so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes vs KiB


def api_problem() -> str | None:
    """Why the graph API cannot be imported, or ``None`` when it can."""
    try:
        from riskwarn.graph import OrgGraph  # noqa: F401
        from riskwarn.structural import scan  # noqa: F401
    except ImportError as exc:
        return f"bench_graph: cannot import {_API} yet: {exc}"
    return None


def run_scan(size: int, seed: int, at: date) -> dict[str, Any]:
    """One run in this process: generate, build the graph, scan. Figures by name."""
    sys.path.insert(0, str(HERE))
    from synth import synthesize

    from riskwarn.graph import OrgGraph
    from riskwarn.structural import scan

    started = time.perf_counter()
    synthetic = synthesize(size, seed)
    generated = time.perf_counter()
    rss_generated = peak_mb()
    graph = OrgGraph(synthetic.org)
    built = time.perf_counter()
    rss_graph = peak_mb()
    warnings = scan(graph, at)
    scanned = time.perf_counter()
    org = synthetic.org
    return {
        "persons": len(org.persons),
        "staff": synthetic.staff,
        "positions": len(org.positions),
        "tenures": len(org.tenures),
        "nodes": graph.nx.number_of_nodes(),
        "edges": graph.nx.number_of_edges(),
        "generate_s": generated - started,
        "graph_s": built - generated,
        "scan_s": scanned - built,
        "rss_generated_mb": rss_generated,
        "rss_graph_mb": rss_graph,
        "rss_mb": peak_mb(),
        "findings": len(warnings),
        "by_rule": dict(Counter(w.rule for w in warnings)),
        "by_level": dict(Counter(f"{w.rule}/{w.level.value}" for w in warnings)),
        "planted": synthetic.planted,
    }


def run_load(folder: Path) -> dict[str, Any]:
    """One run in this process: `load_org` on a folder written by ``synth.py``."""
    from riskwarn.orgfile import load_org

    size = sum(f.stat().st_size for f in folder.iterdir())
    started = time.perf_counter()
    org = load_org(folder)
    return {
        "files_mb": size / 1e6,
        "load_s": time.perf_counter() - started,
        "load_rss_mb": peak_mb(),
        "loaded_persons": len(org.persons),
    }


def _child(args: list[str]) -> dict[str, Any]:
    """Run this script as a worker in a fresh process; its last output line is JSON."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"bench_graph: worker {' '.join(args)} failed ({done.returncode})")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, int | float):
            out[key] = statistics.median(run[key] for run in runs)
    return out


def _table(
    sizes: list[int], results: dict[int, dict[str, Any]], rows: tuple[tuple[str, str, str], ...]
) -> list[str]:
    base = sizes[0]
    head = f"{'':34}" + "".join(f"{s:>14,}" for s in sizes)
    head += "".join(f"{f'{s // 1000}k/{base // 1000}k':>11}" for s in sizes[1:])
    lines = [head]
    for key, label, fmt in rows:
        if key not in results[base]:
            continue
        cells = "".join(f"{fmt.format(results[s][key]):>14}" for s in sizes)
        ratios = ""
        for s in sizes[1:]:
            ratio = results[s][key] / results[base][key] if results[base][key] else float("nan")
            ratios += f"{ratio:>11.2f}"
        lines.append(f"{label:34}{cells}{ratios}")
    return lines


def _findings(sizes: list[int], results: dict[int, dict[str, Any]]) -> list[str]:
    rules = sorted(
        {rule for s in sizes for rule in (*results[s]["by_rule"], *results[s]["planted"])}
    )
    lines = [f"{'findings by rule (planted)':34}" + "".join(f"{s:>14,}" for s in sizes)]
    for rule in rules:
        cells = "".join(
            f"{results[s]['by_rule'].get(rule, 0):>8,} ({results[s]['planted'].get(rule, 0):>3})"
            for s in sizes
        )
        levels = ", ".join(
            f"{key.split('/')[1]} {n}"
            for key, n in sorted(results[sizes[-1]]["by_level"].items())
            if key.split("/")[0] == rule
        )
        lines.append(f"{rule:34}{cells}   {levels}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, with ``--worker``, one measurement) and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[10_000, 100_000],
        help="persons per organization (default: 10000 100000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (default 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--at",
        type=date.fromisoformat,
        default=date.fromisoformat(SCAN_DAY),
        help=f"scan day (default {SCAN_DAY})",
    )
    parser.add_argument(
        "--load",
        action="store_true",
        help="also time riskwarn.orgfile.load_org on files written by synth.py",
    )
    parser.add_argument("--json", type=Path, help="also write every run's figures to this file")
    parser.add_argument("--worker", choices=["scan", "load"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    problem = api_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    if args.worker == "scan":
        print(json.dumps(run_scan(args.sizes[0], args.seed, args.at)))
        return 0
    if args.worker == "load":
        print(json.dumps(run_load(args.folder)))
        return 0
    sizes = sorted(args.sizes)
    runs: dict[int, list[dict[str, Any]]] = {}
    results: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="riskwarn-bench-") as tmp:
        for size in sizes:
            common = ["--sizes", str(size), "--seed", str(args.seed), "--at", args.at.isoformat()]
            runs[size] = []
            for _ in range(args.repeat):
                runs[size].append(_child(["--worker", "scan", *common]))
            if args.load:
                folder = Path(tmp) / str(size)
                subprocess.run(
                    [
                        sys.executable,
                        str(HERE / "synth.py"),
                        "--persons",
                        str(size),
                        "--seed",
                        str(args.seed),
                        "--out",
                        str(folder),
                    ],
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
                loads = [
                    _child(["--worker", "load", "--folder", str(folder)])
                    for _ in range(args.repeat)
                ]
                runs[size] = [
                    {**scan, **load} for scan, load in zip(runs[size], loads, strict=True)
                ]
            results[size] = _median(runs[size])
            print(f"... {size:,} persons done", file=sys.stderr, flush=True)
    print(
        f"riskwarn graph benchmark: synthetic organizations (benchmarks/synth.py, seed {args.seed}), "
        f"scan day {args.at}"
    )
    print(
        f"median of {args.repeat} run(s), each in a fresh process; Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs\n"
    )
    print("\n".join(_table(sizes, results, ROWS + (LOAD_ROWS if args.load else ()))))
    print()
    print("\n".join(_findings(sizes, results)))
    if args.json is not None:
        args.json.write_text(json.dumps({str(s): runs[s] for s in sizes}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
