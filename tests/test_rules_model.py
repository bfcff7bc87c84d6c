"""The ruleset format: one shape per rule, the options that go with it, unique ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from riskwarn.errors import RulesetError
from riskwarn.rules.loader import load_ruleset
from riskwarn.rules.model import Ruleset, Side

HEAD = {"id": "r", "title": "t", "level": "red", "category": "资金", "basis": "b"}


def ruleset(*rules: dict[str, Any]) -> Ruleset:
    return Ruleset.model_validate(
        {"ruleset": "funds", "version": "1", "title": "资金", "rules": list(rules)}
    )


def errors(*rules: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    with pytest.raises(ValidationError) as err:
        ruleset(*rules)
    return [(e["loc"], e["msg"]) for e in err.value.errors()]


def test_every_shape_of_the_design_validates() -> None:
    """when, unless, expect with a reminder, sequence, sum and analyzer rules are accepted as written."""
    rs = ruleset(
        {
            **HEAD,
            "id": "self_approval",
            "when": {"event": "payment", "if": "payment.approver == payment.initiator"},
            "subject": "payment.approver",
            "suppress": {"for": "30d"},
        },
        {
            **HEAD,
            "id": "no_decision",
            "when": {"event": "payment"},
            "unless": {
                "event": "collective_decision as d",
                "if": "d.ref == payment.decision_ref",
                "within": "180d",
            },
        },
        {
            **HEAD,
            "id": "svc",
            "when": {"event": "service_request as req"},
            "expect": {"event": "service_completed as done", "within": "5 workdays"},
            "remind_before": "1 workday",
        },
        {
            **HEAD,
            "id": "seq",
            "sequence": {"steps": [{"event": "proposal"}, {"event": "decision"}], "within": "90d"},
        },
        {
            **HEAD,
            "id": "split",
            "sum": {
                "event": "purchase",
                "field": "purchase.amount",
                "group_by": ["purchase.fiscal_year"],
                "within": "365d",
                "over": "params.open_tender",
            },
        },
        {
            **HEAD,
            "id": "rot",
            "analyzer": {"id": "rotation_overdue", "params": {"key_post_years": 5}},
        },
    )
    assert [r.id for r in rs.rules] == [
        "self_approval",
        "no_decision",
        "svc",
        "seq",
        "split",
        "rot",
    ]
    assert (rs.rules[1].unless.alias, rs.rules[1].unless.type, rs.rules[1].unless.side) == (
        "d",
        "collective_decision",
        Side.BEFORE,
    )  # type: ignore[union-attr]
    assert str(rs.rules[2].remind_before) == "1 workday"
    assert rs.rules[0].suppress is not None and rs.rules[0].suppress.by == ["subject"]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            {},
            [
                (
                    ("rules", 0),
                    "Value error, a rule has exactly one of when, sequence, count, sum, distinct, analyzer; got none",
                )
            ],
        ),
        (
            {"when": {"event": "a"}, "analyzer": {"id": "x"}},
            [
                (
                    ("rules", 0),
                    "Value error, a rule has exactly one of when, sequence, count, sum, distinct, analyzer; got when, analyzer",
                )
            ],
        ),
        (
            {
                "count": {"event": "a", "within": "1d", "over": 3},
                "expect": {"event": "b", "within": "1d"},
            },
            [(("rules", 0), "Value error, unless and expect go with when")],
        ),
        (
            {"when": {"event": "a"}, "remind_before": "1d"},
            [(("rules", 0), "Value error, remind_before goes with expect")],
        ),
        (
            {"sum": {"event": "a", "within": "1d", "over": 3}},
            [(("rules", 0), "Value error, sum needs a field")],
        ),
        (
            {"count": {"event": "a", "within": "1d"}},
            [(("rules", 0), "Value error, count needs one of over or at_least")],
        ),
        (
            {"when": {"event": "a b"}},
            [
                (
                    ("rules", 0, "when", "event"),
                    "Value error, expected 'TYPE' or 'TYPE as ALIAS', got 'a b'",
                )
            ],
        ),
        (
            {"when": {"event": "a", "iff": "x"}},
            [(("rules", 0, "when", "iff"), "Extra inputs are not permitted")],
        ),
    ],
)
def test_a_rule_with_a_wrong_shape_is_refused_where_it_is(
    rule: dict[str, Any], expected: list[tuple[tuple[str | int, ...], str]]
) -> None:
    """Each shape mistake is reported at the rule or the field concerned."""
    assert errors({**HEAD, **rule}) == expected


@pytest.mark.parametrize(
    ("limit", "shown"),
    [(True, "true"), (False, "false"), (float("nan"), "nan"), (float("inf"), "inf")],
)
@pytest.mark.parametrize("key", ["over", "at_least"])
def test_a_window_limit_is_a_finite_number_or_a_condition(
    key: str, limit: float, shown: str
) -> None:
    """A boolean, NaN or an infinity is refused where it is written; numbers and text pass."""
    window = {"event": "purchase", "within": "30d", key: limit}
    assert errors({**HEAD, "count": window}) == [
        (
            ("rules", 0, "count", key),
            "Value error, a finite number or a parameter such as 'params.limit' is expected",
        )
    ]
    for good in (3, 2.5, 0, "params.open_tender"):
        rs = ruleset({**HEAD, "count": {**window, key: good}})
        assert getattr(rs.rules[0].count, key) == good


def test_a_window_limit_error_reads_in_the_project_style(tmp_path: Path) -> None:
    """Through the loader: path, what is expected, and the value as YAML writes it."""
    path = tmp_path / "r.yaml"
    path.write_text(
        "ruleset: r\nversion: '1'\ntitle: t\nrules:\n"
        "  - {id: a, title: t, level: red, category: c, basis: b,\n"
        "     count: {event: purchase, within: 30d, at_least: .nan}}\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesetError) as err:
        load_ruleset(path)
    assert str(err.value) == (
        f"{path}:6: rule 'a': count.at_least: expected a finite number or a parameter "
        "such as 'params.limit', got nan"
    )
