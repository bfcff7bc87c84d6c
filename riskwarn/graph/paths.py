"""Human-readable explanations: graph edges as labelled `PathStep`s, and the
shortest path that explains how two nodes are related on a given day."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from riskwarn.graph.build import FOREVER, Rel
from riskwarn.model import GraphPath, InterestRole, PathStep, Relation, SupervisionRole

if TYPE_CHECKING:
    from riskwarn.graph.core import At, OrgGraph

__all__ = ["edge_label", "explain", "step"]

_FORWARD = {
    Rel.HOLDS: "任职 holds",
    Rel.IN_UNIT: "属于 in",
    Rel.PARENT: "隶属 part of",
    Rel.REPORTS_TO: "向其报告 reports to",
    Rel.MEMBER: "成员 member of",
    Rel.BODY_UNIT: "设于 body of",
    Rel.POWER_UNIT: "事项属于 power of",
    Rel.STAGE_OF: "环节 stage of",
    Rel.HOLDS_STAGE: "行使 holds stage",
}
_BACKWARD = {
    Rel.HOLDS: "由其担任 held by",
    Rel.IN_UNIT: "设有职位 has post",
    Rel.PARENT: "下设 contains",
    Rel.REPORTS_TO: "领导 leads",
    Rel.MEMBER: "成员包括 has member",
    Rel.BODY_UNIT: "设有 has body",
    Rel.POWER_UNIT: "拥有事项 has power",
    Rel.STAGE_OF: "包含环节 has stage",
    Rel.HOLDS_STAGE: "由其行使 stage held by",
}


def edge_label(attrs: dict[str, Any], forward: bool = True) -> tuple[str, str]:
    """``(relation, label)`` of an edge read forward (source to target) or backward."""
    rel = attrs["rel"]
    if rel == Rel.KIN:
        relation = Relation(attrs["relation"])
        if not forward:
            relation = relation.inverse
        return f"kin.{relation.value}", f"{relation.zh} {relation.value}"
    if rel == Rel.INTEREST:
        role = InterestRole(attrs["role"])
        if forward:
            return f"interest.{role.value}", f"{role.zh} {role.value}"
        return f"interest.{role.value}.of", f"{role.zh}为 has {role.value}"
    if rel == Rel.CHECKS:
        kind = attrs["check"].kind.value
        if forward:
            return f"checks.{kind}", f"制约({kind}) checks"
        return f"checks.{kind}.by", f"受其制约({kind}) checked by"
    if rel == Rel.SUPERVISES:
        srole = SupervisionRole(attrs["role"])
        if forward:
            return f"supervises.{srole.value}", f"{srole.zh}监督 supervises ({srole.value})"
        return f"supervises.{srole.value}.by", f"受其{srole.zh}监督 supervised by ({srole.value})"
    return (rel, _FORWARD[rel]) if forward else (f"{rel}.by", _BACKWARD[rel])


def _day(value: int, default: int) -> date | None:
    return None if value in (0, FOREVER) or value == default else date.fromordinal(value)


def step(
    graph: OrgGraph, source: str, target: str, attrs: dict[str, Any], forward: bool = True
) -> PathStep:
    """A `PathStep` for an edge between two node keys, read in the given direction."""
    relation, label = edge_label(attrs, forward)
    return PathStep(
        source=graph.node_ref(source),
        relation=relation,
        label=label,
        target=graph.node_ref(target),
        since=_day(attrs["start"], 0),
        until=_day(attrs["end"], FOREVER),
    )


def edge_step(
    graph: OrgGraph,
    source: str,
    rel: str,
    target: str,
    at: At,
    where: Callable[[dict[str, Any]], bool] | None = None,
) -> PathStep:
    """The step for the active ``rel`` edge from ``source`` to ``target`` (or, read
    backward, from ``target`` to ``source``) on that day, among the edges that
    satisfy ``where`` when given (e.g. an interest of one role).

    Raises:
        KeyError: there is no such active edge.
    """
    day = graph.day(at)
    for u, v, forward in ((source, target, True), (target, source, False)):
        for attrs in graph.nx._succ.get(u, {}).get(v, {}).values():
            if (
                attrs["rel"] == rel
                and attrs["start"] <= day < attrs["end"]
                and (where is None or where(attrs))
            ):
                return step(graph, source, target, attrs, forward)
    raise KeyError(f"no active {rel} edge between {source} and {target}")


def path_of(graph: OrgGraph, nodes: list[tuple[str, str]], at: At) -> GraphPath:
    """A `GraphPath` through consecutive node keys joined by the given edge kinds.

    ``nodes`` is ``[(node, rel-to-next), ..., (last node, "")]``.
    """
    steps = [
        edge_step(graph, node, rel, nodes[i + 1][0], at) for i, (node, rel) in enumerate(nodes[:-1])
    ]
    return GraphPath(steps=tuple(steps))


def explain(
    graph: OrgGraph, source: str, target: str, at: At, max_hops: int = 6
) -> GraphPath | None:
    """The shortest path between two nodes over edges active that day, read in
    either direction, as a `GraphPath`; None when they are not connected within
    ``max_hops`` edges. Ties are broken by node key, so the answer is stable."""
    day = graph.day(at)
    if source == target:
        return None
    back: dict[str, tuple[str, dict[str, Any], bool]] = {}
    frontier = deque([(source, 0)])
    seen = {source}
    succ, pred = graph.nx._succ, graph.nx._pred
    while frontier:
        node, depth = frontier.popleft()
        if depth >= max_hops:
            continue
        moves: list[tuple[str, dict[str, Any], bool]] = []
        for adjacency, forward in ((succ, True), (pred, False)):
            for nbr in sorted(adjacency.get(node, {})):
                for attrs in adjacency[node][nbr].values():
                    if attrs["start"] <= day < attrs["end"]:
                        moves.append((nbr, attrs, forward))
                        break
        for nbr, attrs, forward in moves:
            if nbr in seen:
                continue
            seen.add(nbr)
            back[nbr] = (node, attrs, forward)
            if nbr == target:
                return _unwind(graph, back, source, target)
            frontier.append((nbr, depth + 1))
    return None


def _unwind(
    graph: OrgGraph, back: dict[str, tuple[str, dict[str, Any], bool]], source: str, target: str
) -> GraphPath:
    steps: list[PathStep] = []
    node = target
    while node != source:
        prev, attrs, forward = back[node]
        steps.append(step(graph, prev, node, attrs, forward))
        node = prev
    return GraphPath(steps=tuple(reversed(steps)))
