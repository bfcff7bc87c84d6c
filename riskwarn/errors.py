"""Errors: one root, `RiskwarnError`, with a child per phase.

Every message has the same shape, *where: what: expected, got (hint)*, and an
error carries every problem found in one pass, so a user fixes five typos at
once::

    examples/county/org.yaml:31: positions[4].unit: no unit 'finance_burea' (did you mean 'finance_bureau'?)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "EngineError",
    "EventError",
    "Location",
    "OrgError",
    "Problem",
    "RiskwarnError",
    "RulesetError",
    "did_you_mean",
    "field_path",
]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: file and 1-based line, rule id, field path; each optional."""

    file: str | None = None
    line: int | None = None
    rule: str | None = None
    path: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file is not None:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        if self.rule is not None:
            parts.append(f"rule '{self.rule}'")
        if self.path:
            parts.append(self.path)
        return ": ".join(parts)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong, and where."""

    location: Location
    message: str

    def __str__(self) -> str:
        where = str(self.location)
        return f"{where}: {self.message}" if where else self.message


class RiskwarnError(Exception):
    """The root of every error riskwarn raises on purpose.

    It holds one or more `Problem`s; `str()` gives one line per problem.
    """

    def __init__(
        self, problems: str | Problem | Sequence[Problem], *, location: Location | None = None
    ):
        if isinstance(problems, str):
            problems = [Problem(location or Location(), problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        if not problems:
            raise ValueError("an error needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class OrgError(RiskwarnError):
    """An organization file or model is invalid (loading, references, analyzer input)."""


class RulesetError(RiskwarnError):
    """A ruleset, or the parameters of a rule or analyzer, are invalid."""


class EventError(RiskwarnError):
    """An event is invalid."""


class EngineError(RiskwarnError):
    """The rules engine failed while evaluating a rule."""


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """The hint ` (did you mean 'x'?)` for the closest candidate, or ``""``."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def field_path(loc: Iterable[str | int]) -> str:
    """Render a pydantic-style location tuple as ``positions[4].unit``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
