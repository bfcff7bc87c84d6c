"""The built-in rulesets (rulesets/*.yaml) and their rule tests (rulesets/tests/).

Every rule-test case runs as its own pytest test (the same as ``riskwarn test
rulesets/``). Every rule must be complete — Chinese and English titles, basis,
message — and have its own test file, ``rulesets/tests/<ruleset>/<rule id>.test.yaml``,
with at least one case that warns about it and one where nothing is expected of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from riskwarn.rules.loader import load_rulesets, ruleset_paths
from riskwarn.rules.model import Rule, Ruleset
from riskwarn.testing import rule_test_cases
from riskwarn.testing.fileformat import load_rule_tests
from riskwarn.testing.runner import find_rule_tests

ROOT = Path(__file__).resolve().parent.parent
RULESETS = ROOT / "rulesets"
TESTS = RULESETS / "tests"
FILES = ruleset_paths([RULESETS])
LOADED: list[Ruleset] = load_rulesets(FILES) if FILES else []
TEST_FILES = find_rule_tests([str(TESTS)])[0] if TESTS.is_dir() else []
CASES = [
    (f"{Path(path).relative_to(TESTS)}::{name}", run)
    for path in TEST_FILES
    for name, run in rule_test_cases(path)
]
RULES = [(rs, rule) for rs in LOADED for rule in rs.rules]


def test_there_are_built_in_rulesets() -> None:
    names = {rs.ruleset for rs in LOADED}
    areas = {"selection", "major_decisions", "funds", "procurement", "service", "petitions"}
    areas |= {"personal_matters", "receptions", "structural"}
    assert areas <= names, sorted(areas - names)


@pytest.mark.parametrize(("name", "run"), CASES, ids=[name for name, _ in CASES])
def test_rule_case(name: str, run: object) -> None:
    assert callable(run)
    run()


@pytest.mark.parametrize(
    ("ruleset", "rule"), RULES, ids=[f"{rs.ruleset}.{r.id}" for rs, r in RULES]
)
def test_rule_is_complete(ruleset: Ruleset, rule: Rule) -> None:
    assert rule.title_en, "no English title"
    assert rule.basis.strip(), "no basis"
    if rule.analyzer is None:
        assert rule.message, "no message template"


@pytest.mark.parametrize(
    ("ruleset", "rule"), RULES, ids=[f"{rs.ruleset}.{r.id}" for rs, r in RULES]
)
def test_rule_has_its_test_file(ruleset: Ruleset, rule: Rule) -> None:
    path = TESTS / ruleset.ruleset / f"{rule.id}.test.yaml"
    assert path.is_file(), f"no {path.relative_to(ROOT)}"
    tests = load_rule_tests(path)
    warns = [c.name for c in tests.cases if any(e.rule == rule.id for e in c.expect)]
    quiet = [c.name for c in tests.cases if not any(e.rule == rule.id for e in c.expect)]
    assert warns, f"{path.name}: no case where {rule.id} warns"
    assert quiet, f"{path.name}: no case where {rule.id} must not warn"
