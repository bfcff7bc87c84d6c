"""The audit log: every change to a stored warning or mitigation, chained by hashes.

Each entry says who changed what, when, from which state to which, with a note
and the change's data (level, disposition, recipients added, count). Its hash
is SHA-256 over the previous entry's hash and the entry's canonical content, so
editing an entry breaks its own hash, and removing or inserting one breaks the
link of the next. The store also keeps the number of entries and the last hash
(the *head*), so removing entries at the end shows too, and each warning's state
and level must be those its history ends with.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

__all__ = [
    "GENESIS",
    "AuditEntry",
    "AuditReport",
    "canonical",
    "chain_hash",
    "data_text",
    "verify_chain",
]

GENESIS = "0" * 64
"""The ``prev`` of the first entry."""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change, as written to the log."""

    seq: int
    """Position in the log, from 1, without gaps."""
    entity: str
    """``warning`` or ``mitigation``."""
    entity_id: str
    actor: str
    """Person id of whoever made the change; ``riskwarn`` for the store's own changes."""
    at: datetime
    """When the change takes effect: the wall clock in live use, event time in a replay."""
    recorded: datetime
    """The wall clock when the entry was written."""
    action: str
    from_state: str | None
    to_state: str | None
    note: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    prev: str = GENESIS
    hash: str = ""

    def content(self) -> str:
        """The canonical text the hash covers."""
        return canonical(
            self.seq,
            self.entity,
            self.entity_id,
            self.actor,
            self.at.isoformat(),
            self.recorded.isoformat(),
            self.action,
            self.from_state,
            self.to_state,
            self.note,
            data_text(self.data),
        )

    def sealed(self, prev: str) -> AuditEntry:
        """This entry linked after ``prev``, with its hash."""
        return replace(self, prev=prev, hash=chain_hash(prev, self.content()))

    def describe(self) -> str:
        """``#17 2026-03-02T09:00:00+08:00 acknowledge warning rw-… by p1``."""
        return (
            f"#{self.seq} {self.at.isoformat()} {self.action} {self.entity} "
            f"{self.entity_id} by {self.actor}"
        )


def canonical(
    seq: int,
    entity: str,
    entity_id: str,
    actor: str,
    at: str,
    recorded: str,
    action: str,
    from_state: str | None,
    to_state: str | None,
    note: str | None,
    data: str,
) -> str:
    """The text an entry's hash covers: its fields (times in ISO 8601, ``data`` as
    `data_text`) as one compact JSON array, non-ASCII kept. The same entry always
    gives the same text."""
    head = json.dumps(
        [seq, entity, entity_id, actor, at, recorded, action, from_state, to_state, note],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return f"{head[:-1]},{data}]"


def data_text(data: Mapping[str, Any]) -> str:
    """An entry's data as compact JSON with sorted keys, as stored and hashed."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def chain_hash(prev: str, content: str) -> str:
    """SHA-256 (hex) over the previous hash, a newline and the content."""
    return hashlib.sha256(f"{prev}\n{content}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The result of checking a log: how many entries, the last hash, and the
    first problem (None when the log is intact)."""

    entries: int
    head: str
    problem: str | None = None
    entry: AuditEntry | None = None
    """The first broken entry, when the problem is at one."""

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain(
    entries: Iterable[AuditEntry],
    head: tuple[int, str],
    current: Mapping[str, tuple[str, str]],
) -> AuditReport:
    """Check a log in ``seq`` order against the recorded ``head`` (count, last
    hash) and the ``current`` (state, level) of each warning; stop at the first
    problem."""
    prev, expected, last = GENESIS, 1, None
    final: dict[str, tuple[str | None, str | None]] = {}
    for entry in entries:
        if entry.seq != expected:
            if entry.seq == expected + 1:
                gap = f"entry #{expected} is missing (removed)"
            elif entry.seq > expected:
                gap = f"entries #{expected}–#{entry.seq - 1} are missing (removed)"
            else:
                gap = f"its number repeats or goes back (expected #{expected})"
            return AuditReport(expected - 1, prev, f"audit entry {entry.describe()}: {gap}", entry)
        if entry.prev != prev:
            return AuditReport(
                expected - 1,
                prev,
                f"audit entry {entry.describe()}: it does not follow entry #{expected - 1} "
                "(an entry before it was removed, inserted or rewritten)",
                entry,
            )
        if chain_hash(prev, entry.content()) != entry.hash:
            return AuditReport(
                expected - 1,
                prev,
                f"audit entry {entry.describe()}: its content does not match its hash "
                "(edited after it was written)",
                entry,
            )
        if entry.entity == "warning":
            state, level = final.get(entry.entity_id, (None, None))
            final[entry.entity_id] = (
                entry.to_state or state,
                str(entry.data.get("level", level)) if "level" in entry.data else level,
            )
        prev, expected, last = entry.hash, expected + 1, entry
    count = expected - 1
    if (count, prev) != head:
        return AuditReport(
            count,
            prev,
            f"the log ends at entry #{count} but the store recorded {head[0]} entries "
            f"ending in {head[1][:12]}… (entries at the end were removed or added)",
            last,
        )
    for warning_id in sorted(set(current) | set(final)):
        if warning_id not in final:
            return AuditReport(
                count,
                prev,
                f"warning '{warning_id}' has no audit entry (written outside the store)",
            )
        if warning_id not in current:
            return AuditReport(
                count, prev, f"warning '{warning_id}' has a history but is gone (deleted)"
            )
        if final[warning_id] != current[warning_id]:
            got_state, got_level = current[warning_id]
            want_state, want_level = final[warning_id]
            return AuditReport(
                count,
                prev,
                f"warning '{warning_id}' is {got_state}/{got_level} but its history ends "
                f"{want_state}/{want_level} (changed outside the store)",
            )
    return AuditReport(count, prev)
