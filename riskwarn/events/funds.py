"""Money (资金): payments, purchases and official hospitality, the events that
separation-of-duties, 三重一大 threshold and procurement-splitting rules read."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from riskwarn.events.envelope import Event, Money
from riskwarn.model.common import Id, StrictBool, StrictInt, Text

__all__ = ["Payment", "Purchase", "PurchaseMethod", "Reception"]


class Payment(Event):
    """A payment made (资金支付): who initiated it, who approved it, who received it."""

    type: Literal["payment"] = "payment"
    initiator: Id
    """Who initiated the payment (经办人, 申请人): person id."""
    approver: Id
    """Who approved it (审批人): person id."""
    payee: Id
    """Who received it (收款方): entity or person id."""
    amount: Money
    """Amount paid (元)."""
    project: Id | None = None
    """The project paid for (项目编号)."""
    budget_item: Text | None = None
    """The budget item charged (预算科目)."""
    decision_ref: Id | None = None
    """The ``ref`` of the ``decision`` that authorized it (三重一大)."""
    purpose: Text | None = None
    """What it is for (用途)."""


class PurchaseMethod(StrEnum):
    """Procurement method (采购方式)."""

    OPEN_TENDER = "open_tender"
    """公开招标"""
    INVITED_TENDER = "invited_tender"
    """邀请招标"""
    COMPETITIVE_NEGOTIATION = "competitive_negotiation"
    """竞争性谈判"""
    COMPETITIVE_CONSULTATION = "competitive_consultation"
    """竞争性磋商"""
    SINGLE_SOURCE = "single_source"
    """单一来源采购"""
    INQUIRY = "inquiry"
    """询价"""
    DIRECT = "direct"
    """直接采购 (below the procurement threshold)"""


class Purchase(Event):
    """A purchase contracted (采购), the event time being when the contract was signed:
    by which method, from whom, charged to which budget item; the keys of
    procurement-splitting checks (化整为零)."""

    type: Literal["purchase"] = "purchase"
    vendor: Id
    """The supplier (供应商): entity id."""
    amount: Money
    """Contract amount (元)."""
    method: PurchaseMethod
    """``open_tender``, ``invited_tender``, ``competitive_negotiation``,
    ``competitive_consultation``, ``single_source``, ``inquiry`` or ``direct``."""
    fiscal_year: StrictInt = Field(ge=1900, le=2200)
    """The budget year (预算年度)."""
    budget_item: Text
    """The budget item (预算项目, 科目)."""
    category: Text
    """What is bought (采购品目), e.g. a 政府采购品目分类目录 code."""
    decision_ref: Id | None = None
    """The ``ref`` of the ``decision`` that authorized it (三重一大)."""
    tender: Id | None = None
    """The procurement project (采购项目编号) it was awarded in, as ``procurement_step``
    and ``bid`` events give it: the purchase is that project's contract."""
    lot: Id | None = None
    """The lot (标段, 包号) of ``tender`` the contract is for."""
    method_approval: Text | None = None
    """The approval of a method other than open tender (采购方式变更批复, 政府采购法
    第27条), e.g. its document number ``青财采〔2026〕12号``, when one was given."""


class Reception(Event):
    """An official reception (公务接待): the letter, head counts and meals that
    《党政机关国内公务接待管理规定》 limits."""

    type: Literal["reception"] = "reception"
    official_letter: StrictBool
    """A letter from the visitors' unit (公函) was received."""
    guests: StrictInt = Field(ge=1)
    """Number of guests (接待对象)."""
    hosts: StrictInt = Field(ge=0)
    """Number of hosts accompanying them (陪同人员)."""
    working_meals: StrictInt = Field(ge=0)
    """Number of working meals (工作餐)."""
    list_signed: StrictBool
    """The reception list (接待清单) is signed."""
    guest_unit: Text | None = None
    """The visitors' unit (来访单位)."""
    cost: Money | None = None
    """Total cost (元)."""
