"""Validation errors about one event, as problems located at ``<type>.<field>``.

Errors read as they do in organization files (`riskwarn.validation.translate`);
only the event-specific ones (exact decimals, times with a zone, a fixed ``type``) are
worded here.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from riskwarn.errors import Location, Problem, field_path
from riskwarn.validation import Loc, show, translate

__all__ = ["event_problems"]

_ISO = "ISO 8601, e.g. '2024-03-01T09:30:00+08:00'"
_DATE_ONLY = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*")


def event_problems(
    exc: ValidationError, model: type[BaseModel], name: str, source: str, line: int | None
) -> list[Problem]:
    """One problem per error of ``exc``, raised validating an event of type ``name``,
    located at ``source:line: <name>.<field path>``.

    A missing field that an unknown one is taken for (``amout``: did you mean
    ``amount``?) is reported once, as the unknown field.
    """
    errors = exc.errors(include_url=False)
    out: list[Problem] = []
    suggested: set[Loc] = set()
    for error in errors:
        path, message = _translate(error, model)
        hint = re.search(r"\(did you mean '([^']*)'\?\)$", message)
        if error["type"] == "extra_forbidden" and hint:
            suggested.add((*path, hint[1]))
        out.append(Problem(Location(source, line, path=field_path((name, *path))), message))
    return [
        problem
        for problem, error in zip(out, errors, strict=True)
        if not (error["type"] == "missing" and tuple(error["loc"]) in suggested)
    ]


def _translate(error: ErrorDetails, model: type[BaseModel]) -> tuple[Loc, str]:
    kind = error["type"]
    loc: Loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx") or {}
    got = show(value)
    if kind == "riskwarn_expected":
        return loc, f"expected {ctx['expected']}, got {got}{ctx['hint']}"
    if kind == "timezone_aware" and not (isinstance(value, str) and _DATE_ONLY.fullmatch(value)):
        hint = "add the offset, e.g. +08:00" if isinstance(value, str) else "give it a tzinfo"
        return loc, f"expected a date-time with a time zone, got {got} ({hint})"
    if kind.startswith("datetime_") or kind == "timezone_aware":
        return loc, f"expected a date-time with a time zone ({_ISO}), got {got}"
    if kind == "finite_number" or kind.startswith("decimal_"):
        return loc, f"expected a finite decimal number, got {got}"
    if kind == "literal_error":
        return loc, f"expected {ctx.get('expected', '')}, got {got}"
    translated = translate(error, model)
    return translated.path, translated.message
