"""The demo: every example scenario on the built-in rulesets' defaults, summarized.

For each scenario (`riskwarn.scenario`): how many events were read and refused,
how long it took, the warnings counted by level and by category; then the most
severe warnings of all scenarios with their evidence and recipients. ``json``
gives the same summary and every warning, for machines.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from riskwarn.errors import Problem
from riskwarn.model import Level, RiskWarning
from riskwarn.report import LEVEL_STYLE
from riskwarn.scenario import (
    ScenarioError,
    ScenarioRun,
    find_scenarios,
    load_scenario,
    run_scenario,
)

__all__ = ["default_examples", "most_severe", "render_demo", "run_demo", "summary"]


def default_examples() -> Path:
    """The ``examples/`` folder next to the package (a source checkout).

    Raises:
        ScenarioError: there is none (an installed package without its examples).
    """
    folder = Path(__file__).resolve().parent.parent / "examples"
    if not folder.is_dir():
        raise ScenarioError(
            f"no examples folder at {folder}: run from a source checkout or pass --examples DIR"
        )
    return folder


def run_demo(
    examples: str | os.PathLike[str] | None = None, only: Sequence[str] = ()
) -> list[ScenarioRun]:
    """Run every scenario below ``examples`` (default: `default_examples`), or those
    whose id is in ``only``.

    Raises:
        ScenarioError: no scenario found, an unknown id in ``only``, or a manifest
            is invalid (every problem of every manifest at once).
        RiskwarnError: a scenario's organization, rulesets or parameters are invalid.
    """
    root = Path(examples) if examples is not None else default_examples()
    scenarios = []
    problems: list[Problem] = []
    for folder in find_scenarios(root):
        try:
            scenarios.append(load_scenario(folder))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    if not scenarios:
        raise ScenarioError(f"{os.fspath(root)}: no scenario folders (with scenario.yaml)")
    if only:
        known = {s.id for s in scenarios}
        unknown = sorted(set(only) - known)
        if unknown:
            raise ScenarioError(
                f"no scenario {', '.join(unknown)}; there are: {', '.join(sorted(known))}"
            )
        scenarios = [s for s in scenarios if s.id in only]
    return [run_scenario(s) for s in scenarios]


def most_severe(runs: Sequence[ScenarioRun], top: int) -> list[tuple[str, RiskWarning]]:
    """The ``top`` most severe warnings of all runs with their scenario ids: by level,
    then the count they stand for, then time; ties keep the engine's order."""
    ranked = [(run.scenario.id, w) for run in runs for w in run.warnings]
    ranked.sort(key=lambda sw: (-sw[1].level.rank, -sw[1].count, sw[1].time))
    return ranked[:top]


def summary(run: ScenarioRun) -> dict[str, Any]:
    """A run's figures: events, refused, seconds, warnings by level and by category."""
    levels = Counter(w.level.value for w in run.warnings)
    return {
        "scenario": run.scenario.id,
        "title": run.scenario.title,
        "title_en": run.scenario.title_en,
        "events": run.events,
        "refused": len(run.refused),
        "seconds": round(run.seconds, 3),
        "warnings": len(run.warnings),
        "by_level": {lv.value: levels[lv.value] for lv in Level},
        "by_category": dict(sorted(Counter(w.category for w in run.warnings).items())),
    }


def render_demo(runs: Sequence[ScenarioRun], fmt: str, out: TextIO, top: int = 10) -> None:
    """Write the demo's output: ``table`` (the terminal) or ``json``."""
    if fmt == "json":
        data = {
            "scenarios": [
                {**summary(run), "all_warnings": [w.model_dump(mode="json") for w in run.warnings]}
                for run in runs
            ],
            "most_severe": [{"scenario": sid, "id": w.id} for sid, w in most_severe(runs, top)],
        }
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    console = Console(file=out, width=max(Console(file=out).width, 120))
    table = Table(title="riskwarn demo: example scenarios", title_justify="left", expand=True)
    table.add_column("scenario", overflow="fold", ratio=4)
    table.add_column("events", justify="right")
    table.add_column("refused", justify="right")
    table.add_column("s", justify="right")
    for level in Level:
        table.add_column(level.zh, justify="right", style=LEVEL_STYLE[level])
    table.add_column("by category", overflow="fold", ratio=3)
    for run in runs:
        s = summary(run)
        table.add_row(
            escape(f"{s['scenario']}\n{s['title']}"),
            f"{s['events']:,}",
            str(s["refused"]),
            f"{s['seconds']:.1f}",
            *(str(s["by_level"][lv.value]) for lv in Level),
            escape(", ".join(f"{k} {v}" for k, v in s["by_category"].items()) or "—"),
        )
    console.print(table)
    severe = most_severe(runs, top)
    if severe:
        console.print(f"The {len(severe)} most severe warnings:")
    for sid, w in severe:
        console.print(_panel(sid, w))


def _panel(scenario: str, w: RiskWarning) -> Panel:
    lines = [escape(w.message)]
    if w.message_en:
        lines.append(escape(w.message_en))
    lines.append(f"[dim]basis[/] {escape(w.basis)}")
    ev = w.evidence
    if ev.threshold is not None or ev.actual is not None:
        lines.append(
            f"[dim]threshold[/] {escape(str(ev.threshold))}  [dim]actual[/] {escape(str(ev.actual))}"
        )
    for e in ev.events[:5]:
        fields = ", ".join(f"{k}={v}" for k, v in e.fields.items())
        lines.append(
            f"[dim]event[/] {escape(e.id)} {escape(e.type)} {e.time:%Y-%m-%d %H:%M} {escape(fields)}"
        )
    if len(ev.events) > 5:
        lines.append(f"[dim]… and {len(ev.events) - 5} more events[/]")
    for path in ev.paths[:3]:
        lines.append(f"[dim]path[/] {escape(str(path))}")
    for r in w.recipients:
        lines.append(
            f"[dim]to[/] {escape(r.person.name)} ({escape(r.position.name)}, {r.role}): {escape(r.reason)}"
        )
    count = f" ×{w.count}" if w.count > 1 else ""
    title = (
        f"[{LEVEL_STYLE[w.level]}]{w.level.zh}[/] {escape(w.title)} · {escape(w.subject.name)}"
        f" · {w.time:%Y-%m-%d}{count} · {escape(scenario)}/{escape(w.rule)}"
    )
    return Panel(Group(*lines), title=title, title_align="left")
