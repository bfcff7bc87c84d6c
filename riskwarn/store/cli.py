"""The store's commands: ``riskwarn inbox list|show|ack|verify|dispose|close|reopen|escalate``
for one recipient, ``riskwarn audit verify STORE``, and the sinks behind
``riskwarn run --store``. Thin wrappers over `riskwarn.store`; errors are
`RiskwarnError`s, which the main command turns into a message and exit status 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from riskwarn.engine import Sink
from riskwarn.graph import OrgGraph
from riskwarn.options import instant
from riskwarn.orgfile import load_org
from riskwarn.report import LEVEL_STYLE
from riskwarn.store.access import Inbox
from riskwarn.store.errors import AuditError, StoreError
from riskwarn.store.escalation import Escalation
from riskwarn.store.lifecycle import ACTIVE_STATES, Action, Disposition, State
from riskwarn.store.mitigation import MitigationKind
from riskwarn.store.records import StoredWarning, WarningQuery
from riskwarn.store.sink import StoreSink
from riskwarn.store.sqlite import SqliteStore

__all__ = ["audit_command", "inbox_command", "store_sinks"]


@contextmanager
def store_sinks(path: str | None, graph: OrgGraph | None) -> Iterator[list[Sink]]:
    """The engine sinks for ``riskwarn run --store PATH``: none without a path;
    else a `StoreSink` whose last batch is written when the run ends without an
    error, with a count of what was stored on stderr."""
    if path is None:
        yield []
        return
    with SqliteStore(path) as store:
        sink = StoreSink(store, graph)
        yield [sink]
        sink.flush()
        click.echo(
            f"{sink.new + sink.updated + sink.unchanged} warning(s) stored in {path} "
            f"({sink.new} new, {sink.updated} updated, {sink.unchanged} already there)",
            err=True,
        )


def _graph(org: tuple[str, ...]) -> OrgGraph:
    return OrgGraph(load_org(*org))


def _open(path: str) -> SqliteStore:
    return SqliteStore(path)


def _when(text: str | None, graph: OrgGraph) -> datetime:
    return instant(text, graph.tz, "--at", StoreError) if text else datetime.now(UTC)


def _common(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--store``, ``--as``, ``--org``, ``--at``: whose inbox, in which store, as of when."""
    for option in reversed(
        [
            click.option(
                "--store",
                "store",
                required=True,
                type=click.Path(exists=True, dir_okay=False),
                help="The warning store (SQLite file).",
            ),
            click.option(
                "--as",
                "viewer",
                required=True,
                metavar="PERSON",
                help="The person whose inbox this is (person id).",
            ),
            click.option(
                "--org",
                "org",
                multiple=True,
                required=True,
                type=click.Path(exists=True),
                help="Organization files or folders (who supervises whom).",
            ),
            click.option(
                "--at",
                "at",
                metavar="TIME",
                help="As of this day or time, and the time of a change (default: now; a day means its end).",
            ),
        ]
    ):
        f = option(f)
    return f


@contextmanager
def _inbox(store: str, viewer: str, org: tuple[str, ...], at: str | None) -> Iterator[Inbox]:
    graph = _graph(org)
    with _open(store) as opened:
        yield opened.inbox(viewer, graph, _when(at, graph))


@click.group("inbox")
def inbox_command() -> None:
    """A recipient's warnings: list, show, acknowledge, verify, dispose, close, reopen,
    escalate, mitigate."""


@inbox_command.command("list")
@_common
@click.option(
    "--state",
    "states",
    multiple=True,
    type=click.Choice([s.value for s in State]),
    help="Only these states (default: open, acknowledged, verifying).",
)
@click.option("--all", "everything", is_flag=True, help="Every state.")
@click.option(
    "--level", "levels", multiple=True, type=click.Choice(["red", "orange", "yellow", "blue"])
)
@click.option("--category", "categories", multiple=True)
@click.option("--since", "since", metavar="DAY", help="Warnings at or after this day (00:00).")
@click.option("--until", "until", metavar="DAY", help="Warnings before the end of this day.")
@click.option("--limit", "limit", type=click.IntRange(min=1))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "jsonl"]),
    default="table",
    show_default=True,
)
def list_command(
    store: str,
    viewer: str,
    org: tuple[str, ...],
    at: str | None,
    states: tuple[str, ...],
    everything: bool,
    levels: tuple[str, ...],
    categories: tuple[str, ...],
    since: str | None,
    until: str | None,
    limit: int | None,
    fmt: str,
) -> None:
    """List the warnings PERSON may see, most severe first."""
    from riskwarn.model import Level

    if everything and states:
        raise click.UsageError("give --all or --state, not both")

    with _inbox(store, viewer, org, at) as inbox:
        tz = inbox.graph.tz
        query = WarningQuery(
            states=() if everything else tuple(State(s) for s in states) or ACTIVE_STATES,
            levels=tuple(Level(lv) for lv in levels),
            categories=categories,
            since=instant(since, tz, "--since", StoreError, day_end=False) if since else None,
            until=instant(until, tz, "--until", StoreError) if until else None,
            order="severity",
            limit=limit,
        )
        found = inbox.list(query)
    if fmt == "json":
        click.echo(json.dumps([s.to_json() for s in found], ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for s in found:
            click.echo(json.dumps(s.to_json(), ensure_ascii=False))
    else:
        _table(found, viewer)


def _table(found: list[StoredWarning], viewer: str) -> None:
    console = Console(file=sys.stdout, width=max(Console(file=sys.stdout).width, 120))
    if not found:
        console.print(f"No warnings for {escape(viewer)}.")
        return
    table = Table(show_lines=True, expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("level")
    table.add_column("state")
    table.add_column("time", no_wrap=True)
    table.add_column("subject", overflow="fold")
    table.add_column("message", ratio=3, overflow="fold")
    for s in found:
        level = s.level.value + (f" ↑{s.escalations}" if s.escalations else "")
        table.add_row(
            s.id,
            f"[{LEVEL_STYLE[s.level]}]{escape(level)}[/]",
            f"{s.state.value} {s.state.zh}",
            s.warning.time.strftime("%Y-%m-%d %H:%M"),
            escape(s.warning.subject.name),
            escape(s.warning.message),
        )
    console.print(table)
    console.print(f"{len(found)} warning(s)")


@inbox_command.command("show")
@click.argument("warning_id")
@_common
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def show_command(
    warning_id: str, store: str, viewer: str, org: tuple[str, ...], at: str | None, fmt: str
) -> None:
    """Show one warning: what, why, who has it, and its history."""
    with _inbox(store, viewer, org, at) as inbox:
        stored = inbox.read(warning_id)
        history = inbox.history(warning_id)
    if fmt == "json":
        data = stored.to_json()
        data["history"] = [
            {
                "seq": e.seq,
                "at": e.at.isoformat(),
                "recorded": e.recorded.isoformat(),
                "actor": e.actor,
                "action": e.action,
                "from": e.from_state,
                "to": e.to_state,
                "note": e.note,
                "data": dict(e.data),
            }
            for e in history
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for line in _describe(stored):
        click.echo(line)
    click.echo("history:")
    for e in history:
        line = f"  #{e.seq} {e.at.isoformat()} {e.action} by {e.actor}"
        if e.from_state != e.to_state:
            line += f" {e.from_state} → {e.to_state}" if e.from_state else f" → {e.to_state}"
        click.echo(line + (f" — {e.note}" if e.note else ""))


def _describe(s: StoredWarning) -> list[str]:
    w = s.warning
    lines = [
        f"{s.id}  {s.level.value} ({s.level.zh})  {s.state.value} ({s.state.zh})",
        f"  rule:      {w.ruleset}/{w.rule} (version {w.ruleset_version}) {w.title}",
        f"  category:  {w.category}",
        f"  subject:   {w.subject}" + (f"; units {', '.join(s.units)}" if s.units else ""),
        f"  time:      {w.time.isoformat()}",
        f"  message:   {w.message}",
        f"  basis:     {w.basis}",
    ]
    if w.count > 1:
        lines.append(f"  count:     {w.count}")
    if s.level != w.level:
        lines.append(f"  level:     {w.level.value} at first, escalated {s.escalations} time(s)")
    if s.due is not None:
        lines.append(f"  due:       {s.due.isoformat()}")
    if s.disposition is not None:
        note = f": {s.disposition_note}" if s.disposition_note else ""
        lines.append(f"  disposed:  {s.disposition.value} ({s.disposition.zh}){note}")
    if s.mitigation is not None:
        lines.append(f"  mitigated: by {s.mitigation}")
    ev = w.evidence
    for e in ev.events:
        fields = ", ".join(f"{k}={v}" for k, v in e.fields.items())
        lines.append(f"  event:     {e.id} ({e.type}, {e.time.isoformat()}) {fields}".rstrip())
    lines.extend(f"  path:      {p}" for p in ev.paths)
    if ev.threshold is not None or ev.actual is not None:
        lines.append(f"  threshold: {ev.threshold}, actual: {ev.actual}")
    lines.extend(f"  fact:      {k} = {v}" for k, v in ev.facts.items())
    lines.append("recipients:")
    for a in s.assignments:
        r = a.recipient
        lines.append(
            f"  [{a.tier}] {r.role} {r.person.name} ({r.person.id}), {r.position.name}: {r.reason}"
        )
    return lines


def _change(
    action: Action, needs_note: bool = False
) -> Callable[[Callable[..., Any]], click.Command]:
    """A command making one lifecycle change as ``--as``."""

    def make(f: Callable[..., Any]) -> click.Command:
        @click.argument("warning_id")
        @_common
        @click.option("--note", "note", required=needs_note, help="Why, for the audit log.")
        def command(
            warning_id: str,
            store: str,
            viewer: str,
            org: tuple[str, ...],
            at: str | None,
            note: str | None,
            **extra: Any,
        ) -> None:
            disposition = (
                Disposition.parse(extra["disposition"]) if extra.get("disposition") else None
            )
            with _inbox(store, viewer, org, at) as inbox:
                before = inbox.read(warning_id).state
                after = inbox.change(
                    warning_id,
                    action,
                    note=note,
                    at=inbox.at if at else None,
                    disposition=disposition,
                )
            done = f" ({disposition.value} {disposition.zh})" if disposition else ""
            click.echo(
                f"{warning_id}: {before.value} → {after.state.value} ({after.state.zh}){done}"
            )

        command.__doc__ = f.__doc__
        return inbox_command.command(f.__name__)(command)

    return make


@_change(Action.ACKNOWLEDGE)
def ack() -> None:
    """Acknowledge a warning (签收): PERSON has it in hand."""


@_change(Action.VERIFY)
def verify() -> None:
    """Start verifying a warning (核实)."""


@click.option(
    "--disposition",
    "disposition",
    required=True,
    metavar="DISPOSITION",
    help="reminder_talk 提醒谈话, inquiry 谈话函询, admonishment 诫勉, rectification 责令整改, "
    "circular 通报, referral 移送纪检监察, no_violation 予以了结 (needs --note: why).",
)
@_change(Action.DISPOSE)
def dispose() -> None:
    """Record how a warning was disposed of (处置)."""


@_change(Action.CLOSE)
def close() -> None:
    """Close a disposed warning (办结)."""


@_change(Action.REOPEN, needs_note=True)
def reopen() -> None:
    """Send a disposed warning back for another check; its handling period restarts."""


@inbox_command.command("mitigate")
@click.argument("warning_id")
@_common
@click.option("--reason", "reason", required=True, help="The control, or why the risk is accepted.")
@click.option(
    "--until",
    "until",
    required=True,
    metavar="DAY",
    help="Valid until this day or time (a day means its end); the rule warns again after.",
)
@click.option(
    "--accept", "accept", is_flag=True, help="An acceptance (风险接受) rather than a mitigation."
)
def mitigate_command(
    warning_id: str,
    store: str,
    viewer: str,
    org: tuple[str, ...],
    at: str | None,
    reason: str,
    until: str,
    accept: bool,
) -> None:
    """Record a mitigation (缓释措施) or acceptance (风险接受) for the rule and subject
    of WARNING_ID, owned by PERSON: later warnings of that rule about that subject
    are stored as mitigated until --until (a reminder comes before it ends)."""
    kind = MitigationKind.ACCEPTANCE if accept else MitigationKind.MITIGATION
    with _inbox(store, viewer, org, at) as inbox:
        end = instant(until, inbox.graph.tz, "--until", StoreError)
        m = inbox.mitigate(
            warning_id, reason=reason, valid_until=end, kind=kind, at=inbox.at if at else None
        )
    click.echo(
        f"{m.id}: {kind.value} ({kind.zh}) of {m.ruleset}/{m.rule} for {m.subject.id} "
        f"until {m.valid_until.isoformat()}"
    )


@inbox_command.command("escalate")
@click.argument("warning_id", required=False)
@click.option("--store", "store", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--org", "org", multiple=True, required=True, type=click.Path(exists=True))
@click.option(
    "--as", "viewer", metavar="PERSON", help="Who refers the warning up (with WARNING_ID)."
)
@click.option("--note", "note", help="Why (required with WARNING_ID).")
@click.option("--due", "due", is_flag=True, help="Escalate every warning whose deadline passed.")
@click.option(
    "--at",
    "at",
    metavar="TIME",
    help="As of this day or time (default: now; a day means its end): event time for a replay.",
)
def escalate_command(
    warning_id: str | None,
    store: str,
    org: tuple[str, ...],
    viewer: str | None,
    note: str | None,
    due: bool,
    at: str | None,
) -> None:
    """Escalate: WARNING_ID --as PERSON --note WHY refers one warning to the next
    supervisor up; --due escalates every warning whose deadline passed by --at."""
    if due == (warning_id is not None):
        raise click.UsageError("give either WARNING_ID (with --as and --note) or --due")
    graph = _graph(org)
    now = _when(at, graph)
    with _open(store) as opened:
        if due:
            steps: dict[str, list[Escalation]] = {}
            for e in opened.escalate_due(now, graph=graph):
                steps.setdefault(e.warning_id, []).append(e)
            click.echo(f"{len(steps)} warning(s) escalated as of {now.isoformat()}")
            for wid, done in steps.items():
                added = [r.person.id for e in done for r in e.recipients]
                who = ", ".join(added) if added else "nobody new"
                click.echo(f"  {wid} {done[0].from_level.value} → {done[-1].to_level.value}: {who}")
            return
        if viewer is None or not note:
            raise click.UsageError("escalating WARNING_ID needs --as PERSON and --note WHY")
        assert warning_id is not None
        inbox = opened.inbox(viewer, graph, now)
        before = inbox.read(warning_id)
        after = inbox.escalate(warning_id, note, at=now if at else None)
    added = [a.recipient.person.id for a in after.assignments if a.tier > before.top_tier]
    click.echo(
        f"{warning_id}: {before.level.value} → {after.level.value}; "
        f"now also with {', '.join(added) if added else 'nobody new (no supervisor further up)'}"
    )


@click.group("audit")
def audit_command() -> None:
    """The store's audit log."""


@audit_command.command("verify")
@click.argument("store", type=click.Path(exists=True, dir_okay=False))
def audit_verify_command(store: str) -> None:
    """Check the audit log of STORE: its hash chain, its recorded end, and that
    every warning's state matches its history. Prints the first broken entry and
    exits 1 when something was edited or removed."""
    with _open(store) as opened:
        report = opened.verify_audit()
    if report.problem is not None:
        raise AuditError(f"{store}: {report.problem}")
    click.echo(f"{store}: audit log intact: {report.entries} entries, head {report.head[:16]}…")
