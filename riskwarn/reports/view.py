"""Who reads a report: an administrator, who sees every stored warning, or a
person, who sees what the store's access rules let them see (`riskwarn.store.access`:
warnings routed to them or within their jurisdiction, never one about
themselves or a relative). Every count, list and history a report shows is read
through one `View`, so a person's report cannot show more than their inbox."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from riskwarn.graph import OrgGraph
from riskwarn.store.audit import AuditEntry
from riskwarn.store.base import SYSTEM, TallyKey, WarningStore
from riskwarn.store.records import ALL, Scope, StoredWarning, WarningQuery

__all__ = ["View"]


class View:
    """``store`` as ``viewer`` may see it as of ``at``, or whole when ``viewer`` is None.

    Raises:
        OrgError: ``viewer`` is not a person of the organization.
    """

    def __init__(
        self, store: WarningStore, graph: OrgGraph, viewer: str | None, at: datetime
    ) -> None:
        self.store = store
        self.graph = graph
        self.viewer = viewer
        self.at = at
        self.scope: Scope | None = None
        if viewer is not None:
            self._inbox = store.inbox(viewer, graph, at)
            self.scope = self._inbox.scope

    @property
    def admin(self) -> bool:
        return self.viewer is None

    def query(self, query: WarningQuery = ALL) -> list[StoredWarning]:
        return self.store.query(self._scoped(query))

    def count(self, query: WarningQuery = ALL) -> int:
        return self.store.count(self._scoped(query))

    def tally(self, query: WarningQuery, by: TallyKey) -> dict[str, int]:
        return self.store.tally(self._scoped(query), by)

    def history(self, warning_id: str) -> list[AuditEntry]:
        """The audit trail of a warning in view.

        Raises:
            StoreError: no such warning.
            AccessDenied: the viewer may not see it.
        """
        if self.viewer is None:
            return self.store.history(warning_id)
        return self._inbox.history(warning_id)

    def _scoped(self, query: WarningQuery) -> WarningQuery:
        return query if self.scope is None else replace(query, scope=self.scope)

    # -- in words -------------------------------------------------------------------------

    def person_name(self, person: str) -> str:
        """A person's name from the organization, ``系统`` for the store itself, else the id."""
        if person == SYSTEM:
            return "系统"
        found = self.graph.persons.get(person)
        return found.name if found is not None else person

    def unit_name(self, unit: str) -> str:
        found = self.graph.units.get(unit)
        return found.name if found is not None else unit

    def reader(self) -> str:
        """``周秀英（县财政局局长）`` or ``管理员（全部预警）``."""
        if self.viewer is None:
            return "管理员（全部预警）"
        posts = [
            self.graph.positions[p].name
            for p in self.graph.positions_of(self.viewer, self.at)
            if p in self.graph.positions
        ]
        name = self.person_name(self.viewer)
        return f"{name}（{'、'.join(posts)}）" if posts else name

    def jurisdiction(self) -> list[str]:
        """The viewer's jurisdiction in words, one line per kind; empty for an administrator."""
        if self.scope is None:
            return []
        lines = []
        if self.scope.units:
            names = "、".join(sorted(self.unit_name(u) for u in self.scope.units))
            lines.append(f"单位（含下属单位）：{names}")
        if self.scope.own_units:
            names = "、".join(sorted(self.unit_name(u) for u in self.scope.own_units))
            lines.append(f"单位（不含下属单位）：{names}")
        if self.scope.positions:
            names = "、".join(
                sorted(
                    self.graph.positions[p].name if p in self.graph.positions else p
                    for p in self.scope.positions
                )
            )
            lines.append(f"职位：{names}")
        lines.append("以及发送给本人的预警；不含涉及本人、本人所任职位及亲属的预警（回避）")
        return lines
