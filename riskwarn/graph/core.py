"""`OrgGraph`: the organization as a networkx graph, built once and asked
questions **as of a time**.

Every query takes ``at`` (a `date`, or an aware `datetime` read in the
organization's time zone) and looks only at edges whose period covers that
day, so a tenure that ended or a later reorganization never changes the answer
for an earlier time.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from riskwarn.errors import OrgError, did_you_mean
from riskwarn.graph.build import Rel, build, gc_paused, key
from riskwarn.model import (
    Check,
    Entity,
    GraphPath,
    InterestRole,
    Organization,
    Person,
    Position,
    Power,
    Recipient,
    Ref,
    Relation,
    RelationClass,
    StageName,
    SupervisionRole,
    Unit,
)

__all__ = ["NODE_KINDS", "At", "InterestLink", "OrgGraph", "Relative"]

NODE_KINDS = ("person", "position", "unit", "entity", "body")
"""The kinds of node a bare id in an event may name, in the order `OrgGraph.find` tries them."""

At = date | datetime
"""A point in time: a day, or an aware datetime (naive datetimes are refused)."""

_MAX_CHAIN = 64  # reports_to / parent chains longer than this are treated as cyclic


@dataclass(frozen=True, slots=True)
class Relative:
    """A relative of a person, and how they are related (``relation`` is what
    the relative is to the person)."""

    person: str
    relation: Relation

    @property
    def relation_class(self) -> RelationClass:
        return self.relation.relation_class


@dataclass(frozen=True, slots=True)
class InterestLink:
    """An interest held by ``holder`` in ``entity``; ``via`` is set when the
    holder is a relative of the person asked about."""

    holder: str
    entity: str
    role: InterestRole
    share: Any
    via: Relative | None = None


_HUB = 32  # a node with more predecessors gets its incoming edges indexed by kind


def _hub_index(
    pred: dict[str, dict[str, dict[int, dict[str, Any]]]],
) -> dict[str, dict[str, list[tuple[str, dict[str, Any]]]]]:
    """Incoming edges by kind for the few nodes with many predecessors.

    A unit has an ``in_unit`` edge from every post it ever had, and a leader's
    post a ``reports_to`` edge from every subordinate; reading only the kind a
    query needs keeps routing linear in large flat units.
    """
    hubs: dict[str, dict[str, list[tuple[str, dict[str, Any]]]]] = {}
    for node, preds in pred.items():
        if len(preds) > _HUB:
            index: dict[str, list[tuple[str, dict[str, Any]]]] = {}
            for nbr, keyed in preds.items():
                for attrs in keyed.values():
                    index.setdefault(attrs["rel"], []).append((nbr, attrs))
            hubs[node] = index
    return hubs


class OrgGraph:
    """The organization graph. Build once: ``OrgGraph(org)``; then query with ``at``.

    ``nx`` is the underlying `networkx.MultiDiGraph` (node keys ``kind:id``;
    edges carry ``rel``, ``start`` and ``end`` day numbers).
    """

    def __init__(self, org: Organization):
        """Build the graph.

        Raises:
            OrgError: ``org`` is not an `Organization`, or its references do not
                hold (the problems of `riskwarn.check_org`, all listed).
        """
        from riskwarn.orgfile import check_org

        if not isinstance(org, Organization):
            raise OrgError(f"OrgGraph needs an Organization, got {type(org).__name__}")
        with gc_paused():
            problems = check_org(org)
            if problems:
                raise OrgError(problems)
            self.nx: Any = build(org)
            self._hubs = _hub_index(self.nx._pred)
        self.org = org
        self.tz = ZoneInfo(org.organization.timezone)
        self._succ: dict[str, dict[str, dict[int, dict[str, Any]]]] = self.nx._succ
        self._pred: dict[str, dict[str, dict[int, dict[str, Any]]]] = self.nx._pred
        self.units: dict[str, Unit] = {u.id: u for u in org.units}
        self.positions: dict[str, Position] = {p.id: p for p in org.positions}
        self.persons: dict[str, Person] = {p.id: p for p in org.persons}
        self.powers: dict[str, Power] = {p.id: p for p in org.powers}
        self.entities: dict[str, Entity] = {e.id: e for e in org.entities}

    # -- time and nodes -------------------------------------------------------

    def day(self, at: At) -> int:
        """The day number of ``at`` in the organization's time zone.

        Raises:
            OrgError: ``at`` is a naive datetime.
        """
        if not isinstance(at, date):
            raise OrgError(
                f"at: expected a date or an aware datetime, got {type(at).__name__} {at!r}"
            )
        if isinstance(at, datetime):
            if at.tzinfo is None or at.utcoffset() is None:
                raise OrgError(f"at: a datetime needs a time zone, got naive {at.isoformat()}")
            return at.astimezone(self.tz).date().toordinal()
        return at.toordinal()

    def ref(self, kind: str, ident: str) -> Ref:
        """A display reference to a node.

        Raises:
            OrgError: no such node.
        """
        node = self.nx.nodes.get(key(kind, ident))
        if node is None:
            known = [n.split(":", 1)[1] for n in self.nx.nodes if n.startswith(kind + ":")]
            raise OrgError(f"no {kind} '{ident}'{did_you_mean(ident, known)}")
        return Ref(kind=kind, id=ident, name=node["name"])

    def find(self, ident: str, kinds: Sequence[str] = NODE_KINDS) -> Ref | None:
        """The first node of ``kinds`` with this id, or None: a lookup without the
        error and suggestions of `ref`, for ids that may name anything or nothing."""
        nodes = self.nx.nodes
        for kind in kinds:
            data = nodes.get(key(kind, ident))
            if data is not None:
                return Ref(kind=kind, id=ident, name=data["name"])
        return None

    def node_ref(self, node: str) -> Ref:
        data = self.nx.nodes[node]
        return Ref(kind=data["kind"], id=data["id"], name=data["name"])

    def _out(self, node: str, rel: str, day: int) -> Iterator[tuple[str, dict[str, Any]]]:
        for nbr, keyed in self._succ.get(node, {}).items():
            for attrs in keyed.values():
                if attrs["rel"] == rel and attrs["start"] <= day < attrs["end"]:
                    yield nbr, attrs

    def _in(self, node: str, rel: str, day: int) -> Iterator[tuple[str, dict[str, Any]]]:
        hub = self._hubs.get(node)
        if hub is not None:
            for nbr, attrs in hub.get(rel, ()):
                if attrs["start"] <= day < attrs["end"]:
                    yield nbr, attrs
            return
        for nbr, keyed in self._pred.get(node, {}).items():
            for attrs in keyed.values():
                if attrs["rel"] == rel and attrs["start"] <= day < attrs["end"]:
                    yield nbr, attrs

    def _node(self, kind: str, ident: str) -> str:
        """The node key of a known item.

        Raises:
            OrgError: no such item.
        """
        node = key(kind, ident)
        if node not in self._succ:
            self.ref(kind, ident)  # raises with a suggestion
        return node

    @staticmethod
    def _stage(stage: StageName | str) -> StageName:
        try:
            return StageName(stage)
        except ValueError:
            names = [s.value for s in StageName]
            raise OrgError(
                f"no stage '{stage}'{did_you_mean(str(stage), names)}; stages are {', '.join(names)}"
            ) from None

    @staticmethod
    def _ids(nodes: Collection[str]) -> list[str]:
        return sorted({n.split(":", 1)[1] for n in nodes})

    def _stage_node(self, power: str, stage: StageName | str) -> str:
        """The node key of a power's stage.

        Raises:
            OrgError: no such power, or no such stage name.
        """
        return key("stage", f"{self._power_id(power)}/{self._stage(stage).value}")

    def _power_id(self, power: str) -> str:
        """``power`` itself, once known to exist.

        Raises:
            OrgError: no such power.
        """
        if power not in self.powers:
            self.ref("power", power)
        return power

    # -- who holds what -------------------------------------------------------

    def holders(self, position: str, at: At) -> list[str]:
        """Persons holding ``position`` on that day."""
        return self._ids(
            [n for n, _ in self._in(self._node("position", position), Rel.HOLDS, self.day(at))]
        )

    def positions_of(self, person: str, at: At) -> list[str]:
        """Positions ``person`` holds on that day."""
        return self._ids(
            [n for n, _ in self._out(self._node("person", person), Rel.HOLDS, self.day(at))]
        )

    def unit_of(self, position: str, at: At) -> str | None:
        """The unit ``position`` belongs to on that day (None when it does not exist then)."""
        for nbr, _ in self._out(self._node("position", position), Rel.IN_UNIT, self.day(at)):
            return nbr.split(":", 1)[1]
        return None

    def units_of(self, person: str, at: At) -> list[str]:
        """Units of the positions ``person`` holds on that day."""
        units = {self.unit_of(p, at) for p in self.positions_of(person, at)}
        return sorted(u for u in units if u is not None)

    def parent_of(self, unit: str, at: At) -> str | None:
        for nbr, _ in self._out(self._node("unit", unit), Rel.PARENT, self.day(at)):
            return nbr.split(":", 1)[1]
        return None

    def ancestors(self, unit: str, at: At) -> list[str]:
        """``unit`` and its enclosing units, nearest first."""
        chain = [unit]
        while len(chain) < _MAX_CHAIN and (parent := self.parent_of(chain[-1], at)) is not None:
            if parent in chain:
                break
            chain.append(parent)
        return chain

    def organ_of(self, unit: str, at: At) -> str:
        """The organ (机关) of a unit: the nearest ancestor-or-self that is not a section."""
        for u in self.ancestors(unit, at):
            if self.units[u].kind != "section":
                return u
        return unit

    def positions_in(self, unit: str, at: At) -> list[str]:
        """Positions directly in ``unit`` on that day."""
        return self._ids(
            [n for n, _ in self._in(self._node("unit", unit), Rel.IN_UNIT, self.day(at))]
        )

    def sections_of(self, unit: str, at: At) -> list[str]:
        """The sections (内设机构) that are part of ``unit`` that day: its child units of
        kind ``section``, and theirs, sorted."""
        day = self.day(at)
        found: list[str] = []
        todo = [self._node("unit", unit)]
        while todo and len(found) < len(self.units):
            node = todo.pop()
            for child, _ in self._in(node, Rel.PARENT, day):
                ident = child.split(":", 1)[1]
                if self.units[ident].kind == "section" and ident not in found:
                    found.append(ident)
                    todo.append(child)
        return sorted(found)

    def quota_filled(self, unit: str, group: str, at: At) -> list[tuple[str, str]]:
        """``(person, position)`` for each filled post of quota ``group`` in ``unit`` or
        one of its sections that day (职数 are approved per organ, and a section is part
        of its organ), once per post a person holds, sorted: what a quota row's approved
        number (核定职数) is counted against."""
        return sorted(
            (person, pos)
            for u in (unit, *self.sections_of(unit, at))
            for pos in self.positions_in(u, at)
            if self.positions[pos].quota_key == group
            for person in self.holders(pos, at)
        )

    def reports_to(self, position: str, at: At) -> str | None:
        """The position's direct superior position on that day."""
        for nbr, _ in self._out(self._node("position", position), Rel.REPORTS_TO, self.day(at)):
            return nbr.split(":", 1)[1]
        return None

    def reports_chain(self, position: str, at: At) -> list[str]:
        """Superior positions of ``position``, nearest first (a cycle is cut)."""
        chain: list[str] = []
        current: str | None = position
        while current is not None and len(chain) < _MAX_CHAIN:
            current = self.reports_to(current, at)
            if current is None or current == position or current in chain:
                break
            chain.append(current)
        return chain

    def superiors(self, person: str, at: At) -> list[str]:
        """Persons holding the direct superior positions of ``person``'s positions."""
        found: set[str] = set()
        for pos in self.positions_of(person, at):
            boss = self.reports_to(pos, at)
            if boss is not None:
                found.update(self.holders(boss, at))
        found.discard(person)
        return sorted(found)

    def members(self, body: str, at: At) -> list[str]:
        """Member positions of a collective body on that day."""
        return self._ids(
            [n for n, _ in self._in(self._node("body", body), Rel.MEMBER, self.day(at))]
        )

    def tenure_since(self, person: str, position: str, at: At) -> date | None:
        """Start of ``person``'s continuous tenure in ``position`` that covers ``at``.

        Tenures of the same person in the same position that touch or overlap
        are joined. None when the person does not hold the position then.
        """
        self._node("person", person)
        self._node("position", position)
        day = self.day(at)
        spans = sorted(
            (a["start"], a["end"])
            for a in self._succ.get(key("person", person), {})
            .get(key("position", position), {})
            .values()
            if a["rel"] == Rel.HOLDS
        )
        merged: list[list[int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        for start, end in merged:
            if start <= day < end:
                return date.fromordinal(start)
        return None

    # -- powers ---------------------------------------------------------------

    def stage_holders(self, power: str, stage: StageName | str, at: At) -> list[tuple[str, str]]:
        """``(kind, id)`` of the positions and bodies holding a stage on that day."""
        node = self._stage_node(power, stage)
        found = {n for n, _ in self._in(node, Rel.HOLDS_STAGE, self.day(at))}
        return sorted((n.split(":", 1)[0], n.split(":", 1)[1]) for n in found)

    def holder_persons(self, kind: str, ident: str, at: At) -> list[str]:
        """Persons behind a position (its holders) or a body (its members' holders)."""
        if kind == "body":
            found = {p for m in self.members(ident, at) for p in self.holders(m, at)}
            return sorted(found)
        return self.holders(ident, at)

    def holder_unit(self, kind: str, ident: str, at: At) -> str | None:
        """The unit of a position, or of a body."""
        if kind == "body":
            for nbr, _ in self._out(key("body", ident), Rel.BODY_UNIT, self.day(at)):
                return nbr.split(":", 1)[1]
            return None
        return self.unit_of(ident, at)

    def stage_persons(
        self, power: str, stage: StageName | str, at: At, *, bodies: bool = False
    ) -> list[str]:
        """Persons holding a stage through a position (and through a body's members when ``bodies``)."""
        found: set[str] = set()
        for kind, ident in self.stage_holders(power, stage, at):
            if kind == "position" or bodies:
                found.update(self.holder_persons(kind, ident, at))
        return sorted(found)

    def checks_on(self, power: str, stage: StageName | str, at: At) -> list[Check]:
        """Checks active on a stage that day."""
        node = self._stage_node(power, stage)
        found = [attrs["check"] for _, attrs in self._in(node, Rel.CHECKS, self.day(at))]
        return sorted(found, key=lambda c: (c.checker, c.kind.value))

    # -- kinship and interests ------------------------------------------------

    def relatives(
        self, person: str, at: At, classes: Collection[RelationClass] | None = None
    ) -> list[Relative]:
        """Relatives of ``person`` on that day, optionally within some relation classes."""
        found: dict[str, Relative] = {}
        for nbr, attrs in self._out(self._node("person", person), Rel.KIN, self.day(at)):
            relation: Relation = attrs["relation"]
            if classes is None or relation.relation_class in classes:
                ident = nbr.split(":", 1)[1]
                found.setdefault(ident, Relative(ident, relation))
        return sorted(found.values(), key=lambda r: (r.person, r.relation.value))

    def interests(
        self,
        person: str,
        at: At,
        *,
        relatives: bool = False,
        classes: Collection[RelationClass] | None = None,
    ) -> list[InterestLink]:
        """Interests of ``person`` (and of their relatives when ``relatives``) on that day."""
        self._node("person", person)
        day = self.day(at)
        holders: list[tuple[str, Relative | None]] = [(person, None)]
        if relatives:
            holders += [(r.person, r) for r in self.relatives(person, at, classes)]
        links: set[InterestLink] = set()
        for holder, via in holders:
            for nbr, attrs in self._out(key("person", holder), Rel.INTEREST, day):
                role = InterestRole(attrs["role"])
                links.add(InterestLink(holder, nbr.split(":", 1)[1], role, attrs["share"], via))
        return sorted(links, key=lambda i: (i.holder, i.entity, i.role.value))

    # -- routing and explanation ----------------------------------------------

    def supervisors(
        self, kind: str, ident: str, at: At, roles: Collection[SupervisionRole] | None = None
    ) -> list[Recipient]:
        """Supervisors of a subject (``person``, ``position`` or ``unit``) on that
        day, per role, each with the reason it was chosen; see `riskwarn.graph.routing`.

        Raises:
            OrgError: unknown subject.
        """
        from riskwarn.graph.routing import supervisors

        return supervisors(self, kind, ident, at, roles)

    def explain(
        self, source: tuple[str, str], target: tuple[str, str], at: At, max_hops: int = 6
    ) -> GraphPath | None:
        """The shortest relation between two nodes that day, e.g.
        ``explain(("person", "a"), ("entity", "e"), at)`` → 张三 —配偶 spouse→ 李四 —出资人 owner→ 某公司.

        Raises:
            OrgError: unknown node.
        """
        from riskwarn.graph.paths import explain

        self.ref(*source)
        self.ref(*target)
        return explain(self, key(*source), key(*target), at, max_hops)
