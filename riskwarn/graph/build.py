"""Turn an `Organization` into a time-versioned networkx MultiDiGraph.

Every edge carries ``rel`` (what it means) and ``start``/``end`` day numbers
(proleptic ordinals, ``end`` exclusive). Attributes that a reorganization moves
(a position's unit and superior, a unit's parent) become a chain of edges whose
periods follow one another, so asking about an earlier day gives the earlier
structure.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import networkx as nx

from riskwarn.model import Organization, Period, Reorganization

__all__ = ["FOREVER", "Rel", "build", "gc_paused", "key", "period_days"]

FOREVER = date.max.toordinal() + 1
"""The day number that means "no end"."""


class Rel:
    """Edge kinds (the ``rel`` attribute)."""

    HOLDS = "holds"  # person -> position
    IN_UNIT = "in_unit"  # position -> unit
    PARENT = "parent"  # unit -> unit
    REPORTS_TO = "reports_to"  # position -> position
    MEMBER = "member"  # position -> body
    BODY_UNIT = "body_unit"  # body -> unit
    POWER_UNIT = "power_unit"  # power -> unit
    STAGE_OF = "stage_of"  # stage -> power
    HOLDS_STAGE = "holds_stage"  # position | body -> stage
    CHECKS = "checks"  # position | body -> stage
    SUPERVISES = "supervises"  # position -> unit | position
    KIN = "kin"  # person -> person
    INTEREST = "interest"  # person -> entity


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk step, then restore its state.

    Building or scanning a graph of a million edges allocates millions of
    objects that all stay alive; each full collection would walk all of them
    again (it doubled build time at 100k persons), yet frees nothing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def key(kind: str, ident: str) -> str:
    """The graph node key of an item: ``person:zhang_san``, ``stage:p1/decision``."""
    return f"{kind}:{ident}"


def period_days(period: Period) -> tuple[int, int]:
    """A period as ``(start, end)`` day numbers, open ends as 0 and `FOREVER`."""
    start = period.start.toordinal() if period.start is not None else 0
    end = period.end.toordinal() if period.end is not None else FOREVER
    return start, end


def _clip(outer: tuple[int, int], inner: tuple[int, int]) -> tuple[int, int] | None:
    start, end = max(outer[0], inner[0]), min(outer[1], inner[1])
    return (start, end) if start < end else None


def _versioned(
    initial: str | None, changes: list[tuple[int, str]], life: tuple[int, int]
) -> Iterable[tuple[str, int, int]]:
    """Split a lifetime into (value, start, end) pieces, one per value in force."""
    pieces: list[tuple[str | None, int]] = [(initial, life[0])]
    pieces += [(value, day) for day, value in sorted(changes)]
    for i, (value, start) in enumerate(pieces):
        end = pieces[i + 1][1] if i + 1 < len(pieces) else life[1]
        span = _clip(life, (start, end))
        if value is not None and span is not None:
            yield value, span[0], span[1]


def _moves(
    reorganizations: Iterable[Reorganization],
) -> dict[tuple[str, str, str], list[tuple[int, str]]]:
    """(kind, id, attribute) -> [(day, new value)] from every reorganization."""
    moves: dict[tuple[str, str, str], list[tuple[int, str]]] = defaultdict(list)
    for reorg in reorganizations:
        day = reorg.at.toordinal()
        for move in reorg.moves:
            if move.position is not None:
                if move.unit is not None:
                    moves["position", move.position, "unit"].append((day, move.unit))
                if move.reports_to is not None:
                    moves["position", move.position, "reports_to"].append((day, move.reports_to))
            elif move.unit is not None and move.parent is not None:
                moves["unit", move.unit, "parent"].append((day, move.parent))
    return moves


def build(org: Organization) -> Any:
    """Build the graph. Nodes carry ``kind``, ``id``, ``name`` and ``obj`` (the model)."""
    g = nx.MultiDiGraph()
    moves = _moves(org.reorganizations)
    add_node, add_edge = g.add_node, g.add_edge
    # an edge exists only while both of its ends do: a tenure, stage, check,
    # membership or scope of an abolished position ends with the position
    lifetimes: dict[str, tuple[int, int]] = {}
    for kind, items in (
        ("unit", org.units),
        ("position", org.positions),
        ("body", org.bodies),
        ("entity", org.entities),
        ("power", org.powers),
    ):
        for item in items:
            lifetimes[key(kind, item.id)] = period_days(item)
    no_life = (0, FOREVER)

    def edge(u: str, v: str, rel: str, span: tuple[int, int] | None, **attrs: Any) -> None:
        if span is None:
            return
        start, end = span
        for lo, hi in (lifetimes.get(u, no_life), lifetimes.get(v, no_life)):
            if lo > start:
                start = lo
            if hi < end:
                end = hi
        if start >= end:
            return
        add_edge(u, v, rel=rel, start=start, end=end, **attrs)

    for unit in org.units:
        add_node(key("unit", unit.id), kind="unit", id=unit.id, name=unit.name, obj=unit)
    for pos in org.positions:
        add_node(key("position", pos.id), kind="position", id=pos.id, name=pos.name, obj=pos)
    for body in org.bodies:
        add_node(key("body", body.id), kind="body", id=body.id, name=body.name, obj=body)
    for person in org.persons:
        add_node(
            key("person", person.id), kind="person", id=person.id, name=person.name, obj=person
        )
    for entity in org.entities:
        add_node(
            key("entity", entity.id), kind="entity", id=entity.id, name=entity.name, obj=entity
        )

    for unit in org.units:
        life = period_days(unit)
        changes = moves.get(("unit", unit.id, "parent"), [])
        for parent, start, end in _versioned(unit.parent, changes, life):
            edge(key("unit", unit.id), key("unit", parent), Rel.PARENT, (start, end))
    for pos in org.positions:
        life, node = period_days(pos), key("position", pos.id)
        for unit_id, start, end in _versioned(
            pos.unit, moves.get(("position", pos.id, "unit"), []), life
        ):
            edge(node, key("unit", unit_id), Rel.IN_UNIT, (start, end))
        changes = moves.get(("position", pos.id, "reports_to"), [])
        for boss, start, end in _versioned(pos.reports_to, changes, life):
            edge(node, key("position", boss), Rel.REPORTS_TO, (start, end))
    for body in org.bodies:
        life, node = period_days(body), key("body", body.id)
        edge(node, key("unit", body.unit), Rel.BODY_UNIT, life)
        for member in body.members:
            edge(key("position", member), node, Rel.MEMBER, life)
    for tenure in org.tenures:
        edge(
            key("person", tenure.person),
            key("position", tenure.position),
            Rel.HOLDS,
            period_days(tenure),
        )
    for kin in org.kinship:
        span = period_days(kin)
        edge(
            key("person", kin.person),
            key("person", kin.relative),
            Rel.KIN,
            span,
            relation=kin.relation,
        )
        inverse = kin.relation.inverse
        edge(
            key("person", kin.relative), key("person", kin.person), Rel.KIN, span, relation=inverse
        )
    for interest in org.interests:
        edge(
            key("person", interest.person),
            key("entity", interest.entity),
            Rel.INTEREST,
            period_days(interest),
            role=interest.role,
            share=interest.share,
        )
    for entity in org.entities:
        if entity.legal_representative is not None:
            edge(
                key("person", entity.legal_representative),
                key("entity", entity.id),
                Rel.INTEREST,
                period_days(entity),
                role="legal_representative",
                share=None,
            )
    _add_powers(org, g, edge)
    for scope in org.supervision:
        span, sup = period_days(scope), key("position", scope.supervisor)
        for unit_id in scope.units:
            edge(
                sup,
                key("unit", unit_id),
                Rel.SUPERVISES,
                span,
                role=scope.role,
                subunits=scope.include_subunits,
            )
        for pos_id in scope.positions:
            edge(
                sup, key("position", pos_id), Rel.SUPERVISES, span, role=scope.role, subunits=False
            )
    return g


def _holder_key(body_ids: dict[str, str], ident: str) -> str:
    return key(body_ids.get(ident, "position"), ident)


def _add_powers(org: Organization, g: Any, edge: Any) -> None:
    holder_kind = {b.id: "body" for b in org.bodies}
    for power in org.powers:
        life, pnode = period_days(power), key("power", power.id)
        g.add_node(pnode, kind="power", id=power.id, name=power.name, obj=power)
        edge(pnode, key("unit", power.unit), Rel.POWER_UNIT, life)
        for name, stage in power.stages.items():
            snode = key("stage", f"{power.id}/{name.value}")
            g.add_node(
                snode,
                kind="stage",
                id=f"{power.id}/{name.value}",
                name=f"{power.name}·{name.zh}",
                obj=stage,
            )
            edge(snode, pnode, Rel.STAGE_OF, life)
            for holder in stage.holders:
                edge(_holder_key(holder_kind, holder), snode, Rel.HOLDS_STAGE, life)
    for check in org.checks:
        snode = key("stage", f"{check.power}/{check.stage.value}")
        edge(
            _holder_key(holder_kind, check.checker),
            snode,
            Rel.CHECKS,
            period_days(check),
            check=check,
        )
