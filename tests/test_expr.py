"""Conditions: the safe expression subset, its checks and its reference semantics."""

from __future__ import annotations

from decimal import Decimal

import pytest

from riskwarn.rules.expr import (
    And,
    Compare,
    Const,
    ExprError,
    Field,
    Param,
    Scope,
    _compare,
    check,
    evaluate,
    fields_used,
    parse,
)

SCOPE = Scope(
    aliases={
        "payment": ["amount", "approver", "initiator", "payee", "decision_ref"],
        "d": ["ref", "quorum_met"],
    },
    params={"large_fund": 500000},
    predicates={"related": 2, "is_principal": 1},
)


def test_a_condition_parses_into_a_tree() -> None:
    """Attribute access on an alias is a field, params.X a parameter, chained comparisons an and."""
    assert parse("payment.amount >= params.large_fund") == Compare(
        ">=", Field("payment", ("amount",), 1), Param("large_fund", 19)
    )
    assert parse("1 < payment.amount < 5") == And(
        (
            Compare("<", Const(1), Field("payment", ("amount",), 5)),
            Compare("<", Field("payment", ("amount",), 5), Const(5)),
        )
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "__import__('os').system('x')",
            "column 1: '__import__('os').system('x')' is not allowed in a condition",
        ),
        (
            "payment.__class__",
            "column 1: 'payment.__class__': names starting with '_' are not allowed",
        ),
        (
            "[x for x in payment.amount]",
            "column 1: '[x for x in payment.amount]' is not allowed in a condition",
        ),
        ("lambda: 1", "column 1: 'lambda: 1' is not allowed in a condition"),
        ("payment.amount ** 2", "column 1: 'payment.amount ** 2' is not allowed in a condition"),
        ("params.a.b", "column 1: 'params.a.b': a parameter is written params.NAME"),
        ("payment.amount >=", "column 18: invalid syntax: invalid syntax"),
        ("related(a=1)", "column 1: 'related(a=1)' is not allowed in a condition"),
    ],
)
def test_syntax_outside_the_subset_is_refused_with_its_column(text: str, message: str) -> None:
    """Calls of anything but a named predicate, comprehensions, lambdas, powers, dunders: all refused."""
    with pytest.raises(ExprError) as err:
        parse(text)
    assert str(err.value) == message


def test_check_names_every_unknown_name_with_a_suggestion() -> None:
    """Misspelt alias, field, parameter and predicate are all reported, each with the nearest name."""
    expr = parse(
        "paymnt.amount > params.large_fnd or relatd(payment.aprover, payment.payee) or is_principal(payment.payee, 1)"
    )
    assert [str(e) for e in check(expr, SCOPE)] == [
        "column 1: unknown event 'paymnt' (did you mean 'payment'?)",
        "column 17: unknown parameter 'large_fnd' (did you mean 'large_fund'?)",
        "column 37: unknown predicate 'relatd' (did you mean 'related'?)",
        "column 44: 'payment' has no field 'aprover' (did you mean 'approver'?)",
        "column 79: is_principal() takes 1 arguments, got 2",
    ]
    assert check(parse("payment.amount >= params.large_fund and d.quorum_met"), SCOPE) == []


def test_a_bare_unknown_name_suggests_aliases_and_predicates() -> None:
    """A lone name that is not an alias is reported as an unknown name."""
    assert [str(e) for e in check(parse("paymen"), SCOPE)] == [
        "column 1: unknown name 'paymen' (did you mean 'payment'?)"
    ]


def test_evaluation_follows_the_reference_semantics() -> None:
    """Thresholds, equality, membership, arithmetic and predicates evaluate as documented."""
    payment = {"amount": Decimal("600000"), "approver": "a", "initiator": "a", "payee": "firm"}
    events, params = {"payment": payment}, {"large_fund": 500000}
    assert evaluate(parse("payment.amount >= params.large_fund"), events, params) is True
    assert evaluate(parse("payment.approver == payment.initiator"), events, params) is True
    assert evaluate(parse("payment.payee in ['firm', 'other']"), events, params) is True
    assert evaluate(parse("payment.payee not in ('firm',)"), events, params) is False
    assert evaluate(parse("payment.amount > params.large_fund * 2"), events, params) is False
    assert evaluate(parse("payment.amount / 2 == 300000"), events, params) is True
    related = {"related": lambda a, b: (a, b) == ("a", "firm")}
    assert (
        evaluate(parse("related(payment.approver, payment.payee)"), events, params, related) is True
    )


def test_missing_fields_never_match_a_threshold() -> None:
    """A None field makes ordering comparisons and arithmetic false, but == None works."""
    events = {"payment": {"amount": None}}
    assert evaluate(parse("payment.amount >= 0"), events, {}) is False
    assert evaluate(parse("payment.amount < 0"), events, {}) is False
    assert evaluate(parse("payment.amount * 2 > 1"), events, {}) is False
    assert evaluate(parse("payment.amount == None"), events, {}) is True
    assert evaluate(parse("payment.decision_ref != None"), events, {}) is False


def test_floats_compare_exactly_with_decimals() -> None:
    """0.1 written in a rule equals the decimal amount 0.1 of an event."""
    assert (
        evaluate(parse("payment.amount == 0.1"), {"payment": {"amount": Decimal("0.1")}}, {})
        is True
    )


def test_fields_used_lists_each_field_once() -> None:
    """The fields a condition reads, for the compiler to project."""
    used = fields_used(
        parse(
            "payment.amount > 1 and related(payment.approver, payment.payee) or payment.amount < 0"
        )
    )
    assert sorted(map(str, used)) == ["payment.amount", "payment.approver", "payment.payee"]


def test_is_comparisons_are_refused_with_the_alternative() -> None:
    """'x is None' is a located error suggesting '== None', not a crash."""
    with pytest.raises(ExprError) as err:
        parse("payment.decision_ref is None")
    assert str(err.value) == "column 1: 'is' is not allowed; write == or != (e.g. x == None)"
    with pytest.raises(ExprError) as err:
        parse("payment.decision_ref is not None")
    assert str(err.value) == "column 1: 'is not' is not allowed; write == or != (e.g. x == None)"


def test_deep_nesting_is_refused_not_a_crash() -> None:
    """A condition nested beyond 50 levels is an error, whatever the stack depth."""
    for text in ("1+" * 999 + "1", "not " * 499 + "1", "[" * 60 + "1" + "]" * 60):
        with pytest.raises(ExprError) as err:
            parse(text)
        assert "nested more than 50 levels" in str(err.value)


def test_arithmetic_is_for_numbers_only() -> None:
    """Multiplying text or lists gives None (no match), so a condition cannot build huge values."""
    events = {"payment": {"payee": "firm", "amount": Decimal("5")}}
    assert evaluate(parse("payment.payee * 2000000000 == 'x'"), events, {}) is False
    assert evaluate(parse("[0] * 100000 * 100000 * 100000 == []"), events, {}) is False
    assert evaluate(parse("-payment.payee == None"), events, {}) is True
    assert evaluate(parse("payment.amount * params.k > 1"), events, {"k": float("inf")}) is True
    assert (
        evaluate(parse("payment.amount - params.k - params.k > 1"), events, {"k": float("inf")})
        is False
    )


def test_a_field_is_one_level_under_an_alias() -> None:
    """A bare alias, or a path under a field, is refused: event fields are flat."""
    assert [str(e) for e in check(parse("payment == payment"), SCOPE)] == [
        "column 1: 'payment' is an event; name one of its fields, e.g. payment.id",
        "column 12: 'payment' is an event; name one of its fields, e.g. payment.id",
    ]
    assert [str(e) for e in check(parse("payment.payee.upper != None"), SCOPE)] == [
        "column 1: 'payment.payee' has no field 'upper' (event fields are not nested)"
    ]


def test_membership_compares_numbers_as_equality_does() -> None:
    """An amount 1.00 is in [1, 2], a float parameter 1.0 in [1]; text is not a number."""
    events = {"payment": {"amount": Decimal("1.00"), "payee": "1", "approver": None}}
    assert evaluate(parse("payment.amount in [1, 2]"), events, {}) is True
    assert evaluate(parse("payment.amount not in [1, 2]"), events, {}) is False
    assert evaluate(parse("params.k in [1]"), events, {"k": 1.0}) is True
    assert evaluate(parse("payment.amount in params.ks"), events, {"ks": [0.5, 1.0]}) is True
    assert evaluate(parse("payment.payee in [1]"), events, {}) is False
    assert evaluate(parse("payment.approver in [None]"), events, {}) is True
    assert _compare("in", Decimal("0.1"), [0.1]) is True
    assert _compare("not in", 2, (Decimal("2.000"),)) is False


def test_membership_in_anything_but_a_list_never_raises() -> None:
    """A text in a text is a substring test; any other right side: in is False, not in True."""
    events = {"payment": {"payee": "清溪县财政局", "amount": Decimal("5")}}
    assert evaluate(parse("'县财' in payment.payee"), events, {}) is True
    assert evaluate(parse("'乡' not in payment.payee"), events, {}) is True
    assert evaluate(parse("payment.amount in payment.payee"), events, {}) is False
    assert evaluate(parse("payment.payee in 5"), events, {}) is False
    assert evaluate(parse("payment.payee not in 5"), events, {}) is True
    assert evaluate(parse("payment.payee in payment.missing"), events, {}) is False
    assert evaluate(parse("payment.payee not in payment.missing"), events, {}) is True
    assert evaluate(parse("5 in payment.amount"), events, {}) is False
    assert _compare("in", ["a"], "a") is False
    assert _compare("not in", None, {"a": 1}) is True


def test_not_of_a_comparison_with_a_missing_field_is_true() -> None:
    """As documented: not (a > b) is not a <= b when a field is missing."""
    events = {"payment": {"amount": None}}
    assert evaluate(parse("not (payment.amount > 5)"), events, {}) is True
    assert evaluate(parse("payment.amount <= 5"), events, {}) is False
    assert evaluate(parse("payment.amount != None and payment.amount <= 5"), events, {}) is False


def test_columns_count_characters_from_the_start_of_the_text() -> None:
    """Not UTF-8 bytes, and leading spaces and earlier lines are counted."""
    assert parse("  payment.amount >= params.large_fund") == Compare(
        ">=", Field("payment", ("amount",), 3), Param("large_fund", 21)
    )
    assert [
        str(e) for e in check(parse("payment.payee == '清溪县' and payment.aprover"), SCOPE)
    ] == ["column 28: 'payment' has no field 'aprover' (did you mean 'approver'?)"]
    with pytest.raises(ExprError) as err:
        parse("  payment.amount >=")
    assert str(err.value) == "column 20: invalid syntax: invalid syntax"
    with pytest.raises(ExprError) as err:
        parse("payment.payee == '张三' $")
    assert str(err.value) == "column 23: invalid syntax: invalid syntax"
    with pytest.raises(ExprError) as err:
        parse("(payment.amount > 1 and\n  _x.y)")
    assert str(err.value) == "column 27: '_x.y': names starting with '_' are not allowed"


def test_an_ordering_comparison_with_a_nan_parameter_is_false_not_an_error() -> None:
    from decimal import Decimal

    expr = parse("x.amount > params.k")
    assert evaluate(expr, {"x": {"amount": Decimal(5)}}, {"k": float("nan")}) is False
