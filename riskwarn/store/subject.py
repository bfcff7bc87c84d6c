"""What the store needs to know about a warning's subject, from the organization
graph as of the warning's time: the subject's units (for jurisdiction and
queries by unit), its posts (for supervision scopes on posts), and the persons
conflicted about it (the subject, holders of a subject post, their relatives)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from riskwarn.errors import OrgError
from riskwarn.graph import OrgGraph
from riskwarn.model.warning import Ref

__all__ = ["SubjectFacts", "SubjectIndex", "conflicted_persons"]

_CACHE = 50_000
"""Entries kept before the cache starts over."""


@dataclass(frozen=True, slots=True)
class SubjectFacts:
    """A subject's place in the organization on one day."""

    units: tuple[tuple[str, int], ...] = ()
    """``(unit, depth)``: the subject's own units at depth 0, enclosing units
    above them (1 for the parent, ...), each unit once at its smallest depth."""
    positions: tuple[str, ...] = ()
    conflicted: frozenset[str] = frozenset()


def conflicted_persons(graph: OrgGraph, subject: Ref, at: datetime) -> frozenset[str]:
    """The subject (a person), or the holders of a subject post, and their
    relatives as of ``at``: persons who must not see or handle the warning."""
    try:
        if subject.kind == "person":
            people = {subject.id}
        elif subject.kind == "position":
            people = set(graph.holders(subject.id, at))
        else:
            return frozenset()
        found = set(people)
        for person in people:
            found.update(r.person for r in graph.relatives(person, at))
    except OrgError:  # not in this organization: only the subject itself is known
        return frozenset({subject.id}) if subject.kind == "person" else frozenset()
    return frozenset(found)


class SubjectIndex:
    """`SubjectFacts` per subject and day, cached: an `OrgGraph` does not change
    once built."""

    def __init__(self, graph: OrgGraph):
        self.graph = graph
        self._cache: dict[tuple[str, str, int], SubjectFacts] = {}

    def facts(self, subject: Ref, at: datetime) -> SubjectFacts:
        key = (subject.kind, subject.id, self.graph.day(at))
        found = self._cache.get(key)
        if found is None:
            found = self._facts(subject, at)
            if len(self._cache) >= _CACHE:
                self._cache.clear()
            self._cache[key] = found
        return found

    def _facts(self, subject: Ref, at: datetime) -> SubjectFacts:
        g = self.graph
        try:
            if subject.kind == "person":
                positions = tuple(g.positions_of(subject.id, at))
                base = [u for p in positions if (u := g.unit_of(p, at)) is not None]
            elif subject.kind == "position":
                positions = (subject.id,)
                unit = g.unit_of(subject.id, at)
                base = [unit] if unit is not None else []
            elif subject.kind == "unit":
                positions, base = (), [subject.id]
            elif subject.kind == "body":
                positions = ()
                unit = g.holder_unit("body", subject.id, at)
                base = [unit] if unit is not None else []
            else:
                return SubjectFacts()
            depths: dict[str, int] = {}
            for unit in base:
                for depth, u in enumerate(g.ancestors(unit, at)):
                    if depths.get(u, depth + 1) > depth:
                        depths[u] = depth
        except OrgError:  # the subject is not in this organization
            return SubjectFacts(conflicted=conflicted_persons(g, subject, at))
        units = tuple(sorted(depths.items(), key=lambda item: (item[1], item[0])))
        return SubjectFacts(units, positions, conflicted_persons(g, subject, at))
