"""Integrity of supervision: mutual-supervision cycles with nobody outside
looking, and inversions where a supervisor reports to what it supervises."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterator
from datetime import date
from typing import Any

import networkx as nx

from riskwarn.graph import OrgGraph, Rel
from riskwarn.graph.paths import edge_step
from riskwarn.model import GraphPath, Level, Model, SupervisionRole
from riskwarn.structural.base import Finding, analyzer


class SupervisionParams(Model):
    roles: frozenset[SupervisionRole] = frozenset(SupervisionRole)
    """Roles whose scopes are checked."""


def _coverage(graph: OrgGraph, role: SupervisionRole, day: date) -> Any:
    """A digraph of who covers what in one role: supervisor position → unit or
    position (scope), unit → subunit (containment), unit → its positions."""
    g = nx.DiGraph()
    d = graph.day(day)
    units_with_subunits: set[str] = set()
    for scope in graph.org.supervision:
        if scope.role != role or not scope.active(day):
            continue
        sup = f"position:{scope.supervisor}"
        for pos in scope.positions:
            g.add_edge(sup, f"position:{pos}", rel=Rel.SUPERVISES)
        for unit in scope.units:
            if scope.include_subunits:
                g.add_edge(sup, f"unit:{unit}", rel=Rel.SUPERVISES)
                units_with_subunits.add(unit)
            else:
                for pos in graph.positions_in(unit, day):
                    g.add_edge(sup, f"position:{pos}", rel=Rel.SUPERVISES, via=unit)
    # containment below every unit reached with subunits
    queue = deque(units_with_subunits)
    seen = set(queue)
    while queue:
        unit = queue.popleft()
        for pos in graph.positions_in(unit, day):
            g.add_edge(f"unit:{unit}", f"position:{pos}", rel=Rel.IN_UNIT)
        for child, _ in graph._in(f"unit:{unit}", Rel.PARENT, d):
            g.add_edge(f"unit:{unit}", child, rel=Rel.PARENT)
            cid = child.split(":", 1)[1]
            if cid not in seen:
                seen.add(cid)
                queue.append(cid)
    return g


def _cycle_path(graph: OrgGraph, g: Any, cycle: list[tuple[str, str]], day: date) -> GraphPath:
    steps = []
    for u, v in cycle:
        attrs = g.edges[u, v]
        if attrs["rel"] == Rel.SUPERVISES and "via" in attrs:
            steps.append(edge_step(graph, u, Rel.SUPERVISES, f"unit:{attrs['via']}", day))
            steps.append(edge_step(graph, f"unit:{attrs['via']}", Rel.IN_UNIT, v, day))
        elif attrs["rel"] == Rel.SUPERVISES:
            steps.append(edge_step(graph, u, Rel.SUPERVISES, v, day))
        else:  # containment, read downward
            steps.append(edge_step(graph, u, attrs["rel"], v, day))
    return GraphPath(steps=tuple(steps))


def _outside_supervisor(g: Any, component: set[str]) -> bool:
    """Whether a position outside the component reaches into it."""
    queue = deque(component)
    seen = set(component)
    while queue:
        node = queue.popleft()
        for pred in g.predecessors(node):
            if pred in seen:
                continue
            if pred.startswith("position:"):
                return True
            seen.add(pred)
            queue.append(pred)
    return False


@analyzer(
    "supervision_integrity",
    "监督闭环/倒挂",
    "Supervision cycle or inversion",
    "相互制约 (practice): 监督者不得受被监督者领导",
    SupervisionParams,
)
def supervision_integrity(
    graph: OrgGraph, day: date, params: SupervisionParams
) -> Iterator[Finding]:
    for role in sorted(params.roles):
        g = _coverage(graph, role, day)
        yield from _cycles(graph, g, role, day)
        yield from _inversions(graph, role, day)


def _cycles(graph: OrgGraph, g: Any, role: SupervisionRole, day: date) -> Iterator[Finding]:
    for component in sorted(nx.strongly_connected_components(g), key=min):
        positions = sorted(n for n in component if n.startswith("position:"))
        if len(positions) < 2 or _outside_supervisor(g, component):
            continue
        cycle = nx.find_cycle(g.subgraph(component), source=positions[0])
        ids = [p.split(":", 1)[1] for p in positions]
        names = "、".join(graph.positions[i].name for i in ids)
        yield Finding(
            level=Level.YELLOW,
            subject=("position", ids[0]),
            message=f"{names} 在{role.zh}监督中相互监督，且无第三方监督",
            message_en=f"{', '.join(ids)} supervise each other ({role.value}) with no third party supervising them",
            key=(role.value, ids),
            paths=(_cycle_path(graph, g, cycle, day),),
            facts={"role": role.value, "positions": ",".join(ids)},
        )


def _inversions(graph: OrgGraph, role: SupervisionRole, day: date) -> Iterator[Finding]:
    for scope in graph.org.supervision:
        if scope.role != role or not scope.active(day) or scope.supervisor not in graph.positions:
            continue
        chain = graph.reports_chain(scope.supervisor, day)
        targets = [("position", p) for p in scope.positions] + [("unit", u) for u in scope.units]
        for kind, target in targets:
            for i, boss in enumerate(chain):
                if kind == "position":
                    hit = boss == target
                else:
                    unit = graph.unit_of(boss, day)
                    ancestors = graph.ancestors(unit, day) if unit is not None else []
                    hit = target in (ancestors if scope.include_subunits else ancestors[:1])
                if hit:
                    yield _inversion(
                        graph, scope.supervisor, chain[: i + 1], (kind, target), role, day
                    )
                    break


def _inversion(
    graph: OrgGraph,
    sup: str,
    chain: list[str],
    target: tuple[str, str],
    role: SupervisionRole,
    day: date,
) -> Finding:
    kind, ident = target
    scope_path = GraphPath(
        steps=(edge_step(graph, f"position:{sup}", Rel.SUPERVISES, f"{kind}:{ident}", day),)
    )
    hops = [f"position:{sup}", *(f"position:{p}" for p in chain)]
    steps = [edge_step(graph, a, Rel.REPORTS_TO, b, day) for a, b in itertools.pairwise(hops)]
    if kind == "unit":  # the superior's post lies inside the supervised unit
        units = graph.ancestors(graph.unit_of(chain[-1], day) or ident, day)
        units = units[: units.index(ident) + 1]
        steps.append(edge_step(graph, hops[-1], Rel.IN_UNIT, f"unit:{units[0]}", day))
        steps += [
            edge_step(graph, f"unit:{a}", Rel.PARENT, f"unit:{b}", day)
            for a, b in itertools.pairwise(units)
        ]
    sup_name = graph.positions[sup].name
    target_name = graph.ref(kind, ident).name
    boss_name = graph.positions[chain[-1]].name
    return Finding(
        level=Level.ORANGE,
        subject=("position", sup),
        message=f"{sup_name} 对{target_name}负有{role.zh}监督职责，却向其中的{boss_name}报告（监督倒挂）",
        message_en=f"{sup_name} supervises {target_name} ({role.value}) but reports to {boss_name} within it",
        key=(role.value, kind, ident),
        paths=(scope_path, GraphPath(steps=tuple(steps))),
        facts={"role": role.value, "supervised": f"{kind}:{ident}", "reports_to": chain[-1]},
    )
