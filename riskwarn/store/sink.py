"""`StoreSink`: an engine sink that writes warnings to a store in transactions.

The engine calls a sink with each warning as it is emitted
(``Engine(..., sinks=[sink])``). The sink collects them and writes every
``flush_every`` warnings in one transaction; `flush` (or leaving a ``with``
block) writes the rest. Only what a flush committed counts as stored: after a
crash, re-running the same events stores the rest, and what was stored already
is recognized by id and left alone.

With ``escalate=True`` each flush also escalates in event time: the clock is the
latest warning time seen, so a replay escalates what live processing would have
escalated by then (the store's `EscalationPolicy` gives the limits).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from riskwarn.graph import OrgGraph
from riskwarn.model.warning import RiskWarning
from riskwarn.store.base import WarningStore
from riskwarn.store.errors import StoreError
from riskwarn.store.records import PutResult

__all__ = ["StoreSink"]


class StoreSink:
    """Writes emitted warnings to ``store``, ``flush_every`` at a time.

    ``graph`` gives new warnings their subjects' units and conflicts (pass the
    engine's organization); ``on_stored`` is called after each committed flush
    with its `PutResult`; ``escalate`` runs `WarningStore.escalate_due` after each
    flush at the latest warning time seen (event time).
    """

    def __init__(
        self,
        store: WarningStore,
        graph: OrgGraph | None = None,
        *,
        flush_every: int = 1000,
        escalate: bool = False,
        on_stored: Callable[[PutResult], object] | None = None,
    ):
        if flush_every < 1:
            raise StoreError(f"flush_every must be at least 1, got {flush_every}")
        self.store = store
        self.graph = graph
        self.flush_every = flush_every
        self.escalate = escalate
        self.on_stored = on_stored
        self.clock: datetime | None = None
        """The latest warning time seen: the replay's clock as far as warnings tell."""
        self.new = 0
        self.updated = 0
        self.unchanged = 0
        self._pending: list[RiskWarning] = []

    def __call__(self, warning: RiskWarning) -> None:
        self._pending.append(warning)
        if self.clock is None or warning.time > self.clock:
            self.clock = warning.time
        if len(self._pending) >= self.flush_every:
            self.flush()

    def flush(self) -> PutResult:
        """Write what is pending in one transaction (and escalate, when asked)."""
        pending, self._pending = self._pending, []
        result = self.store.put(pending, graph=self.graph) if pending else PutResult()
        self.new += len(result.new)
        self.updated += len(result.updated)
        self.unchanged += result.unchanged
        if self.on_stored is not None and pending:
            self.on_stored(result)
        if self.escalate and self.clock is not None:
            self.store.escalate_due(self.clock, graph=self.graph)
        return result

    def __enter__(self) -> StoreSink:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.flush()
