"""Mitigation and acceptance records (缓释措施, 风险接受): a named owner's reason
why one rule need not warn about one subject until a day.

A record covers a warning of its ruleset and rule about its subject whose time
lies in ``[valid_from, valid_until)`` and before any revocation; the store then
keeps the warning as ``mitigated`` instead of open. From ``valid_until`` on the
rule warns again. Some days before the end (the store's ``remind_days``) a blue
reminder goes to the subject's supervisors and the owner, so the record is
re-checked rather than left to lapse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from riskwarn.errors import OrgError
from riskwarn.graph import OrgGraph
from riskwarn.model.warning import Evidence, Level, Recipient, Ref, RiskWarning, warning_id
from riskwarn.store.errors import StoreError

__all__ = [
    "REMINDER_RULE",
    "REMINDER_RULESET",
    "Mitigation",
    "MitigationKind",
    "check_mitigation",
    "expiry_reminder",
]

REMINDER_RULESET = "mitigations"
REMINDER_RULE = "mitigation_expiring"


class MitigationKind(StrEnum):
    MITIGATION = "mitigation"
    """A control that covers the risk (缓释措施), e.g. an added countersignature."""
    ACCEPTANCE = "acceptance"
    """The risk is accepted as it is (风险接受), e.g. a post no one else can fill."""

    @property
    def zh(self) -> str:
        return "缓释措施" if self is MitigationKind.MITIGATION else "风险接受"


@dataclass(frozen=True, slots=True)
class Mitigation:
    """A mitigation or acceptance record as stored."""

    id: str
    ruleset: str
    rule: str
    subject: Ref
    kind: MitigationKind
    owner: str
    """Person id of who answers for the record."""
    reason: str
    valid_from: datetime
    valid_until: datetime
    """The first instant it no longer covers anything."""
    created_by: str
    created_at: datetime
    revoked_at: datetime | None = None
    revoked_by: str | None = None

    def active_at(self, t: datetime) -> bool:
        """Whether it covers warnings at ``t``."""
        return self.valid_from <= t < self.valid_until and (
            self.revoked_at is None or t < self.revoked_at
        )

    def covers(self, warning: RiskWarning) -> bool:
        """Whether ``warning`` (its rule, subject and time) falls under this record."""
        return (
            warning.ruleset == self.ruleset
            and warning.rule == self.rule
            and warning.subject.kind == self.subject.kind
            and warning.subject.id == self.subject.id
            and self.active_at(warning.time)
        )

    def remind_at(self, days_before: int) -> datetime:
        """When the expiry reminder is due: ``days_before`` days before the end,
        or at the start for a record shorter than that."""
        return max(self.valid_until - timedelta(days=days_before), self.valid_from)


def check_mitigation(
    ruleset: str,
    rule: str,
    subject: Ref,
    owner: str,
    reason: str,
    valid_from: datetime,
    valid_until: datetime,
) -> None:
    """Refuse a record that cannot mean anything.

    Raises:
        StoreError: an empty ruleset, rule, owner or reason, naive times, or an
            end not after the start (every problem listed).
    """
    problems = [
        f"mitigation.{name}: must not be empty"
        for name, value in (
            ("ruleset", ruleset),
            ("rule", rule),
            ("subject.id", subject.id),
            ("owner", owner),
            ("reason", reason),
        )
        if not value.strip()
    ]
    for name, t in (("valid_from", valid_from), ("valid_until", valid_until)):
        if t.tzinfo is None or t.utcoffset() is None:
            problems.append(f"mitigation.{name}: needs a time zone, got naive {t.isoformat()}")
    if not problems and valid_until <= valid_from:
        problems.append(
            f"mitigation.valid_until: must be after valid_from {valid_from.isoformat()}, "
            f"got {valid_until.isoformat()}"
        )
    if problems:
        raise StoreError("\n".join(problems))


def expiry_reminder(m: Mitigation, days_before: int, graph: OrgGraph | None) -> RiskWarning:
    """The blue reminder that ``m`` ends soon, at `Mitigation.remind_at`, routed to
    the subject's supervisors (as of then) and to the owner. Its id depends on the
    record and its end only: asking again gives the same warning."""
    at = m.remind_at(days_before)
    recipients: list[Recipient] = []
    if graph is not None and m.subject.kind in ("person", "position", "unit"):
        try:
            recipients = graph.supervisors(m.subject.kind, m.subject.id, at)
        except OrgError:
            recipients = []
    owner = _owner(graph, m, at)
    if owner is not None and owner.person.id not in {r.person.id for r in recipients}:
        recipients.append(owner)
    until = m.valid_until.isoformat()
    return RiskWarning(
        id=warning_id(REMINDER_RULESET, REMINDER_RULE, Level.BLUE, m.subject, [m.id, until]),
        rule=REMINDER_RULE,
        ruleset=REMINDER_RULESET,
        ruleset_version="1",
        level=Level.BLUE,
        category="缓释措施",
        title="缓释措施即将到期",
        title_en="Mitigation about to expire",
        message=(
            f"{m.subject.name} 的 {m.ruleset}/{m.rule} {m.kind.zh}（{m.id}，责任人 {m.owner}）"
            f"于 {until} 到期，请复核是否续期"
        ),
        message_en=(
            f"The {m.kind.value} {m.id} of {m.ruleset}/{m.rule} for {m.subject.name} "
            f"(owner {m.owner}) ends at {until}: review whether to renew it"
        ),
        basis="缓释与风险接受记录有效期复核 (mitigation and acceptance records expire and are re-checked)",
        subject=m.subject,
        time=at,
        evidence=Evidence(
            facts={
                "mitigation": m.id,
                "kind": m.kind.value,
                "rule": f"{m.ruleset}/{m.rule}",
                "owner": m.owner,
                "reason": m.reason,
                "valid_until": until,
            }
        ),
        recipients=tuple(recipients),
    )


def _owner(graph: OrgGraph | None, m: Mitigation, at: datetime) -> Recipient | None:
    """The owner as a recipient, when they hold a post then and are not the subject."""
    if graph is None or (m.subject.kind == "person" and m.subject.id == m.owner):
        return None
    try:
        posts = graph.positions_of(m.owner, at)
        if not posts:
            return None
        return Recipient(
            person=graph.ref("person", m.owner),
            position=graph.ref("position", posts[0]),
            role="owner",
            reason=f"owner (责任人) of {m.kind.value} {m.id}",
        )
    except OrgError:
        return None
