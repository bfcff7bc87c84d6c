"""Reading events from a CSV file: a header row of field names, then one event per row.

Cells are text: an empty cell leaves its field out, a list field holds ``a;b;c``, a
field of nested values (``meeting.statements``) holds JSON; numbers and ``true`` /
``false`` are read by the field's type.
"""

from __future__ import annotations

import csv
import re
import types
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any, Literal, TextIO, Union, get_args, get_origin

from pydantic import BaseModel

from riskwarn.errors import EventError, Location, Problem, did_you_mean
from riskwarn.events.checking import UTF8_HINT, Checker, json_problem, parse_json
from riskwarn.events.envelope import Event
from riskwarn.validation import show, unwrap

__all__ = ["CsvReader"]

_INT = re.compile(r"[+-]?[0-9]+")
_SURROGATE = re.compile("[\udc80-\udcff]")

Shape = Literal["text", "int", "bool", "list", "list_int", "list_bool", "json"]
"""How the cell of a field is read: as text, an integer, a boolean, a ``;`` list of
one of those, or JSON."""

_LIST_ITEMS: dict[str, Shape] = {"list": "text", "list_int": "int", "list_bool": "bool"}


class CsvReader:
    """The events of one CSV file. The header is checked when the reader is made; rows
    are read, one at a time, when it is iterated."""

    def __init__(self, checker: Checker, path: Path, label: str, event_type: str | None):
        """Check the header of ``path``; ``event_type`` fixes the type of every row.

        Raises:
            EventError: an unknown ``event_type``; a header with no ``type`` column and no
                ``event_type``, or with an unnamed, duplicate or unknown column, or
                without a column for a required field of ``event_type``.
        """
        self.checker = checker
        self.path = path
        self.label = label
        self.event_type = event_type
        self.model: type[Event] | None = None
        if event_type is not None:
            self.model = checker.types.get(event_type)
            if self.model is None:
                hint = did_you_mean(event_type, checker.types)
                raise EventError(
                    f"unknown event type {show(event_type)}{hint}", location=Location(label)
                )
        self.header = self._header()
        self._shapes: dict[type[Event], dict[str, Shape]] = {}

    def _open(self) -> TextIO:
        # surrogateescape: an undecodable row is quarantined, the rest is still read
        return self.path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")

    def _header(self) -> list[str]:
        with self._open() as file:
            try:
                header = next(csv.reader(file, strict=True), [])
            except csv.Error as exc:
                raise EventError(f"invalid CSV: {exc}", location=Location(self.label, 1)) from exc
        problems = [Problem(Location(self.label, 1), m) for m in self._column_problems(header)]
        if problems:
            raise EventError(problems)
        return header

    def _column_problems(self, header: list[str]) -> Iterator[str]:
        if not header:
            return
        if self.model is not None:
            known: set[str] = set(self.model.model_fields)
        else:
            known = {f for name in self.checker.types for f in _fields(self.checker, name)}
            if "type" not in header:
                yield "no 'type' column (add one, or give the event type of every row)"
        seen: set[str] = set()
        for number, name in enumerate(header, start=1):
            bad = _SURROGATE.search(name)
            if bad is not None:
                yield f"expected UTF-8 text, got byte 0x{_byte(bad.group()):02x} {UTF8_HINT}"
                return
            if not name:
                yield f"column {number} has no name (expected a field name)"
            elif name in seen:
                yield f"duplicate column {show(name)}"
            elif name not in known:
                yield f"unknown column {show(name)}{did_you_mean(name, known)}"
            seen.add(name)
        if self.model is not None:
            for field, info in self.model.model_fields.items():
                if info.is_required() and field not in seen:
                    yield f"missing required column '{field}'"

    def __iter__(self) -> Iterator[Event]:
        if not self.header:
            return
        with self._open() as file:
            reader = csv.reader(file, strict=True)
            next(reader, None)
            start = reader.line_num + 1
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    hint = " (a quoted cell is not closed)" if "end of data" in str(exc) else ""
                    self.checker.fail(self.label, start, f"invalid CSV: {exc}{hint}", None)
                    start = reader.line_num + 1
                    continue
                line, start = start, reader.line_num + 1
                if any(row):
                    event = self._row(row, line)
                    if event is not None:
                        yield event

    def _row(self, row: list[str], line: int) -> Event | None:
        width = len(self.header)
        cells = zip(self.header, row, strict=False)  # a short row: the rest is empty
        data: dict[str, Any] = {name: cell for name, cell in cells if cell}
        # the record as read, for the quarantine: cells past the header by column number
        raw = dict(data)
        raw.update((f"column {n}", c) for n, c in enumerate(row[width:], width + 1) if c)
        bad = next((found for cell in row if (found := _SURROGATE.search(cell))), None)
        if bad is not None:
            message = f"expected UTF-8 text, got byte 0x{_byte(bad.group()):02x} {UTF8_HINT}"
            self.checker.fail(self.label, line, message, {k: _clean(v) for k, v in raw.items()})
            return None
        if len(row) > width and any(row[width:]):
            message = f"expected at most {width} cells (as in the header), got {len(row)}"
            self.checker.fail(self.label, line, message, raw)
            return None
        model = self.model or self.checker.types.get(data.get("type", ""))
        if model is not None:
            problems = self._convert(data, model, line)
            if problems:
                self.checker.reject(self.label, line, problems, raw)
                return None
        return self.checker.mapping(data, self.label, line, raw, cells=True, model=self.model)

    def _convert(self, data: dict[str, Any], model: type[Event], line: int) -> list[Problem]:
        """Turn the cells of ``data`` into values by their field's shape, in place."""
        shapes = self._shapes.get(model)
        if shapes is None:
            shapes = self._shapes[model] = {
                name: _shape(info.annotation) for name, info in model.model_fields.items()
            }
        problems: list[Problem] = []
        for name, cell in data.items():
            shape = shapes.get(name, "text")
            if shape == "json":
                try:
                    data[name] = parse_json(cell)
                except ValueError as exc:
                    message = f"expected JSON in this cell, got {show(cell)} ({json_problem(exc)})"
                    where = Location(
                        self.label, line, path=f"{model.model_fields['type'].default}.{name}"
                    )
                    problems.append(Problem(where, message))
            elif shape in _LIST_ITEMS:
                data[name] = [_scalar(_LIST_ITEMS[shape], item) for item in cell.split(";")]
            else:
                data[name] = _scalar(shape, cell)
        return problems


def _byte(char: str) -> int:
    # surrogateescape keeps an undecodable byte b as the code point U+DC00 + b
    return ord(char) - 0xDC00


def _clean(cell: str) -> str:
    return cell.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _fields(checker: Checker, name: str) -> list[str]:
    model = checker.types.get(name)
    return [] if model is None else list(model.model_fields)


def _scalar(shape: str, cell: str) -> Any:
    """A cell as the value its shape wants; left as text when it does not parse, so the
    model reports it."""
    if shape == "int" and _INT.fullmatch(cell):
        return int(cell)
    if shape == "bool" and cell.lower() in ("true", "false"):
        return cell.lower() == "true"
    return cell


def _shape(annotation: Any) -> Shape:
    tp = _strip(annotation)
    if get_origin(tp) in (tuple, list, set, frozenset):
        args = [a for a in get_args(tp) if a is not Ellipsis]
        item = _leaf(_strip(args[0])) if args else "text"
        if item == "json":
            return "json"
        return "list" if item == "text" else ("list_int" if item == "int" else "list_bool")
    return _leaf(tp)


def _leaf(tp: Any) -> Literal["text", "int", "bool", "json"]:
    if isinstance(tp, type):
        if issubclass(tp, BaseModel | dict):
            return "json"
        if issubclass(tp, bool):
            return "bool"
        if issubclass(tp, int) and not issubclass(tp, Enum):
            return "int"
        return "text"
    if get_origin(tp) in (dict, tuple, list, set, frozenset):
        return "json"
    return "text"


def _strip(tp: Any) -> Any:
    """``tp`` without ``Annotated`` and ``| None``; a union of several types reads as text."""
    tp = unwrap(tp)
    return str if get_origin(tp) in (Union, types.UnionType) else tp
