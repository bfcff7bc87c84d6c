"""Collective bodies, approved quotas, and the powers of every organ with their
stages and the checks on them.

A power (权力事项) is proposed by the chief of the section in charge, decided by
the organ's collective body when its risk is high (else by the deputy in
charge, or the principal for licensing, penalties and the like), executed in
the section and supervised by the discipline office responsible for the organ.
High-risk stages are checked from outside the section (audit, discipline,
finance countersign, the collective body). A reorganized organ gets a new
version of each power from the day of the change, held by the new sections.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from synth_catalog import CHECKER_ORGANS, ORGANS, TOWNSHIP, OrganSpec
from synth_draft import Area, Draft, Organ, Row, Section

from riskwarn.model import BodyKind, CheckKind, Function, PowerKind, Risk, StageName

__all__ = [
    "SENSITIVE_KINDS",
    "build_powers",
    "checkers",
    "discipline_offices",
    "stage_risk",
]

_SPECS: dict[str, OrganSpec] = {spec.code: spec for spec in (*ORGANS, TOWNSHIP)}
_BODY_NAME = {
    BodyKind.STANDING_COMMITTEE: "常委会",
    BodyKind.EXECUTIVE: "常务会议",
    BodyKind.PARTY_GROUP: "党组会",
    BodyKind.OTHER: "党委会",
}
_FUNCTIONS = {
    PowerKind.PERSONNEL: {Function.PERSONNEL, Function.ORGANIZATION},
    PowerKind.FINANCE: {Function.FINANCE},
    PowerKind.ENGINEERING: {Function.ENGINEERING},
    PowerKind.PROCUREMENT: {Function.PROCUREMENT},
    PowerKind.LICENSING: {Function.LICENSING, Function.APPROVAL},
    PowerKind.PENALTY: {Function.PENALTY},
    PowerKind.OTHER: set(),
}
_RISKS = {  # chance of high, medium (else low), by kind
    PowerKind.PERSONNEL: (0.55, 0.35),
    PowerKind.FINANCE: (0.55, 0.35),
    PowerKind.ENGINEERING: (0.55, 0.35),
    PowerKind.PROCUREMENT: (0.55, 0.35),
    PowerKind.LICENSING: (0.3, 0.5),
    PowerKind.PENALTY: (0.3, 0.5),
    PowerKind.OTHER: (0.1, 0.4),
}
SENSITIVE_KINDS = {
    PowerKind.FINANCE,
    PowerKind.PERSONNEL,
    PowerKind.ENGINEERING,
    PowerKind.PROCUREMENT,
}
"""Kinds a principal must not hold directly (三不直接分管)."""
_S = StageName


def checkers(area: Area, code: str, function: Function) -> list[str]:
    """Chief positions of the sections with ``function`` in organ ``code`` of ``area``."""
    organ = area.organs[CHECKER_ORGANS[code]]
    return [sec.chief for sec in organ.eras[0][2] if function.value in sec.functions]


def discipline_offices(area: Area) -> dict[str, str]:
    """The discipline office chief responsible for each organ of ``area``.

    The area's own committee and discipline commission are watched from the
    area above: they map to an office there (or are absent in the province).
    """
    chiefs = checkers(area, "discipline", Function.INSPECTION)
    organs = [o for o in area.organs.values() if o.code not in ("wei", "jw")]
    out = {organ.id: chiefs[i % len(chiefs)] for i, organ in enumerate(organs)}
    if area.parent is not None:
        above = checkers(area.parent, "discipline", Function.INSPECTION)[0]
        out[area.organs["wei"].id] = out[area.organs["jw"].id] = above
    return out


def build_powers(d: Draft) -> None:
    """Add bodies, quotas, powers and checks for every organ of ``d``."""
    offices: dict[str, str] = {}
    pools: dict[str, _Checkers] = {}
    for area in d.areas:
        offices.update(discipline_offices(area))
        pools[area.prefix] = _Checkers(
            checkers(area, "audit", Function.AUDIT),
            checkers(area, "discipline", Function.INSPECTION),
            checkers(area, "finance", Function.FINANCE),
        )
    for organ in d.organs:
        _body(d, organ)
        _quotas(d, organ)
        selection = _choose(d, organ)
        for number, (start, end, sections) in enumerate(organ.eras):
            suffix = f".v{date.fromordinal(start).year}" if start is not None and number else ""
            for index, (name, kind, risk) in enumerate(selection, start=1):
                pid = f"{organ.id}.pw{index}{suffix}"
                power = _power(d, organ, sections, pid, name, kind, risk, offices.get(organ.id))
                _period(power, start, end)
                d.powers.append(power)
                _checks(d, organ, power, pools[organ.area.prefix])


@dataclass(frozen=True, slots=True)
class _Checkers:
    """Checker positions of one area: audit, discipline and finance section chiefs."""

    audit: list[str]
    discipline: list[str]
    finance: list[str]


def _body(d: Draft, organ: Organ) -> None:
    kind = _SPECS[organ.code].body
    members = list(organ.members)
    if organ.code == "wei":
        area = organ.area.organs
        members += [area[c].principal for c in ("zf", "zzb", "jw", "xcb", "zfw")]
        members.append(area["zf"].deputies[0])  # 常务副职
    d.bodies.append(
        {
            "id": f"{organ.id}.body",
            "name": organ.name + _BODY_NAME[kind],
            "kind": kind,
            "unit": organ.id,
            "members": tuple(members),
        }
    )


def _quotas(d: Draft, organ: Organ) -> None:
    rng = d.rng
    counts = Counter(d.grade(p) for p in organ.members)
    for grade, count in counts.items():
        approved = count + (1 if rng.random() < 0.25 else 0)
        row: Row = {"unit": organ.id, "group": grade.value, "approved": approved}
        if count > 1 and rng.random() < 0.2:  # one more post approved before the 2019 reform
            d.quotas.append({**row, "approved": approved + 1, "end": date(2019, 3, 1)})
            row["start"] = date(2019, 3, 1)
        d.quotas.append(row)
    for start, end, sections in organ.eras:
        for sec in sections:
            row = {
                "unit": sec.id,
                "group": "section_leader",
                "approved": 1 + (sec.deputy is not None),
            }
            _period(row, start, end)
            d.quotas.append(row)


def _choose(d: Draft, organ: Organ) -> list[tuple[str, PowerKind, Risk]]:
    rng = d.rng
    spec = _SPECS[organ.code]
    chosen = rng.sample(
        spec.powers, rng.randint(min(5, len(spec.powers)), min(10, len(spec.powers)))
    )
    out = []
    for name, kind in chosen:
        high, medium = _RISKS[kind]
        roll = rng.random()
        risk = Risk.HIGH if roll < high else Risk.MEDIUM if roll < high + medium else Risk.LOW
        out.append((organ.name + name, kind, risk))
    return out


def _power(
    d: Draft,
    organ: Organ,
    sections: list[Section],
    pid: str,
    name: str,
    kind: PowerKind,
    risk: Risk,
    office: str | None,
) -> Row:
    rng = d.rng
    wanted = {f.value for f in _FUNCTIONS[kind]}
    matching = [s for s in sections if wanted & set(s.functions)] or sections
    section = rng.choice(matching)
    proposal = section.chief
    execution = [section.deputy] if section.deputy and rng.random() < 0.5 else section.staff[:1]
    if len(section.staff) > 1 and rng.random() < 0.3:
        execution.append(section.staff[1])
    if risk is Risk.HIGH:
        decision = f"{organ.id}.body"
    elif kind not in SENSITIVE_KINDS and rng.random() < 0.4:
        decision = organ.principal
    else:
        decision = section.overseer
    stages: dict[StageName, Row] = {
        _S.PROPOSAL: {"holders": (proposal,)},
        _S.DECISION: {"holders": (decision,)},
        _S.EXECUTION: {"holders": tuple(execution)},
    }
    if office is not None and rng.random() < 0.75:
        stages[_S.SUPERVISION] = {"holders": (office,)}
    for stage in stages.values():
        if rng.random() < 0.1:
            stage["risk"] = rng.choice([r for r in Risk if r is not risk])
    return {"id": pid, "name": name, "kind": kind, "risk": risk, "unit": organ.id, "stages": stages}


def stage_risk(power: Row, stage: StageName) -> Risk:
    """The risk of one stage of a power row."""
    return power["stages"][stage].get("risk", power["risk"])  # type: ignore[no-any-return]


def _checks(d: Draft, organ: Organ, power: Row, pool: _Checkers) -> None:
    rng = d.rng
    body = f"{organ.id}.body"
    kind = power["kind"]
    for name in (_S.PROPOSAL, _S.DECISION, _S.EXECUTION):
        risk = stage_risk(power, name)
        roll = rng.random()
        wanted = {
            Risk.HIGH: 2 if roll < 0.7 else 1,
            Risk.MEDIUM: int(roll < 0.5),
            Risk.LOW: int(roll < 0.2),
        }[risk]
        if not wanted:
            continue
        holders = power["stages"][name]["holders"]
        units = {organ.id if h == body else d.position[h]["unit"] for h in holders}
        candidates = [
            (rng.choice(pool.audit), CheckKind.AUDIT),
            (rng.choice(pool.discipline), CheckKind.REVIEW),
        ]
        if kind in (PowerKind.FINANCE, PowerKind.PROCUREMENT, PowerKind.ENGINEERING):
            candidates.append((rng.choice(pool.finance), CheckKind.COUNTERSIGN))
        if body not in power["stages"][_S.DECISION]["holders"]:
            candidates.append((body, CheckKind.COLLECTIVE_DECISION))
        candidates = [
            (checker, check_kind)
            for checker, check_kind in candidates
            if checker not in holders
            and (organ.id if checker == body else d.position[checker]["unit"]) not in units
        ]
        for checker, check_kind in rng.sample(candidates, min(wanted, len(candidates))):
            row: Row = {"checker": checker, "power": power["id"], "stage": name, "kind": check_kind}
            _period(row, power.get("start"), power.get("end"))
            d.checks.append(row)


def _period(row: Row, start: int | date | None, end: int | date | None) -> None:
    """Set ``start`` and ``end`` of ``row`` from day numbers or dates; ``None`` leaves it open."""
    for field, value in (("start", start), ("end", end)):
        if isinstance(value, int):
            value = date.fromordinal(value)
        if value is not None:
            row[field] = value
