"""Who receives a warning: the supervisors of a subject, per role, with the
reason each was chosen.

Candidates are tried nearest first (scopes on the position, on its unit, on
each enclosing unit; for the line role also the ``reports_to`` chain). A
supervisor who is the subject or a relative of the subject is skipped, as is a
vacant post, and the next level up is used; the skip is written into the
chosen recipient's reason.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

from riskwarn.errors import OrgError, did_you_mean
from riskwarn.graph.build import Rel, key
from riskwarn.model import Recipient, Relation, SupervisionRole

if TYPE_CHECKING:
    from riskwarn.graph.core import At, OrgGraph

__all__ = ["supervisors"]

Level = tuple[list[str], str]  # supervisor positions at one level, and why they apply


def supervisors(
    graph: OrgGraph,
    kind: str,
    ident: str,
    at: At,
    roles: Collection[SupervisionRole] | None = None,
) -> list[Recipient]:
    """Recipients for a subject (``person``, ``position`` or ``unit``), one
    group per role, ordered by role then person id.

    Raises:
        OrgError: unknown subject kind or id.
    """
    if kind not in ("person", "position", "unit"):
        raise OrgError(f"supervisors: subject kind must be person, position or unit, got '{kind}'")
    graph.ref(kind, ident)  # raises for an unknown id
    subjects = (
        {ident}
        if kind == "person"
        else set(graph.holders(ident, at))
        if kind == "position"
        else set()
    )
    kin: dict[str, Relation] = {}
    for person in sorted(subjects):
        for rel in graph.relatives(person, at):
            kin.setdefault(rel.person, rel.relation)
    targets = (
        [("position", p) for p in graph.positions_of(ident, at)]
        if kind == "person"
        else [(kind, ident)]
    )
    wanted = [_role(r) for r in roles] if roles is not None else list(SupervisionRole)
    chosen: dict[tuple[str, str], Recipient] = {}
    for role in wanted:
        for target in targets:
            for recipient in _route(graph, role, target, at, subjects, kin):
                chosen.setdefault((recipient.role, recipient.person.id), recipient)
    order = {r.value: i for i, r in enumerate(SupervisionRole)}
    return sorted(chosen.values(), key=lambda r: (order[r.role], r.person.id))


def _role(role: SupervisionRole | str) -> SupervisionRole:
    try:
        return SupervisionRole(role)
    except ValueError:
        names = [r.value for r in SupervisionRole]
        raise OrgError(f"no supervision role '{role}'{did_you_mean(str(role), names)}") from None


def _name(graph: OrgGraph, kind: str, ident: str) -> str:
    return str(graph.nx.nodes[key(kind, ident)]["name"])


def _scopes(graph: OrgGraph, node: str, role: SupervisionRole, day: int, own: bool) -> list[str]:
    found = {
        sup.split(":", 1)[1]
        for sup, attrs in graph._in(node, Rel.SUPERVISES, day)
        if attrs["role"] == role and (own or attrs["subunits"])
    }
    return sorted(found)


def _candidates(
    graph: OrgGraph, role: SupervisionRole, target: tuple[str, str], at: At
) -> Iterator[Level]:
    kind, ident = target
    day = graph.day(at)
    label = f"{role.value} ({role.zh})"
    unit: str | None
    chain: list[str] = []
    if kind == "position":
        direct = _scopes(graph, key("position", ident), role, day, own=True)
        if direct:
            yield direct, f"{label}: supervises position {_name(graph, 'position', ident)}"
        unit = graph.unit_of(ident, at)
        if role == SupervisionRole.LINE:
            chain = graph.reports_chain(ident, at)
    else:
        unit = ident
        if role == SupervisionRole.LINE:
            principals = [p for p in graph.positions_in(ident, at) if graph.positions[p].principal]
            if principals:
                yield principals, f"{label}: principal of unit {_name(graph, 'unit', ident)}"
                chain = graph.reports_chain(principals[0], at)
    if unit is not None:
        for i, u in enumerate(graph.ancestors(unit, at)):
            sups = _scopes(graph, key("unit", u), role, day, own=i == 0)
            if sups:
                yield sups, f"{label}: supervises unit {_name(graph, 'unit', u)}"
    for pos in chain:
        yield [pos], f"{label}: superior (reports_to chain) of {_name(graph, kind, ident)}"


def _route(
    graph: OrgGraph,
    role: SupervisionRole,
    target: tuple[str, str],
    at: At,
    subjects: set[str],
    kin: dict[str, Relation],
) -> list[Recipient]:
    levels = list(_candidates(graph, role, target, at))
    seen = {p for positions, _ in levels for p in positions}
    skipped: list[str] = []
    skipped_below = False
    tried: list[str] = []
    i = 0
    while i < len(levels):
        positions, reason = levels[i]
        picked: list[tuple[str, str]] = []
        for pos in positions:
            tried.append(pos)
            holders = graph.holders(pos, at)
            if not holders:
                skipped.append(f"{_name(graph, 'position', pos)} (vacant)")
            for person in holders:
                why = (
                    "the subject"
                    if person in subjects
                    else (
                        f"{kin[person].zh} {kin[person].value} of the subject"
                        if person in kin
                        else None
                    )
                )
                if why is None:
                    picked.append((person, pos))
                else:
                    skipped.append(
                        f"{graph.persons[person].name}, {_name(graph, 'position', pos)} ({why})"
                    )
        if picked:
            # "one level up" only when the skips happened on levels below the one chosen
            up = "; one level up" if skipped_below else ""
            note = f"; skipped {'; '.join(skipped)}{up}" if skipped else ""
            return [
                Recipient(
                    person=graph.ref("person", person),
                    position=graph.ref("position", pos),
                    role=role.value,
                    reason=reason + note,
                )
                for person, pos in picked
            ]
        skipped_below = bool(skipped)
        i += 1
        if i == len(levels):  # past the last candidate: go up from the skipped supervisors
            for pos in tried:
                for boss in graph.reports_chain(pos, at):
                    if boss not in seen:
                        seen.add(boss)
                        levels.append(
                            (
                                [boss],
                                f"{role.value} ({role.zh}): superior of {_name(graph, 'position', pos)}",
                            )
                        )
    return []
