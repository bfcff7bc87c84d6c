"""The command line: thin wrappers over the library. Every `RiskwarnError`
becomes one message on stderr and exit status 1, here and nowhere else."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from typing import Any

import click
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from riskwarn.errors import Location, Problem, RiskwarnError, RulesetError
from riskwarn.graph import OrgGraph
from riskwarn.orgfile import load_org
from riskwarn.report import Format, render
from riskwarn.rules.loader import load_ruleset
from riskwarn.rules.model import Ruleset
from riskwarn.structural import REGISTRY, scan

__all__ = ["main"]


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RiskwarnError as exc:
            click.echo(str(exc), err=True)
            ctx.exit(1)


def parse_settings(settings: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """``analyzer.param=value`` pairs into a params mapping; values are YAML scalars or lists.

    Raises:
        RulesetError: a setting is not of that shape (all bad settings listed).
    """
    params: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for setting in settings:
        name, eq, raw = setting.partition("=")
        analyzer_id, dot, param = name.partition(".")
        if not eq or not dot or not analyzer_id or not param:
            problems.append(f"--set {setting}: expected ANALYZER.PARAM=VALUE")
            continue
        try:
            value = YAML(typ="safe").load(raw)
        except YAMLError as exc:
            problems.append(f"--set {setting}: value is not valid YAML ({exc.__class__.__name__})")
            continue
        params.setdefault(analyzer_id, {})[param] = value
    if problems:
        raise RulesetError([Problem(Location(), p) for p in problems])
    return params


def _today(graph: OrgGraph) -> date:
    return datetime.now(graph.tz).date()


@click.group(cls=_Group)
@click.version_option(package_name="riskwarn")
def main() -> None:
    """riskwarn: post integrity risk-point early warning (岗位廉政风险点预警)."""


@main.command()
@click.argument("org", nargs=-1, required=True, type=click.Path(exists=True))
def validate(org: tuple[str, ...]) -> None:
    """Check an organization (files or folders) without scanning it."""
    loaded = load_org(*org)
    graph = OrgGraph(loaded)
    counts = ", ".join(
        f"{len(getattr(loaded, name))} {name}"
        for name in ("units", "positions", "persons", "tenures", "powers")
    )
    click.echo(
        f"{loaded.organization.name}: valid ({counts}; "
        f"{graph.nx.number_of_nodes()} nodes, {graph.nx.number_of_edges()} edges)"
    )


@main.command("scan")
@click.argument("org", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--at", "at", type=click.DateTime(["%Y-%m-%d"]), help="Scan as of this day (default: today)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in Format]),
    default="table",
    show_default=True,
)
@click.option(
    "--set", "settings", multiple=True, metavar="ANALYZER.PARAM=VALUE", help="Override a parameter."
)
@click.option("--only", multiple=True, metavar="ANALYZER", help="Run only these analyzers.")
def scan_command(
    org: tuple[str, ...],
    at: datetime | None,
    fmt: str,
    settings: tuple[str, ...],
    only: tuple[str, ...],
) -> None:
    """Scan an organization for structural risk points (结构性风险)."""
    params = parse_settings(settings)
    loaded = load_org(*org)
    graph = OrgGraph(loaded)
    day = at.date() if at is not None else _today(graph)
    warnings = scan(graph, day, params=params, only=only or None)
    title = f"{loaded.organization.name} — structural scan as of {day.isoformat()}"
    render(warnings, Format(fmt), sys.stdout, title)


@main.command("check")
@click.argument("rulesets", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def check_command(rulesets: tuple[str, ...]) -> None:
    """Check ruleset files: shape, event types, fields, parameters, predicates, analyzers."""
    problems: list[Problem] = []
    for path in rulesets:
        try:
            ruleset = load_ruleset(path)
        except RulesetError as exc:
            problems.extend(exc.problems)
            continue
        click.echo(
            f"{path}: ruleset '{ruleset.ruleset}' version {ruleset.version}: {len(ruleset.rules)} rules ok"
        )
    if problems:
        raise RulesetError(problems)


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the ruleset format (for editors)."""
    click.echo(json.dumps(Ruleset.model_json_schema(by_alias=True), ensure_ascii=False, indent=2))


@main.command("analyzers")
def analyzers_command() -> None:
    """List the structural analyzers and their parameters with defaults."""
    for name in sorted(REGISTRY):
        spec = REGISTRY[name]
        click.echo(f"{name}: {spec.title} / {spec.title_en}\n  basis: {spec.basis}")
        for param, value in spec.params().model_dump(mode="json").items():
            shown = sorted(value) if isinstance(value, list) else value
            click.echo(f"  {param} = {shown}")
