"""Scenario layer: every example runs through the public API and matches its
golden output; the example county reports exactly the risk points its README
lists, and nothing on its clean base."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from riskwarn import OrgGraph, load_org, scan
from riskwarn.report import to_json
from riskwarn.structural import REGISTRY

COUNTY = Path(__file__).resolve().parent.parent / "examples" / "county"
AT = date(2026, 6, 30)
LEVELS = {"red", "orange", "yellow", "blue"}


def planted_in_readme() -> list[tuple[str, str, str]]:
    """(analyzer, level, subject id) of each row of the README's planted table."""
    rows = []
    for line in (COUNTY / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0] in REGISTRY and cells[1] in LEVELS:
            rows.append((cells[0], cells[1], cells[2]))
    return sorted(rows)


def test_county_scan_matches_its_golden_file(update_golden: bool) -> None:
    """The full warnings (ids, messages, evidence, recipients) equal the reviewed golden file."""
    warnings = scan(OrgGraph(load_org(COUNTY / "org", COUNTY / "planted")), AT)
    golden = COUNTY / "expected_scan.json"
    if update_golden:
        golden.write_text(to_json(warnings), encoding="utf-8")
    assert json.loads(to_json(warnings)) == json.loads(golden.read_text(encoding="utf-8"))


def test_county_scan_reports_exactly_the_planted_risk_points() -> None:
    """Every planted point in the README is found, and nothing else."""
    warnings = scan(OrgGraph(load_org(COUNTY / "org", COUNTY / "planted")), AT)
    found = sorted((w.rule, w.level.value, w.subject.id) for w in warnings)
    assert found == planted_in_readme()
    assert len(found) >= 12


def test_every_analyzer_is_exercised_by_the_example() -> None:
    """The planted set covers each analyzer at least once."""
    assert {rule for rule, _, _ in planted_in_readme()} == set(REGISTRY)


def test_county_clean_base_reports_nothing() -> None:
    """Without the planted files the same county is clean on the same day."""
    assert scan(OrgGraph(load_org(COUNTY / "org")), AT) == []


def test_every_county_warning_is_routed_and_explained() -> None:
    """Each warning has at least one recipient with a reason, and evidence."""
    for w in scan(OrgGraph(load_org(COUNTY / "org", COUNTY / "planted")), AT):
        assert w.recipients, w.rule
        assert all(r.reason for r in w.recipients)
        assert w.evidence.paths or w.evidence.threshold is not None, w.rule
