"""`SqliteStore`: the embedded default store, one SQLite file (`SqliteFile`),
with writing, queries, lifecycle changes and escalation here and mitigations
in `SqliteMitigations`."""

from __future__ import annotations

import heapq
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from riskwarn.graph import OrgGraph
from riskwarn.model.warning import Level, RiskWarning
from riskwarn.store.audit import AuditEntry, AuditReport, verify_chain
from riskwarn.store.base import SYSTEM, TallyKey
from riskwarn.store.errors import StoreError, TransitionError
from riskwarn.store.escalation import (
    Escalation,
    Handling,
    Holder,
    Router,
    escalate_one,
    overdue_reason,
)
from riskwarn.store.lifecycle import ACTIVE_STATES, Action, Disposition, State, next_state
from riskwarn.store.records import ALL, PutResult, StoredWarning, WarningQuery
from riskwarn.store.sqlite.file import aware, chunks
from riskwarn.store.sqlite.mitigations import SqliteMitigations
from riskwarn.store.sqlite.query import ORDERS, marks, us, where
from riskwarn.store.sqlite.rows import (
    AuditWriter,
    NewRows,
    bare_facts,
    due_columns,
    entry_from_row,
    recipient_row,
    rule_key,
    summary_time,
    time_or_none,
)

__all__ = ["SqliteStore"]

_TALLY = {
    "level": "w.level",
    "original_level": "w.original_level",
    "state": "w.state",
    "category": "w.category",
    "rule": "w.rule",
    "ruleset": "w.ruleset",
    "disposition": "COALESCE(w.disposition, '')",
}


class SqliteStore(SqliteMitigations):
    """A warning store in one SQLite file (created on first use).

    ``policy`` holds the handling time limits (`EscalationPolicy` defaults);
    ``remind_days`` is how many days before its end a mitigation raises its
    reminder; ``durable=False`` trades the guarantee that a commit survives a
    power cut for speed (a crash of the process still loses nothing committed).

    Raises:
        StoreError: the file is not an SQLite database, is another program's
            database, or was written by a newer riskwarn.
    """

    # -- writing --------------------------------------------------------------------------

    def put(self, warnings: Iterable[RiskWarning], *, graph: OrgGraph | None = None) -> PutResult:
        batch: dict[str, RiskWarning] = {}
        for w in warnings:
            if not isinstance(w, RiskWarning):
                raise StoreError(f"put: expected RiskWarning, got {type(w).__name__}")
            held = batch.get(w.id)
            if held is None or w.count > held.count:
                batch[w.id] = w
        if not batch:
            return PutResult()
        index = self._facts(graph)
        new: list[str] = []
        updated: list[str] = []
        mitigated: list[str] = []
        unchanged = 0
        with self._write() as audit:
            conn = audit.conn
            known = self._known(list(batch))
            covering = self._covering(batch.values())
            rows = NewRows()
            for w in batch.values():
                if w.id in known:
                    count, state = known[w.id]
                    if w.count <= count:
                        unchanged += 1
                        continue
                    conn.execute(
                        "UPDATE warnings SET count = ?, payload = ? WHERE id = ?",
                        (w.count, w.model_dump_json(), w.id),
                    )
                    audit.add(
                        "warning",
                        w.id,
                        SYSTEM,
                        summary_time(w),
                        "count",
                        state,
                        state,
                        data={"count": w.count, "previous": count},
                    )
                    updated.append(w.id)
                    continue
                m = next((m for m in covering.get(rule_key(w), ()) if m.covers(w)), None)
                state = State.MITIGATED if m is not None else State.OPEN
                facts = (
                    index.facts(w.subject, w.time) if index is not None else bare_facts(w.subject)
                )
                rows.add(w, state, m, facts, self.policy)
                data: dict[str, Any] = {"level": w.level.value, "count": w.count}
                if m is not None:
                    data["mitigation"] = m.id
                    mitigated.append(w.id)
                audit.add("warning", w.id, SYSTEM, w.time, "stored", None, state.value, None, data)
                new.append(w.id)
            rows.write(conn)
        return PutResult(tuple(new), tuple(updated), tuple(mitigated), unchanged)

    def _known(self, ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        found: dict[str, tuple[int, str]] = {}
        for chunk in chunks(ids):
            for wid, count, state in self._conn.execute(
                f"SELECT id, count, state FROM warnings WHERE id IN ({marks(chunk)})", chunk
            ):
                found[wid] = (count, state)
        return found

    def query(self, query: WarningQuery = ALL) -> list[StoredWarning]:
        sql, params = where(query)
        tail = f" ORDER BY {ORDERS[query.order]}"
        if query.limit is not None or query.offset:
            tail += " LIMIT ? OFFSET ?"
            params += [query.limit if query.limit is not None else -1, query.offset]
        return self._select(sql + tail, params)

    def count(self, query: WarningQuery = ALL) -> int:
        sql, params = where(query)
        return int(
            self._conn.execute(f"SELECT COUNT(*) FROM warnings w{sql}", params).fetchone()[0]
        )

    def tally(self, query: WarningQuery, by: TallyKey) -> dict[str, int]:
        sql, params = where(query)
        if by == "unit":
            text = (
                "SELECT COALESCE(su.unit, ''), COUNT(DISTINCT w.id) FROM warnings w "
                "LEFT JOIN subject_units su ON su.warning_id = w.id AND su.depth = 0"
                f"{sql} GROUP BY 1"
            )
        elif by in _TALLY:
            text = f"SELECT {_TALLY[by]}, COUNT(*) FROM warnings w{sql} GROUP BY 1"
        else:
            raise StoreError(f"tally: expected one of {', '.join([*_TALLY, 'unit'])}, got '{by}'")
        rows = self._conn.execute(text, params).fetchall()
        return {str(k): int(n) for k, n in sorted(rows, key=lambda r: (-r[1], str(r[0])))}

    def history(self, warning_id: str) -> list[AuditEntry]:
        return list(self._entries(" WHERE entity_id = ?", [warning_id]))

    def audit(self) -> Iterator[AuditEntry]:
        return self._entries("", [])

    def _entries(self, sql: str, params: list[Any]) -> Iterator[AuditEntry]:
        for row in self._conn.execute(f"SELECT * FROM audit{sql} ORDER BY seq", params):
            yield entry_from_row(row)

    def verify_audit(self) -> AuditReport:
        head = self._conn.execute("SELECT count, hash FROM audit_head WHERE id = 1").fetchone()
        current = {
            wid: (state, level)
            for wid, state, level in self._conn.execute("SELECT id, state, level FROM warnings")
        }
        try:
            return verify_chain(self.audit(), (int(head[0]), str(head[1])), current)
        except (ValueError, TypeError, json.JSONDecodeError) as exc:
            return AuditReport(0, "", f"the audit log cannot be read: {exc}")

    # -- changing -------------------------------------------------------------------------

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
        when = aware(at)
        act = _action(action)
        with self._write() as audit:
            stored = self._for_change(warning_id, when)
            new = next_state(warning_id, stored.state, act, disposition, note)
            acked, disposed, clock = stored.acknowledged_at, stored.disposed_at, stored.clock
            kept, kept_note = stored.disposition, stored.disposition_note
            if act is Action.ACKNOWLEDGE:
                acked = when
            elif act is Action.DISPOSE:
                disposed, kept, kept_note = when, disposition, note
            elif act is Action.REOPEN:  # a new check gets its own handling period
                disposed, clock, kept, kept_note = None, when, None, None
            due = self.policy.deadline(stored.level, new, clock, acked)
            audit.conn.execute(
                "UPDATE warnings SET state = ?, clock = ?, acknowledged_at = ?, disposed_at = ?, "
                "disposition = ?, disposition_note = ?, due = ?, due_us = ?, updated = ? "
                "WHERE id = ?",
                (
                    new.value,
                    clock.isoformat(),
                    acked.isoformat() if acked else None,
                    disposed.isoformat() if disposed else None,
                    kept.value if kept else None,
                    kept_note,
                    *due_columns(due),
                    max(stored.updated, when).isoformat(),
                    warning_id,
                ),
            )
            data = {"disposition": disposition.value} if disposition is not None else {}
            audit.add(
                "warning",
                warning_id,
                actor,
                when,
                act.value,
                stored.state.value,
                new.value,
                note,
                data,
            )
        return self.get(warning_id)

    def _for_change(self, warning_id: str, at: datetime) -> StoredWarning:
        stored = self.get(warning_id)
        if at < stored.warning.time:
            raise StoreError(
                f"warning '{warning_id}': at {at.isoformat()} is before the warning arose "
                f"({stored.warning.time.isoformat()})"
            )
        return stored

    def escalate(
        self,
        warning_id: str,
        *,
        actor: str,
        reason: str,
        at: datetime | None = None,
        graph: OrgGraph | None = None,
    ) -> StoredWarning:
        when = aware(at)
        if not reason.strip():
            raise StoreError(f"warning '{warning_id}': escalate needs a reason")
        with self._write() as audit:
            stored = self._for_change(warning_id, when)
            if stored.state not in ACTIVE_STATES:
                active = ", ".join(s.value for s in ACTIVE_STATES)
                raise TransitionError(
                    f"warning '{warning_id}' is {stored.state.value} ({stored.state.zh}): "
                    f"cannot escalate it; only a warning that is {active} can be escalated"
                )
            h = Handling.of(stored)
            why = f"referred upward by {actor}: {reason}"
            router = Router(graph) if graph is not None else None
            e = escalate_one(self.policy, h, when, why, router, automatic=False)
            self._apply(audit, [(h, e)], {h.id: h.after(e)}, actor)
        return self.get(warning_id)

    def escalate_due(self, now: datetime, *, graph: OrgGraph | None = None) -> list[Escalation]:
        limit = us(aware(now, "now"))
        router = Router(graph) if graph is not None else None
        done: list[tuple[Handling, Escalation]] = []
        with self._write() as audit:
            current = self._handling(" WHERE w.due_us IS NOT NULL AND w.due_us <= ?", [limit])
            heap = [(us(h.due), h.id) for h in current.values() if h.due is not None]
            heapq.heapify(heap)
            while heap:  # every deadline in time order, each at its own instant
                _, wid = heapq.heappop(heap)
                h = current[wid]
                assert h.due is not None
                deadline = self.policy.deadline(h.level, h.state, h.clock, h.acknowledged_at)
                e = escalate_one(
                    self.policy, h, h.due, overdue_reason(h, deadline), router, automatic=True
                )
                done.append((h, e))
                current[wid] = h = h.after(e)
                if h.due is not None and us(h.due) <= limit:
                    heapq.heappush(heap, (us(h.due), wid))
            self._apply(audit, done, current, SYSTEM)
        return [e for _, e in done]

    def _handling(self, where_sql: str, params: list[Any]) -> dict[str, Handling]:
        """What escalation needs of the warnings ``where_sql`` selects, without
        parsing their payloads."""
        holders: dict[str, list[Holder]] = defaultdict(list)
        for wid, tier, person, post, role in self._conn.execute(
            "SELECT r.warning_id, r.tier, r.person_id, r.position_id, r.role FROM recipients r "
            f"JOIN warnings w ON w.id = r.warning_id{where_sql} ORDER BY r.tier, r.ord",
            params,
        ):
            holders[wid].append(Holder(tier, person, post, role))
        return {
            r[0]: Handling(
                r[0],
                (r[1], r[2]),
                Level(r[3]),
                State(r[4]),
                datetime.fromisoformat(r[5]),
                time_or_none(r[6]),
                datetime.fromisoformat(r[7]),
                time_or_none(r[8]),
                r[9],
                tuple(holders[r[0]]),
            )
            for r in self._conn.execute(
                "SELECT w.id, w.subject_kind, w.subject_id, w.level, w.state, w.clock, "
                f"w.acknowledged_at, w.updated, w.due, w.escalations FROM warnings w{where_sql}",
                params,
            )
        }

    def _apply(
        self,
        audit: AuditWriter,
        done: list[tuple[Handling, Escalation]],
        final: dict[str, Handling],
        actor: str,
    ) -> None:
        """Write escalations: their recipients, an audit entry each, and each
        warning's state after the last of them."""
        rows: list[tuple[Any, ...]] = []
        for h, e in done:
            first = len(h.holders)
            rows.extend(
                recipient_row(h.id, r, e.tier, first + i, e.at) for i, r in enumerate(e.recipients)
            )
            data: dict[str, Any] = {
                "level": e.to_level.value,
                "from_level": e.from_level.value,
                "recipients": [r.person.id for r in e.recipients],
            }
            state = h.state.value
            audit.add("warning", h.id, actor, e.at, "escalate", state, state, e.note, data)
        if rows:
            self._conn.executemany(f"INSERT INTO recipients VALUES ({marks(rows[0])})", rows)
        changed = {h.id for h, _ in done}
        self._conn.executemany(
            "UPDATE warnings SET level = ?, level_rank = ?, clock = ?, due = ?, due_us = ?, "
            "escalations = ?, updated = ? WHERE id = ?",
            [
                (
                    h.level.value,
                    h.level.rank,
                    h.clock.isoformat(),
                    h.due.isoformat() if h.due else None,
                    us(h.due) if h.due else None,
                    h.escalations,
                    h.updated.isoformat(),
                    h.id,
                )
                for wid, h in final.items()
                if wid in changed
            ],
        )


def _action(action: Action | str) -> Action:
    try:
        return Action(action)
    except ValueError:
        names = ", ".join(a.value for a in Action)
        raise StoreError(f"action: expected one of {names}, got '{action}'") from None
