"""The ruleset format: what a rule file may say, as pydantic models.

YAML keys are the field names (``if`` for conditions), so a validation error's
location is the path a user sees. These models check shape only: one rule
shape per rule, the options that go with it, unique ids. Names inside
conditions (events, fields, parameters, predicates) are checked against the
event types and predicates by `riskwarn.rules.check`.

Rule shapes (exactly one per rule):

- ``when``: a single event that matches; optionally excused by an ``unless``
  event before or after it, or turned into a deadline by ``expect`` (absence:
  the expected event does not follow within the time), with ``remind_before``;
- ``sequence``: events in order within a time;
- ``count`` / ``sum`` / ``distinct``: a sliding-window aggregate per group;
- ``analyzer``: a structural analyzer over the organization graph.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import Field, field_validator, model_validator

from riskwarn.errors import Location, Problem, RulesetError
from riskwarn.model.common import Id, Model, StrictBool, Text
from riskwarn.model.warning import Level
from riskwarn.rules.duration import PARAM_REF, Duration, FromParam

__all__ = [
    "AnalyzerRef",
    "Expect",
    "Pattern",
    "Rule",
    "Ruleset",
    "Sequence",
    "Side",
    "Suppress",
    "Unless",
    "Window",
]

_PATTERN = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)(?:\s+as\s+([A-Za-z][A-Za-z0-9_]*))?\s*$")

Condition = Annotated[str, Field(min_length=1, strict=True)]
"""An expression in the condition language (see `riskwarn.rules.expr`)."""

ParamValue = str | int | float | bool | list[str | int | float | bool]


class Pattern(Model):
    """An event to match: ``event: payment`` or ``event: collective_decision as d``,
    and an optional condition ``if``."""

    event: Text
    if_: Condition | None = Field(default=None, alias="if")

    model_config = Model.model_config | {"populate_by_name": True}

    @field_validator("event")
    @classmethod
    def _event_text(cls, value: str) -> str:
        if not _PATTERN.match(value):
            raise ValueError(f"expected 'TYPE' or 'TYPE as ALIAS', got '{value}'")
        return value

    @property
    def type(self) -> str:
        """The event type name."""
        match = _PATTERN.match(self.event)
        assert match is not None  # checked by the validator
        return match.group(1)

    @property
    def alias(self) -> str:
        """The name the condition uses for this event (the type name unless ``as`` gives one)."""
        match = _PATTERN.match(self.event)
        assert match is not None
        return match.group(2) or match.group(1)


class Side(StrEnum):
    BEFORE = "before"
    AFTER = "after"
    EITHER = "either"


class Unless(Pattern):
    """An event that excuses the ``when`` event when it occurs ``side`` of it within ``within``.

    With ``after``, the warning waits until ``within`` has passed without the excuse.
    """

    side: Side = Side.BEFORE
    within: Duration


class Expect(Pattern):
    """An event that must follow the ``when`` event within ``within`` (a deadline)."""

    within: Duration


class Sequence(Model):
    """Events that occur in this order, all within ``within`` of the first."""

    steps: list[Pattern] = Field(min_length=2)
    within: Duration


class Window(Pattern):
    """A sliding-window aggregate over matching events, per group.

    ``count``: the number of events; ``sum``: the total of ``field``;
    ``distinct``: the number of different values of ``field``. The rule fires
    when the aggregate is above ``over`` (or at least ``at_least``).
    """

    field: Text | None = None
    group_by: list[Text] = []
    within: Duration
    over: float | int | Text | None = None
    """A number or a condition expression such as ``params.open_tender``."""
    at_least: float | int | Text | None = None

    @field_validator("over", "at_least", mode="before")
    @classmethod
    def _limit(cls, value: Any) -> Any:
        if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
            raise ValueError("a finite number or a parameter such as 'params.limit' is expected")
        return value


AnalyzerParam = ParamValue | dict[str, str | int | float | bool]


class AnalyzerRef(Model):
    """A structural analyzer run over the organization graph. A parameter's value may
    be ``params.NAME``: the ruleset's parameter, so a deployment sets it like any other."""

    id: Id
    params: dict[str, AnalyzerParam] = {}

    def resolved(self, values: dict[str, Any]) -> dict[str, Any]:
        """The analyzer's parameters with each ``params.NAME`` replaced by ``values[NAME]``
        (a name not in ``values`` is left as written, for the analyzer to refuse)."""
        out: dict[str, Any] = {}
        for key, value in self.params.items():
            ref = PARAM_REF.fullmatch(value) if isinstance(value, str) else None
            out[key] = values[ref["name"]] if ref is not None and ref["name"] in values else value
        return out


class Suppress(Model):
    """Within ``for_``, repeated warnings of the rule for the same ``by`` become one with a count."""

    for_: Duration = Field(alias="for")
    by: list[Text] = ["subject"]

    model_config = Model.model_config | {"populate_by_name": True}


_SHAPES = ("when", "sequence", "count", "sum", "distinct", "analyzer")


class Rule(Model):
    """One rule: identity and text, exactly one shape, and what the warning is about."""

    id: Id
    title: Text
    title_en: Text | None = None
    level: Level
    category: Text
    basis: Text
    """The regulation and article the rule rests on."""
    message: Text | None = None
    """Template with ``{alias.field}`` placeholders; the title when omitted."""
    message_en: Text | None = None
    when: Pattern | None = None
    unless: Unless | None = None
    expect: Expect | None = None
    remind_before: Duration | None = None
    sequence: Sequence | None = None
    count: Window | None = None
    sum: Window | None = None
    distinct: Window | None = None
    analyzer: AnalyzerRef | None = None
    subject: Text | None = None
    """A field reference (``payment.approver``) naming who or what the warning is about."""
    requires: list[Text] = []
    """Fields (``alias.field``) the rule cannot be judged without: an event that lacks
    one is not evaluated by the rule, and the engine counts it (`Engine.diagnostics`)."""
    suppress: Suppress | None = None
    enabled: StrictBool = True

    @model_validator(mode="after")
    def _one_shape(self) -> Self:
        shapes = [name for name in _SHAPES if getattr(self, name) is not None]
        if len(shapes) != 1:
            got = ", ".join(shapes) if shapes else "none"
            raise ValueError(f"a rule has exactly one of {', '.join(_SHAPES)}; got {got}")
        if (self.unless or self.expect) and self.when is None:
            raise ValueError("unless and expect go with when")
        if self.unless and self.expect:
            raise ValueError("a rule has unless or expect, not both")
        if self.requires and self.analyzer is not None:
            raise ValueError("requires names event fields; an analyzer rule has no events")
        if self.remind_before is not None and self.expect is None:
            raise ValueError("remind_before goes with expect")
        if self.sum is not None and self.sum.field is None:
            raise ValueError("sum needs a field")
        if self.distinct is not None and self.distinct.field is None:
            raise ValueError("distinct needs a field")
        for name in ("count", "sum", "distinct"):
            window = getattr(self, name)
            if window is not None and (window.over is None) == (window.at_least is None):
                raise ValueError(f"{name} needs one of over or at_least")
        return self


class Ruleset(Model):
    """A ruleset file: identity, parameters with defaults, custom event types, rules."""

    ruleset: Id
    version: Text
    title: Text
    title_en: Text | None = None
    params: dict[str, ParamValue] = {}
    """Defaults; a deployment overrides them by name."""
    event_types: dict[Id, dict[Id, Text]] = {}
    """Custom event types: name → {field: type}, see docs/events.md."""
    rules: list[Rule] = Field(min_length=1)
    """Rule ids must be unique; `riskwarn.rules.check` reports a repeat where it is."""

    @model_validator(mode="before")
    @classmethod
    def _duration_params(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            return data
        params = data.get("params")
        if not isinstance(params, dict):
            return data
        return {**data, "rules": [substitute_durations(r, params) for r in data["rules"]]}

    def with_params(self, values: dict[str, Any]) -> Ruleset:
        """This ruleset with its durations given by parameters (``within:
        params.NAME``) taken from ``values`` (the defaults with a deployment's
        overrides, `riskwarn.compiler.resolve_params`); itself when none changes.

        Raises:
            RulesetError: an override is not a duration, located by rule and parameter.
        """
        rules: list[Rule] = []
        problems: list[Problem] = []
        for rule in self.rules:
            update: dict[str, Any] = {}
            for place in DURATION_PLACES:
                owner: Any = rule if len(place) == 1 else getattr(rule, place[0])
                attr = place[-1] if place[-1] != "for" else "for_"
                old = getattr(owner, attr, None) if owner is not None else None
                if not isinstance(old, Duration) or old.param is None:
                    continue
                value = values.get(old.param)
                try:
                    new = Duration.parse(value) if isinstance(value, str) else None
                except RulesetError:
                    new = None
                if new is None:
                    where = Location(rule=rule.id, path=f"params.{old.param}")
                    problems.append(
                        Problem(where, f"expected a duration like '5 workdays', got {value!r}")
                    )
                    continue
                if new == old:
                    continue
                new = Duration(new.count, new.unit, param=old.param)
                if len(place) == 1:
                    update[attr] = new
                else:
                    part = update.get(place[0], owner)
                    update[place[0]] = part.model_copy(update={attr: new})
            rules.append(rule.model_copy(update=update) if update else rule)
        if problems:
            raise RulesetError(problems)
        if all(a is b for a, b in zip(rules, self.rules, strict=True)):
            return self
        return self.model_copy(update={"rules": rules, "params": dict(values)})


DURATION_PLACES: tuple[tuple[str, ...], ...] = (
    ("unless", "within"),
    ("expect", "within"),
    ("remind_before",),
    ("sequence", "within"),
    ("count", "within"),
    ("sum", "within"),
    ("distinct", "within"),
    ("suppress", "for"),
)
"""Where a rule holds durations (as written in YAML)."""


def substitute_durations(rule: Any, params: dict[str, Any]) -> Any:
    """A rule's raw data with each duration written ``params.NAME`` replaced by a
    `FromParam` holding the parameter's value, for `Duration` to validate; a name that
    is not a parameter is left for `Duration` to report."""
    if not isinstance(rule, dict):
        return rule
    out = dict(rule)
    for place in DURATION_PLACES:
        holder: Any = out
        if len(place) == 2:
            part = out.get(place[0])
            if not isinstance(part, dict):
                continue
            holder = out[place[0]] = dict(part)
        value = holder.get(place[-1])
        ref = PARAM_REF.fullmatch(value) if isinstance(value, str) else None
        if ref is not None and ref["name"] in params:
            holder[place[-1]] = FromParam(ref["name"], params[ref["name"]])
    return out
