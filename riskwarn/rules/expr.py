"""Conditions: a small, safe subset of Python expression syntax.

Text such as ``payment.amount >= params.large_fund and not related(payment.approver, payment.payee)``
is parsed with the standard library's `ast` (never ``eval``'d) into a tree of
the node classes below. Only comparisons, ``and/or/not``, ``in``, arithmetic,
literals, attribute access on event aliases and ``params``, and calls to
registered predicates are accepted; anything else is refused with its column.

`check` validates names against a `Scope` (aliases and their fields, params,
predicates) and suggests the nearest name; `evaluate` is the reference
semantics that every compiled form must agree with.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from riskwarn.errors import did_you_mean

__all__ = [
    "And",
    "Arith",
    "Call",
    "Compare",
    "Const",
    "Expr",
    "ExprError",
    "Field",
    "ListLit",
    "Neg",
    "Not",
    "Or",
    "Param",
    "Scope",
    "check",
    "evaluate",
    "fields_used",
    "parse",
]


class ExprError(ValueError):
    """A condition that cannot be parsed or checked; ``column`` is 1-based."""

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        return self.message if self.column is None else f"column {self.column}: {self.message}"


@dataclass(frozen=True, slots=True)
class Const:
    value: str | int | float | Decimal | bool | None


@dataclass(frozen=True, slots=True)
class Field:
    """``alias.path``: a field of the event bound to ``alias``."""

    alias: str
    path: tuple[str, ...]
    column: int = 0

    def __str__(self) -> str:
        return ".".join((self.alias, *self.path))


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    column: int = 0


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Expr, ...]


COMPARE_OPS = ("==", "!=", "<", "<=", ">", ">=", "in", "not in")
ARITH_OPS = ("+", "-", "*", "/")


@dataclass(frozen=True, slots=True)
class Compare:
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Arith:
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Expr


@dataclass(frozen=True, slots=True)
class ListLit:
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Expr, ...]
    column: int = 0


Expr = Const | Field | Param | Not | And | Or | Compare | Arith | Neg | ListLit | Call

_CMP = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_MAX_LENGTH = 2000
_MAX_DEPTH = 50


def parse(text: str) -> Expr:
    """Parse a condition.

    Columns are 1-based and count characters (not bytes) from the start of
    ``text``, leading spaces and earlier lines included.

    Raises:
        ExprError: a syntax error, or syntax outside the allowed subset (with its column).
    """
    if len(text) > _MAX_LENGTH:
        raise ExprError(f"a condition is at most {_MAX_LENGTH} characters, got {len(text)}")
    body = text.strip()
    columns = _Columns(body, len(text) - len(text.lstrip()))
    try:
        tree = ast.parse(body, mode="eval")
    except SyntaxError as exc:
        # an error at the end of the text has no offset: point just past it
        if exc.offset and exc.lineno:
            column = columns.at(exc.lineno, exc.offset - 1)
        else:
            column = columns.lead + len(body) + 1
        raise ExprError(f"invalid syntax: {exc.msg}", column) from None
    except (RecursionError, MemoryError):
        raise ExprError(f"nested more than {_MAX_DEPTH} levels") from None
    return _node(tree.body, 0, columns)


class _Columns:
    """1-based character columns in the original text of `ast` positions (a line
    number and a UTF-8 byte offset in the stripped text)."""

    def __init__(self, body: str, lead: int):
        self.lead = lead
        self.lines = body.split("\n")
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def at(self, lineno: int, chars: int) -> int:
        """The column of character ``chars`` (0-based) of line ``lineno``."""
        index = min(max(lineno, 1), len(self.lines)) - 1
        return self.lead + self.starts[index] + chars + 1

    def of(self, node: ast.expr) -> int:
        index = min(max(node.lineno, 1), len(self.lines)) - 1
        prefix = self.lines[index].encode("utf-8")[: node.col_offset]
        return self.at(node.lineno, len(prefix.decode("utf-8", errors="ignore")))


def _node(node: ast.expr, depth: int, columns: _Columns) -> Expr:
    column = columns.of(node)
    if depth > _MAX_DEPTH:
        raise ExprError(f"nested more than {_MAX_DEPTH} levels", column)
    depth += 1
    if isinstance(node, ast.BoolOp):
        items = tuple(_node(v, depth, columns) for v in node.values)
        return And(items) if isinstance(node.op, ast.And) else Or(items)
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.Not):
            return Not(_node(node.operand, depth, columns))
        if isinstance(node.op, ast.USub):
            return Neg(_node(node.operand, depth, columns))
    if isinstance(node, ast.Compare):
        parts: list[Expr] = []
        left = _node(node.left, depth, columns)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            if type(op) not in _CMP:
                symbol = {ast.Is: "is", ast.IsNot: "is not"}.get(type(op), type(op).__name__)
                raise ExprError(
                    f"'{symbol}' is not allowed; write == or != (e.g. x == None)", column
                )
            right = _node(comparator, depth, columns)
            parts.append(Compare(_CMP[type(op)], left, right))
            left = right
        return parts[0] if len(parts) == 1 else And(tuple(parts))
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITH:
        return Arith(
            _ARITH[type(node.op)],
            _node(node.left, depth, columns),
            _node(node.right, depth, columns),
        )
    if isinstance(node, ast.Constant) and (
        node.value is None or isinstance(node.value, str | int | float | bool)
    ):
        return Const(node.value)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return ListLit(tuple(_node(e, depth, columns) for e in node.elts))
    if isinstance(node, ast.Attribute | ast.Name):
        return _reference(node, column)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        return Call(node.func.id, tuple(_node(a, depth, columns) for a in node.args), column)
    raise ExprError(f"'{ast.unparse(node)}' is not allowed in a condition", column)


def _reference(node: ast.Attribute | ast.Name, column: int) -> Expr:
    path: list[str] = []
    current: ast.expr = node
    while isinstance(current, ast.Attribute):
        path.append(current.attr)
        current = current.value
    if not isinstance(current, ast.Name):
        raise ExprError(f"'{ast.unparse(node)}' is not allowed in a condition", column)
    path.reverse()
    if any(part.startswith("_") for part in (current.id, *path)):
        raise ExprError(f"'{ast.unparse(node)}': names starting with '_' are not allowed", column)
    if current.id == "params":
        if len(path) != 1:
            raise ExprError(f"'{ast.unparse(node)}': a parameter is written params.NAME", column)
        return Param(path[0], column)
    return Field(current.id, tuple(path), column)


@dataclass(frozen=True)
class Scope:
    """What a condition may name: aliases with their field names, parameters, predicates (name → arity)."""

    aliases: Mapping[str, Sequence[str]]
    params: Mapping[str, Any] = field(default_factory=dict)
    predicates: Mapping[str, int] = field(default_factory=dict)


def check(expr: Expr, scope: Scope) -> list[ExprError]:
    """Every unknown alias, field, parameter or predicate, or wrong arity, in ``expr``."""
    errors: list[ExprError] = []
    _check(expr, scope, errors)
    return errors


def _check(expr: Expr, scope: Scope, errors: list[ExprError]) -> None:
    if isinstance(expr, Field):
        if expr.alias not in scope.aliases:
            names = [*scope.aliases, "params"]
            if not expr.path:
                hint = did_you_mean(expr.alias, [*names, *scope.predicates])
                errors.append(ExprError(f"unknown name '{expr.alias}'{hint}", expr.column))
            else:
                errors.append(
                    ExprError(
                        f"unknown event '{expr.alias}'{did_you_mean(expr.alias, names)}",
                        expr.column,
                    )
                )
        elif not expr.path:
            message = f"'{expr.alias}' is an event; name one of its fields, e.g. {expr.alias}.id"
            errors.append(ExprError(message, expr.column))
        elif expr.path[0] not in scope.aliases[expr.alias]:
            hint = did_you_mean(expr.path[0], scope.aliases[expr.alias])
            message = f"'{expr.alias}' has no field '{expr.path[0]}'{hint}"
            errors.append(ExprError(message, expr.column))
        elif len(expr.path) > 1:
            message = f"'{expr.alias}.{expr.path[0]}' has no field '{expr.path[1]}' (event fields are not nested)"
            errors.append(ExprError(message, expr.column))
    elif isinstance(expr, Param):
        if expr.name not in scope.params:
            errors.append(
                ExprError(
                    f"unknown parameter '{expr.name}'{did_you_mean(expr.name, scope.params)}",
                    expr.column,
                )
            )
    elif isinstance(expr, Call):
        if expr.name not in scope.predicates:
            hint = did_you_mean(expr.name, scope.predicates)
            errors.append(ExprError(f"unknown predicate '{expr.name}'{hint}", expr.column))
        elif len(expr.args) != scope.predicates[expr.name]:
            want = scope.predicates[expr.name]
            errors.append(
                ExprError(
                    f"{expr.name}() takes {want} arguments, got {len(expr.args)}", expr.column
                )
            )
        for arg in expr.args:
            _check(arg, scope, errors)
    elif isinstance(expr, Not | Neg):
        _check(expr.operand, scope, errors)
    elif isinstance(expr, And | Or | ListLit):
        for item in expr.items:
            _check(item, scope, errors)
    elif isinstance(expr, Compare | Arith):
        _check(expr.left, scope, errors)
        _check(expr.right, scope, errors)


def fields_used(expr: Expr) -> set[Field]:
    """Every event field the condition reads (with columns stripped)."""
    found: set[Field] = set()

    def walk(e: Expr) -> None:
        if isinstance(e, Field):
            found.add(Field(e.alias, e.path))
        elif isinstance(e, Not | Neg):
            walk(e.operand)
        elif isinstance(e, And | Or | ListLit):
            for item in e.items:
                walk(item)
        elif isinstance(e, Compare | Arith):
            walk(e.left)
            walk(e.right)
        elif isinstance(e, Call):
            for arg in e.args:
                walk(arg)

    walk(expr)
    return found


Predicate = Callable[..., Any]


def _get(record: Any, name: str) -> Any:
    if isinstance(record, Mapping):
        return record.get(name)
    return getattr(record, name, None)


def evaluate(
    expr: Expr,
    events: Mapping[str, Any],
    params: Mapping[str, Any],
    predicates: Mapping[str, Predicate] | None = None,
) -> Any:
    """The reference semantics of a condition over bound events.

    A missing field is None. An ordering comparison (``<``, ``>=`` ...) or an
    arithmetic step with None on either side is False / None rather than an
    error, so an absent optional field never matches a threshold; ``==`` and
    ``!=`` compare None like any value. ``and``/``or`` give booleans.
    """
    return _eval(expr, events, params, predicates or {})


def _eval(
    expr: Expr, events: Mapping[str, Any], params: Mapping[str, Any], preds: Mapping[str, Predicate]
) -> Any:
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, Field):
        value = events.get(expr.alias)
        for name in expr.path:
            if value is None:
                return None
            value = _get(value, name)
        return value
    if isinstance(expr, Param):
        return params[expr.name]
    if isinstance(expr, Not):
        return not _eval(expr.operand, events, params, preds)
    if isinstance(expr, And):
        return all(_eval(i, events, params, preds) for i in expr.items)
    if isinstance(expr, Or):
        return any(_eval(i, events, params, preds) for i in expr.items)
    if isinstance(expr, ListLit):
        return [_eval(i, events, params, preds) for i in expr.items]
    if isinstance(expr, Neg):
        value = _eval(expr.operand, events, params, preds)
        return -value if _is_number(value) else None
    if isinstance(expr, Call):
        return preds[expr.name](*(_eval(a, events, params, preds) for a in expr.args))
    left = _eval(expr.left, events, params, preds)
    right = _eval(expr.right, events, params, preds)
    if isinstance(expr, Arith):
        return _arith(expr.op, left, right)
    return _compare(expr.op, left, right)


def _number(value: Any) -> Any:
    return Decimal(str(value)) if isinstance(value, float) else value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _arith(op: str, left: Any, right: Any) -> Any:
    # numbers only: text or list operands would let '*' build huge values
    if not (_is_number(left) and _is_number(right)):
        return None
    left, right = _number(left), _number(right)
    try:
        if op == "+":
            return left + right
        if op == "-":
            return left - right
        if op == "*":
            return left * right
        return None if right == 0 else Decimal(left) / Decimal(right)
    except ArithmeticError:  # infinities and NaN from parameters
        return None


def _compare(op: str, left: Any, right: Any) -> bool:
    if op == "==":
        return bool(_number(left) == _number(right))
    if op == "!=":
        return bool(_number(left) != _number(right))
    if op in ("in", "not in"):
        inside = _contains(right, left)
        return inside if op == "in" else not inside
    if left is None or right is None:
        return False
    left, right = _number(left), _number(right)
    try:
        if op == "<":
            return bool(left < right)
        if op == "<=":
            return bool(left <= right)
        if op == ">":
            return bool(left > right)
        return bool(left >= right)
    except (TypeError, ArithmeticError):  # incomparable types; NaN from parameters
        return False


def _contains(container: Any, item: Any) -> bool:
    """``item in container``: membership in a list (numbers compared as ``==`` does),
    a substring of a text when both are texts, False for anything else."""
    if isinstance(container, list | tuple | set | frozenset):
        wanted = _number(item)
        return any(bool(wanted == _number(x)) for x in container)
    if isinstance(container, str) and isinstance(item, str):
        return item in container
    return False
