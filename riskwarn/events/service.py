"""Things that take time (时限): service requests, petitions and reports, ledger tasks.

A request and a petition open with one event and progress with later ones
(``service_completed``, ``petition_update``), so a deadline is checked in event time;
a ledger task is re-sent whole whenever it changes.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, Self

from pydantic import Field, model_validator

from riskwarn.events.derived import derived, fill_derived
from riskwarn.events.envelope import Day, Event, EventTime
from riskwarn.model.common import Id, StrictBool, StrictInt, Text

__all__ = [
    "Disposition",
    "LedgerTask",
    "Petition",
    "PetitionAction",
    "PetitionKind",
    "PetitionUpdate",
    "ServiceCompleted",
    "ServiceOutcome",
    "ServiceRequest",
]


class ServiceRequest(Event):
    """An application for a public service (办件) received; the event id is the
    request id. Time limits are in working days."""

    type: Literal["service_request"] = "service_request"
    service: Text
    """The service applied for (事项), a name or catalogue code."""
    first_receiver: Id
    """Who first received it (首问责任人): person id."""
    applicant: Text | None = None
    """Who applied (申请人)."""
    handler: Id | None = None
    """Who handles it (承办人): person id."""
    accepted_at: EventTime | None = None
    """When it was formally accepted (受理); omitted: not accepted yet."""
    committed_limit_days: StrictInt | None = Field(default=None, ge=1)
    """The committed time limit (承诺时限), working days."""
    legal_limit_days: StrictInt | None = Field(default=None, ge=1)
    """The statutory time limit (法定时限), working days."""
    extension_days: StrictInt = Field(default=0, ge=0)
    """An approved extension (延长), working days."""


class ServiceOutcome(StrEnum):
    """How a service request ended."""

    APPROVED = "approved"
    """办结, 准予"""
    REFUSED = "refused"
    """不予许可, 不予办理"""
    REFERRED = "referred"
    """转办, or the applicant told where to go (告知)"""
    WITHDRAWN = "withdrawn"
    """撤回"""


class ServiceCompleted(Event):
    """A service request finished (办结)."""

    type: Literal["service_completed"] = "service_completed"
    request_id: Id
    """The id of the ``service_request`` event."""
    outcome: ServiceOutcome
    """``approved``, ``refused``, ``referred`` or ``withdrawn``."""
    reason: Text | None = None
    """The reasons given, required by law for a refusal."""


class PetitionKind(StrEnum):
    """Which channel and deadlines apply."""

    PETITION = "petition"
    """信访 (信访工作条例)"""
    REPORT = "report"
    """检举控告 to a discipline body (纪检监察机关处理检举控告工作规则)"""


class Petition(Event):
    """A petition or report received (信访件, 检举控告件); the event time is when it was
    received and the event id is the petition id."""

    type: Literal["petition"] = "petition"
    kind: PetitionKind
    """``petition`` (信访) or ``report`` (检举控告)."""
    subject: Id | None = None
    """The person it is about (被反映人): person id."""
    complainant: Text | None = None
    """Who filed it (信访人, 检举人); omitted: anonymous."""
    named: StrictBool = False
    """Filed under a real name (实名), which entitles the filer to notice and feedback."""
    specific: StrictBool = False
    """Specific and checkable (反映问题具体、线索可查); blocks a promotion until checked."""


class PetitionAction(StrEnum):
    """A step in handling a petition or report."""

    ACKNOWLEDGED = "acknowledged"
    """受理, with notice to the filer (受理告知)"""
    TRANSFERRED = "transferred"
    """转送, 转交 to the body responsible"""
    FEEDBACK = "feedback"
    """结果反馈 to the filer"""
    EXTENDED = "extended"
    """办理期限延长 (approved)"""
    CLOSED = "closed"
    """办结"""


class Disposition(StrEnum):
    """How a discipline body disposes of a report (处置方式)."""

    INQUIRY = "inquiry"
    """谈话函询"""
    PRELIMINARY_CHECK = "preliminary_check"
    """初步核实"""
    SUSPENDED = "suspended"
    """暂存待查"""
    CONCLUDED = "concluded"
    """予以了结"""


class PetitionUpdate(Event):
    """Progress on a petition or report."""

    type: Literal["petition_update"] = "petition_update"
    petition_id: Id
    """The id of the ``petition`` event."""
    action: PetitionAction
    """``acknowledged``, ``transferred``, ``feedback``, ``extended`` or ``closed``."""
    extension_days: StrictInt | None = Field(default=None, ge=1)
    """Days added, on ``extended``."""
    disposition: Disposition | None = None
    """How a report was disposed of, on ``closed``."""
    kind: PetitionKind | None = None
    """The petition's ``kind``, as on the ``petition`` event: a rule on an update reads only
    the update, and the time limits that follow it differ between 信访 and 检举控告."""
    named: StrictBool | None = None
    """The petition's ``named``, as on the ``petition`` event: a named reporter is owed the
    result (结果反馈) after ``closed``."""


class LedgerTask(Event):
    """A task on a work ledger (台账事项) as it stands at the event time; send it again
    (a new event id, the same ``task``) when it changes or is done, and, to be warned
    around its due day, each working day while it is open (a daily export)."""

    type: Literal["ledger_task"] = "ledger_task"
    task: Id
    """The task's id on the ledger."""
    owner: Id
    """Who is responsible (责任人): person id."""
    due: Day
    """The day it is due."""
    title: Text | None = None
    """What is to be done."""
    done_at: EventTime | None = None
    """When it was done (办结); omitted: still open."""
    day: Day | None = derived("time")
    """Derived: the day of the record, the date of ``time`` at its own offset, which a
    rule compares with ``due`` (a record after the due day of a task still open)."""
    done_day: Day | None = derived("done_at")
    """Derived: the day it was done, the date of ``done_at`` at its own offset; none
    while open."""

    @model_validator(mode="after")
    def _days(self) -> Self:
        done = self.done_at.date() if self.done_at is not None else None
        fill_derived(self, {"day": self.time.date(), "done_day": done})
        return self
