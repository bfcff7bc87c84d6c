"""The supervisor's report: one self-contained HTML page (inline CSS, the chart
as inline SVG, no script, nothing fetched) with what one reader may see of a
store for a period: counts by level, category, unit, state and disposition, the
trend per week or month, and every warning with its evidence, graph paths,
basis, recipients and reasons, and its audit history.

```python
view = View(store, graph, "p133", at)         # or View(store, graph, None, at): everything
html = render_report(build_report(view, Period(date(2026, 4, 1), date(2026, 6, 30), graph.tz)))
```
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from riskwarn.model import SupervisionRole
from riskwarn.model.warning import Level
from riskwarn.reports.chart import Chart, Granularity, bar_chart, trend
from riskwarn.reports.period import Period
from riskwarn.reports.templating import html_env, render
from riskwarn.reports.view import View
from riskwarn.store.audit import AuditEntry
from riskwarn.store.base import SYSTEM
from riskwarn.store.lifecycle import Action, Disposition, State
from riskwarn.store.records import StoredWarning, WarningQuery

__all__ = [
    "Detail",
    "HistoryRow",
    "RecipientRow",
    "Report",
    "Row",
    "build_report",
    "render_report",
]


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a count table."""

    key: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class RecipientRow:
    tier: int
    role: str
    person: str
    position: str
    reason: str
    at: datetime


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One audit entry in words: who, when, what, from which state to which, why."""

    seq: int
    at: datetime
    actor: str
    action: str
    change: str
    note: str | None
    details: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Detail:
    """A warning as the report shows it."""

    stored: StoredWarning
    units: tuple[str, ...]
    recipients: tuple[RecipientRow, ...]
    history: tuple[HistoryRow, ...]


@dataclass(frozen=True)
class Report:
    """Everything the report page shows, read through one `View`."""

    organization: str
    reader: str
    jurisdiction: list[str]
    admin: bool
    period: Period
    at: datetime
    total: int
    levels: list[Row]
    categories: list[Row]
    units: list[Row]
    states: list[Row]
    dispositions: list[Row]
    chart: Chart
    details: list[Detail]


def build_report(
    view: View,
    period: Period,
    *,
    granularity: Granularity = "auto",
    limit: int | None = None,
) -> Report:
    """Gather the report: counts are the store's tallies for the view, the chart
    one tally per week or month, the warnings most severe first (``limit`` of
    them when given; the counts always cover all)."""
    query = WarningQuery(since=period.since, until=period.until)
    tz = view.graph.tz
    buckets, used = trend(view, query, tz, period.first, period.last, granularity)
    by_level = view.tally(query, "level")
    stored = view.query(replace(query, order="severity", limit=limit))
    return Report(
        organization=view.graph.org.organization.name,
        reader=view.reader(),
        jurisdiction=view.jurisdiction(),
        admin=view.admin,
        period=period,
        at=view.at,
        total=view.count(query),
        levels=[Row(lv.value, lv.zh, by_level.get(lv.value, 0)) for lv in Level],
        categories=[Row(k, k, n) for k, n in view.tally(query, "category").items()],
        units=[
            Row(k, view.unit_name(k) if k else "未归属单位", n)
            for k, n in view.tally(query, "unit").items()
        ],
        states=_states(view.tally(query, "state")),
        dispositions=[
            Row(k, _disposition(k), n) for k, n in view.tally(query, "disposition").items() if k
        ],
        chart=bar_chart(buckets, used),
        details=[_detail(view, s) for s in stored],
    )


def render_report(report: Report) -> str:
    """The report as one HTML document."""
    return render(html_env(), "report.html.j2", report=report, tz=report.period.tz, Level=Level)


def _states(tally: Mapping[str, int]) -> list[Row]:
    return [Row(s.value, s.zh, tally.get(s.value, 0)) for s in State if tally.get(s.value)]


def _disposition(value: str) -> str:
    try:
        return Disposition(value).zh
    except ValueError:
        return value


def _state(value: str | None) -> str:
    if value is None:
        return ""
    try:
        return State(value).zh
    except ValueError:
        return value


def _role(value: str) -> str:
    try:
        return SupervisionRole(value).zh
    except ValueError:
        return value


def _detail(view: View, stored: StoredWarning) -> Detail:
    recipients = tuple(
        RecipientRow(
            a.tier,
            _role(a.recipient.role),
            f"{a.recipient.person.name}（{a.recipient.person.id}）",
            a.recipient.position.name,
            a.recipient.reason,
            a.at,
        )
        for a in stored.assignments
    )
    history = tuple(_history_row(view, e) for e in view.history(stored.id))
    units = tuple(view.unit_name(u) for u in stored.units)
    return Detail(stored, units, recipients, history)


_ACTIONS = {
    "stored": "生成",
    "count": "累计",
    "escalate": "升级",
    **{a.value: a.zh for a in Action},
}


def _history_row(view: View, entry: AuditEntry) -> HistoryRow:
    data = entry.data
    details: list[str] = []
    if "disposition" in data:
        details.append(f"处置方式：{_disposition(str(data['disposition']))}")
    if "from_level" in data and "level" in data:
        details.append(f"等级：{_level(data['from_level'])} → {_level(data['level'])}")
    elif "level" in data:
        details.append(f"等级：{_level(data['level'])}")
    if "previous" in data and "count" in data:
        details.append(f"次数：{data['previous']} → {data['count']}")
    if data.get("recipients"):
        names = "、".join(view.person_name(str(p)) for p in data["recipients"])
        details.append(f"新增接收人：{names}")
    elif "recipients" in data:
        details.append("无新增接收人")
    if data.get("mitigation"):
        details.append(f"缓释记录：{data['mitigation']}")
    change = (
        f"{_state(entry.from_state)} → {_state(entry.to_state)}"
        if entry.from_state and entry.from_state != entry.to_state
        else _state(entry.to_state)
        if entry.from_state is None
        else ""
    )
    actor = view.person_name(entry.actor)
    if actor != entry.actor and entry.actor != SYSTEM:
        actor = f"{actor}（{entry.actor}）"
    return HistoryRow(
        entry.seq,
        entry.at,
        actor,
        _ACTIONS.get(entry.action, entry.action),
        change,
        entry.note,
        tuple(details),
    )


def _level(value: Any) -> str:
    try:
        return Level(str(value)).zh
    except ValueError:
        return str(value)
