"""Reading a CSV table of one section into raw items.

The file is named after its section (``tenures.csv``), which must be *flat*: a
model whose fields are all scalars. The first row names the fields; an empty
cell leaves its field out. Each row is one item, located at the line it starts on.
"""

from __future__ import annotations

import csv
import io
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from riskwarn.errors import did_you_mean
from riskwarn.model import SECTIONS, Model
from riskwarn.orgfile.locate import Origin
from riskwarn.orgfile.sources import RawItem, Read, SourceFile, read_text

__all__ = ["CSV_SECTIONS", "read_csv"]


def _is_scalar(tp: Any) -> bool:
    origin = get_origin(tp)
    if origin is Annotated:
        return _is_scalar(get_args(tp)[0])
    if origin in (Union, types.UnionType):
        return all(_is_scalar(a) for a in get_args(tp) if a is not type(None))
    return origin is None and isinstance(tp, type) and not issubclass(tp, BaseModel)


def _nested_fields(model: type[Model]) -> list[str]:
    return [name for name, info in model.model_fields.items() if not _is_scalar(info.annotation)]


CSV_SECTIONS: dict[str, type[Model]] = {
    name: model for name, model in SECTIONS.items() if not _nested_fields(model)
}
"""The sections a CSV file can hold: those whose items have scalar fields only."""


def read_csv(source: SourceFile) -> Read:
    """Read ``<section>.csv``: a header row of field names, then one item per row.

    Blank rows (every cell empty) are skipped. An unknown section, a section
    with list or nested fields, an unknown, duplicate or empty column name, a
    required column that is absent and a row with more cells than the header
    are problems in the result (never raised).
    """
    read = Read()
    section = source.path.stem
    model = CSV_SECTIONS.get(section)
    if model is None:
        read.fail(source.name, None, _not_a_table(section))
        return read
    text = read_text(source, read)
    if text is None:
        return read
    # strict: an unclosed quote is an error instead of swallowing the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        header = next(reader, None)
        if header is None:
            return read
        columns, missing = _columns(source.name, header, model, read)
        start = reader.line_num + 1
        for index, row in enumerate(reader):
            origin = Origin(source.name, (section, index), start)
            start = reader.line_num + 1
            if not any(row):
                continue
            if len(row) > len(columns) and any(row[len(columns) :]):
                message = (
                    f"expected at most {len(columns)} cells (as in the header), got {len(row)}"
                )
                read.problems.append(origin.problem(message))
            data = {
                name: cell
                for name, cell in zip(columns, row, strict=False)
                if name is not None and cell
            }
            read.items.append(RawItem(section, data, origin, strings=True, reported=missing))
    except csv.Error as exc:
        hint = " (a quoted cell is not closed)" if "end of data" in str(exc) else ""
        read.fail(source.name, start, f"invalid CSV: {exc}{hint}")
    return read


def _not_a_table(section: str) -> str:
    model = SECTIONS.get(section)
    tables = ", ".join(CSV_SECTIONS)
    if model is None:
        hint = (
            did_you_mean(section, CSV_SECTIONS)
            or f" (a CSV file is named after its section: {tables})"
        )
        return f"unknown section '{section}'{hint}"
    nested = ", ".join(_nested_fields(model))
    return (
        f"{section} cannot be a CSV file: it has list or nested fields ({nested}); "
        f"write it in YAML or JSON (CSV sections: {tables})"
    )


def _columns(
    file: str, header: list[str], model: type[Model], read: Read
) -> tuple[list[str | None], frozenset[str]]:
    """The field of each column (``None``: dropped after a problem) and the
    required fields with no column, each reported once here."""
    fields = model.model_fields
    columns: list[str | None] = []
    suggested: set[str] = set()
    for number, name in enumerate(header, start=1):
        if not name:
            read.fail(file, 1, f"column {number} has no name (expected a field name)")
        elif name in columns:
            read.fail(file, 1, f"duplicate column '{name}'")
        elif name not in fields:
            hint = did_you_mean(name, fields)
            if hint:  # " (did you mean 'x'?)": x is then not reported missing as well
                suggested.add(hint.split("'")[1])
            read.fail(file, 1, f"unknown column '{name}'{hint}")
        else:
            columns.append(name)
            continue
        columns.append(None)
    missing = [n for n, info in fields.items() if info.is_required() and n not in columns]
    for name in missing:
        if name not in suggested:
            read.fail(file, 1, f"missing required column '{name}'")
    return columns, frozenset(missing)
