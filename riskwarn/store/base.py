"""`WarningStore`: what every warning store offers, whatever keeps the data.

The engine's sinks, the inbox, escalation and the reports speak to this
interface only; `riskwarn.store.sqlite.SqliteStore` is the embedded default, and
a server database can be added beside it without touching the engine.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from riskwarn.graph import OrgGraph
from riskwarn.model.warning import Ref, RiskWarning
from riskwarn.store.audit import AuditEntry, AuditReport
from riskwarn.store.escalation import Escalation, EscalationPolicy
from riskwarn.store.lifecycle import Action, Disposition
from riskwarn.store.mitigation import Mitigation, MitigationKind
from riskwarn.store.records import ALL, PutResult, StoredWarning, WarningQuery

if TYPE_CHECKING:
    from riskwarn.store.access import Inbox

__all__ = ["SYSTEM", "TallyKey", "WarningStore"]

SYSTEM = "riskwarn"
"""The actor of the store's own changes (writing, escalation, reminders)."""

TallyKey = Literal[
    "level", "original_level", "state", "category", "rule", "ruleset", "disposition", "unit"
]
"""What `WarningStore.tally` can count by; ``unit`` is the subject's own unit."""


class WarningStore(abc.ABC):
    """A persistent inbox of warnings with lifecycle, audit log, escalation and
    mitigations. Writing is idempotent by warning id. Every change is one
    transaction and one audit entry (or one per warning for a batch).

    ``policy`` holds the handling time limits; ``remind_days`` is how many days
    before its end a mitigation raises a reminder.
    """

    policy: EscalationPolicy
    remind_days: int

    # -- writing ------------------------------------------------------------------------

    @abc.abstractmethod
    def put(self, warnings: Iterable[RiskWarning], *, graph: OrgGraph | None = None) -> PutResult:
        """Store warnings in one transaction: a new id is stored (``open``, or
        ``mitigated`` when a mitigation covers it), a known id with a higher count
        (a suppression summary) updates the stored count and evidence, anything
        else is left as it is. ``graph`` gives each new warning its subject's
        units, posts and conflicted persons as of the warning's time (needed for
        jurisdiction and queries by unit)."""

    # -- reading ------------------------------------------------------------------------

    @abc.abstractmethod
    def get(self, warning_id: str) -> StoredWarning:
        """One stored warning.

        Raises:
            StoreError: no warning with that id.
        """

    @abc.abstractmethod
    def query(self, query: WarningQuery = ALL) -> list[StoredWarning]:
        """The stored warnings that match, in the query's order."""

    @abc.abstractmethod
    def count(self, query: WarningQuery = ALL) -> int:
        """How many stored warnings match (``limit`` and ``offset`` ignored)."""

    @abc.abstractmethod
    def tally(self, query: WarningQuery, by: TallyKey) -> dict[str, int]:
        """How many matching warnings there are per level, state, category, rule,
        ruleset, disposition or unit (``""`` for none), largest first."""

    @abc.abstractmethod
    def history(self, warning_id: str) -> list[AuditEntry]:
        """The audit entries of one warning or mitigation, oldest first."""

    @abc.abstractmethod
    def audit(self) -> Iterator[AuditEntry]:
        """Every audit entry, in order."""

    @abc.abstractmethod
    def verify_audit(self) -> AuditReport:
        """Check the audit log's hash chain, its recorded head, and that every
        warning's state and level are those its history ends with."""

    # -- changing -----------------------------------------------------------------------

    @abc.abstractmethod
    def transition(
        self,
        warning_id: str,
        action: Action,
        *,
        actor: str,
        at: datetime | None = None,
        note: str | None = None,
        disposition: Disposition | None = None,
    ) -> StoredWarning:
        """Change a warning's state (at ``at``, the wall clock by default).

        Raises:
            StoreError: unknown warning, or ``at`` naive or before the warning's time.
            TransitionError: the change is not allowed (see `riskwarn.store.lifecycle`).
        """

    @abc.abstractmethod
    def escalate(
        self,
        warning_id: str,
        *,
        actor: str,
        reason: str,
        at: datetime | None = None,
        graph: OrgGraph | None = None,
    ) -> StoredWarning:
        """Raise a warning one level and route it to the next supervisor up now,
        by hand (a recipient referring it upward), with the reason recorded.

        Raises:
            StoreError: unknown warning, empty reason, bad ``at``.
            TransitionError: the warning no longer needs handling.
        """

    @abc.abstractmethod
    def escalate_due(self, now: datetime, *, graph: OrgGraph | None = None) -> list[Escalation]:
        """Escalate every warning whose deadline passed at or before ``now``
        unmet, each at its deadline, as often as deadlines passed, in time order;
        return the escalations. In a replay ``now`` is event time, in live use the
        wall clock. Without ``graph`` levels rise but nobody new is routed."""

    # -- mitigations --------------------------------------------------------------------

    @abc.abstractmethod
    def add_mitigation(
        self,
        *,
        ruleset: str,
        rule: str,
        subject: Ref,
        owner: str,
        reason: str,
        valid_until: datetime,
        valid_from: datetime | None = None,
        kind: MitigationKind = MitigationKind.MITIGATION,
        actor: str,
        at: datetime | None = None,
    ) -> Mitigation:
        """Record a mitigation or acceptance: warnings of ``ruleset``/``rule`` about
        ``subject`` written later with a time in ``[valid_from, valid_until)`` are
        stored as mitigated. ``valid_from`` defaults to ``at``.

        Raises:
            StoreError: the record is incomplete or its period empty.
        """

    @abc.abstractmethod
    def revoke_mitigation(
        self, mitigation_id: str, *, actor: str, note: str, at: datetime | None = None
    ) -> Mitigation:
        """End a mitigation early: it covers nothing from ``at`` on.

        Raises:
            StoreError: unknown or already revoked record, empty note.
        """

    @abc.abstractmethod
    def mitigations(
        self, *, active_at: datetime | None = None, subject: Ref | None = None
    ) -> list[Mitigation]:
        """Mitigation records, oldest first; only those active at ``active_at`` or
        about ``subject`` when given."""

    @abc.abstractmethod
    def remind_expiring(
        self, now: datetime, *, graph: OrgGraph | None = None
    ) -> list[StoredWarning]:
        """Store the expiry reminder of every mitigation whose reminder time
        (`remind_days` before its end) has come by ``now``; return the new ones."""

    # -- views and life -----------------------------------------------------------------

    def inbox(self, viewer: str, graph: OrgGraph, at: datetime | None = None) -> Inbox:
        """The warnings ``viewer`` may see as of ``at`` (the wall clock by
        default), with every read and change checked (`riskwarn.store.access`).

        Raises:
            OrgError: ``viewer`` is not a person of the organization.
        """
        from riskwarn.store.access import Inbox

        return Inbox(self, viewer, graph, at)

    @abc.abstractmethod
    def close(self) -> None:
        """Release the store's resources; it takes no calls afterwards."""

    def __enter__(self) -> WarningStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
