"""`SqliteFile`: one SQLite file as a store's foundation: opening and migrating
it, write transactions that carry their audit entries, and reading stored
warnings back.

The file is created on first use and migrated to the current schema
(`riskwarn.store.sqlite.schema`). It runs in WAL mode, so readers (reports, an
inbox) do not block the writer, and with ``synchronous=FULL`` by default, so a
committed batch survives a crash of the process or the machine. Every write is
one ``BEGIN IMMEDIATE`` transaction with its audit entries: it happens whole or
not at all.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from riskwarn.errors import Location
from riskwarn.graph import OrgGraph
from riskwarn.model.warning import Recipient, RiskWarning
from riskwarn.store.base import SYSTEM, WarningStore
from riskwarn.store.errors import StoreError
from riskwarn.store.escalation import EscalationPolicy
from riskwarn.store.mitigation import Mitigation
from riskwarn.store.records import Assignment, StoredWarning
from riskwarn.store.sqlite.query import marks
from riskwarn.store.sqlite.rows import (
    MITIGATION_COLUMNS,
    WARNING_COLUMNS,
    AuditWriter,
    mitigation_from_row,
    stored_from_row,
)
from riskwarn.store.sqlite.schema import MIGRATIONS, Migration, migrate
from riskwarn.store.subject import SubjectIndex

__all__ = ["CHUNK", "SqliteFile", "aware", "chunks"]

CHUNK = 500
"""Ids per ``IN (...)`` list."""


def aware(at: datetime | None, name: str = "at") -> datetime:
    if at is None:
        return datetime.now(UTC)
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise StoreError(f"{name}: expected an aware datetime, got {at!r}")
    return at


def chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


class SqliteFile(WarningStore):
    """The SQLite file under a `SqliteStore` (see there)."""

    def __init__(
        self,
        path: str | Path,
        *,
        policy: EscalationPolicy | None = None,
        remind_days: int | None = None,
        durable: bool = True,
        migrations: Sequence[Migration] = MIGRATIONS,
    ):
        self.path = str(path)
        if remind_days is not None and remind_days < 0:
            raise StoreError(f"remind_days must not be negative, got {remind_days}")
        self._index: SubjectIndex | None = None
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open: {exc}", location=Location(self.path)) from exc
        try:
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self.version = migrate(self._conn, migrations)
            self._settle(policy, remind_days)
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise StoreError(f"not a riskwarn store ({exc})", location=Location(self.path)) from exc
        except StoreError as exc:
            self._conn.close()
            raise StoreError(str(exc), location=Location(self.path)) from exc

    def _settle(self, policy: EscalationPolicy | None, remind_days: int | None) -> None:
        """Use the policy and reminder days given, else those kept in the store
        (else the defaults), and keep what is used, so that every program
        opening the store applies the same limits; a change is audited."""
        kept = {
            key: json.loads(value)
            for key, value in self._conn.execute("SELECT key, value FROM settings")
        }
        if policy is None:
            held = kept.get("escalation")
            policy = EscalationPolicy.from_settings(held) if held else EscalationPolicy()
        self.policy = policy
        self.remind_days = remind_days if remind_days is not None else kept.get("remind_days", 30)
        wanted: dict[str, Any] = {"remind_days": self.remind_days}
        with contextlib.suppress(StoreError):  # a calendar in code is given at each opening
            wanted["escalation"] = policy.settings()
        changed = {k: v for k, v in wanted.items() if kept.get(k) != v}
        if not changed:
            return
        with self._write() as audit:
            for key, value in changed.items():
                text = json.dumps(value, ensure_ascii=False, sort_keys=True)
                audit.conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, text),
                )
                audit.add(
                    "settings",
                    key,
                    SYSTEM,
                    audit.recorded,
                    "settings",
                    None,
                    None,
                    None,
                    {key: value},
                )

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _write(self) -> Iterator[AuditWriter]:
        """One write transaction with its audit entries; all of it or none."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            audit = AuditWriter(conn)
            yield audit
            audit.write()
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _facts(self, graph: OrgGraph | None) -> SubjectIndex | None:
        """The subject index of ``graph`` (kept while the same graph is given)."""
        if graph is None:
            return None
        if self._index is None or self._index.graph is not graph:
            self._index = SubjectIndex(graph)
        return self._index

    def get(self, warning_id: str) -> StoredWarning:
        found = self._select(" WHERE w.id = ?", [warning_id])
        if not found:
            raise StoreError(f"no warning '{warning_id}'", location=Location(self.path))
        return found[0]

    def _select(self, tail: str, params: list[Any]) -> list[StoredWarning]:
        rows = self._conn.execute(
            f"SELECT {WARNING_COLUMNS} FROM warnings w{tail}", params
        ).fetchall()
        parsed = {r[0]: RiskWarning.model_validate_json(r[-1]) for r in rows}
        assigned: dict[str, list[Assignment]] = defaultdict(list)
        units: dict[str, list[str]] = defaultdict(list)
        for chunk in chunks(list(parsed)):
            for wid, tier, ord, at, payload in self._conn.execute(
                "SELECT warning_id, tier, ord, at, payload FROM recipients "
                f"WHERE warning_id IN ({marks(chunk)}) ORDER BY tier, ord",
                chunk,
            ):
                recipient = (  # the warning's own recipients are not stored twice
                    parsed[wid].recipients[ord]
                    if payload is None
                    else Recipient.model_validate_json(payload)
                )
                assigned[wid].append(Assignment(recipient, tier, datetime.fromisoformat(at)))
            for wid, unit in self._conn.execute(
                "SELECT warning_id, unit FROM subject_units "
                f"WHERE warning_id IN ({marks(chunk)}) AND depth = 0 ORDER BY unit",
                chunk,
            ):
                units[wid].append(unit)
        return [
            stored_from_row(r, parsed[r[0]], tuple(assigned[r[0]]), tuple(units[r[0]]))
            for r in rows
        ]

    def _mitigations(self, sql: str, params: list[Any]) -> list[Mitigation]:
        rows = self._conn.execute(
            f"SELECT {MITIGATION_COLUMNS} FROM mitigations {sql} ORDER BY seq", params
        ).fetchall()
        return [mitigation_from_row(r) for r in rows]
