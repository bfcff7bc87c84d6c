"""The working state of one synthetic organization while it is generated.

Every table is a list of plain dicts (field name → value, defaults left out) so
that later steps, planting risk points above all, can still change an item;
`synth.generate` turns them into models at the very end. Days are proleptic
ordinals (`date.toordinal`) until then.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from riskwarn.model import AdminLevel, Grade

__all__ = ["EXTRACT", "FAR", "START", "Area", "Draft", "Organ", "Post", "Row", "Section", "day"]

Row = dict[str, Any]
"""One item of a table: field name → value."""

START = date(2014, 1, 1).toordinal()
"""The first day of the data: no tenure starts earlier."""
EXTRACT = date(2026, 6, 30).toordinal()
"""The day the data was extracted (and the benchmark's scan day): nothing starts later,
and what still runs on it is open-ended."""
FAR = date(2100, 1, 1).toordinal()
"""Stands for "no end" in day arithmetic."""


def day(ordinal: int | None) -> date | None:
    """A day number as a `date`; ``None`` and `FAR` (no end) as ``None``."""
    return None if ordinal is None or ordinal >= FAR else date.fromordinal(ordinal)


@dataclass(slots=True)
class Area:
    """An administrative area (province, city or county) and its organs by code."""

    level: AdminLevel
    region: str
    prefix: str
    name: str
    parent: Area | None
    organs: dict[str, Organ] = field(default_factory=dict)


@dataclass(slots=True)
class Section:
    """An internal section of an organ in one era, with its posts."""

    id: str
    name: str
    functions: tuple[str, ...]
    chief: str
    deputy: str | None
    staff: list[str]
    overseer: str
    """The organ deputy in charge of it (分管领导)."""


@dataclass(slots=True)
class Organ:
    """An organ (a non-section unit) with its leaders and its sections per era.

    ``eras`` holds one (start, end, sections) triple, or two when the organ was
    reorganized on ``eras[1][0]``: the old sections end that day, new ones begin.
    """

    id: str
    name: str
    code: str
    kind: str
    area: Area
    regulates: tuple[str, ...]
    principal: str
    deputies: list[str]
    members: list[str]
    """Positions of its collective body."""
    eras: list[tuple[int | None, int | None, list[Section]]] = field(default_factory=list)


@dataclass(slots=True)
class Post:
    """A post over time: the positions that carry it, one after the other.

    A post whose section was reorganized has two segments; whoever holds it on
    the day of the change moves to the new position.
    """

    tier: int
    """0 staff, 1 section chief or deputy chief, 2 leader."""
    rotating: bool
    """Leader or key post: rotated every 2–5 years."""
    segments: list[tuple[str, int, int]]
    """(position id, first day, end day), consecutive."""


@dataclass(slots=True)
class Draft:
    """All tables under construction, and the indexes the later steps need."""

    rng: random.Random
    persons: int
    units: list[Row] = field(default_factory=list)
    positions: list[Row] = field(default_factory=list)
    bodies: list[Row] = field(default_factory=list)
    people: list[Row] = field(default_factory=list)
    tenures: list[Row] = field(default_factory=list)
    kinship: list[Row] = field(default_factory=list)
    entities: list[Row] = field(default_factory=list)
    interests: list[Row] = field(default_factory=list)
    powers: list[Row] = field(default_factory=list)
    checks: list[Row] = field(default_factory=list)
    supervision: list[Row] = field(default_factory=list)
    quotas: list[Row] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    organs: list[Organ] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    unit: dict[str, Row] = field(default_factory=dict)
    """Unit rows by id."""
    position: dict[str, Row] = field(default_factory=dict)
    """Position rows by id."""
    organ_of: dict[str, Organ] = field(default_factory=dict)
    """The organ of every unit, by unit id."""
    holder: dict[str, str] = field(default_factory=dict)
    """Position id → the person holding it on `EXTRACT`."""
    staff: int = 0
    """Persons ``0 .. staff-1`` hold tenures; the rest are relatives and contacts."""
    planted: Counter[str] = field(default_factory=Counter)
    """Risk points planted, by the analyzer id expected to find them."""
    width: int = field(init=False, default=0)
    """Digits of a person id: as many as the number of persons has."""

    def person_id(self, index: int) -> str:
        """The id of the person with this index: ``p00042``."""
        return f"p{index:0{self.width}d}"

    def __post_init__(self) -> None:
        self.width = len(str(self.persons))

    def add_unit(self, row: Row) -> None:
        """Append a unit row."""
        self.units.append(row)
        self.unit[row["id"]] = row

    def add_position(self, row: Row) -> str:
        """Append a position row; return its id."""
        self.positions.append(row)
        self.position[row["id"]] = row
        return str(row["id"])

    def grade(self, position_id: str) -> Grade:
        return self.position[position_id]["grade"]  # type: ignore[no-any-return]
