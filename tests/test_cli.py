"""The command line: scan, validate, analyzers; errors become one message and exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskwarn.cli import main, parse_settings
from riskwarn.errors import RulesetError

ORG = """\
organization: {name: 测试县}
units:
  - {id: fin, name: 财政局, kind: department, level: county, region: "339901"}
positions:
  - {id: fin_head, name: 财政局局长, unit: fin, grade: section_main, principal: true}
persons:
  - {id: a, name: "[bold]张三"}
tenures:
  - {person: a, position: fin_head, start: 2016-06-30}
"""


@pytest.fixture
def org_file(tmp_path: Path) -> Path:
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    return path


def test_scan_prints_findings_as_json_lines(org_file: Path) -> None:
    """--format jsonl gives one warning per line, here the 10-year rotation finding."""
    result = CliRunner().invoke(
        main, ["scan", str(org_file), "--at", "2026-06-30", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [(w["rule"], w["level"], w["subject"]["id"]) for w in lines] == [
        ("rotation_overdue", "red", "a")
    ]
    assert lines[0]["time"] == "2026-06-30T00:00:00+08:00"


def test_scan_table_groups_by_level_and_shows_names_literally(org_file: Path) -> None:
    """The table has a title, a level heading, and rich markup in data printed as typed."""
    result = CliRunner().invoke(main, ["scan", str(org_file), "--at", "2026-06-30"])
    assert result.exit_code == 0, result.output
    assert "测试县 — structural scan as of 2026-06-30" in result.output
    assert "红色 red (1)" in result.output
    assert "[bold]张三" in result.output
    assert "1 findings: 1 red, 0 orange, 0 yellow, 0 blue" in result.output


def test_scan_parameters_can_be_set_on_the_command_line(org_file: Path) -> None:
    """--set raises the limit so the 10-year tenure becomes a blue reminder... or nothing."""
    result = CliRunner().invoke(
        main,
        [
            "scan",
            str(org_file),
            "--at",
            "2026-06-30",
            "--format",
            "json",
            "--set",
            "rotation_overdue.limit_years=12",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == []


def test_unknown_parameter_is_one_located_message_and_exit_1(org_file: Path) -> None:
    """A typo in a parameter name names the analyzer, the path and the closest name."""
    result = CliRunner().invoke(
        main, ["scan", str(org_file), "--set", "rotation_overdue.limit_yeras=12"]
    )
    assert result.exit_code == 1
    assert (
        result.output
        == "rule 'rotation_overdue': params.limit_yeras: unknown parameter 'limit_yeras' (did you mean 'limit_years'?)\n"
    )


def test_unknown_analyzer_is_reported_with_a_suggestion(org_file: Path) -> None:
    """--only with a misspelt analyzer fails before scanning."""
    result = CliRunner().invoke(main, ["scan", str(org_file), "--only", "over_qouta"])
    assert result.exit_code == 1
    assert (
        result.output
        == "rule 'over_qouta': no analyzer 'over_qouta' (did you mean 'over_quota'?)\n"
    )


def test_malformed_setting_is_refused() -> None:
    """A --set without ANALYZER.PARAM=VALUE shape is an error."""
    with pytest.raises(RulesetError) as err:
        parse_settings(("rotation_overdue=3", "x.y=[unclosed"))
    assert str(err.value) == (
        "--set rotation_overdue=3: expected ANALYZER.PARAM=VALUE\n--set x.y=[unclosed: value is not valid YAML (ParserError)"
    )


def test_validate_reports_counts(org_file: Path) -> None:
    """validate loads and builds the graph without scanning."""
    result = CliRunner().invoke(main, ["validate", str(org_file)])
    assert result.exit_code == 0, result.output
    assert (
        result.output
        == "测试县: valid (1 units, 1 positions, 1 persons, 1 tenures, 0 powers; 3 nodes, 2 edges)\n"
    )


def test_invalid_org_exits_1_with_every_problem(tmp_path: Path) -> None:
    """A bad reference is reported with file and line."""
    path = tmp_path / "org.yaml"
    path.write_text(ORG.replace("unit: fin,", "unit: fni,"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.output == f"{path}:5: positions[0].unit: no unit 'fni' (did you mean 'fin'?)\n"


def test_analyzers_lists_every_analyzer_with_defaults() -> None:
    """The listing names each analyzer and its parameters."""
    result = CliRunner().invoke(main, ["analyzers"])
    assert result.exit_code == 0
    assert (
        "rotation_overdue: 轮岗交流超期 / Rotation overdue in a leader or key post" in result.output
    )
    assert "  key_post_years = 5" in result.output
    assert result.output.count("basis:") == 10


def test_python_dash_m_runs_the_same_command_line() -> None:
    """`python -m riskwarn` is the CLI."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "riskwarn", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "riskwarn: post integrity risk-point early warning" in done.stdout
    assert "scan" in done.stdout and "validate" in done.stdout
