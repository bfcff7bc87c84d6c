"""Benchmark: the SQLite warning store at 100k warnings.

Builds the example county's `OrgGraph`, makes ``--warnings`` routed warnings
about its staff spread over ``--days`` days, and times: writing them through a
`StoreSink` (one transaction per ``--batch``), writing them all again (a replay:
nothing changes), reading an inbox, counting by unit, escalating what is overdue
in event time, and verifying the audit log. Prints the figures; nothing is
asserted::

    .venv/bin/python benchmarks/bench_store.py [--warnings 100000] [--batch 1000] [--fast]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from riskwarn import OrgGraph, load_org  # noqa: E402
from riskwarn.model import EventRef, Evidence, Level, RiskWarning  # noqa: E402
from riskwarn.model.warning import warning_id  # noqa: E402
from riskwarn.store import SqliteStore, StoreSink, WarningQuery  # noqa: E402

TZ = timezone(timedelta(hours=8))
START = datetime(2026, 1, 5, 9, tzinfo=TZ)
RULES = [
    ("self_approval", Level.RED, "资金"),
    ("procurement_split", Level.ORANGE, "采购"),
    ("not_completed_in_time", Level.YELLOW, "行政效能"),
    ("rush_promotion", Level.ORANGE, "选人用人"),
    ("deadline_reminder", Level.BLUE, "行政效能"),
]


def peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def make_warnings(graph: OrgGraph, n: int, days: int) -> Iterator[RiskWarning]:
    """``n`` warnings about the staff on duty at START, routed as of their time,
    made one at a time so that memory measures the store, not the input."""
    staff = sorted({p for pos in graph.positions for p in graph.holders(pos, START)})
    step = timedelta(days=days) / n
    routes: dict[tuple[str, int], tuple] = {}  # type: ignore[type-arg]
    for i in range(n):
        person = staff[i % len(staff)]
        rule, level, category = RULES[i % len(RULES)]
        t = START + step * i
        key = (person, graph.day(t))
        if key not in routes:
            routes[key] = tuple(graph.supervisors("person", person, t))
        subject = graph.ref("person", person)
        event = EventRef(id=f"e{i}", type="payment", time=t, fields={"amount": 1000 + i})
        yield (
            RiskWarning(
                id=warning_id("bench", rule, level, subject, [f"e{i}"]),
                rule=rule,
                ruleset="bench",
                ruleset_version="1",
                level=level,
                category=category,
                title=rule,
                message=f"{subject.name} {rule} e{i}",
                basis="benchmark",
                subject=subject,
                time=t,
                evidence=Evidence(events=(event,), threshold=1000, actual=1000 + i),
                recipients=routes[key],
            )
        )


class Clock:
    """Wall time and this process's CPU time since it was made: on a shared
    machine the CPU time is the steadier figure."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def spent(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def row(label: str, wall: float, cpu: float) -> tuple[str, str]:
    return (label, f"{wall:.2f} / {cpu:.2f}")


def timed(label: str, rows: list[tuple[str, str]], fn):  # type: ignore[no-untyped-def]
    clock = Clock()
    result = fn()
    rows.append(row(label, *clock.spent()))
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--warnings", type=int, default=100_000)
    ap.add_argument("--days", type=int, default=180)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--fast", action="store_true", help="durable=False (synchronous=NORMAL)")
    args = ap.parse_args()
    rows: list[tuple[str, str]] = []
    graph = timed(
        "build OrgGraph (s)",
        rows,
        lambda: OrgGraph(
            load_org(HERE.parent / "examples/county/org", HERE.parent / "examples/county/planted")
        ),
    )
    clock = Clock()
    end = START
    for w in make_warnings(graph, args.warnings, args.days):
        end = w.time
    making = clock.spent()
    rows.append(row("make the warnings alone (s)", *making))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        with SqliteStore(path, durable=not args.fast) as store:

            def write(label: str) -> StoreSink:
                clock = Clock()
                with StoreSink(store, graph, flush_every=args.batch) as sink:
                    for w in make_warnings(graph, args.warnings, args.days):
                        sink(w)
                wall, cpu = clock.spent()
                rows.append(row(label, wall, cpu))
                rows.append(row("  writing alone (s)", wall - making[0], cpu - making[1]))
                rows.append(("  warnings written/s", f"{args.warnings / (wall - making[0]):,.0f}"))
                return sink

            sink = write(f"make and write them, batches of {args.batch} (s)")
            rows.append(("  stored new", f"{sink.new:,}"))
            again = write("make and write them again, a replay (s)")
            rows.append(("  unchanged", f"{again.unchanged:,}"))
            rows.append(("store file (MB)", f"{path.stat().st_size / 1e6:,.1f}"))
            inbox = timed("open p053's inbox (s)", rows, lambda: store.inbox("p053", graph, end))
            found = timed(
                "  list 50 most severe (s)",
                rows,
                lambda: inbox.list(WarningQuery(order="severity", limit=50)),
            )
            rows.append(("  listed", f"{len(found)}"))
            total = timed("  count visible (s)", rows, inbox.count)
            rows.append(("  visible", f"{total:,}"))
            units = timed(
                "tally all by unit (s)", rows, lambda: store.tally(WarningQuery(), "unit")
            )
            rows.append(("  units", f"{len(units)}"))
            escalated = timed(
                "escalate_due at the last warning's time (s)",
                rows,
                lambda: store.escalate_due(end, graph=graph),
            )
            rows.append(("  escalations", f"{len(escalated):,}"))
            rows.append(("  warnings escalated", f"{len({e.warning_id for e in escalated}):,}"))
            rows.append(("  audit entries", f"{sum(1 for _ in store.audit()):,}"))
            report = timed("verify the audit log (s)", rows, store.verify_audit)
            rows.append(("  intact", str(report.ok)))
    rows.append(("peak RSS (MB)", f"{peak_mb():,.0f}"))
    width = max(len(label) for label, _ in rows)
    durability = "synchronous=NORMAL" if args.fast else "synchronous=FULL"
    print(f"SQLite store, {args.warnings:,} warnings over {args.days} days, {durability}")
    print("times are wall / CPU seconds")
    for label, value in rows:
        print(f"{label:<{width}}  {value:>12}")


if __name__ == "__main__":
    main()
