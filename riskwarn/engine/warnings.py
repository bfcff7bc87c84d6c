"""From a `Match` to an explained, routed `RiskWarning`, and suppression of floods.

A warning says: which rule (id, ruleset and version, level, category, title,
basis), about whom (the ``subject`` field of the rule, else the event's actor,
else its unit, resolved to a person, position, unit, entity or body of the
organization), since when (the match's time), on what evidence (each event with
the fields the rule read, graph paths for the graph predicates that held,
threshold and actual value, deadline, group), and who receives it and why
(`OrgGraph.supervisors` as of the match's time).

Suppression (``suppress: {for: 30d, by: [subject]}``): the first warning of a
rule for a key goes out at once; repeats within ``for`` of it are absorbed; when
``for`` has passed, if any were absorbed, the same warning (same id) goes out
again with ``count`` and the evidence of every occurrence. A consumer that keeps
warnings by id (the inbox) thus sees one warning whose count grows.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from riskwarn.compiler import CompiledRule, CompiledRuleset
from riskwarn.engine.match import Match, MatchKind
from riskwarn.errors import RulesetError
from riskwarn.graph import OrgGraph
from riskwarn.model.warning import (
    EventRef,
    Evidence,
    GraphPath,
    Level,
    Recipient,
    Ref,
    RiskWarning,
    warning_id,
)
from riskwarn.rules.duration import Duration
from riskwarn.rules.expr import Call, Field, fields_used, parse
from riskwarn.rules.model import Rule
from riskwarn.rules.template import render

__all__ = ["Suppressor", "WarningBuilder"]

_CACHE = 50_000
"""Entries kept in each lookup cache before it starts over."""
_PATH_PREDICATES = {"related", "interest_in", "supervises", "reports_to", "same_unit"}
MAX_EVIDENCE = 100
"""Events kept in a suppressed warning's evidence; the rest are counted in ``facts``."""


class WarningBuilder:
    """Builds the warnings of one compiled ruleset's matches."""

    def __init__(self, graph: OrgGraph | None, compiled: CompiledRuleset):
        self.graph = graph
        self.compiled = compiled
        self._refs: dict[str, Ref] = {}
        self._routes: dict[tuple[str, str], tuple[Recipient, ...]] = {}
        """Recipients per subject on `_route_day`: warnings come in time order, so one
        day's routes are kept at a time (an `OrgGraph` does not change once built)."""
        self._route_day: int | None = None
        self._fields: dict[str, dict[str, tuple[str, ...]]] = {}
        self._calls: dict[str, list[tuple[str, Call]]] = {}
        self._params = {f"params.{k}": _param_value(v) for k, v in compiled.params.items()}
        """What ``{params.NAME}`` shows: a duration's text as a `Duration`, in words."""
        for c in compiled.rules:
            self._fields[c.id], self._calls[c.id] = _mattered(c)

    def build(self, rule: CompiledRule, match: Match) -> RiskWarning:
        r = rule.rule
        level = Level.BLUE if match.kind is MatchKind.REMINDER else r.level
        subject = self._subject(r, match)
        values = self._values(match, subject)
        message = render(r.message, values, self._name) if r.message else r.title
        message_en = render(r.message_en, values, self._name, "en") if r.message_en else r.title_en
        if match.kind is MatchKind.REMINDER:
            message = f"【提醒】{message}"
            message_en = f"[Reminder] {message_en}" if message_en else None
        key = [match.kind.value, [e.id for e in match.events], _plain(match.group)]
        if match.deadline is not None:
            key.append(match.deadline.isoformat())
        return RiskWarning(
            id=warning_id(self.compiled.ruleset.ruleset, r.id, level, subject, key),
            rule=r.id,
            ruleset=self.compiled.ruleset.ruleset,
            ruleset_version=self.compiled.ruleset.version,
            level=level,
            category=r.category,
            title=r.title,
            title_en=r.title_en,
            message=message,
            message_en=message_en,
            basis=r.basis,
            subject=subject,
            time=match.time,
            evidence=self._evidence(rule, match),
            recipients=self._recipients(subject, match.time),
        )

    # -- parts ------------------------------------------------------------------------

    def _subject(self, rule: Rule, match: Match) -> Ref:
        value: Any = None
        if rule.subject is not None:
            ref = parse(rule.subject)
            assert isinstance(ref, Field)
            for alias, event in zip(reversed(match.aliases), reversed(match.events), strict=True):
                if alias == ref.alias:
                    value = getattr(event, ref.path[0], None)
                    break
        elif match.events:
            first = match.events[0]
            value = first.actor or first.unit
        if isinstance(value, enum.Enum):
            value = value.value
        if value is None or not isinstance(value, str):
            if match.events:
                e = match.events[0]
                return Ref(kind="event", id=e.id, name=e.type)
            return Ref(kind="rule", id=rule.id, name=rule.title)
        return self._ref(value)

    def _ref(self, ident: str) -> Ref:
        """The node an id names (person, position, unit, entity, body), else a bare id."""
        ref = self._refs.get(ident)
        if ref is None:
            found = self.graph.find(ident) if self.graph is not None else None
            ref = found if found is not None else Ref(kind="id", id=ident, name=ident)
            if len(self._refs) >= _CACHE:
                self._refs.clear()
            self._refs[ident] = ref
        return ref

    def _name(self, ident: str) -> str | None:
        ref = self._ref(ident)
        return None if ref.kind == "id" else ref.name

    def _values(self, match: Match, subject: Ref) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for alias, event in zip(match.aliases, match.events, strict=True):
            for name in type(event).model_fields:
                values[f"{alias}.{name}"] = getattr(event, name)
        values["subject"] = subject.name
        values["actual"] = match.actual
        values["threshold"] = match.threshold
        values["count"] = len(match.events)
        values["deadline"] = match.deadline
        values.update(self._params)
        return values

    def _evidence(self, rule: CompiledRule, match: Match) -> Evidence:
        wanted = self._fields[rule.id]
        pairs = list(zip(match.aliases, match.events, strict=True))
        facts: dict[str, Any] = {}
        if len(pairs) > MAX_EVIDENCE:  # a long window: the latest events
            facts["events_omitted"] = len(pairs) - MAX_EVIDENCE
            pairs = pairs[-MAX_EVIDENCE:]
        events = tuple(
            EventRef(
                id=e.id,
                type=e.type,
                time=e.time,
                fields={n: _scalar(getattr(e, n, None)) for n in wanted.get(alias, ())},
            )
            for alias, e in pairs
        )
        if match.deadline is not None:
            facts["deadline"] = match.deadline.isoformat()
        if match.group:
            facts["group"] = ", ".join(str(_scalar(v)) for v in match.group)
        return Evidence(
            events=events,
            paths=self._paths(rule, match),
            threshold=_scalar(match.threshold),
            actual=_scalar(match.actual),
            facts=facts,
        )

    def _paths(self, rule: CompiledRule, match: Match) -> tuple[GraphPath, ...]:
        """The graph paths behind the two-argument predicates of the rule's conditions."""
        if self.graph is None:
            return ()
        bound = dict(zip(match.aliases, match.events, strict=True))
        paths: list[GraphPath] = []
        for alias, call in self._calls[rule.id]:
            if alias not in bound or call.name not in _PATH_PREDICATES:
                continue
            ids = []
            for arg in call.args:
                if not isinstance(arg, Field) or arg.alias not in bound:
                    break
                ids.append(getattr(bound[arg.alias], arg.path[0], None))
            a, b = [*ids, None, None][:2]
            if len(ids) != 2 or not isinstance(a, str) or not isinstance(b, str):
                continue
            source, target = self._ref(a), self._ref(b)
            if source.kind == "id" or target.kind == "id":
                continue
            path = self.graph.explain(
                (source.kind, source.id), (target.kind, target.id), bound[alias].time
            )
            if path is not None and path not in paths:
                paths.append(path)
        return tuple(paths)

    def _recipients(self, subject: Ref, at: datetime) -> tuple[Recipient, ...]:
        if self.graph is None or subject.kind not in ("person", "position", "unit"):
            return ()
        day = self.graph.day(at)
        if day != self._route_day:
            self._routes.clear()
            self._route_day = day
        key = (subject.kind, subject.id)
        found = self._routes.get(key)
        if found is None:
            found = tuple(self.graph.supervisors(subject.kind, subject.id, at))
            self._routes[key] = found
        return found


def _mattered(rule: CompiledRule) -> tuple[dict[str, tuple[str, ...]], list[tuple[str, Call]]]:
    """The fields each alias's evidence shows (those the rule reads), and the
    predicate calls of its conditions with the alias whose condition holds them."""
    fields: dict[str, set[str]] = {}
    calls: list[tuple[str, Call]] = []
    r = rule.rule
    texts: list[tuple[str, str]] = []
    for plan in rule.patterns:
        fields.setdefault(plan.alias, set())
        for j in plan.joins:
            fields[plan.alias].add(j.field)
            fields.setdefault(j.other, set()).add(j.other_field)
        if plan.local is not None:
            for f in fields_used(plan.local):
                fields.setdefault(f.alias, set()).add(f.path[0])
            _collect_calls(plan.local, plan.alias, calls)
    if r.subject is not None:
        texts.append(("subject", r.subject))
    if rule.window is not None:
        alias = rule.patterns[0].alias
        for name in (rule.window.field, *rule.window.group_by):
            if name:
                fields.setdefault(alias, set()).add(name)
    for _, text in texts:
        expr = parse(text)
        if isinstance(expr, Field):
            fields.setdefault(expr.alias, set()).add(expr.path[0])
    return {a: tuple(sorted(names)) for a, names in fields.items()}, calls


def _collect_calls(expr: Any, alias: str, out: list[tuple[str, Call]]) -> None:
    if isinstance(expr, Call):
        out.append((alias, expr))
    for attr in ("operand", "left", "right"):
        if hasattr(expr, attr):
            _collect_calls(getattr(expr, attr), alias, out)
    for item in getattr(expr, "items", ()) or getattr(expr, "args", ()):
        _collect_calls(item, alias, out)


def _scalar(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, enum.Enum):
        return _scalar(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if isinstance(value, tuple | list):
        return ", ".join(str(_scalar(v)) for v in value)
    return str(value)


def _plain(values: tuple[Any, ...]) -> list[Any]:
    return [_scalar(v) for v in values]


@dataclass
class _Held:
    warning: RiskWarning
    until: datetime
    events: list[EventRef]
    """The evidence events of the run's occurrences, each event once, in order."""
    count: int = 1
    dropped: int = 0
    """Occurrences whose new events did not fit in the evidence."""
    seen: set[str] = field(default_factory=set)


class Suppressor:
    """Suppression for every rule that asks for it, in event time."""

    def __init__(self, until: Callable[[CompiledRule, datetime], datetime]):
        self._until = until
        self._held: dict[tuple[str, str, str, tuple[Any, ...]], _Held] = {}

    def offer(self, rule: CompiledRule, match: Match, warning: RiskWarning) -> RiskWarning | None:
        """The warning to emit now (the first of a run), or None when it is absorbed."""
        spec = rule.rule.suppress
        if spec is None:
            return warning
        # by level too: a reminder (blue) and the warning when the deadline passes
        # are two findings, never one run
        key = (warning.ruleset, rule.id, warning.level.value, self._key(rule.rule, match, warning))
        held = self._held.get(key)
        if held is not None and warning.time < held.until:
            held.count += 1
            # a window that stays over shares most events with the occurrence before
            new = [e for e in warning.evidence.events if e.id not in held.seen]
            if MAX_EVIDENCE - len(held.events) >= len(new):
                held.events.extend(new)
                held.seen.update(e.id for e in new)
            else:
                held.dropped += 1
            return None
        events = list(warning.evidence.events)
        self._held[key] = _Held(
            warning, self._until(rule, warning.time), events, seen={e.id for e in events}
        )
        return warning

    def due(self, now: datetime | None) -> Iterator[RiskWarning]:
        """Summaries of the runs that ended at or before ``now`` (every run when None),
        in order of their end."""
        ended = [(h.until, k) for k, h in self._held.items() if now is None or h.until <= now]
        for _, key in sorted(ended, key=lambda item: (item[0], *item[1][:3])):
            held = self._held.pop(key)
            if held.count > 1:
                yield _summary(held)

    @staticmethod
    def _key(rule: Rule, match: Match, warning: RiskWarning) -> tuple[Any, ...]:
        assert rule.suppress is not None
        parts: list[Any] = []
        for by in rule.suppress.by:
            if by == "subject":
                parts.append((warning.subject.kind, warning.subject.id))
                continue
            ref = parse(by)
            assert isinstance(ref, Field)
            value = None
            for alias, event in zip(match.aliases, match.events, strict=True):
                if alias == ref.alias:
                    value = getattr(event, ref.path[0], None)
            parts.append(_scalar(value))
        return tuple(parts)


def _summary(held: _Held) -> RiskWarning:
    w = held.warning
    facts = dict(w.evidence.facts)
    facts["suppressed_until"] = held.until.isoformat()
    if held.dropped:
        facts["occurrences_without_evidence"] = held.dropped
    evidence = w.evidence.model_copy(update={"events": tuple(held.events), "facts": facts})
    return w.model_copy(update={"count": held.count, "evidence": evidence})


def _param_value(value: Any) -> Any:
    """A parameter as a message shows it: a text that is a duration as a `Duration`."""
    if isinstance(value, str):
        try:
            return Duration.parse(value)
        except RulesetError:
            return value
    return value
