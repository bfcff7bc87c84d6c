"""Rule tests: YAML files of cases — an organization, events, the warnings expected —
that `riskwarn test` and pytest run through the engine (docs/testing-rules.md).

A compliance engineer who writes a ruleset writes its tests the same way, without
Python::

    rulesets: [funds.yaml]
    org: ../org
    cases:
      - name: self approval warns
        events:
          - {id: p1, type: payment, time: "2026-03-02T10:00:00+08:00", ...}
        expect:
          - {rule: self_approval, level: red, subject: P001, events: [p1]}

`load_rule_tests` reads and checks a file (every problem at once, each at its file,
line, case and field); `run_file` runs it; a failed case has a diff of the expected
and the actual warnings. `assert_rule_file` and `rule_test_cases` are for pytest,
`main_test` for the command line.
"""

from riskwarn.testing.compare import compare_warnings, warning_line
from riskwarn.testing.fileformat import (
    CalendarName,
    ExpectedWarning,
    RuleTestCase,
    RuleTestError,
    RuleTestFile,
    load_rule_tests,
)
from riskwarn.testing.runner import (
    CaseResult,
    FileResult,
    assert_rule_file,
    find_rule_tests,
    format_result,
    main_test,
    rule_test_cases,
    run_case,
    run_file,
)

__all__ = [
    "CalendarName",
    "CaseResult",
    "ExpectedWarning",
    "FileResult",
    "RuleTestCase",
    "RuleTestError",
    "RuleTestFile",
    "assert_rule_file",
    "compare_warnings",
    "find_rule_tests",
    "format_result",
    "load_rule_tests",
    "main_test",
    "rule_test_cases",
    "run_case",
    "run_file",
    "warning_line",
]
