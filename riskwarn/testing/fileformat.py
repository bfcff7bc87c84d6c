"""The rule-test file format: YAML with exact decimals, the case models, and the
loader that checks a file and reports every problem at its line."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationError, ValidationInfo, field_validator
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor

from riskwarn.calendar import ChineseWorkCalendar, WeekendCalendar, WorkCalendar
from riskwarn.compiler import event_types
from riskwarn.errors import (
    Location,
    OrgError,
    Problem,
    RiskwarnError,
    RulesetError,
    did_you_mean,
    field_path,
)
from riskwarn.events import Event, EventTypes, Quarantine, Rejected, read_events
from riskwarn.graph import OrgGraph
from riskwarn.model.common import Id, Model, StrictInt
from riskwarn.model.common import Text as NonEmpty
from riskwarn.model.warning import Level
from riskwarn.orgfile import load_org
from riskwarn.rules.loader import load_ruleset
from riskwarn.rules.model import Ruleset
from riskwarn.validation import Loc, show, translate
from riskwarn.yamldoc import (
    TooLarge,
    YAMLError,
    budget_for,
    node_line,
    plain,
    read_text,
    syntax_problem,
)

TEST_SUFFIXES = (".test.yaml", ".test.yml")
"""How rule-test files are named; a folder given to `find_rule_tests` stands for these."""


class RuleTestError(RiskwarnError):
    """A rule-test file is invalid, or the rulesets, organization or events it names are."""


# -- YAML: numbers with a fraction are read as exact decimals -----------------------------


class _Constructor(RoundTripConstructor):
    """Round-trip constructor: timestamps stay text (pydantic parses them), a number
    with a fraction is an exact `Decimal` (an amount ``1500.10`` is an event's exact
    decimal, not an inexact float), a bad tagged number is a located error."""

    def construct_yaml_int(self, node: Any) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError as exc:
            raise _bad_scalar("an integer", node) from exc

    def construct_yaml_float(self, node: Any) -> Any:
        text = str(node.value).replace("_", "")
        if text.lower().lstrip("+-") in (".inf", ".nan"):
            return super().construct_yaml_float(node)
        try:
            return Decimal(text)
        except InvalidOperation:
            raise _bad_scalar("a number", node) from None


def _bad_scalar(expected: str, node: Any) -> ConstructorError:
    return ConstructorError(None, None, f"expected {expected}, got '{node.value}'", node.start_mark)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)
_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_yaml_float)


def _parse_yaml(text: str) -> Any:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    return yaml.load(text)


# -- the file format ----------------------------------------------------------------------


class CalendarName(StrEnum):
    """The working-day calendar of a test file."""

    CHINESE = "chinese"
    WEEKENDS = "weekends"


def _org_spec(value: Any) -> Any:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return value
    if isinstance(value, dict):
        return value
    raise ValueError("a path, a list of paths or an organization mapping is expected")


def _events_spec(value: Any) -> Any:
    if (isinstance(value, str) and value) or isinstance(value, list):
        return value
    raise ValueError("a list of events or the path of a .jsonl or .csv file is expected")


_TIME_EXAMPLE = "e.g. 2026-03-02T10:00:00+08:00"


def _aware(value: Any) -> Any:
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = None
        if parsed is not None and parsed.utcoffset() is not None:
            return parsed
    raise ValueError(f"a time with a time zone ({_TIME_EXAMPLE}) is expected")


def _until(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    try:
        return _aware(value)
    except ValueError:
        raise ValueError(
            f"a time with a time zone ({_TIME_EXAMPLE}) or a day (2026-03-02) is expected"
        ) from None


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, str | int | Decimal | bool):
        return value
    raise ValueError("a number, a text, true, false or null is expected")


OrgSpec = Annotated[str | list[str] | dict[str, Any], BeforeValidator(_org_spec)]
EventsSpec = Annotated[str | list[Any], BeforeValidator(_events_spec)]
Until = Annotated[datetime | date, BeforeValidator(_until)]
AwareTime = Annotated[datetime, BeforeValidator(_aware)]
Scalar = Annotated[bool | int | Decimal | str | None, BeforeValidator(_scalar)]


class ExpectedWarning(Model):
    """One warning a case expects. Only the keys given are compared (see
    `ExpectedWarning.given`); ``rule`` is always given."""

    rule: Id
    level: Level | None = None
    subject: NonEmpty | None = None
    """The id of the warning's subject."""
    time: AwareTime | None = None
    """The same instant, in any time zone."""
    events: list[NonEmpty] | None = None
    """The ids of the evidence events, in order."""
    count: StrictInt | None = Field(default=None, ge=1)
    recipients: list[Id] | None = None
    """The person ids of the recipients, in any order."""
    message: NonEmpty | None = None
    """The whole message, exactly."""
    message_contains: NonEmpty | None = None
    """Text the message contains."""
    actual: Scalar = None
    """The aggregate's value; null compares with a warning that has none."""
    threshold: Scalar = None

    @field_validator(
        "level",
        "subject",
        "time",
        "events",
        "count",
        "recipients",
        "message",
        "message_contains",
        mode="before",
    )
    @classmethod
    def _not_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None:
            raise ValueError(
                f"expected a value, got null (leave {info.field_name} out not to compare it)"
            )
        return value

    @property
    def given(self) -> list[str]:
        """The keys given, in the order of the fields."""
        return [name for name in type(self).model_fields if name in self.model_fields_set]


class _Case(Model):
    name: NonEmpty
    org: OrgSpec | None = None
    events: EventsSpec
    until: Until | None = None
    expect: list[ExpectedWarning]


class _File(Model):
    rulesets: list[NonEmpty] = Field(min_length=1)
    org: OrgSpec | None = None
    params: dict[Id, dict[Id, Any]] = {}
    calendar: CalendarName = CalendarName.CHINESE
    cases: list[Any] = Field(min_length=1)


# -- loaded tests -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleTestCase:
    """One case, ready to run: its organization (None when the file names none), its
    events (valid, in the order written), ``until``, and the warnings expected with
    the line of each."""

    name: str
    line: int
    org: OrgGraph | None
    events: tuple[Event, ...]
    until: datetime | date | None
    expect: tuple[ExpectedWarning, ...]
    expect_lines: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class RuleTestFile:
    """A loaded rule-test file: the rulesets, parameter overrides, calendar and cases."""

    path: str
    rulesets: tuple[Ruleset, ...]
    params: dict[str, dict[str, Any]]
    calendar: CalendarName
    cases: tuple[RuleTestCase, ...]
    lines: Mapping[str, int] = field(default_factory=dict, repr=False)
    """Lines of ``rulesets`` and of each ``params.<ruleset>.<name>``, for engine errors."""

    def work_calendar(self) -> WorkCalendar:
        """The calendar the cases run on."""
        if self.calendar is CalendarName.WEEKENDS:
            return WeekendCalendar()
        return ChineseWorkCalendar()


_EVENTS_MARK = "<rule-test-events>"


class _Loader:
    """Reads one rule-test file and collects every problem, located."""

    def __init__(self, name: str, doc: Any, data: dict[str, Any]):
        self.name = name
        self.doc = doc
        self.data = data
        self.base = Path(name).parent
        self.problems: list[Problem] = []

    # locations

    def line(self, loc: Loc) -> int:
        return node_line(self.doc, loc, 1)

    def path(self, loc: Loc) -> str:
        """``case 'name': sub.path`` inside a named case, else the field path."""
        if len(loc) >= 2 and loc[0] == "cases" and isinstance(loc[1], int):
            cases = self.data.get("cases")
            item = cases[loc[1]] if isinstance(cases, list) and loc[1] < len(cases) else None
            if isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"]:
                rest = field_path(loc[2:])
                return f"case '{item['name']}'" + (f": {rest}" if rest else "")
        return field_path(loc)

    def at(self, loc: Loc, line_at: Loc | None = None) -> Location:
        line = self.line(loc if line_at is None else line_at)
        return Location(self.name, line, path=self.path(loc) or None)

    def fail(self, loc: Loc, message: str) -> None:
        self.problems.append(Problem(self.at(loc), message))

    def shape(self, exc: ValidationError, model: type[Model], prefix: Loc = ()) -> None:
        for error in exc.errors(include_url=False):
            translated = translate(error, model)
            where = self.at(prefix + translated.path, prefix + translated.line_at)
            self.problems.append(Problem(where, translated.message))

    # the file

    def load(self) -> RuleTestFile:
        try:
            head: _File | None = _File.model_validate(self.data)
        except ValidationError as exc:
            head = None
            self.shape(exc, _File)
        cases: list[tuple[int, _Case]] = []
        items = self.data.get("cases")
        seen: dict[str, int] = {}
        for index, item in enumerate(items if isinstance(items, list) else []):
            name = item.get("name") if isinstance(item, dict) else None
            if isinstance(name, str) and name in seen:
                message = f"duplicate case name {show(name)} (first at {self.name}:{seen[name]})"
                self.fail(("cases", index, "name"), message)
            elif isinstance(name, str):
                seen[name] = self.line(("cases", index, "name"))
            try:
                cases.append((index, _Case.model_validate(item)))
            except ValidationError as exc:
                self.shape(exc, _Case, ("cases", index))
        if head is None:
            raise RuleTestError(self.sorted())
        rulesets = self.rulesets(head)
        types = self.types(rulesets) if rulesets is not None else None
        if rulesets is not None:
            self.check_params(head, rulesets)
        org = self.org(head.org, ("org",))
        loaded = [self.case(index, case, org, types) for index, case in cases]
        if self.problems:
            raise RuleTestError(self.sorted())
        assert rulesets is not None
        lines = {"rulesets": self.line(("rulesets",))}
        for ruleset_id, values in head.params.items():
            for param in values:
                lines[f"params.{ruleset_id}.{param}"] = self.line(("params", ruleset_id, param))
        return RuleTestFile(
            self.name,
            tuple(rulesets),
            {k: dict(v) for k, v in head.params.items()},
            head.calendar,
            tuple(loaded),
            lines,
        )

    def sorted(self) -> list[Problem]:
        """Problems of this file by line first; those of the files it names after, in
        the order found."""
        return sorted(
            self.problems,
            key=lambda p: (0, p.location.line or 0) if p.location.file == self.name else (1, 0),
        )

    def rulesets(self, head: _File) -> list[Ruleset] | None:
        out: list[Ruleset] = []
        first: dict[str, int] = {}
        ok = True
        for index, relative in enumerate(head.rulesets):
            path = self.base / relative
            if not path.is_file():
                self.fail(("rulesets", index), f"no such file {show(relative)}")
                ok = False
                continue
            try:
                ruleset = load_ruleset(path)
            except RulesetError as exc:
                self.problems.extend(exc.problems)
                ok = False
                continue
            if ruleset.ruleset in first:
                message = f"ruleset '{ruleset.ruleset}' is also rulesets[{first[ruleset.ruleset]}]"
                self.fail(("rulesets", index), message)
                ok = False
            first.setdefault(ruleset.ruleset, index)
            out.append(ruleset)
        return out if ok else None

    def types(self, rulesets: Sequence[Ruleset]) -> EventTypes | None:
        """The built-in types and those the rulesets declare (as the engine adds them)."""
        try:
            return event_types(rulesets)
        except RulesetError as exc:
            for problem in exc.problems:
                self.fail(("rulesets",), problem.message)
            return None

    def check_params(self, head: _File, rulesets: Sequence[Ruleset]) -> None:
        by_id = {r.ruleset: r for r in rulesets}
        for ruleset_id, values in head.params.items():
            ruleset = by_id.get(ruleset_id)
            if ruleset is None:
                hint = did_you_mean(ruleset_id, by_id)
                self.fail(("params", ruleset_id), f"no ruleset '{ruleset_id}' here{hint}")
                continue
            for name in values:
                if name not in ruleset.params:
                    hint = did_you_mean(name, ruleset.params)
                    self.fail(
                        ("params", ruleset_id, name),
                        f"ruleset '{ruleset_id}' has no parameter '{name}'{hint}",
                    )

    # organizations

    def org(self, spec: str | list[str] | dict[str, Any] | None, loc: Loc) -> OrgGraph | None:
        if spec is None:
            return None
        if isinstance(spec, dict):
            return self.inline_org(loc)
        paths = [spec] if isinstance(spec, str) else spec
        found = [self.base / relative for relative in paths]
        for index, (relative, path) in enumerate(zip(paths, found, strict=True)):
            if not path.exists():
                sub = loc if isinstance(spec, str) else (*loc, index)
                self.fail(sub, f"no such file or folder {show(relative)}")
        if not all(p.exists() for p in found):
            return None
        try:
            return OrgGraph(load_org(*found))
        except OrgError as exc:
            self.problems.extend(exc.problems)
            return None

    def inline_org(self, loc: Loc) -> OrgGraph | None:
        """An organization written in the test file: written out as a JSON file for
        `load_org`, its problems brought back to this file's lines and paths."""
        node = _node_at(self.doc, loc)
        data = _jsonable(plain(node))
        text = json.dumps(data, ensure_ascii=False, indent=1)
        with tempfile.TemporaryDirectory(prefix="riskwarn-test-") as folder:
            temp = str(Path(folder) / "org.json")
            Path(temp).write_text(text, encoding="utf-8")
            try:
                return OrgGraph(load_org(temp))
            except OrgError as exc:
                lines = _line_map(text, node, self.line(loc))
                for problem in exc.problems:
                    self.problems.append(self.relocate(problem, temp, loc, lines))
                return None

    def relocate(self, problem: Problem, temp: str, loc: Loc, lines: Mapping[int, int]) -> Problem:
        where = problem.location
        org_line = self.line(loc)
        line = org_line
        if where.file == temp and where.line is not None:
            line = lines.get(where.line, org_line)
        path = self.path(loc) + (f".{where.path}" if where.path else "")

        def back(match: re.Match[str]) -> str:
            return f"{self.name}:{lines.get(int(match[1]), org_line)}"

        message = re.sub(re.escape(temp) + r":(\d+)", back, problem.message)
        message = message.replace(temp, "the inline org")
        return Problem(Location(self.name, line, path=path), message)

    # cases

    def case(
        self, index: int, case: _Case, org: OrgGraph | None, types: EventTypes | None
    ) -> RuleTestCase:
        loc: Loc = ("cases", index)
        if case.org is not None:
            org = self.org(case.org, (*loc, "org"))
        events = self.events(case.events, loc, types) if types is not None else []
        return RuleTestCase(
            case.name,
            self.line((*loc, "name")),
            org,
            tuple(events),
            case.until,
            tuple(case.expect),
            tuple(self.line((*loc, "expect", i)) for i in range(len(case.expect))),
        )

    def events(self, spec: str | list[Any], loc: Loc, types: EventTypes) -> list[Event]:
        if isinstance(spec, str):
            return self.events_file(spec, loc, types)
        rejected: list[Rejected] = []
        quarantine = Quarantine(rejected.append)
        events = list(read_events(spec, types, quarantine=quarantine, name=_EVENTS_MARK))
        for item in rejected:
            index = (item.line or 1) - 1
            raw = spec[index] if index < len(spec) else None
            kind = raw.get("type") if isinstance(raw, dict) else None
            for problem in item.problems:
                here = (*loc, "events", index, *_event_sub(problem.location.path, kind))
                unknown = re.match(r"unknown field '([^']*)'", problem.message)
                line_at = (*here, unknown[1]) if unknown else here
                message = re.sub(
                    re.escape(_EVENTS_MARK) + r":(\d+)",
                    lambda m: f"{self.name}:{self.line((*loc, 'events', int(m[1]) - 1))}",
                    problem.message,
                )
                self.problems.append(Problem(self.at(here, line_at), message))
        return events

    def events_file(self, relative: str, loc: Loc, types: EventTypes) -> list[Event]:
        """The events of a ``.jsonl`` or ``.csv`` file; its problems stay located in it,
        with the case."""
        path = self.base / relative
        if not path.is_file():
            self.fail((*loc, "events"), f"no such file {show(relative)}")
            return []
        rejected: list[Rejected] = []
        quarantine = Quarantine(rejected.append)
        label = os.fspath(path)
        problems: list[Problem] = []
        try:
            events = list(read_events(path, types, quarantine=quarantine, name=label))
        except RiskwarnError as exc:  # an unsupported file type, a bad CSV header
            problems.extend(exc.problems)
            events = []
        problems.extend(p for item in rejected for p in item.problems)
        case = self.path(loc)
        for problem in problems:
            where = problem.location
            path_text = case + (f": {where.path}" if where.path else "")
            self.problems.append(
                Problem(Location(where.file or label, where.line, path=path_text), problem.message)
            )
        return events


def _node_at(doc: Any, loc: Loc) -> Any:
    node = doc
    for part in loc:
        node = node[part]
    return node


def _jsonable(value: Any) -> Any:
    """Plain data for JSON: a `Decimal` becomes the float YAML would have read."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    return value


def _line_map(text: str, node: Any, line: int) -> dict[int, int]:
    """For each line of ``text`` (``node`` written as JSON), the line in the test file
    of the same key or item; ``line`` (the org's) for the first."""
    out = {1: line}

    def walk(copy: Any, original: Any, at: int) -> None:
        if isinstance(copy, CommentedMap):
            for key, value in copy.items():
                there = node_line(original, (key,), at)
                out[copy.lc.data[key][0] + 1] = there
                sub = original[key] if isinstance(original, dict) and key in original else None
                walk(value, sub, there)
        elif isinstance(copy, CommentedSeq):
            for index, value in enumerate(copy):
                there = node_line(original, (index,), at)
                out[copy.lc.data[index][0] + 1] = there
                ok = isinstance(original, list) and index < len(original)
                walk(value, original[index] if ok else None, there)

    walk(_parse_yaml(text), node, line)
    return out


_PATH_PART = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def _event_sub(path: str | None, kind: Any) -> Loc:
    """The field path of an event problem (``payment.statements[0].opinion``) within
    the event: without its type name."""
    if not path:
        return ()
    parts: list[str | int] = [
        int(m[2]) if m[2] is not None else m[1] for m in _PATH_PART.finditer(path)
    ]
    if path != "type" and parts and isinstance(kind, str) and parts[0] == kind:
        parts = parts[1:]
    return tuple(parts)


def load_rule_tests(path: str | os.PathLike[str]) -> RuleTestFile:
    """Read and check a rule-test file: its shape, the rulesets, organizations and event
    files it names, its parameter overrides and every event of every case.

    Raises:
        RuleTestError: every problem found, each at its file and line, with the case
            and the field path (problems inside the rulesets, organization or event
            files it names are located in those files).
    """
    name, text = read_text(path, RuleTestError, encoding="utf-8-sig")
    try:
        doc = _parse_yaml(text)
    except YAMLError as exc:
        line, message = syntax_problem(exc, text)
        raise RuleTestError([Problem(Location(name, line), message)]) from None
    except RecursionError:
        raise RuleTestError([Problem(Location(name), "syntax error: nested too deeply")]) from None
    try:
        data = plain(doc, budget_for(text))
    except TooLarge as exc:
        raise RuleTestError([Problem(Location(name, 1), str(exc))]) from None
    if not isinstance(data, dict):
        message = f"expected a rule-test mapping (rulesets, org, cases), got {show(data)}"
        raise RuleTestError([Problem(Location(name, 1), message)])
    return _Loader(name, doc, data).load()
