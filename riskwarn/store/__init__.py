"""The warning store: a persistent inbox for supervisors, with lifecycle and
dispositions, a hash-chained audit log, escalation, mitigations and access
scoping. `SqliteStore` is the default; `StoreSink` feeds it from an `Engine`;
`WarningStore.inbox` is one person's checked view (docs/store.md)."""

from riskwarn.store.access import Inbox, jurisdiction
from riskwarn.store.audit import AuditEntry, AuditReport
from riskwarn.store.base import SYSTEM, WarningStore
from riskwarn.store.errors import AccessDenied, AuditError, StoreError, TransitionError
from riskwarn.store.escalation import DEFAULT_LIMITS, Escalation, EscalationPolicy, Limits
from riskwarn.store.lifecycle import ACTIVE_STATES, Action, Disposition, State
from riskwarn.store.mitigation import Mitigation, MitigationKind
from riskwarn.store.records import Assignment, PutResult, Scope, StoredWarning, WarningQuery
from riskwarn.store.sink import StoreSink
from riskwarn.store.sqlite import SqliteStore
from riskwarn.store.sqlite.schema import MIGRATIONS, Migration

__all__ = [
    "ACTIVE_STATES",
    "DEFAULT_LIMITS",
    "MIGRATIONS",
    "SYSTEM",
    "AccessDenied",
    "Action",
    "Assignment",
    "AuditEntry",
    "AuditError",
    "AuditReport",
    "Disposition",
    "Escalation",
    "EscalationPolicy",
    "Inbox",
    "Limits",
    "Migration",
    "Mitigation",
    "MitigationKind",
    "PutResult",
    "Scope",
    "SqliteStore",
    "State",
    "StoreError",
    "StoreSink",
    "StoredWarning",
    "TransitionError",
    "WarningQuery",
    "WarningStore",
    "jurisdiction",
]
