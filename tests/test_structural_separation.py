"""Separation of powers: decide+supervise, decide+execute, unchecked stages, principal direct control."""

from __future__ import annotations

from tests.orgs import power, tenure
from tests.structural_helpers import brief, run


def test_one_person_deciding_and_supervising_a_power_is_red() -> None:
    """Holding decision and supervision of the same power through positions is red, with both paths."""
    found = run(
        "decide_supervise_same",
        tenures=[tenure("a", "fin_head", "2024-01-01")],
        powers=[
            power(
                "funds",
                "fin",
                risk="low",
                decision=["fin_head"],
                supervision=["fin_head"],
                execution=["acc"],
            )
        ],
    )
    assert brief(found) == [("red", "person", "a")]
    assert found[0].message == "a 同时行使「funds」的决策与监督环节"
    assert [str(p) for p in found[0].evidence.paths] == [
        "a —任职 holds→ 财政局局长 —行使 holds stage→ funds·决策",
        "a —任职 holds→ 财政局局长 —行使 holds stage→ funds·监督",
    ]


def test_deciding_and_executing_is_orange_only_for_high_risk_powers() -> None:
    """Decision plus execution is orange on a high-risk power and nothing on a medium one."""
    common = {"tenures": [tenure("a", "fin_dep", "2024-01-01"), tenure("b", "acc", "2024-01-01")]}
    high = run(
        "decide_supervise_same",
        powers=[
            power("p", "fin", decision=["fin_dep"], execution=["fin_dep"], supervision=["acc"])
        ],
        **common,
    )
    medium = run(
        "decide_supervise_same",
        powers=[
            power(
                "p",
                "fin",
                risk="medium",
                decision=["fin_dep"],
                execution=["fin_dep"],
                supervision=["acc"],
            )
        ],
        **common,
    )
    assert brief(high) == [("orange", "person", "a")]
    assert medium == []


def test_stage_held_by_a_body_is_not_attributed_to_members_unless_asked() -> None:
    """A collective decision does not make each member a decider, unless params.bodies is set."""
    sections = {
        "tenures": [tenure("a", "fin_head", "2024-01-01")],
        "bodies": [
            {
                "id": "party_group",
                "name": "党组会",
                "kind": "party_group",
                "unit": "fin",
                "members": ["fin_head", "fin_dep"],
            }
        ],
        "powers": [power("p", "fin", decision=["party_group"], supervision=["fin_head"])],
    }
    assert run("decide_supervise_same", **sections) == []
    assert brief(run("decide_supervise_same", params={"bodies": True}, **sections)) == [
        ("red", "person", "a")
    ]


def test_a_check_from_another_person_in_another_unit_clears_a_high_risk_stage() -> None:
    """An auditor in another unit is an independent check; a checker in the same unit is not."""
    sections = {
        "tenures": [
            tenure("a", "fin_dep", "2024-01-01"),
            tenure("b", "auditor", "2024-01-01"),
            tenure("c", "fin_head", "2024-01-01"),
        ],
        "powers": [power("p", "fin", decision=["fin_dep"])],
    }
    same_unit = run(
        "unchecked_high_risk_stage",
        checks=[{"checker": "fin_head", "power": "p", "stage": "decision", "kind": "review"}],
        **sections,
    )
    other_unit = run(
        "unchecked_high_risk_stage",
        checks=[{"checker": "auditor", "power": "p", "stage": "decision", "kind": "audit"}],
        **sections,
    )
    assert brief(same_unit) == [("orange", "power", "p")]
    assert same_unit[0].evidence.facts["checks_rejected"] == "fin_head: same unit"
    assert [(r.role, r.person.id) for r in same_unit[0].recipients] == [("line", "c")]
    assert other_unit == []


def test_a_vacant_or_self_check_does_not_count() -> None:
    """A checker post nobody holds, or held by the stage holder, leaves the stage unchecked."""
    checks = [{"checker": "auditor", "power": "p", "stage": "decision", "kind": "audit"}]
    vacant = run(
        "unchecked_high_risk_stage",
        tenures=[tenure("a", "fin_dep", "2024-01-01")],
        powers=[power("p", "fin", decision=["fin_dep"])],
        checks=checks,
    )
    self_check = run(
        "unchecked_high_risk_stage",
        tenures=[tenure("a", "fin_dep", "2024-01-01"), tenure("a", "auditor", "2024-01-01")],
        powers=[power("p", "fin", decision=["fin_dep"])],
        checks=checks,
    )
    assert vacant[0].evidence.facts["checks_rejected"] == "auditor: vacant"
    assert self_check[0].evidence.facts["checks_rejected"] == "auditor: same person"


def test_low_risk_stages_and_supervision_stages_need_no_check() -> None:
    """Only high-risk proposal, decision and execution stages are examined by default."""
    found = run(
        "unchecked_high_risk_stage",
        tenures=[tenure("a", "fin_dep", "2024-01-01")],
        powers=[
            power("p", "fin", decision=["fin_dep"], supervision=["fin_dep"])
            | {
                "stages": {
                    "decision": {"holders": ["fin_dep"], "risk": "low"},
                    "supervision": {"holders": ["fin_dep"]},
                }
            }
        ],
    )
    assert found == []


def test_principal_directly_holding_a_finance_stage_is_orange() -> None:
    """A principal position listed as a finance power's execution holder is flagged; a deputy is not."""
    principal = run(
        "principal_direct_control",
        tenures=[tenure("a", "fin_head", "2024-01-01")],
        powers=[power("p", "fin", execution=["fin_head"])],
    )
    deputy = run(
        "principal_direct_control",
        tenures=[tenure("a", "fin_dep", "2024-01-01")],
        powers=[power("p", "fin", execution=["fin_dep"])],
    )
    licensing = run(
        "principal_direct_control",
        tenures=[tenure("a", "fin_head", "2024-01-01")],
        powers=[power("p", "fin", kind="licensing", execution=["fin_head"])],
    )
    assert brief(principal) == [("orange", "person", "a")]
    assert principal[0].message == "a（财政局局长，主要负责人）直接行使「p」的执行环节"
    assert deputy == [] and licensing == []


def test_a_stage_nobody_holds_that_day_is_not_reported() -> None:
    """A high-risk stage whose only holder post is vacant has nobody to check."""
    assert run("unchecked_high_risk_stage", powers=[power("p", "fin", decision=["fin_dep"])]) == []
