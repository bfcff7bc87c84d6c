"""The quarantine: where an invalid event goes, with where it came from, why it was
refused and the record as read, so that nothing is lost and reading goes on."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from riskwarn.errors import EventError, Location, Problem
from riskwarn.events.writing import json_text

__all__ = ["Quarantine", "Rejected"]


@dataclass(frozen=True, slots=True)
class Rejected:
    """An event refused: its ``source`` (file name as given, or ``<events>``), its
    ``line`` there (for a Python iterable: the item's 1-based number), every problem
    found and the ``raw`` record as read (a JSON line as text; a CSV row as a mapping of
    column to cell; a Python item as given)."""

    source: str
    line: int | None
    problems: tuple[Problem, ...]
    raw: Any

    @property
    def reason(self) -> str:
        """The problems, one per line, each ``source:line: type.field: message``."""
        return "\n".join(str(p) for p in self.problems)

    def to_json(self) -> str:
        """One JSON object: ``source``, ``line``, ``reason``, ``raw``. A raw value JSON
        cannot represent is written as its Python ``repr``."""
        try:
            raw = json_text(self.raw)
        except (TypeError, ValueError):
            raw = json_text(repr(self.raw))
        head = json_text({"source": self.source, "line": self.line, "reason": self.reason})
        return f'{head[:-1]},"raw":{raw}}}'


class Quarantine:
    """Receives refused events and counts them.

    ``target`` is a path (each `Rejected` written as a JSON line, the file truncated
    first and flushed after every line), a callable (called with each `Rejected`), or
    ``None`` (counted only). Close a file quarantine when done, or use it in ``with``.
    """

    def __init__(
        self, target: str | os.PathLike[str] | Callable[[Rejected], object] | None = None
    ) -> None:
        """Open the quarantine file, when ``target`` is a path.

        Raises:
            EventError: the quarantine file cannot be opened for writing.
        """
        self._count = 0
        self._file: IO[str] | None = None
        self._callback: Callable[[Rejected], object] | None = None
        if callable(target):
            self._callback = target
        elif target is not None:
            try:
                # open for the quarantine's life, closed by close(): not a with block
                self._file = Path(target).open("w", encoding="utf-8")  # noqa: SIM115
            except OSError as exc:
                where = Location(os.fspath(target))
                raise EventError(f"cannot write: {exc.strerror or exc}", location=where) from exc

    @property
    def count(self) -> int:
        """How many events were refused so far."""
        return self._count

    def add(self, rejected: Rejected) -> None:
        """Count ``rejected`` and pass it on to the file or callable."""
        self._count += 1
        if self._file is not None:
            self._file.write(rejected.to_json() + "\n")
            self._file.flush()
        if self._callback is not None:
            self._callback(rejected)

    def close(self) -> None:
        """Close the quarantine file, if any; the count stays available."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> Quarantine:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
