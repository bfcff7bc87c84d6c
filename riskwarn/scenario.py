"""Example scenarios: an organization, rulesets and a year of events, run end to end.

A scenario is a folder with a ``scenario.yaml`` manifest::

    scenario: county_selection            # an id
    title: 清溪县委组织部 干部选任年度
    title_en: A county organization department's cadre selection year
    org: [../county/org]                  # files or folders, relative to this file
    rulesets: [../../rulesets/selection.yaml, ../../rulesets/structural.yaml]
    params: {selection: {publicity_workdays: 5}}   # optional overrides per ruleset
    events: [events.jsonl]                # .jsonl or .csv
    until: 2026-12-31                     # deadlines fire up to the end of this day
    calendar: chinese                     # or weekends
    expected: expected_warnings.jsonl     # the golden warnings (default)

`run_scenario` runs it through the public API (`load_org`, `OrgGraph`,
`load_rulesets`, `Engine`, `read_events`) and returns the warnings, the refused
events and the time taken. `compare_golden` tells how the warnings differ from the
golden file, warning by warning (the golden file holds one warning per line, as
`RiskWarning.model_dump_json` writes it, so a change reads as a small diff).
"""

from __future__ import annotations

import itertools
import json
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from riskwarn.calendar import ChineseWorkCalendar, WeekendCalendar, WorkCalendar
from riskwarn.engine import Engine
from riskwarn.errors import Location, Problem, RiskwarnError, field_path
from riskwarn.events import Quarantine, Rejected, read_events
from riskwarn.graph import OrgGraph
from riskwarn.model.common import Id, Model, Text
from riskwarn.model.warning import RiskWarning
from riskwarn.orgfile import load_org
from riskwarn.rules.loader import load_rulesets
from riskwarn.rules.model import ParamValue
from riskwarn.validation import translate
from riskwarn.yamldoc import node_line, parse_document, read_text

__all__ = [
    "MANIFEST",
    "Scenario",
    "ScenarioError",
    "ScenarioRun",
    "compare_golden",
    "find_scenarios",
    "golden_lines",
    "load_scenario",
    "run_scenario",
]

MANIFEST = "scenario.yaml"
"""The manifest's file name in a scenario folder."""


class ScenarioError(RiskwarnError):
    """A scenario manifest is invalid or names files that do not exist."""


class CalendarName(StrEnum):
    CHINESE = "chinese"
    WEEKENDS = "weekends"


class _Manifest(Model):
    scenario: Id
    title: Text
    title_en: Text | None = None
    org: list[Text] = Field(min_length=1)
    rulesets: list[Text] = Field(min_length=1)
    params: dict[Id, dict[Id, ParamValue]] = {}
    events: list[Text] = Field(min_length=1)
    until: date | None = None
    calendar: CalendarName = CalendarName.CHINESE
    expected: Text = "expected_warnings.jsonl"


@dataclass(frozen=True)
class Scenario:
    """A loaded manifest, every path resolved against its folder and checked to exist
    (but the expected file, which a first run writes)."""

    id: str
    title: str
    title_en: str | None
    folder: Path
    org: tuple[Path, ...]
    rulesets: tuple[Path, ...]
    params: dict[str, dict[str, Any]]
    events: tuple[Path, ...]
    until: date | None
    calendar: CalendarName
    expected: Path

    def work_calendar(self) -> WorkCalendar:
        return ChineseWorkCalendar() if self.calendar is CalendarName.CHINESE else WeekendCalendar()


@dataclass(frozen=True)
class ScenarioRun:
    """What running a scenario gave."""

    scenario: Scenario
    graph: OrgGraph
    """The scenario's organization (to route, store or report the warnings)."""
    warnings: tuple[RiskWarning, ...]
    refused: tuple[Rejected, ...]
    events: int
    """Events read (refused ones included)."""
    seconds: float
    """Wall time of loading, building the graph and running the engine."""


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Load a manifest (a ``scenario.yaml`` file, or the folder holding one).

    Raises:
        ScenarioError: every problem at once, each with file, line and field path:
            syntax, unknown or missing fields, a path that does not exist.
    """
    file = Path(path)
    if file.is_dir():
        file = file / MANIFEST
    name, text = read_text(file, ScenarioError)
    doc, data = parse_document(name, text, ScenarioError)
    if not isinstance(data, dict):
        raise ScenarioError([Problem(Location(name, 1), "expected a scenario mapping")])
    try:
        manifest = _Manifest.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            found = translate(error, _Manifest)
            line = node_line(doc, found.line_at, 1)
            problems.append(
                Problem(Location(name, line, path=field_path(found.path)), found.message)
            )
        raise ScenarioError(problems) from None
    folder = file.parent
    problems = []

    def resolve(key: str, values: Sequence[str]) -> tuple[Path, ...]:
        paths = []
        for i, value in enumerate(values):
            resolved = folder / value
            if not resolved.exists():
                where = Location(name, node_line(doc, (key, i), 1), path=f"{key}[{i}]")
                problems.append(Problem(where, f"no such file or folder '{value}'"))
            paths.append(resolved)
        return tuple(paths)

    scenario = Scenario(
        id=manifest.scenario,
        title=manifest.title,
        title_en=manifest.title_en,
        folder=folder,
        org=resolve("org", manifest.org),
        rulesets=resolve("rulesets", manifest.rulesets),
        params={k: dict(v) for k, v in manifest.params.items()},
        events=resolve("events", manifest.events),
        until=manifest.until,
        calendar=manifest.calendar,
        expected=folder / manifest.expected,
    )
    if problems:
        raise ScenarioError(problems)
    return scenario


def find_scenarios(root: str | os.PathLike[str]) -> list[Path]:
    """The scenario folders directly below ``root`` (those holding a manifest), sorted."""
    base = Path(root)
    if not base.is_dir():
        raise ScenarioError(f"{os.fspath(base)}: no such folder")
    return sorted(p for p in base.iterdir() if (p / MANIFEST).is_file())


def run_scenario(scenario: Scenario) -> ScenarioRun:
    """Run a scenario end to end through the public API.

    Events are read from every file and sorted by time (a stable sort: events at one
    instant keep their file order); refused events are collected, not fatal.

    Raises:
        RiskwarnError: the organization, a ruleset or the parameters are invalid.
    """
    started = time.perf_counter()
    graph = OrgGraph(load_org(*scenario.org))
    rulesets = load_rulesets(scenario.rulesets)
    refused: list[Rejected] = []
    quarantine = Quarantine(refused.append)
    engine = Engine(
        graph,
        rulesets,
        params=scenario.params or None,
        calendar=scenario.work_calendar(),
        quarantine=quarantine,
    )
    read = itertools.chain.from_iterable(
        read_events(path, engine.types, quarantine=quarantine) for path in scenario.events
    )
    events = sorted(read, key=lambda e: e.time)
    warnings = tuple(engine.process(events, until=scenario.until))
    return ScenarioRun(
        scenario,
        graph,
        warnings,
        tuple(refused),
        len(events) + len(refused),
        time.perf_counter() - started,
    )


def golden_lines(warnings: Iterable[RiskWarning]) -> list[str]:
    """The golden file's lines: one warning each, as JSON, in the engine's order."""
    return [w.model_dump_json() for w in warnings]


def compare_golden(expected: Sequence[str], warnings: Sequence[RiskWarning]) -> list[str]:
    """How ``warnings`` differ from the golden lines, one message per difference
    (empty when they are the same, in the same order): a warning missing or new (by
    id, with its rule, subject and time), a field that changed (its top-level name
    and both values), or the order."""
    want = {w["id"]: w for w in (json.loads(line) for line in expected)}
    got = {w.id: json.loads(w.model_dump_json()) for w in warnings}
    diff = []
    for wid, w in want.items():
        if wid not in got:
            diff.append(f"missing: {_brief(w)}")
    for wid, w in got.items():
        if wid not in want:
            diff.append(f"new: {_brief(w)}")
            continue
        for key in sorted(set(w) | set(want[wid])):
            if w.get(key) != want[wid].get(key):
                diff.append(
                    f"changed {_brief(w)}: {key}: expected {_short(want[wid].get(key))}, "
                    f"got {_short(w.get(key))}"
                )
    if not diff and list(want) != list(got):
        diff.append("the same warnings in another order")
    return diff


def _brief(w: dict[str, Any]) -> str:
    subject = w.get("subject") or {}
    return f"{w.get('rule')} {subject.get('id')} {w.get('time')} ({w.get('id')})"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 200 else text[:197] + "..."
