"""Message templates: placeholders, their checks, and rendering that never fails."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskwarn.rules.expr import ExprError
from riskwarn.rules.template import (
    MISSING,
    Placeholder,
    Template,
    TemplateError,
    check_template,
    parse_template,
    render,
)

ALIASES = {"payment": ["id", "amount", "approver", "payee"], "d": ["ref"]}
NAMES = {"p1": "张三", "firm": "某公司"}


def name_of(ident: str) -> str | None:
    return NAMES.get(ident)


def test_a_template_parses_into_text_and_placeholders() -> None:
    """Fields, display names, specials and escaped braces, each placeholder with its column."""
    template = parse_template("{payment.approver.name} 付款 {payment.amount} 元 {{备注}} {count}")
    assert template == Template(
        "{payment.approver.name} 付款 {payment.amount} 元 {{备注}} {count}",
        (
            Placeholder("payment", "approver", name=True, column=1),
            " 付款 ",
            Placeholder("payment", "amount", column=28),
            " 元 {备注} ",
            Placeholder(None, "count", column=54),
        ),
    )
    assert [p.key for p in template.placeholders] == ["payment.approver", "payment.amount", "count"]
    assert parse_template("no placeholders").parts == ("no placeholders",)
    assert parse_template("").parts == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("金额 {payment.amount", "column 4: '{' is not closed; write '{{' for a literal brace"),
        ("a {b {c.d}", "column 3: '{' is not closed; write '{{' for a literal brace"),
        ("a } b", "column 3: a single '}' is not allowed; write '}}' for a literal brace"),
        ("{x.y}}", "column 6: a single '}' is not allowed; write '}}' for a literal brace"),
        (
            "x {}",
            "column 3: empty placeholder '{}': expected {alias.field}, {alias.field.name}, {params.NAME} or one "
            "of {subject}, {actual}, {threshold}, {count}, {deadline} "
            "(write '{{' and '}}' for literal braces)",
        ),
        (
            "{payment.amount:,.2f}",
            "column 16: '{payment.amount:,.2f}': format specs are not allowed in a placeholder",
        ),
        (
            "{payment.id!r}",
            "column 12: '{payment.id!r}': conversions are not allowed in a placeholder",
        ),
        ("额{x.items[0]}", "column 10: '{x.items[0]}': indexing is not allowed in a placeholder"),
        (
            "{payment.payee.unit}",
            "column 1: '{payment.payee.unit}': only '.name' (the display name of the id the field "
            "holds) may follow a field, got '.unit'",
        ),
        (
            "{a.b.name.name}",
            "column 1: '{a.b.name.name}': only '.name' (the display name of the id the field "
            "holds) may follow a field, got '.name.name'",
        ),
        ("{payment._x}", "column 1: '{payment._x}': names starting with '_' are not allowed"),
        (
            "{ payment.id }",
            "column 1: '{ payment.id }' is not a placeholder: expected {alias.field}, "
            "{alias.field.name}, {params.NAME} or one of {subject}, {actual}, {threshold}, {count}, {deadline}",
        ),
        (
            "{payment..id}",
            "column 1: '{payment..id}' is not a placeholder: expected {alias.field}, "
            "{alias.field.name}, {params.NAME} or one of {subject}, {actual}, {threshold}, {count}, {deadline}",
        ),
    ],
)
def test_malformed_templates_are_refused_with_their_column(text: str, message: str) -> None:
    """Single braces, empty braces, format specs, conversions, indexing, other attributes."""
    with pytest.raises(TemplateError) as err:
        parse_template(text)
    assert str(err.value) == message
    assert isinstance(err.value, ExprError)  # callers catching condition errors catch these too
    assert check_template(text, ALIASES) == [message]


def test_check_names_every_unknown_event_field_and_special() -> None:
    """Each unknown name is reported at its placeholder, with the nearest name."""
    text = "{paymnt.amount} {payment.amout} {subjct} {payment} {count.x} {d.ref} {deadline}"
    assert check_template(text, ALIASES) == [
        "column 1: unknown event 'paymnt' (did you mean 'payment'?)",
        "column 17: 'payment' has no field 'amout' (did you mean 'amount'?)",
        "column 33: unknown placeholder '{subjct}': expected {alias.field}, {alias.field.name}, {params.NAME} "
        "or one of {subject}, {actual}, {threshold}, {count}, {deadline} "
        "(did you mean 'subject'?)",
        "column 42: 'payment' is an event; name one of its fields, e.g. {payment.id}",
        "column 52: '{count.x}': {count} takes no field; write {count}",
    ]
    assert check_template("{payment.payee.name} {subject} {actual} {threshold}", ALIASES) == []


def test_render_fills_in_fields_names_and_specials() -> None:
    """Names come from the callback, falling back to the id; braces are unescaped."""
    values = {
        "payment.approver": "p1",
        "payment.payee": "unknown_firm",
        "payment.amount": Decimal("500000.00"),
        "subject": "张三",
        "count": 3,
    }
    text = "{subject}: {payment.approver.name} 向 {payment.payee.name} 付款 {payment.amount} 元 ×{count} {{ok}}"
    assert render(text, values, name_of) == "张三: 张三 向 unknown_firm 付款 500000.00 元 ×3 {ok}"
    assert render(parse_template(text), values, name_of) == render(text, values, name_of)
    assert render("{payment.approver}", values, name_of) == "p1"  # no .name: the id


class Method(enum.StrEnum):
    OPEN = "open_tender"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "—"),
        (Decimal("500000.00"), "500000.00"),
        (Decimal("5E+5"), "500000"),
        (Decimal("1.5E-7"), "0.00000015"),
        (Decimal("-0.10"), "-0.10"),
        (12, "12"),
        (1e20, "100000000000000000000"),
        (0.1, "0.1"),
        (float("nan"), "nan"),
        (True, "true"),
        (False, "false"),
        (
            datetime(2026, 3, 5, 9, 0, tzinfo=timezone(timedelta(hours=8))),
            "2026-03-05T09:00:00+08:00",
        ),
        (datetime(2026, 3, 5, 1, 0, 30, tzinfo=UTC), "2026-03-05T01:00:30+00:00"),
        (date(2026, 3, 5), "2026-03-05"),
        (Method.OPEN, "open_tender"),
        (("a", "b"), "a, b"),
        ([Decimal("1.0"), None], "1.0, —"),
        ((), "—"),
        # beyond the 4300 digits str() of an int allows
        pytest.param(10**5000, "1" + "0" * 5000, id="huge-int"),
    ],
)
def test_values_render_as_documented(value: Any, shown: str) -> None:
    """Decimals exactly without exponent, datetimes ISO with offset, None as an em dash."""
    assert render("{e.f}", {"e.f": value}, name_of) == shown
    assert MISSING == "—"


def test_render_never_raises() -> None:
    """Missing values, a failing callback, values that cannot be shown, broken text."""

    class Unprintable:
        def __str__(self) -> str:
            raise RuntimeError("no")

    def failing(ident: str) -> str | None:
        raise RuntimeError(ident)

    assert render("[{a.b}] [{subject}]", {}, name_of) == "[—] [—]"
    assert render("{a.b.name}", {"a.b": "p1"}, failing) == "p1"
    assert render("{a.b.name}", {"a.b": "p1"}, lambda i: "") == "p1"
    assert render("{a.b.name}", {"a.b": ("p1", "x", None)}, name_of) == "张三, x, —"
    assert render("{a.b.name}", {"a.b": Decimal("7")}, name_of) == "7"
    assert render("<{a.b}>", {"a.b": Unprintable()}, name_of) == "<—>"
    assert render("{a.b} {", {"a.b": 1}, name_of) == "{a.b} {"  # not a template: as written
    nested: list[Any] = [1]
    nested.append(nested)
    assert render("{a.b}", {"a.b": nested}, name_of) == "1, [1, [...]]"


VALUES = st.one_of(
    st.none(),
    st.text(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.booleans(),
    st.datetimes(timezones=st.none() | st.timezones()),
    st.lists(st.one_of(st.none(), st.text(), st.decimals()), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="{}.:!ab_x 0名", max_size=30),
    values=st.dictionaries(st.sampled_from(["a.b", "x.a", "subject", "count"]), VALUES),
)
def test_parse_only_fails_with_a_template_error_and_render_never_fails(
    text: str, values: dict[str, Any]
) -> None:
    """Any text: parse gives a template or a TemplateError with a column inside the text;
    render gives a string, for any values."""
    try:
        parse_template(text)
    except TemplateError as exc:
        assert exc.column is not None and 1 <= exc.column <= len(text)
    assert isinstance(render(text, values, name_of), str)
    assert isinstance(check_template(text, ALIASES), list)
