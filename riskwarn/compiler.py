"""The compiler: a pure function from a checked ruleset to durable_rules definitions
plus the operators the engine runs itself.

For each rule, `compile_ruleset` decides what durable_rules matches and what the
engine evaluates in Python (docs/engine.md, "Architecture"):

- Each event pattern's *local* condition (the parts that name only its own event:
  comparisons, arithmetic, graph predicates) becomes a Python closure with exactly
  the reference semantics of `riskwarn.rules.expr.evaluate`. Events that fail it are
  never handed to durable_rules.
- The *joins* (parts ``this.field OP earlier.field``), the ordering of events, the
  time windows and the deadlines become one durable_rules ruleset per rule, in which
  every message is a fact tagged with its pattern (``_a``), its stream position
  (``_seq``), its event time (``t``, microseconds) and, where a window or deadline
  follows it, the instant it ends (``_until``).
- Sliding-window aggregates (``count``/``sum``/``distinct``) are computed by the
  engine; structural ``analyzer`` rules run over the graph.

Every guard of docs/durable_rules.md is applied here: each joining ``$and`` ends
with the always-true join ``{"_k": {alias: "_k"}}``; no ``$or`` is emitted inside
a join; every operator in the output is checked against a whitelist
(`check_definition`). ``riskwarn compile RULESET`` prints `CompiledRuleset.to_json`.
"""

from __future__ import annotations

import enum
import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from pydantic import AwareDatetime

from riskwarn.errors import Location, Problem, RulesetError, did_you_mean
from riskwarn.events import EventTypes
from riskwarn.rules.duration import Duration
from riskwarn.rules.expr import (
    And,
    Arith,
    Call,
    Compare,
    Const,
    Expr,
    Field,
    ListLit,
    Neg,
    Not,
    Or,
    Param,
    _arith,
    _compare,
    _is_number,
    evaluate,
    parse,
)
from riskwarn.rules.model import Pattern, Rule, Ruleset, Side, Window
from riskwarn.validation import unwrap

__all__ = [
    "NONE_NUMBER",
    "NONE_TEXT",
    "OPERATORS",
    "CompiledRule",
    "CompiledRuleset",
    "Join",
    "PatternPlan",
    "Shape",
    "WindowPlan",
    "check_definition",
    "compile_ruleset",
    "encode",
    "event_types",
    "micros",
    "resolve_params",
]

OPERATORS = frozenset({"$and", "$lt", "$lte", "$gt", "$gte", "$neq"})
"""The durable_rules operators the compiler may emit (equality is ``{field: value}``)."""

NONE_NUMBER = -1.7976931348623157e308
"""How a missing number, time or day travels in a join field (durable_rules cannot
compare a null)."""
NONE_TEXT = "\u0001none"
"""How a missing text travels in a join field."""

_FLIP = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_DURABLE_OP = {"!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}


class Shape(enum.StrEnum):
    WHEN = "when"
    UNLESS_BEFORE = "unless_before"
    UNLESS_AFTER = "unless_after"
    UNLESS_EITHER = "unless_either"
    EXPECT = "expect"
    SEQUENCE = "sequence"
    WINDOW = "window"
    ANALYZER = "analyzer"


Predicates = Mapping[str, Callable[..., Any]]
Local = Callable[[Any, Predicates], bool]
"""A compiled local condition: ``(event, predicates at the event's time) -> bool``."""


@dataclass(frozen=True, slots=True)
class Join:
    """``this.field OP other.field``, as written after orienting it to this pattern."""

    op: str
    field: str
    other: str
    """The earlier alias."""
    other_field: str
    kind: str
    other_tag: str = ""
    """The earlier pattern's tag: its alias in the durable_rules rule."""
    """``number``, ``text`` or ``bool`` (times and days travel as numbers)."""


@dataclass(frozen=True)
class PatternPlan:
    """One event pattern of a rule and how it is matched."""

    path: str
    """Where it is in the rule: ``when``, ``unless``, ``expect``, ``sequence.steps.1``, ``sum``."""
    alias: str
    type: str
    tag: str
    """The ``_a`` value of its messages in the rule's durable ruleset."""
    local: Expr | None
    """The part of its condition that names only its own event."""
    joins: tuple[Join, ...]
    carries: tuple[tuple[str, str], ...]
    """Event fields its messages carry for joins, with their kinds."""
    until: Duration | None
    """When set, its messages carry ``_until`` = this duration after the event."""
    stored: bool
    """Whether its facts stay in durable_rules after their batch (until expiry)."""
    uses_predicates: bool
    matcher: Local = field(compare=False, repr=False)
    required: tuple[str, ...] = ()
    """Its fields in ordering joins: an event missing one cannot match the pattern."""
    requires: tuple[str, ...] = ()
    """The fields the rule ``requires`` of this pattern's event: an event missing one is
    not evaluated, and the engine counts it."""

    def fact(self, event: Any, fact_id: str, seq: int, t: int) -> dict[str, Any]:
        """The durable_rules message of `event` for this pattern: its id, tag, the
        event's position `seq` and time `t` (µs), the join guard and the carried
        fields encoded; the caller adds ``_until`` when `until` is set."""
        fact: dict[str, Any] = {
            "sid": "0",
            "id": fact_id,
            "_k": 1,
            "_a": self.tag,
            "_seq": seq,
            "t": t,
        }
        if self.carries:
            fact["_none_number"] = NONE_NUMBER
            fact["_none_text"] = NONE_TEXT
            for name, kind in self.carries:
                fact["f_" + name] = encode(getattr(event, name, None), kind)
        return fact


@dataclass(frozen=True)
class WindowPlan:
    kind: str
    """``count``, ``sum`` or ``distinct``."""
    field: str | None
    group_by: tuple[str, ...]
    within: Duration
    threshold: int | Decimal
    inclusive: bool
    """``at_least`` (``>=``) rather than ``over`` (``>``)."""


@dataclass(frozen=True)
class CompiledRule:
    index: int
    rule: Rule
    shape: Shape
    patterns: tuple[PatternPlan, ...]
    definition: dict[str, Any]
    """The rule's durable_rules ruleset: durable rule name → ``{"all": [...]}``."""
    within: Duration | None = None
    remind_before: Duration | None = None
    window: WindowPlan | None = None

    @property
    def id(self) -> str:
        return self.rule.id


@dataclass(frozen=True)
class CompiledRuleset:
    ruleset: Ruleset
    params: Mapping[str, Any]
    rules: tuple[CompiledRule, ...]

    def to_json(self) -> dict[str, Any]:
        """What ``riskwarn compile`` prints: per rule, its shape, the durable_rules
        definition and the engine-side operators."""
        rules = []
        for c in self.rules:
            item: dict[str, Any] = {"rule": c.id, "shape": c.shape.value}
            if c.patterns:
                item["patterns"] = [
                    {
                        "path": p.path,
                        "event": p.type,
                        "alias": p.alias,
                        "tag": p.tag,
                        "python": _unparse(p.local) if p.local is not None else None,
                        "joins": [
                            f"{p.alias}.{j.field} {j.op} {j.other}.{j.other_field}" for j in p.joins
                        ],
                        "until": str(p.until) if p.until else None,
                        "stored": p.stored,
                    }
                    | ({"requires": list(p.requires)} if p.requires else {})
                    for p in c.patterns
                ]
            if c.definition:
                item["durable_rules"] = c.definition
            if c.window is not None:
                w = c.window
                item["window"] = {
                    "aggregate": w.kind,
                    "field": w.field,
                    "group_by": list(w.group_by),
                    "within": str(w.within),
                    ("at_least" if w.inclusive else "over"): str(w.threshold),
                }
            if c.remind_before is not None:
                item["remind_before"] = str(c.remind_before)
            rules.append(item)
        return {
            "ruleset": self.ruleset.ruleset,
            "version": self.ruleset.version,
            "params": {k: _jsonable(v) for k, v in self.params.items()},
            "rules": rules,
        }


def event_types(rulesets: Sequence[Ruleset], base: EventTypes | None = None) -> EventTypes:
    """The event types of ``base`` (the built-ins by default) plus every type the
    rulesets declare.

    Raises:
        RulesetError: two rulesets declare the same type differently, or a declaration is invalid.
    """
    types = (base or EventTypes.default()).copy()
    declared: dict[str, tuple[str, Mapping[str, str]]] = {}
    problems: list[Problem] = []
    for rs in rulesets:
        for name, fields in rs.event_types.items():
            if name in declared:
                if dict(declared[name][1]) != dict(fields):
                    problems.append(
                        Problem(
                            Location(path=f"event_types.{name}"),
                            f"ruleset '{rs.ruleset}' declares event type '{name}' differently "
                            f"from ruleset '{declared[name][0]}'",
                        )
                    )
                continue
            declared[name] = (rs.ruleset, fields)
            types.declare(name, fields)
    if problems:
        raise RulesetError(problems)
    return types


def resolve_params(ruleset: Ruleset, overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """The ruleset's parameter defaults with a deployment's ``overrides`` applied.

    Raises:
        RulesetError: an override names no parameter of the ruleset, or changes a
            parameter's kind (a number for a number, a text for a text, a list for a list).
    """
    params = dict(ruleset.params)
    problems: list[Problem] = []
    for name, value in (overrides or {}).items():
        where = Location(path=f"params.{ruleset.ruleset}.{name}")
        if name not in params:
            hint = did_you_mean(name, params)
            problems.append(
                Problem(where, f"ruleset '{ruleset.ruleset}' has no parameter '{name}'{hint}")
            )
            continue
        if _kind_of_value(value) != _kind_of_value(params[name]):
            problems.append(
                Problem(
                    where,
                    f"expected {_kind_of_value(params[name])} like the default "
                    f"{params[name]!r}, got {value!r}",
                )
            )
            continue
        params[name] = value
    if problems:
        raise RulesetError(problems)
    return params


def _kind_of_value(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if _is_number(value):
        return "a number"
    if isinstance(value, str):
        return "a text"
    return "a list"


def compile_ruleset(
    ruleset: Ruleset, types: EventTypes, params: Mapping[str, Any] | None = None
) -> CompiledRuleset:
    """Compile a checked ruleset (`riskwarn.rules.load_ruleset`) with parameter
    ``params`` overrides. ``types`` must know every event type the rules use
    (see `event_types`). Rules with ``enabled: false`` are left out.

    Raises:
        RulesetError: every rule the engine cannot run, located by rule id and path
            (a condition that joins events other than by field comparisons, a join
            between fields of different kinds, a bad parameter override).
    """
    values = resolve_params(ruleset, params)
    ruleset = ruleset.with_params(values)
    compiled: list[CompiledRule] = []
    problems: list[Problem] = []
    for index, rule in enumerate(ruleset.rules):
        if not rule.enabled:
            continue
        try:
            compiled.append(_requiring(_compile_rule(index, rule, types, values)))
        except _Refused as exc:
            problems.extend(
                Problem(Location(rule=rule.id, path=path), message) for path, message in exc.items
            )
    if problems:
        raise RulesetError(problems)
    return CompiledRuleset(ruleset, values, tuple(compiled))


def _requiring(compiled: CompiledRule) -> CompiledRule:
    """``compiled`` with each pattern given the fields the rule ``requires`` of its event."""
    if not compiled.rule.requires:
        return compiled
    wanted: dict[str, list[str]] = {}
    for text in compiled.rule.requires:
        alias, _, name = (part.strip() for part in text.partition("."))
        if name not in wanted.setdefault(alias, []):
            wanted[alias].append(name)
    patterns = tuple(replace(p, requires=tuple(wanted.get(p.alias, ()))) for p in compiled.patterns)
    return replace(compiled, patterns=patterns)


class _Refused(Exception):
    def __init__(self, items: list[tuple[str, str]]):
        super().__init__(items)
        self.items = items


def _compile_rule(
    index: int, rule: Rule, types: EventTypes, params: Mapping[str, Any]
) -> CompiledRule:
    if rule.analyzer is not None:
        return CompiledRule(index, rule, Shape.ANALYZER, (), {})
    for name in ("count", "sum", "distinct"):
        window = getattr(rule, name)
        if window is not None:
            plan = _pattern(name, window, [], "w", None, False, types, params)
            return CompiledRule(
                index, rule, Shape.WINDOW, (plan,), {}, window=_window(name, window, params)
            )
    if rule.sequence is not None:
        return _sequence(index, rule, types, params)
    assert rule.when is not None
    if rule.unless is not None:
        return _unless(index, rule, types, params)
    if rule.expect is not None:
        return _expect(index, rule, types, params)
    w = _pattern("when", rule.when, [], "w", None, False, types, params)
    definition = {"hit": {"all": [{"w": {"_a": "w"}}]}}
    return CompiledRule(index, rule, Shape.WHEN, (w,), _checked(definition, rule))


def _unless(index: int, rule: Rule, types: EventTypes, params: Mapping[str, Any]) -> CompiledRule:
    assert rule.when is not None and rule.unless is not None
    side, within = rule.unless.side, rule.unless.within
    pending = side is not Side.BEFORE
    w = _pattern("when", rule.when, [], "w", within if pending else None, pending, types, params)
    u_stored = side is not Side.AFTER
    u = _pattern(
        "unless", rule.unless, [w], "u", within if u_stored else None, u_stored, types, params
    )
    definition: dict[str, Any] = {}
    if side is Side.BEFORE:
        definition["hit"] = {"all": [{"w": {"_a": "w"}}, {"u$not": _join(u, "w", "before")}]}
        shape = Shape.UNLESS_BEFORE
    else:
        definition.update(_deadline_rules(u, "excused"))
        if side is Side.EITHER:
            definition["excused_before"] = {
                "all": [{"w": {"_a": "w"}}, {"u": _join(u, "w", "before")}]
            }
        shape = Shape.UNLESS_AFTER if side is Side.AFTER else Shape.UNLESS_EITHER
    return CompiledRule(
        index, rule, shape, _carrying((w, u)), _checked(definition, rule), within=within
    )


def _expect(index: int, rule: Rule, types: EventTypes, params: Mapping[str, Any]) -> CompiledRule:
    assert rule.when is not None and rule.expect is not None
    within = rule.expect.within
    w = _pattern("when", rule.when, [], "w", within, True, types, params)
    x = _pattern("expect", rule.expect, [w], "x", None, False, types, params)
    definition = _deadline_rules(x, "fulfilled")
    if rule.remind_before is not None:
        definition["remind"] = {
            "all": [
                {"r": {"_a": "r"}},
                {"tick": {"$and": [{"_a": "tick"}, {"$gte": {"t": {"r": "_until"}}}, _guard("r")]}},
            ]
        }
    return CompiledRule(
        index,
        rule,
        Shape.EXPECT,
        _carrying((w, x)),
        _checked(definition, rule),
        within=within,
        remind_before=rule.remind_before,
    )


def _deadline_rules(later: PatternPlan, name: str) -> dict[str, Any]:
    """A pending ``w`` fact is met by a ``later`` event before its ``_until``, or
    falls due when a tick reaches it."""
    return {
        name: {"all": [{"w": {"_a": "w"}}, {later.tag: _join(later, "w", "after")}]},
        "due": {
            "all": [
                {"w": {"_a": "w"}},
                {"tick": {"$and": [{"_a": "tick"}, {"$gte": {"t": {"w": "_until"}}}, _guard("w")]}},
            ]
        },
    }


def _sequence(index: int, rule: Rule, types: EventTypes, params: Mapping[str, Any]) -> CompiledRule:
    assert rule.sequence is not None
    steps = rule.sequence.steps
    within = rule.sequence.within
    plans: list[PatternPlan] = []
    for i, step in enumerate(steps):
        last = i == len(steps) - 1
        plans.append(
            _pattern(
                f"sequence.steps.{i}",
                step,
                plans,
                f"s{i}",
                None if last else within,
                not last,
                types,
                params,
            )
        )
    first = plans[0]
    items: list[dict[str, Any]] = [{first.tag: {"_a": first.tag}}]
    for prev, plan in itertools.pairwise(plans):
        conds = [{"_a": plan.tag}, *_join_tests(plan)]
        conds.append({"$gt": {"_seq": {prev.tag: "_seq"}}})
        conds.append({"$lt": {"t": {first.tag: "_until"}}})
        conds.append(_guard(first.tag))
        items.append({plan.tag: {"$and": conds}})
    definition = {"hit": {"all": items}}
    return CompiledRule(
        index, rule, Shape.SEQUENCE, _carrying(plans), _checked(definition, rule), within=within
    )


def _carrying(plans: Sequence[PatternPlan]) -> tuple[PatternPlan, ...]:
    """Each plan with the fields its messages carry: those its own joins test and
    those later patterns' joins read from it."""
    out = []
    for plan in plans:
        carries = {(j.field, j.kind) for j in plan.joins}
        for later in plans:
            carries |= {(j.other_field, j.kind) for j in later.joins if j.other == plan.alias}
        out.append(replace(plan, carries=tuple(sorted(carries))))
    return tuple(out)


def _join(later: PatternPlan, earlier: str, side: str) -> dict[str, Any]:
    conds: list[dict[str, Any]] = [{"_a": later.tag}, *_join_tests(later)]
    if side == "before":  # later (the excuse) came first and w falls within its window
        conds.append({"$lt": {"_seq": {earlier: "_seq"}}})
        conds.append({"$gt": {"_until": {earlier: "t"}}})
    else:
        conds.append({"$gt": {"_seq": {earlier: "_seq"}}})
        conds.append({"$lt": {"t": {earlier: "_until"}}})
    conds.append(_guard(earlier))
    return {"$and": conds}


def _join_tests(plan: PatternPlan) -> list[dict[str, Any]]:
    """The durable_rules tests of a pattern's joins. A missing value never meets
    an ordering comparison: the earlier side is tested for presence here, this
    side by the engine before posting (`PatternPlan.required`), because a
    message that fails every test of its own is an error in durable_rules."""
    tests: list[dict[str, Any]] = []
    for j in plan.joins:
        mine, theirs = _key(j.field), _key(j.other_field)
        if j.op == "==":
            tests.append({mine: {j.other_tag: theirs}})
        else:
            tests.append({_DURABLE_OP[j.op]: {mine: {j.other_tag: theirs}}})
        if j.op not in ("==", "!="):  # this side's presence: `PatternPlan.required`
            none_key = "_none_text" if j.kind == "text" else "_none_number"
            tests.append({"$neq": {none_key: {j.other_tag: theirs}}})
    return tests


def _guard(alias: str) -> dict[str, Any]:
    return {"_k": {alias: "_k"}}


def _key(name: str) -> str:
    return "f_" + name


def _checked(definition: dict[str, Any], rule: Rule) -> dict[str, Any]:
    errors = check_definition(definition)
    if errors:  # a compiler bug, never a user error
        raise AssertionError(f"rule '{rule.id}': invalid durable_rules output: {errors}")
    return definition


def check_definition(definition: Mapping[str, Any]) -> list[str]:
    """Problems of a durable_rules ruleset definition against the guards: operators
    outside `OPERATORS`, a ``$or`` anywhere, a joining ``$and`` whose last test is
    not the ``_k`` guard, a ``count``/``cap``/``run`` key."""
    problems: list[str] = []
    for name, rule in definition.items():
        for key in rule:
            if key != "all":
                problems.append(f"{name}: unexpected key '{key}'")
        bound: set[str] = set()
        for item in rule.get("all", []):
            for alias, test in item.items():
                _check_test(f"{name}.{alias}", test, problems)
                for other in _joined(test):
                    if other not in bound:
                        problems.append(f"{name}.{alias}: joins '{other}', not bound before it")
                bound.add(alias.removesuffix("$not"))
    return problems


def _check_test(where: str, test: Any, problems: list[str]) -> None:
    if not isinstance(test, dict):
        problems.append(f"{where}: expected a test, got {test!r}")
        return
    for key, value in test.items():
        if key.startswith("$"):
            if key not in OPERATORS:
                problems.append(f"{where}: operator '{key}' is not allowed")
                continue
            if key == "$and":
                joins = [t for t in value if _is_join(t)]
                if joins and not _is_guard(value[-1]):
                    problems.append(f"{where}: a joining $and must end with the _k guard")
                for t in value:
                    _check_test(where, t, problems)
        elif isinstance(value, dict) and len(value) != 1:
            problems.append(f"{where}: bad join {key}: {value!r}")


def _joined(test: Any) -> set[str]:
    """The aliases a test joins against."""
    found: set[str] = set()
    if isinstance(test, dict):
        for key, value in test.items():
            if key == "$and":
                for t in value:
                    found |= _joined(t)
            elif key.startswith("$") and isinstance(value, dict):
                for v in value.values():
                    if isinstance(v, dict):
                        found |= set(v)
            elif isinstance(value, dict):
                found |= set(value)
    return found


def _is_join(test: Mapping[str, Any]) -> bool:
    for key, value in test.items():
        if key.startswith("$") and key != "$and" and isinstance(value, dict):
            return any(isinstance(v, dict) for v in value.values())
        if not key.startswith("$") and isinstance(value, dict):
            return True
    return False


def _is_guard(test: Mapping[str, Any]) -> bool:
    return len(test) == 1 and "_k" in test and isinstance(test["_k"], dict)


# -- patterns ---------------------------------------------------------------------------


def _pattern(
    path: str,
    pattern: Pattern,
    earlier: Sequence[PatternPlan],
    tag: str,
    until: Duration | None,
    stored: bool,
    types: EventTypes,
    params: Mapping[str, Any],
) -> PatternPlan:
    model = types.model(pattern.type)
    local: list[Expr] = []
    joins: list[Join] = []
    refused: list[tuple[str, str]] = []
    aliases = {p.alias: p for p in earlier}
    if pattern.if_ is not None:
        expr = parse(pattern.if_)
        parts = expr.items if isinstance(expr, And) else (expr,)
        for part in parts:
            names = _aliases(part)
            if not names & aliases.keys():
                local.append(part)
                continue
            join = _as_join(part, pattern.alias, aliases.keys())
            if join is None:
                refused.append(
                    (
                        f"{path}.if",
                        f"'{_unparse(part)}' names an earlier event in a way the engine cannot "
                        "join: write each such part as a comparison "
                        f"'{pattern.alias}.FIELD == EARLIER.FIELD' (== != < <= > >=), joined by 'and'",
                    )
                )
                continue
            mine = _field_kind(model, join.field)
            other_model = types.model(aliases[join.other].type)
            theirs = _field_kind(other_model, join.other_field)
            if mine is None or theirs is None or mine != theirs:
                refused.append(
                    (
                        f"{path}.if",
                        f"'{_unparse(part)}' compares {mine or 'a list'} with "
                        f"{theirs or 'a list'}: a join compares fields of the same kind",
                    )
                )
                continue
            if mine == "bool" and join.op not in ("==", "!="):
                refused.append(
                    (f"{path}.if", f"'{_unparse(part)}': booleans compare with == or !=")
                )
                continue
            joins.append(
                Join(
                    join.op, join.field, join.other, join.other_field, mine, aliases[join.other].tag
                )
            )
    if refused:
        raise _Refused(refused)
    condition: Expr | None = None
    if local:
        condition = local[0] if len(local) == 1 else And(tuple(local))
    return PatternPlan(
        path=path,
        alias=pattern.alias,
        type=pattern.type,
        tag=tag,
        local=condition,
        joins=tuple(joins),
        carries=(),
        until=until,
        stored=stored,
        uses_predicates=condition is not None and _has_call(condition),
        matcher=_closure(condition, pattern.alias, params),
        required=tuple(sorted({j.field for j in joins if j.op not in ("==", "!=")})),
    )


def _aliases(expr: Expr) -> set[str]:
    found: set[str] = set()

    def walk(e: Expr) -> None:
        if isinstance(e, Field):
            found.add(e.alias)
        elif isinstance(e, Not | Neg):
            walk(e.operand)
        elif isinstance(e, And | Or | ListLit):
            for item in e.items:
                walk(item)
        elif isinstance(e, Compare | Arith):
            walk(e.left)
            walk(e.right)
        elif isinstance(e, Call):
            for a in e.args:
                walk(a)

    walk(expr)
    return found


def _has_call(expr: Expr) -> bool:
    if isinstance(expr, Call):
        return True
    if isinstance(expr, Not | Neg):
        return _has_call(expr.operand)
    if isinstance(expr, And | Or | ListLit):
        return any(_has_call(i) for i in expr.items)
    if isinstance(expr, Compare | Arith):
        return _has_call(expr.left) or _has_call(expr.right)
    return False


def _as_join(part: Expr, alias: str, earlier: Any) -> Join | None:
    if not (isinstance(part, Compare) and part.op in _FLIP):
        return None
    left, right = part.left, part.right
    if not (isinstance(left, Field) and isinstance(right, Field)):
        return None
    if left.alias == alias and right.alias in earlier:
        return Join(part.op, left.path[0], right.alias, right.path[0], "")
    if right.alias == alias and left.alias in earlier:
        return Join(_FLIP[part.op], right.path[0], left.alias, left.path[0], "")
    return None


def _field_kind(model: type[Any], name: str) -> str | None:
    """How a field travels in a join: ``number`` (numbers, times, days), ``text``
    (text, ids, enumerations), ``bool``; None for lists."""
    info = model.model_fields.get(name)
    if info is None:
        return None
    tp = unwrap(info.annotation)
    if isinstance(tp, type):
        if issubclass(tp, bool):
            return "bool"
        if issubclass(tp, int | float | Decimal | datetime | date | AwareDatetime):
            return "number"
        if issubclass(tp, str | enum.Enum):
            return "text"
    return None


def encode(value: Any, kind: str) -> Any:
    """A field value as its join field carries it: numbers as floats (exact below
    2**53; money to the cent below 10**13), times as microseconds since the epoch,
    days as ordinals, missing values as `NONE_NUMBER` / `NONE_TEXT`."""
    if value is None:
        return NONE_TEXT if kind == "text" else NONE_NUMBER
    if kind == "text":
        return value.value if isinstance(value, enum.Enum) else str(value)
    if kind == "bool":
        return bool(value)
    if isinstance(value, datetime):
        return micros(value)
    if isinstance(value, date):
        return float(value.toordinal())
    return float(value)


def micros(t: datetime) -> int:
    """An aware time as whole microseconds since the Unix epoch (exact in a double)."""
    delta = t - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _window(name: str, window: Window, params: Mapping[str, Any]) -> WindowPlan:
    limit = window.over if window.over is not None else window.at_least
    value = evaluate(parse(limit), {}, params) if isinstance(limit, str) else limit
    if not _is_number(value):
        raise _Refused([(f"{name}.over", f"expected the limit to be a number, got {value!r}")])
    number: int | Decimal = value if isinstance(value, int) else Decimal(str(value))
    return WindowPlan(
        kind=name,
        field=_field_name(window.field) if window.field else None,
        group_by=tuple(_field_name(g) for g in window.group_by),
        within=window.within,
        threshold=number,
        inclusive=window.over is None,
    )


def _field_name(text: str) -> str:
    expr = parse(text)
    assert isinstance(expr, Field)
    return expr.path[0]


# -- closures ---------------------------------------------------------------------------


def _closure(expr: Expr | None, alias: str, params: Mapping[str, Any]) -> Local:
    """A Python closure with the reference semantics of ``expr`` over one event."""
    if expr is None:
        return lambda event, preds: True
    fn = _compile(expr, alias, params)
    return lambda event, preds: bool(fn(event, preds))


Fn = Callable[[Any, Predicates], Any]


def _compile(expr: Expr, alias: str, params: Mapping[str, Any]) -> Fn:
    if isinstance(expr, Const):
        value = expr.value
        return lambda e, p: value
    if isinstance(expr, Param):
        pvalue = params[expr.name]
        return lambda e, p: pvalue
    if isinstance(expr, Field):
        name = expr.path[0]
        return lambda e, p: getattr(e, name, None)
    if isinstance(expr, Not):
        inner = _compile(expr.operand, alias, params)
        return lambda e, p: not inner(e, p)
    if isinstance(expr, And):
        items = [_compile(i, alias, params) for i in expr.items]
        return lambda e, p: all(f(e, p) for f in items)
    if isinstance(expr, Or):
        alts = [_compile(i, alias, params) for i in expr.items]
        return lambda e, p: any(f(e, p) for f in alts)
    if isinstance(expr, ListLit):
        elems = [_compile(i, alias, params) for i in expr.items]
        return lambda e, p: [f(e, p) for f in elems]
    if isinstance(expr, Neg):
        operand = _compile(expr.operand, alias, params)

        def neg(e: Any, p: Predicates) -> Any:
            v = operand(e, p)
            return -v if _is_number(v) else None

        return neg
    if isinstance(expr, Call):
        args = [_compile(a, alias, params) for a in expr.args]
        pname = expr.name
        return lambda e, p: p[pname](*(f(e, p) for f in args))
    left = _compile(expr.left, alias, params)
    right = _compile(expr.right, alias, params)
    op = expr.op
    if isinstance(expr, Arith):
        return lambda e, p: _arith(op, left(e, p), right(e, p))
    return lambda e, p: _compare(op, left(e, p), right(e, p))


def _unparse(expr: Expr) -> str:
    if isinstance(expr, Const):
        return repr(expr.value)
    if isinstance(expr, Field):
        return str(expr)
    if isinstance(expr, Param):
        return f"params.{expr.name}"
    if isinstance(expr, Not):
        return f"not ({_unparse(expr.operand)})"
    if isinstance(expr, Neg):
        return f"-({_unparse(expr.operand)})"
    if isinstance(expr, And | Or):
        word = " and " if isinstance(expr, And) else " or "
        return word.join(f"({_unparse(i)})" for i in expr.items)
    if isinstance(expr, ListLit):
        return "[" + ", ".join(_unparse(i) for i in expr.items) + "]"
    if isinstance(expr, Call):
        return f"{expr.name}(" + ", ".join(_unparse(a) for a in expr.args) + ")"
    return f"{_unparse(expr.left)} {expr.op} {_unparse(expr.right)}"


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))
