"""Running rule tests: cases through the engine, file results, the pytest helpers
and `riskwarn test`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from riskwarn.engine import Engine
from riskwarn.errors import (
    Location,
    Problem,
    RiskwarnError,
    RulesetError,
)
from riskwarn.events import read_events
from riskwarn.model.warning import RiskWarning
from riskwarn.testing.compare import _plural, compare_warnings
from riskwarn.testing.fileformat import (
    TEST_SUFFIXES,
    RuleTestCase,
    RuleTestError,
    RuleTestFile,
    load_rule_tests,
)

# -- running ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseResult:
    """How a case ran: ``passed``, the warnings the engine gave, the ``diff`` when it
    failed, and the ``error`` when the engine refused its events."""

    name: str
    file: str
    line: int
    passed: bool
    warnings: tuple[RiskWarning, ...] = ()
    diff: str = ""
    error: str | None = None

    def report(self) -> str:
        """``PASS name``, or ``FAIL name (file:line)`` and the diff (or error), indented."""
        if self.passed:
            return f"PASS {self.name}"
        body = self.error if self.error is not None else self.diff
        lines = [f"FAIL {self.name} ({self.file}:{self.line})"]
        lines += [f"  {line}" if line else "" for line in body.splitlines()]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class FileResult:
    """The results of a file's cases, in order."""

    path: str
    cases: tuple[CaseResult, ...]

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.cases)

    @property
    def failed(self) -> int:
        return len(self.cases) - self.passed

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def summary(self) -> str:
        """``N passed, M failed``."""
        return f"{self.passed} passed, {self.failed} failed"


def run_case(tests: RuleTestFile, case: RuleTestCase) -> CaseResult:
    """Run one case through a new engine: its events in time order (events at the same
    time in the order written), then `Engine.process` up to ``until``.

    Raises:
        RuleTestError: the engine refuses the rulesets with the file's parameters
            (e.g. an override of the wrong kind), located in the test file.
    """
    try:
        engine = Engine(
            case.org,
            list(tests.rulesets),
            params=tests.params or None,
            calendar=tests.work_calendar(),
        )
    except RulesetError as exc:
        raise RuleTestError([_engine_problem(tests, p) for p in exc.problems]) from None
    try:
        events = sorted(read_events(case.events, engine.types), key=lambda e: e.time)
        warnings = tuple(engine.process(events, until=case.until))
    except RiskwarnError as exc:
        error = f"the engine stopped: {exc}"
        return CaseResult(case.name, tests.path, case.line, False, error=error)
    diff = compare_warnings(case.expect, warnings, case.expect_lines)
    return CaseResult(case.name, tests.path, case.line, not diff, warnings, diff)


def _engine_problem(tests: RuleTestFile, problem: Problem) -> Problem:
    where = problem.location
    if where.file is not None:
        return problem
    line = tests.lines.get(where.path or "", tests.lines.get("rulesets"))
    return Problem(Location(tests.path, line, where.rule, where.path), problem.message)


def run_file(path: str | os.PathLike[str]) -> FileResult:
    """Load a rule-test file and run every case.

    Raises:
        RuleTestError: the file is invalid (see `load_rule_tests`, `run_case`).
    """
    tests = load_rule_tests(path)
    return FileResult(tests.path, tuple(run_case(tests, case) for case in tests.cases))


def format_result(result: FileResult) -> str:
    """A file's report: its name, each case (`CaseResult.report`), the summary."""
    lines = [result.path]
    for case in result.cases:
        lines += [f"  {line}" if line else "" for line in case.report().splitlines()]
    lines.append(f"  {result.summary()}")
    return "\n".join(lines)


# -- pytest -------------------------------------------------------------------------------


def assert_rule_file(path: str | os.PathLike[str]) -> None:
    """Run a rule-test file; raise ``AssertionError`` with the report of every failed
    case (its diff) when one fails.

    Raises:
        AssertionError: a case failed.
        RuleTestError: the file is invalid.
    """
    result = run_file(path)
    if not result.ok:
        failed = "\n".join(c.report() for c in result.cases if not c.passed)
        raise AssertionError(f"{result.path}: {result.summary()}\n{failed}")


def rule_test_cases(path: str | os.PathLike[str]) -> list[tuple[str, Callable[[], None]]]:
    """``(case name, run)`` for each case of a rule-test file, for
    ``pytest.mark.parametrize``; ``run()`` raises ``AssertionError`` with the diff when
    the case fails. The file is loaded once, here::

        CASES = rule_test_cases("rules/funds.test.yaml")

        @pytest.mark.parametrize("name, run", CASES, ids=[name for name, _ in CASES])
        def test_funds(name, run):
            run()

    Raises:
        RuleTestError: the file is invalid.
    """
    tests = load_rule_tests(path)
    return [(case.name, _runner(tests, case)) for case in tests.cases]


def _runner(tests: RuleTestFile, case: RuleTestCase) -> Callable[[], None]:
    def run() -> None:
        result = run_case(tests, case)
        if not result.passed:
            raise AssertionError(result.report())

    return run


# -- the command line ---------------------------------------------------------------------


def find_rule_tests(paths: Iterable[str]) -> tuple[list[str], list[Problem]]:
    """The rule-test files of ``paths``: a file as given, a folder's ``*.test.yaml``
    and ``*.test.yml`` files below it (sorted, hidden ones skipped); and a problem for
    each path that does not exist or holds no test file."""
    files: list[str] = []
    problems: list[Problem] = []
    for given in paths:
        path = Path(given)
        if path.is_file():
            files.append(given)
        elif path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.name.endswith(TEST_SUFFIXES)
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                names = " or ".join(f"*{s}" for s in TEST_SUFFIXES)
                problems.append(Problem(Location(given), f"no rule-test files ({names}) here"))
            files.extend(str(p) for p in found)
        else:
            problems.append(Problem(Location(given), "no such file or folder"))
    return files, problems


_STYLES = {"- ": "red", "+ ": "green"}


def main_test(paths: Sequence[str], *, color: bool) -> int:
    """``riskwarn test PATH...``: run rule-test files (folders: their ``*.test.yaml``),
    print each case and a summary per file and in total, and return the exit status:
    0 when every case passed, 1 when one failed or a file is invalid (each error is
    printed to stderr as one message)."""
    out = _console(sys.stdout, color)
    err = _console(sys.stderr, color)
    files, problems = find_rule_tests(paths)
    errors = len(problems)
    for problem in problems:
        err.print(Text(str(problem)), soft_wrap=True)
    passed = failed = 0
    for name in files:
        try:
            result = run_file(name)
        except RiskwarnError as exc:
            err.print(Text(str(exc)), soft_wrap=True)
            errors += 1
            continue
        passed += result.passed
        failed += result.failed
        for line in format_result(result).splitlines():
            out.print(_styled(line), soft_wrap=True)
    total = f"total: {passed} passed, {failed} failed"
    if errors:
        total += f", {_plural(errors, 'error')}"
    style = "bold green" if not failed and not errors else "bold red"
    out.print(Text(total, style=style), soft_wrap=True)
    return 0 if not failed and not errors else 1


def _console(file: Any, color: bool) -> Console:
    return Console(
        file=file,
        color_system="standard" if color else None,
        force_terminal=color,
        highlight=False,
        emoji=False,
        markup=False,
    )


def _styled(line: str) -> Text:
    body = line.lstrip(" ")
    if body.startswith("PASS "):
        return Text(line, style="green")
    if body.startswith("FAIL "):
        return Text(line, style="bold red")
    for prefix, style in _STYLES.items():
        if body.startswith(prefix):
            return Text(line, style=style)
    return Text(line)
