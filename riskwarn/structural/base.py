"""The analyzer framework: an `Analyzer` has an id, titles, a basis, a
parameter model with defaults, and a function from (graph, day, params) to
`Finding`s; `scan` turns findings into routed `RiskWarning`s."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from pydantic import ValidationError

from riskwarn.errors import Location, OrgError, Problem, RulesetError, did_you_mean, field_path
from riskwarn.graph import At, OrgGraph
from riskwarn.graph.build import gc_paused
from riskwarn.graph.paths import path_of
from riskwarn.model import Evidence, GraphPath, Level, Model, RiskWarning, StageName, warning_id

__all__ = [
    "REGISTRY",
    "RULESET",
    "RULESET_VERSION",
    "Analyzer",
    "Finding",
    "analyzer",
    "holding_path",
    "scan",
]

RULESET = "structural"
RULESET_VERSION = "1"
CATEGORY = "结构性风险"

Scalar = str | int | float | bool | None


@dataclass(frozen=True)
class Finding:
    """One structural risk point, before routing."""

    level: Level
    subject: tuple[str, str]
    """``(kind, id)`` of the subject: person, position, unit or power."""
    message: str
    message_en: str
    key: Any
    """What identifies this finding besides rule, level and subject (goes into the id)."""
    paths: tuple[GraphPath, ...] = ()
    threshold: Scalar = None
    actual: Scalar = None
    facts: Mapping[str, Scalar] = field(default_factory=dict)
    route: tuple[str, str] | None = None
    """Route to the supervisors of this node instead of the subject's."""


Run = Callable[[OrgGraph, date, Any], Iterable[Finding]]


@dataclass(frozen=True)
class Analyzer:
    """A structural analyzer: metadata, parameters, and the function that finds."""

    id: str
    title: str
    title_en: str
    basis: str
    params: type[Model]
    run: Run

    def parse_params(self, values: Mapping[str, Any] | None) -> Model:
        """Validate parameter overrides against the defaults.

        Raises:
            RulesetError: unknown parameter or wrong type, with the analyzer id and field path.
        """
        try:
            return self.params.model_validate(dict(values or {}))
        except ValidationError as exc:
            problems = []
            for err in exc.errors():
                loc = field_path(err["loc"])
                if err["type"] == "extra_forbidden":
                    name = str(err["loc"][0])
                    hint = did_you_mean(name, self.params.model_fields)
                    message = f"unknown parameter '{name}'{hint}"
                else:
                    message = f"{err['msg']}, got {err['input']!r}"
                problems.append(Problem(Location(rule=self.id, path=f"params.{loc}"), message))
            raise RulesetError(problems) from exc


REGISTRY: dict[str, Analyzer] = {}


def analyzer(
    id: str, title: str, title_en: str, basis: str, params: type[Model]
) -> Callable[[Run], Run]:
    """Register a function as an analyzer."""

    def register(run: Run) -> Run:
        REGISTRY[id] = Analyzer(id, title, title_en, basis, params, run)
        return run

    return register


def holding_path(graph: OrgGraph, person: str, power: str, stage: StageName, at: At) -> GraphPath:
    """person —holds→ position —holds stage→ stage, for the first position by
    which ``person`` directly holds that stage.

    Raises:
        KeyError: the person does not hold the stage through a position.
    """
    mine = set(graph.positions_of(person, at))
    for kind, ident in graph.stage_holders(power, stage, at):
        if kind == "position" and ident in mine:
            return path_of(
                graph,
                [
                    (f"person:{person}", "holds"),
                    (f"position:{ident}", "holds_stage"),
                    (f"stage:{power}/{stage.value}", ""),
                ],
                at,
            )
    raise KeyError(f"{person} does not hold {power}/{stage.value}")


def _scan_time(graph: OrgGraph, at: At) -> datetime:
    graph.day(at)  # refuses what is not a date, and a naive datetime
    if isinstance(at, datetime):
        return at
    return datetime.combine(at, time(), graph.tz)


def scan(
    graph: OrgGraph,
    at: At,
    params: Mapping[str, Mapping[str, Any]] | None = None,
    only: str | Iterable[str] | None = None,
) -> list[RiskWarning]:
    """Run the structural analyzers as of ``at`` and return routed warnings,
    most severe first (then by rule, subject and id).

    ``params`` overrides parameters per analyzer id; ``only`` restricts the run
    to some analyzers.

    Raises:
        RulesetError: an unknown analyzer id, or invalid parameters (all listed).
        OrgError: ``graph`` is not an `OrgGraph`, or ``at`` is not a date or an aware datetime.
    """
    if not isinstance(graph, OrgGraph):
        raise OrgError(
            f"scan needs an OrgGraph, got {type(graph).__name__} (build one: OrgGraph(org))"
        )
    when = _scan_time(graph, at)
    day = date.fromordinal(graph.day(at))
    params = dict(params or {})
    selected = (
        [only] if isinstance(only, str) else list(only) if only is not None else sorted(REGISTRY)
    )
    problems: list[Problem] = []
    parsed: dict[str, Model] = {}
    # parameters of analyzers left out by `only` are checked too: a typo is never silent
    for name in dict.fromkeys([*selected, *params]):
        if name not in REGISTRY:
            hint = did_you_mean(name, REGISTRY)
            problems.append(Problem(Location(rule=name), f"no analyzer '{name}'{hint}"))
            continue
        try:
            parsed[name] = REGISTRY[name].parse_params(params.get(name))
        except RulesetError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RulesetError(problems)
    found: dict[str, RiskWarning] = {}
    with gc_paused():
        for name in selected:
            for finding in REGISTRY[name].run(graph, day, parsed[name]):
                warning = _warning(graph, REGISTRY[name], finding, when)
                # one id, one warning: overlapping scopes or quota rows restate a finding
                found.setdefault(warning.id, warning)
    return sorted(found.values(), key=lambda w: (-w.level.rank, w.rule, w.subject.id, w.id))


def _warning(graph: OrgGraph, spec: Analyzer, finding: Finding, when: datetime) -> RiskWarning:
    subject = graph.ref(*finding.subject)
    route = finding.route or finding.subject
    return RiskWarning(
        id=warning_id(RULESET, spec.id, finding.level, subject, finding.key),
        rule=spec.id,
        ruleset=RULESET,
        ruleset_version=RULESET_VERSION,
        level=finding.level,
        category=CATEGORY,
        title=spec.title,
        title_en=spec.title_en,
        message=finding.message,
        message_en=finding.message_en,
        basis=spec.basis,
        subject=subject,
        time=when,
        evidence=Evidence(
            paths=finding.paths,
            threshold=finding.threshold,
            actual=finding.actual,
            facts=dict(finding.facts),
        ),
        recipients=tuple(graph.supervisors(*route, when)),
    )
