"""Rule tests (riskwarn.testing): the file format and its located errors, the comparison
of expected and actual warnings with its diff, the runner, `riskwarn test` and the pytest
helpers."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from riskwarn.engine import Engine
from riskwarn.errors import EngineError, RiskwarnError
from riskwarn.model.warning import EventRef, Evidence, Level, Recipient, Ref, RiskWarning
from riskwarn.testing import (
    CalendarName,
    ExpectedWarning,
    RuleTestError,
    assert_rule_file,
    compare_warnings,
    find_rule_tests,
    load_rule_tests,
    main_test,
    rule_test_cases,
    run_file,
    warning_line,
)

DATA = Path(__file__).parent / "data" / "ruletests"
DOCS = Path(__file__).parent.parent / "docs" / "testing-rules.md"
CST = timezone(timedelta(hours=8))


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the example ruleset and org, as the working directory (short names)."""
    shutil.copy(DATA / "rules.yaml", tmp_path / "rules.yaml")
    shutil.copy(DATA / "org.yaml", tmp_path / "org.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _problems(path: str | Path) -> list[str]:
    with pytest.raises(RuleTestError) as err:
        load_rule_tests(path)
    return str(err.value).splitlines()


# -- loading ------------------------------------------------------------------------------


def test_a_valid_file_loads_with_its_rulesets_params_calendar_and_cases() -> None:
    tests = load_rule_tests(DATA / "pass.test.yaml")
    assert [r.ruleset for r in tests.rulesets] == ["demo"]
    assert tests.params == {"demo": {"min_amount": 5000}}
    assert tests.calendar is CalendarName.WEEKENDS
    assert [c.name for c in tests.cases] == [
        "self approval warns",
        "approval by another must not warn",
        "below the limit must not warn",
        "a request not completed in two working days",
        "a request completed in time must not warn",
        "events in any order, warnings in time order",
        "events and org from files",
    ]
    first = tests.cases[0]
    assert first.line == 19  # the line of its name
    assert first.expect_lines == (24,)
    assert first.org is not None and first.org.holders("fin_head", date(2026, 3, 2)) == ["P002"]
    (event,) = first.events
    assert event.id == "p1"
    assert event.amount == Decimal("8000.50")  # type: ignore[attr-defined]
    assert isinstance(event.amount, Decimal)  # type: ignore[attr-defined]
    (expected,) = first.expect
    assert expected.given == [
        "rule",
        "level",
        "subject",
        "time",
        "events",
        "count",
        "recipients",
        "message",
    ]
    assert expected.time == datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    assert tests.cases[3].until == date(2026, 4, 10)
    assert tests.cases[1].expect == ()
    # a case's org file replaces the inline one; its events come from a JSONL file
    last = tests.cases[6]
    assert [e.id for e in last.events] == ["f1", "f2"]
    assert last.org is not None and last.org is not first.org


def test_until_takes_a_time_with_a_zone(here: Path) -> None:
    _write(
        here,
        "t.test.yaml",
        "rulesets: [rules.yaml]\n"
        "cases:\n"
        "  - {name: a, events: [], until: '2026-04-01T18:00:00+08:00', expect: []}\n",
    )
    (case,) = load_rule_tests("t.test.yaml").cases
    assert case.until == datetime(2026, 4, 1, 18, 0, tzinfo=CST)
    assert case.org is None


def test_org_may_be_a_list_of_paths(here: Path) -> None:
    (here / "staff").mkdir()
    _write(here, "staff/persons.csv", "id,name\nP003,王五\n")
    _write(
        here,
        "t.test.yaml",
        "rulesets: [rules.yaml]\norg: [org.yaml, staff]\ncases:\n"
        "  - {name: a, events: [], expect: []}\n",
    )
    (case,) = load_rule_tests("t.test.yaml").cases
    assert case.org is not None
    assert case.org.ref("person", "P003").name == "王五"


def test_custom_event_types_of_the_rulesets_are_read_and_run(here: Path) -> None:
    _write(
        here,
        "fuel.yaml",
        "ruleset: fuel\nversion: '1'\ntitle: 加油\n"
        "event_types:\n  fuel_fill: {card: id, litres: decimal}\n"
        "rules:\n"
        "  - {id: over_tank, title: 加油量异常, level: yellow, category: 资金, basis: practice,\n"
        "     when: {event: fuel_fill, if: fuel_fill.litres > 80}}\n",
    )
    _write(
        here,
        "fuel.test.yaml",
        "rulesets: [fuel.yaml]\n"
        "cases:\n"
        "  - name: a full tank and a half\n"
        "    events:\n"
        "      - {id: f1, type: fuel_fill, time: '2026-03-02T10:00:00+08:00',\n"
        "         card: C1, litres: 80.5}\n"
        "      - {id: f2, type: fuel_fill, time: '2026-03-02T11:00:00+08:00',\n"
        "         card: C1, litres: 80}\n"
        "    expect:\n"
        "      - {rule: over_tank, level: yellow, subject: f1, events: [f1]}\n",
    )
    result = run_file("fuel.test.yaml")
    assert [c.passed for c in result.cases] == [True], result.cases[0].diff


def test_a_missing_file_is_an_error() -> None:
    assert _problems("no/such.test.yaml") == ["no/such.test.yaml: no such file"]


# -- located errors -----------------------------------------------------------------------


def test_shape_errors_are_located_by_line_case_and_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA / "invalid")
    assert _problems("shape.test.yaml") == [
        "shape.test.yaml:2: unknown field 'calender' (did you mean 'calendar'?)",
        "shape.test.yaml:7: case 'typo in a key': expect[0]: unknown field 'levle'"
        " (did you mean 'level'?)",
        "shape.test.yaml:9: case 'bad values': events: expected a list of events or the path"
        " of a .jsonl or .csv file, got 5",
        "shape.test.yaml:10: case 'bad values': until: expected a time with a time zone"
        " (e.g. 2026-03-02T10:00:00+08:00) or a day (2026-03-02), got '2026-04-01T00:00:00'",
        "shape.test.yaml:13: case 'bad values': expect[0].level: expected one of 'red',"
        " 'orange', 'yellow', 'blue'; got 'purple'",
        "shape.test.yaml:14: case 'bad values': expect[0].time: expected a time with a time"
        " zone (e.g. 2026-03-02T10:00:00+08:00), got '2026-03-02 10:00'",
        "shape.test.yaml:15: case 'bad values': expect[0].count: expected a number >= 1, got 0",
        "shape.test.yaml:16: cases[2]: missing required field 'name'",
        "shape.test.yaml:18: case 'typo in a key': name: duplicate case name 'typo in a key'"
        " (first at shape.test.yaml:4)",
        "shape.test.yaml:18: case 'typo in a key': missing required field 'expect'",
    ]


def test_invalid_events_are_errors_of_the_test_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA / "invalid")
    assert _problems("events.test.yaml") == [
        "events.test.yaml:6: case 'bad inline events': events[0]: unknown field 'aprover'"
        " (did you mean 'approver'?)",
        "events.test.yaml:7: case 'bad inline events': events[1].type: unknown event type"
        " 'paymnet' (did you mean 'payment'?)",
        "events.test.yaml:10: case 'bad inline events': events[2].time: expected a date-time"
        " with a time zone, got '2026-03-02T10:00:00' (add the offset, e.g. +08:00)",
        "events.test.yaml:14: case 'bad inline events': events[2].amount: expected a decimal"
        " number, got '12.50' (write the number without quotes: 12.50)",
        "events.test.yaml:16: case 'bad inline events': events[3].outcome: expected one of"
        " 'approved', 'refused', 'referred', 'withdrawn'; got 'aproved'"
        " (did you mean 'approved'?)",
        "events.test.yaml:19: case 'bad inline events': events[5].id: duplicate event id 'p4'"
        " (first at events.test.yaml:17)",
        "events.test.yaml:21: case 'bad inline events': events[6]: expected an event"
        " (a mapping, an Event or a JSON line), got 42",
        "events.test.yaml:24: case 'a missing events file': events: no such file 'missing.jsonl'",
        # a problem inside an events file is located in that file, with the case
        "bad_events.jsonl:2: case 'an events file with a bad line': payment.amount:"
        " expected a decimal number, got 'abc'",
    ]


def test_parameters_and_organizations_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA / "invalid")
    assert _problems("refs.test.yaml") == [
        "refs.test.yaml:3: params.demo.min_amont: ruleset 'demo' has no parameter 'min_amont'"
        " (did you mean 'min_amount'?)",
        "refs.test.yaml:4: params.dmeo: no ruleset 'dmeo' here (did you mean 'demo'?)",
        # the inline org's problems point back into the test file
        "refs.test.yaml:12: org.positions[0].unit: no unit 'finance' (did you mean 'fin'?)",
        "refs.test.yaml:16: case 'an org file that is not there': org: no such file or folder"
        " 'no_such_org'",
        "refs.test.yaml:23: case 'a broken inline org': org.units[0].kind: expected one of"
        " 'party_committee', 'government', 'peoples_congress', 'cppcc', 'organization',"
        " 'discipline', 'party_department', 'court', 'procuratorate', 'public_security',"
        " 'department', 'institution', 'township', 'enterprise', 'section', 'other';"
        " got 'departmnet' (did you mean 'department'?)",
        "refs.test.yaml:23: case 'a broken inline org': org.units[0].region: expected a string,"
        " got 339901 (write it in quotes: '339901')",
        "refs.test.yaml:25: case 'a broken inline org': org.units[2].id: duplicate unit id 'u2'"
        " (first at refs.test.yaml:24)",
    ]


def test_a_missing_ruleset_stops_the_event_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The event of an unknown type is not reported: the missing ruleset might declare it."""
    monkeypatch.chdir(DATA / "invalid")
    assert _problems("missing_ruleset.test.yaml") == [
        "missing_ruleset.test.yaml:1: rulesets[1]: no such file '../no_such_rules.yaml'"
    ]


def test_syntax_errors_and_other_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA / "invalid")
    assert _problems("syntax.test.yaml") == [
        "syntax.test.yaml:6: syntax error: expected ',' or ']', but got '<stream end>'"
        " (while parsing a flow sequence at line 4)"
    ]
    assert _problems("not_a_mapping.test.yaml") == [
        "not_a_mapping.test.yaml:1: expected a rule-test mapping (rulesets, org, cases), got a list"
    ]


def test_a_parameter_of_the_wrong_kind_is_located_when_the_engine_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(DATA / "invalid")
    load_rule_tests("param_kind.test.yaml")  # names are right: it loads
    with pytest.raises(RuleTestError) as err:
        run_file("param_kind.test.yaml")
    assert str(err.value) == (
        "param_kind.test.yaml:4: params.demo.min_amount: expected a number like the default"
        " 10000, got 'lots'"
    )


def test_problems_in_a_ruleset_are_located_in_the_ruleset(here: Path) -> None:
    _write(here, "bad.yaml", "ruleset: bad\nversion: '1'\ntitle: x\nrules: []\n")
    _write(
        here, "t.test.yaml", "rulesets: [bad.yaml]\ncases: [{name: a, events: [], expect: []}]\n"
    )
    assert _problems("t.test.yaml") == ["bad.yaml:4: rules: expected at least 1 item, got 0"]


def test_the_same_ruleset_twice(here: Path) -> None:
    _write(
        here,
        "t.test.yaml",
        "rulesets: [rules.yaml, rules.yaml]\ncases: [{name: a, events: [], expect: []}]\n",
    )
    assert _problems("t.test.yaml") == [
        "t.test.yaml:1: rulesets[1]: ruleset 'demo' is also rulesets[0]"
    ]


def test_null_keys_empty_lists_and_wrong_types(here: Path) -> None:
    _write(
        here,
        "t.test.yaml",
        "rulesets: []\n"
        "org: 5\n"
        "calendar: weekend\n"
        "cases:\n"
        "  - name: a\n"
        "    org: []\n"
        "    events: []\n"
        "    expect:\n"
        "      - {rule: self_approval, level: null, actual: [1]}\n",
    )
    assert _problems("t.test.yaml") == [
        "t.test.yaml:1: rulesets: expected at least 1 item, got 0",
        "t.test.yaml:2: org: expected a path, a list of paths or an organization mapping, got 5",
        "t.test.yaml:3: calendar: expected one of 'chinese', 'weekends'; got 'weekend'"
        " (did you mean 'weekends'?)",
        "t.test.yaml:6: case 'a': org: expected a path, a list of paths or an organization"
        " mapping, got a list",
        "t.test.yaml:9: case 'a': expect[0].level: expected a value, got null"
        " (leave level out not to compare it)",
        "t.test.yaml:9: case 'a': expect[0].actual: expected a number, a text, true, false or"
        " null, got a list",
    ]


def test_an_empty_inline_org_names_the_test_file(here: Path) -> None:
    _write(
        here,
        "t.test.yaml",
        "rulesets: [rules.yaml]\n"
        "cases:\n  - name: a\n    org: {}\n    events: []\n    expect: []\n",
    )
    assert _problems("t.test.yaml") == [
        "t.test.yaml:4: case 'a': org: no organization in the inline org"
        " (one YAML or JSON file needs 'organization: {name: ...}')"
    ]


# -- comparing ----------------------------------------------------------------------------


def _person(ident: str) -> Ref:
    return Ref(kind="person", id=ident, name=ident)


def _warning(
    rule: str = "self_approval",
    level: Level = Level.RED,
    subject: str = "P001",
    time: datetime = datetime(2026, 3, 2, 10, 0, tzinfo=CST),
    events: tuple[str, ...] = ("p1",),
    **more: Any,
) -> RiskWarning:
    evidence = Evidence(
        events=tuple(EventRef(id=e, type="payment", time=time) for e in events),
        actual=more.pop("actual", None),
        threshold=more.pop("threshold", None),
    )
    recipients = tuple(
        Recipient(
            person=_person(p),
            position=Ref(kind="position", id="x", name="x"),
            role="line",
            reason="r",
        )
        for p in more.pop("recipients", ())
    )
    return RiskWarning(
        id="rw-1",
        rule=rule,
        ruleset="demo",
        ruleset_version="1",
        level=level,
        category="资金",
        title="自批自付",
        message=more.pop("message", "张三 自批自付"),
        basis="相互制约",
        subject=_person(subject),
        time=time,
        evidence=evidence,
        recipients=recipients,
        **more,
    )


def _expect(**keys: Any) -> ExpectedWarning:
    return ExpectedWarning.model_validate(keys)


def test_matching_warnings_give_no_diff() -> None:
    assert compare_warnings([], []) == ""
    expected = [
        _expect(rule="self_approval"),
        _expect(
            rule="self_approval",
            level="red",
            subject="P002",
            time="2026-03-02T03:00:00Z",  # 11:00 in Beijing
            events=["p2"],
            count=1,
            recipients=["P009", "P008", "P009"],
            message="李四 自批自付",
            message_contains="自批",
            actual=Decimal("2100000"),
            threshold=2000000,
        ),
    ]
    actual = [
        _warning(),
        _warning(
            subject="P002",
            time=datetime(2026, 3, 2, 11, 0, tzinfo=CST),
            events=("p2",),
            recipients=("P008", "P009"),
            message="李四 自批自付",
            actual="2100000.00",
            threshold=2000000,
        ),
    ]
    assert compare_warnings(expected, actual) == ""


def test_must_not_warn_shows_the_unexpected_warning() -> None:
    assert compare_warnings([], [_warning()]) == (
        "expected 0 warnings, got 1:\n  + self_approval red P001 2026-03-02T10:00:00+08:00 [p1]"
    )


def test_a_missing_warning_shows_what_was_expected() -> None:
    expected = [_expect(rule="service_deadline", subject="P002", events=["r1"])]
    assert compare_warnings(expected, []) == (
        "expected 1 warning, got 0:\n  - service_deadline * P002 * [r1]"
    )


def test_a_paired_warning_lists_each_field_that_differs() -> None:
    expected = [
        _expect(
            rule="self_approval",
            level="orange",
            subject="P001",
            time="2026-03-02T10:00:00+08:00",
            events=["p1", "p2"],
            count=2,
            recipients=["P002"],
            message="x",
            message_contains="王五",
            actual=5,
            threshold="10",
        )
    ]
    actual = [_warning(recipients=("P003",), actual=6, threshold=10)]
    assert compare_warnings(expected, actual, lines=[12]) == "\n".join(
        [
            "expected 1 warning, got 1:",
            "  - self_approval orange P001 2026-03-02T10:00:00+08:00 [p1, p2]",
            "  + self_approval red P001 2026-03-02T10:00:00+08:00 [p1]",
            "expect[0], line 12: level: expected 'orange', got 'red'",
            "expect[0], line 12: events: expected [p1, p2], got [p1]",
            "expect[0], line 12: count: expected 2, got 1",
            "expect[0], line 12: recipients: expected [P002], got [P003]",
            "expect[0], line 12: message: expected 'x', got '张三 自批自付'",
            "expect[0], line 12: message: expected to contain '王五', got '张三 自批自付'",
            "expect[0], line 12: actual: expected 5, got 6",
            "expect[0], line 12: threshold: expected '10', got 10",
        ]
    )


def test_a_time_is_shown_as_the_warning_has_it_when_it_is_the_same_instant() -> None:
    expected = [_expect(rule="self_approval", time="2026-03-02T02:00:00Z", level="blue")]
    assert compare_warnings(expected, [_warning()]) == "\n".join(
        [
            "expected 1 warning, got 1:",
            "  - self_approval blue P001 2026-03-02T10:00:00+08:00 [p1]",
            "  + self_approval red P001 2026-03-02T10:00:00+08:00 [p1]",
            "expect[0]: level: expected 'blue', got 'red'",
        ]
    )


def test_alignment_prefers_the_exact_match() -> None:
    """Two warnings of one rule, one expected: the one for P002 is the expected one, the
    one for P001 is unexpected (not 'subject differs' plus a missing warning)."""
    expected = [_expect(rule="self_approval", subject="P002")]
    actual = [_warning(), _warning(subject="P002", events=("p2",))]
    assert compare_warnings(expected, actual) == "\n".join(
        [
            "expected 1 warning, got 2:",
            "  + self_approval red P001 2026-03-02T10:00:00+08:00 [p1]",
            "    self_approval red P002 2026-03-02T10:00:00+08:00 [p2]",
        ]
    )


def test_warnings_in_the_wrong_order_fail() -> None:
    """Expected b then a, got a then b: one pair can be kept in order; the other
    expectation is missing and the other warning unexpected."""
    expected = [_expect(rule="b"), _expect(rule="a")]
    actual = [_warning(rule="a"), _warning(rule="b")]
    assert compare_warnings(expected, actual) == "\n".join(
        [
            "expected 2 warnings, got 2:",
            "  - b * * * *",
            "    a red P001 2026-03-02T10:00:00+08:00 [p1]",
            "  + b red P001 2026-03-02T10:00:00+08:00 [p1]",
        ]
    )


def test_null_actual_means_none() -> None:
    assert compare_warnings([_expect(rule="self_approval", actual=None)], [_warning()]) == ""
    assert compare_warnings([_expect(rule="self_approval", actual=0)], [_warning()]) == (
        "expected 1 warning, got 1:\n"
        "    self_approval red P001 2026-03-02T10:00:00+08:00 [p1]\n"
        "expect[0]: actual: expected 0, got null"
    )


def test_a_warning_line() -> None:
    warning = _warning(events=("p1", "p2"))
    assert warning_line(warning) == "self_approval red P001 2026-03-02T10:00:00+08:00 [p1, p2]"


# -- running ------------------------------------------------------------------------------


def test_every_case_of_the_passing_file_passes() -> None:
    result = run_file(DATA / "pass.test.yaml")
    assert [(c.name, c.passed) for c in result.cases] == [
        ("self approval warns", True),
        ("approval by another must not warn", True),
        ("below the limit must not warn", True),
        ("a request not completed in two working days", True),
        ("a request completed in time must not warn", True),
        ("events in any order, warnings in time order", True),
        ("events and org from files", True),
    ]
    assert (result.passed, result.failed, result.ok) == (7, 0, True)
    assert result.summary() == "7 passed, 0 failed"
    # must-not-warn cases ran and gave nothing
    assert result.cases[1].warnings == () and result.cases[1].diff == ""


def test_the_calendar_of_the_file_counts_the_working_days(here: Path) -> None:
    """On the Chinese calendar Monday 6 April 2026 (清明) is a holiday: the deadline of
    a request of Friday 3 April is a day later than on the weekends calendar."""
    case = (
        "cases:\n  - name: deadline\n    events:\n"
        "      - {id: r1, type: service_request, time: '2026-04-03T10:00:00+08:00',"
        " service: s, first_receiver: P002}\n"
        "    until: '2026-04-10'\n"
        "    expect: [{rule: service_deadline, time: '2026-04-09T00:00:00+08:00'}]\n"
    )
    _write(here, "chinese.test.yaml", "rulesets: [rules.yaml]\n" + case)
    _write(here, "weekends.test.yaml", "rulesets: [rules.yaml]\ncalendar: weekends\n" + case)
    assert run_file("chinese.test.yaml").ok
    (weekends,) = run_file("weekends.test.yaml").cases
    assert weekends.diff.splitlines()[-1] == (
        "expect[0], line 8: time: expected 2026-04-09T00:00:00+08:00, got 2026-04-08T00:00:00+08:00"
    )


def test_the_failing_file_gives_readable_diffs() -> None:
    result = run_file(DATA / "fail.test.yaml")
    assert [c.passed for c in result.cases] == [True, False, False, False]
    assert result.summary() == "1 passed, 3 failed"
    name = str(DATA / "fail.test.yaml")
    assert result.cases[1].report() == "\n".join(
        [
            f"FAIL wrong level and an unexpected warning ({name}:9)",
            "  expected 1 warning, got 2:",
            "    - self_approval orange P001 2026-03-02T10:00:00+08:00 [p1]",
            "    + self_approval red P001 2026-03-02T10:00:00+08:00 [p1]",
            "    + self_approval red P002 2026-03-03T10:00:00+08:00 [p2]",
            "  expect[0], line 16: level: expected 'orange', got 'red'",
        ]
    )
    assert result.cases[2].report() == "\n".join(
        [
            f"FAIL a warning that does not come ({name}:18)",
            "  expected 1 warning, got 0:",
            "    - service_deadline * P002 * [r1]",
        ]
    )
    assert result.cases[3].report() == "\n".join(
        [
            f"FAIL keys off the line ({name}:28)",
            "  expected 1 warning, got 1:",
            "      self_approval red P001 2026-03-02T10:00:00+08:00 [p3]",
            "  expect[0], line 33: count: expected 2, got 1",
            "  expect[0], line 33: recipients: expected [P002, P009], got [P002]",
            "  expect[0], line 33: message: expected '张三 审批了自己发起的付款 2000 元',"
            " got '张三 审批了自己发起的付款 20000 元'",
        ]
    )
    assert result.cases[0].report() == "PASS nothing happens"


def test_an_engine_error_fails_the_case_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(self: Engine, events: Any, until: Any = None) -> Any:
        raise EngineError("rule 'x' failed")

    monkeypatch.setattr(Engine, "process", broken)
    result = run_file(DATA / "fail.test.yaml")
    assert [c.passed for c in result.cases] == [False] * 4
    assert result.cases[0].error == "the engine stopped: rule 'x' failed"
    assert result.cases[0].report() == (
        f"FAIL nothing happens ({DATA / 'fail.test.yaml'}:5)\n  the engine stopped: rule 'x' failed"
    )


# -- the command line ---------------------------------------------------------------------


def test_main_test_passes_with_exit_status_0(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(DATA)
    assert main_test(["pass.test.yaml"], color=False) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == (
        "pass.test.yaml\n"
        "  PASS self approval warns\n"
        "  PASS approval by another must not warn\n"
        "  PASS below the limit must not warn\n"
        "  PASS a request not completed in two working days\n"
        "  PASS a request completed in time must not warn\n"
        "  PASS events in any order, warnings in time order\n"
        "  PASS events and org from files\n"
        "  7 passed, 0 failed\n"
        "total: 7 passed, 0 failed\n"
    )


def test_main_test_fails_with_exit_status_1_and_the_diffs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(DATA)
    assert main_test(["fail.test.yaml", "pass.test.yaml"], color=False) == 1
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines[:8] == [
        "fail.test.yaml",
        "  PASS nothing happens",
        "  FAIL wrong level and an unexpected warning (fail.test.yaml:9)",
        "    expected 1 warning, got 2:",
        "      - self_approval orange P001 2026-03-02T10:00:00+08:00 [p1]",
        "      + self_approval red P001 2026-03-02T10:00:00+08:00 [p1]",
        "      + self_approval red P002 2026-03-03T10:00:00+08:00 [p2]",
        "    expect[0], line 16: level: expected 'orange', got 'red'",
    ]
    assert "  1 passed, 3 failed" in lines
    assert "  7 passed, 0 failed" in lines
    assert lines[-1] == "total: 8 passed, 3 failed"
    assert "\x1b[" not in out


def test_main_test_prints_each_invalid_file_as_one_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(DATA)
    status = main_test(
        ["invalid/missing_ruleset.test.yaml", "pass.test.yaml", "nowhere"], color=False
    )
    assert status == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "nowhere: no such file or folder",
        "invalid/missing_ruleset.test.yaml:1: rulesets[1]: no such file '../no_such_rules.yaml'",
    ]
    assert out.splitlines()[-1] == "total: 7 passed, 0 failed, 2 errors"


def test_main_test_finds_test_files_in_folders(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "sub").mkdir()
    (here / ".hidden").mkdir()
    text = "rulesets: [../rules.yaml]\ncases: [{name: quiet, events: [], expect: []}]\n"
    _write(here, "sub/b.test.yaml", text)
    _write(here, "sub/a.test.yml", text)
    _write(here, ".hidden/c.test.yaml", text)
    _write(here, "sub/rules.yaml", "not a test: skipped\n")
    files, problems = find_rule_tests([str(here)])
    assert files == [str(here / "sub" / "a.test.yml"), str(here / "sub" / "b.test.yaml")]
    assert problems == []
    assert main_test(["."], color=False) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "total: 2 passed, 0 failed"
    (here / "empty").mkdir()
    assert main_test(["empty"], color=False) == 1
    assert capsys.readouterr().err == (
        "empty: no rule-test files (*.test.yaml or *.test.yml) here\n"
    )


def test_main_test_colors_when_asked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(DATA)
    assert main_test(["fail.test.yaml"], color=True) == 1
    out = capsys.readouterr().out
    assert "\x1b[31m" in out or "\x1b[1;31m" in out  # red for FAIL and '-'
    assert "\x1b[32m" in out  # green for PASS and '+'
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "      + self_approval red P002 2026-03-03T10:00:00+08:00 [p2]" in plain


# -- pytest helpers -----------------------------------------------------------------------


def test_assert_rule_file_passes_quietly() -> None:
    assert_rule_file(DATA / "pass.test.yaml")


def test_assert_rule_file_raises_with_the_diff() -> None:
    with pytest.raises(AssertionError) as err:
        assert_rule_file(DATA / "fail.test.yaml")
    text = str(err.value)
    name = str(DATA / "fail.test.yaml")
    assert text.splitlines()[:3] == [
        f"{name}: 1 passed, 3 failed",
        f"FAIL wrong level and an unexpected warning ({name}:9)",
        "  expected 1 warning, got 2:",
    ]
    assert "PASS" not in text
    assert "    - service_deadline * P002 * [r1]" in text.splitlines()


def test_assert_rule_file_raises_the_error_of_an_invalid_file() -> None:
    with pytest.raises(RiskwarnError):
        assert_rule_file(DATA / "invalid" / "shape.test.yaml")


def test_rule_test_cases_give_names_and_runs() -> None:
    cases = rule_test_cases(DATA / "fail.test.yaml")
    assert [name for name, _ in cases] == [
        "nothing happens",
        "wrong level and an unexpected warning",
        "a warning that does not come",
        "keys off the line",
    ]
    cases[0][1]()  # passes
    with pytest.raises(AssertionError) as err:
        cases[2][1]()
    assert str(err.value) == "\n".join(
        [
            f"FAIL a warning that does not come ({DATA / 'fail.test.yaml'}:18)",
            "  expected 1 warning, got 0:",
            "    - service_deadline * P002 * [r1]",
        ]
    )


PASSING = rule_test_cases(DATA / "pass.test.yaml")


@pytest.mark.parametrize("name, run", PASSING, ids=[name for name, _ in PASSING])
def test_rule_test_cases_work_with_parametrize(name: str, run: Any) -> None:
    run()


# -- the documentation --------------------------------------------------------------------


def test_the_documented_example_runs(tmp_path: Path) -> None:
    """The ruleset and test file of docs/testing-rules.md pass, with the files they name."""
    blocks = re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    ruleset, tests = blocks[0], blocks[1]
    rules = tmp_path / "rules"
    rules.mkdir()
    (tmp_path / "org").mkdir()
    shutil.copy(DATA / "org.yaml", tmp_path / "org" / "org.yaml")
    shutil.copy(DATA / "payments.jsonl", rules / "payments.jsonl")
    _write(rules, "rules.yaml", ruleset)
    _write(rules, "rules.test.yaml", tests)
    result = run_file(rules / "rules.test.yaml")
    assert [(c.name, c.passed) for c in result.cases] == [
        ("self approval warns", True),
        ("approval by another must not warn", True),
        ("a request not completed in two working days", True),
        ("events and organization from files", True),
    ], [c.diff for c in result.cases]
