"""Persons and kinship: staff (who hold tenures), their families, and business
contacts, in that order of person ids, exactly as many as asked for.

A family is declared from a staff member's side (spouse, children, parents,
a sibling, in-laws) and every pair in it that has a statutory relation is one
kinship row, so a family of four gives up to six rows. Now and then a relative
is another staff member. Marriages carry periods: in-law and spouse rows start
on the wedding day when it falls after 2014, and a few end in divorce.
"""

from __future__ import annotations

from datetime import date

from synth_catalog import FAMILY_NAMES, GIVEN_CHARS, SENSITIVE_UNITS
from synth_draft import EXTRACT, START, Draft, Row

from riskwarn.model import Relation, RelationClass

__all__ = ["build_people"]

_YEAR = 365.25
_RELATIVE_SHARE = 0.85
"""Of the persons who are not staff, the share who are relatives (the rest are business contacts)."""
_STAFF_RELATIVE = {"spouse": 0.15, "parent": 0.03, "sibling": 0.05}
"""Chance that a slot of the family is filled by another staff member (couples
of civil servants are common)."""
_R = Relation
# (a, b) -> what b is to a; the reverse pair is the inverse relation
_PAIRS: dict[tuple[str, str], Relation] = {
    ("ego", "spouse"): _R.SPOUSE,
    ("ego", "child"): _R.CHILD,
    ("ego", "child2"): _R.CHILD,
    ("ego", "parent"): _R.PARENT,
    ("ego", "parent2"): _R.PARENT,
    ("ego", "sibling"): _R.SIBLING,
    ("ego", "pil"): _R.PARENT_IN_LAW,
    ("ego", "cil"): _R.CHILD_IN_LAW,
    ("spouse", "child"): _R.CHILD,
    ("spouse", "child2"): _R.CHILD,
    ("spouse", "parent"): _R.PARENT_IN_LAW,
    ("spouse", "parent2"): _R.PARENT_IN_LAW,
    ("spouse", "sibling"): _R.SPOUSE_SIBLING,
    ("spouse", "pil"): _R.PARENT,
    ("spouse", "cil"): _R.CHILD_IN_LAW,
    ("child", "child2"): _R.SIBLING,
    ("child", "parent"): _R.GRANDPARENT,
    ("child", "parent2"): _R.GRANDPARENT,
    ("child", "sibling"): _R.UNCLE_AUNT,
    ("child", "pil"): _R.GRANDPARENT,
    ("child", "cil"): _R.SPOUSE,
    ("child2", "parent"): _R.GRANDPARENT,
    ("child2", "parent2"): _R.GRANDPARENT,
    ("child2", "sibling"): _R.UNCLE_AUNT,
    ("child2", "pil"): _R.GRANDPARENT,
    ("child2", "cil"): _R.SIBLING_SPOUSE,
    ("parent", "parent2"): _R.SPOUSE,
    ("parent", "sibling"): _R.CHILD,
    ("parent", "pil"): _R.CHILD_SPOUSE_PARENT,
    ("parent2", "sibling"): _R.CHILD,
    ("parent2", "pil"): _R.CHILD_SPOUSE_PARENT,
}
_TEMPLATES: tuple[tuple[tuple[str, ...], int], ...] = (
    (("spouse",), 6),
    (("spouse", "child"), 16),
    (("spouse", "child", "parent"), 16),
    (("spouse", "child", "child2"), 10),
    (("spouse", "child", "parent", "parent2"), 12),
    (("spouse", "child", "cil"), 6),
    (("parent", "parent2", "sibling"), 8),
    (("spouse", "pil"), 4),
    (("spouse", "child", "pil"), 10),
    (("parent", "sibling"), 4),
    (("spouse", "child", "child2", "parent", "pil"), 8),
)
_ROLES = [roles for roles, _ in _TEMPLATES]
_WEIGHTS = [weight for _, weight in _TEMPLATES]
_MEAN_SIZE = sum(len(r) * w for r, w in _TEMPLATES) / sum(_WEIGHTS)
_AGE = {  # born this many years after the staff member: (low, high)
    "spouse": (-3, 3),
    "child": (24, 34),
    "child2": (26, 40),
    "parent": (-35, -22),
    "parent2": (-37, -21),
    "sibling": (-8, 8),
    "pil": (-38, -22),
    "cil": (21, 37),
}


def _relation(a: str, b: str) -> Relation | None:
    """What family role ``b`` is to role ``a``, if the relation is statutory."""
    found = _PAIRS.get((a, b))
    if found is not None:
        return found
    back = _PAIRS.get((b, a))
    return back.inverse if back is not None else None


def build_people(d: Draft) -> tuple[list[set[str]], int]:
    """Add every person and the kinship rows.

    Return, per person index, the sectors that person must not have interests
    in (those regulated by organs a staff relative led), and the index of the
    first business contact, for `synth_business`.

    Raises:
        ValueError: when the staff alone outnumber the persons asked for.
    """
    rng = d.rng
    others = d.persons - d.staff
    if others < 0:
        raise ValueError(f"{d.persons} persons are too few: the organization needs {d.staff} staff")
    births = _staff(d)
    sectors = _leader_sectors(d)
    forbidden: list[set[str]] = [set() for _ in range(d.persons)]
    relatives = round(others * _RELATIVE_SHARE)
    chance = min(1.0, relatives / max(1, d.staff) / _MEAN_SIZE)
    used: set[int] = set()
    budget, person = relatives, d.staff
    for ego in rng.sample(range(d.staff), d.staff):
        if budget <= 0 or rng.random() >= chance:
            continue
        roles = rng.choices(_ROLES, _WEIGHTS)[0]
        family: list[tuple[str, int]] = [("ego", ego)]
        born = {"ego": births[ego]}
        for role in roles:
            low, high = _AGE[role]
            if role == "cil" and "child" not in born:
                continue  # a child-in-law needs the child
            birth = born["ego"] + int(rng.uniform(low, high) * _YEAR)
            if birth > EXTRACT or (role == "cil" and birth > EXTRACT - 22 * 365):
                continue  # not born yet, or too young to be married
            if rng.random() < _STAFF_RELATIVE.get(role, 0.0):
                other = rng.randrange(d.staff)
                if other != ego and other not in used:
                    used.add(other)
                    family.append((role, other))
                    born[role] = births[other]
                    continue
            if budget <= 0:
                break
            family.append((role, person))
            born[role] = birth
            d.people.append(_row(d, person, birth, d.people[ego].get("origin_region")))
            person, budget = person + 1, budget - 1
        _rows(d, family, born)
        led = set().union(*(sectors[m] for _, m in family if m < d.staff))
        for _, member in family:
            if member >= d.staff:
                forbidden[member] |= led
    contacts_from = person
    while person < d.persons:
        birth = rng.randint(date(1955, 1, 1).toordinal(), date(2000, 12, 31).toordinal())
        d.people.append(_row(d, person, birth if rng.random() < 0.7 else None, None))
        person += 1
    return forbidden, contacts_from


def _row(d: Draft, index: int, birth: int | None, origin: str | None) -> Row:
    rng = d.rng
    name = rng.choice(FAMILY_NAMES) + rng.choice(GIVEN_CHARS)
    if rng.random() < 0.7:
        name += rng.choice(GIVEN_CHARS)
    row: Row = {"id": d.person_id(index), "name": name}
    if birth is not None:
        row["birth_date"] = date.fromordinal(birth)
    if origin is not None:
        row["origin_region"] = origin
    return row


def _staff(d: Draft) -> list[int]:
    """Rows of the staff; their births follow the grade of their first post."""
    rng = d.rng
    first: dict[str, tuple[int, str]] = {}
    avoid: dict[str, list[str]] = {}
    for tenure in d.tenures:
        pid, position = tenure["person"], d.position[tenure["position"]]
        first.setdefault(pid, (tenure["start"].toordinal(), position["unit"]))
        if position.get("principal"):
            organ = d.unit[d.organ_of[position["unit"]].id]
            if organ["kind"] in SENSITIVE_UNITS and organ["level"] in ("county", "city"):
                avoid.setdefault(pid, []).append(organ["region"])
    counties = [a.region for a in d.areas if a.level == "county"]
    county_set = set(counties)
    births: list[int] = []
    for index in range(d.staff):
        pid = d.person_id(index)
        start, unit = first[pid]
        leader = d.organ_of[unit].id == unit  # leaders sit in the organ, the others in sections
        age = rng.uniform(36, 50) if leader else rng.uniform(22, 42)
        birth = start - int(age * _YEAR)
        home = d.unit[unit]["region"]
        roll = rng.random()
        if roll < 0.15:
            origin = _elsewhere(d)
        else:
            origin = home if home in county_set and roll < 0.6 else rng.choice(counties)
        for attempt in range(20):  # 任职回避: principals come from elsewhere
            if not any(_within(origin, region) for region in avoid.get(pid, ())):
                break
            origin = rng.choice(counties) if attempt < 10 else _elsewhere(d)
        births.append(birth)
        d.people.append(_row(d, index, birth, origin))
    return births


_PROVINCES = ("11", "13", "14", "21", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
              "50", "51", "52", "61")  # fmt: skip
"""Other provinces some staff come from."""


def _elsewhere(d: Draft) -> str:
    """A county code of another province."""
    rng = d.rng
    return f"{rng.choice(_PROVINCES)}{rng.randint(1, 15):02d}{rng.randint(1, 20):02d}"


def _within(origin: str, region: str) -> bool:
    """Whether GB/T 2260 code ``origin`` lies within ``region``."""
    if region.endswith("0000"):
        return origin[:2] == region[:2]
    if region.endswith("00"):
        return origin[:4] == region[:4]
    return origin == region


def _leader_sectors(d: Draft) -> list[set[str]]:
    """Per staff index, the sectors regulated by organs the person ever led."""
    out: list[set[str]] = [set() for _ in range(d.staff)]
    index = {d.person_id(i): i for i in range(d.staff)}
    for tenure in d.tenures:
        position = d.position[tenure["position"]]
        if position.get("principal") or position.get("leadership"):
            out[index[tenure["person"]]].update(d.organ_of[position["unit"]].regulates)
    return out


def _rows(d: Draft, family: list[tuple[str, int]], born: dict[str, int]) -> None:
    """Kinship rows for every related pair of a family."""
    rng = d.rng
    roles = {role for role, _ in family}
    wedding = _wedding(d, born, "ego", "spouse") if "spouse" in roles else None
    divorce = None
    if wedding is not None and wedding < EXTRACT - 400 and rng.random() < 0.02:
        divorce = rng.randint(wedding + 365, EXTRACT)
    child_wedding = _wedding(d, born, "child", "cil") if "cil" in roles else None
    for i, (role_a, a) in enumerate(family):
        for role_b, b in family[i + 1 :]:
            rel = _relation(role_a, role_b)
            if rel is None:
                continue
            row: Row = {"person": d.person_id(a), "relative": d.person_id(b), "relation": rel}
            by_marriage = rel is Relation.SPOUSE or rel.relation_class is RelationClass.IN_LAW
            if by_marriage and {role_a, role_b} != {"parent", "parent2"}:
                if "cil" in (role_a, role_b):
                    start, end = child_wedding, None
                else:
                    start, end = wedding, divorce
                if start is not None and start > START:
                    row["start"] = date.fromordinal(start)
                if end is not None:
                    row["end"] = date.fromordinal(end)
            d.kinship.append(row)


def _wedding(d: Draft, born: dict[str, int], a: str, b: str) -> int | None:
    if a not in born or b not in born:
        return None
    day = max(born[a], born[b]) + int(d.rng.uniform(22, 32) * _YEAR)
    return min(day, EXTRACT - 30)
