"""Who sits where, and for how long: principal leaders posted in their home
region, and rotation overdue (交流, 轮岗)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from dateutil.relativedelta import relativedelta
from pydantic import Field

from riskwarn.graph import OrgGraph
from riskwarn.graph.paths import path_of
from riskwarn.model import ROTATION_FUNCTIONS, AdminLevel, Function, Level, Model, UnitKind
from riskwarn.model.common import StrictInt
from riskwarn.structural.base import Finding, analyzer


def region_within(place: str, region: str) -> bool:
    """Whether GB/T 2260 code ``place`` lies within ``region`` (``330102`` within ``330100``)."""
    prefix = region
    while prefix.endswith("00") and len(prefix) > 2:
        prefix = prefix[:-2]
    return place.startswith(prefix)


class HometownParams(Model):
    kinds: frozenset[UnitKind] = frozenset(
        {
            UnitKind.PARTY_COMMITTEE,
            UnitKind.GOVERNMENT,
            UnitKind.ORGANIZATION,
            UnitKind.DISCIPLINE,
            UnitKind.COURT,
            UnitKind.PROCURATORATE,
            UnitKind.PUBLIC_SECURITY,
        }
    )
    """Bodies whose principal may not serve in their home region."""
    levels: dict[AdminLevel, Level] = {AdminLevel.COUNTY: Level.RED, AdminLevel.CITY: Level.ORANGE}
    """Level of the finding per administrative level (county: 不得; city: 一般不得)."""


@analyzer(
    "hometown_principal",
    "成长地任职",
    "Principal leader posted in their home region",
    "党政领导干部任职回避暂行规定 第5条; 公务员法 第75条",
    HometownParams,
)
def hometown_principal(graph: OrgGraph, day: date, params: HometownParams) -> Iterator[Finding]:
    for position in graph.org.positions:
        if not position.principal or not position.active(day):
            continue
        unit_id = graph.unit_of(position.id, day)
        if unit_id is None:
            continue
        unit = graph.units[unit_id]
        level = params.levels.get(unit.level)
        if unit.kind not in params.kinds or level is None:
            continue
        for person in graph.holders(position.id, day):
            origin = graph.persons[person].origin_region
            if origin is None or not region_within(origin, unit.region):
                continue
            name = graph.persons[person].name
            yield Finding(
                level=level,
                subject=("person", person),
                message=f"{name} 任{position.name}（{unit.name}，{unit.level.zh}主要负责人），成长地 {origin} 在本地区 {unit.region} 内",
                message_en=f"{name}, principal of {unit.name} ({unit.level.value} level), grew up in {origin}, within the unit's region {unit.region}",
                key=(position.id,),
                paths=(
                    path_of(
                        graph,
                        [
                            (f"person:{person}", "holds"),
                            (f"position:{position.id}", "in_unit"),
                            (f"unit:{unit_id}", ""),
                        ],
                        day,
                    ),
                ),
                threshold=unit.region,
                actual=origin,
                facts={"unit_level": unit.level.value},
            )


class RotationParams(Model):
    limit_years: StrictInt = Field(default=10, ge=1)
    """Same leader or key post this long → must rotate (red)."""
    key_post_years: StrictInt = Field(default=5, ge=1)
    """Same key post this long → should rotate (yellow; local rules)."""
    remind_months: StrictInt = Field(default=6, ge=0)
    """Blue reminder this long before either limit."""
    key_functions: frozenset[Function] = ROTATION_FUNCTIONS


@analyzer(
    "rotation_overdue",
    "轮岗交流超期",
    "Rotation overdue in a leader or key post",
    "党政领导干部交流工作规定 第5条; 公务员转任规定 (2020); local rules (5 years)",
    RotationParams,
)
def rotation_overdue(graph: OrgGraph, day: date, params: RotationParams) -> Iterator[Finding]:
    remind = relativedelta(months=params.remind_months)
    for position in graph.org.positions:
        key = position.key_post or bool(position.functions & params.key_functions)
        if not (key or position.is_leader) or not position.active(day):
            continue
        for person in graph.holders(position.id, day):
            since = graph.tenure_since(person, position.id, day)
            if since is None:
                continue
            limit = since + relativedelta(years=params.limit_years)
            soft = since + relativedelta(years=params.key_post_years)
            if day >= limit:
                level, due, years = Level.RED, limit, params.limit_years
            elif key and day >= soft:
                level, due, years = Level.YELLOW, soft, params.key_post_years
            else:
                due, years = (soft, params.key_post_years) if key else (limit, params.limit_years)
                if day < due - remind:
                    continue
                level = Level.BLUE
            yield _rotation_finding(graph, person, position.id, since, due, years, level, day)


def _rotation_finding(
    graph: OrgGraph,
    person: str,
    position: str,
    since: date,
    due: date,
    years: int,
    level: Level,
    day: date,
) -> Finding:
    name, post = graph.persons[person].name, graph.positions[position].name
    held = relativedelta(day, since)
    held_text = f"{held.years} 年 {held.months} 个月"
    if level == Level.BLUE:
        message = f"{name} 自 {since} 起任{post}，将于 {due} 满 {years} 年，应安排轮岗交流"
        message_en = f"{name} has held {post} since {since}; {years} years are reached on {due}"
    else:
        message = (
            f"{name} 自 {since} 起任{post}已 {held_text}，超过 {years} 年应轮岗交流（{due} 到期）"
        )
        message_en = f"{name} has held {post} since {since} ({held.years}y {held.months}m), past the {years}-year limit due {due}"
    return Finding(
        level=level,
        subject=("person", person),
        message=message,
        message_en=message_en,
        key=(position, since),
        paths=(path_of(graph, [(f"person:{person}", "holds"), (f"position:{position}", "")], day),),
        threshold=f"{years} years",
        actual=f"{held.years}y {held.months}m {held.days}d",
        facts={"since": since.isoformat(), "due": due.isoformat()},
    )
