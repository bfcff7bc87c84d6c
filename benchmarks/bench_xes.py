"""Benchmark: importing real XES logs, alone and with their rulesets evaluated.

Every measurement is a fresh process (``--worker``), so that its peak RSS
(``ru_maxrss``) belongs to one mode on one log. Modes:

- ``import``: `riskwarn.xes.read_xes` under the log's mapping, events checked
  against the ruleset's types and put in time order (external merge, the default
  buffer), each event consumed.
- ``import-in-memory``: the same with a buffer larger than the log: every event is
  held and sorted in memory (what the external merge saves).
- ``evaluate``: importing plus `riskwarn.Engine` with the log's ruleset (no
  organization), every warning consumed (`riskwarn.xes.summary.run_log`).

Events/s is the events accepted over the wall time of the worker's timed part
(loading the ruleset and mapping excluded). Reported: medians of ``--repeat`` runs.
The logs are read from $RISKWARN_DATA (default /work/shared/data); a log that is
not there is left out.

::

    .venv/bin/python benchmarks/bench_xes.py --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("RISKWARN_DATA", "/work/shared/data"))

LOGS: dict[str, tuple[str, str, str]] = {
    "receipt (WABO)": ("receipt_wabo/receipt.xes.gz", "wabo", "permits"),
    "DomesticDeclarations": ("bpic2020/DomesticDeclarations.xes.gz", "bpic2020", "reimbursement"),
    "InternationalDeclarations": (
        "bpic2020/InternationalDeclarations.xes.gz",
        "bpic2020",
        "reimbursement",
    ),
    "PermitLog": ("bpic2020/PermitLog.xes.gz", "bpic2020", "reimbursement"),
    "PrepaidTravelCost": ("bpic2020/PrepaidTravelCost.xes.gz", "bpic2020", "reimbursement"),
    "RequestForPayment": ("bpic2020/RequestForPayment.xes.gz", "bpic2020", "reimbursement"),
    "BPIC 2012": ("bpic2012/BPI_Challenge_2012.xes.gz", "bpic2012", "loans"),
}
MODES = ("import", "import-in-memory", "evaluate")


def worker(mode: str, log: str) -> dict[str, Any]:
    """One measurement in this process: events, seconds, peak RSS in MB."""
    from riskwarn import load_ruleset
    from riskwarn.compiler import event_types
    from riskwarn.xes import load_mapping, read_xes
    from riskwarn.xes.summary import run_log

    path, mapping_name, ruleset_name = LOGS[log]
    rulesets = [load_ruleset(ROOT / "rulesets" / f"{ruleset_name}.yaml")]
    mapping = load_mapping(mapping_name)
    start = time.perf_counter()
    if mode == "evaluate":
        run = run_log(DATA / path, mapping, rulesets)
        events, warnings = run.stats.events, sum(run.warnings.values())
    else:
        buffer = 10**9 if mode == "import-in-memory" else None
        kw = {"buffer": buffer} if buffer else {}
        xes = read_xes(DATA / path, mapping, event_types(rulesets), **kw)
        events = sum(1 for _ in xes)
        warnings = 0
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"events": events, "seconds": seconds, "peak_mb": peak, "warnings": warnings}


def measure(mode: str, log: str, repeat: int) -> dict[str, Any] | str:
    """Medians over ``repeat`` fresh processes, or why a run failed (a failed run is
    a failed measurement, not a dead benchmark)."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--worker", mode, log], capture_output=True, text=True
        )
        if out.returncode != 0:
            lines = out.stderr.strip().splitlines()
            return f"failed: {lines[-1] if lines else f'exit status {out.returncode}'}"
        runs.append(json.loads(out.stdout))
    seconds = statistics.median(r["seconds"] for r in runs)
    return {
        "events": runs[0]["events"],
        "seconds": seconds,
        "events_per_s": runs[0]["events"] / seconds,
        "peak_mb": statistics.median(r["peak_mb"] for r in runs),
        "warnings": runs[0]["warnings"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--logs", nargs="*", default=list(LOGS), choices=list(LOGS))
    parser.add_argument("--modes", nargs="*", default=list(MODES), choices=MODES)
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "LOG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return
    print("| log | mode | events | s | events/s | peak RSS MB |")
    print("|---|---|---:|---:|---:|---:|")
    for log in args.logs:
        if not (DATA / LOGS[log][0]).is_file():
            print(f"| {log} | (not in {DATA}) | | | | |")
            continue
        for mode in args.modes:
            r = measure(mode, log, args.repeat)
            if isinstance(r, str):
                print(f"| {log} | {mode} | {r} | | | |", flush=True)
                continue
            print(
                f"| {log} | {mode} | {r['events']:,} | {r['seconds']:.1f} | "
                f"{r['events_per_s']:,.0f} | {r['peak_mb']:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
