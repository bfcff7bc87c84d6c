"""What a rule found, before it becomes a warning: the rule, the kind (warning or
reminder), the event time it became true and the events that make it true.

The durable_rules engine (`riskwarn.engine.Engine`) and the plain-Python reference
evaluator (`riskwarn.engine.reference`) both produce `Match` values; the differential
tests compare their `key`s, and `riskwarn.engine.warnings` turns matches into warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from riskwarn.events import Event

__all__ = ["Match", "MatchKind"]


class MatchKind(StrEnum):
    WARNING = "warning"
    REMINDER = "reminder"
    """A blue reminder before an ``expect`` deadline."""


@dataclass(frozen=True, slots=True)
class Match:
    """A rule that became true at ``time`` on ``events``.

    ``events`` are in stream order with their ``aliases``: the ``when`` event (and
    for ``unless before`` nothing else; an absence has no excusing event), the steps
    of a sequence, or the events in an aggregate's window. ``actual`` and
    ``threshold`` are an aggregate's value and limit; ``group`` its group key;
    ``deadline`` the instant an ``expect``/``unless after`` ran out.
    """

    ruleset: str
    rule: str
    kind: MatchKind
    time: datetime
    events: tuple[Event, ...]
    aliases: tuple[str, ...]
    order: tuple[int, int] = (0, 0)
    """``(ruleset index, rule index)`` of the rule in the engine, for a stable order."""
    seqs: tuple[int, ...] = ()
    """Stream positions of ``events``."""
    actual: Any = None
    threshold: Any = None
    group: tuple[Any, ...] = ()
    deadline: datetime | None = field(default=None)

    @property
    def key(self) -> tuple[Any, ...]:
        """What identifies the match: rule, kind, time and event ids."""
        return (
            self.ruleset,
            self.rule,
            self.kind.value,
            self.time,
            tuple(e.id for e in self.events),
        )

    @property
    def sort_key(self) -> tuple[Any, ...]:
        """Emission order: event time, then rule position, then the events' stream positions."""
        return (self.time, self.order, self.seqs, self.kind.value)
