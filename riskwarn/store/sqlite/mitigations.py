"""Mitigation and acceptance records in the SQLite store: adding, revoking,
listing them, finding those that cover a batch being written, and storing
their expiry reminders (`riskwarn.store.mitigation`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from riskwarn.errors import Location
from riskwarn.graph import OrgGraph
from riskwarn.model.warning import Ref, RiskWarning
from riskwarn.store.errors import StoreError
from riskwarn.store.mitigation import (
    Mitigation,
    MitigationKind,
    check_mitigation,
    expiry_reminder,
)
from riskwarn.store.records import StoredWarning
from riskwarn.store.sqlite.file import SqliteFile, aware
from riskwarn.store.sqlite.query import us

__all__ = ["SqliteMitigations"]


class SqliteMitigations(SqliteFile):
    """The mitigation part of `SqliteStore`."""

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
        when = aware(at)
        start = valid_from if valid_from is not None else when
        check_mitigation(ruleset, rule, subject, owner, reason, start, valid_until)
        with self._write() as audit:
            seq = int(
                audit.conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM mitigations").fetchone()[
                    0
                ]
            )
            m = Mitigation(
                f"m-{seq}",
                ruleset,
                rule,
                subject,
                MitigationKind(kind),
                owner,
                reason,
                start,
                valid_until,
                actor,
                when,
            )
            audit.conn.execute(
                "INSERT INTO mitigations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    seq,
                    m.id,
                    ruleset,
                    rule,
                    subject.kind,
                    subject.id,
                    subject.name,
                    m.kind.value,
                    owner,
                    reason,
                    start.isoformat(),
                    valid_until.isoformat(),
                    us(valid_until),
                    actor,
                    when.isoformat(),
                    None,
                    None,
                ),
            )
            data = {
                "rule": f"{ruleset}/{rule}",
                "subject": f"{subject.kind}:{subject.id}",
                "kind": m.kind.value,
                "owner": owner,
                "valid_from": start.isoformat(),
                "valid_until": valid_until.isoformat(),
            }
            audit.add(
                "mitigation", m.id, actor, when, "mitigation_added", None, "active", reason, data
            )
        return m

    def revoke_mitigation(
        self, mitigation_id: str, *, actor: str, note: str, at: datetime | None = None
    ) -> Mitigation:
        when = aware(at)
        if not note.strip():
            raise StoreError(f"mitigation '{mitigation_id}': revoking needs a note (why)")
        with self._write() as audit:
            found = self._mitigations("WHERE id = ?", [mitigation_id])
            if not found:
                raise StoreError(f"no mitigation '{mitigation_id}'", location=Location(self.path))
            if found[0].revoked_at is not None:
                raise StoreError(
                    f"mitigation '{mitigation_id}' was revoked already, at "
                    f"{found[0].revoked_at.isoformat()} by {found[0].revoked_by}"
                )
            audit.conn.execute(
                "UPDATE mitigations SET revoked_at = ?, revoked_by = ? WHERE id = ?",
                (when.isoformat(), actor, mitigation_id),
            )
            audit.add(
                "mitigation",
                mitigation_id,
                actor,
                when,
                "mitigation_revoked",
                "active",
                "revoked",
                note,
            )
        return self._mitigations("WHERE id = ?", [mitigation_id])[0]

    def mitigations(
        self, *, active_at: datetime | None = None, subject: Ref | None = None
    ) -> list[Mitigation]:
        sql, params = "", []
        if subject is not None:
            sql, params = "WHERE subject_kind = ? AND subject_id = ?", [subject.kind, subject.id]
        found = self._mitigations(sql, params)
        if active_at is not None:
            t = aware(active_at, "active_at")
            found = [m for m in found if m.active_at(t)]
        return found

    def remind_expiring(
        self, now: datetime, *, graph: OrgGraph | None = None
    ) -> list[StoredWarning]:
        t = aware(now, "now")
        due = [
            m
            for m in self._mitigations("", [])
            if m.remind_at(self.remind_days) <= t and m.active_at(m.remind_at(self.remind_days))
        ]
        reminders = [expiry_reminder(m, self.remind_days, graph) for m in due]
        result = self.put(reminders, graph=graph)
        return [self.get(wid) for wid in result.new]

    def _covering(
        self, warnings: Iterable[RiskWarning]
    ) -> dict[tuple[str, str, str, str], list[Mitigation]]:
        earliest = min(us(w.time) for w in warnings)
        found: dict[tuple[str, str, str, str], list[Mitigation]] = defaultdict(list)
        for m in self._mitigations("WHERE valid_until_us > ?", [earliest]):
            found[(m.ruleset, m.rule, m.subject.kind, m.subject.id)].append(m)
        return found
