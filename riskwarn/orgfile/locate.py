"""Where an item of an organization came from, and how a problem about it is located.

A `Locator` turns *(section, index, field path)* into a `Location`: a bare field
path for an `Organization` built in Python, file and line for one loaded from
files (the line of the offending key, found in the YAML node when there is one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from riskwarn.errors import Location, Problem, field_path
from riskwarn.validation import Loc
from riskwarn.yamldoc import node_line

__all__ = ["FileLocator", "Loc", "Locator", "Origin"]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where one item was read: its file, its path there (``("positions", 4)``) and
    its line; ``node`` is the YAML node, for the lines of its fields (CSV: none)."""

    file: str
    path: Loc
    line: int
    node: Any = None

    def line_of(self, sub: Loc) -> int:
        """The line of the deepest part of ``sub`` present in the node (else the item's)."""
        return self.line if self.node is None or not sub else node_line(self.node, sub, self.line)

    def location(self, sub: Loc = (), line_at: Loc | None = None) -> Location:
        """The location of field ``sub`` of this item, at the line of ``line_at``
        (by default ``sub`` itself)."""
        line = self.line_of(sub if line_at is None else line_at)
        return Location(self.file, line, path=field_path(self.path + sub))

    def problem(self, message: str, sub: Loc = ()) -> Problem:
        """A problem with field ``sub`` of this item."""
        return Problem(self.location(sub), message)


class Locator:
    """Locates problems in an `Organization` built in Python: field paths only."""

    def at(self, section: str, index: int, sub: Loc = ()) -> Location:
        """The location of field ``sub`` of item ``index`` of ``section``."""
        return Location(path=field_path((section, index, *sub)))

    def brief(self, section: str, index: int) -> str:
        """A short reference to an item, for hints such as ``(first at ...)``."""
        return field_path((section, index))


class FileLocator(Locator):
    """Locates problems in a loaded organization: file, line and the path within the file."""

    def __init__(self, origins: Mapping[str, Sequence[Origin]]):
        self._origins = origins

    def at(self, section: str, index: int, sub: Loc = ()) -> Location:
        return self._origins[section][index].location(sub)

    def brief(self, section: str, index: int) -> str:
        origin = self._origins[section][index]
        return f"{origin.file}:{origin.line}"
