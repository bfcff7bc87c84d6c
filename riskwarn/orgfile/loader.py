"""Loading an organization: read every file, validate every item, merge, check.

Problems are collected, never raised one at a time: a user sees every typo of
every file in one `OrgError`, sorted by file (in load order) then line.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from riskwarn.errors import Location, OrgError, Problem
from riskwarn.model import SECTIONS, Model, Organization, OrgInfo
from riskwarn.orgfile.csvfile import read_csv
from riskwarn.orgfile.locate import FileLocator, Origin
from riskwarn.orgfile.refs import check
from riskwarn.orgfile.sources import RawItem, Read, SourceFile, find_sources
from riskwarn.orgfile.yamlfile import read_yaml
from riskwarn.validation import translate

__all__ = ["load_org"]

_MODELS: dict[str, type[Model]] = {"organization": OrgInfo, **SECTIONS}


def load_org(*paths: str | os.PathLike[str]) -> Organization:
    """Load an organization from files and folders, merged in the order given.

    Each path is a ``.yaml``, ``.yml``, ``.json`` or ``.csv`` file, or a folder
    standing for every such file below it (sorted by path, hidden ones skipped).
    A file reached twice is read once. Exactly one file has ``organization``.

    Raises:
        OrgError: with one `Problem` per issue found in any file (unreadable
            file, syntax, unknown section or field, invalid value, missing or
            repeated ``organization``, duplicate id, dangling reference, cycle,
            date outside what it refers to), sorted by file then line.
    """
    if not paths:
        raise OrgError("load_org needs at least one file or folder")
    files, problems = find_sources(paths)
    broken = bool(problems)
    items: list[RawItem] = []
    for source in files:
        read = _read(source)
        items.extend(read.items)
        problems.extend(read.problems)
        broken = broken or read.broken
    merged = _validate(items)
    problems.extend(merged.problems)
    if not broken:  # a file that could not be read may hold what seems missing
        if not merged.has_info:
            names = ", ".join(os.fspath(p) for p in paths)
            hint = "one YAML or JSON file needs 'organization: {name: ...}'"
            message = f"no organization in {names} ({hint})"
            problems.append(Problem(Location(), message))
        problems.extend(check(merged.org, FileLocator(merged.origins), merged.invalid))
    if problems:
        raise OrgError(_sorted(problems, [f.name for f in files]))
    return merged.org


def _read(source: SourceFile) -> Read:
    if source.path.suffix.lower() == ".csv":
        return read_csv(source)
    return read_yaml(source)


@dataclass(frozen=True, slots=True)
class _Merged:
    """The valid items merged: ``org`` (with a stand-in ``organization`` when
    there is no valid one), the origin of each of its items, the ids of invalid
    items by section, the problems, and whether any ``organization`` was given."""

    org: Organization
    origins: dict[str, list[Origin]]
    invalid: dict[str, set[str]]
    problems: list[Problem]
    has_info: bool


def _validate(items: Sequence[RawItem]) -> _Merged:
    """Validate each item; merge the valid ones into an organization."""
    problems: list[Problem] = []
    valid: dict[str, list[Model]] = defaultdict(list)
    origins: dict[str, list[Origin]] = defaultdict(list)
    invalid: dict[str, set[str]] = defaultdict(set)
    info: OrgInfo | None = None
    info_origin: Origin | None = None
    for item in items:
        if item.section == "organization":
            if info_origin is not None:
                where = f"{info_origin.file}:{info_origin.line}"
                problems.append(item.origin.problem(f"duplicate organization (first at {where})"))
                continue
            info_origin = item.origin
        model = _MODELS[item.section]
        try:
            if item.strings:
                value = model.model_validate_strings(item.data)
            else:
                value = model.model_validate(item.data)
        except ValidationError as exc:
            problems.extend(_problems(exc, item, model))
            if isinstance(item.data, dict) and isinstance(item.data.get("id"), str):
                invalid[item.section].add(item.data["id"])
            continue
        if isinstance(value, OrgInfo):
            info = value
        else:
            valid[item.section].append(value)
            origins[item.section].append(item.origin)
    tables = {section: tuple(valid[section]) for section in SECTIONS}
    # Items are model instances already: pydantic does not validate them again.
    org = Organization.model_validate({"organization": info or OrgInfo(name="(missing)"), **tables})
    return _Merged(org, origins, invalid, problems, info_origin is not None)


def _problems(exc: ValidationError, item: RawItem, model: type[Model]) -> list[Problem]:
    out: list[Problem] = []
    for error in exc.errors(include_url=False):
        if error["type"] == "missing" and error["loc"] and error["loc"][-1] in item.reported:
            continue  # a missing CSV column, reported once for the file
        translated = translate(error, model)
        location = item.origin.location(translated.path, translated.line_at)
        out.append(Problem(location, translated.message))
    return out


def _sorted(problems: list[Problem], files: list[str]) -> list[Problem]:
    """By file in load order (problems with no file last), then line; stable."""
    rank = {name: number for number, name in enumerate(files)}

    def key(problem: Problem) -> tuple[int, str, int]:
        file = problem.location.file
        order = len(rank) + 1 if file is None else rank.get(file, len(rank))
        return order, file or "", problem.location.line or 0

    return sorted(problems, key=key)
