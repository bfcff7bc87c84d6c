"""The synthetic organizations of ``benchmarks/synth.py``: deterministic, valid
through the normal constructors and the reference checks, written as files
that load back equal, and of the sizes the benchmarks promise."""

from __future__ import annotations

import csv
import itertools
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from riskwarn.model import SECTIONS, Organization, Period, Tenure
from riskwarn.orgfile import check_org, load_org

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import synth
from synth_files import CSV_FILES, YAML_FILES, write_org

ANALYZERS = {
    "decide_supervise_same",
    "hometown_principal",
    "kinship_post_conflict",
    "over_quota",
    "power_concentration",
    "principal_direct_control",
    "relative_business_regulated",
    "rotation_overdue",
    "supervision_integrity",
    "unchecked_high_risk_stage",
}
"""The structural analyzers of docs/structural.md, each planted at least once at 10,000 persons."""


def typed(value: Any) -> Any:
    """``value`` with the type of every part spelled out, so that a ``str``
    where validation gives an enum (equal under ``==``) still differs."""
    if isinstance(value, BaseModel):
        return type(value).__name__, {k: typed(v) for k, v in value.__dict__.items()}
    if isinstance(value, dict):
        return "dict", {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return type(value).__name__, [typed(v) for v in value]
    if isinstance(value, frozenset | set):
        return type(value).__name__, sorted(typed(v) for v in value)
    return type(value).__name__, value


@pytest.fixture(scope="module")
def small() -> synth.Synthetic:
    return synth.synthesize(2000, seed=5)


@pytest.fixture(scope="module")
def medium() -> synth.Synthetic:
    return synth.synthesize(10_000)


def test_same_seed_gives_an_equal_organization(small: synth.Synthetic) -> None:
    """Generating twice with the same size and seed gives equal organizations, types included."""
    again = synth.synthesize(2000, seed=5)
    assert typed(again.org) == typed(small.org)
    assert again.planted == small.planted


def test_another_seed_gives_another_organization(small: synth.Synthetic) -> None:
    """A different seed gives a different organization of the same size."""
    other = synth.generate(2000, seed=6)
    assert other != small.org
    assert len(other.persons) == len(small.org.persons)


def test_fast_build_equals_validated_build(small: synth.Synthetic) -> None:
    """Building every item through the normal constructors (which validate) gives
    the very same organization as the fast build, types included."""
    validated = synth.synthesize(2000, seed=5, validate=True)
    assert typed(validated.org) == typed(small.org)


@pytest.mark.parametrize("size", ["small", "medium"])
def test_generated_organization_has_no_reference_problems(
    size: str, request: pytest.FixtureRequest
) -> None:
    """`check_org` finds nothing: ids unique, references resolve, no cycles, tenures dated right."""
    org: Organization = request.getfixturevalue(size).org
    assert [str(p) for p in check_org(org)] == []


def _inside(inner: Period, outer: Period) -> bool:
    starts = outer.start is None or (inner.start is not None and inner.start >= outer.start)
    ends = outer.end is None or (inner.end is not None and inner.end <= outer.end)
    return starts and ends


def test_dated_items_lie_within_what_they_refer_to(medium: synth.Synthetic) -> None:
    """Tenures lie within their position's life, interests within their entity's,
    checks within their power's."""
    org = medium.org
    positions = {p.id: p for p in org.positions}
    entities = {e.id: e for e in org.entities}
    powers = {p.id: p for p in org.powers}
    assert [t for t in org.tenures if not _inside(t, positions[t.position])] == []
    assert [i for i in org.interests if not _inside(i, entities[i.entity])] == []
    assert [c for c in org.checks if not _inside(c, powers[c.power])] == []


def _overlaps(tenures: list[Tenure]) -> bool:
    ordered = sorted(tenures, key=lambda t: t.start or date.min)
    return any(
        a.end is None or (b.start is not None and b.start < a.end)
        for a, b in itertools.pairwise(ordered)
    )


def test_nobody_holds_two_posts_and_no_post_has_two_holders_at_once(
    medium: synth.Synthetic,
) -> None:
    """Careers are sequential, and a position has one holder at a time."""
    by_person: dict[str, list[Tenure]] = defaultdict(list)
    by_position: dict[str, list[Tenure]] = defaultdict(list)
    for tenure in medium.org.tenures:
        by_person[tenure.person].append(tenure)
        by_position[tenure.position].append(tenure)
    assert [p for p, periods in by_person.items() if _overlaps(periods)] == []
    assert [p for p, periods in by_position.items() if _overlaps(periods)] == []


def test_sizes_at_ten_thousand_persons(medium: synth.Synthetic) -> None:
    """10,000 persons give about 1.5 positions per person, two to three tenures per
    staff member, about ten graph edges per person and 1% planted risk points."""
    org, persons = medium.org, 10_000
    assert len(org.persons) == persons
    assert 1.4 <= len(org.positions) / persons <= 1.6
    assert 0.5 <= medium.staff / persons <= 0.7
    assert 2.0 <= len(org.tenures) / medium.staff <= 3.0
    assert 0.5 <= len(org.kinship) / persons <= 1.2
    assert 0.25 <= len(org.interests) / persons <= 0.35
    assert 8 <= synth.edge_estimate(org) / persons <= 12
    assert sum(medium.planted.values()) == persons // 100
    assert set(medium.planted) == ANALYZERS


def test_staff_come_first_and_hold_tenures(medium: synth.Synthetic) -> None:
    """Persons ``p0 .. p<staff-1>`` are exactly those who hold tenures."""
    holders = {t.person for t in medium.org.tenures}
    staff = {p.id for p in medium.org.persons[: medium.staff]}
    assert holders == staff


def test_too_few_persons_are_refused() -> None:
    """Below the smallest province the generator can build, it says so."""
    with pytest.raises(ValueError, match="persons must be at least 2000, got 1999"):
        synth.generate(1999)


def test_written_files_load_back_equal(small: synth.Synthetic, tmp_path: Path) -> None:
    """The files written for the loader benchmark load back into an equal organization."""
    files = write_org(small.org, tmp_path)
    assert sorted(f.name for f in files) == sorted(
        [f"{s}.yaml" for s in YAML_FILES] + [f"{s}.csv" for s in CSV_FILES]
    )
    assert typed(load_org(tmp_path)) == typed(small.org)


def test_csv_headers_are_the_field_names(small: synth.Synthetic, tmp_path: Path) -> None:
    """Each CSV file starts with its model's field names."""
    write_org(small.org, tmp_path)
    for section in CSV_FILES:
        with (tmp_path / f"{section}.csv").open(encoding="utf-8", newline="") as file:
            assert next(csv.reader(file)) == list(SECTIONS[section].model_fields)
