"""Reports over a realistic store: the example county's structural scans (one a
month for almost three years), the service example's rule warnings and those of
every example scenario on the county, handled the way a year of supervision would
handle them (acknowledged, verified, disposed, closed, some left to escalate).

The store is built once per session (`county`); the tests check the report and
the circular of real data against the store, for each reader.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from lxml import html as lxml_html

from riskwarn import Engine, OrgGraph, load_org, load_ruleset, read_events, scan
from riskwarn.model.warning import RiskWarning
from riskwarn.reports import Period, View, build_circular, build_report, render_report, standing
from riskwarn.scenario import find_scenarios, load_scenario, run_scenario
from riskwarn.store import Disposition, Scope, SqliteStore, WarningQuery
from riskwarn.store.lifecycle import Action

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def county_org() -> tuple[Path, ...]:
    """The example county with its planted risk points, and the additions of every
    example scenario that runs on the county (its extra persons, posts, vendors)."""
    base = (EXAMPLES / "county" / "org").resolve()
    paths = [base, (EXAMPLES / "county" / "planted").resolve()]
    for folder in find_scenarios(EXAMPLES):
        orgs = [p.resolve() for p in load_scenario(folder).org]
        if base in orgs:
            paths += [p for p in orgs if p not in paths]
    return tuple(paths)


COUNTY = county_org()
NOW = datetime(2026, 11, 20, 18, tzinfo=UTC)
"""When the store is looked at: after every warning and change in it."""

STATION1 = "dc_station1_leader"
"""派驻第一纪检监察组组长: discipline over the finance bureau and four other units."""
STATION2 = "dc_station2_leader"
"""派驻第二纪检监察组组长: discipline over housing, natural resources, approvals, transport, police."""
STATION3 = "dc_station3_leader"
"""派驻第三纪检监察组组长: discipline over education, health, agriculture, culture, markets."""


def county_warnings(graph: OrgGraph) -> list[RiskWarning]:
    """A structural scan at the end of every month from January 2024 to October 2026
    (each finding once, when first seen), the service example's warnings, and the
    warnings of every example scenario run on the county's organization."""
    found: dict[str, RiskWarning] = {}
    for year, month in itertools.product(range(2024, 2027), range(1, 13)):
        day = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        if day > date(2026, 10, 31):
            break
        for w in scan(graph, day):
            found.setdefault(w.id, w)
    rules = load_ruleset(EXAMPLES / "service" / "rules.yaml")
    engine = Engine(graph, [rules])
    events = read_events(EXAMPLES / "service" / "events.jsonl", engine.types)
    for w in engine.process(events, until=date(2026, 5, 31)):
        found.setdefault(w.id, w)
    for folder in find_scenarios(EXAMPLES):
        scenario = load_scenario(folder)
        if {p.resolve() for p in scenario.org} <= set(COUNTY):
            for w in run_scenario(scenario).warnings:
                found.setdefault(w.id, w)
    return sorted(found.values(), key=lambda w: (w.time, w.id))


PLANS: list[list[tuple[int, Action, Disposition | None, str | None]]] = [
    [],  # left open: escalates
    [(2, Action.ACKNOWLEDGE, None, None)],
    [(1, Action.ACKNOWLEDGE, None, None), (3, Action.VERIFY, None, "调取相关材料核实")],
    [
        (1, Action.ACKNOWLEDGE, None, None),
        (6, Action.DISPOSE, None, None),
        (9, Action.CLOSE, None, "整改到位"),
    ],
    [
        (1, Action.ACKNOWLEDGE, None, None),
        (2, Action.VERIFY, None, None),
        (8, Action.DISPOSE, None, "已约谈本人"),
    ],
    [
        (1, Action.ACKNOWLEDGE, None, None),
        (4, Action.DISPOSE, Disposition.NO_VIOLATION, "经核实，系历史遗留岗位设置，已报批调整"),
        (5, Action.CLOSE, None, None),
    ],
]
"""How the i-th warning is handled: (days after it arose, change, disposition, note);
``dispose`` without a disposition takes the next of `CYCLE`."""

CYCLE = [
    Disposition.REMINDER_TALK,
    Disposition.RECTIFICATION,
    Disposition.INQUIRY,
    Disposition.ADMONISHMENT,
    Disposition.CIRCULAR,
    Disposition.REFERRAL,
]


@dataclass(frozen=True)
class Change:
    at: datetime
    warning: str
    actor: str
    action: Action
    disposition: Disposition | None
    note: str | None


def build_county_store(path: Path) -> OrgGraph:
    """Write the county's warnings to a store at ``path`` and handle them in event
    time: each change at 10:00 a few days after its warning, deadlines escalated
    as time passes, the rest escalated as of `NOW`."""
    graph = OrgGraph(load_org(*COUNTY))
    warnings = county_warnings(graph)
    changes: list[Change] = []
    dispositions = itertools.cycle(CYCLE)
    for i, w in enumerate(warnings):
        actor = w.recipients[0].person.id if w.recipients else "admin"
        local = w.time.astimezone(graph.tz).date()
        for days, action, disposition, note in PLANS[i % len(PLANS)]:
            if action is Action.DISPOSE and disposition is None:
                disposition = next(dispositions)
            at = datetime.combine(local + timedelta(days=days), time(10), tzinfo=graph.tz)
            changes.append(Change(at, w.id, actor, action, disposition, note))
    with SqliteStore(path) as store:
        arrivals = iter(warnings)
        pending = next(arrivals, None)
        for change in sorted(changes, key=lambda c: (c.at, c.warning)):
            batch = []
            while pending is not None and pending.time <= change.at:
                batch.append(pending)
                pending = next(arrivals, None)
            store.put(batch, graph=graph)
            store.escalate_due(change.at, graph=graph)
            store.transition(
                change.warning,
                change.action,
                actor=change.actor,
                at=change.at,
                note=change.note,
                disposition=change.disposition,
            )
        store.put(list(arrivals) + ([pending] if pending else []), graph=graph)
        store.escalate_due(NOW, graph=graph)
    return graph


@pytest.fixture(scope="session")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SqliteStore, OrgGraph]]:
    path = tmp_path_factory.mktemp("county") / "warnings.db"
    graph = build_county_store(path)
    with SqliteStore(path) as store:
        yield store, graph


def holder(graph: OrgGraph, post: str) -> str:
    (person,) = graph.holders(post, NOW)
    return person


def report_page(store: SqliteStore, graph: OrgGraph, viewer: str | None, period: Period) -> Any:
    view = View(store, graph, viewer, NOW)
    return lxml_html.document_fromstring(render_report(build_report(view, period)))


ALL_TIME = Period(None, None, ZoneInfo("Asia/Shanghai"))


def test_the_county_store_is_realistic(county: tuple[SqliteStore, OrgGraph]) -> None:
    """Dozens of warnings over almost three years, in every state but mitigated,
    at every level, escalated, and disposed in each of the seven ways."""
    store, _ = county
    assert store.count() >= 60
    assert set(store.tally(WarningQuery(), "state")) >= {
        "open", "acknowledged", "verifying", "disposed", "closed",
    }  # fmt: skip
    assert set(store.tally(WarningQuery(), "level")) == {"red", "orange", "yellow", "blue"}
    assert set(store.tally(WarningQuery(), "disposition")) == {"", *(d.value for d in Disposition)}
    assert any(s.escalations for s in store.query())


def test_the_administrators_report_counts_everything(county: tuple[SqliteStore, OrgGraph]) -> None:
    """The admin report's count tables are the store's tallies, its chart's bars
    sum per level to the level counts, and every warning is shown once."""
    store, graph = county
    doc = report_page(store, graph, None, ALL_TIME)
    ids = [a.get("data-id") for a in doc.xpath("//article[@data-id]")]
    assert sorted(ids) == sorted(s.id for s in store.query())
    for table, by in [("by-category", "category"), ("by-state", "state"), ("by-unit", "unit")]:
        rows = doc.xpath(f'//table[@id="{table}"]/tbody/tr[@data-key]')
        shown = {r.get("data-key"): int(r.xpath("td")[1].text_content()) for r in rows}
        assert shown == store.tally(WarningQuery(), by)  # type: ignore[arg-type]
    per_level = Counter[str]()
    for rect in doc.xpath("//svg//rect[@data-count]"):
        per_level[rect.get("data-level")] += int(rect.get("data-count"))
    assert dict(per_level) == store.tally(WarningQuery(), "level")


def within(scope: Scope, stored: Any, graph: OrgGraph) -> bool:
    """Whether ``stored`` is in ``scope``, worked out from the graph (not the store):
    routed to the viewer, or a subject unit (or one enclosing it, for scopes with
    subunits) or subject post in the jurisdiction."""
    if scope.viewer in {r.person.id for r in stored.recipients}:
        return True
    for unit in stored.units:
        if unit in scope.own_units or unit in scope.units:
            return True
        if set(graph.ancestors(unit, stored.warning.time)) & scope.units:
            return True
    subject = stored.warning.subject
    return subject.kind == "position" and subject.id in scope.positions


@pytest.mark.parametrize("post", [STATION1, STATION2, STATION3])
def test_a_discipline_groups_report_is_its_inbox_and_nothing_else(
    county: tuple[SqliteStore, OrgGraph], post: str
) -> None:
    """A station leader's report shows exactly their inbox (every state), each
    warning within their jurisdiction or routed to them, never one about
    themselves or a relative, and counts that add up to it."""
    store, graph = county
    viewer = holder(graph, post)
    doc = report_page(store, graph, viewer, ALL_TIME)
    ids = sorted(a.get("data-id") for a in doc.xpath("//article[@data-id]"))
    inbox = store.inbox(viewer, graph, NOW)
    assert ids == sorted(s.id for s in inbox.list(WarningQuery()))
    assert 0 < len(ids) < store.count()
    relatives = {r.person for r in graph.relatives(viewer, NOW)}
    for stored in (store.get(i) for i in ids):
        assert within(inbox.scope, stored, graph), stored.id
        assert stored.warning.subject.id not in relatives | {viewer}
    levels = doc.xpath('//table[@id="by-level"]/tbody/tr/td[2]/text()')
    assert sum(int(n) for n in levels) == len(ids)


PERIODS = [
    Period(date(2024, 1, 1), date(2024, 6, 30), ZoneInfo("Asia/Shanghai")),
    Period(date(2025, 1, 1), date(2025, 12, 31), ZoneInfo("Asia/Shanghai")),
    Period(date(2026, 1, 1), date(2026, 6, 30), ZoneInfo("Asia/Shanghai")),
]


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label())
def test_the_circulars_numbers_add_up_for_every_unit(
    county: tuple[SqliteStore, OrgGraph], period: Period
) -> None:
    """Per unit: levels and categories each sum to the total, which is disposed +
    in hand + mitigated; the dispositions sum to the disposed; the overdue are in
    hand; the unit's warnings are the store's for that unit and period; the
    total counts each warning of the period once."""
    store, graph = county
    c = build_circular(View(store, graph, None, NOW), period, issued=date(2026, 7, 5))
    query = WarningQuery(since=period.since, until=period.until)
    assert c.total == store.count(query) > 0
    assert {s.unit for s in c.sections} == set(store.tally(query, "unit"))
    for section in [*c.sections, c.overall]:
        total = section.total
        assert sum(r.count for r in section.levels()) == total
        assert sum(r.count for r in section.categories()) == total
        assert len(section.disposed) + len(section.in_hand) + len(section.mitigated) == total
        assert sum(r.count for r in section.dispositions()) == len(section.disposed)
        assert {id(s) for s in section.overdue} <= {id(s) for s in section.in_hand}
    for section in c.sections:
        if section.unit:
            expected = store.query(replace(query, units=(section.unit,), include_subunits=False))
            assert sorted(s.stored.id for s in section.warnings) == sorted(s.id for s in expected)


def test_standing_after_the_last_change_is_the_stores_own(
    county: tuple[SqliteStore, OrgGraph],
) -> None:
    """Read back from its history at a time after every change, each warning has
    the state, level, disposition, escalations and deadline the store holds."""
    store, _ = county
    later = NOW + timedelta(days=1)
    for stored in store.query():
        s = standing(stored, store.history(stored.id), later, store.policy)
        assert (s.state, s.level, s.disposition, s.escalations) == (
            stored.state,
            stored.level,
            stored.disposition,
            stored.escalations,
        ), stored.id
        assert s.due == stored.due, stored.id
