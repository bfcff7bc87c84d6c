"""Reference and consistency checks of a whole organization.

Ids are unique within their section (and a body never shares a position's id);
every reference names an existing thing of the right kind; the unit tree and
the reporting line have no cycles; tenures and reorganization moves are dated
within the life of what they refer to. The same checks serve `check_org` (field
paths only) and `load_org` (file and line): only the `Locator` differs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date

from riskwarn.errors import Problem, did_you_mean
from riskwarn.model import Kinship, Model, Move, Organization, Period, Relation
from riskwarn.orgfile.locate import Loc, Locator

__all__ = ["check", "check_org"]

_SECTION = {
    "unit": "units",
    "position": "positions",
    "body": "bodies",
    "person": "persons",
    "entity": "entities",
    "power": "powers",
}
"""Each kind of thing with an id, and its section."""

_HINT_BUDGET = 2_000_000
"""Ids compared for did-you-mean hints, at most, in one check (a few seconds): a
file of 100,000 rows whose every reference dangles still loads fast, the later
problems without a hint."""


def check_org(org: Organization) -> list[Problem]:
    """The reference and consistency problems of an organization built in Python.

    Each problem is located by field path only (``positions[4].unit``); an empty
    list means the organization is consistent. `load_org` runs the same checks
    and raises them, located in the files.
    """
    return check(org, Locator())


def check(
    org: Organization, locator: Locator, invalid: Mapping[str, Collection[str]] | None = None
) -> list[Problem]:
    """The reference and consistency problems of ``org``, located by ``locator``.

    ``invalid`` holds, by section, the ids of items that failed validation:
    references to them are not reported again as missing.
    """
    return _Checker(org, locator, invalid or {}).run()


class _Checker:
    def __init__(self, org: Organization, locator: Locator, invalid: Mapping[str, Collection[str]]):
        self.org = org
        self.locator = locator
        self.invalid = invalid
        self.problems: list[Problem] = []
        self.moved: dict[tuple[date, str | None, str], tuple[int, int]] = {}
        self.first: dict[str, dict[str, int]] = {}
        """Section -> id -> index of the first item with that id."""
        self._candidates: dict[tuple[str, ...], list[str]] = {}
        self._hints: dict[tuple[tuple[str, ...], str], str] = {}
        self._budget = _HINT_BUDGET

    def run(self) -> list[Problem]:
        self._unique_ids()
        self._references()
        self._powers_and_checks()
        self._reorganizations()
        self._cycle("units", "parent", "a unit cannot be its own ancestor")
        self._cycle("positions", "reports_to", "a position cannot report to itself")
        self._tenure_dates()
        self._kinship_consistency()
        return self.problems

    def _report(self, section: str, index: int, sub: Loc, message: str) -> None:
        self.problems.append(Problem(self.locator.at(section, index, sub), message))

    def _unique_ids(self) -> None:
        for kind, section in _SECTION.items():
            first: dict[str, int] = {}
            for index, item in enumerate(getattr(self.org, section)):
                if item.id in first:
                    where = self.locator.brief(section, first[item.id])
                    self._report(
                        section,
                        index,
                        ("id",),
                        f"duplicate {kind} id '{item.id}' (first at {where})",
                    )
                else:
                    first[item.id] = index
            self.first[section] = first
        positions = self.first["positions"]
        for body_id, index in self.first["bodies"].items():
            if body_id in positions:
                where = self.locator.brief("positions", positions[body_id])
                message = (
                    f"body id '{body_id}' is also a position id (at {where}); "
                    "holders and checkers could not tell them apart"
                )
                self._report("bodies", index, ("id",), message)

    def _ref(
        self, kinds: tuple[str, ...], value: str | None, section: str, index: int, sub: Loc
    ) -> None:
        """Report ``value`` unless it is the id of a thing of one of ``kinds``."""
        if value is None:
            return
        for kind in kinds:
            if value in self.first[_SECTION[kind]] or value in self.invalid.get(_SECTION[kind], ()):
                return
        other = next((k for k, s in _SECTION.items() if value in self.first[s]), None)
        hint = f" ('{value}' is a {other})" if other else self._suggest(kinds, value)
        self._report(section, index, sub, f"no {' or '.join(kinds)} '{value}'{hint}")

    def _suggest(self, kinds: tuple[str, ...], value: str) -> str:
        """A did-you-mean hint, while the budget of comparisons lasts."""
        if (kinds, value) not in self._hints:
            if kinds not in self._candidates:
                self._candidates[kinds] = [i for k in kinds for i in self.first[_SECTION[k]]]
            candidates = self._candidates[kinds]
            hint = ""
            if len(candidates) <= self._budget:
                self._budget -= len(candidates)
                hint = did_you_mean(value, candidates)
            self._hints[kinds, value] = hint
        return self._hints[kinds, value]

    def _refs_each(
        self, kinds: tuple[str, ...], values: Iterable[str], section: str, index: int, sub: Loc
    ) -> None:
        for position, value in enumerate(values):
            self._ref(kinds, value, section, index, (*sub, position))

    def _references(self) -> None:
        org, unit, position, person = self.org, ("unit",), ("position",), ("person",)
        for i, u in enumerate(org.units):
            if u.parent == u.id:
                self._report("units", i, ("parent",), "a unit cannot be its own parent")
            else:
                self._ref(unit, u.parent, "units", i, ("parent",))
        for i, p in enumerate(org.positions):
            self._ref(unit, p.unit, "positions", i, ("unit",))
            if p.reports_to == p.id:
                self._report("positions", i, ("reports_to",), "a position cannot report to itself")
            else:
                self._ref(position, p.reports_to, "positions", i, ("reports_to",))
        for i, b in enumerate(org.bodies):
            self._ref(unit, b.unit, "bodies", i, ("unit",))
            self._refs_each(position, b.members, "bodies", i, ("members",))
        for i, t in enumerate(org.tenures):
            self._ref(person, t.person, "tenures", i, ("person",))
            self._ref(position, t.position, "tenures", i, ("position",))
        for i, k in enumerate(org.kinship):
            self._ref(person, k.person, "kinship", i, ("person",))
            self._ref(person, k.relative, "kinship", i, ("relative",))
        for i, e in enumerate(org.entities):
            self._ref(person, e.legal_representative, "entities", i, ("legal_representative",))
        for i, n in enumerate(org.interests):
            self._ref(person, n.person, "interests", i, ("person",))
            self._ref(("entity",), n.entity, "interests", i, ("entity",))
        for i, s in enumerate(org.supervision):
            self._ref(position, s.supervisor, "supervision", i, ("supervisor",))
            self._refs_each(unit, s.units, "supervision", i, ("units",))
            self._refs_each(position, s.positions, "supervision", i, ("positions",))
        for i, q in enumerate(org.quotas):
            self._ref(unit, q.unit, "quotas", i, ("unit",))

    def _powers_and_checks(self) -> None:
        holder = ("position", "body")
        for i, power in enumerate(self.org.powers):
            self._ref(("unit",), power.unit, "powers", i, ("unit",))
            for name, stage in power.stages.items():
                self._refs_each(
                    holder, stage.holders, "powers", i, ("stages", name.value, "holders")
                )
        powers = self.first["powers"]
        for i, c in enumerate(self.org.checks):
            self._ref(holder, c.checker, "checks", i, ("checker",))
            self._ref(("power",), c.power, "checks", i, ("power",))
            if c.power in powers:
                stages = self.org.powers[powers[c.power]].stages
                if c.stage not in stages:
                    has = ", ".join(sorted(s.value for s in stages))
                    message = f"power '{c.power}' has no stage '{c.stage.value}' (it has: {has})"
                    self._report("checks", i, ("stage",), message)

    def _reorganizations(self) -> None:
        for i, reorg in enumerate(self.org.reorganizations):
            for j, move in enumerate(reorg.moves):
                sub: Loc = ("moves", j)
                if move.position is not None and move.reports_to == move.position:
                    self._report(
                        "reorganizations",
                        i,
                        (*sub, "reports_to"),
                        "a position cannot report to itself",
                    )
                elif move.unit is not None and move.parent == move.unit:
                    self._report(
                        "reorganizations", i, (*sub, "parent"), "a unit cannot be its own parent"
                    )
                for field, kind in (
                    ("position", "position"),
                    ("unit", "unit"),
                    ("reports_to", "position"),
                    ("parent", "unit"),
                ):
                    self._ref((kind,), getattr(move, field), "reorganizations", i, (*sub, field))
                self._move_targets(i, j, reorg.at, move)
                kind = "position" if move.position is not None else "unit"
                subject = move.position if move.position is not None else move.unit
                found = self._lookup(kind, subject)
                if found is not None:
                    where = _outside(
                        found, reorg.at, f"move dated {reorg.at}", f"{kind} '{subject}'"
                    )
                    if where:
                        self._report("reorganizations", i, (*sub, kind), where)

    def _move_targets(self, i: int, j: int, at: date, move: Move) -> None:
        """Where a move goes must exist on the day of the move, and a thing
        moves at most once per attribute per day."""
        targets = (("unit", "unit"), ("reports_to", "position"), ("parent", "unit"))
        for field, kind in targets:
            if field == "unit" and move.position is None:
                continue  # here 'unit' is what moves, not where
            target = getattr(move, field)
            found = self._lookup(kind, target)
            if found is not None:
                where = _outside(found, at, f"move dated {at}", f"{kind} '{target}'")
                if where:
                    self._report("reorganizations", i, ("moves", j, field), where)
            subject = move.position if move.position is not None else move.unit
            if target is not None:
                slot = (at, subject, field)
                if slot in self.moved:
                    first_i, first_j = self.moved[slot]
                    kind = "position" if move.position is not None else "unit"
                    message = f"{kind} '{subject}' has its {field} moved twice on {at} (also reorganizations[{first_i}].moves[{first_j}])"
                    self._report("reorganizations", i, ("moves", j, field), message)
                else:
                    self.moved[slot] = (i, j)

    def _kinship_consistency(self) -> None:
        """A pair of persons, seen from one side, has one relation at a time."""
        seen: dict[tuple[str, str], tuple[int, Relation, Kinship]] = {}
        for i, kin in enumerate(self.org.kinship):
            a, b, relation = kin.person, kin.relative, kin.relation
            if a > b:
                a, b, relation = b, a, relation.inverse
            earlier = seen.get((a, b))
            if earlier is None:
                seen[a, b] = (i, relation, kin)
                continue
            first_i, first_relation, first_kin = earlier
            overlap = (
                first_kin.start is None or kin.end is None or first_kin.start < kin.end
            ) and (kin.start is None or first_kin.end is None or kin.start < first_kin.end)
            if overlap and relation != first_relation:
                message = (
                    f"'{a}' and '{b}' are related as {first_relation.value} in kinship[{first_i}]; "
                    f"got {relation.value} (both read as what '{b}' is to '{a}')"
                )
                self._report("kinship", i, ("relation",), message)

    def _tenure_dates(self) -> None:
        for i, tenure in enumerate(self.org.tenures):
            position = self._lookup("position", tenure.position)
            if position is not None and tenure.start is not None:
                where = _outside(
                    position,
                    tenure.start,
                    f"tenure starts {tenure.start}",
                    f"position '{tenure.position}'",
                )
                if where:
                    self._report("tenures", i, ("start",), where)

    def _lookup(self, kind: str, id_: str | None) -> Period | None:
        section = _SECTION[kind]
        index = self.first[section].get(id_) if id_ is not None else None
        items: Sequence[Period] = getattr(self.org, section)
        return items[index] if index is not None else None

    def _cycle(self, section: str, field: str, rule: str) -> None:
        """Report each cycle through ``field`` once, at its member that comes first."""
        first = self.first[section]
        items: Sequence[Model] = getattr(self.org, section)
        after: dict[str, str] = {}
        for id_, index in first.items():
            target = getattr(items[index], field)
            if target is not None and target != id_ and target in first:
                after[id_] = target
        done: set[str] = set()
        for start in first:
            path: dict[str, int] = {}
            node: str | None = start
            while node is not None and node not in done and node not in path:
                path[node] = len(path)
                node = after.get(node)
            if node is not None and node in path:
                cycle = list(path)[path[node] :]
                head = min(range(len(cycle)), key=lambda k: first[cycle[k]])
                cycle = cycle[head:] + cycle[:head]
                chain = " -> ".join([*cycle, cycle[0]])
                self._report(section, first[cycle[0]], (field,), f"{field} cycle {chain} ({rule})")
            done.update(path)


def _outside(period: Period, day: date, what: str, thing: str) -> str | None:
    """Why ``day`` falls outside ``period``: ``what, before thing exists (from ...)``."""
    if period.start is not None and day < period.start:
        return f"{what}, before {thing} exists (from {period.start})"
    if period.end is not None and day >= period.end:
        return f"{what}, after {thing} ended (on {period.end})"
    return None
