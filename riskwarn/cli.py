"""The command line: thin wrappers over the library. Every `RiskwarnError`
becomes one message on stderr and exit status 1, here and nowhere else."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timedelta
from typing import Any

import click
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from riskwarn.calendar import ChineseWorkCalendar, WeekendCalendar, WorkCalendar
from riskwarn.compiler import compile_ruleset, event_types
from riskwarn.engine import Engine
from riskwarn.errors import Location, Problem, RiskwarnError, RulesetError
from riskwarn.events import Quarantine
from riskwarn.graph import OrgGraph
from riskwarn.options import day_or_time
from riskwarn.orgfile import load_org
from riskwarn.report import Format, render
from riskwarn.rules.duration import Duration
from riskwarn.rules.loader import load_ruleset, load_rulesets
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


def _calendar(name: str) -> WorkCalendar:
    return ChineseWorkCalendar() if name == "chinese" else WeekendCalendar()


@main.command("compile")
@click.argument("ruleset", type=click.Path(exists=True, dir_okay=False))
@click.option("--set", "settings", multiple=True, metavar="RULESET.PARAM=VALUE")
def compile_command(ruleset: str, settings: tuple[str, ...]) -> None:
    """Print what a ruleset compiles to: durable_rules definitions and the
    engine-side operators, per rule (JSON)."""
    loaded = load_ruleset(ruleset)
    params = parse_settings(settings)
    types = event_types([loaded])
    compiled = compile_ruleset(loaded, types, params.get(loaded.ruleset))
    extra = set(params) - {loaded.ruleset}
    if extra:
        raise RulesetError(f"--set: no ruleset {', '.join(sorted(extra))} here")
    click.echo(json.dumps(compiled.to_json(), ensure_ascii=False, indent=2))


@main.command("run")
@click.option(
    "--org",
    "org",
    multiple=True,
    type=click.Path(exists=True),
    help="Organization files or folders.",
)
@click.option(
    "--rules",
    "rules",
    multiple=True,
    required=True,
    type=click.Path(exists=True),
    help="Ruleset files or folders (repeat for more).",
)
@click.option(
    "--events",
    "events",
    multiple=True,
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Event files: .jsonl, .csv, or XES logs (.xes, .xes.gz) with --mapping (repeat for more).",
)
@click.option(
    "--mapping",
    "mapping",
    metavar="MAPPING",
    help="How XES logs become events: a mapping file, or bpic2020, bpic2012, wabo (docs/xes.md).",
)
@click.option("--until", "until", help="Fire deadlines up to this day or time (ISO 8601).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in Format]),
    default="table",
    show_default=True,
)
@click.option(
    "--quarantine",
    "quarantine",
    type=click.Path(dir_okay=False),
    help="Write refused events here (JSONL).",
)
@click.option(
    "--set", "settings", multiple=True, metavar="RULESET.PARAM=VALUE", help="Override a parameter."
)
@click.option(
    "--allowed-lateness",
    "lateness",
    default="0m",
    show_default=True,
    help="How far out of time order events may come, e.g. 2h.",
)
@click.option(
    "--calendar",
    "calendar",
    type=click.Choice(["chinese", "weekends"]),
    default="chinese",
    show_default=True,
)
@click.option(
    "--store",
    "store",
    type=click.Path(dir_okay=False),
    help="Also keep the warnings in this store (SQLite; created if missing).",
)
def run_command(
    org: tuple[str, ...],
    rules: tuple[str, ...],
    events: tuple[str, ...],
    until: str | None,
    fmt: str,
    quarantine: str | None,
    settings: tuple[str, ...],
    lateness: str,
    calendar: str,
    mapping: str | None,
    store: str | None,
) -> None:
    """Run rulesets over events in event time and print the warnings."""
    from riskwarn.store.cli import store_sinks
    from riskwarn.xes import load_mapping, read_sources

    rulesets = load_rulesets(rules)
    mapping_file = load_mapping(mapping) if mapping is not None else None
    graph = OrgGraph(load_org(*org)) if org else None
    allowed = (
        Duration.parse(lateness).as_timedelta()
        if lateness.strip() not in ("0", "0m")
        else timedelta(0)
    )
    with Quarantine(quarantine) as refused, store_sinks(store, graph) as sinks:
        engine = Engine(
            graph,
            rulesets,
            params=parse_settings(settings),
            calendar=_calendar(calendar),
            allowed_lateness=allowed,
            quarantine=refused,
            sinks=sinks,
        )
        end = day_or_time(until, engine.calendar.tz, "--until", RulesetError) if until else None
        stream, logs = read_sources(events, engine.types, mapping=mapping_file, quarantine=refused)
        warnings = engine.process(stream, until=end)
        if Format(fmt) is Format.JSONL:
            for warning in warnings:
                sys.stdout.write(warning.model_dump_json() + "\n")
        else:
            title = f"{len(rulesets)} ruleset(s) over {', '.join(events)}"
            render(list(warnings), Format(fmt), sys.stdout, title)
    for log in logs:
        click.echo(log.stats.summary(), err=True)
    for diagnostic in engine.diagnostics:
        click.echo(str(diagnostic), err=True)
    if refused.count:
        where = f" (see {quarantine})" if quarantine else ""
        click.echo(f"{refused.count} event(s) quarantined{where}", err=True)


@main.command("demo")
@click.option(
    "--examples",
    "examples",
    type=click.Path(exists=True, file_okay=False),
    help="A folder of scenario folders (default: the checkout's examples/).",
)
@click.option("--only", multiple=True, metavar="SCENARIO", help="Run only these scenarios.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option("--top", default=8, show_default=True, help="How many of the most severe to show.")
@click.option(
    "--store",
    "store",
    type=click.Path(dir_okay=False),
    help="Also keep every scenario's warnings in this store (for inbox and report).",
)
def demo_command(
    examples: str | None, only: tuple[str, ...], fmt: str, top: int, store: str | None
) -> None:
    """Run every example scenario on the built-in rulesets and summarize the warnings."""
    from riskwarn.demo import render_demo, run_demo

    runs = run_demo(examples, only)
    render_demo(runs, fmt, sys.stdout, top=top)
    if store is not None:
        from riskwarn.store.sqlite import SqliteStore

        with SqliteStore(store) as kept:
            for run in runs:
                put = kept.put(run.warnings, graph=run.graph)
                click.echo(
                    f"{run.scenario.id}: {put.stored} warning(s) in {store} "
                    f"({len(put.new)} new, {put.unchanged} already there)",
                    err=True,
                )


@main.command("test")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--color/--no-color", default=None, help="Colour the report (default: on a terminal)."
)
def test_command(paths: tuple[str, ...], color: bool | None) -> None:
    """Run rule-test files (*.test.yaml; folders: every one in them) and print a diff per failure."""
    from riskwarn.testing import main_test

    sys.exit(main_test(paths, color=sys.stdout.isatty() if color is None else color))


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


from riskwarn.store.cli import audit_command, inbox_command  # noqa: E402  (registered last)

main.add_command(inbox_command)
main.add_command(audit_command)

from riskwarn.reports.cli import circular_command, report_command  # noqa: E402  (registered last)

main.add_command(report_command)
main.add_command(circular_command)
