"""A mapping file: how the traces and events of an XES log become riskwarn events.

It names the trace attribute that is the case id (field ``case``), the event attribute
that is the activity (field ``activity``) and the timestamp, the attribute that names
the person (the envelope's ``actor``, with the values that stand for no one), further
fields from event attributes (``org:role``) or trace attributes (``case:Amount``), and
per activity pattern the event type, fields taken from the name (named groups) or set.
Attributes the mapping does not name are kept under their own names in snake_case
(``case:Permit RequestedBudget`` as ``case_permit_requested_budget``) when the event
type has a field of that name. docs/xes.md is the reference.
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator

from riskwarn.errors import EventError, Location, Problem, did_you_mean, field_path
from riskwarn.events import EventTypes
from riskwarn.events.envelope import ENVELOPE_FIELDS, TypeName
from riskwarn.model.common import Id, Model, StrictBool, Text
from riskwarn.validation import Loc, show, translate
from riskwarn.xes.reader import XesEvent, XesTrace
from riskwarn.yamldoc import node_line, parse_document

__all__ = [
    "BUILTIN_MAPPINGS",
    "CASE_PREFIX",
    "ActivityRule",
    "Mapped",
    "Mapper",
    "MappingFile",
    "Refused",
    "XesMapping",
    "field_name",
    "load_mapping",
]

CASE_PREFIX = "case:"
"""How an attribute reference names a trace (case) attribute: ``case:Amount``."""

BUILTIN_MAPPINGS = Path(__file__).parent / "mappings"
"""The mappings shipped with riskwarn, by file stem: ``bpic2020``, ``bpic2012``, ``wabo``."""

Reference = Text | list[Text]
"""An attribute (``org:role``, ``case:Amount``), or a list of them: the first present."""


class ActivityRule(Model):
    """Events whose activity name matches ``match`` (a regular expression, matched
    against the whole name): their event type (the mapping's by default), fields from
    the named groups of ``match`` and from ``set``; ``skip`` drops them."""

    match: Text
    type: TypeName | None = None
    set_: dict[str, Text] = Field(default={}, alias="set")
    skip: StrictBool = False

    model_config = Model.model_config | {"populate_by_name": True}

    @field_validator("match")
    @classmethod
    def _regex(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression ({exc})") from None
        return value


class XesMapping(Model):
    """A mapping file (docs/xes.md)."""

    mapping: Id
    title: Text | None = None
    type: TypeName
    """The event type of every event, unless an activity rule gives another."""
    case: Text = "concept:name"
    """The trace attribute that is the case id, kept as the field ``case``."""
    time: Text = "time:timestamp"
    activity: Text = "concept:name"
    """The event attribute that is the activity, kept as the field ``activity``."""
    actor: Reference | None = None
    """The attribute naming the person who did it (``org:resource``): the ``actor``."""
    anonymized: list[Text] = []
    """Values of ``actor`` that name no one (``STAFF MEMBER``): the actor is absent."""
    missing: list[Text] = []
    """Values of any attribute that mean "not known" (``UNKNOWN``): it is absent."""
    id: Text | None = None
    """The event attribute that is the event id; by default ``CASE/N``, N the event's
    1-based position in its trace."""
    fields: dict[str, Reference] = {}
    activities: list[ActivityRule] = []
    unmatched: Literal["keep", "skip"] = "keep"
    """What becomes of an activity no rule matches: an event of ``type``, or nothing."""


@functools.lru_cache(maxsize=4096)
def field_name(key: str) -> str:
    """An attribute key as a field name: snake_case, other characters as ``_``
    (``Permit RequestedBudget`` → ``permit_requested_budget``, ``org:group`` →
    ``org_group``); a name that would start with a digit gets ``a_`` before it."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key)
    name = re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_")
    return name if name[:1].isalpha() else f"a_{name}"


@dataclass(frozen=True)
class MappingFile:
    """A loaded mapping and where it came from, for locating problems found when it is
    bound to event types (`bind`)."""

    mapping: XesMapping
    source: str
    locate: Callable[[Loc], Location]

    def bind(self, types: EventTypes) -> Mapper:
        """The mapping ready to map events of ``types``.

        Raises:
            EventError: every event type it names that ``types`` lacks, every field it
                sets that its event type lacks (with the nearest name), a type with no
                ``case`` field, each located in the mapping file.
        """
        return Mapper(self, types)


def load_mapping(path: str | os.PathLike[str]) -> MappingFile:
    """Load a mapping file (YAML or JSON), or a built-in mapping by name
    (``bpic2020``, ``bpic2012``, ``wabo``: see `BUILTIN_MAPPINGS`).

    Raises:
        EventError: every problem of the file: unreadable, syntax, unknown or missing
            keys, a bad regular expression, each with file, line and key path.
    """
    name = os.fspath(path)
    file = Path(path)
    builtin = BUILTIN_MAPPINGS / f"{name}.yaml"
    if not file.exists() and os.sep not in name and builtin.is_file():
        file = builtin
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        known = sorted(p.stem for p in BUILTIN_MAPPINGS.glob("*.yaml"))
        hint = did_you_mean(name, known) or f" (built in: {', '.join(known)})"
        raise EventError(f"no such mapping file{hint}", location=Location(name)) from None
    except (OSError, UnicodeDecodeError) as exc:
        message = f"cannot read ({exc.__class__.__name__}: {exc})"
        raise EventError(message, location=Location(name)) from None
    doc, data = parse_document(name, text, EventError)

    def locate(loc: Loc) -> Location:
        line = node_line(doc, loc, 1) if isinstance(doc, dict) else 1
        return Location(name, line, path=field_path(loc) or None)

    if not isinstance(data, dict):
        expected = "expected a mapping (mapping, type, fields, activities...)"
        raise EventError(f"{expected}, got {show(data)}", location=Location(name, 1))
    try:
        mapping = XesMapping.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            translated = translate(error, XesMapping)
            where = locate(translated.line_at)
            where_path = field_path(translated.path) or None
            problems.append(
                Problem(Location(name, where.line, path=where_path), translated.message)
            )
        raise EventError(sorted(problems, key=lambda p: p.location.line or 0)) from None
    return MappingFile(mapping, name, locate)


@dataclass(frozen=True, slots=True)
class Mapped:
    """One event as a record for the event type's validation (values as text, as in a
    CSV cell), the ``raw`` attributes it came from, and the line of its ``<event>``."""

    record: dict[str, str]
    raw: dict[str, dict[str, str]]
    line: int


@dataclass(frozen=True, slots=True)
class Refused:
    """An event that cannot be mapped: why, the ``raw`` attributes, the line of its
    ``<event>``."""

    reason: str
    raw: dict[str, dict[str, str]]
    line: int


@dataclass(frozen=True, slots=True)
class _Activity:
    pattern: re.Pattern[str]
    type: str
    set: tuple[tuple[str, str], ...]
    skip: bool


class Mapper:
    """A mapping bound to event types: turns the events of a trace into records."""

    def __init__(self, file: MappingFile, types: EventTypes):
        self.file = file
        m = file.mapping
        problems: list[Problem] = []

        def problem(loc: Loc, message: str) -> None:
            problems.append(Problem(file.locate(loc), message))

        self.fields: dict[str, frozenset[str]] = {}
        for loc, name in [(("type",), m.type)] + [
            (("activities", i, "type"), a.type) for i, a in enumerate(m.activities) if a.type
        ]:
            model = types.get(name)
            if model is None:
                problem(loc, f"unknown event type '{name}'{did_you_mean(name, types)}")
                continue
            own = frozenset(model.model_fields) - set(ENVELOPE_FIELDS)
            if "case" not in own and name not in self.fields:
                problem(loc, f"event type '{name}' has no field 'case' for the case id")
            self.fields[name] = own
        default = self.fields.get(m.type, frozenset())
        for key in m.fields:
            if key in ENVELOPE_FIELDS and key != "unit":
                problem(("fields", key), f"'{key}' is set by the mapping's own key, not a field")
            elif m.type in self.fields and key not in default and key != "unit":
                hint = did_you_mean(key, default)
                problem(("fields", key), f"event type '{m.type}' has no field '{key}'{hint}")
        self.activities: list[_Activity] = []
        for i, a in enumerate(m.activities):
            target = a.type or m.type
            pattern = re.compile(a.match)
            names = list(pattern.groupindex) + list(a.set_)
            known = self.fields.get(target)
            for key in names if known is not None else []:
                if known is not None and key not in known:
                    where = ("activities", i, "set", key) if key in a.set_ else ("activities", i)
                    hint = did_you_mean(key, known)
                    problem(where, f"event type '{target}' has no field '{key}'{hint}")
            self.activities.append(_Activity(pattern, target, tuple(a.set_.items()), a.skip))
        if problems:
            raise EventError(sorted(problems, key=lambda p: p.location.line or 0))
        self.missing = frozenset(m.missing)
        self.anonymized = frozenset(m.anonymized)
        self._named = self._named_attributes()
        self._actor = _refs(m.actor) if m.actor is not None else ()
        self._fields = {key: _refs(ref) for key, ref in m.fields.items()}
        self._keep: dict[str, dict[str, str | None]] = {name: {} for name in self.fields}
        """Per event type: attribute reference → the field it is kept as, or None."""
        self.skipped = 0
        """Events dropped by ``skip`` or ``unmatched: skip``."""
        self.anonymous = 0
        """Events whose actor was one of the ``anonymized`` values."""
        self.unkept: Counter[str] = Counter()
        """Attributes the mapping does not name and no event type has a field for,
        by reference (``case:BudgetNumber``), with how many events had them."""

    def _named_attributes(self) -> frozenset[str]:
        """The references the mapping uses, which are not kept again under their names."""
        m = self.file.mapping
        named = {m.time, m.activity, CASE_PREFIX + m.case}
        if m.id is not None:
            named.add(m.id)
        for ref in [m.actor, *m.fields.values()]:
            named.update([ref] if isinstance(ref, str) else ref or [])
        return frozenset(named)

    def events(self, trace: XesTrace) -> list[Mapped | Refused]:
        """Each event of ``trace`` as a record, or why it is refused (in the trace's
        order); skipped events are counted, not returned."""
        m = self.file.mapping
        case = self._value(trace.attributes.get(m.case))
        prefixed = {f"{CASE_PREFIX}{k}": v for k, v in trace.attributes.items()}
        kept: dict[str, tuple[dict[str, str], list[str]]] = {}
        out: list[Mapped | Refused] = []
        for position, event in enumerate(trace.events, start=1):
            activity = self._value(event.attributes.get(m.activity))
            raw = {"trace": trace.attributes, "event": event.attributes}
            problems = [*trace.problems, *event.problems]
            if case is None:
                problems.append(
                    f"the trace (line {trace.line}) has no case id (attribute '{m.case}')"
                )
            if activity is None:
                problems.append(f"the event has no activity (attribute '{m.activity}')")
            if problems:
                out.append(Refused("; ".join(problems), raw, event.line))
                continue
            assert case is not None and activity is not None
            rule = self._activity(activity)
            if (rule is not None and rule[0].skip) or (rule is None and m.unmatched == "skip"):
                self.skipped += 1
                continue
            target = rule[0].type if rule is not None else m.type
            if target not in kept:
                kept[target] = self._kept(prefixed.items(), target)
            record = self._record(prefixed, event, target, case, activity, position)
            if isinstance(record, str):
                out.append(Refused(record, raw, event.line))
                continue
            trace_fields, unkept = kept[target]
            for name, value in trace_fields.items():
                record.setdefault(name, value)
            self.unkept.update(unkept)
            if rule is not None:
                record.update((k, v) for k, v in rule[1].items() if v is not None)
                record.update(rule[0].set)
            out.append(Mapped(record, raw, event.line))
        return out

    def _activity(self, name: str) -> tuple[_Activity, dict[str, str | None]] | None:
        for activity in self.activities:
            found = activity.pattern.fullmatch(name)
            if found is not None:
                return activity, found.groupdict()
        return None

    def _kept(
        self, attributes: Iterable[tuple[str, str]], target: str
    ) -> tuple[dict[str, str], list[str]]:
        """The attributes the mapping does not name, as the fields of ``target`` they
        are kept as, and the references of those no field of ``target`` keeps."""
        names = self._keep[target]
        kept: dict[str, str] = {}
        unkept: list[str] = []
        for ref, value in attributes:
            if ref not in names:
                names[ref] = self._keep_as(ref, target)
            name = names[ref]
            if ref in self._named or self._value(value) is None:
                continue
            if name is None:
                unkept.append(ref)
            else:
                kept.setdefault(name, value)
        return kept, unkept

    def _keep_as(self, ref: str, target: str) -> str | None:
        """The field of ``target`` an attribute the mapping does not name is kept as."""
        name = field_name(ref.removeprefix(CASE_PREFIX))
        name = f"case_{name}" if ref.startswith(CASE_PREFIX) else name
        return name if name in self.fields[target] else None

    def _record(
        self,
        trace: Mapping[str, str],
        event: XesEvent,
        target: str,
        case: str,
        activity: str,
        position: int,
    ) -> dict[str, str] | str:
        """The record of one event from what the mapping names and the event's own
        other attributes, or why there is none."""
        m = self.file.mapping
        attributes = event.attributes
        own = self.fields[target]
        if m.id is not None:
            ident = self._value(attributes.get(m.id))
            if ident is None:
                return f"the event has no id (attribute '{m.id}')"
        else:
            ident = f"{case}/{position}"
        time = attributes.get(m.time)
        if time is None:
            return f"the event has no time (attribute '{m.time}')"
        record = {"id": ident, "type": target, "time": time, "case": case}
        if "activity" in own:
            record["activity"] = activity
        if self._actor:
            actor = self._lookup(self._actor, trace, attributes)
            if actor is not None and actor in self.anonymized:
                self.anonymous += 1
            elif actor is not None:
                record["actor"] = actor
        for key, refs in self._fields.items():
            if key in own or key == "unit":
                value = self._lookup(refs, trace, attributes)
                if value is not None:
                    record[key] = value
        kept, unkept = self._kept(attributes.items(), target)
        for name, value in kept.items():
            record.setdefault(name, value)
        self.unkept.update(unkept)
        return record

    def _lookup(
        self, refs: tuple[tuple[bool, str], ...], trace: Mapping[str, str], event: Mapping[str, str]
    ) -> str | None:
        for of_trace, ref in refs:
            value = self._value((trace if of_trace else event).get(ref))
            if value is not None:
                return value
        return None

    def _value(self, value: str | None) -> str | None:
        """``value``, or None when it is absent, empty or one of the ``missing`` values."""
        if value is None or not value.strip() or value in self.missing:
            return None
        return value


def _refs(ref: str | list[str]) -> tuple[tuple[bool, str], ...]:
    """Each reference of a mapping value, with whether it names a trace attribute."""
    return tuple(
        (one.startswith(CASE_PREFIX), one) for one in ([ref] if isinstance(ref, str) else ref)
    )
