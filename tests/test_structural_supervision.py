"""Supervision integrity: mutual cycles with no outsider, and inversions."""

from __future__ import annotations

from tests.orgs import tenure
from tests.structural_helpers import brief, run

AUDIT_HEADS = {
    "units": [
        {
            "id": "fin_audit",
            "name": "财政局审计科",
            "kind": "section",
            "level": "county",
            "region": "339901",
            "parent": "fin",
        },
        {
            "id": "aud_audit",
            "name": "审计局内审科",
            "kind": "section",
            "level": "county",
            "region": "339901",
            "parent": "audit",
        },
    ],
    "positions": [
        {
            "id": "fa",
            "name": "财政局审计科科长",
            "unit": "fin_audit",
            "grade": "section_deputy",
            "functions": ["audit"],
        },
        {
            "id": "aa",
            "name": "审计局内审科科长",
            "unit": "aud_audit",
            "grade": "section_deputy",
            "functions": ["audit"],
        },
    ],
    "tenures": [tenure("a", "fa", "2024-01-01"), tenure("b", "aa", "2024-01-01")],
}
MUTUAL = [
    {"supervisor": "fa", "role": "audit", "positions": ["aa"]},
    {"supervisor": "aa", "role": "audit", "positions": ["fa"]},
]


def test_two_posts_auditing_each_other_with_nobody_outside_is_a_yellow_cycle() -> None:
    """Mutual audit is a cycle; the first position by id is the subject; the path closes the loop."""
    found = run("supervision_integrity", supervision=MUTUAL, **AUDIT_HEADS)
    assert brief(found) == [("yellow", "position", "aa")]
    assert str(found[0].evidence.paths[0]) == (
        "审计局内审科科长 —审计监督 supervises (audit)→ 财政局审计科科长 —审计监督 supervises (audit)→ 审计局内审科科长"
    )


def test_an_outside_supervisor_breaks_the_cycle_finding() -> None:
    """When 审计局局长 audits both bureaus, the mutual pair has a third party."""
    outside = [{"supervisor": "auditor", "role": "audit", "units": ["fin", "audit"]}]
    assert run("supervision_integrity", supervision=MUTUAL + outside, **AUDIT_HEADS) == []


def test_cycles_are_counted_within_one_role() -> None:
    """Audit one way and discipline the other way is no cycle."""
    crossed = [
        {"supervisor": "fa", "role": "audit", "positions": ["aa"]},
        {"supervisor": "aa", "role": "discipline", "positions": ["fa"]},
    ]
    assert run("supervision_integrity", supervision=crossed, **AUDIT_HEADS) == []


def test_supervisor_reporting_to_the_supervised_unit_is_an_orange_inversion() -> None:
    """财务股股长 supervising 财政局 while reporting up to its deputy head is inverted."""
    found = run(
        "supervision_integrity",
        supervision=[{"supervisor": "acc", "role": "discipline", "units": ["fin"]}],
        tenures=[tenure("a", "acc", "2024-01-01"), tenure("b", "fin_dep", "2024-01-01")],
    )
    assert brief(found) == [("orange", "position", "acc")]
    assert [str(p) for p in found[0].evidence.paths] == [
        "财务股股长 —纪检监察监督 supervises (discipline)→ 财政局",
        "财务股股长 —向其报告 reports to→ 财政局副局长 —属于 in→ 财政局",
    ]


def test_supervisor_outside_the_chain_is_not_inverted() -> None:
    """A discipline office that reports to nobody in 财政局 is fine."""
    assert (
        run(
            "supervision_integrity",
            supervision=[{"supervisor": "jw_1", "role": "discipline", "units": ["fin"]}],
        )
        == []
    )


def test_auditing_a_unit_that_encloses_ones_own_superior_is_an_inversion() -> None:
    """审计局局长 auditing the whole county while reporting to 县委书记 is inverted (同级监督)."""
    found = run(
        "supervision_integrity",
        supervision=[{"supervisor": "auditor", "role": "audit", "units": ["county"]}],
    )
    assert brief(found) == [("orange", "position", "auditor")]
    assert found[0].evidence.facts == {
        "role": "audit",
        "supervised": "unit:county",
        "reports_to": "sec",
    }
