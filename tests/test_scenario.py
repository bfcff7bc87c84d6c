"""Scenario manifests, their runner, the golden comparison and `riskwarn demo`.

The scenario used here is the README's example (examples/service over the county
organization), written as a manifest in a temporary folder, so these tests do not
depend on the shipped example scenarios (tests/test_scenarios.py runs those).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskwarn.cli import main
from riskwarn.demo import most_severe, run_demo
from riskwarn.scenario import (
    ScenarioError,
    compare_golden,
    find_scenarios,
    golden_lines,
    load_scenario,
    run_scenario,
)

ROOT = Path(__file__).resolve().parent.parent


def manifest(folder: Path, **override: object) -> Path:
    """A scenario folder for the README example; fields overridden as given."""
    folder.mkdir(parents=True, exist_ok=True)
    data: dict[str, object] = {
        "scenario": "service_demo",
        "title": "限时办结示例",
        "title_en": "Time-limited handling",
        "org": [str(ROOT / "examples/county/org")],
        "rulesets": [str(ROOT / "examples/service/rules.yaml")],
        "events": [str(ROOT / "examples/service/events.jsonl")],
        "until": "2026-05-31",
    }
    data.update(override)
    lines = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in data.items() if v is not None]
    (folder / "scenario.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_runs_the_readme_example_end_to_end(tmp_path: Path) -> None:
    run = run_scenario(load_scenario(manifest(tmp_path / "s")))
    got = [(w.time.date().isoformat(), w.level.value, w.rule, w.subject.id) for w in run.warnings]
    # docs: README "Rules over events" (sr-1 due 24:00 on 7 May across the May Day holiday)
    assert got == [
        ("2026-04-28", "orange", "rejected_by_first_receiver", "p104"),
        ("2026-05-07", "blue", "not_completed_in_time", "p102"),
        ("2026-05-08", "yellow", "not_completed_in_time", "p102"),
    ]
    assert run.events == 5
    assert run.refused == ()


def test_params_and_calendar_come_from_the_manifest(tmp_path: Path) -> None:
    # weekends only: 5 working days from Monday 27 April end at 24:00 on Monday 4 May
    # (the Chinese calendar's May Day holiday moves it to 24:00 on 7 May), and sr-2's
    # from Tuesday 28 April at 24:00 on Tuesday 5 May, so done-2 on 6 May is late
    run = run_scenario(load_scenario(manifest(tmp_path / "s", calendar="weekends")))
    due = [w.time.isoformat() for w in run.warnings if w.level.value == "yellow"]
    assert due == ["2026-05-05T00:00:00+08:00", "2026-05-06T00:00:00+08:00"]


def test_refused_events_are_collected_and_counted(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    good = (ROOT / "examples/service/events.jsonl").read_text(encoding="utf-8")
    events.write_text(good + '{"id": "x1", "type": "service_request"}\n', encoding="utf-8")
    run = run_scenario(load_scenario(manifest(tmp_path / "s", events=[str(events)])))
    assert run.events == 6
    assert len(run.refused) == 1
    assert "time" in run.refused[0].reason
    assert len(run.warnings) == 3


def test_manifest_problems_are_all_located(tmp_path: Path) -> None:
    folder = manifest(tmp_path / "s", events=["nowhere.jsonl"], calendar="lunar", extra=1)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    text = str(caught.value)
    assert "scenario.yaml:" in text
    assert "unknown field 'extra'" in text
    assert "calendar" in text
    # the shape problems come first; the paths are checked once the shape is valid
    folder = manifest(tmp_path / "t", events=["nowhere.jsonl", "also.csv"])
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 2
    assert problems[0].endswith(
        "scenario.yaml:6: events[0]: no such file or folder 'nowhere.jsonl'"
    )
    assert "events[1]" in problems[1]


def test_a_missing_manifest_and_bad_yaml_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path)
    (tmp_path / "scenario.yaml").write_text("scenario: [\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"scenario\.yaml:\d+"):
        load_scenario(tmp_path)


def test_compare_golden_names_each_difference(tmp_path: Path) -> None:
    run = run_scenario(load_scenario(manifest(tmp_path / "s")))
    lines = golden_lines(run.warnings)
    assert compare_golden(lines, run.warnings) == []
    # a missing, a new and a changed warning
    first, second, third = (json.loads(line) for line in lines)
    second["level"] = "red"
    edited = [json.dumps(second, ensure_ascii=False), json.dumps(third, ensure_ascii=False)]
    diff = compare_golden(edited, run.warnings[1:])
    assert diff == [
        f"changed not_completed_in_time p102 {second['time']} ({second['id']}): "
        'level: expected "red", got "blue"'
    ]
    diff = compare_golden(lines[1:], run.warnings[:2])
    assert [d.split(":")[0] for d in diff] == ["missing", "new"]
    assert first["id"] in diff[1] and third["id"] in diff[0]
    assert compare_golden(lines[::-1], run.warnings) == ["the same warnings in another order"]


def test_find_scenarios_lists_only_folders_with_a_manifest(tmp_path: Path) -> None:
    manifest(tmp_path / "b")
    manifest(tmp_path / "a")
    (tmp_path / "notes").mkdir()
    assert [p.name for p in find_scenarios(tmp_path)] == ["a", "b"]
    with pytest.raises(ScenarioError, match="no such folder"):
        find_scenarios(tmp_path / "missing")


def test_demo_runs_every_scenario_and_ranks_the_most_severe(tmp_path: Path) -> None:
    manifest(tmp_path / "one")
    manifest(tmp_path / "two", scenario="second", calendar="weekends")
    runs = run_demo(tmp_path)
    assert [r.scenario.id for r in runs] == ["service_demo", "second"]
    top = most_severe(runs, 3)
    assert [(sid, w.level.value) for sid, w in top] == [
        ("service_demo", "orange"),
        ("second", "orange"),
        ("second", "yellow"),  # the earlier of the yellow ones: 5 May, not 8 May
    ]
    assert [r.scenario.id for r in run_demo(tmp_path, only=["second"])] == ["second"]
    with pytest.raises(ScenarioError, match="no scenario nope; there are: second, service_demo"):
        run_demo(tmp_path, only=["nope"])
    with pytest.raises(ScenarioError, match="no scenario folders"):
        run_demo(tmp_path / "one")


def test_demo_command_table_and_json(tmp_path: Path) -> None:
    manifest(tmp_path / "one")
    runner = CliRunner()
    table = runner.invoke(main, ["demo", "--examples", str(tmp_path)])
    assert table.exit_code == 0, table.output
    assert "service_demo" in table.output
    assert "The 3 most severe warnings:" in table.output
    assert "龙荣华" in table.output  # the handler's name, in a panel's title
    assert "basis" in table.output and "to " in table.output  # evidence and recipients shown
    result = runner.invoke(main, ["demo", "--examples", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (scenario,) = data["scenarios"]
    assert scenario["by_level"] == {"red": 0, "orange": 1, "yellow": 1, "blue": 1}
    assert scenario["by_category"] == {"行政效能": 2, "首问负责": 1}
    assert len(scenario["all_warnings"]) == 3
    assert data["most_severe"][0]["id"] == scenario["all_warnings"][0]["id"]


def test_demo_command_reports_a_bad_manifest_with_exit_1(tmp_path: Path) -> None:
    manifest(tmp_path / "one", org=["missing_org"])
    result = CliRunner().invoke(main, ["demo", "--examples", str(tmp_path)])
    assert result.exit_code == 1
    assert "org[0]: no such file or folder 'missing_org'" in result.output


def test_demo_keeps_the_warnings_in_a_store_once(tmp_path: Path) -> None:
    from riskwarn.store.sqlite import SqliteStore

    manifest(tmp_path / "one")
    db = tmp_path / "w.db"
    for _ in range(2):  # a second run stores nothing twice
        result = CliRunner().invoke(main, ["demo", "--examples", str(tmp_path), "--store", str(db)])
        assert result.exit_code == 0, result.output
    assert "service_demo: 3 warning(s)" in result.output
    assert "(0 new, 3 already there)" in result.output
    with SqliteStore(db) as store:
        assert store.count() == 3
        assert store.verify_audit().ok
