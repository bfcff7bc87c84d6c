"""Message templates: the ``message`` and ``message_en`` of a rule.

A template is text with ``{...}`` placeholders::

    {payment.approver.name} 审批了自己发起的付款 {payment.amount} 元

- ``{alias.field}``: a field of an event bound in the rule (for an aggregate,
  of the last event of the window);
- ``{alias.field.name}``: the display name of the person, position, unit,
  entity or body whose id the field holds (the id itself when the
  organization does not know it);
- ``{subject}`` (the subject's display name), ``{actual}``, ``{threshold}``,
  ``{count}``, ``{deadline}``: the facts of the warning;
- ``{params.NAME}``: a parameter of the ruleset, as the deployment set it (a duration
  in words: ``5个工作日`` in ``message``, ``5 working days`` in ``message_en``);
- ``{{`` and ``}}``: a literal brace.

Nothing else: no format specs (``{x:>10}``), conversions (``{x!r}``),
indexing (``{x[0]}``) or other attribute access (``{x.y.z}``). `parse_template`
refuses them with their column; `check_template` checks the names against the
rule's events; `render` fills a template in and never raises.
"""

from __future__ import annotations

import enum
import functools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from riskwarn.errors import did_you_mean
from riskwarn.rules.duration import Duration
from riskwarn.rules.expr import ExprError

__all__ = [
    "MISSING",
    "PARAMS",
    "SPECIALS",
    "Placeholder",
    "Template",
    "TemplateError",
    "check_template",
    "parse_template",
    "render",
]

SPECIALS = ("subject", "actual", "threshold", "count", "deadline")
"""The placeholders that are facts of the warning rather than event fields."""

MISSING = "—"
"""What a placeholder renders as when its value is None or absent (an em dash)."""

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SHAPES = "{alias.field}, {alias.field.name}, {params.NAME} or one of " + ", ".join(
    f"{{{s}}}" for s in SPECIALS
)


class TemplateError(ExprError):
    """A template that cannot be parsed; ``column`` is 1-based, in characters."""


@dataclass(frozen=True, slots=True)
class Placeholder:
    """One ``{...}``: a special (``alias`` None, ``field`` its name) or an event
    field, optionally shown by the display ``name`` of the id it holds."""

    alias: str | None
    field: str
    name: bool = False
    column: int = 0

    @property
    def key(self) -> str:
        """The key of its value in `render`'s ``values``: ``alias.field`` or the special."""
        return self.field if self.alias is None else f"{self.alias}.{self.field}"

    def __str__(self) -> str:
        return "{" + self.key + (".name" if self.name else "") + "}"


@dataclass(frozen=True, slots=True)
class Template:
    """A parsed template: literal text and placeholders, in order."""

    text: str
    parts: tuple[str | Placeholder, ...]

    @property
    def placeholders(self) -> tuple[Placeholder, ...]:
        return tuple(p for p in self.parts if isinstance(p, Placeholder))


def parse_template(text: str) -> Template:
    """Parse a message template.

    Raises:
        TemplateError: a single ``{`` or ``}``, an empty placeholder, a format
            spec, conversion, index or attribute beyond ``.name`` (with its column).
    """
    return _parse(text)


@functools.lru_cache(maxsize=1024)
def _parse(text: str) -> Template:
    parts: list[str | Placeholder] = []
    literal: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in "{}" and text[i + 1 : i + 2] == char:
            literal.append(char)
            i += 2
            continue
        if char == "}":
            raise TemplateError(
                "a single '}' is not allowed; write '}}' for a literal brace", i + 1
            )
        if char != "{":
            literal.append(char)
            i += 1
            continue
        end = text.find("}", i + 1)
        opened = text.find("{", i + 1)
        if end < 0 or 0 <= opened < end:
            raise TemplateError("'{' is not closed; write '{{' for a literal brace", i + 1)
        if literal:
            parts.append("".join(literal))
            literal = []
        parts.append(_placeholder(text[i + 1 : end], i + 1))
        i = end + 1
    if literal:
        parts.append("".join(literal))
    return Template(text, tuple(parts))


def _placeholder(inner: str, column: int) -> Placeholder:
    shown = "{" + inner + "}"
    if not inner.strip():
        raise TemplateError(
            f"empty placeholder '{shown}': expected {_SHAPES} (write '{{{{' and '}}}}' for literal braces)",
            column,
        )
    for chars, what in (
        (":", "format specs are"),
        ("!", "conversions are"),
        ("[]", "indexing is"),
    ):
        at = next((k for k, c in enumerate(inner) if c in chars), None)
        if at is not None:
            raise TemplateError(f"'{shown}': {what} not allowed in a placeholder", column + 1 + at)
    names = inner.split(".")
    if not all(_NAME.fullmatch(name) for name in names):
        raise TemplateError(f"'{shown}' is not a placeholder: expected {_SHAPES}", column)
    if any(name.startswith("_") for name in names):
        raise TemplateError(f"'{shown}': names starting with '_' are not allowed", column)
    if len(names) == 1:
        return Placeholder(None, names[0], column=column)
    if len(names) == 2:
        return Placeholder(names[0], names[1], column=column)
    if len(names) == 3 and names[2] == "name":
        return Placeholder(names[0], names[1], name=True, column=column)
    raise TemplateError(
        f"'{shown}': only '.name' (the display name of the id the field holds) may follow "
        f"a field, got '.{'.'.join(names[2:])}'",
        column,
    )


PARAMS = "\0params"
"""The key of `check_template`'s ``aliases`` that lists the ruleset's parameter names."""


def check_template(text: str, aliases: Mapping[str, Sequence[str]]) -> list[str]:
    """Every problem of a template whose events are ``aliases`` (alias → its field
    names; the parameter names under `PARAMS`, which allows ``{params.NAME}``): the
    parse error, or each unknown special, event, field and parameter, as ``column N:
    message`` with the nearest name."""
    try:
        template = parse_template(text)
    except TemplateError as exc:
        return [str(exc)]
    problems: list[str] = []
    for p in template.placeholders:
        message = _check(p, aliases)
        if message is not None:
            problems.append(str(TemplateError(message, p.column)))
    return problems


def _check(p: Placeholder, aliases: Mapping[str, Sequence[str]]) -> str | None:
    if p.alias == "params" and PARAMS in aliases:
        if p.name:
            return f"'{p}': a parameter has no display name; write {{params.{p.field}}}"
        if p.field not in aliases[PARAMS]:
            return f"unknown parameter '{p.field}'{did_you_mean(p.field, aliases[PARAMS])}"
        return None
    if p.alias is None:
        if p.field in SPECIALS:
            return None
        if p.field in aliases:
            return f"'{p.field}' is an event; name one of its fields, e.g. {{{p.field}.id}}"
        hint = did_you_mean(p.field, [*SPECIALS, *aliases])
        return f"unknown placeholder '{p}': expected {_SHAPES}{hint}"
    if p.alias not in aliases:
        if p.alias in SPECIALS:
            return f"'{p}': {{{p.alias}}} takes no field; write {{{p.alias}}}"
        return f"unknown event '{p.alias}'{did_you_mean(p.alias, aliases)}"
    fields = aliases[p.alias]
    if p.field not in fields:
        return f"'{p.alias}' has no field '{p.field}'{did_you_mean(p.field, fields)}"
    return None


def render(
    template_or_text: Template | str,
    values: Mapping[str, Any],
    name_of: Callable[[str], str | None],
    lang: str = "zh",
) -> str:
    """Fill a template in.

    ``values`` maps ``alias.field`` and the specials to their values; a value
    that is None or absent renders as `MISSING`. ``name_of`` gives the display
    name of an id for ``{alias.field.name}`` (None when unknown: the id is
    shown). Decimals render exactly, without an exponent (``500000.00``),
    datetimes in ISO 8601 with their offset, booleans ``true``/``false``, lists
    as their items joined by ``, ``, enums as their value, a `Duration` in words of
    ``lang`` (``5个工作日``; ``5 working days`` for ``en``).

    Never raises: a text that is not a valid template renders as itself, and a
    value or name that cannot be shown renders as `MISSING`.
    """
    if isinstance(template_or_text, Template):
        template = template_or_text
    else:
        try:
            template = parse_template(template_or_text)
        except Exception:  # not a valid template (or not text at all)
            return _show(template_or_text, None)
    out: list[str] = []
    for part in template.parts:
        if isinstance(part, str):
            out.append(part)
            continue
        try:
            value = values.get(part.key)
        except Exception:
            value = None
        if isinstance(value, Duration):
            out.append(value.describe(lang))
            continue
        out.append(_show(value, name_of if part.name else None))
    return "".join(out)


def _show(value: Any, name_of: Callable[[str], str | None] | None, depth: int = 0) -> str:
    try:
        return _text(value, name_of, depth)
    except Exception:
        return MISSING


def _text(value: Any, name_of: Callable[[str], str | None] | None, depth: int) -> str:
    if value is None:
        return MISSING
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, str):
        return _name(value, name_of) if name_of is not None else str.__str__(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return format(Decimal(value), "f")  # no limit on the number of digits
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f") if math.isfinite(value) else repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        if not value:
            return MISSING
        if depth > 0:  # a list in a list: as Python shows it
            return str(value)
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return ", ".join(_show(item, name_of, depth + 1) for item in items)
    return str(value)


def _name(ident: str, name_of: Callable[[str], str | None]) -> str:
    try:
        name = name_of(ident)
    except Exception:
        name = None
    return name if isinstance(name, str) and name else ident
