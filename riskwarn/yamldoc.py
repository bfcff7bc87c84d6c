"""YAML (and JSON) documents read safely, with the line of every key and item.

ruamel.yaml's round-trip loader parses both without running code; timestamps
stay strings (pydantic parses them, so a bad date is a located validation
problem rather than a parser crash) and a bad tagged number is a located
error. Organization files and rulesets are read through here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scalarbool import ScalarBoolean

from riskwarn.errors import Location, Problem, RiskwarnError
from riskwarn.validation import Loc, show

__all__ = [
    "TooLarge",
    "YAMLError",
    "budget_for",
    "load",
    "node_line",
    "parse_document",
    "plain",
    "read_text",
    "syntax_problem",
]


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that keeps timestamps (``2020-01-01``) as strings and
    turns a bad explicitly tagged number (``!!int abc``) into a located error."""

    def construct_yaml_int(self, node: Any) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError as exc:
            raise _bad_scalar("an integer", node) from exc

    def construct_yaml_float(self, node: Any) -> Any:
        try:
            return super().construct_yaml_float(node)
        except ValueError as exc:
            raise _bad_scalar("a number", node) from exc


def _bad_scalar(expected: str, node: Any) -> ConstructorError:
    return ConstructorError(None, None, f"expected {expected}, got '{node.value}'", node.start_mark)


# add_constructor copies the table into the subclass: ruamel's own is untouched.
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)
_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_yaml_float)


def load(text: str) -> Any:
    """Parse one YAML or JSON document into ruamel nodes (None when empty).

    Raises:
        YAMLError: a syntax or value error (see `syntax_problem`).
        RecursionError: nesting too deep.
    """
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    return yaml.load(text)


class TooLarge(ValueError):
    """A document that expands to more values than its budget (YAML aliases)."""


def plain(node: Any, budget: list[int] | None = None) -> Any:
    """ruamel data as plain dicts, lists, str, int, float, bool and None.

    Tags are dropped (a tagged scalar becomes its text); non-string keys become
    strings. ``budget`` is a one-element list holding how many values may still
    be produced; aliases can make a few hundred bytes expand to billions of
    values ("billion laughs"), so a document past its budget is refused.

    Raises:
        TooLarge: the budget ran out.
    """
    if budget is not None:
        budget[0] -= 1
        if budget[0] < 0:
            raise TooLarge("the document expands to too many values (YAML aliases?)")
    if isinstance(node, dict):
        return {(k if isinstance(k, str) else show(k)): plain(v, budget) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v, budget) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool | ScalarBoolean):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, TaggedScalar):
        return str(node.value)
    return node


def budget_for(text: str) -> list[int]:
    """A budget of values for a document: generous for real files (many values
    per line), far below what an alias bomb expands to."""
    return [max(10_000, 2 * len(text))]


def syntax_problem(exc: YAMLError, text: str) -> tuple[int | None, str]:
    """Line and message for a ruamel error."""
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = str(exc.problem or exc.context or "invalid document").strip()
        duplicate = re.match(r'found duplicate key "(.*)" with value', problem)
        if isinstance(exc, DuplicateKeyError) and duplicate:
            return line, f"duplicate key '{duplicate[1]}'"
        if isinstance(exc, ConstructorError) and exc.problem:  # a value, not the syntax
            return line, problem
        context = ""
        if exc.context and exc.problem and exc.context_mark is not None:
            context = f" ({exc.context} at line {exc.context_mark.line + 1})"
        return line, f"syntax error: {problem}{context}"
    if isinstance(exc, ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        character = exc.character if isinstance(exc.character, int) else 0
        return line, f"syntax error: unacceptable character #x{character:04x} ({exc.reason})"
    return None, f"syntax error: {exc}"


def node_line(node: Any, sub: Loc, line: int) -> int:
    """The 1-based line of ``sub`` inside a ruamel node; ``line`` when not found."""
    for part in sub:
        # lc.data: for a mapping, key -> [key line, key col, value line, value col];
        # for a sequence, index -> [line, col]. Merged (<<) keys have no entry.
        if isinstance(node, CommentedMap):
            if part not in node.lc.data:
                break
            line = node.lc.data[part][0] + 1
        elif isinstance(node, CommentedSeq):
            if not isinstance(part, int) or part not in node.lc.data:
                break
            line = node.lc.data[part][0] + 1
        else:
            break
        node = node[part]
    return line


def read_text(
    path: str | os.PathLike[str], error: type[RiskwarnError], encoding: str = "utf-8"
) -> tuple[str, str]:
    """The name (the path as given) and the text of a file.

    Raises:
        RiskwarnError: (``error``) no such file, or it cannot be read or decoded.
    """
    name = os.fspath(path)
    try:
        return name, Path(path).read_text(encoding=encoding)
    except FileNotFoundError:
        raise error(f"{name}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{name}: cannot read ({exc.__class__.__name__}: {exc})") from None


def parse_document(
    name: str, text: str, error: type[RiskwarnError], parse: Callable[[str], Any] = load
) -> tuple[Any, Any]:
    """The ruamel document of ``text`` (for lines) and its plain data.

    Raises:
        RiskwarnError: (``error``) a syntax error at its line, a document too large
            or nested too deeply.
    """
    try:
        doc = parse(text)
        return doc, plain(doc, budget_for(text))
    except YAMLError as exc:
        line, message = syntax_problem(exc, text)
        raise error([Problem(Location(name, line), message)]) from None
    except TooLarge as exc:
        raise error([Problem(Location(name, 1), str(exc))]) from None
    except RecursionError:
        raise error([Problem(Location(name, 1), "syntax error: nested too deeply")]) from None
