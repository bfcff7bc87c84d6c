"""`riskwarn run` and `riskwarn compile` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from riskwarn.cli import main

DATA = Path(__file__).parent / "data" / "engine"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_run_prints_jsonl_and_quarantines_bad_and_late_events(tmp_path: Path) -> None:
    refused = tmp_path / "refused.jsonl"
    code, out, err = invoke(
        "run",
        "--rules",
        str(DATA / "service.yaml"),
        "--events",
        str(DATA / "events.jsonl"),
        "--until",
        "2026-03-10",
        "--format",
        "jsonl",
        "--calendar",
        "weekends",
        "--quarantine",
        str(refused),
    )
    assert code == 0, err
    warnings = [json.loads(line) for line in out.splitlines()]
    assert [(w["rule"], w["level"], w["time"]) for w in warnings] == [
        ("big", "red", "2026-03-02T09:00:00+08:00"),
        ("overdue", "blue", "2026-03-04T09:00:00+08:00"),
        ("overdue", "yellow", "2026-03-05T09:00:00+08:00"),
    ]
    assert warnings[2]["message"] == "申请 A 未在期限 2026-03-05T09:00:00+08:00 前办结"
    assert "2 event(s) quarantined" in err
    lines = [json.loads(line) for line in refused.read_text(encoding="utf-8").splitlines()]
    assert [line["line"] for line in lines] == [3, 4]
    assert "time zone" in lines[0]["reason"] or "timezone" in lines[0]["reason"]
    assert "late" in lines[1]["reason"]


def test_run_params_override_and_table_output() -> None:
    code, out, err = invoke(
        "run",
        "--rules",
        str(DATA),
        "--events",
        str(DATA / "events.jsonl"),
        "--set",
        "service.big=1000",
        "--until",
        "2026-03-06T00:00:00+08:00",
        "--calendar",
        "weekends",
        "--quarantine",
        "/dev/null",
    )
    assert code == 0, err
    assert "2 findings: 0 red, 0 orange, 1 yellow, 1 blue" in out


def test_run_reports_ruleset_errors_with_their_location(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = (
        (DATA / "service.yaml").read_text(encoding="utf-8").replace("req.amount >", "req.amont >")
    )
    bad.write_text(text, encoding="utf-8")
    code, _, err = invoke("run", "--rules", str(bad), "--events", str(DATA / "events.jsonl"))
    assert code == 1
    assert f"{bad}:32: rule 'big': when.if: column 1: 'req' has no field 'amont'" in err


def test_run_refuses_a_bad_until() -> None:
    code, _, err = invoke(
        "run", "--rules", str(DATA), "--events", str(DATA / "events.jsonl"), "--until", "soon"
    )
    assert code == 1 and "--until: expected a day" in err


def test_compile_prints_the_durable_rules_definitions_and_python_parts() -> None:
    code, out, err = invoke("compile", str(DATA / "service.yaml"))
    assert code == 0, err
    data = json.loads(out)
    overdue, big = data["rules"]
    assert overdue["shape"] == "expect" and set(overdue["durable_rules"]) == {
        "fulfilled",
        "due",
        "remind",
    }
    assert big["patterns"][0]["python"] == "req.amount > params.big"
    code, out, _ = invoke("compile", str(DATA / "service.yaml"), "--set", "service.big=7")
    assert json.loads(out)["params"]["big"] == 7


def test_test_command_runs_rule_tests_and_exits_by_their_outcome() -> None:
    ruletests = Path(__file__).parent / "data" / "ruletests"
    code, out, _ = invoke("test", str(ruletests / "pass.test.yaml"), "--no-color")
    assert code == 0 and "7 passed, 0 failed" in out
    code, out, _ = invoke("test", str(ruletests / "fail.test.yaml"), "--no-color")
    assert code == 1 and "1 passed, 3 failed" in out
