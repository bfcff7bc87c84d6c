"""Cadre management (干部管理): the steps of selecting and appointing a cadre,
personal-matters reports and attendance."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, Self

from pydantic import Field, model_validator

from riskwarn.events.derived import derived, fill_derived
from riskwarn.events.envelope import Day, Event, EventTime
from riskwarn.model.common import Id, StrictBool, StrictInt, Text

__all__ = [
    "AppointmentStep",
    "Attendance",
    "AttendanceStatus",
    "PersonalReport",
    "SelectionStep",
]


class SelectionStep(StrEnum):
    """A step of selecting and appointing a cadre (选拔任用程序), in their required order."""

    PROPOSAL = "proposal"
    """分析研判和动议"""
    RECOMMENDATION = "recommendation"
    """民主推荐"""
    INSPECTION = "inspection"
    """考察"""
    ARCHIVE_CHECK = "archive_check"
    """干部人事档案审核 (凡提必审)"""
    PERSONAL_MATTERS_CHECK = "personal_matters_check"
    """个人有关事项报告核查 (凡提必核)"""
    DISCIPLINE_OPINION = "discipline_opinion"
    """听取纪检监察机关意见 (凡提必听)"""
    PETITION_CHECK = "petition_check"
    """信访举报核查 (凡提必查)"""
    DECISION = "decision"
    """讨论决定"""
    PUBLICITY = "publicity"
    """任前公示"""
    APPOINTMENT_NOTICE = "appointment_notice"
    """任职 (任职通知, 发文)"""

    @property
    def order(self) -> int | None:
        """The step's place in the required order: 1 (``proposal``) to 6
        (``appointment_notice``); None for the four checks, which may come at any point
        before the decision (an archive check at 动议, the others after 考察)."""
        return _ORDER.get(self)


_ORDER = {
    SelectionStep.PROPOSAL: 1,
    SelectionStep.RECOMMENDATION: 2,
    SelectionStep.INSPECTION: 3,
    SelectionStep.DECISION: 4,
    SelectionStep.PUBLICITY: 5,
    SelectionStep.APPOINTMENT_NOTICE: 6,
}


class AppointmentStep(Event):
    """One step of appointing ``candidate`` to ``position``; the event time is when
    the step took place (the decision step: when the meeting decided)."""

    type: Literal["appointment_step"] = "appointment_step"
    candidate: Id
    """The person being appointed (person id)."""
    position: Id
    """The target position (position id)."""
    step: SelectionStep
    """Which step: ``proposal`` … ``appointment_notice``."""
    is_promotion: StrictBool
    """A promotion (提拔), which needs publicity and the four checks (凡提四必)."""
    record_id: Id | None = None
    """The record documenting the step (纪实材料编号)."""
    proposer: Id | None = None
    """Who proposed the candidate (初始提名人), on the ``proposal`` step."""
    issues_found: StrictBool = False
    """A check step found a problem (档案疑点, 报告不一致, 问题线索 ...)."""
    exceptional: StrictBool = False
    """An exceptional promotion (破格提拔)."""
    exceptional_reason: Text | None = None
    """Why the promotion is exceptional (破格理由), which must be stated."""
    upper_approval_at: EventTime | None = None
    """When the upper-level organization department consented to the 破格."""
    levels_skipped: StrictInt = Field(default=0, ge=0)
    """Grades skipped (越级); never 2 or more."""
    publicity_start: Day | None = None
    """First day of the pre-appointment publicity (任前公示), on the ``publicity`` step."""
    publicity_end: Day | None = None
    """Last day of the publicity (inclusive)."""
    exempt_from_publicity: StrictBool = False
    """Exempt from publicity (special posts; already publicized at 换届)."""

    step_order: StrictInt | None = derived("step", ge=1)
    """Derived: the step's place in the required order, 1 (``proposal``) to 6
    (``appointment_notice``); none for the four checks (`SelectionStep.order`)."""
    day: Day | None = derived("time")
    """Derived: the day of the step, the date of ``time`` at its own offset, which a
    rule compares with days such as ``publicity_end`` (a notice on or before it cut the
    publicity short)."""

    @model_validator(mode="after")
    def _check_publicity_and_derive(self) -> Self:
        start, end = self.publicity_start, self.publicity_end
        if start is not None and end is not None and end < start:
            raise ValueError(f"publicity_end {end} is before publicity_start {start}")
        fill_derived(self, {"step_order": self.step.order, "day": self.time.date()})
        return self


class PersonalReport(Event):
    """A personal-matters report (领导干部个人有关事项报告) for one year, as known at the
    event time: whether and when it was filed, and what checking it found."""

    type: Literal["personal_report"] = "personal_report"
    person: Id
    """Who reports (person id)."""
    year: StrictInt = Field(ge=1900, le=2200)
    """The year reported on (报告年度); the annual report is due by 31 January after it."""
    filed_at: EventTime | None = None
    """When it was filed; omitted: not filed yet."""
    mismatch: StrictBool = False
    """Checking (查核) found the report does not match the records (漏报, 不一致)."""
    concealment: StrictBool = False
    """Checking found something concealed (隐瞒不报)."""


class AttendanceStatus(StrEnum):
    """A person's attendance on a day (考勤)."""

    PRESENT = "present"
    """出勤"""
    LEAVE = "leave"
    """请假 (approved leave)"""
    ABSENT_UNEXCUSED = "absent_unexcused"
    """旷工 (absence without leave)"""
    BUSINESS_TRIP = "business_trip"
    """出差"""


class Attendance(Event):
    """A person's attendance on one day."""

    type: Literal["attendance"] = "attendance"
    person: Id
    """Whose attendance (person id)."""
    day: Day
    """The working day concerned."""
    status: AttendanceStatus
    """``present``, ``leave``, ``absent_unexcused`` or ``business_trip``."""
