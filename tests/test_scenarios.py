"""The shipped example scenarios (examples/*/scenario.yaml) against their golden
warnings, through the public API.

A golden file changes only with ``pytest --update-golden``; review its diff like code.
The planted violations each scenario's README lists must be among the warnings, so
a golden file cannot silently lose one.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from riskwarn.scenario import (
    ScenarioRun,
    compare_golden,
    find_scenarios,
    golden_lines,
    load_scenario,
    run_scenario,
)
from riskwarn.testing import assert_rule_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCENARIOS = find_scenarios(EXAMPLES)
PLANTED = re.compile(r"^\|\s*`?(?P<rule>[a-z0-9_]+)`?\s*\|\s*`?(?P<subject>[A-Za-z0-9_.-]+)`?\s*\|")
"""A row of the README's planted-violations table: ``| rule | subject id | ...``."""


@cache
def run_of(folder: Path) -> ScenarioRun:
    return run_scenario(load_scenario(folder))


def test_there_are_at_least_four_scenarios() -> None:
    assert len(SCENARIOS) >= 4, [p.name for p in SCENARIOS]


@pytest.mark.parametrize("folder", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_scenario_matches_its_golden_warnings(folder: Path, update_golden: bool) -> None:
    run = run_of(folder)
    scenario = run.scenario
    assert not run.refused, [r.reason for r in run.refused][:5]
    lines = golden_lines(run.warnings)
    if update_golden or not scenario.expected.exists():
        scenario.expected.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        if not update_golden:
            pytest.fail(f"wrote {scenario.expected}: review it and commit it")
    expected = scenario.expected.read_text(encoding="utf-8").splitlines()
    diff = compare_golden(expected, run.warnings)
    assert not diff, "\n".join([f"{scenario.id}: {len(diff)} difference(s)", *diff[:40]])


@pytest.mark.parametrize("folder", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_every_planted_violation_warns(folder: Path) -> None:
    """Each row of the README's "Planted violations" table (rule id, subject id)
    is found by the run."""
    readme = (folder / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Planted violations", 1)
    assert len(section) == 2, f"{folder.name}/README.md has no '## Planted violations' section"
    table = section[1].split("\n## ", 1)[0]
    planted = [
        (m["rule"], m["subject"])
        for line in table.splitlines()
        if (m := PLANTED.match(line)) and m["rule"] not in ("rule",)
    ]
    assert planted, f"{folder.name}/README.md: the planted-violations table is empty"
    found = {(w.rule, w.subject.id) for w in run_of(folder).warnings}
    missing = [p for p in planted if p not in found]
    assert not missing, f"planted but not warned: {missing}"


RULE_TESTS = sorted(EXAMPLES.glob("*/*.test.yaml"))


@pytest.mark.parametrize("path", RULE_TESTS, ids=[f"{p.parent.name}/{p.name}" for p in RULE_TESTS])
def test_scenario_rule_files_pass(path: Path) -> None:
    """A scenario's own rulesets (e.g. service_centre's catalogue limits) pass their tests."""
    assert_rule_file(path)


GENERATED = sorted(p.parent for p in EXAMPLES.glob("*/generate.py"))


@pytest.mark.parametrize("folder", GENERATED, ids=[p.name for p in GENERATED])
def test_a_generator_reproduces_its_committed_events(folder: Path, tmp_path: Path) -> None:
    """Each scenario's events come from its seeded generator: run in a copy of
    examples/, it writes the committed files byte for byte."""
    import filecmp
    import shutil
    import subprocess
    import sys

    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy)
    shutil.copytree(EXAMPLES.parent / "rulesets", tmp_path / "rulesets")  # event types
    written = [p.name for p in folder.iterdir() if p.suffix in (".jsonl", ".csv")]
    written = [n for n in written if n != "expected_warnings.jsonl"]
    for name in written:
        (copy / folder.name / name).unlink()
    done = subprocess.run(
        [sys.executable, str(copy / folder.name / "generate.py")],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for name in written:
        assert filecmp.cmp(folder / name, copy / folder.name / name, shallow=False), name
