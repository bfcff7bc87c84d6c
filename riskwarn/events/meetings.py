"""Collective decision-making (民主集中制): meetings of a collective body, and 三重一大
decisions.

A ``meeting`` records who was due, who came, who stated what in which order and how
each matter was voted; a ``decision`` records one 三重一大 matter and how it was decided.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, Self

from pydantic import Field, model_validator

from riskwarn.events.derived import derived, fill_derived
from riskwarn.events.envelope import Event, EventTime, Money
from riskwarn.model.common import Id, Model, StrictBool, StrictInt, Text

__all__ = [
    "Decision",
    "DecisionCategory",
    "DecisionMode",
    "Meeting",
    "MeetingKind",
    "Opinion",
    "Resolution",
    "Statement",
]


class MeetingKind(StrEnum):
    """What a meeting decides: quorum and voting rules differ by kind."""

    PERSONNEL = "personnel"
    """干部任免 (讨论决定干部任免); local rules: ≥2/3 of members present"""
    MAJOR_MATTER = "major_matter"
    """other 三重一大 matters: 重大决策、重大项目安排、大额度资金运作"""
    RECONSIDERATION = "reconsideration"
    """复议 of an earlier decision"""
    OTHER = "other"
    """一般事项 (routine business)"""


class Opinion(StrEnum):
    """A member's stated opinion (表态)."""

    AGREE = "agree"
    """同意"""
    DISAGREE = "disagree"
    """不同意"""
    DEFER = "defer"
    """缓议 (postpone)"""


class Statement(Model):
    """One member's stated opinion (表态) on a matter, in speaking order."""

    member: Id
    """Who spoke: a position or person id, as in ``members_due``."""
    order: StrictInt = Field(ge=1)
    """Speaking order on this matter: 1 spoke first."""
    opinion: Opinion
    """``agree`` (同意), ``disagree`` (不同意) or ``defer`` (缓议)."""
    is_principal: StrictBool = False
    """The principal leader (主要负责同志, 一把手), who should speak last."""
    matter: Id | None = None
    """The ``ref`` of the resolution this is about; omitted when the meeting decided one
    matter."""


class Resolution(Model):
    """A matter put to the vote (表决) and the count."""

    ref: Id
    """The matter's reference (事项编号); a ``decision`` event gives the same ``ref``."""
    title: Text | None = None
    """What was voted on, e.g. ``张三任财政局副局长``."""
    votes_for: StrictInt = Field(ge=0)
    """赞成票."""
    votes_against: StrictInt = Field(default=0, ge=0)
    """反对票."""
    abstentions: StrictInt = Field(default=0, ge=0)
    """弃权票."""
    adopted: StrictBool = True
    """The meeting declared the matter decided (形成决定); ``false`` for a matter
    voted down or put off."""


class Meeting(Event):
    """A meeting of a collective body (党委常委会, 党组会, 局务会 ...): attendance,
    statements and votes. Quorum and passing are judged against ``members_due``."""

    type: Literal["meeting"] = "meeting"
    body: Id
    """The collective body (body id in the organization)."""
    kind: MeetingKind
    """``personnel``, ``major_matter``, ``reconsideration`` or ``other``."""
    members_due: tuple[Id, ...] = Field(min_length=1)
    """Members due to attend (应到会成员): position or person ids."""
    present: tuple[Id, ...] = ()
    """Members present (实到会成员), ids as in ``members_due``."""
    statements: tuple[Statement, ...] = ()
    """Each member's stated opinion, with speaking order."""
    resolutions: tuple[Resolution, ...] = ()
    """The matters voted on and their counts."""
    minutes_recorded: StrictBool
    """Whether the minutes (会议记录) record each member's view."""

    due_count: StrictInt = derived("members_due", default=0, ge=0)
    """Derived: the number of members due to attend (distinct ids)."""
    present_count: StrictInt = derived("present and members_due", default=0, ge=0)
    """Derived: the number of members due to attend who were present (an id in
    ``present`` that is not in ``members_due``, e.g. a non-voting attendee, 列席, does
    not count)."""
    min_votes_adopted: StrictInt | None = derived("resolutions", ge=0)
    """Derived: the fewest votes for among the resolutions the meeting adopted; none
    when it adopted none."""
    principal_last: StrictBool | None = derived("statements")
    """Derived: the principal leader spoke after every other member on each matter
    they spoke on; none when no statement is the principal's."""

    @model_validator(mode="after")
    def _derive(self) -> Self:
        due = set(self.members_due)
        adopted = [r.votes_for for r in self.resolutions if r.adopted]
        fill_derived(
            self,
            {
                "due_count": len(due),
                "present_count": len(due.intersection(self.present)),
                "min_votes_adopted": min(adopted) if adopted else None,
                "principal_last": _principal_last(self.statements),
            },
        )
        return self


def _principal_last(statements: tuple[Statement, ...]) -> bool | None:
    """Whether, on every matter, each statement of the principal came after every other
    member's (one who spoke first and again last did not wait); None without any."""
    matters: dict[str | None, list[Statement]] = {}
    for s in statements:
        matters.setdefault(s.matter, []).append(s)
    found = False
    for said in matters.values():
        principal = [s.order for s in said if s.is_principal]
        if not principal:
            continue
        found = True
        others = [s.order for s in said if not s.is_principal]
        if others and min(principal) <= max(others):
            return False
    return True if found else None


class DecisionCategory(StrEnum):
    """The four kinds of 三重一大 matters, which need a collective decision."""

    MAJOR_DECISION = "major_decision"
    """重大决策"""
    PERSONNEL = "personnel"
    """重要人事任免"""
    MAJOR_PROJECT = "major_project"
    """重大项目安排"""
    LARGE_FUNDS = "large_funds"
    """大额度资金运作"""


class DecisionMode(StrEnum):
    """How a matter was decided."""

    COLLECTIVE = "collective"
    """集体研究决定, in a meeting"""
    INDIVIDUAL = "individual"
    """个人决定, or members canvassed one by one (个别征求意见, 会签) instead of a meeting"""
    EMERGENCY = "emergency"
    """紧急情况下临机决定 by one person, to be ratified by the collective (事后追认)"""


class Decision(Event):
    """A 三重一大 matter decided (重大决策、重要人事任免、重大项目安排、大额度资金运作)."""

    type: Literal["decision"] = "decision"
    ref: Id
    """The matter's reference (事项编号); payments and purchases cite it as
    ``decision_ref``, a meeting's resolution as ``ref``."""
    subject: Text
    """What was decided (事项)."""
    category: DecisionCategory
    """``major_decision``, ``personnel``, ``major_project`` or ``large_funds``."""
    mode: DecisionMode
    """``collective``, ``individual`` or ``emergency``."""
    amount: Money | None = None
    """The money involved (元), when any."""
    meeting_ref: Id | None = None
    """The id of the ``meeting`` event where it was decided."""
    ratified_at: EventTime | None = None
    """When the collective ratified an emergency decision (追认)."""
