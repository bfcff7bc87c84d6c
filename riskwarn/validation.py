"""Pydantic validation errors rewritten in riskwarn's shape, *what: expected, got (hint)*.

Each error becomes the field path it is about, the path whose line points at it,
and a message. Error types not special-cased keep pydantic's own message, never
its documentation URL.
"""

from __future__ import annotations

import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from riskwarn.errors import did_you_mean

__all__ = ["Loc", "Translated", "show", "translate", "unwrap"]

Loc = tuple[str | int, ...]
"""A path into data, pydantic style: ``("stages", "decision", "holders", 0)``."""

_ID_PATTERN = r"^[\w.\-]+$"
_REGION_PATTERN = r"^\d{6}$"
_MAX_SHOWN = 60


@dataclass(frozen=True, slots=True)
class Translated:
    """A rewritten error: the field ``path`` it is about, the path ``line_at``
    whose line points at it, and the ``message``."""

    path: Loc
    line_at: Loc
    message: str


def show(value: Any) -> str:
    """A value as a message shows it: strings quoted, YAML spellings for the rest."""
    if isinstance(value, str):
        text = value if len(value) <= _MAX_SHOWN else value[: _MAX_SHOWN - 3] + "..."
        return f"'{text}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple | set | frozenset):
        return "a list"
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    return str(value)


def translate(error: ErrorDetails, model: type[BaseModel]) -> Translated:
    """Rewrite one pydantic error about an item validated as ``model``."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    if loc and loc[-1] == "[key]":  # a bad mapping key: point at the key itself
        loc = loc[:-1]
    if kind == "extra_forbidden":
        name = str(loc[-1])
        hint = did_you_mean(name, _fields_at(model, loc[:-1]))
        return Translated(loc[:-1], loc, f"unknown field '{name}'{hint}")
    if kind == "missing":
        return Translated(loc[:-1], loc[:-1], f"missing required field '{loc[-1]}'")
    return Translated(loc, loc, _message(error))


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx: dict[str, Any] = error.get("ctx") or {}
    got = show(value)
    if kind == "enum":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = did_you_mean(value, allowed) if isinstance(value, str) else ""
        listed = ", ".join(f"'{a}'" for a in allowed)
        return f"expected one of {listed}; got {got}{hint}"
    if kind == "string_type":
        quoted = isinstance(value, int | float) and not isinstance(value, bool)
        hint = f" (write it in quotes: '{value}')" if quoted else ""
        return f"expected a string, got {got}{hint}"
    if kind == "string_pattern_mismatch":
        return f"expected {_pattern_name(str(ctx.get('pattern', '')))}, got {got}"
    if kind.startswith("date_"):
        return f"expected a date (YYYY-MM-DD), got {got}"
    if kind.startswith(("value_error", "assertion_error")):
        return _validator_message(error["msg"], got, bool(error["loc"]))
    if kind in ("too_short", "too_long"):
        bound = ctx.get("min_length" if kind == "too_short" else "max_length")
        side = "least" if kind == "too_short" else "most"
        items = "item" if bound == 1 else "items"
        return f"expected at {side} {bound} {items}, got {ctx.get('actual_length', got)}"
    simple = _SIMPLE.get(kind)
    if simple is not None:
        try:
            expected = simple.format(**ctx)
        except KeyError:
            return str(error["msg"])
        if kind == "string_too_long" and isinstance(value, str):
            got = f"{len(value)}"
        return f"expected {expected}, got {got}"
    return str(error["msg"])


_SIMPLE = {
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "an integer",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_too_short": "a non-empty string",
    "string_too_long": "at most {max_length} characters",
    "tuple_type": "a list",
    "list_type": "a list",
    "set_type": "a list",
    "frozen_set_type": "a list",
    "iterable_type": "a list",
    "dict_type": "a mapping",
    "mapping_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "greater_than": "a number > {gt}",
    "greater_than_equal": "a number >= {ge}",
    "less_than": "a number < {lt}",
    "less_than_equal": "a number <= {le}",
}


def _pattern_name(pattern: str) -> str:
    if pattern == _ID_PATTERN:
        return "an id (letters, digits, '_', '.' or '-')"
    if pattern == _REGION_PATTERN:
        return "a region code (6 digits, GB/T 2260)"
    return f"text matching {pattern}"


def _validator_message(msg: str, got: str, on_field: bool) -> str:
    """A model's own validator message, without pydantic's ``Value error, `` prefix."""
    text = re.sub(r"^(Value error|Assertion failed), ", "", msg)
    wanted = re.fullmatch(r"(.+) is expected", text)
    if wanted and on_field:
        return f"expected {wanted[1]}, got {got}"
    return text


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names of the model found at ``loc`` inside ``model`` (none if not a model)."""
    tp: Any = model
    for part in loc:
        tp = unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
            info = tp.model_fields.get(part)
            if info is None:
                return []
            tp = info.annotation
        elif get_origin(tp) in (tuple, list, set, frozenset):
            tp = get_args(tp)[0]
        elif get_origin(tp) is dict:
            tp = get_args(tp)[1]
        else:
            return []
    tp = unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return []


def unwrap(tp: Any) -> Any:
    """Strip ``Annotated`` and ``| None`` from a type (a union of several types is kept)."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp
