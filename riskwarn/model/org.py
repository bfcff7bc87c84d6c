"""Who is where: units, positions, collective bodies, persons, tenures, kinship,
business interests and the entities they hold.

Everything that can change carries a `Period` (``start`` inclusive, ``end``
exclusive), so the organization can be asked about any past day.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Self

from pydantic import Field, model_validator

from riskwarn.model.common import (
    Id,
    Model,
    Period,
    Ratio,
    Region,
    StrictBool,
    Text,
)
from riskwarn.model.kinship import Relation

__all__ = [
    "AVOIDANCE_FUNCTIONS",
    "ROTATION_FUNCTIONS",
    "AdminLevel",
    "Body",
    "BodyKind",
    "Entity",
    "EntityKind",
    "Function",
    "Grade",
    "Interest",
    "InterestRole",
    "Kinship",
    "Person",
    "Position",
    "Quorum",
    "Tenure",
    "Unit",
    "UnitKind",
]


class UnitKind(StrEnum):
    """What a unit is. ``section`` (内设机构) is part of the nearest non-section
    ancestor, its *organ* (机关)."""

    PARTY_COMMITTEE = "party_committee"
    """党委 (县委, 市委)"""
    GOVERNMENT = "government"
    """人民政府"""
    PEOPLES_CONGRESS = "peoples_congress"
    """人大常委会"""
    CPPCC = "cppcc"
    """政协"""
    ORGANIZATION = "organization"
    """党委组织部"""
    DISCIPLINE = "discipline"
    """纪委监委"""
    PARTY_DEPARTMENT = "party_department"
    """other 党委工作部门 (宣传部, 统战部, 政法委 ...)"""
    COURT = "court"
    """人民法院"""
    PROCURATORATE = "procuratorate"
    """人民检察院"""
    PUBLIC_SECURITY = "public_security"
    """公安局"""
    DEPARTMENT = "department"
    """政府工作部门 (财政局, 住建局 ...)"""
    INSTITUTION = "institution"
    """事业单位"""
    TOWNSHIP = "township"
    """乡镇, 街道"""
    ENTERPRISE = "enterprise"
    """国有企业"""
    SECTION = "section"
    """内设机构 (股, 科, 室)"""
    OTHER = "other"


class AdminLevel(StrEnum):
    """Administrative level of a unit (行政级别 of the area it serves)."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"

    @property
    def zh(self) -> str:
        return {"province": "省级", "city": "市级", "county": "县级", "township": "乡镇级"}[
            self.value
        ]


class Grade(StrEnum):
    """Post grade (职务层次), highest first."""

    PROVINCIAL_MAIN = "provincial_main"
    """省部级正职"""
    PROVINCIAL_DEPUTY = "provincial_deputy"
    """省部级副职"""
    BUREAU_MAIN = "bureau_main"
    """厅局级正职"""
    BUREAU_DEPUTY = "bureau_deputy"
    """厅局级副职"""
    COUNTY_MAIN = "county_main"
    """县处级正职"""
    COUNTY_DEPUTY = "county_deputy"
    """县处级副职"""
    SECTION_MAIN = "section_main"
    """乡科级正职"""
    SECTION_DEPUTY = "section_deputy"
    """乡科级副职"""
    STAFF = "staff"
    """科员及以下"""

    @property
    def rank(self) -> int:
        """Higher is more senior: ``provincial_main`` is 9, ``staff`` 1."""
        return len(_GRADES) - _GRADES.index(self)


_GRADES = list(Grade)


class Function(StrEnum):
    """Work a position does; the sensitive ones are named by 公务员转任规定 and 任职回避."""

    FINANCE = "finance"
    """财务"""
    PERSONNEL = "personnel"
    """人事"""
    ORGANIZATION = "organization"
    """组织"""
    PROCUREMENT = "procurement"
    """招标采购"""
    ENGINEERING = "engineering"
    """工程建设"""
    APPROVAL = "approval"
    """项目和资金审批"""
    LICENSING = "licensing"
    """行政许可"""
    PENALTY = "penalty"
    """行政处罚"""
    AUDIT = "audit"
    """审计"""
    DISCIPLINE = "discipline"
    """纪检"""
    INSPECTION = "inspection"
    """监察"""
    GENERAL = "general"
    """综合, 业务 (not sensitive)"""

    @property
    def zh(self) -> str:
        return _FUNCTION_ZH[self]


_FUNCTION_ZH = {
    Function.FINANCE: "财务",
    Function.PERSONNEL: "人事",
    Function.ORGANIZATION: "组织",
    Function.PROCUREMENT: "招标采购",
    Function.ENGINEERING: "工程建设",
    Function.APPROVAL: "项目和资金审批",
    Function.LICENSING: "行政许可",
    Function.PENALTY: "行政处罚",
    Function.AUDIT: "审计",
    Function.DISCIPLINE: "纪检",
    Function.INSPECTION: "监察",
    Function.GENERAL: "综合",
}

AVOIDANCE_FUNCTIONS = frozenset(
    {
        Function.ORGANIZATION,
        Function.PERSONNEL,
        Function.DISCIPLINE,
        Function.INSPECTION,
        Function.AUDIT,
        Function.FINANCE,
    }
)
"""Work a relative may not do where the other leads (公务员法 第74条: 组织人事、纪检监察、审计、财务)."""

ROTATION_FUNCTIONS = AVOIDANCE_FUNCTIONS | {
    Function.APPROVAL,
    Function.PROCUREMENT,
    Function.LICENSING,
    Function.PENALTY,
    Function.ENGINEERING,
}
"""Key functions that must rotate (公务员转任规定 2020, plus engineering)."""


class Unit(Period):
    """An organ, department, section or enterprise."""

    id: Id
    name: Text
    kind: UnitKind
    level: AdminLevel
    region: Region
    """Where the unit sits (GB/T 2260 code)."""
    parent: Id | None = None
    """The enclosing unit; a reorganization can move it later."""
    regulates: tuple[Text, ...] = ()
    """Business sectors this unit regulates or administers (e.g. ``construction``)."""


class Position(Period):
    """A post (职位) in a unit. Several persons may hold one position at once."""

    id: Id
    name: Text
    unit: Id
    grade: Grade
    principal: StrictBool = False
    """The unit's principal leader (正职, 一把手)."""
    leadership: StrictBool = False
    """A member of the unit's leadership (领导成员). A principal is always one."""
    functions: frozenset[Function] = frozenset()
    key_post: StrictBool = False
    """Marked as a key post (重点岗位) whatever its functions."""
    quota_group: Id | None = None
    """The approved-quota group this post counts against; the grade when omitted."""
    reports_to: Id | None = None
    """The position this one reports to (直接上级)."""

    @property
    def is_leader(self) -> bool:
        return self.principal or self.leadership

    @property
    def quota_key(self) -> str:
        return self.quota_group or self.grade.value


class BodyKind(StrEnum):
    """Collective decision-making bodies."""

    STANDING_COMMITTEE = "standing_committee"
    """常委会"""
    PARTY_GROUP = "party_group"
    """党组会"""
    BUREAU_AFFAIRS = "bureau_affairs"
    """局务会"""
    EXECUTIVE = "executive"
    """政府常务会议"""
    OTHER = "other"


class Quorum(Model):
    """Meeting rules of a collective body (任用条例 第37条; 三重一大 议事规则).

    Defaults: convene with more than half present; personnel matters need at
    least two thirds present; a motion passes with more than half of the
    members due to attend.
    """

    convene_more_than: Ratio = Fraction(1, 2)
    personnel_at_least: Ratio = Fraction(2, 3)
    pass_more_than: Ratio = Fraction(1, 2)


class Body(Period):
    """A collective body (常委会, 党组会, 局务会) whose members are positions."""

    id: Id
    name: Text
    kind: BodyKind
    unit: Id
    members: tuple[Id, ...] = Field(min_length=1)
    quorum: Quorum = Field(default_factory=Quorum)


class Person(Model):
    """A person: staff, or a relative or business contact of staff."""

    id: Id
    name: Text
    birth_date: date | None = None
    origin_region: Region | None = None
    """成长地: where the person grew up (GB/T 2260 code)."""
    work_start: date | None = None
    """参加工作时间: when the person started working, from which 工龄 (years of work)
    counts (任用条例 第8条: 五年以上工龄 to be promoted to a 县处级 post)."""


class Tenure(Period):
    """A person holding a position from ``start`` until ``end`` (exclusive)."""

    person: Id
    position: Id

    @model_validator(mode="after")
    def _needs_start(self) -> Self:
        if self.start is None:
            raise ValueError("a tenure needs a start date")
        return self


class Kinship(Period):
    """``relative`` is ``person``'s ``relation`` (e.g. parent); known from both sides."""

    person: Id
    relative: Id
    relation: Relation

    @model_validator(mode="after")
    def _not_self(self) -> Self:
        if self.person == self.relative:
            raise ValueError(f"a person cannot be their own relative ('{self.person}')")
        return self


class EntityKind(StrEnum):
    ENTERPRISE = "enterprise"
    VENDOR = "vendor"
    INDIVIDUAL_BUSINESS = "individual_business"
    """个体工商户"""
    SOCIAL_ORGANIZATION = "social_organization"
    OTHER = "other"


class Entity(Period):
    """An enterprise, vendor or other body outside the organization."""

    id: Id
    name: Text
    kind: EntityKind = EntityKind.ENTERPRISE
    sector: Text | None = None
    """Business sector, matched against `Unit.regulates`."""
    legal_representative: Id | None = None
    """The person registered as legal representative (法定代表人)."""
    credit_code: Text | None = None
    address: Text | None = None
    bank_account: Text | None = None


class InterestRole(StrEnum):
    OWNER = "owner"
    SHAREHOLDER = "shareholder"
    LEGAL_REPRESENTATIVE = "legal_representative"
    DIRECTOR = "director"
    MANAGER = "manager"
    EMPLOYEE = "employee"

    @property
    def zh(self) -> str:
        return _ROLE_ZH[self]


_ROLE_ZH = {
    InterestRole.OWNER: "出资人",
    InterestRole.SHAREHOLDER: "股东",
    InterestRole.LEGAL_REPRESENTATIVE: "法定代表人",
    InterestRole.DIRECTOR: "董事",
    InterestRole.MANAGER: "高级管理人员",
    InterestRole.EMPLOYEE: "员工",
}


class Interest(Period):
    """A person's business interest in an entity."""

    person: Id
    entity: Id
    role: InterestRole
    share: Ratio | None = None
    """Share held, for owners and shareholders: ``0.3`` or ``"3/10"``."""

    @model_validator(mode="after")
    def _share_only_for_holders(self) -> Self:
        if self.share is not None and self.role not in (
            InterestRole.OWNER,
            InterestRole.SHAREHOLDER,
        ):
            raise ValueError(f"share is only for owner or shareholder, not {self.role.value}")
        return self
