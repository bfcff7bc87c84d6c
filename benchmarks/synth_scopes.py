"""Supervision scopes (监督范围) in the four roles.

- line: a deputy head of government over the departments whose heads report
  to them, a deputy party secretary over townships, an organ deputy over the
  sections in their charge;
- discipline: each discipline office over the organs assigned to it; the
  committee and discipline commission of an area from the area above;
- organization: the cadre section of the organization department over the
  leaders of every organ; the committee and the department itself from above;
- audit: the economic-responsibility audit section over the departments,
  institutions, enterprises and townships.

No supervisor reports, through its chain, into what it supervises, and no role
has a cycle: both are planted on purpose only (see `synth_risks`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from synth_draft import Area, Draft, Organ, Row
from synth_powers import checkers, discipline_offices

from riskwarn.model import Function, SupervisionRole, UnitKind

__all__ = ["build_scopes"]

_R = SupervisionRole
_AUDITED = {
    UnitKind.DEPARTMENT,
    UnitKind.INSTITUTION,
    UnitKind.ENTERPRISE,
    UnitKind.TOWNSHIP,
    UnitKind.PUBLIC_SECURITY,
}


def build_scopes(d: Draft) -> None:
    """Add the supervision scopes of every area and organ of ``d``."""
    for area in d.areas:
        _line(d, area)
        _discipline(d, area)
        _organization(d, area)
        _audit(d, area)
    for organ in d.organs:
        for start, end, sections in organ.eras:
            charge: dict[str, list[str]] = defaultdict(list)
            for sec in sections:
                charge[sec.overseer].append(sec.id)
            for deputy, units in charge.items():
                row = _scope(deputy, _R.LINE, units=tuple(units))
                if start is not None:
                    row["start"] = date.fromordinal(start)
                if end is not None:
                    row["end"] = date.fromordinal(end)
                d.supervision.append(row)


def _scope(
    supervisor: str,
    role: SupervisionRole,
    *,
    units: tuple[str, ...] = (),
    positions: tuple[str, ...] = (),
    subunits: bool = True,
) -> Row:
    row: Row = {"supervisor": supervisor, "role": role}
    if units:
        row["units"] = units
    if positions:
        row["positions"] = positions
    if not subunits:
        row["include_subunits"] = False
    return row


def _line(d: Draft, area: Area) -> None:
    """Deputies over the organs whose principals report to them."""
    charge: dict[str, list[str]] = defaultdict(list)
    deputies = set(area.organs["zf"].deputies) | set(area.organs["wei"].deputies)
    for organ in area.organs.values():
        boss = d.position[organ.principal].get("reports_to")
        if boss in deputies:
            charge[boss].append(organ.id)
    for deputy, units in charge.items():
        d.supervision.append(_scope(deputy, _R.LINE, units=tuple(units)))


def _discipline(d: Draft, area: Area) -> None:
    offices: dict[str, list[str]] = defaultdict(list)
    for organ_id, chief in discipline_offices(area).items():
        offices[chief].append(organ_id)
    committee = area.organs["wei"].id
    for chief, organs in offices.items():
        inner = tuple(o for o in organs if o != committee)
        if inner:
            d.supervision.append(_scope(chief, _R.DISCIPLINE, units=inner))
        if committee in organs:  # the committee itself, not the whole area below it
            d.supervision.append(_scope(chief, _R.DISCIPLINE, units=(committee,), subunits=False))


def _organization(d: Draft, area: Area) -> None:
    chief = checkers(area, "organization", Function.PERSONNEL)[0]
    for organ in area.organs.values():
        if organ.code not in ("wei", "zzb"):
            d.supervision.append(_scope(chief, _R.ORGANIZATION, positions=_leaders(organ)))
    if area.parent is not None:
        above = checkers(area.parent, "organization", Function.PERSONNEL)[0]
        leaders = _leaders(area.organs["wei"]) + _leaders(area.organs["zzb"])
        d.supervision.append(_scope(above, _R.ORGANIZATION, positions=leaders))


def _leaders(organ: Organ) -> tuple[str, ...]:
    return tuple(organ.members)


def _audit(d: Draft, area: Area) -> None:
    chief = checkers(area, "audit", Function.AUDIT)[0]
    audited = tuple(
        organ.id for organ in area.organs.values() if organ.kind in _AUDITED and organ.code != "sjj"
    )
    d.supervision.append(_scope(chief, _R.AUDIT, units=audited))
