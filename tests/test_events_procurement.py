"""The procurement events (procurement_step, bid), participation, and the tender fields of
purchase: what they accept, what they refuse, and that rules can read them."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from riskwarn import Engine, load_org, load_ruleset
from riskwarn.events import (
    BUILTIN_TYPES,
    Bid,
    Participation,
    ParticipationRole,
    ProcurementStep,
    ProcurementStepKind,
    Purchase,
    PurchaseMethod,
    Quarantine,
    Rejected,
    read_events,
)

CST = timezone(timedelta(hours=8))
ORG = Path(__file__).parent.parent / "rulesets" / "tests" / "orgs" / "funds"


def reasons(items: list[dict[str, Any]]) -> list[str]:
    """The quarantine reasons of reading ``items``, one per refused event."""
    rejected: list[Rejected] = []
    list(read_events(items, quarantine=Quarantine(rejected.append)))
    return [r.reason for r in rejected]


def test_the_procurement_types_are_built_in() -> None:
    """procurement_step, bid and participation are built-in types, read as their classes."""
    assert BUILTIN_TYPES["procurement_step"] is ProcurementStep
    assert BUILTIN_TYPES["bid"] is Bid
    assert BUILTIN_TYPES["participation"] is Participation


def test_a_purchase_names_its_tender_lot_and_method_approval() -> None:
    """The tender fields of a purchase are optional; an approval number is text with
    brackets, as finance departments write them."""
    base = {
        "id": "c1",
        "type": "purchase",
        "time": "2026-03-25T10:00:00+08:00",
        "vendor": "mingliang",
        "amount": 1268000,
        "method": "single_source",
        "fiscal_year": 2026,
        "budget_item": "2050203 初中教育",
        "category": "A02060402 照明设备",
    }
    [plain, full] = read_events(
        [
            base,
            base
            | {
                "id": "c2",
                "tender": "QS-ZB-2026-031",
                "lot": "2",
                "method_approval": "青财采〔2026〕12号",
            },
        ]
    )

    assert isinstance(plain, Purchase) and isinstance(full, Purchase)
    assert (plain.tender, plain.lot, plain.method_approval) == (None, None, None)
    assert (full.tender, full.lot, full.method_approval) == (
        "QS-ZB-2026-031",
        "2",
        "青财采〔2026〕12号",
    )


def test_a_procurement_step_is_read_with_its_step_and_method() -> None:
    """An award carries the winner and the amount, exactly."""
    [step] = read_events(
        [
            {
                "id": "a1",
                "type": "procurement_step",
                "time": "2026-03-02T16:00:00+08:00",
                "tender": "QS-ZB-2026-031",
                "step": "award",
                "lot": "2",
                "winner": "mingliang",
                "amount": Decimal("1268000.50"),
            }
        ]
    )

    assert step == ProcurementStep(
        id="a1",
        time=datetime(2026, 3, 2, 16, tzinfo=CST),
        tender="QS-ZB-2026-031",
        step=ProcurementStepKind.AWARD,
        lot="2",
        winner="mingliang",
        amount=Decimal("1268000.50"),
    )
    assert step.method is None


def notice(**changes: object) -> dict[str, object]:
    """A tender notice of 2 March 2026, 09:00 in Beijing, as read from JSON."""
    return {
        "id": "n1",
        "type": "procurement_step",
        "time": "2026-03-02T09:00:00+08:00",
        "tender": "QS-ZB-2026-031",
        "step": "notice",
        "method": "open_tender",
    } | changes


def test_bid_days_count_the_days_after_the_notice_through_the_deadline_day() -> None:
    """The notice's day is not counted and the deadline's day is, whatever the hours:
    a deadline at 08:30 on 22 March is 20 days after a notice at 09:00 on 2 March; the
    deadline's date is taken at the notice's offset; no deadline, no days."""
    events = read_events(
        [
            notice(id="a", bid_deadline="2026-03-22T08:30:00+08:00"),
            notice(id="b", bid_deadline="2026-03-21T23:59:59+08:00"),
            notice(id="c", bid_deadline="2026-03-02T17:00:00+08:00"),
            notice(id="d", bid_deadline="2026-03-21T17:00:00Z"),
            notice(id="e"),
        ]
    )

    assert [(e.id, e.bid_days) for e in events if isinstance(e, ProcurementStep)] == [
        ("a", 20),
        ("b", 19),
        ("c", 0),
        ("d", 20),
        ("e", None),
    ]


def test_bid_days_given_must_be_right_and_the_deadline_not_before_the_notice() -> None:
    """``bid_days`` is derived: a wrong value given is refused, the right one accepted;
    a deadline before the notice is refused."""
    got = reasons(
        [
            notice(id="a", bid_deadline="2026-03-22T08:30:00+08:00", bid_days=21),
            notice(id="b", bid_deadline="2026-03-22T08:30:00+08:00", bid_days=20),
            notice(id="c", bid_deadline="2026-03-01T09:00:00+08:00"),
        ]
    )

    assert got == [
        "<events>:1: procurement_step: bid_days is computed from time and bid_deadline: "
        "expected 20, got 21 (leave it out to have it computed)",
        "<events>:3: procurement_step: bid_deadline 2026-03-01T09:00:00+08:00 is before "
        "the notice's time",
    ]


def test_misspelt_steps_methods_and_roles_are_refused_with_a_hint() -> None:
    """A step, method or role that is not one of the values is refused with the nearest."""
    t = "2026-03-02T09:00:00+08:00"
    got = reasons(
        [
            {"id": "n1", "type": "procurement_step", "time": t, "tender": "T1", "step": "notise"},
            {
                "id": "n2",
                "type": "procurement_step",
                "time": t,
                "tender": "T1",
                "step": "notice",
                "method": "open_tendr",
            },
            {
                "id": "c1",
                "type": "participation",
                "time": t,
                "participant": "P1",
                "matter": "M1",
                "role": "evaluator",
            },
        ]
    )

    assert got == [
        "<events>:1: procurement_step.step: expected one of 'notice', 'opening', 'award', "
        "'contract_notice'; got 'notise' (did you mean 'notice'?)",
        "<events>:2: procurement_step.method: expected one of 'open_tender', 'invited_tender', "
        "'competitive_negotiation', 'competitive_consultation', 'single_source', 'inquiry', "
        "'direct'; got 'open_tendr' (did you mean 'open_tender'?)",
        "<events>:3: participation.role: expected one of 'decision', 'evaluation', 'approval', "
        "'inspection', 'other'; got 'evaluator' (did you mean 'evaluation'?)",
    ]


def test_a_bid_needs_its_tender_and_bidder_and_reads_its_markers() -> None:
    """A bid without tender or bidder is refused; its markers are optional, and a deposit
    account may hold spaces as banks print them."""
    t = "2026-03-20T09:10:00+08:00"
    assert reasons([{"id": "k0", "type": "bid", "time": t, "lot": "2"}]) == [
        "<events>:1: bid: missing required field 'tender'\n"
        "<events>:1: bid: missing required field 'bidder'"
    ]
    [bid] = read_events(
        [
            {
                "id": "k1",
                "type": "bid",
                "time": t,
                "tender": "QS-ZB-2026-021",
                "bidder": "huaxin",
                "price": 1268000,
                "agent": "ma_chao",
                "deposit_account": "6222 0202 0011 2233 445",
            }
        ]
    )

    assert isinstance(bid, Bid)
    assert (bid.agent, bid.deposit_account, bid.price) == (
        "ma_chao",
        "6222 0202 0011 2233 445",
        Decimal(1268000),
    )
    assert (bid.lot, bid.legal_representative, bid.controller) == (None, None, None)
    assert (bid.project_manager, bid.prepared_by) == (None, None)


def test_a_participation_has_not_recused_unless_it_says_so() -> None:
    """``recused`` is false by default; a CSV cell ``TRUE`` sets it."""
    [event] = read_events(
        [
            {
                "id": "c1",
                "type": "participation",
                "time": "2026-03-02T09:00:00+08:00",
                "participant": "P12",
                "matter": "QS-ZB-2026-003",
                "role": "evaluation",
                "counterparty": "mingliang",
            }
        ]
    )

    assert isinstance(event, Participation)
    assert event.role is ParticipationRole.EVALUATION
    assert (event.recused, event.candidate) == (False, None)


def test_a_participation_in_csv_reads_recused(tmp_path: Path) -> None:
    """A participation table exported from meeting minutes reads back by field type."""
    path = tmp_path / "participation.csv"
    path.write_text(
        "id,time,participant,matter,role,candidate,recused\n"
        "c1,2026-03-02T09:00:00+08:00,P22,RM-2026-004,decision,P14,TRUE\n",
        encoding="utf-8",
    )
    [event] = read_events(path, event_type="participation")

    assert isinstance(event, Participation)
    assert (event.candidate, event.recused) == ("P14", True)


def test_rules_read_the_new_fields_with_graph_predicates(tmp_path: Path) -> None:
    """A rule over participation calls graph predicates on its fields, and a purchase
    joins an award on tender and lot: the engine answers both from the test county."""
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        """\
ruleset: probe
version: "1"
title: 探针
rules:
  - id: conflicted
    title: 利害关系
    level: red
    category: 三重一大
    basis: 公务员法 第76条
    when:
      event: participation as p
      if: not p.recused and interest_in(p.participant, p.counterparty)
    subject: p.participant
  - id: unsigned
    title: 未签合同
    level: orange
    category: 采购
    basis: 政府采购法 第46条
    when:
      event: procurement_step as a
      if: a.step == 'award'
    expect:
      event: purchase as c
      if: c.tender == a.tender and c.lot == a.lot and c.method == 'open_tender'
      within: 30d
""",
        encoding="utf-8",
    )
    events = [
        {
            "id": "c1",
            "type": "participation",
            "time": "2026-03-02T09:00:00+08:00",
            "participant": "P12",
            "matter": "T1",
            "role": "evaluation",
            "counterparty": "mingliang",
        },
        {
            "id": "c2",
            "type": "participation",
            "time": "2026-03-02T09:00:00+08:00",
            "participant": "P12",
            "matter": "T1",
            "role": "evaluation",
            "counterparty": "mingliang",
            "recused": True,
        },
        {
            "id": "a1",
            "type": "procurement_step",
            "time": "2026-03-02T16:00:00+08:00",
            "tender": "T1",
            "step": "award",
            "lot": "2",
        },
        {
            "id": "a2",
            "type": "procurement_step",
            "time": "2026-03-02T16:00:00+08:00",
            "tender": "T1",
            "step": "award",
            "lot": "1",
        },
        {
            "id": "x1",
            "type": "purchase",
            "time": "2026-03-20T10:00:00+08:00",
            "vendor": "mingliang",
            "amount": 1268000,
            "method": PurchaseMethod.OPEN_TENDER.value,
            "fiscal_year": 2026,
            "budget_item": "2050203 初中教育",
            "category": "A02060402 照明设备",
            "tender": "T1",
            "lot": "2",
        },
    ]
    with Engine(load_org(ORG), [load_ruleset(rules)]) as engine:
        warnings = list(engine.process(read_events(events), until=date(2026, 4, 30)))

    assert [(w.rule, w.subject.id, [e.id for e in w.evidence.events]) for w in warnings] == [
        ("conflicted", "P12", ["c1"]),
        ("unsigned", "a2", ["a2"]),
    ]
    assert warnings[1].time == datetime(2026, 4, 1, 16, tzinfo=CST)
