"""How power is shared and checked: powers (权力事项) with their stages, the
checks on each stage, supervision scopes, approved post quotas, and the
reorganizations that move positions and units over time."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Self

from pydantic import Field, model_validator

from riskwarn.model.common import Id, Model, Period, StrictBool, StrictInt, Text

__all__ = [
    "Check",
    "CheckKind",
    "Move",
    "Power",
    "PowerKind",
    "Quota",
    "Reorganization",
    "Risk",
    "Stage",
    "StageName",
    "SupervisionRole",
    "SupervisionScope",
]


class PowerKind(StrEnum):
    PERSONNEL = "personnel"
    """干部任免, 人事"""
    FINANCE = "finance"
    """大额资金使用, 财务"""
    ENGINEERING = "engineering"
    """工程建设, 工程招标"""
    PROCUREMENT = "procurement"
    """政府采购"""
    LICENSING = "licensing"
    """行政许可, 审批"""
    PENALTY = "penalty"
    """行政处罚"""
    OTHER = "other"


class Risk(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class StageName(StrEnum):
    """The four stages a power is split into (权力分解)."""

    PROPOSAL = "proposal"
    """提出, 动议"""
    DECISION = "decision"
    """决策"""
    EXECUTION = "execution"
    """执行"""
    SUPERVISION = "supervision"
    """监督"""

    @property
    def zh(self) -> str:
        return {"proposal": "提出", "decision": "决策", "execution": "执行", "supervision": "监督"}[
            self.value
        ]


class Stage(Model):
    """One stage of a power: the positions or collective bodies that hold it."""

    holders: tuple[Id, ...] = Field(min_length=1)
    """Position or body ids."""
    risk: Risk | None = None
    """This stage's risk, when it differs from the power's."""


class Power(Period):
    """A power (权力事项) of a unit, split into stages held by positions or bodies."""

    id: Id
    name: Text
    kind: PowerKind
    risk: Risk
    unit: Id
    stages: dict[StageName, Stage] = Field(min_length=1)

    def stage_risk(self, stage: StageName) -> Risk:
        declared = self.stages[stage].risk
        return declared if declared is not None else self.risk


class CheckKind(StrEnum):
    APPROVAL = "approval"
    """审批"""
    COUNTERSIGN = "countersign"
    """会签"""
    AUDIT = "audit"
    """审计"""
    REVIEW = "review"
    """审核, 复核"""
    PUBLICITY = "publicity"
    """公示"""
    COLLECTIVE_DECISION = "collective_decision"
    """集体决策"""


class Check(Period):
    """A position or body that checks one stage of a power."""

    checker: Id
    """Position or body id."""
    power: Id
    stage: StageName
    kind: CheckKind


class SupervisionRole(StrEnum):
    LINE = "line"
    """分管领导 / 上级领导 (line management)"""
    DISCIPLINE = "discipline"
    """纪检监察"""
    ORGANIZATION = "organization"
    """组织部门"""
    AUDIT = "audit"
    """审计"""

    @property
    def zh(self) -> str:
        return {
            "line": "分管领导",
            "discipline": "纪检监察",
            "organization": "组织部门",
            "audit": "审计",
        }[self.value]


class SupervisionScope(Period):
    """A position that supervises units and positions in one role."""

    supervisor: Id
    """The supervising position."""
    role: SupervisionRole
    units: tuple[Id, ...] = ()
    positions: tuple[Id, ...] = ()
    include_subunits: StrictBool = True
    """Whether a unit in ``units`` brings its subunits along."""

    @model_validator(mode="after")
    def _covers_something(self) -> Self:
        if not self.units and not self.positions:
            raise ValueError("a supervision scope needs units or positions")
        return self


class Quota(Period):
    """Approved number of posts (核定职数) of a unit in one quota group."""

    unit: Id
    group: Id
    """A grade (``county_deputy``) or a position's ``quota_group``."""
    approved: StrictInt = Field(ge=0)


class Move(Model):
    """One change of a reorganization: a position to a new unit or superior, or a unit to a new parent."""

    position: Id | None = None
    unit: Id | None = None
    reports_to: Id | None = None
    parent: Id | None = None

    @model_validator(mode="after")
    def _one_subject(self) -> Self:
        if self.position is not None:
            if self.parent is not None:
                raise ValueError("a position move takes unit and/or reports_to, not parent")
            if self.unit is None and self.reports_to is None:
                raise ValueError("a position move needs a new unit or reports_to")
        elif self.unit is not None:
            if self.reports_to is not None:
                raise ValueError("a unit move takes parent, not reports_to")
            if self.parent is None:
                raise ValueError("a unit move needs a new parent")
        else:
            raise ValueError("a move needs a position or a unit")
        return self


class Reorganization(Model):
    """A dated reorganization (机构改革): from ``at`` on, the moves apply."""

    at: date
    title: Text
    moves: tuple[Move, ...] = Field(min_length=1)
