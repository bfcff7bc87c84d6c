"""The README cannot rot: its two commands are the ones CI and users run."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskwarn.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README)


def test_readme_opens_with_exactly_two_commands() -> None:
    """The first two code blocks are the demo and the test command, each one line."""
    demo, tests = commands()[:2]
    assert demo.startswith("python3 -m venv .venv && ") and demo.endswith("riskwarn demo")
    assert tests.startswith("python3 -m venv .venv && ") and tests.endswith(".venv/bin/pytest")
    assert README.index(demo) < README.index("## In Python")


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run runs the README's test command verbatim."""
    assert commands()[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_demo_command_runs_every_scenario(monkeypatch: pytest.MonkeyPatch) -> None:
    """The riskwarn part of the demo command succeeds from anywhere, and shows every
    scenario and the most severe warnings with their evidence and recipients."""
    demo = commands()[0]
    args = shlex.split(demo.split(".venv/bin/riskwarn ", 1)[1])
    monkeypatch.chdir(ROOT / "docs")  # the examples are found next to the package
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    for folder in sorted((ROOT / "examples").glob("*/scenario.yaml")):
        assert folder.parent.name in result.output
    assert "most severe warnings" in result.output
    assert "basis" in result.output and "to " in result.output
    assert "红色" in result.output


def test_the_python_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's Python block runs from the repository root and prints what it says."""
    monkeypatch.chdir(ROOT)
    block = re.search(r"```python\n(.+?)\n```", README, re.S)
    assert block is not None
    exec(compile(block.group(1), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "['p133']"
    assert "kinship_post_conflict" in out


def test_the_rules_example_runs_and_prints_the_output_shown(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's second Python block prints exactly the block that follows it."""
    monkeypatch.chdir(ROOT)
    section = README[README.index("## Rules over events") :]
    match = re.search(r"```python\n(.+?)\n```\n\n```\n(.+?)\n```", section, re.S)
    assert match is not None
    exec(compile(match.group(1), "README.md", "exec"), {})
    assert capsys.readouterr().out.splitlines() == match.group(2).splitlines()
