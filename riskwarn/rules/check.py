"""Name checks of a shape-valid ruleset: every event type, alias, field,
parameter, predicate and analyzer a rule names must exist.

Each rule's conditions see only the events bound before them: ``when.if``
its own event; ``unless.if`` and ``expect.if`` the ``when`` event too; step
*i* of a sequence the steps up to *i*; an aggregate its own event. The
``subject``, ``requires``, ``suppress.by`` and the placeholders of ``message`` and
``message_en`` may name any event of the rule. Parameter names must be
usable as ``params.NAME``.

One problem per cause: the fields of an event whose type is unknown (or
declared but invalid) are not reported again as unknown.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, overload

from riskwarn.errors import Location, Problem, RiskwarnError, did_you_mean
from riskwarn.events import EventTypes
from riskwarn.rules.duration import PARAM_REF
from riskwarn.rules.expr import ExprError, Field, Scope, check, parse
from riskwarn.rules.model import Pattern, Rule, Ruleset, Window
from riskwarn.rules.template import PARAMS, check_template, parse_template
from riskwarn.validation import Loc

__all__ = ["PREDICATES", "check_rules", "check_ruleset", "rule_patterns"]

PREDICATES: dict[str, int] = {
    "related": 2,
    "holds": 3,
    "supervises": 2,
    "is_principal": 1,
    "unit_of": 1,
    "interest_in": 2,
    "same_unit": 2,
    "reports_to": 2,
    "grade_of": 1,
    "grade_steps": 2,
    "promotion_kind": 2,
    "years_in_grade": 1,
    "years_worked": 1,
    "days_until_age": 2,
    "principal_of": 1,
    "quota_vacancies": 2,
    "min_present": 3,
    "min_votes": 2,
    "workdays": 2,
}
"""Graph predicates a condition may call, with their number of arguments;
the engine evaluates them from the organization graph at the event's time."""

Locate = Callable[[Loc], Location]

_PARAM_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


class _AnyField(Sequence[str]):
    """The fields of an event whose type is unknown: any name is accepted (the
    type is reported once, its fields are not reported again), none is suggested."""

    def __contains__(self, name: object) -> bool:
        return True

    def __len__(self) -> int:
        return 0

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return []
        raise IndexError(index)


_ANY_FIELD = _AnyField()


def _path_only(loc: Loc) -> Location:
    from riskwarn.errors import field_path

    return Location(path=field_path(loc))


def rule_patterns(rule: Rule) -> Iterator[tuple[Loc, Pattern, list[Pattern]]]:
    """Each event pattern of a rule, with its path in the rule and the patterns
    its condition may also name (the ones bound before it)."""
    if rule.when is not None:
        yield ("when",), rule.when, []
        if rule.unless is not None:
            yield ("unless",), rule.unless, [rule.when]
        if rule.expect is not None:
            yield ("expect",), rule.expect, [rule.when]
    if rule.sequence is not None:
        for i, step in enumerate(rule.sequence.steps):
            yield ("sequence", "steps", i), step, rule.sequence.steps[:i]
    for name in ("count", "sum", "distinct"):
        window = getattr(rule, name)
        if window is not None:
            yield (name,), window, []


def check_ruleset(
    ruleset: Ruleset, types: EventTypes, locate: Locate = _path_only
) -> list[Problem]:
    """Every name problem of the ruleset, located by ``locate`` (a path in the
    ruleset → `Location`). ``types`` is not changed: the ruleset's own
    ``event_types`` are declared on a copy."""
    return check_rules(
        list(enumerate(ruleset.rules)), ruleset.params, ruleset.event_types, types, locate
    )


def check_rules(
    rules: list[tuple[int, Rule]],
    params: Mapping[str, Any],
    event_types: Mapping[str, Mapping[str, str]],
    types: EventTypes,
    locate: Locate = _path_only,
    *,
    ids: Sequence[tuple[int, str]] | None = None,
) -> list[Problem]:
    """The name checks of `check_ruleset` for some rules, each with its index in
    the file (so a loader can check the rules that are valid while others are not).

    ``ids`` are the id of every rule of the file with its index, for the check
    of repeated ids (a rule invalid in shape still has its id); by default the
    ids of ``rules``."""
    types = types.copy()
    problems: list[Problem] = []
    for name in params:
        message = _param_name_problem(name)
        if message is not None:
            problems.append(Problem(locate(("params", name)), message))
    broken: set[str] = set()  # declared but invalid: already reported, not unknown
    for name, fields in event_types.items():
        try:
            types.declare(name, fields)
        except RiskwarnError as exc:
            broken.add(name)
            for p in exc.problems:
                sub = tuple((p.location.path or name).split(".", 1)[1:])
                problems.append(Problem(locate(("event_types", name, *sub)), p.message))
    first: dict[str, int] = {}
    for index, rule_id in ids if ids is not None else [(i, r.id) for i, r in rules]:
        if rule_id in first:
            message = f"duplicate rule id '{rule_id}' (first at rules[{first[rule_id]}])"
            problems.append(Problem(locate(("rules", index, "id")), message))
        first.setdefault(rule_id, index)
    for index, rule in rules:
        problems.extend(_check_rule(rule, ("rules", index), params, types, broken, locate))
    return problems


def _param_name_problem(name: object) -> str | None:
    """Why ``name`` cannot be a parameter (written ``params.NAME`` in a condition), or None."""
    if not isinstance(name, str):
        return None  # a key that is not text is a shape problem, reported as such
    if not _PARAM_NAME.fullmatch(name):
        return (
            "expected a parameter name of letters, digits and '_', starting with a letter "
            f"(conditions write params.NAME), got '{name}'"
        )
    if keyword.iskeyword(name):
        return f"'{name}' is a Python keyword and cannot be written params.{name}; rename it"
    if name == "params":
        return "'params' cannot name a parameter (it is the name of them all); rename it"
    return None


def _fields(types: EventTypes, type_name: str) -> Sequence[str]:
    model = types.get(type_name)
    return list(model.model_fields) if model is not None else _ANY_FIELD


def _check_rule(
    rule: Rule,
    at: Loc,
    params: Mapping[str, Any],
    types: EventTypes,
    broken: set[str],
    locate: Locate,
) -> list[Problem]:
    problems: list[Problem] = []
    bound: dict[str, Sequence[str]] = {}

    def problem(sub: Loc, message: str) -> None:
        problems.append(Problem(locate((*at, *sub)), message))

    def expression(sub: Loc, text: str, aliases: dict[str, Sequence[str]]) -> None:
        try:
            expr = parse(text)
        except ExprError as exc:
            problem(sub, str(exc))
            return
        scope = Scope(aliases=aliases, params=params, predicates=PREDICATES)
        for error in check(expr, scope):
            problem(sub, str(error))

    for sub, pattern, before in rule_patterns(rule):
        if pattern.type not in types and pattern.type not in broken:
            problem(
                (*sub, "event"),
                f"unknown event type '{pattern.type}'{did_you_mean(pattern.type, types)}",
            )
        if pattern.alias in bound:
            problem((*sub, "event"), f"alias '{pattern.alias}' is already bound in this rule")
        bound[pattern.alias] = _fields(types, pattern.type)
        visible = {p.alias: bound[p.alias] for p in before if p.alias in bound}
        visible[pattern.alias] = bound[pattern.alias]
        if pattern.if_ is not None:
            expression((*sub, "if"), pattern.if_, visible)
        if isinstance(pattern, Window):
            _check_window(pattern, sub, visible, problem, expression)
    # a warning holds the when/sequence/window events, never the unless or expect one
    absent = {p.alias for p in (rule.unless, rule.expect) if p is not None}
    shown = {alias: names for alias, names in bound.items() if alias not in absent}

    def not_absent(sub: Loc, names: set[str]) -> bool:
        for alias in sorted(names & absent):
            role = "unless" if rule.unless is not None else "expect"
            problem(
                sub,
                f"'{alias}' is the {role} event, which a warning never has "
                "(it is missing, or it did not come); name the when event's fields",
            )
        return not names & absent

    if rule.subject is not None and not_absent(("subject",), {rule.subject.split(".")[0].strip()}):
        _check_reference(("subject",), rule.subject, shown, problem)
    for i, required in enumerate(rule.requires):
        if not_absent(("requires", i), {required.split(".")[0].strip()}):
            _check_reference(("requires", i), required, shown, problem)
    for name in ("message", "message_en"):
        text = getattr(rule, name)
        if text is not None:
            try:
                used = {p.alias for p in parse_template(text).placeholders if p.alias}
            except ExprError:
                used = set()
            if not_absent((name,), used):
                for message in check_template(text, {**shown, PARAMS: sorted(params)}):
                    problem((name,), message)
    if rule.suppress is not None:
        for i, by in enumerate(rule.suppress.by):
            if by != "subject" and not_absent(("suppress", "by", i), {by.split(".")[0].strip()}):
                _check_reference(("suppress", "by", i), by, shown, problem, or_subject=True)
    if rule.analyzer is not None:
        _check_analyzer(rule, params, problem)
    return problems


def _check_window(
    window: Window,
    sub: Loc,
    visible: dict[str, Sequence[str]],
    problem: Callable[[Loc, str], None],
    expression: Callable[[Loc, str, dict[str, Sequence[str]]], None],
) -> None:
    if window.field is not None:
        _check_reference((*sub, "field"), window.field, visible, problem)
    for i, key in enumerate(window.group_by):
        _check_reference((*sub, "group_by", i), key, visible, problem)
    for name in ("over", "at_least"):
        value: Any = getattr(window, name)
        if isinstance(value, str):
            expression((*sub, name), value, {})


def _check_reference(
    sub: Loc,
    text: str,
    bound: Mapping[str, Sequence[str]],
    problem: Callable[[Loc, str], None],
    *,
    or_subject: bool = False,
) -> None:
    """``text`` must be a plain field reference ``alias.field`` to a bound event
    (or ``subject`` where the caller accepts it too)."""
    try:
        expr = parse(text)
    except ExprError as exc:
        problem(sub, str(exc))
        return
    if not isinstance(expr, Field) or not expr.path:
        expected = "a field such as 'payment.approver'"
        hint = ""
        if or_subject:
            expected, hint = f"'subject' or {expected}", did_you_mean(text, ["subject"])
        problem(sub, f"expected {expected}, got '{text}'{hint}")
        return
    for error in check(expr, Scope(aliases=bound)):
        problem(sub, str(error))


def _check_analyzer(
    rule: Rule, params: Mapping[str, Any], problem: Callable[[Loc, str], None]
) -> None:
    from riskwarn.structural import REGISTRY

    assert rule.analyzer is not None
    for key, value in rule.analyzer.params.items():
        ref = PARAM_REF.fullmatch(value) if isinstance(value, str) else None
        if ref is not None and ref["name"] not in params:
            hint = did_you_mean(ref["name"], params)
            problem(("analyzer", "params", key), f"unknown parameter '{ref['name']}'{hint}")
            return
    spec = REGISTRY.get(rule.analyzer.id)
    if spec is None:
        problem(
            ("analyzer", "id"),
            f"no analyzer '{rule.analyzer.id}'{did_you_mean(rule.analyzer.id, REGISTRY)}",
        )
        return
    try:
        spec.parse_params(rule.analyzer.resolved(dict(params)))
    except RiskwarnError as exc:
        for p in exc.problems:
            path = tuple((p.location.path or "params").split("."))
            problem(("analyzer", *path), p.message)
