"""Who may see what: a viewer's jurisdiction from the organization graph, and the
`Inbox`, a view of a store in which every list, read and change is checked.

A viewer sees a warning when it was routed to them (at any escalation tier), or
when its subject lies within their jurisdiction as of the day they look: the
units and posts their supervision scopes cover (a unit with its subunits unless
the scope says otherwise) and the units whose principal post they hold. They
never see a warning about themselves, about a post they hold, or about a
relative, not even one routed to them (recusal, 回避).
"""

from __future__ import annotations

import builtins
from dataclasses import replace
from datetime import UTC, datetime

from riskwarn.graph import OrgGraph
from riskwarn.graph.build import period_days
from riskwarn.store.audit import AuditEntry
from riskwarn.store.base import WarningStore
from riskwarn.store.errors import AccessDenied
from riskwarn.store.lifecycle import ACTIVE_STATES, Action, Disposition
from riskwarn.store.mitigation import Mitigation, MitigationKind
from riskwarn.store.records import Scope, StoredWarning, WarningQuery

__all__ = ["Inbox", "jurisdiction"]


def jurisdiction(graph: OrgGraph, viewer: str, at: datetime) -> Scope:
    """What ``viewer`` may see as of ``at`` (see the module docstring).

    Raises:
        OrgError: ``viewer`` is not a person of the organization, or ``at`` is naive.
    """
    posts = set(graph.positions_of(viewer, at))
    day = graph.day(at)
    units: set[str] = set()
    own: set[str] = set()
    positions: set[str] = set()
    for scope in graph.org.supervision:
        start, end = period_days(scope)
        if scope.supervisor not in posts or not start <= day < end:
            continue
        (units if scope.include_subunits else own).update(scope.units)
        positions.update(scope.positions)
    for post in posts:
        unit = graph.unit_of(post, at)
        if unit is not None and graph.positions[post].principal:
            units.add(unit)
    return Scope(
        viewer=viewer,
        units=frozenset(units),
        own_units=frozenset(own - units),
        positions=frozenset(positions),
        held=frozenset(posts),
        relatives=frozenset(r.person for r in graph.relatives(viewer, at)),
    )


class Inbox:
    """The warnings one person may see, as of one time, and the changes they may
    make. Every method checks access; a warning outside the view raises
    `AccessDenied` with the reason.

    Raises:
        OrgError: ``viewer`` is not a person of the organization.
    """

    def __init__(
        self, store: WarningStore, viewer: str, graph: OrgGraph, at: datetime | None = None
    ):
        self.store = store
        self.viewer = viewer
        self.graph = graph
        self.at = at if at is not None else datetime.now(UTC)
        self.scope = jurisdiction(graph, viewer, self.at)

    def list(self, query: WarningQuery | None = None) -> list[StoredWarning]:
        """The visible warnings that match ``query``; by default those still to be
        handled, most severe first."""
        base = query if query is not None else WarningQuery(states=ACTIVE_STATES, order="severity")
        return self.store.query(replace(base, scope=self.scope))

    def count(self, query: WarningQuery | None = None) -> int:
        base = query if query is not None else WarningQuery(states=ACTIVE_STATES)
        return self.store.count(replace(base, scope=self.scope))

    def read(self, warning_id: str) -> StoredWarning:
        """One visible warning.

        Raises:
            StoreError: no such warning.
            AccessDenied: the viewer may not see it.
        """
        stored = self.store.get(warning_id)
        self._check(warning_id)
        return stored

    def history(self, warning_id: str) -> builtins.list[AuditEntry]:
        """The audit trail of a visible warning.

        Raises:
            StoreError: no such warning.
            AccessDenied: the viewer may not see it.
        """
        self.read(warning_id)
        return self.store.history(warning_id)

    def acknowledge(
        self, warning_id: str, note: str | None = None, at: datetime | None = None
    ) -> StoredWarning:
        """签收. Raises `AccessDenied`, `TransitionError`, `StoreError` as `change` does."""
        return self.change(warning_id, Action.ACKNOWLEDGE, note=note, at=at)

    def verify(
        self, warning_id: str, note: str | None = None, at: datetime | None = None
    ) -> StoredWarning:
        """Start verifying (核实中)."""
        return self.change(warning_id, Action.VERIFY, note=note, at=at)

    def dispose(
        self,
        warning_id: str,
        disposition: Disposition,
        note: str | None = None,
        at: datetime | None = None,
    ) -> StoredWarning:
        """Record the disposition (处置); ``no_violation`` needs a reason in ``note``."""
        return self.change(warning_id, Action.DISPOSE, note=note, at=at, disposition=disposition)

    def close(
        self, warning_id: str, note: str | None = None, at: datetime | None = None
    ) -> StoredWarning:
        """Close a disposed warning (办结)."""
        return self.change(warning_id, Action.CLOSE, note=note, at=at)

    def reopen(self, warning_id: str, note: str, at: datetime | None = None) -> StoredWarning:
        """Send a disposed warning back for another check; its handling period restarts."""
        return self.change(warning_id, Action.REOPEN, note=note, at=at)

    def change(
        self,
        warning_id: str,
        action: Action,
        *,
        note: str | None = None,
        at: datetime | None = None,
        disposition: Disposition | None = None,
    ) -> StoredWarning:
        """Make a lifecycle change as the viewer.

        Raises:
            StoreError: no such warning, or a bad time.
            AccessDenied: the viewer may not see it.
            TransitionError: the change is not allowed from its state.
        """
        self.read(warning_id)
        return self.store.transition(
            warning_id, action, actor=self.viewer, at=at, note=note, disposition=disposition
        )

    def escalate(self, warning_id: str, reason: str, at: datetime | None = None) -> StoredWarning:
        """Refer a visible warning to the next supervisor up, one level higher.

        Raises:
            StoreError: no such warning, or an empty reason.
            AccessDenied: the viewer may not see it.
            TransitionError: it no longer needs handling.
        """
        self.read(warning_id)
        return self.store.escalate(
            warning_id, actor=self.viewer, reason=reason, at=at, graph=self.graph
        )

    def mitigate(
        self,
        warning_id: str,
        *,
        reason: str,
        valid_until: datetime,
        kind: MitigationKind = MitigationKind.MITIGATION,
        at: datetime | None = None,
    ) -> Mitigation:
        """Record, as the viewer (its owner), a mitigation or acceptance for the rule and
        subject of a visible warning: later warnings of that rule about that subject
        are stored as mitigated until ``valid_until``.

        Raises:
            StoreError: no such warning, an empty reason, or an empty period.
            AccessDenied: the viewer may not see the warning.
        """
        w = self.read(warning_id).warning
        return self.store.add_mitigation(
            ruleset=w.ruleset,
            rule=w.rule,
            subject=w.subject,
            owner=self.viewer,
            reason=reason,
            valid_until=valid_until,
            kind=kind,
            actor=self.viewer,
            at=at,
        )

    def _check(self, warning_id: str) -> None:
        if self.store.count(WarningQuery(ids=(warning_id,), scope=self.scope)):
            return
        raise AccessDenied(
            f"person '{self.viewer}' may not see warning '{warning_id}': it is not routed to "
            f"them and its subject is outside their jurisdiction ({self.scope.describe()}), "
            "or it concerns them, a post they hold or a relative"
        )
