"""Render warnings: a terminal table grouped by level, JSON, or JSON Lines.

Everything shown comes from data (names, messages), so the table escapes rich
markup: a name like ``[red]`` is printed as typed, never interpreted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from riskwarn.model import Level, RiskWarning

__all__ = ["LEVEL_STYLE", "Format", "render", "to_json", "to_jsonl"]

LEVEL_STYLE = {
    Level.RED: "bold red",
    Level.ORANGE: "bold dark_orange",
    Level.YELLOW: "bold yellow",
    Level.BLUE: "bold blue",
}


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"


def to_jsonl(warnings: Iterable[RiskWarning]) -> str:
    """One JSON object per line, keys in model order, non-ASCII kept."""
    return "".join(w.model_dump_json() + "\n" for w in warnings)


def to_json(warnings: Iterable[RiskWarning]) -> str:
    """A JSON array of warnings, indented."""
    data = [w.model_dump(mode="json") for w in warnings]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _table(warnings: Sequence[RiskWarning], console: Console, title: str) -> None:
    console.print(escape(title))
    if not warnings:
        console.print("No findings.")
        return
    for level in Level:
        group = [w for w in warnings if w.level == level]
        if not group:
            continue
        table = Table(
            title=f"{level.zh} {level.value} ({len(group)})",
            title_style=LEVEL_STYLE[level],
            title_justify="left",
            show_lines=True,
            expand=True,
        )
        # fold, never truncate: Chinese text has no spaces to wrap at
        table.add_column("rule", overflow="fold")
        table.add_column("subject", overflow="fold")
        table.add_column("message", ratio=3, overflow="fold")
        table.add_column("recipients", ratio=2, overflow="fold")
        for w in group:
            recipients = "\n".join(f"{r.person.name} ({r.role})" for r in w.recipients) or "—"
            table.add_row(
                escape(w.rule), escape(w.subject.name), escape(w.message), escape(recipients)
            )
        console.print(table)
    counts = ", ".join(f"{sum(w.level == lv for w in warnings)} {lv.value}" for lv in Level)
    console.print(f"{len(warnings)} findings: {counts}")


def render(warnings: Sequence[RiskWarning], fmt: Format, out: TextIO, title: str = "") -> None:
    """Write warnings to ``out`` in the given format (the table gets ``title`` above it)."""
    if fmt == Format.JSON:
        out.write(to_json(warnings))
    elif fmt == Format.JSONL:
        out.write(to_jsonl(warnings))
    else:
        _table(warnings, Console(file=out, width=max(Console(file=out).width, 120)), title)
