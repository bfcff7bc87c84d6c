"""Organization sources: the files named by the user, found and ordered, and the raw
items read from them before validation.

A folder stands for every ``.yaml``, ``.yml``, ``.json`` and ``.csv`` file below
it, sorted by path, hidden files and folders skipped. A file reached twice (named
twice, or named and inside a named folder) is read once, at its first place.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskwarn.errors import Location, Problem
from riskwarn.orgfile.locate import Origin

__all__ = ["SUFFIXES", "RawItem", "Read", "SourceFile", "find_sources", "read_text"]

SUFFIXES = (".yaml", ".yml", ".json", ".csv")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to read: ``name`` is how messages show it (the path as given)."""

    name: str
    path: Path


@dataclass(frozen=True, slots=True)
class RawItem:
    """One item as read, before validation: a section item or the organization info.

    ``strings`` marks a CSV row (every value a string); ``reported`` names the
    fields whose absence was already reported once for the whole CSV file.
    """

    section: str
    data: Any
    origin: Origin
    strings: bool = False
    reported: frozenset[str] = frozenset()


@dataclass(slots=True)
class Read:
    """What one file gave. ``broken`` when items may be lost (syntax error, unknown
    section ...): references into the organization then cannot be checked."""

    items: list[RawItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    broken: bool = False

    def fail(self, file: str, line: int | None, message: str, path: str | None = None) -> None:
        """Record a problem that loses items."""
        self.problems.append(Problem(Location(file, line, path=path), message))
        self.broken = True


def find_sources(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[SourceFile], list[Problem]]:
    """The files to read, in order, and the problems with the paths themselves.

    A path that does not exist, or a file named explicitly whose type is not
    supported, is a problem; files of other types inside a folder are ignored.
    """
    found: list[SourceFile] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for given in paths:
        name = os.fspath(given)
        path = Path(name)
        if path.is_dir():
            candidates = [SourceFile(str(path / rel), path / rel) for rel in _folder_files(path)]
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                expected = "expected .yaml, .yml, .json or .csv"
                message = f"unsupported file type '{path.suffix}' ({expected})"
                problems.append(Problem(Location(name), message))
                continue
            candidates = [SourceFile(name, path)]
        else:
            problems.append(Problem(Location(name), "no such file or folder"))
            continue
        for source in candidates:
            key = os.path.realpath(source.path)
            if key not in seen:
                seen.add(key)
                found.append(source)
    return found, problems


def _folder_files(folder: Path) -> list[Path]:
    """Supported files below ``folder``, relative to it, sorted; hidden ones skipped."""
    out: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = Path(root).relative_to(folder)
        out.extend(
            rel / f for f in files if not f.startswith(".") and Path(f).suffix.lower() in SUFFIXES
        )
    return sorted(out)


def read_text(source: SourceFile, read: Read) -> str | None:
    """The text of ``source`` (UTF-8, a byte-order mark dropped), or ``None`` after
    recording why it cannot be read."""
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        read.fail(source.name, None, f"cannot read: {exc.strerror or exc}")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        read.fail(
            source.name,
            line,
            f"expected UTF-8 text, got byte 0x{data[exc.start]:02x} "
            "(save the file as UTF-8; in Excel: 'CSV UTF-8')",
        )
        return None
