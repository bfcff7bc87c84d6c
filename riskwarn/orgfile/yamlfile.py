"""Reading a YAML or JSON organization document into raw items.

ruamel.yaml's round-trip loader parses both (JSON is YAML) without running code
and remembers the line of every key and list item, so each item keeps its node
for locating problems later. Dates stay strings here: pydantic parses them, so a
bad date is a located validation problem rather than a parser crash.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scalarbool import ScalarBoolean

from riskwarn.errors import did_you_mean
from riskwarn.model import SECTIONS
from riskwarn.orgfile.locate import Origin
from riskwarn.orgfile.sources import RawItem, Read, SourceFile, read_text
from riskwarn.validation import show

__all__ = ["read_yaml"]

_TOP_LEVEL = ["organization", *SECTIONS]


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


def read_yaml(source: SourceFile) -> Read:
    """Read a ``.yaml``, ``.yml`` or ``.json`` organization document.

    An empty document gives nothing. Syntax errors, a document that is not a
    mapping, unknown sections and sections that are not lists are problems in
    the result (never raised).
    """
    read = Read()
    text = read_text(source, read)
    if text is None:
        return read
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        doc = yaml.load(text)
    except YAMLError as exc:
        line, message = _syntax_problem(exc, text)
        read.fail(source.name, line, message)
        return read
    except RecursionError:
        read.fail(source.name, None, "syntax error: nested too deeply")
        return read
    if doc is None:
        return read
    if not isinstance(doc, CommentedMap):
        read.fail(
            source.name,
            1,
            f"expected a mapping of sections (organization, units, ...), got {show(doc)}",
        )
        return read
    for key, value in doc.items():
        line = _key_line(doc, key)
        if key == "organization":
            node = value if isinstance(value, CommentedMap) else None
            read.items.append(RawItem(key, plain(value), Origin(source.name, (key,), line, node)))
        elif key in SECTIONS:
            _read_section(source.name, key, value, line, read)
        elif isinstance(key, str):
            listed = ", ".join(_TOP_LEVEL)
            hint = did_you_mean(key, _TOP_LEVEL) or f" (expected one of: {listed})"
            read.fail(source.name, line, f"unknown section '{key}'{hint}")
        else:
            read.fail(source.name, line, f"expected a section name, got {show(key)}")
    return read


def _read_section(file: str, section: str, value: Any, line: int, read: Read) -> None:
    if value is None:  # ``units:`` with every item commented out
        return
    if not isinstance(value, CommentedSeq):
        read.fail(file, line, f"expected a list of {section}, got {show(value)}", path=section)
        return
    for index, item in enumerate(value):
        item_line = value.lc.data[index][0] + 1 if index in value.lc.data else line
        node = item if isinstance(item, CommentedMap | CommentedSeq) else None
        origin = Origin(file, (section, index), item_line, node)
        read.items.append(RawItem(section, plain(item), origin))


def _key_line(mapping: CommentedMap, key: Any) -> int:
    position = mapping.lc.data.get(key)
    return int(position[0] if position else mapping.lc.line) + 1


def plain(node: Any) -> Any:
    """ruamel data as plain dicts, lists, str, int, float, bool and None.

    Tags are dropped (a tagged scalar becomes its text); non-string keys become strings.
    """
    if isinstance(node, dict):
        return {(k if isinstance(k, str) else show(k)): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
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


def _syntax_problem(exc: YAMLError, text: str) -> tuple[int | None, str]:
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
