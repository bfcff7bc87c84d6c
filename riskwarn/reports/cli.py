"""The report commands: ``riskwarn report`` (a supervisor's HTML report) and
``riskwarn circular`` (a periodic 通报 per unit, HTML or Markdown). Thin
wrappers over `riskwarn.reports`; errors are `RiskwarnError`s, which the main
command turns into a message and exit status 1."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any, cast

import click

from riskwarn.graph import OrgGraph
from riskwarn.options import instant
from riskwarn.orgfile import load_org
from riskwarn.reports.chart import Granularity
from riskwarn.reports.errors import ReportError
from riskwarn.reports.period import Period
from riskwarn.reports.view import View
from riskwarn.store.sqlite import SqliteStore

__all__ = ["circular_command", "report_command"]


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ReportError(f"{option}: expected a day (2026-06-30), got '{text}'") from None


def _instant(text: str | None, tz: tzinfo) -> datetime:
    """``--at``: a day (its end, 24:00), a time (without offset: in ``tz``), or now."""
    return datetime.now(UTC) if text is None else instant(text, tz, "--at", ReportError)


def _write(out: str, text: str) -> None:
    try:
        Path(out).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"{out}: cannot write ({exc.strerror or exc})") from None


def _reader(viewer: str | None, admin: bool) -> None:
    if admin == (viewer is not None):
        raise click.UsageError("give either --as PERSON (their view) or --admin (everything)")


def _common(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--store``, ``--org``, ``--as``/``--admin``, ``--at``, ``--out``."""
    options = [
        click.option(
            "--store",
            "store",
            required=True,
            type=click.Path(exists=True, dir_okay=False),
            help="The warning store (SQLite file).",
        ),
        click.option(
            "--org",
            "org",
            multiple=True,
            required=True,
            type=click.Path(exists=True),
            help="Organization files or folders (names, units, who may see what).",
        ),
        click.option(
            "--as",
            "viewer",
            metavar="PERSON",
            help="Only what this person may see (person id): their inbox's scope.",
        ),
        click.option("--admin", "admin", is_flag=True, help="Every warning in the store."),
        click.option(
            "--at",
            "at",
            metavar="TIME",
            help="Whose jurisdiction as of this day or time (default: now; a day means its end).",
        ),
        click.option(
            "--out",
            "out",
            required=True,
            type=click.Path(dir_okay=False, writable=True),
            help="The file to write.",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _open(
    store: str, org: tuple[str, ...], viewer: str | None, at: str | None
) -> tuple[SqliteStore, OrgGraph, View]:
    graph = OrgGraph(load_org(*org))
    opened = SqliteStore(store)
    try:
        view = View(opened, graph, viewer, _instant(at, graph.tz))
    except BaseException:
        opened.close()
        raise
    return opened, graph, view


@click.command("report")
@_common
@click.option("--from", "first", metavar="DAY", help="Warnings from this day (00:00).")
@click.option("--to", "last", metavar="DAY", help="Warnings up to the end of this day.")
@click.option(
    "--by",
    "granularity",
    type=click.Choice(["auto", "week", "month"]),
    default="auto",
    show_default=True,
    help="The trend chart's bars: per week, per month, or weeks up to half a year.",
)
@click.option(
    "--limit",
    "limit",
    type=click.IntRange(min=1),
    help="Show the details of only this many warnings, most severe first (counts cover all).",
)
def report_command(
    store: str,
    org: tuple[str, ...],
    viewer: str | None,
    admin: bool,
    at: str | None,
    out: str,
    first: str | None,
    last: str | None,
    granularity: str,
    limit: int | None,
) -> None:
    """Write a self-contained HTML report of the warnings PERSON may see (--as) or
    of every warning (--admin): counts, trend, and each warning with its
    evidence, recipients and history."""
    from riskwarn.reports.html import build_report, render_report

    _reader(viewer, admin)
    opened, graph, view = _open(store, org, viewer, at)
    with opened:
        period = Period(_day(first, "--from"), _day(last, "--to"), graph.tz)
        report = build_report(view, period, granularity=cast(Granularity, granularity), limit=limit)
        text = render_report(report)
    _write(out, text)
    shown = len(report.details)
    click.echo(f"{out}: {report.total} warning(s) for {report.reader}, {shown} shown in detail")


@click.command("circular")
@_common
@click.option("--from", "first", metavar="DAY", required=True, help="The period's first day.")
@click.option("--to", "last", metavar="DAY", required=True, help="The period's last day.")
@click.option(
    "--unit",
    "units",
    multiple=True,
    metavar="UNIT",
    help="Only this unit, its subunits included (repeat for more); default: one section per unit.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md"]),
    default="html",
    show_default=True,
)
@click.option("--issuer", "issuer", metavar="TEXT", help="Who issues the circular (落款).")
@click.option("--date", "issued", metavar="DAY", help="The date of issue (default: today).")
def circular_command(
    store: str,
    org: tuple[str, ...],
    viewer: str | None,
    admin: bool,
    at: str | None,
    out: str,
    first: str,
    last: str,
    units: tuple[str, ...],
    fmt: str,
    issuer: str | None,
    issued: str | None,
) -> None:
    """Write a circular (通报) on the warnings of a period, per unit: counts by
    level and category, dispositions, overdue and escalated warnings, as of the
    period's end."""
    from riskwarn.reports.circular import build_circular, render_circular

    _reader(viewer, admin)
    opened, graph, view = _open(store, org, viewer, at)
    with opened:
        period = Period(_day(first, "--from"), _day(last, "--to"), graph.tz)
        day = _day(issued, "--date") or datetime.now(graph.tz).date()
        circular = build_circular(view, period, units=units, issuer=issuer, issued=day)
        text = render_circular(circular, "md" if fmt == "md" else "html")
    _write(out, text)
    click.echo(
        f"{out}: circular on {circular.total} warning(s) in {len(circular.sections)} unit(s)"
    )
