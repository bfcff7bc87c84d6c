"""Running rulesets over XES logs and summing up the warnings per rule and log: what
the examples print and the benchmarks time."""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from riskwarn.calendar import WorkCalendar
from riskwarn.engine import Engine
from riskwarn.engine.core import Diagnostic
from riskwarn.events import Quarantine
from riskwarn.model.warning import RiskWarning
from riskwarn.rules.model import Ruleset
from riskwarn.xes.mapping import MappingFile
from riskwarn.xes.source import XesStats, read_xes

__all__ = ["LogRun", "report", "run_log", "table"]


@dataclass
class LogRun:
    """One log run through rulesets: what was read, the warnings per rule (distinct
    warning ids: a suppressed run's summary is the same warning again) and the distinct
    subjects they concern, the first warning of each rule, the rules that could not
    evaluate every event, and the seconds it took."""

    log: str
    stats: XesStats
    warnings: dict[str, int] = field(default_factory=dict)
    subjects: dict[str, int] = field(default_factory=dict)
    first: dict[str, RiskWarning] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    quarantined: int = 0
    seconds: float = 0.0


def run_log(
    path: str | os.PathLike[str],
    mapping: MappingFile,
    rulesets: Sequence[Ruleset],
    *,
    calendar: WorkCalendar | None = None,
) -> LogRun:
    """Run ``rulesets`` over one XES log (no organization) and sum it up.

    Raises:
        RiskwarnError: as `riskwarn.Engine` and `riskwarn.xes.read_xes`.
    """
    start = time.perf_counter()
    quarantine = Quarantine()
    engine = Engine(None, rulesets, calendar=calendar, quarantine=quarantine)
    log = read_xes(path, mapping, engine.types, quarantine=quarantine, name=Path(path).name)
    ids: dict[str, set[str]] = defaultdict(set)
    subjects: dict[str, set[str]] = defaultdict(set)
    run = LogRun(log.name, log.stats)
    for warning in engine.process(log):
        ids[warning.rule].add(warning.id)
        subjects[warning.rule].add(warning.subject.id)
        run.first.setdefault(warning.rule, warning)
    run.warnings = {rule: len(found) for rule, found in ids.items()}
    run.subjects = {rule: len(found) for rule, found in subjects.items()}
    run.diagnostics = engine.diagnostics
    run.quarantined = quarantine.count
    run.seconds = time.perf_counter() - start
    return run


def table(runs: Sequence[LogRun], rulesets: Sequence[Ruleset]) -> str:
    """A Markdown table: a row per rule, a column per log; each cell the warnings and,
    in brackets, the distinct subjects; ``n/e`` where the rule could not be evaluated."""
    names = [run.log.split(".")[0] for run in runs]
    lines = [
        "| rule | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(runs),
        "| events | " + " | ".join(f"{run.stats.events:,}" for run in runs) + " |",
    ]
    for ruleset in rulesets:
        for rule in ruleset.rules:
            cells = []
            for run in runs:
                blind = any(d.rule == rule.id and not d.evaluable for d in run.diagnostics)
                count = run.warnings.get(rule.id, 0)
                if blind and not count:
                    cells.append("n/e")
                elif count:
                    cells.append(f"{count:,} ({run.subjects[rule.id]:,})")
                else:
                    cells.append("0")
            lines.append(f"| {rule.id} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(runs: Sequence[LogRun], rulesets: Sequence[Ruleset]) -> str:
    """`table`, then per log: what was read, the rules that could not evaluate every
    event, and the first warning of each rule."""
    lines = [table(runs, rulesets)]
    for run in runs:
        lines += ["", run.stats.summary()]
        if run.quarantined:
            lines.append(f"  {run.quarantined:,} event(s) quarantined")
        lines += [f"  {diagnostic}" for diagnostic in run.diagnostics]
        lines += [f"  {rule}: {warning.message}" for rule, warning in run.first.items()]
    return "\n".join(lines)
