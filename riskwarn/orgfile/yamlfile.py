"""Reading a YAML or JSON organization document into raw items.

ruamel.yaml's round-trip loader parses both (JSON is YAML) without running code
and remembers the line of every key and list item, so each item keeps its node
for locating problems later. Dates stay strings here: pydantic parses them, so a
bad date is a located validation problem rather than a parser crash.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from riskwarn.errors import did_you_mean
from riskwarn.model import SECTIONS
from riskwarn.orgfile.locate import Origin
from riskwarn.orgfile.sources import RawItem, Read, SourceFile, read_text
from riskwarn.validation import show
from riskwarn.yamldoc import TooLarge, YAMLError, budget_for, load, plain, syntax_problem

__all__ = ["read_yaml"]

_TOP_LEVEL = ["organization", *SECTIONS]


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
    try:
        doc = load(text)
    except YAMLError as exc:
        line, message = syntax_problem(exc, text)
        read.fail(source.name, line, message)
        return read
    except RecursionError:
        read.fail(source.name, None, "syntax error: nested too deeply")
        return read
    if doc is None:
        return read
    budget = budget_for(text)
    try:
        _read_document(source, doc, read, budget)
    except TooLarge as exc:
        read.items.clear()
        read.fail(source.name, 1, str(exc))
    return read


def _read_document(source: SourceFile, doc: Any, read: Read, budget: list[int]) -> None:
    if not isinstance(doc, CommentedMap):
        read.fail(
            source.name,
            1,
            f"expected a mapping of sections (organization, units, ...), got {show(doc)}",
        )
        return
    for key, value in doc.items():
        line = _key_line(doc, key)
        if key == "organization":
            node = value if isinstance(value, CommentedMap) else None
            read.items.append(
                RawItem(key, plain(value, budget), Origin(source.name, (key,), line, node))
            )
        elif key in SECTIONS:
            _read_section(source.name, key, value, line, read, budget)
        elif isinstance(key, str):
            listed = ", ".join(_TOP_LEVEL)
            hint = did_you_mean(key, _TOP_LEVEL) or f" (expected one of: {listed})"
            read.fail(source.name, line, f"unknown section '{key}'{hint}")
        else:
            read.fail(source.name, line, f"expected a section name, got {show(key)}")


def _read_section(
    file: str, section: str, value: Any, line: int, read: Read, budget: list[int]
) -> None:
    if value is None:  # ``units:`` with every item commented out
        return
    if not isinstance(value, CommentedSeq):
        read.fail(file, line, f"expected a list of {section}, got {show(value)}", path=section)
        return
    for index, item in enumerate(value):
        item_line = value.lc.data[index][0] + 1 if index in value.lc.data else line
        node = item if isinstance(item, CommentedMap | CommentedSeq) else None
        origin = Origin(file, (section, index), item_line, node)
        read.items.append(RawItem(section, plain(item, budget), origin))


def _key_line(mapping: CommentedMap, key: Any) -> int:
    position = mapping.lc.data.get(key)
    return int(position[0] if position else mapping.lc.line) + 1
