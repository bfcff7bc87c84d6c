"""Rows of the SQLite store: a batch's new warnings, audit entries chained in a
transaction, and turning rows back into `StoredWarning`, `Mitigation` and
`AuditEntry` values. Times are ISO 8601 text (as given, offset kept) beside
whole microseconds since the epoch where the store compares them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from riskwarn.model.warning import Level, Recipient, Ref, RiskWarning
from riskwarn.store.audit import AuditEntry, canonical, chain_hash, data_text
from riskwarn.store.escalation import Deadline, EscalationPolicy
from riskwarn.store.lifecycle import Disposition, State
from riskwarn.store.mitigation import Mitigation, MitigationKind
from riskwarn.store.records import Assignment, StoredWarning
from riskwarn.store.sqlite.query import marks, us
from riskwarn.store.subject import SubjectFacts

__all__ = [
    "MITIGATION_COLUMNS",
    "WARNING_COLUMNS",
    "AuditWriter",
    "NewRows",
    "bare_facts",
    "due_columns",
    "entry_from_row",
    "mitigation_from_row",
    "recipient_row",
    "rule_key",
    "stored_from_row",
    "summary_time",
    "time_or_none",
]

WARNING_COLUMNS = (
    "w.id, w.state, w.level, w.clock, w.due, w.updated, w.acknowledged_at, w.disposed_at, "
    "w.disposition, w.disposition_note, w.mitigation, w.escalations, w.payload"
)
"""What `stored_from_row` reads, from ``warnings w``."""

MITIGATION_COLUMNS = (
    "id, ruleset, rule, subject_kind, subject_id, subject_name, kind, owner, "
    "reason, valid_from, valid_until, created_by, created_at, revoked_at, revoked_by"
)
"""What `mitigation_from_row` reads."""


def time_or_none(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text is not None else None


def recipient_row(
    warning_id: str, r: Recipient, tier: int, ord: int, at: datetime
) -> tuple[Any, ...]:
    """A ``recipients`` row: a recipient of a warning at an escalation tier. The
    warning's own recipients (tier 0) are in its payload already: their row
    points there (payload NULL, ``ord`` the index) instead of repeating them."""
    payload = None if tier == 0 else r.model_dump_json()
    return (warning_id, r.person.id, r.position.id, r.role, tier, ord, at.isoformat(), payload)


@dataclass
class AuditWriter:
    """Entries of one transaction, chained onto the head read at its start."""

    conn: sqlite3.Connection
    recorded: datetime = field(default_factory=lambda: datetime.now(UTC))
    count: int = 0
    head: str = ""
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.count, self.head = self.conn.execute(
            "SELECT count, hash FROM audit_head WHERE id = 1"
        ).fetchone()

    def add(
        self,
        entity: str,
        entity_id: str,
        actor: str,
        at: datetime,
        action: str,
        from_state: str | None,
        to_state: str | None,
        note: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        """Chain one entry after the last (the same text and hash as
        `AuditEntry.sealed`, without building the entry)."""
        seq, when, recorded = self.count + 1, at.isoformat(), self.recorded.isoformat()
        data_json = data_text(data or {})
        fields = (seq, entity, entity_id, actor, when, recorded, action, from_state, to_state, note)
        digest = chain_hash(self.head, canonical(*fields, data_json))
        self.rows.append((*fields, data_json, self.head, digest))
        self.count, self.head = seq, digest

    def write(self) -> None:
        if not self.rows:
            return
        self.conn.executemany(f"INSERT INTO audit VALUES ({marks(self.rows[0])})", self.rows)
        self.conn.execute(
            "UPDATE audit_head SET count = ?, hash = ? WHERE id = 1", (self.count, self.head)
        )
        self.rows = []


@dataclass
class NewRows:
    """The rows of a batch's new warnings, written with one ``executemany`` per table."""

    warnings: list[tuple[Any, ...]] = field(default_factory=list)
    recipients: list[tuple[Any, ...]] = field(default_factory=list)
    units: list[tuple[Any, ...]] = field(default_factory=list)
    positions: list[tuple[Any, ...]] = field(default_factory=list)
    conflicts: list[tuple[Any, ...]] = field(default_factory=list)

    def add(
        self,
        w: RiskWarning,
        state: State,
        m: Mitigation | None,
        facts: SubjectFacts,
        policy: EscalationPolicy,
    ) -> None:
        t = w.time.isoformat()
        deadline = policy.deadline(w.level, state, w.time, None)
        self.warnings.append(
            (
                w.id,
                w.ruleset,
                w.rule,
                w.category,
                w.level.value,
                w.level.value,
                w.level.rank,
                w.subject.kind,
                w.subject.id,
                t,
                us(w.time),
                w.count,
                state.value,
                t,
                *due_columns(deadline),
                t,
                None,
                None,
                None,
                None,
                m.id if m is not None else None,
                0,
                w.model_dump_json(),
            )
        )
        self.recipients.extend(
            recipient_row(w.id, r, 0, i, w.time) for i, r in enumerate(w.recipients)
        )
        self.units.extend((w.id, unit, depth) for unit, depth in facts.units)
        self.positions.extend((w.id, p) for p in facts.positions)
        self.conflicts.extend((w.id, p) for p in sorted(facts.conflicted))

    def write(self, conn: sqlite3.Connection) -> None:
        for table, rows in (
            ("warnings", self.warnings),
            ("recipients", self.recipients),
            ("subject_units", self.units),
            ("subject_positions", self.positions),
            ("conflicts", self.conflicts),
        ):
            if rows:
                conn.executemany(f"INSERT INTO {table} VALUES ({marks(rows[0])})", rows)


def due_columns(deadline: Deadline | None) -> tuple[str | None, int | None]:
    if deadline is None:
        return None, None
    return deadline.at.isoformat(), us(deadline.at)


def bare_facts(subject: Ref) -> SubjectFacts:
    """What is known of a subject without an organization: a person is conflicted about themself."""
    return SubjectFacts(
        conflicted=frozenset({subject.id}) if subject.kind == "person" else frozenset()
    )


def rule_key(w: RiskWarning) -> tuple[str, str, str, str]:
    return (w.ruleset, w.rule, w.subject.kind, w.subject.id)


def summary_time(w: RiskWarning) -> datetime:
    """When a suppression summary came out: the end of its suppression period."""
    until = w.evidence.facts.get("suppressed_until")
    return datetime.fromisoformat(until) if isinstance(until, str) else w.time


def stored_from_row(
    row: Sequence[Any],
    warning: RiskWarning,
    assigned: tuple[Assignment, ...],
    units: tuple[str, ...],
) -> StoredWarning:
    """A row of `WARNING_COLUMNS` with its parsed payload, recipients and units."""
    (_, state, level, clock, due, updated, acked, disposed, disp, note, mit, esc, _) = row
    return StoredWarning(
        warning=warning,
        state=State(state),
        level=Level(level),
        assignments=assigned,
        clock=datetime.fromisoformat(clock),
        due=time_or_none(due),
        updated=datetime.fromisoformat(updated),
        acknowledged_at=time_or_none(acked),
        disposed_at=time_or_none(disposed),
        disposition=Disposition(disp) if disp else None,
        disposition_note=note,
        mitigation=mit,
        escalations=esc,
        units=units,
    )


def mitigation_from_row(r: Sequence[Any]) -> Mitigation:
    return Mitigation(
        r[0],
        r[1],
        r[2],
        Ref(kind=r[3], id=r[4], name=r[5]),
        MitigationKind(r[6]),
        r[7],
        r[8],
        datetime.fromisoformat(r[9]),
        datetime.fromisoformat(r[10]),
        r[11],
        datetime.fromisoformat(r[12]),
        time_or_none(r[13]),
        r[14],
    )


def entry_from_row(row: Sequence[Any]) -> AuditEntry:
    """An ``audit`` row (every column, in order) as an entry."""
    seq, entity, eid, actor, at, recorded, action, frm, to, note, data, prev, hsh = row
    return AuditEntry(
        seq,
        entity,
        eid,
        actor,
        datetime.fromisoformat(at),
        datetime.fromisoformat(recorded),
        action,
        frm,
        to,
        note,
        json.loads(data),
        prev,
        hsh,
    )
