"""Planting risk points: a small number of deliberate defects, each of a kind
one structural analyzer reports (see docs/structural.md), all current on the
extract day so a scan on 2026-06-30 finds them.

The generated data is otherwise built to avoid these defects (rotation on
time, checks from outside the section, relatives kept out of regulated
sectors ...), though chance leaves a few natural findings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from synth_catalog import SENSITIVE_UNITS
from synth_draft import EXTRACT, Draft, Organ, Row
from synth_powers import SENSITIVE_KINDS, stage_risk

from riskwarn.model import InterestRole, Relation, Risk, StageName, SupervisionRole, UnitKind

__all__ = ["plant_risks", "rotation_plants"]

_WEIGHTS = {
    "decide_supervise_same": 15,
    "kinship_post_conflict": 15,
    "unchecked_high_risk_stage": 12,
    "relative_business_regulated": 12,
    "rotation_overdue": 10,
    "supervision_integrity": 10,
    "principal_direct_control": 8,
    "hometown_principal": 6,
    "over_quota": 6,
    "power_concentration": 6,
}
_S = StageName
_STAGES = (_S.PROPOSAL, _S.DECISION, _S.EXECUTION)


def allocate(total: int) -> dict[str, int]:
    """``total`` plants shared among the analyzers by weight (largest remainder)."""
    weight = sum(_WEIGHTS.values())
    exact = {rule: total * w / weight for rule, w in _WEIGHTS.items()}
    out = {rule: int(x) for rule, x in exact.items()}
    for rule in sorted(exact, key=lambda r: out[r] - exact[r])[: total - sum(out.values())]:
        out[rule] += 1
    return out


def rotation_plants(total: int) -> int:
    """How many of ``total`` plants are overdue rotations (planted with the tenures)."""
    return allocate(total)["rotation_overdue"]


def plant_risks(d: Draft, total: int) -> None:
    """Plant ``total`` risk points (rotations excepted, already planted) into ``d``."""
    share = allocate(total)
    current = [p for p in d.powers if "end" not in p]
    d.rng.shuffle(current)
    used: set[str] = set()
    _decide_supervise(d, current, used, share["decide_supervise_same"])
    _unchecked(d, current, used, share["unchecked_high_risk_stage"])
    _principal_control(d, current, used, share["principal_direct_control"])
    _concentration(d, current, used, share["power_concentration"])
    _supervision(d, share["supervision_integrity"])
    _kinship(d, share["kinship_post_conflict"])
    _business(d, share["relative_business_regulated"])
    _hometown(d, share["hometown_principal"])
    _over_quota(d, share["over_quota"])


def _held(d: Draft, *positions: str) -> bool:
    return all(p in d.holder for p in positions)


def _take(powers: list[Row], used: set[str], count: int, test: Callable[[Row], bool]) -> list[Row]:
    """Up to ``count`` powers not used yet that pass ``test``, now marked used."""
    out: list[Row] = []
    for power in powers:
        if len(out) == count:
            break
        if power["id"] not in used and test(power):
            used.add(power["id"])
            out.append(power)
    return out


def _decide_supervise(d: Draft, powers: list[Row], used: set[str], count: int) -> None:
    """Red: the decider also supervises; orange: the executor also decides a high-risk power."""

    def red(p: Row) -> bool:
        decision = p["stages"][_S.DECISION]["holders"][0]
        return _S.SUPERVISION in p["stages"] and decision in d.position and _held(d, decision)

    def orange(p: Row) -> bool:
        return p["risk"] is Risk.HIGH and _held(d, *p["stages"][_S.EXECUTION]["holders"][:1])

    for power in _take(powers, used, (count + 1) // 2, red):
        power["stages"][_S.SUPERVISION]["holders"] = power["stages"][_S.DECISION]["holders"]
        d.planted["decide_supervise_same"] += 1
    for power in _take(powers, used, count // 2, orange):
        power["stages"][_S.DECISION]["holders"] = power["stages"][_S.EXECUTION]["holders"][:1]
        d.planted["decide_supervise_same"] += 1


def _unchecked(d: Draft, powers: list[Row], used: set[str], count: int) -> None:
    """A high-risk stage loses all its checks."""
    checked = {(c["power"], c["stage"]) for c in d.checks}

    def high(p: Row) -> bool:
        return any(stage_risk(p, s) is Risk.HIGH and (p["id"], s) in checked for s in _STAGES)

    dropped: set[tuple[str, StageName]] = set()
    for power in _take(powers, used, count, high):
        stage = next(
            s for s in _STAGES if stage_risk(power, s) is Risk.HIGH and (power["id"], s) in checked
        )
        dropped.add((power["id"], stage))
        d.planted["unchecked_high_risk_stage"] += 1
    d.checks[:] = [c for c in d.checks if (c["power"], c["stage"]) not in dropped]


def _principal_control(d: Draft, powers: list[Row], used: set[str], count: int) -> None:
    """The organ's principal decides a finance, personnel, engineering or procurement power."""
    seen: set[str] = set()

    def sensitive(p: Row) -> bool:
        principal = d.organ_of[p["unit"]].principal
        return p["kind"] in SENSITIVE_KINDS and principal not in seen and _held(d, principal)

    for power in _take(powers, used, count, sensitive):
        principal = d.organ_of[power["unit"]].principal
        seen.add(principal)
        power["stages"][_S.DECISION]["holders"] = (principal,)
        d.planted["principal_direct_control"] += 1


def _concentration(d: Draft, powers: list[Row], used: set[str], count: int) -> None:
    """A deputy proposes three high-risk powers of the organ."""
    by_organ: dict[str, list[Row]] = defaultdict(list)
    for power in powers:
        if power["risk"] is Risk.HIGH and power["id"] not in used:
            by_organ[power["unit"]].append(power)
    for unit, highs in by_organ.items():
        if count <= 0:
            break
        deputies = [p for p in d.organ_of[unit].deputies if _held(d, p)]
        if len(highs) < 3 or not deputies:
            continue
        for power in highs[:3]:
            used.add(power["id"])
            stage = power["stages"][_S.PROPOSAL]
            stage["holders"] = (*stage["holders"], deputies[0])
        d.planted["power_concentration"] += 1
        count -= 1


def _supervision(d: Draft, count: int) -> None:
    """Cycles of two committee members auditing each other; section chiefs
    given discipline over their own organ (an inversion)."""
    committees = [o for o in d.organs if o.code == "wei"]
    for organ in d.rng.sample(committees, min((count + 1) // 2, len(committees))):
        a, b = [m for m in organ.members if ".cw" in m][:2]
        d.supervision += [
            {"supervisor": a, "role": SupervisionRole.AUDIT, "positions": (b,)},
            {"supervisor": b, "role": SupervisionRole.AUDIT, "positions": (a,)},
        ]
        d.planted["supervision_integrity"] += 1
    organs = [o for o in d.organs if o.kind == UnitKind.DEPARTMENT]
    for organ in d.rng.sample(organs, min(count // 2, len(organs))):
        chief = organ.eras[-1][2][0].chief
        d.supervision.append(
            {"supervisor": chief, "role": SupervisionRole.DISCIPLINE, "units": (organ.id,)}
        )
        d.planted["supervision_integrity"] += 1


def _kinship(d: Draft, count: int) -> None:
    """A section chief and a post under them held by relatives."""
    sections = [s for o in d.organs for s in o.eras[-1][2]]
    d.rng.shuffle(sections)
    taken: set[str] = set()
    for sec in sections:
        if count <= 0:
            break
        below = [p for p in (sec.deputy, *sec.staff) if p is not None and _held(d, p)]
        if not _held(d, sec.chief) or not below:
            continue
        boss, other = d.holder[sec.chief], d.holder[below[0]]
        if boss in taken or other in taken:
            continue
        taken |= {boss, other}
        relation = d.rng.choice([Relation.SIBLING, Relation.COUSIN, Relation.SPOUSE_SIBLING])
        d.kinship.append({"person": boss, "relative": other, "relation": relation})
        d.planted["kinship_post_conflict"] += 1
        count -= 1


def _business(d: Draft, count: int) -> None:
    """A leader's relative becomes director of a business in a sector the leader's organ regulates."""
    relatives: dict[str, list[str]] = defaultdict(list)
    staff = {d.person_id(i) for i in range(d.staff)}
    for row in d.kinship:
        if "end" not in row and row["person"] in staff and row["relative"] not in staff:
            relatives[row["person"]].append(row["relative"])
    by_sector: dict[str, list[Row]] = defaultdict(list)
    for entity in d.entities:
        if "end" not in entity:
            by_sector[entity["sector"]].append(entity)
    leaders = [(o, p) for o in d.organs if o.regulates for p in o.members if _held(d, p)]
    d.rng.shuffle(leaders)
    for organ, position in leaders:
        if count <= 0:
            break
        leader = d.holder[position]
        entities = [e for s in organ.regulates for e in by_sector[s]]
        if not relatives.get(leader) or not entities:
            continue
        entity = d.rng.choice(entities)
        start = max(entity["start"].toordinal() + 1, EXTRACT - 2000)
        d.interests.append(
            {
                "person": relatives[leader][0],
                "entity": entity["id"],
                "role": InterestRole.DIRECTOR,
                "start": date.fromordinal(d.rng.randint(start, EXTRACT)),
            }
        )
        d.planted["relative_business_regulated"] += 1
        count -= 1


def _hometown(d: Draft, count: int) -> None:
    """A county or city principal in a sensitive organ from the place itself."""
    organs = [
        o
        for o in d.organs
        if o.kind in SENSITIVE_UNITS
        and o.area.level in ("county", "city")
        and _held(d, o.principal)
    ]
    for organ in d.rng.sample(organs, min(count, len(organs))):
        index = int(d.holder[organ.principal][1:])
        d.people[index]["origin_region"] = _home(d, organ)
        d.planted["hometown_principal"] += 1


def _home(d: Draft, organ: Organ) -> str:
    if organ.area.level == "county":
        return organ.area.region
    counties = [a.region for a in d.areas if a.parent is organ.area]
    return d.rng.choice(counties) if counties else organ.area.region


def _over_quota(d: Draft, count: int) -> None:
    """An organ with more deputies in post than its current approved number."""
    quotas = {(q["unit"], q["group"]): q for q in d.quotas if "end" not in q}
    organs = list(d.organs)
    d.rng.shuffle(organs)
    for organ in organs:
        if count <= 0:
            break
        deputies = [p for p in organ.members[1:] if _held(d, p)]
        if len(deputies) < 2:
            continue
        group = d.grade(deputies[0]).value
        filled = sum(1 for p in deputies if d.grade(p).value == group)
        quota = quotas.get((organ.id, group))
        if quota is None or filled < 2:
            continue
        quota["approved"] = filled - 1
        d.planted["over_quota"] += 1
        count -= 1
