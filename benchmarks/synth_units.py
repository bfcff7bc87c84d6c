"""The unit tree and its positions: province → cities → counties (and townships),
each area with the organs of `synth_catalog.ORGANS`, each organ with leaders
and sections of posts.

Half of the organs that may be reorganized are, once, between 2016 and 2024
(most on 2019-03-01, 机构改革): their sections and section posts end that day
and successors begin, so positions have history as well as tenures.
"""

from __future__ import annotations

import math
from datetime import date

from synth_catalog import (
    LEVEL_WORD,
    ORGANS,
    PLACE_CHARS,
    SECTION_SUFFIX,
    TOWNSHIP,
    OrganSpec,
    SectionSpec,
)
from synth_draft import FAR, START, Area, Draft, Organ, Post, Row, Section

from riskwarn.model import AdminLevel, Function, Grade, UnitKind

__all__ = ["build_structure"]

G, L = Grade, AdminLevel

# fmt: off
_GRADES = {  # per level: area principal and deputy, organ principal and deputy, chief, deputy chief
    L.PROVINCE: (G.PROVINCIAL_MAIN, G.PROVINCIAL_DEPUTY, G.BUREAU_MAIN, G.BUREAU_DEPUTY,
                 G.COUNTY_MAIN, G.COUNTY_DEPUTY),
    L.CITY: (G.BUREAU_MAIN, G.BUREAU_DEPUTY, G.COUNTY_MAIN, G.COUNTY_DEPUTY,
             G.SECTION_MAIN, G.SECTION_DEPUTY),
    L.COUNTY: (G.COUNTY_MAIN, G.COUNTY_DEPUTY, G.SECTION_MAIN, G.SECTION_DEPUTY,
               G.STAFF, G.STAFF),
    L.TOWNSHIP: (G.SECTION_MAIN, G.SECTION_DEPUTY, G.SECTION_MAIN, G.SECTION_DEPUTY,
                 G.STAFF, G.STAFF),
}
# fmt: on
_AREA_ORGANS = {"wei", "zf", "rd", "zx"}
"""The four leading bodies (四套班子), graded one step above the other organs."""
_STAFF_POSTS = {L.PROVINCE: (3, 8), L.CITY: (2, 7), L.COUNTY: (2, 6), L.TOWNSHIP: (1, 4)}
_DEPUTY_CHIEF = {L.PROVINCE: 0.6, L.CITY: 0.4, L.COUNTY: 0.2, L.TOWNSHIP: 0.1}
_REORGANIZED = 0.5
_REFORM_DAY = date(2019, 3, 1).toordinal()
_KEY = frozenset(Function) - {Function.GENERAL}
_COUNTIES_PER_CITY = 10


def build_structure(d: Draft, positions: int) -> None:
    """Add areas, units, positions and posts to ``d`` until it has ``positions`` positions.

    Raises:
        ValueError: when the size needs more than 99 cities or 99 counties per city
            (the six-digit region codes run out).
    """
    province = _area(d, L.PROVINCE, "990000", "p", "示例省", None)
    province_size = len(d.positions)
    cities = [_area(d, L.CITY, "990100", "c01", _place(d, "市"), province)]
    city_size = len(d.positions) - province_size
    index = 0
    while index == 0 or len(d.positions) < positions:
        if index == 1:  # plan the cities once the first county shows its size
            county_size = len(d.positions) - province_size - city_size
            per_county = county_size + city_size / _COUNTIES_PER_CITY
            counties = max(1.0, (positions - province_size) / per_county)
            wanted = math.ceil(counties / _COUNTIES_PER_CITY)
            if wanted > 99:
                raise ValueError(f"{positions} positions need more than 99 cities")
            for number in range(2, wanted + 1):
                cities.append(
                    _area(
                        d, L.CITY, f"99{number:02d}00", f"c{number:02d}", _place(d, "市"), province
                    )
                )
        city = cities[index % len(cities)]
        number = index // len(cities) + 1
        if number > 99:
            raise ValueError(f"{positions} positions need more than 99 counties per city")
        region = city.region[:4] + f"{number:02d}"
        county = _area(d, L.COUNTY, region, f"{city.prefix}k{number:02d}", _place(d, "县"), city)
        for town in range(1, d.rng.randint(4, 8) + 1):
            _organ(d, county, TOWNSHIP, f"{county.prefix}.xz{town}", f"{_place(d, '')}镇")
        index += 1


def _place(d: Draft, suffix: str) -> str:
    return "".join(d.rng.sample(PLACE_CHARS, 2)) + suffix


def _area(
    d: Draft, level: AdminLevel, region: str, prefix: str, name: str, parent: Area | None
) -> Area:
    area = Area(level, region, prefix, name, parent)
    d.areas.append(area)
    for spec in ORGANS:
        _organ(d, area, spec, f"{prefix}.{spec.code}", name + _word(spec.name, level))
    return area


def _word(text: str, level: AdminLevel) -> str:
    bureau = "厅" if level is L.PROVINCE else "局"
    return text.replace("{level}", LEVEL_WORD[level]).replace("{bureau}", bureau)


def _organ(d: Draft, area: Area, spec: OrganSpec, unit_id: str, name: str) -> None:
    rng, town = d.rng, spec is TOWNSHIP
    level = L.TOWNSHIP if town else area.level
    grades = _GRADES[level]
    main, deputy = grades[:2] if spec.code in _AREA_ORGANS else grades[2:4]
    parent = {
        None: _up(area, "wei"),
        "committee": f"{area.prefix}.wei",
        "government": f"{area.prefix}.zf",
    }
    unit: Row = {
        "id": unit_id,
        "name": name,
        "kind": spec.kind,
        "level": level,
        "region": area.region,
    }
    if parent[spec.parent] is not None:
        unit["parent"] = parent[spec.parent]
    if spec.regulates:
        unit["regulates"] = spec.regulates
    d.add_unit(unit)
    functions = frozenset(spec.leader_functions)
    title = _word(spec.principal, area.level)
    principal = _position(
        d,
        f"{unit_id}.zz",
        name + title,
        unit_id,
        main,
        functions,
        principal=True,
        reports_to=_boss(d, area, spec),
    )
    deputies = [
        _position(
            d,
            f"{unit_id}.fz{i}",
            name + _word(spec.deputy, area.level),
            unit_id,
            deputy,
            functions,
            leadership=True,
            reports_to=principal,
        )
        for i in range(1, rng.randint(*spec.deputies) + 1)
    ]
    members = [principal, *deputies]
    if spec.code == "wei":
        members += [
            _position(
                d,
                f"{unit_id}.cw{i}",
                name + "常委",
                unit_id,
                deputy,
                functions,
                leadership=True,
                reports_to=principal,
            )
            for i in range(1, rng.randint(4, 6) + 1)
        ]
    for pid in members:
        d.posts.append(Post(2, True, [(pid, START, FAR)]))
    organ = Organ(
        unit_id, name, spec.code, spec.kind, area, spec.regulates, principal, deputies, members
    )
    d.organs.append(organ)
    area.organs[unit_id if town else spec.code] = organ
    d.organ_of[unit_id] = organ
    split = None
    if spec.splits and rng.random() < _REORGANIZED:
        split = (
            _REFORM_DAY
            if rng.random() < 0.6
            else rng.randint(date(2016, 1, 1).toordinal(), date(2024, 12, 31).toordinal())
        )
    old = _sections(d, organ, spec, level, "s", None, split)
    if split is None:
        organ.eras.append((None, None, old))
        _posts(d, old, [], None)
    else:
        new = _sections(d, organ, spec, level, "n", split, None)
        organ.eras += [(None, split, old), (split, None, new)]
        _posts(d, old, new, split)


def _up(area: Area, code: str) -> str | None:
    """The organ ``code`` of the area above, if any."""
    return f"{area.parent.prefix}.{code}" if area.parent is not None else None


def _boss(d: Draft, area: Area, spec: OrganSpec) -> str | None:
    """Whom the principal of a new organ reports to."""
    committee = f"{area.prefix}.wei.zz"
    if spec.code == "wei":
        return f"{area.parent.prefix}.wei.zz" if area.parent is not None else None
    if spec.code == "jw" and area.parent is not None:
        return f"{area.parent.prefix}.jw.zz"  # 双重领导: the discipline line runs upwards
    if spec is TOWNSHIP:
        return d.rng.choice(area.organs["wei"].deputies)
    if spec.parent == "government" and spec.code != "zf":
        return d.rng.choice(area.organs["zf"].deputies)
    return committee


def _sections(
    d: Draft,
    organ: Organ,
    spec: OrganSpec,
    level: AdminLevel,
    tag: str,
    start: int | None,
    end: int | None,
) -> list[Section]:
    rng, grades = d.rng, _GRADES[level]
    overseers = organ.deputies or [organ.principal]
    out: list[Section] = []
    for number, sec in enumerate(spec.sections, start=1):
        sid = f"{organ.id}.{tag}{number}"
        name = organ.name + _section_name(sec, level)
        unit: Row = {
            "id": sid,
            "name": name,
            "kind": UnitKind.SECTION,
            "level": level,
            "region": organ.area.region,
            "parent": organ.id,
        }
        _period(unit, start, end)
        d.add_unit(unit)
        d.organ_of[sid] = organ
        functions = frozenset(sec.functions)
        overseer = overseers[(number - 1) % len(overseers)]
        title = _chief_title(name)
        chief = _position(
            d,
            f"{sid}.kz",
            name + title,
            sid,
            grades[4],
            functions,
            reports_to=overseer,
            quota_group="section_leader",
            key_post=not functions and rng.random() < 0.05,
            start=start,
            end=end,
        )
        deputy = None
        if rng.random() < _DEPUTY_CHIEF[level]:
            deputy = _position(
                d,
                f"{sid}.fkz",
                name + "副" + title,
                sid,
                grades[5],
                functions,
                reports_to=chief,
                quota_group="section_leader",
                start=start,
                end=end,
            )
        staff = [
            _position(
                d,
                f"{sid}.ky{i}",
                name + "科员",
                sid,
                G.STAFF,
                functions,
                reports_to=chief,
                start=start,
                end=end,
            )
            for i in range(1, rng.randint(*_STAFF_POSTS[level]) + 1)
        ]
        out.append(Section(sid, name, tuple(sorted(functions)), chief, deputy, staff, overseer))
    return out


def _section_name(sec: SectionSpec, level: AdminLevel) -> str:
    if sec.name[-1] in _TITLES:
        return sec.name
    return sec.name + (SECTION_SUFFIX[level] or "办")


_TITLES = {"室": "主任", "会": "主任", "办": "主任", "部": "部长", "所": "所长", "队": "队长",
           "庭": "庭长", "局": "局长", "处": "处长", "科": "科长", "股": "股长"}  # fmt: skip
"""The chief's title by the last character of a section's name."""


def _chief_title(name: str) -> str:
    return _TITLES.get(name[-1], "主任")


def _posts(d: Draft, old: list[Section], new: list[Section], split: int | None) -> None:
    """Posts of the sections; a reorganized post runs from its old position into its new one."""
    later = {sec_old.id: sec_new for sec_old, sec_new in zip(old, new, strict=False)}
    for sec in old:
        successor = later.get(sec.id)
        pairs: list[tuple[str | None, str | None, int]] = [
            (sec.chief, successor.chief if successor else None, 1),
            (sec.deputy, successor.deputy if successor else None, 1),
        ]
        after = successor.staff if successor else []
        pairs += [
            (sec.staff[i] if i < len(sec.staff) else None, after[i] if i < len(after) else None, 0)
            for i in range(max(len(sec.staff), len(after)))
        ]
        for before, now, tier in pairs:
            segments = []
            if before is not None:
                segments.append((before, START, split if split is not None else FAR))
            if now is not None and split is not None:
                segments.append((now, split, FAR))
            if segments:
                row = d.position[segments[0][0]]
                rotating = bool(row.get("functions", frozenset()) & _KEY) or row.get(
                    "key_post", False
                )
                d.posts.append(Post(tier, rotating, segments))


def _period(row: Row, start: int | None, end: int | None) -> None:
    if start is not None:
        row["start"] = date.fromordinal(start)
    if end is not None:
        row["end"] = date.fromordinal(end)


def _position(
    d: Draft,
    pid: str,
    name: str,
    unit: str,
    grade: Grade,
    functions: frozenset[Function],
    *,
    principal: bool = False,
    leadership: bool = False,
    reports_to: str | None = None,
    quota_group: str | None = None,
    key_post: bool = False,
    start: int | None = None,
    end: int | None = None,
) -> str:
    row: Row = {"id": pid, "name": name, "unit": unit, "grade": grade}
    if principal:
        row["principal"] = True
    if leadership:
        row["leadership"] = True
    if functions:
        row["functions"] = functions
    if key_post:
        row["key_post"] = True
    if quota_group is not None:
        row["quota_group"] = quota_group
    if reports_to is not None:
        row["reports_to"] = reports_to
    _period(row, start, end)
    return d.add_position(row)
