"""What a store holds and how it is asked: a stored warning with its lifecycle,
its recipients by escalation tier, a viewer's scope, and the query for the read
side (by recipient, unit, level, category, state, period)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from riskwarn.model.warning import Level, Recipient, Ref, RiskWarning
from riskwarn.store.lifecycle import Disposition, State

__all__ = ["ALL", "Assignment", "PutResult", "Scope", "StoredWarning", "WarningQuery"]


@dataclass(frozen=True, slots=True)
class Assignment:
    """A recipient of a stored warning: chosen by the warning's routing (tier 0)
    or by the n-th escalation (tier n)."""

    recipient: Recipient
    tier: int
    at: datetime
    """When the recipient was added: the warning's time, or the escalation's."""


@dataclass(frozen=True, slots=True)
class StoredWarning:
    """A warning as the store keeps it: the warning itself (its latest count and
    evidence), where it stands, and who it is with."""

    warning: RiskWarning
    state: State
    level: Level
    """The current level: the warning's own, raised by each escalation up to red."""
    assignments: tuple[Assignment, ...]
    clock: datetime
    """Start of the current handling period: the warning's time, the last
    escalation or a reopening."""
    due: datetime | None
    """The next deadline (acknowledge or dispose) that escalates it; None when handled."""
    updated: datetime
    """When it last changed (the ``at`` of its last audit entry)."""
    acknowledged_at: datetime | None = None
    disposed_at: datetime | None = None
    disposition: Disposition | None = None
    disposition_note: str | None = None
    mitigation: str | None = None
    """The mitigation record that covered it (state ``mitigated``)."""
    escalations: int = 0
    units: tuple[str, ...] = ()
    """The subject's own units when the warning arose (empty when it was stored
    without an organization)."""

    @property
    def id(self) -> str:
        return self.warning.id

    @property
    def recipients(self) -> tuple[Recipient, ...]:
        return tuple(a.recipient for a in self.assignments)

    @property
    def top_tier(self) -> int:
        return max((a.tier for a in self.assignments), default=0)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data: the lifecycle fields, the recipients with their tiers,
        and the warning itself under ``warning``."""

        def iso(t: datetime | None) -> str | None:
            return t.isoformat() if t is not None else None

        return {
            "id": self.id,
            "state": self.state.value,
            "level": self.level.value,
            "original_level": self.warning.level.value,
            "escalations": self.escalations,
            "clock": iso(self.clock),
            "due": iso(self.due),
            "updated": iso(self.updated),
            "acknowledged_at": iso(self.acknowledged_at),
            "disposed_at": iso(self.disposed_at),
            "disposition": self.disposition.value if self.disposition else None,
            "disposition_note": self.disposition_note,
            "mitigation": self.mitigation,
            "units": list(self.units),
            "recipients": [
                {"tier": a.tier, "at": a.at.isoformat(), **a.recipient.model_dump(mode="json")}
                for a in self.assignments
            ],
            "warning": self.warning.model_dump(mode="json"),
        }


@dataclass(frozen=True, slots=True)
class PutResult:
    """What writing a batch did: ids of new warnings, of warnings whose count
    grew (suppression summaries), of new ones stored as mitigated, and how many
    were already there unchanged."""

    new: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    mitigated: tuple[str, ...] = ()
    unchanged: int = 0

    @property
    def stored(self) -> int:
        return len(self.new) + len(self.updated) + self.unchanged


@dataclass(frozen=True, slots=True)
class Scope:
    """What a viewer may see as of a day: warnings routed to them, or about a
    subject within the units and posts they supervise or lead; never a warning
    about themselves, a post they hold, or a relative (recusal)."""

    viewer: str
    units: frozenset[str] = frozenset()
    """Units whose subunits come along (supervision scopes with subunits, units led)."""
    own_units: frozenset[str] = frozenset()
    """Units covered without their subunits."""
    positions: frozenset[str] = frozenset()
    """Posts supervised directly."""
    held: frozenset[str] = frozenset()
    """The viewer's own posts: warnings about them are hidden from the viewer."""
    relatives: frozenset[str] = frozenset()
    """The viewer's relatives: warnings about them are hidden from the viewer."""

    def describe(self) -> str:
        """The jurisdiction in words, for an access error."""
        parts = []
        if self.units:
            parts.append("units " + ", ".join(sorted(self.units)) + " with their subunits")
        if self.own_units:
            parts.append("units " + ", ".join(sorted(self.own_units)))
        if self.positions:
            parts.append("posts " + ", ".join(sorted(self.positions)))
        return "; ".join(parts) if parts else "no units or posts"


Order = Literal["time", "-time", "severity"]
"""``time``: oldest first; ``-time``: newest first; ``severity``: highest
current level first, then oldest first (an inbox)."""


@dataclass(frozen=True, slots=True)
class WarningQuery:
    """Which stored warnings to read. Empty fields do not filter; several values
    in one field mean any of them. ``since``/``until`` bound the warning's time,
    ``[since, until)``. ``units`` match the subject's units when the warning
    arose, and with ``include_subunits`` any unit enclosing them too."""

    ids: tuple[str, ...] = ()
    recipient: str | None = None
    """A person id among the recipients (any tier)."""
    units: tuple[str, ...] = ()
    include_subunits: bool = True
    levels: tuple[Level, ...] = ()
    """Current levels (after escalation)."""
    categories: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    rulesets: tuple[str, ...] = ()
    states: tuple[State, ...] = ()
    subject: Ref | tuple[str, str] | None = None
    """A subject as a `Ref` or ``(kind, id)``."""
    since: datetime | None = None
    until: datetime | None = None
    scope: Scope | None = None
    """Only what this viewer may see."""
    order: Order = "time"
    limit: int | None = None
    offset: int = 0


ALL = WarningQuery()
"""The query that matches every stored warning."""
