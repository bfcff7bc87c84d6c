"""A `WarningQuery` as SQL over the store's tables: the filters, the viewer's
scope, the order. Parameters are always bound, never pasted into the text."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from riskwarn.store.errors import StoreError
from riskwarn.store.records import Scope, WarningQuery

__all__ = ["ORDERS", "marks", "us", "where"]

ORDERS = {
    "time": "w.time_us, w.id",
    "-time": "w.time_us DESC, w.id",
    "severity": "w.level_rank DESC, w.time_us, w.id",
}


def marks(values: Collection[Any]) -> str:
    """``?, ?, ?`` for binding ``values``."""
    return ", ".join("?" * len(values))


def us(t: datetime) -> int:
    """An aware time as whole microseconds since the epoch (exact, unlike floats)."""
    return (t - _EPOCH) // timedelta(microseconds=1)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _in(column: str, values: Sequence[Any], sql: list[str], params: list[Any]) -> None:
    if values:
        sql.append(f"{column} IN ({marks(values)})")
        params.extend(str(v) for v in values)


def where(query: WarningQuery) -> tuple[str, list[Any]]:
    """The ``WHERE`` clause (or ``""``) and its parameters, for ``warnings w``.

    Raises:
        StoreError: an unknown order, or a negative limit or offset.
    """
    if query.order not in ORDERS:
        raise StoreError(f"query.order: expected one of {', '.join(ORDERS)}, got '{query.order}'")
    if (query.limit is not None and query.limit < 0) or query.offset < 0:
        raise StoreError("query.limit and query.offset must not be negative")
    sql: list[str] = []
    params: list[Any] = []
    _in("w.id", query.ids, sql, params)
    _in("w.level", query.levels, sql, params)
    _in("w.category", query.categories, sql, params)
    _in("w.rule", query.rules, sql, params)
    _in("w.ruleset", query.rulesets, sql, params)
    _in("w.state", query.states, sql, params)
    if query.recipient is not None:
        sql.append(
            "EXISTS (SELECT 1 FROM recipients r WHERE r.warning_id = w.id AND r.person_id = ?)"
        )
        params.append(query.recipient)
    if query.units:
        depth = "" if query.include_subunits else " AND su.depth = 0"
        sql.append(
            "EXISTS (SELECT 1 FROM subject_units su WHERE su.warning_id = w.id "
            f"AND su.unit IN ({marks(query.units)}){depth})"
        )
        params.extend(query.units)
    if query.subject is not None:
        subject = query.subject
        kind, ident = subject if isinstance(subject, tuple) else (subject.kind, subject.id)
        sql.append("w.subject_kind = ? AND w.subject_id = ?")
        params.extend([kind, ident])
    if query.since is not None:
        sql.append("w.time_us >= ?")
        params.append(us(query.since))
    if query.until is not None:
        sql.append("w.time_us < ?")
        params.append(us(query.until))
    if query.scope is not None:
        scoped, scope_params = _scope(query.scope)
        sql.append(scoped)
        params.extend(scope_params)
    return (" WHERE " + " AND ".join(sql) if sql else ""), params


def _scope(scope: Scope) -> tuple[str, list[Any]]:
    """Visible (routed, or within jurisdiction) and not conflicted."""
    visible = ["EXISTS (SELECT 1 FROM recipients r WHERE r.warning_id = w.id AND r.person_id = ?)"]
    params: list[Any] = [scope.viewer]
    units = sorted(scope.units)
    own = sorted(scope.own_units)
    if units or own:
        parts = []
        if units:
            parts.append(f"su.unit IN ({marks(units)})")
        if own:
            parts.append(f"(su.unit IN ({marks(own)}) AND su.depth = 0)")
        visible.append(
            "EXISTS (SELECT 1 FROM subject_units su WHERE su.warning_id = w.id "
            f"AND ({' OR '.join(parts)}))"
        )
        params.extend(units + own)
    if scope.positions:
        posts = sorted(scope.positions)
        visible.append(
            "EXISTS (SELECT 1 FROM subject_positions sp WHERE sp.warning_id = w.id "
            f"AND sp.position IN ({marks(posts)}))"
        )
        params.extend(posts)
    people = sorted({scope.viewer, *scope.relatives})
    held = sorted(scope.held)
    excluded = [f"(w.subject_kind = 'person' AND w.subject_id IN ({marks(people)}))"]
    params.extend(people)
    if held:
        excluded.append(f"(w.subject_kind = 'position' AND w.subject_id IN ({marks(held)}))")
        params.extend(held)
    excluded.append(
        "EXISTS (SELECT 1 FROM conflicts c WHERE c.warning_id = w.id AND c.person_id = ?)"
    )
    params.append(scope.viewer)
    return f"({' OR '.join(visible)}) AND NOT ({' OR '.join(excluded)})", params
