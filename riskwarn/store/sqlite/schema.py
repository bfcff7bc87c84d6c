"""The SQLite store's schema, versioned: a ``schema_version`` table and ordered
migration steps, each applied once, in its own transaction.

A store written by a newer riskwarn (a version this code does not know) is
refused rather than guessed at. To change the schema, append a `Migration`;
never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from riskwarn.store.audit import GENESIS
from riskwarn.store.errors import StoreError

__all__ = ["MIGRATIONS", "Migration", "migrate", "schema_version"]


@dataclass(frozen=True, slots=True)
class Migration:
    """One step: the version it brings the store to, what it does, its statements."""

    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "warnings, recipients, subjects' units and posts, conflicts, mitigations, audit log, settings",
        (
            """CREATE TABLE warnings (
                id TEXT PRIMARY KEY,
                ruleset TEXT NOT NULL,
                rule TEXT NOT NULL,
                category TEXT NOT NULL,
                original_level TEXT NOT NULL,
                level TEXT NOT NULL,
                level_rank INTEGER NOT NULL,
                subject_kind TEXT NOT NULL,
                subject_id TEXT NOT NULL,
                time TEXT NOT NULL,
                time_us INTEGER NOT NULL,
                count INTEGER NOT NULL,
                state TEXT NOT NULL,
                clock TEXT NOT NULL,
                due TEXT,
                due_us INTEGER,
                updated TEXT NOT NULL,
                acknowledged_at TEXT,
                disposed_at TEXT,
                disposition TEXT,
                disposition_note TEXT,
                mitigation TEXT,
                escalations INTEGER NOT NULL DEFAULT 0,
                payload TEXT NOT NULL
            )""",
            "CREATE INDEX warnings_time ON warnings (time_us)",
            "CREATE INDEX warnings_due ON warnings (due_us) WHERE due_us IS NOT NULL",
            "CREATE INDEX warnings_subject ON warnings (subject_kind, subject_id)",
            "CREATE INDEX warnings_state ON warnings (state, level_rank)",
            """CREATE TABLE recipients (
                warning_id TEXT NOT NULL REFERENCES warnings (id),
                person_id TEXT NOT NULL,
                position_id TEXT NOT NULL,
                role TEXT NOT NULL,
                tier INTEGER NOT NULL,
                ord INTEGER NOT NULL,
                at TEXT NOT NULL,
                payload TEXT,
                PRIMARY KEY (warning_id, tier, ord)
            ) WITHOUT ROWID""",
            "CREATE INDEX recipients_person ON recipients (person_id, warning_id)",
            """CREATE TABLE subject_units (
                warning_id TEXT NOT NULL REFERENCES warnings (id),
                unit TEXT NOT NULL,
                depth INTEGER NOT NULL,
                PRIMARY KEY (warning_id, unit)
            ) WITHOUT ROWID""",
            "CREATE INDEX subject_units_unit ON subject_units (unit, depth, warning_id)",
            """CREATE TABLE subject_positions (
                warning_id TEXT NOT NULL REFERENCES warnings (id),
                position TEXT NOT NULL,
                PRIMARY KEY (warning_id, position)
            ) WITHOUT ROWID""",
            "CREATE INDEX subject_positions_position ON subject_positions (position, warning_id)",
            """CREATE TABLE conflicts (
                warning_id TEXT NOT NULL REFERENCES warnings (id),
                person_id TEXT NOT NULL,
                PRIMARY KEY (warning_id, person_id)
            ) WITHOUT ROWID""",
            """CREATE TABLE mitigations (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                ruleset TEXT NOT NULL,
                rule TEXT NOT NULL,
                subject_kind TEXT NOT NULL,
                subject_id TEXT NOT NULL,
                subject_name TEXT NOT NULL,
                kind TEXT NOT NULL,
                owner TEXT NOT NULL,
                reason TEXT NOT NULL,
                valid_from TEXT NOT NULL,
                valid_until TEXT NOT NULL,
                valid_until_us INTEGER NOT NULL,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                revoked_at TEXT,
                revoked_by TEXT
            )""",
            "CREATE INDEX mitigations_rule ON mitigations (ruleset, rule, subject_kind, subject_id)",
            """CREATE TABLE audit (
                seq INTEGER PRIMARY KEY,
                entity TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                actor TEXT NOT NULL,
                at TEXT NOT NULL,
                recorded TEXT NOT NULL,
                action TEXT NOT NULL,
                from_state TEXT,
                to_state TEXT,
                note TEXT,
                data TEXT NOT NULL,
                prev TEXT NOT NULL,
                hash TEXT NOT NULL
            )""",
            "CREATE INDEX audit_entity ON audit (entity_id, seq)",
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """CREATE TABLE audit_head (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                count INTEGER NOT NULL,
                hash TEXT NOT NULL
            )""",
            f"INSERT INTO audit_head (id, count, hash) VALUES (1, 0, '{GENESIS}')",
            """CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
               BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
            """CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
               BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        ),
    ),
)
"""Every step, in order. The last one's version is the current schema."""


def schema_version(conn: sqlite3.Connection) -> int:
    """The store's version: 0 for a new, empty database.

    Raises:
        StoreError: the database has tables but is not a riskwarn store.
    """
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "schema_version" not in tables:
        if tables:
            raise StoreError(
                "not a riskwarn store: an SQLite database with other tables "
                f"({', '.join(sorted(tables)[:5])}) and no schema_version table"
            )
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, steps: Sequence[Migration] = MIGRATIONS) -> int:
    """Apply the steps the store has not had yet, in order, one transaction
    each; return the version reached. ``conn`` must be in autocommit mode
    (``isolation_level=None``).

    Raises:
        StoreError: the store is newer than ``steps`` know, the steps are not
            numbered 1, 2, 3 …, or a step fails (its transaction is rolled back).
    """
    if [s.version for s in steps] != list(range(1, len(steps) + 1)):
        raise StoreError(f"migrations must be numbered 1, 2, 3 …, got {[s.version for s in steps]}")
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = schema_version(conn)
        if current == 0:
            conn.execute(
                "CREATE TABLE schema_version ("
                "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    latest = len(steps)
    if current > latest:
        raise StoreError(
            f"the store has schema version {current}, newer than this riskwarn knows "
            f"({latest}): use a newer riskwarn"
        )
    for step in steps[current:]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(conn) >= step.version:  # another process got there first
                conn.execute("ROLLBACK")
                continue
            for statement in step.statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                (step.version, step.description, datetime.now(UTC).isoformat()),
            )
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise StoreError(
                f"schema migration {step.version} ({step.description}) failed: {exc}"
            ) from exc
    return max(current, latest)
