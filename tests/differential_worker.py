"""Runs the durable_rules engine on differential-test jobs, in a process of its own.

durable_rules' C core can crash the interpreter (docs/durable_rules.md in the
project notes), so tests/test_engine_differential.py never runs the engine in the
test process: it hands jobs to this script, and a crash is a failed test.

A *job* is a JSON object::

    {"ruleset": {...},            # a ruleset mapping, as YAML would give it
     "events": [{...}, ...],      # event mappings, in input order
     "until": "2026-03-06T00:00:00+08:00" | "2026-03-06" | null,
     "calendar": "weekends",
     "params": {"lo": 2, "limit": "3h"},  # optional: overrides of the ruleset's params
     "batch_size": 1}

Its *result* is ``{"warnings": [[rule, level, time, [event ids], count], ...]}`` in
emission order (``time`` as ISO 8601 in UTC), or ``{"error": "Type: message"}`` when
the engine raised.

Usage::

    python -m tests.differential_worker < job.json      # a job, or a list of jobs
    python -m tests.differential_worker --serve         # one JSON list of jobs per line

With a job on stdin it prints its result; with a list, the list of results. With
``--serve`` it answers each line of stdin (a list of jobs) with one line (the list
of results) until stdin closes: the tests keep one such process for many examples.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from riskwarn.calendar import WeekendCalendar, WorkCalendar
from riskwarn.compiler import event_types
from riskwarn.engine import Engine
from riskwarn.events import Event, EventTypes, read_events
from riskwarn.model import RiskWarning
from riskwarn.rules.model import Ruleset

__all__ = [
    "Row",
    "calendar_of",
    "params_of",
    "read_job_events",
    "row",
    "ruleset_of",
    "run_job",
    "run_jobs",
    "until_of",
]

Row = tuple[str, str, str, tuple[str, ...], int]
"""``(rule, level, time in UTC, event ids, count)``: one warning as the tests compare it."""


def calendar_of(name: str) -> WorkCalendar:
    if name == "weekends":
        return WeekendCalendar()
    raise ValueError(f"unknown calendar {name!r} (only 'weekends')")


def ruleset_of(job: Mapping[str, Any]) -> Ruleset:
    return Ruleset.model_validate(job["ruleset"])


def params_of(job: Mapping[str, Any]) -> dict[str, Mapping[str, Any]] | None:
    """The job's parameter overrides, as `Engine` and the reference take them."""
    overrides = job.get("params")
    return {job["ruleset"]["ruleset"]: overrides} if overrides else None


def read_job_events(job: Mapping[str, Any], types: EventTypes) -> list[Event]:
    """The job's events, read the way a JSON-lines file is (numbers exact)."""
    lines = [json.dumps(e, ensure_ascii=False) for e in job["events"]]
    return list(read_events(lines, types))


def until_of(job: Mapping[str, Any]) -> datetime | date | None:
    text = job.get("until")
    if text is None:
        return None
    if len(text) == 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text)


def utc(t: datetime) -> str:
    return t.astimezone(UTC).isoformat()


def row(w: RiskWarning) -> Row:
    return (w.rule, w.level.value, utc(w.time), tuple(e.id for e in w.evidence.events), w.count)


def run_job(job: Mapping[str, Any]) -> dict[str, Any]:
    """The engine's warnings for one job, or the error it raised."""
    try:
        ruleset = ruleset_of(job)
        engine = Engine(
            None,
            [ruleset],
            params=params_of(job),
            calendar=calendar_of(job.get("calendar", "weekends")),
            batch_size=int(job.get("batch_size", 2000)),
        )
        events = read_job_events(job, event_types([ruleset]))
        warnings = list(engine.process(events, until_of(job)))
    except Exception as exc:
        last = traceback.extract_tb(exc.__traceback__)[-1]
        where = f" (at {last.filename.rsplit('/', 1)[-1]}:{last.lineno})"
        return {"error": f"{type(exc).__name__}: {exc}{where}"}
    return {"warnings": [list(row(w)) for w in warnings]}


def run_jobs(jobs: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [run_job(job) for job in jobs]


def _serve(lines: Iterator[str], out: Any) -> None:
    for line in lines:
        if not line.strip():
            continue
        jobs: Sequence[Mapping[str, Any]] = json.loads(line)
        out.write(json.dumps(run_jobs(jobs), ensure_ascii=False) + "\n")
        out.flush()


def main(argv: Sequence[str]) -> int:
    if list(argv) == ["--serve"]:
        _serve(iter(sys.stdin.readline, ""), sys.stdout)
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    job = json.load(sys.stdin)
    result: Any = run_jobs(job) if isinstance(job, list) else run_job(job)
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
