"""Loading a ruleset file: YAML (or JSON) → `Ruleset`, every problem located.

A problem inside a rule reads ``file:line: rule 'id': field.path: message``;
elsewhere ``file:line: field.path: message``. Shape problems (pydantic) and
name problems (`riskwarn.rules.check`: events, fields, parameters, predicates,
analyzers) are reported together, sorted by line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from riskwarn.errors import Location, Problem, RulesetError, field_path
from riskwarn.events import EventTypes
from riskwarn.rules.check import check_rules, check_ruleset
from riskwarn.rules.model import Rule, Ruleset, substitute_durations
from riskwarn.validation import Loc, show, translate
from riskwarn.yamldoc import (
    TooLarge,
    YAMLError,
    budget_for,
    load,
    node_line,
    plain,
    read_text,
    syntax_problem,
)

__all__ = ["load_ruleset", "load_rulesets", "locator_for", "ruleset_paths"]


def locator_for(file: str | None, doc: Any, data: Any) -> Any:
    """A function from a path in the ruleset to its `Location`: the rule id and
    the path within the rule for anything under ``rules[i]``; the line from the
    YAML node when there is one."""

    def locate(loc: Loc) -> Location:
        line = node_line(doc, loc, 1) if doc is not None else None
        rule = None
        path = loc
        if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
            rules = data.get("rules") if isinstance(data, dict) else None
            item = rules[loc[1]] if isinstance(rules, list) and loc[1] < len(rules) else None
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                rule, path = item["id"], loc[2:]
        return Location(file, line, rule=rule, path=field_path(path))

    return locate


def load_ruleset(path: str | os.PathLike[str], types: EventTypes | None = None) -> Ruleset:
    """Load and check one ruleset file.

    ``types`` are the event types the rules may use (the built-ins by
    default); the ruleset's own ``event_types`` are added to a copy.

    Raises:
        RulesetError: every problem of the file: unreadable, syntax, shape,
            unknown names, each with file, line, rule id and field path.
    """
    name, text = read_text(path, RulesetError)
    try:
        doc = load(text)
    except YAMLError as exc:
        line, message = syntax_problem(exc, text)
        raise RulesetError([Problem(Location(name, line), message)]) from None
    except RecursionError:
        raise RulesetError([Problem(Location(name), "syntax error: nested too deeply")]) from None
    if not isinstance(doc, dict):
        raise RulesetError(
            [
                Problem(
                    Location(name, 1),
                    f"expected a ruleset mapping (ruleset, version, title, rules), got {show(plain(doc, budget_for(text)))}",
                )
            ]
        )
    try:
        data = plain(doc, budget_for(text))
    except TooLarge as exc:
        raise RulesetError([Problem(Location(name, 1), str(exc))]) from None
    locate = locator_for(name, doc, data)
    try:
        ruleset: Ruleset | None = Ruleset.model_validate(data)
    except ValidationError as exc:
        ruleset = None
        problems = [_shape_problem(error, locate) for error in exc.errors()]
    else:
        problems = []
    if ruleset is not None:
        problems = check_ruleset(ruleset, types or EventTypes.default(), locate)
    else:  # still check the names in every rule that is valid on its own
        problems += check_rules(
            *_valid_parts(data), types or EventTypes.default(), locate, ids=_rule_ids(data)
        )
    if problems:
        raise RulesetError(_sorted(problems))
    assert ruleset is not None
    return ruleset


def ruleset_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given; folders give their ``*.yaml``/``*.yml``/``*.json`` rulesets
    (not ``*.test.yaml`` rule-test files), sorted."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.iterdir())
                if p.suffix in (".yaml", ".yml", ".json") and ".test." not in p.name
            )
        else:
            found.append(path)
    return found


def load_rulesets(paths: Iterable[str | os.PathLike[str]]) -> list[Ruleset]:
    """Load and check the ruleset files of `ruleset_paths`.

    Raises:
        RulesetError: every problem of every file, or no ruleset file at all.
    """
    paths = list(paths)
    rulesets: list[Ruleset] = []
    problems: list[Problem] = []
    for path in ruleset_paths(paths):
        try:
            rulesets.append(load_ruleset(path))
        except RulesetError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RulesetError(problems)
    if not rulesets:
        raise RulesetError(f"no ruleset files in {', '.join(str(p) for p in paths)}")
    return rulesets


def _shape_problem(error: Any, locate: Any) -> Problem:
    translated = translate(error, Ruleset)
    where = locate(translated.line_at)
    return Problem(
        Location(where.file, where.line, where.rule, locate(translated.path).path),
        translated.message,
    )


def _valid_parts(
    data: dict[str, Any],
) -> tuple[list[tuple[int, Rule]], dict[str, Any], dict[str, Any]]:
    """The rules that validate alone (with their index), and params and event
    types when they are mappings."""
    rules = []
    items = data.get("rules")
    params = data.get("params") if isinstance(data.get("params"), dict) else {}
    for index, item in enumerate(items if isinstance(items, list) else []):
        try:
            rules.append((index, Rule.model_validate(substitute_durations(item, params or {}))))
        except ValidationError:
            continue
    event_types = data.get("event_types")
    if not (
        isinstance(event_types, dict) and all(isinstance(v, dict) for v in event_types.values())
    ):
        event_types = {}
    return rules, params or {}, event_types


def _rule_ids(data: dict[str, Any]) -> list[tuple[int, str]]:
    """The id of every rule that has a text id, valid in shape or not, with its index."""
    items = data.get("rules")
    return [
        (index, item["id"])
        for index, item in enumerate(items if isinstance(items, list) else [])
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    ]


def _sorted(problems: list[Problem]) -> list[Problem]:
    """By line, then path and message with their numbers compared as numbers
    (``column 2`` before ``column 13``, ``by[2]`` before ``by[10]``)."""
    return sorted(
        problems,
        key=lambda p: (p.location.line or 0, _natural(p.location.path or ""), _natural(p.message)),
    )


def _natural(text: str) -> list[tuple[int, str]]:
    """Text and digit runs alternately; a run compares by its value (length without
    leading zeros, then digits), never converted to an int however long."""
    parts = re.split(r"(\d+)", text)
    return [(len(p.lstrip("0")), p.lstrip("0")) if i % 2 else (0, p) for i, p in enumerate(parts)]
