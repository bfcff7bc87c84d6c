"""Event types by name: the built-ins, plus custom types registered as Python classes or
declared as data (a field-name → type-name mapping), as a ruleset declares its events."""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterator, Mapping
from typing import Any, Literal, cast, get_args, get_origin

from pydantic import create_model

from riskwarn.errors import EventError, Location, Problem, RulesetError, did_you_mean
from riskwarn.events.builtin import BUILTIN_TYPES
from riskwarn.events.envelope import (
    ENVELOPE_FIELDS,
    NAME_PATTERN,
    Day,
    DecimalNumber,
    Event,
    EventTime,
)
from riskwarn.model.common import Id, StrictBool, StrictInt, Text
from riskwarn.validation import show

__all__ = ["FIELD_TYPES", "EventTypes"]

FIELD_TYPES: Mapping[str, Any] = {
    "text": Text,
    "int": StrictInt,
    "decimal": DecimalNumber,
    "bool": StrictBool,
    "date": Day,
    "datetime": EventTime,
    "id": Id,
    "list[text]": tuple[Text, ...],
    "list[id]": tuple[Id, ...],
}
"""The type names a declared field may have; a trailing ``?`` makes a field optional."""

_ALIASES = {
    "str": "text",
    "string": "text",
    "integer": "int",
    "float": "decimal",
    "number": "decimal",
    "money": "decimal",
    "boolean": "bool",
    "timestamp": "datetime",
    "time": "datetime",
    "list": "list[text]",
    "list[str]": "list[text]",
    "list[string]": "list[text]",
}
_NAME = re.compile(NAME_PATTERN)
_NAME_RULE = "lowercase letters, digits and '_', starting with a letter, at most 64 characters"
_MAX_NAME = 64


class EventTypes:
    """The event types a stream may hold: every built-in type plus the custom ones added
    to this instance. Instances are independent; `EventTypes.default()` is a fresh one
    with the built-ins only."""

    def __init__(self) -> None:
        self._types: dict[str, type[Event]] = dict(BUILTIN_TYPES)

    @classmethod
    def default(cls) -> EventTypes:
        """A new registry holding the built-in types only."""
        return cls()

    def copy(self) -> EventTypes:
        """An independent registry with the same types (custom ones included)."""
        other = EventTypes()
        other._types = dict(self._types)
        return other

    def __contains__(self, name: object) -> bool:
        return name in self._types

    def __iter__(self) -> Iterator[str]:
        return iter(self._types)

    def __len__(self) -> int:
        return len(self._types)

    def get(self, name: str) -> type[Event] | None:
        """The model of type ``name``, or ``None``."""
        return self._types.get(name)

    def model(self, name: str) -> type[Event]:
        """The model of type ``name``.

        Raises:
            EventError: no such type (with the nearest name as a hint).
        """
        model = self._types.get(name)
        if model is None:
            raise EventError(f"unknown event type '{name}'{did_you_mean(name, self._types)}")
        return model

    def is_builtin(self, name: str) -> bool:
        """Whether ``name`` is a built-in type."""
        return name in BUILTIN_TYPES

    def register(self, name: str, model: type[Event]) -> type[Event]:
        """Add a custom type defined in Python: a subclass of `Event` whose ``type`` is
        ``Literal[name]`` with default ``name``. Returns ``model``.

        Raises:
            EventError: listing every problem: a bad or taken name, a model that is not
                an `Event` subclass, a ``type`` not fixed to ``name``, a redefined
                envelope field, a badly named field.
        """
        problems = self._name_problems(name)
        if not (isinstance(model, type) and issubclass(model, Event)):
            got = getattr(model, "__name__", None) or show(model)
            message = f"expected a subclass of Event, got {got}"
            problems.append(Problem(Location(path=f"{name}"), message))
        else:
            problems.extend(_model_problems(name, model))
        if problems:
            raise EventError(problems)
        self._types[name] = model
        return model

    def declare(
        self, name: str, fields: Mapping[str, str], *, doc: str | None = None
    ) -> type[Event]:
        """Add a custom type declared as data, ``{"field": "type name"}``, with type names
        from `FIELD_TYPES` (``text``, ``int``, ``decimal``, ``bool``, ``date``,
        ``datetime``, ``id``, ``list[text]``, ``list[id]``), each optionally followed by
        ``?``. Returns the model built.

        An optional scalar may be omitted (it is then ``None``); an optional list may be
        omitted (it is then empty).

        Raises:
            RulesetError: listing every problem, each located at ``<name>.<field>``: a bad
                or taken type name, a field name that is malformed or belongs to the
                envelope, an unknown type name (with the nearest one as a hint).
        """
        problems = self._name_problems(name)
        definitions: dict[str, Any] = {}
        if not isinstance(fields, Mapping):
            message = f"expected a mapping of field name to type name, got {show(fields)}"
            problems.append(Problem(Location(path=f"{name}"), message))
            fields = {}
        for field, spec in fields.items():
            where = Location(path=f"{name}.{field}")
            message = _field_name_problem(field)
            if message is None:
                definition = _definition(spec)
                if isinstance(definition, str):
                    message = definition
                else:
                    definitions[field] = definition
            if message is not None:
                problems.append(Problem(where, message))
        if problems:
            raise RulesetError(problems)
        literal = cast(Any, Literal)[name]
        model: type[Event] = create_model(
            _class_name(name),
            __base__=Event,
            __doc__=doc or f"Custom event type '{name}', declared as data.",
            type=(literal, name),
            **definitions,
        )
        self._types[name] = model
        return model

    def _name_problems(self, name: object) -> list[Problem]:
        message = _name_problem(name, "an event type name")
        if message is None:
            if name in BUILTIN_TYPES:
                message = f"event type '{name}' is built in (choose another name)"
            elif name in self._types:
                message = f"event type '{name}' is already registered"
        return [] if message is None else [Problem(Location(), message)]


def _name_problem(name: object, what: str) -> str | None:
    if isinstance(name, str) and _NAME.fullmatch(name) and len(name) <= _MAX_NAME:
        if not keyword.iskeyword(name):
            return None
        return f"expected {what} ({_NAME_RULE}), got {show(name)} (a Python keyword)"
    return f"expected {what} ({_NAME_RULE}), got {show(name)}"


def _field_name_problem(field: object) -> str | None:
    message = _name_problem(field, "a field name")
    if message is not None or not isinstance(field, str):
        return message
    if field in ENVELOPE_FIELDS:
        every = ", ".join(ENVELOPE_FIELDS)
        return f"'{field}' is an envelope field, which every event has ({every})"
    if field.startswith("model_"):
        return f"'{field}' is reserved (names starting with 'model_' belong to pydantic)"
    if hasattr(Event, field):
        return f"'{field}' is reserved (an attribute of every event)"
    return None


def _definition(spec: object) -> tuple[Any, Any] | str:
    """The pydantic ``(annotation, default)`` of a declared type, or what is wrong."""
    if not isinstance(spec, str):
        return f"expected a type name such as 'text' or 'decimal?', got {show(spec)}"
    text = spec.replace(" ", "")
    optional = text.endswith("?")
    base = text.removesuffix("?")
    annotation = FIELD_TYPES.get(base)
    if annotation is None:
        hint = did_you_mean(base, FIELD_TYPES)
        if not hint and base.lower() in _ALIASES:
            hint = f" (did you mean '{_ALIASES[base.lower()]}'?)"
        if not hint:
            hint = f" (expected one of {', '.join(FIELD_TYPES)}, and '?' for optional)"
        return f"unknown field type '{spec}'{hint}"
    if not optional:
        return (annotation, ...)
    if base.startswith("list["):
        return (annotation, ())
    return (annotation | None, None)


def _model_problems(name: str, model: type[Event]) -> list[Problem]:
    problems: list[Problem] = []
    info = model.model_fields["type"]
    fixed = get_origin(info.annotation) is Literal and get_args(info.annotation) == (name,)
    if not fixed or info.default != name:
        if get_origin(info.annotation) is Literal:
            got = f"Literal[{', '.join(map(repr, get_args(info.annotation)))}]"
        else:
            got = getattr(info.annotation, "__name__", str(info.annotation))
        if info.is_required():
            got += " with no default"
        else:
            got += f" = {info.default!r}"
        declare = f"type: Literal['{name}'] = '{name}'"
        message = f"expected {model.__name__} to declare {declare}, got {got}"
        problems.append(Problem(Location(path=f"{name}.type"), message))
    for field in ENVELOPE_FIELDS:
        if field == "type":
            continue
        mine, base = model.model_fields[field], Event.model_fields[field]
        if (mine.annotation, mine.metadata, mine.default) != (
            base.annotation,
            base.metadata,
            base.default,
        ):
            message = f"'{field}' is an envelope field and cannot be redefined"
            problems.append(Problem(Location(path=f"{name}.{field}"), message))
    for field in model.model_fields:
        bad_name = None if field in ENVELOPE_FIELDS else _name_problem(field, "a field name")
        if bad_name is not None:
            problems.append(Problem(Location(path=f"{name}.{field}"), bad_name))
    return problems


def _class_name(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))
