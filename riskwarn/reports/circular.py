"""A periodic circular (通报) on the warnings of a period, per unit, in the formal
style of a Chinese 通报: a title, the addressees, then 一、总体情况,
二、各单位情况 and 三、工作要求, signed with the issuer and the date.

It covers the warnings that arose in the period that the reader may see, each
as it stood at the period's end, read back from its audit trail (`standing`):
its level, its state, how it was disposed, whether it was escalated, and
whether it was overdue (逾期未处置): still to be handled with a handling
deadline missed, the pending one or an earlier one the store escalated it
for. Each unit's
numbers add up: the levels and the categories each sum to the unit's total,
which is disposed + in hand + mitigated; the dispositions sum to the disposed.
A warning counts in the unit its subject belonged to when it arose (a subject
with posts in two units counts in both).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal

from riskwarn.errors import Location, Problem, did_you_mean
from riskwarn.model.warning import Level
from riskwarn.reports.errors import ReportError
from riskwarn.reports.html import Row
from riskwarn.reports.period import Period, zh_date
from riskwarn.reports.templating import html_env, markdown_env, render
from riskwarn.reports.view import View
from riskwarn.store.audit import AuditEntry
from riskwarn.store.base import SYSTEM
from riskwarn.store.escalation import EscalationPolicy
from riskwarn.store.lifecycle import ACTIVE_STATES, Action, Disposition, State
from riskwarn.store.records import StoredWarning, WarningQuery

__all__ = [
    "Circular",
    "Section",
    "Standing",
    "build_circular",
    "render_circular",
    "standing",
]

DISPOSED = (State.DISPOSED, State.CLOSED)


@dataclass(frozen=True, slots=True)
class Standing:
    """A warning as it stood at a time (``at``), read back from its audit trail."""

    stored: StoredWarning
    at: datetime
    state: State
    level: Level
    escalations: int
    """Escalations before ``at``: automatic (a deadline missed) and referrals by hand."""
    missed: int = 0
    """Deadlines missed before ``at``: the automatic escalations, and the pending
    deadline if it has passed without one."""
    disposition: Disposition | None = None
    disposition_note: str | None = None
    disposed_at: datetime | None = None
    due: datetime | None = None
    """The handling deadline pending at ``at`` (None once handled)."""

    @property
    def overdue(self) -> bool:
        """Still to be handled at ``at``, with a handling deadline missed."""
        return self.state in ACTIVE_STATES and self.missed > 0


def standing(
    stored: StoredWarning, history: Iterable[AuditEntry], at: datetime, policy: EscalationPolicy
) -> Standing:
    """``stored`` as of ``at``: the audit entries that took effect before ``at``
    replayed in log order (state, level, disposition, escalations), and the
    deadline the store's policy gives from there."""
    w = stored.warning
    state, level, escalations = State.OPEN, w.level, 0
    disposition: Disposition | None = None
    note: str | None = None
    disposed_at = acknowledged = None
    clock = w.time
    stopped = False
    missed = 0
    for e in history:
        if e.entity != "warning" or e.at >= at:
            continue
        if e.to_state:
            state = State(e.to_state)
        if "level" in e.data:
            level = Level(str(e.data["level"]))
        if e.action in _CHANGES:  # every change sets the next deadline anew
            stopped = False
        if e.action == "acknowledge":
            acknowledged = e.at
        elif e.action == "dispose":
            disposition = Disposition(str(e.data["disposition"]))
            note, disposed_at = e.note, e.at
        elif e.action == "reopen":
            disposition, note, disposed_at, clock = None, None, None, e.at
        elif e.action == "escalate":
            escalations += 1
            missed += e.actor == SYSTEM
            clock = e.at
            stopped = _stops(e)
    deadline = None if stopped else policy.deadline(level, state, clock, acknowledged)
    due = deadline.at if deadline is not None else None
    missed += due is not None and due <= at
    return Standing(
        stored,
        at,
        state,
        level,
        escalations,
        missed,
        disposition,
        note,
        disposed_at,
        due,
    )


_CHANGES = {*(a.value for a in Action), "escalate"}
"""The audit actions after which the store sets a warning's next deadline."""


def _stops(entry: AuditEntry) -> bool:
    """An automatic escalation of a red warning that found nobody further up: the
    store sets no further deadline (`riskwarn.store.escalation.plan_escalation`)."""
    return (
        entry.actor == SYSTEM
        and entry.data.get("from_level") == Level.RED.value
        and not entry.data.get("recipients")
    )


@dataclass(frozen=True)
class Section:
    """One unit's part of the circular."""

    unit: str
    name: str
    warnings: list[Standing]
    until: str
    """The period's last day, as the circular writes it."""

    @property
    def total(self) -> int:
        return len(self.warnings)

    def levels(self) -> list[Row]:
        counts = Counter(s.level for s in self.warnings)
        return [Row(lv.value, lv.zh, counts[lv]) for lv in Level]

    def categories(self) -> list[Row]:
        counts = Counter(s.stored.warning.category for s in self.warnings)
        return [Row(k, k, n) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    def states(self) -> list[Row]:
        counts = Counter(s.state for s in self.warnings)
        return [Row(st.value, st.zh, counts[st]) for st in State]

    def dispositions(self) -> list[Row]:
        counts = Counter(s.disposition for s in self.disposed)
        return [Row(d.value, d.zh, counts[d]) for d in Disposition if counts[d]]

    @property
    def disposed(self) -> list[Standing]:
        found = [s for s in self.warnings if s.state in DISPOSED]
        return sorted(found, key=lambda s: (s.disposed_at or s.at, s.stored.id))

    @property
    def in_hand(self) -> list[Standing]:
        return [s for s in self.warnings if s.state in ACTIVE_STATES]

    @property
    def mitigated(self) -> list[Standing]:
        return [s for s in self.warnings if s.state is State.MITIGATED]

    @property
    def overdue(self) -> list[Standing]:
        return [s for s in self.warnings if s.overdue]

    @property
    def escalated(self) -> list[Standing]:
        return [s for s in self.warnings if s.escalations]

    def rate(self) -> str | None:
        """处置率: disposed (closed included) over those needing handling (all but
        mitigated), one decimal; None when none needed handling."""
        needed = self.total - len(self.mitigated)
        return f"{100 * len(self.disposed) / needed:.1f}%" if needed else None

    def summary(self) -> list[str]:
        """The section's paragraphs, in the circular's wording."""
        return _paragraphs(self)


@dataclass(frozen=True)
class Circular:
    """The whole circular: every section, and the period's totals (each warning once)."""

    organization: str
    period: Period
    as_of: datetime
    reader: str
    admin: bool
    issuer: str | None
    issued: date
    overall: Section
    sections: list[Section]

    @property
    def total(self) -> int:
        return self.overall.total

    @property
    def title(self) -> str:
        return f"关于{self.period.label()}廉政风险预警处置情况的通报"

    @property
    def issued_label(self) -> str:
        return zh_date(self.issued)

    def opening(self) -> str:
        n = len([s for s in self.sections if s.total])
        return (
            f"{self.period.label()}，{self.organization}共产生廉政风险预警{self.total}条，"
            f"涉及{n}个单位。现将预警处置情况通报如下。"
        )

    def requirements(self) -> list[str]:
        """三、工作要求: the standing ones, and one per kind of problem found."""
        items = []
        late = [s.name for s in self.sections if s.overdue]
        if late:
            items.append(
                f"{'、'.join(late)}要对逾期未处置的预警立即核实处置，"
                "处置结果及时报送，并说明逾期原因。"
            )
        raised = [s.name for s in self.sections if s.escalated]
        if raised:
            items.append(
                f"对{'、'.join(raised)}升级处理的预警，升级后的接收人要督促推动，跟踪至办结。"
            )
        items.append("各单位要落实主体责任，对预警做到及时签收、认真核实、依规依纪处置、按时办结。")
        return items


def build_circular(
    view: View,
    period: Period,
    *,
    units: Sequence[str] = (),
    issuer: str | None = None,
    issued: date,
) -> Circular:
    """Gather the circular for ``period`` (both ends needed): one section per unit
    the warnings' subjects belonged to (in the organization's order), or one per
    unit in ``units``, each with its subunits.

    Raises:
        ReportError: the period is open at either end, or a unit is unknown.
    """
    if period.since is None or period.until is None:
        raise ReportError("a circular needs a period with both ends: --from DAY --to DAY")
    graph = view.graph
    unknown = [u for u in units if u not in graph.units]
    if unknown:
        raise ReportError(
            [
                Problem(Location(path="--unit"), f"no unit '{u}'{did_you_mean(u, graph.units)}")
                for u in unknown
            ]
        )
    assert period.last is not None
    until = zh_date(period.last)
    base = WarningQuery(since=period.since, until=period.until, order="time")
    at = period.until
    cache: dict[str, Standing] = {}

    def stand(found: Iterable[StoredWarning]) -> list[Standing]:
        out = []
        for s in found:
            if s.id not in cache:
                cache[s.id] = standing(s, view.history(s.id), at, view.store.policy)
            out.append(cache[s.id])
        return out

    if units:
        overall = stand(view.query(replace(base, units=tuple(units), include_subunits=True)))
        sections = [
            Section(u, view.unit_name(u), stand(view.query(replace(base, units=(u,)))), until)
            for u in units
        ]
    else:
        overall = stand(view.query(base))
        order = {u.id: i for i, u in enumerate(graph.org.units)}
        keys = sorted(
            view.tally(base, "unit"), key=lambda u: (u == "", order.get(u, len(order)), u)
        )
        sections = [
            Section(
                u,
                view.unit_name(u) if u else "未归属单位",
                stand(
                    view.query(replace(base, units=(u,), include_subunits=False))
                    if u
                    else [s for s in view.query(base) if not s.units]
                ),
                until,
            )
            for u in keys
        ]
    return Circular(
        organization=graph.org.organization.name,
        period=period,
        as_of=at,
        reader=view.reader(),
        admin=view.admin,
        issuer=issuer,
        issued=issued,
        overall=Section("", "合计", overall, until),
        sections=sections,
    )


def render_circular(circular: Circular, fmt: Literal["html", "md"]) -> str:
    """The circular as an HTML document or as Markdown."""
    if fmt == "md":
        return render(markdown_env(), "circular.md.j2", c=circular, tz=circular.period.tz)
    return render(html_env(), "circular.html.j2", c=circular, tz=circular.period.tz)


def _counts(rows: Iterable[Row]) -> str:
    return "、".join(f"{r.label}{r.count}条" for r in rows if r.count)


def _paragraphs(section: Section) -> list[str]:
    if not section.total:
        return ["本期未产生预警。"]
    levels = _counts(section.levels())
    arisen = (
        f"本期产生预警{section.total}条，其中{levels}。按类别：{_counts(section.categories())}。"
    )
    disposed = section.disposed
    states = {r.key: r.count for r in section.states()}
    parts = [f"已处置（含办结）{len(disposed)}条"]
    if disposed:
        parts[0] += f"，其中{_counts(section.dispositions())}"
        if states[State.CLOSED.value]:
            parts[0] += f"，已办结{states[State.CLOSED.value]}条"
    in_hand = section.in_hand
    if in_hand:
        detail = _counts(Row(s.value, s.zh, states[s.value]) for s in ACTIVE_STATES)
        parts.append(f"正在处理{len(in_hand)}条（{detail}）")
    if section.mitigated:
        parts.append(f"已缓释{len(section.mitigated)}条")
    rate = section.rate()
    handled = f"截至{section.until}，" + "；".join(parts) + (f"；处置率{rate}。" if rate else "。")
    overdue, escalated = len(section.overdue), len(section.escalated)
    if overdue or escalated:
        late = f"逾期未处置{overdue}条，升级处理{escalated}条。"
    else:
        late = "无逾期未处置和升级处理的预警。"
    return [arisen, handled, late]
