"""Reading an XES event log (IEEE 1849) trace by trace, in memory bounded by the longest
trace: ``lxml.etree.iterparse`` reports each ``<event>`` and ``<trace>`` as it closes,
and each is cleared (and the trace removed from the log) once read.

A trace is its attributes and its events, each event its attributes with the line it
starts on. Values stay as the text the file holds (``value="26.85120450862128"``): the
event type a mapping targets converts them, exactly, as it converts CSV cells.
"""

from __future__ import annotations

import functools
import gzip
import io
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from riskwarn.errors import EventError, Location, Problem

__all__ = ["VALUE_TAGS", "XesEvent", "XesTrace", "is_xes", "read_traces"]

VALUE_TAGS = frozenset({"string", "date", "int", "float", "boolean", "id"})
"""The XES attribute elements that hold a value; ``list`` and ``container`` hold
attributes instead, and (like attributes nested in an attribute) are not read."""

_GZIP_MAGIC = b"\x1f\x8b"


def is_xes(path: str | os.PathLike[str]) -> bool:
    """Whether a file name says XES: ``.xes`` or ``.xes.gz`` (any case)."""
    name = os.fspath(path).lower()
    return name.endswith((".xes", ".xes.gz"))


@dataclass(slots=True)
class XesEvent:
    """One ``<event>``: its attributes (key → text) and the line its tag starts on.
    ``problems`` are what made an attribute unreadable (no key, no value)."""

    attributes: dict[str, str]
    line: int
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class XesTrace:
    """One ``<trace>`` (a case): its attributes, its events in file order, its line and
    its 1-based number in the log."""

    attributes: dict[str, str]
    events: list[XesEvent]
    line: int
    number: int
    problems: list[str] = field(default_factory=list)


def read_traces(path: str | os.PathLike[str], name: str | None = None) -> Iterator[XesTrace]:
    """The traces of an XES file, plain or gzip-compressed (told by its first bytes),
    one at a time. ``name`` is how errors show the file (default: the path as given).

    No DTD is loaded, no entity is resolved and nothing is fetched from the network: a
    log cannot make the reader read other files or expand into gigabytes.

    Raises:
        EventError: the file is missing or unreadable, not gzip data where it starts as
            gzip, not well-formed XML, or not an XES log (its root is not ``<log>``),
            located at the file and, for XML, the line.
    """
    label = name or os.fspath(path)
    file = Path(path)
    if not file.is_file():
        raise EventError("no such file", location=Location(label))
    compressed = False
    try:
        with file.open("rb") as raw:
            compressed = raw.read(2) == _GZIP_MAGIC
            raw.seek(0)
            stream: gzip.GzipFile | io.BufferedReader = (
                gzip.GzipFile(fileobj=raw) if compressed else raw
            )
            yield from _traces(stream, label)
    except OSError as exc:
        what = "invalid gzip data" if compressed else "cannot read"
        raise EventError(f"{what} ({exc})", location=Location(label)) from None
    except (EOFError, zlib.error) as exc:
        message = f"invalid gzip data ({exc or 'the file ends early'})"
        raise EventError(message, location=Location(label)) from None


def _traces(stream: gzip.GzipFile | io.BufferedReader, label: str) -> Iterator[XesTrace]:
    parser = etree.iterparse(
        stream,
        events=("start", "end"),
        tag=("{*}log", "{*}trace", "{*}event"),
        load_dtd=False,
        no_network=True,
        resolve_entities=False,
        huge_tree=False,
        remove_comments=True,
    )
    events: list[XesEvent] = []
    number = 0
    root_checked = False
    try:
        for kind, element in parser:
            tag = _local(element.tag)
            if not root_checked:
                _check_root(element.getroottree().getroot(), label)
                root_checked = True
            if kind == "start":
                if tag == "trace":
                    events = []
                continue
            if tag == "event" and _local(element.getparent().tag) == "trace":
                events.append(_event(element))
                element.clear()
            elif tag == "trace":
                number += 1
                attributes, problems = _attributes(element)
                yield XesTrace(attributes, events, element.sourceline or 0, number, problems)
                events = []
                _drop(element)
            elif tag == "event":  # an event outside any trace: not part of a case
                _drop(element)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1  # an empty document has none
        raise EventError(
            [Problem(Location(label, line), f"invalid XES: {_syntax_message(exc)}")]
        ) from None
    if not root_checked:
        _check_root(parser.root, label)


def _check_root(root: Any, label: str) -> None:
    tag = _local(root.tag)
    if tag != "log":
        where = Location(label, root.sourceline)
        raise EventError(f"expected an XES log (a <log> root element), got <{tag}>", location=where)


def _event(element: Any) -> XesEvent:
    attributes, problems = _attributes(element)
    return XesEvent(attributes, element.sourceline or 0, problems)


def _attributes(element: Any) -> tuple[dict[str, str], list[str]]:
    """The value attributes directly inside ``element`` (not those nested in one)."""
    out: dict[str, str] = {}
    problems: list[str] = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        tag = _local(child.tag)
        if tag not in VALUE_TAGS:
            continue  # events, nested lists and containers, extensions' other elements
        key = child.get("key")
        value = child.get("value")
        if key is None or value is None:
            missing = "key" if key is None else "value"
            problems.append(f"line {child.sourceline}: <{tag}> attribute without a {missing}")
            continue
        if key in out:
            problems.append(f"line {child.sourceline}: attribute '{key}' given twice")
            continue
        out[key] = value
    return out, problems


def _drop(element: Any) -> None:
    """Free a read element and the siblings before it (already read)."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


@functools.lru_cache(maxsize=256)
def _local(tag: str) -> str:
    """A tag without its namespace (``{http://www.xes-standard.org/}event`` → ``event``)."""
    return tag.rpartition("}")[2]


def _syntax_message(exc: Any) -> str:
    message = str(exc.msg or exc).strip()
    # libxml2 appends ", line N, column M"; the location says the line already
    head, sep, _ = message.rpartition(", line ")
    return head if sep else message
