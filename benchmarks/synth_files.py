"""Writing an organization as files `riskwarn.orgfile.load_org` reads: one YAML
document per structural section (``units.yaml`` holds ``units: [...]``) and one
CSV table per large flat section (``tenures.csv``: a header of field names, an
empty cell for an omitted field, dates as YYYY-MM-DD).

The YAML is emitted by hand, block style as a person would write it, because a
general YAML dumper takes minutes on a hundred thousand positions.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from riskwarn.model import SECTIONS, Organization

__all__ = ["CSV_FILES", "YAML_FILES", "write_org"]

YAML_FILES = (
    "organization",
    "units",
    "positions",
    "bodies",
    "powers",
    "checks",
    "supervision",
    "quotas",
)
CSV_FILES = ("persons", "tenures", "kinship", "entities", "interests")
_PLAIN = re.compile(r"[\w\u4e00-\u9fff][\w.\-/\u4e00-\u9fff]*")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}
_NUMBER = re.compile(r"[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?|0[xob][0-9a-fA-F_]+")


def write_org(org: Organization, folder: Path) -> list[Path]:
    """Write ``org`` into ``folder`` (created); return the files written.

    Reorganizations, if any, go to YAML too.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for section in (*YAML_FILES, "reorganizations"):
        if section == "organization":
            doc: dict[str, Any] = {"organization": org.organization.model_dump(mode="json")}
        else:
            items = getattr(org, section)
            if not items:
                continue
            doc = {section: [_dump(item) for item in items]}
        path = folder / f"{section}.yaml"
        with path.open("w", encoding="utf-8") as out:
            out.writelines(_yaml(doc, 0))
        written.append(path)
    for section in CSV_FILES:
        path = folder / f"{section}.csv"
        fields = list(SECTIONS[section].model_fields)
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(fields)
            for item in getattr(org, section):
                data = item.model_dump(mode="json")
                writer.writerow(["" if data[f] is None else data[f] for f in fields])
        written.append(path)
    return written


def _dump(item: Any) -> dict[str, Any]:
    """An item's fields as JSON values, defaults left out, sets sorted."""
    data: dict[str, Any] = item.model_dump(mode="json", exclude_defaults=True)
    for key, value in data.items():
        if isinstance(item.__dict__.get(key), frozenset | set):
            data[key] = sorted(value)
    return data


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if (
        _PLAIN.fullmatch(text) and text.lower() not in _RESERVED and not _NUMBER.fullmatch(text)
    ) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _yaml(value: Any, indent: int) -> list[str]:
    """Block-style YAML lines for a mapping whose values may nest; lists of
    scalars in flow style (``[a, b]``)."""
    pad = " " * indent
    lines: list[str] = []
    for key, item in value.items():
        if isinstance(item, dict) and not item:
            lines.append(f"{pad}{key}: {{}}\n")
        elif isinstance(item, dict):
            lines.append(f"{pad}{key}:\n")
            lines += _yaml(item, indent + 2)
        elif isinstance(item, list) and item and isinstance(item[0], dict):
            lines.append(f"{pad}{key}:\n")
            for element in item:
                sub = _yaml(element, indent + 4)
                sub[0] = f"{pad}  - {sub[0][indent + 4 :]}"
                lines += sub
        elif isinstance(item, list):
            lines.append(f"{pad}{key}: [{', '.join(_scalar(v) for v in item)}]\n")
        else:
            lines.append(f"{pad}{key}: {_scalar(item)}\n")
    return lines
