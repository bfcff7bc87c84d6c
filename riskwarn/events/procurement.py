"""Procurement (采购) and recusal (回避): the steps of a tender, the bids in it, and who
took part in deciding or evaluating a matter.

A tender is told by ``procurement_step`` events (notice, bid opening, award, contract
notice) and ``bid`` events, all naming the procurement project by ``tender``; the
contract itself is the ``purchase`` event (`riskwarn.events.funds.Purchase`) with the
same ``tender``. A ``participation`` records one person taking part in one matter —
a vote, an evaluation, an approval — with whom the matter is about, so that a
conflict of interest can be checked against the organization's kinship and
business-interest records at the event's time.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, Self

from pydantic import model_validator

from riskwarn.events.derived import derived, fill_derived
from riskwarn.events.envelope import Event, EventTime, Money
from riskwarn.events.funds import PurchaseMethod
from riskwarn.model.common import Id, StrictBool, StrictInt, Text

__all__ = [
    "Bid",
    "Participation",
    "ParticipationRole",
    "ProcurementStep",
    "ProcurementStepKind",
]


class ProcurementStepKind(StrEnum):
    """A step of a tender (招标) or other procurement, in their order."""

    NOTICE = "notice"
    """采购公告 published, 招标文件 or 采购文件 first issued (开始发出)"""
    OPENING = "opening"
    """投标截止 and 开标: the deadline for bids, when they are opened"""
    AWARD = "award"
    """中标、成交通知书 issued"""
    CONTRACT_NOTICE = "contract_notice"
    """政府采购合同 published (合同公告)"""


class ProcurementStep(Event):
    """One step of a procurement project (采购项目), the event time being when it took
    place: the notice issued, the bids opened, the award notified, the contract
    published. The contract signed is a ``purchase`` with the same ``tender``."""

    type: Literal["procurement_step"] = "procurement_step"
    tender: Id
    """The procurement project (采购项目编号, 招标编号)."""
    step: ProcurementStepKind
    """``notice``, ``opening``, ``award`` or ``contract_notice``."""
    lot: Id | None = None
    """The lot (标段, 包号), when the project has several; give the same ``lot`` on the
    award, the purchase and the contract notice, or on none of them."""
    method: PurchaseMethod | None = None
    """The procurement method, on ``notice``: ``open_tender``, ``invited_tender`` ..."""
    winner: Id | None = None
    """The winning supplier (中标、成交供应商), on ``award``: entity id."""
    amount: Money | None = None
    """The winning price (中标、成交金额), on ``award`` (元)."""
    title: Text | None = None
    """What is procured (项目名称)."""
    bid_deadline: EventTime | None = None
    """The deadline for bids (投标截止时间, 提交响应文件截止时间) the notice sets, on
    ``notice``; not before the notice."""

    bid_days: StrictInt | None = derived("time and bid_deadline", ge=0)
    """Derived: the days from the notice to ``bid_deadline`` as the law counts a period
    (民法典 第201条: the day it starts is not counted, the deadline's day is), dates at
    the notice's own offset; none without ``bid_deadline``."""

    @model_validator(mode="after")
    def _derive(self) -> Self:
        deadline = self.bid_deadline
        if deadline is not None and deadline < self.time:
            raise ValueError(f"bid_deadline {deadline.isoformat()} is before the notice's time")
        days = None
        if deadline is not None:
            days = (deadline.astimezone(self.time.tzinfo).date() - self.time.date()).days
        fill_derived(self, {"bid_days": days})
        return self


class Bid(Event):
    """A bid (投标文件, 响应文件) submitted in a tender, with what 招标投标法实施条例
    第34、40条 compare between bidders. The envelope ``unit`` is the purchaser (采购人,
    招标人)."""

    type: Literal["bid"] = "bid"
    tender: Id
    """The procurement project (采购项目编号)."""
    bidder: Id
    """The bidder (投标人, 供应商): entity id."""
    lot: Id | None = None
    """The lot (标段, 包号) bid for."""
    price: Money | None = None
    """The price bid (投标报价, 元)."""
    legal_representative: Id | None = None
    """The bidder's legal representative or head (法定代表人, 单位负责人): a person id,
    or an identity number for someone outside the organization."""
    controller: Id | None = None
    """Who controls the bidder (控股股东, 实际控制人, 管理单位): entity or person id."""
    agent: Id | None = None
    """Who handled the bid for the bidder (委托代理人, 投标联系人): person or entity id."""
    project_manager: Id | None = None
    """The project manager the bid names (项目负责人, 项目经理)."""
    prepared_by: Id | None = None
    """Who prepared the bid documents (编制人, 编制单位)."""
    deposit_account: Text | None = None
    """The account the bid deposit (投标保证金) was paid from."""


class ParticipationRole(StrEnum):
    """How a person took part in a matter."""

    DECISION = "decision"
    """discussed and voted on it in a collective body (参与讨论、表决)"""
    EVALUATION = "evaluation"
    """evaluated bids or applications (评标, 评审)"""
    APPROVAL = "approval"
    """reviewed or approved it (审核, 审批)"""
    INSPECTION = "inspection"
    """inspected a candidate for appointment (考察)"""
    OTHER = "other"
    """any other part"""


class Participation(Event):
    """One person taking part in deciding, evaluating or approving one matter, and who
    or what the matter is about (人选, 供应商). Send one per person and matter, from
    meeting minutes (议题参会人员), evaluation panels (评标委员会) or approval flows."""

    type: Literal["participation"] = "participation"
    participant: Id
    """Who took part: person id."""
    matter: Id
    """The matter (事项编号): a decision's ``ref``, a ``tender``, an appointment ..."""
    role: ParticipationRole
    """``decision``, ``evaluation``, ``approval``, ``inspection`` or ``other``."""
    candidate: Id | None = None
    """The person the matter is about (人选, 当事人): person id."""
    counterparty: Id | None = None
    """The supplier, bidder, contractor or recipient the matter is about: entity id."""
    recused: StrictBool = False
    """The participant declared the conflict and withdrew from the matter (回避)."""
