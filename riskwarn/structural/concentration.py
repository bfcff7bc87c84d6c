"""Too much in one place: power concentrated in one person, and posts filled
beyond the approved quota (超职数配备)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from pydantic import Field

from riskwarn.graph import OrgGraph
from riskwarn.model import Level, Model, Risk, StageName
from riskwarn.model.common import StrictFloat, StrictInt
from riskwarn.structural.base import Finding, analyzer, holding_path


class Weights(Model):
    """Weight of a held stage by its risk; a partial override keeps the other defaults."""

    high: StrictFloat = Field(default=3.0, ge=0)
    medium: StrictFloat = Field(default=2.0, ge=0)
    low: StrictFloat = Field(default=1.0, ge=0)


class ConcentrationParams(Model):
    min_high_risk_powers: StrictInt = Field(default=3, ge=1)
    """Holding stages of this many distinct high-risk powers (power risk high) is concentration."""
    sigma: StrictFloat = Field(default=2.0, ge=0)
    """Weighted degree above mean + sigma × standard deviation is concentration."""
    weights: Weights = Weights()
    stages: frozenset[StageName] = frozenset(
        {StageName.PROPOSAL, StageName.DECISION, StageName.EXECUTION}
    )


@analyzer(
    "power_concentration",
    "权力过度集中",
    "Power concentrated in one person",
    "岗位廉政风险防控 (practice): 分事行权、分岗设权",
    ConcentrationParams,
)
def power_concentration(
    graph: OrgGraph, day: date, params: ConcentrationParams
) -> Iterator[Finding]:
    weight: dict[str, float] = defaultdict(float)
    high: dict[str, set[str]] = defaultdict(set)
    held: dict[str, list[tuple[str, StageName]]] = defaultdict(list)
    for power in graph.org.powers:
        if not power.active(day):
            continue
        for stage in sorted(set(power.stages) & params.stages):
            risk = power.stage_risk(stage)
            for person in graph.stage_persons(power.id, stage, day):
                weight[person] += getattr(params.weights, risk.value)
                held[person].append((power.id, stage))
                if power.risk == Risk.HIGH:
                    high[person].add(power.id)
    if not weight:
        return
    values = list(weight.values())
    mean = statistics.fmean(values)
    cut = mean + params.sigma * statistics.pstdev(values)
    for person in sorted(weight):
        many = len(high[person]) >= params.min_high_risk_powers
        heavy = weight[person] > cut
        if not (many or heavy):
            continue
        name = graph.persons[person].name
        why = []
        if many:
            why.append(f"{len(high[person])} high-risk powers (≥ {params.min_high_risk_powers})")
        if heavy:
            why.append(f"weighted degree {weight[person]:g} > mean + {params.sigma:g}σ = {cut:.2f}")
        yield Finding(
            level=Level.YELLOW,
            subject=("person", person),
            message=f"{name} 行使 {len(held[person])} 个权力环节，其中高风险事项 {len(high[person])} 项，权力过度集中",
            message_en=f"{name} holds {len(held[person])} power stages: {'; '.join(why)}",
            key=(),
            paths=tuple(holding_path(graph, person, p, s, day) for p, s in held[person]),
            threshold=params.min_high_risk_powers if many else round(cut, 4),
            actual=len(high[person]) if many else weight[person],
            facts={
                "high_risk_powers": ",".join(sorted(high[person])),
                "weighted_degree": weight[person],
            },
        )


class QuotaParams(Model):
    pass


@analyzer(
    "over_quota",
    "超职数配备",
    "Posts filled beyond the approved quota",
    "中组部等《关于严禁超职数配备干部的通知》(2014); 党政领导干部选拔任用工作条例",
    QuotaParams,
)
def over_quota(graph: OrgGraph, day: date, params: QuotaParams) -> Iterator[Finding]:
    for quota in graph.org.quotas:
        if not quota.active(day):
            continue
        filled = graph.quota_filled(quota.unit, quota.group, day)
        if len(filled) <= quota.approved:
            continue
        unit = graph.units[quota.unit].name
        yield Finding(
            level=Level.RED,
            subject=("unit", quota.unit),
            message=f"{unit} {quota.group} 职数核定 {quota.approved} 名，实配 {len(filled)} 名，超职数配备",
            message_en=f"{unit} has {len(filled)} posts filled in quota group {quota.group}, approved {quota.approved}",
            key=(quota.group,),
            threshold=quota.approved,
            actual=len(filled),
            facts={"group": quota.group, "filled": ",".join(f"{p}@{q}" for p, q in filled)},
        )
