"""The warning every producer emits: the structural scan now, the rules engine later.

A `RiskWarning` says which rule, which regulation, about whom, since when, on
what evidence (events, graph paths, threshold against actual value), and who
receives it and why. Its id is a hash of what identifies the finding, so a
re-run never duplicates a warning downstream.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, Field

from riskwarn.model.common import Model, StrictInt, Text

__all__ = [
    "EventRef",
    "Evidence",
    "GraphPath",
    "Level",
    "PathStep",
    "Recipient",
    "Ref",
    "RiskWarning",
    "warning_id",
]

Scalar = str | int | float | bool | None


class Level(StrEnum):
    """Warning levels, most severe first: red (a hard rule broken), orange
    (probable violation), yellow (anomaly to check), blue (reminder)."""

    RED = "red"
    ORANGE = "orange"
    YELLOW = "yellow"
    BLUE = "blue"

    @property
    def rank(self) -> int:
        """4 for red down to 1 for blue."""
        return {"red": 4, "orange": 3, "yellow": 2, "blue": 1}[self.value]

    @property
    def zh(self) -> str:
        return {"red": "红色", "orange": "橙色", "yellow": "黄色", "blue": "蓝色"}[self.value]


class Ref(Model):
    """A node of the organization graph: kind (person, position, unit, body,
    power, stage, entity), id and display name."""

    kind: Text
    id: Text
    name: Text

    def __str__(self) -> str:
        return f"{self.name} ({self.kind} {self.id})"


class PathStep(Model):
    """One edge of an explanation: ``source --label--> target``."""

    source: Ref
    relation: Text
    """Machine label, e.g. ``holds``, ``kin.spouse``, ``interest.owner``."""
    label: Text
    """Human label, Chinese then English, e.g. ``配偶 spouse``."""
    target: Ref
    since: date | None = None
    until: date | None = None


class GraphPath(Model):
    """A chain of graph edges that explains a relation."""

    steps: tuple[PathStep, ...] = Field(min_length=1)

    def __str__(self) -> str:
        text = self.steps[0].source.name
        for step in self.steps:
            text += f" —{step.label}→ {step.target.name}"
        return text


class EventRef(Model):
    """An event that is evidence, with the fields that mattered."""

    id: Text
    type: Text
    time: AwareDatetime
    fields: dict[str, Scalar] = Field(default_factory=dict)


class Evidence(Model):
    """Why a warning holds."""

    events: tuple[EventRef, ...] = ()
    paths: tuple[GraphPath, ...] = ()
    threshold: Scalar = None
    actual: Scalar = None
    facts: dict[str, Scalar] = Field(default_factory=dict)
    """Other values that mattered, by name."""


class Recipient(Model):
    """A supervisor a warning is routed to, and why."""

    person: Ref
    position: Ref
    role: Text
    """``line``, ``discipline``, ``organization`` or ``audit``."""
    reason: Text


class RiskWarning(Model):
    """An explained, routed warning."""

    id: Text
    rule: Text
    ruleset: Text
    ruleset_version: Text
    level: Level
    category: Text
    title: Text
    title_en: Text | None = None
    message: Text
    message_en: Text | None = None
    basis: Text
    """The regulation and article the rule rests on."""
    subject: Ref
    time: AwareDatetime
    """Event time at which the warning became true (for a scan: the scan time)."""
    evidence: Evidence = Evidence()
    recipients: tuple[Recipient, ...] = ()
    count: StrictInt = Field(default=1, ge=1)
    """How many occurrences this warning stands for (after suppression)."""


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_canonical(v) for v in value]
        return sorted(items, key=json.dumps) if isinstance(value, set | frozenset) else items
    return value


def warning_id(ruleset: str, rule: str, level: Level, subject: Ref, key: Any) -> str:
    """A deterministic id: the same ruleset, rule, level, subject and key give the same id.

    ``key`` is whatever else identifies the finding (JSON-like values, dates).
    """
    payload = json.dumps(
        [ruleset, rule, level.value, subject.kind, subject.id, _canonical(key)],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return "rw-" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]
