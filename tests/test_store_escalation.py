"""Escalation in event time (handling limits, one level up, the next supervisor
up) and mitigation or acceptance records (suppression, expiry, reminders).

Deadlines here are on a Monday-to-Friday calendar; 2026-03-02 is a Monday. The
default limits: yellow 3 working days to acknowledge and 15 to dispose, orange
2 and 10, red 1 and 5. A period starting on a day does not count that day and
ends at 24:00 of its last working day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from riskwarn.model import Level, Recipient
from riskwarn.store import (
    Action,
    Disposition,
    EscalationPolicy,
    MitigationKind,
    SqliteStore,
    State,
    StoreError,
    TransitionError,
    WarningQuery,
)
from tests.test_store_org import GRAPH, at, policy, warning

W = warning("p_clerk", at(2))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "w.db", policy=policy()) as s:
        yield s


def tiers(store: SqliteStore, wid: str) -> list[tuple[int, str]]:
    return [(a.tier, a.recipient.person.id) for a in store.get(wid).assignments]


def escalations(store: SqliteStore, wid: str) -> list[tuple[datetime, str]]:
    return [(e.at, e.note or "") for e in store.history(wid) if e.action == "escalate"]


# -- escalation ----------------------------------------------------------------------------


def test_an_unacknowledged_warning_escalates_at_its_deadline_and_not_before(
    store: SqliteStore,
) -> None:
    """Yellow on Monday 09:00: acknowledge by Friday 6 March 00:00. At 23:00 on
    Thursday nothing happens; at the deadline itself it is orange and with the
    superiors of both recipients: the mayor above the vice mayor, the discipline
    secretary above the discipline officer."""
    store.put([W], graph=GRAPH)
    assert store.escalate_due(at(5, 23), graph=GRAPH) == []
    (step,) = store.escalate_due(at(6, 0), graph=GRAPH)
    assert (step.warning_id, step.at, step.from_level, step.to_level, step.tier) == (
        W.id,
        at(6, 0),
        Level.YELLOW,
        Level.ORANGE,
        1,
    )
    escalated = store.get(step.warning_id)
    assert (escalated.level, escalated.state, escalated.escalations) == (
        Level.ORANGE,
        State.OPEN,
        1,
    )
    assert tiers(store, W.id) == [(0, "p_vmf"), (0, "p_dcfin"), (1, "p_dcsec"), (1, "p_mayor")]
    (up,) = [a for a in escalated.assignments if a.recipient.person.id == "p_mayor"]
    assert up.at == at(6, 0)
    assert up.recipient.reason == (
        "not acknowledged within 3 workdays of 2026-03-02T09:00:00+08:00 "
        "(due 2026-03-06T00:00:00+08:00); superior of p_vmf — line (分管领导): "
        "supervises position 副县长(财政)"
    )
    assert escalations(store, W.id) == [
        (
            at(6, 0),
            "not acknowledged within 3 workdays of 2026-03-02T09:00:00+08:00 "
            "(due 2026-03-06T00:00:00+08:00); yellow → orange",
        )
    ]


def test_a_replay_escalates_step_by_step_in_event_time_until_nobody_is_above(
    store: SqliteStore,
) -> None:
    """Never acknowledged: orange on Fri 6 March 00:00; red on Wed 11 March 00:00
    (2 working days: Mon, Tue), with nobody above the mayor and the discipline
    secretary; on Fri 13 March 00:00 (1 working day: Thu) red has nowhere to go
    and escalation stops."""
    store.put([W], graph=GRAPH)
    store.escalate_due(at(31), graph=GRAPH)
    stored = store.get(W.id)
    assert (stored.level, stored.escalations, stored.due) == (Level.RED, 3, None)
    assert [(t, note.rsplit("; ", 1)[-1]) for t, note in escalations(store, W.id)] == [
        (at(6, 0), "yellow → orange"),
        (at(11, 0), "no supervisor further up"),
        (at(13, 0), "no supervisor further up: escalation stops"),
    ]
    assert tiers(store, W.id) == [(0, "p_vmf"), (0, "p_dcfin"), (1, "p_dcsec"), (1, "p_mayor")]


def test_escalating_often_or_once_gives_the_same_history(tmp_path: Path) -> None:
    """Driven day by day (as a replay's clock advances) or once at the end, the
    escalations happen at the same deadlines with the same recipients."""
    histories = []
    for name, nows in (("daily", [at(d, 12) for d in range(2, 32)]), ("once", [at(31, 12)])):
        with SqliteStore(tmp_path / f"{name}.db", policy=policy()) as s:
            s.put([W, warning("p_educlerk", at(4), level=Level.ORANGE)], graph=GRAPH)
            for now in nows:
                s.escalate_due(now, graph=GRAPH)
            histories.append(
                [
                    (e.entity_id, e.at, e.action, e.note, dict(e.data))
                    for e in s.audit()
                    if e.entity == "warning"
                ]
            )
    assert histories[0] == histories[1]
    assert len([h for h in histories[0] if h[2] == "escalate"]) == 5


def test_acknowledging_in_time_leaves_only_the_dispose_deadline(store: SqliteStore) -> None:
    """Acknowledged on Tuesday: the next deadline is disposal, 15 working days
    from Monday 2 March, the end of Monday 23 March."""
    store.put([W], graph=GRAPH)
    acked = store.transition(W.id, Action.ACKNOWLEDGE, actor="p_vmf", at=at(3))
    assert acked.due == at(24, 0)
    assert store.escalate_due(at(23, 23), graph=GRAPH) == []
    (step,) = store.escalate_due(at(24, 0), graph=GRAPH)
    escalated = store.get(step.warning_id)
    assert escalated.level is Level.ORANGE
    assert escalated.state is State.ACKNOWLEDGED
    assert escalations(store, W.id)[0][1].startswith(
        "not disposed within 15 workdays of 2026-03-02T09:00:00+08:00"
    )


def test_a_late_acknowledgement_does_not_undo_the_missed_deadline(store: SqliteStore) -> None:
    """Acknowledged on Friday 6 March 10:00, after the deadline at 00:00 but before
    anyone ran the escalation: it still escalates at 00:00."""
    store.put([W], graph=GRAPH)
    store.transition(W.id, Action.ACKNOWLEDGE, actor="p_vmf", at=at(6, 10))
    (step,) = store.escalate_due(at(6, 12), graph=GRAPH)
    escalated = store.get(step.warning_id)
    assert escalations(store, W.id)[0][0] == at(6, 0)
    assert escalated.level is Level.ORANGE
    # acknowledged within the orange period that began at 00:00, so disposal is next:
    # 10 working days from Friday 6 March, the end of Friday 20 March
    assert escalated.due == at(21, 0)


def test_a_disposed_or_mitigated_warning_never_escalates(store: SqliteStore) -> None:
    store.put([W], graph=GRAPH)
    store.transition(W.id, Action.ACKNOWLEDGE, actor="p_vmf", at=at(2, 10))
    store.transition(
        W.id, Action.DISPOSE, actor="p_vmf", at=at(2, 11), disposition=Disposition.INQUIRY
    )
    assert store.get(W.id).due is None
    assert store.escalate_due(at(30), graph=GRAPH) == []


def test_a_red_warning_stays_red_and_goes_up(store: SqliteStore) -> None:
    """Red: acknowledge within 1 working day (Tuesday), so by Wed 4 March 00:00."""
    red = warning("p_clerk", at(2), level=Level.RED)
    store.put([red], graph=GRAPH)
    (step,) = store.escalate_due(at(4, 0), graph=GRAPH)
    escalated = store.get(step.warning_id)
    assert (escalated.level, escalated.escalations) == (Level.RED, 1)
    assert [p for t, p in tiers(store, red.id) if t == 1] == ["p_dcsec", "p_mayor"]
    assert escalations(store, red.id)[0][1].endswith("red → red")


def test_escalation_never_routes_to_the_subject(store: SqliteStore) -> None:
    """A warning about the mayor held by the finance vice mayor: the next one up
    is the mayor himself, who is passed over; nobody is above him."""
    mayor = warning("p_mayor", at(2), recipients=False)
    vmf = GRAPH.supervisors("position", "fin_head", at(2), ["line"])[0]
    assert vmf.person.id == "p_vmf"
    store.put([mayor.model_copy(update={"recipients": (vmf,)})], graph=GRAPH)
    (step,) = store.escalate_due(at(6, 0), graph=GRAPH)
    escalated = store.get(step.warning_id)
    assert tiers(store, mayor.id) == [(0, "p_vmf")]
    assert escalated.level is Level.ORANGE
    assert escalations(store, mayor.id)[0][1].endswith("yellow → orange; no supervisor further up")


def test_a_warning_nobody_received_goes_to_the_subjects_supervisors(store: SqliteStore) -> None:
    lonely = warning("p_educlerk", at(2), recipients=False)
    store.put([lonely], graph=GRAPH)
    store.escalate_due(at(6, 0), graph=GRAPH)
    assert tiers(store, lonely.id) == [(1, "p_vme"), (1, "p_dcedu")]


def test_without_an_organization_levels_rise_but_nobody_is_added(store: SqliteStore) -> None:
    store.put([W], graph=GRAPH)
    (step,) = store.escalate_due(at(6, 0))
    escalated = store.get(step.warning_id)
    assert escalated.level is Level.ORANGE
    assert tiers(store, W.id) == [(0, "p_vmf"), (0, "p_dcfin")]
    assert escalations(store, W.id)[0][1].endswith("; no organization given to route with")


def test_a_recipient_can_refer_a_warning_upward_with_a_reason(store: SqliteStore) -> None:
    store.put([W], graph=GRAPH)
    inbox = store.inbox("p_vmf", GRAPH, at(3))
    escalated = inbox.escalate(W.id, "涉及本人分管领域，提请上级处理", at=at(3, 10))
    assert escalated.level is Level.ORANGE
    assert [p for t, p in tiers(store, W.id) if t == 1] == ["p_dcsec", "p_mayor"]
    ((when, note),) = escalations(store, W.id)
    assert when == at(3, 10)
    assert note == "referred upward by p_vmf: 涉及本人分管领域，提请上级处理; yellow → orange"
    assert store.history(W.id)[-1].actor == "p_vmf"
    # the orange period starts now: acknowledge within 2 working days (Wed, Thu)
    assert escalated.due == at(6, 0)


def test_a_closed_warning_cannot_be_escalated_and_a_reason_is_required(
    store: SqliteStore,
) -> None:
    store.put([W], graph=GRAPH)
    with pytest.raises(StoreError, match="escalate needs a reason"):
        store.escalate(W.id, actor="p_vmf", reason=" ", at=at(3))
    store.transition(W.id, Action.ACKNOWLEDGE, actor="p_vmf", at=at(3))
    store.transition(
        W.id, Action.DISPOSE, actor="p_vmf", at=at(3), disposition=Disposition.CIRCULAR
    )
    with pytest.raises(TransitionError) as err:
        store.escalate(W.id, actor="p_vmf", reason="x", at=at(4))
    assert str(err.value) == (
        f"warning '{W.id}' is disposed (已处置): cannot escalate it; only a warning that is "
        "open, acknowledged, verifying can be escalated"
    )


def test_limits_can_be_set_per_level(store: SqliteStore, tmp_path: Path) -> None:
    """Yellow acknowledged within 4 hours: due at 13:00 the same day."""
    fast = EscalationPolicy({"yellow": {"acknowledge": "4h"}}, calendar=policy().calendar)
    assert str(fast.limits[Level.YELLOW].dispose) == "15 workdays"
    with SqliteStore(tmp_path / "fast.db", policy=fast) as s:
        s.put([W])
        assert s.get(W.id).due == at(2, 13)


def test_bad_limits_are_refused_all_at_once() -> None:
    with pytest.raises(StoreError) as err:
        EscalationPolicy({"purple": {"acknowledge": "1d"}, "red": {"ack": "1d", "dispose": "5"}})
    assert str(err.value).splitlines() == [
        "escalation.purple: no level 'purple'",
        "escalation.red.ack: expected acknowledge or dispose",
        "escalation.red.dispose: expected a duration like '30d', '12h' or '5 workdays', "
        "got '5' (a number needs a unit: '5d', '5h' or '5 workdays')",
    ]


def test_the_default_limits_are_the_documented_ones() -> None:
    assert EscalationPolicy().describe() == [
        "red: acknowledge within 1 workday, dispose within 5 workdays",
        "orange: acknowledge within 2 workdays, dispose within 10 workdays",
        "yellow: acknowledge within 3 workdays, dispose within 15 workdays",
        "blue: acknowledge within 5 workdays, dispose within 20 workdays",
    ]


# -- mitigations ---------------------------------------------------------------------------


def mitigate(store: SqliteStore, until: datetime, **kw: object) -> str:
    args: dict[str, object] = {
        "ruleset": "funds",
        "rule": "self_approval",
        "subject": GRAPH.ref("person", "p_clerk"),
        "owner": "p_finhead",
        "reason": "已增设会签",
        "valid_until": until,
        "valid_from": at(1),
        "actor": "p_finhead",
        "at": at(1),
    }
    args.update(kw)
    return store.add_mitigation(**args).id  # type: ignore[arg-type]


def test_a_mitigated_rule_is_stored_as_mitigated_until_the_record_expires(
    store: SqliteStore,
) -> None:
    """While the record holds, p_clerk's self_approval warnings are mitigated
    (not open, never escalated); from valid_until on the rule warns again; other
    subjects and rules are not covered."""
    m = mitigate(store, until=at(10, 0))
    inside = warning("p_clerk", at(9, 23))
    after = warning("p_clerk", at(10, 0))
    other_subject = warning("p_clerk2", at(5))
    other_rule = warning("p_clerk", at(5), rule="split")
    result = store.put([inside, after, other_subject, other_rule], graph=GRAPH)
    assert result.mitigated == (inside.id,)
    stored = store.get(inside.id)
    assert (stored.state, stored.mitigation, stored.due) == (State.MITIGATED, m, None)
    assert {s.id for s in store.query(WarningQuery(states=(State.OPEN,)))} == {
        after.id,
        other_subject.id,
        other_rule.id,
    }
    assert inside.id not in {s.id for s in store.inbox("p_vmf", GRAPH, at(12)).list()}
    assert store.history(inside.id)[0].data["mitigation"] == m
    with pytest.raises(TransitionError, match=r"is mitigated .*none, mitigated is final"):
        store.transition(inside.id, Action.ACKNOWLEDGE, actor="p_vmf", at=at(12))


def test_a_revoked_record_covers_nothing_from_its_revocation(store: SqliteStore) -> None:
    m = mitigate(store, until=at(30))
    revoked = store.revoke_mitigation(m, actor="p_dcfin", note="会签流于形式", at=at(5))
    assert revoked.revoked_at == at(5)
    before, after = warning("p_clerk", at(4)), warning("p_clerk", at(6))
    store.put([before, after], graph=GRAPH)
    assert store.get(before.id).state is State.MITIGATED
    assert store.get(after.id).state is State.OPEN
    with pytest.raises(StoreError, match="was revoked already"):
        store.revoke_mitigation(m, actor="p_dcfin", note="again", at=at(6))
    assert [e.action for e in store.history(m)] == ["mitigation_added", "mitigation_revoked"]


def test_a_new_record_does_not_touch_warnings_already_stored(store: SqliteStore) -> None:
    store.put([W], graph=GRAPH)
    mitigate(store, until=at(30))
    assert store.get(W.id).state is State.OPEN


def test_an_expiring_record_raises_one_blue_reminder_to_supervisors_and_owner(
    store: SqliteStore,
) -> None:
    """Valid until 30 April 00:00, reminded 30 days before: 31 March 00:00. The
    reminder is routed like a warning about p_clerk, plus the owner, and comes
    once however often the store is asked."""
    m = mitigate(store, until=at(30, 0, month=4), kind=MitigationKind.ACCEPTANCE)
    assert store.remind_expiring(at(30, 23), graph=GRAPH) == []
    (reminder,) = store.remind_expiring(at(31, 0), graph=GRAPH)
    w = reminder.warning
    assert (w.level, w.rule, w.ruleset, w.time) == (
        Level.BLUE,
        "mitigation_expiring",
        "mitigations",
        at(31, 0),
    )
    assert w.message == (
        f"p_clerk 的 funds/self_approval 风险接受（{m}，责任人 p_finhead）"
        "于 2026-04-30T00:00:00+08:00 到期，请复核是否续期"
    )
    assert [(r.role, r.person.id) for r in w.recipients] == [
        ("line", "p_vmf"),
        ("discipline", "p_dcfin"),
        ("owner", "p_finhead"),
    ]
    assert store.remind_expiring(at(31, 12), graph=GRAPH) == []
    assert store.count(WarningQuery(rules=("mitigation_expiring",))) == 1


def test_a_revoked_record_is_not_reminded(store: SqliteStore) -> None:
    m = mitigate(store, until=at(30, 0, month=4))
    store.revoke_mitigation(m, actor="p_dcfin", note="撤销", at=at(20))
    assert store.remind_expiring(at(15, month=4), graph=GRAPH) == []


def test_records_are_listed_by_subject_and_by_when_they_hold(store: SqliteStore) -> None:
    first = mitigate(store, until=at(10))
    second = mitigate(store, until=at(20), valid_from=at(15))
    other = mitigate(store, until=at(20), subject=GRAPH.ref("person", "p_clerk2"))
    assert [m.id for m in store.mitigations()] == [first, second, other] == ["m-1", "m-2", "m-3"]
    assert [m.id for m in store.mitigations(active_at=at(16))] == [second, other]
    assert [m.id for m in store.mitigations(subject=GRAPH.ref("person", "p_clerk2"))] == [other]


def test_an_incomplete_record_is_refused_with_every_problem(store: SqliteStore) -> None:
    with pytest.raises(StoreError) as err:
        mitigate(store, until=at(10).replace(tzinfo=None), owner=" ", reason="")
    assert str(err.value).splitlines() == [
        "mitigation.owner: must not be empty",
        "mitigation.reason: must not be empty",
        "mitigation.valid_until: needs a time zone, got naive 2026-03-10T09:00:00",
    ]
    with pytest.raises(StoreError) as err:
        mitigate(store, until=at(1) - timedelta(hours=1))
    assert str(err.value) == (
        "mitigation.valid_until: must be after valid_from 2026-03-01T09:00:00+08:00, "
        "got 2026-03-01T08:00:00+08:00"
    )
    assert store.mitigations() == []


def test_recipient_order_keeps_routing_order(store: SqliteStore) -> None:
    """Recipients come back in the order routing gave them (role order), not sorted by id."""
    r: tuple[Recipient, ...] = W.recipients
    store.put([W])
    assert store.get(W.id).recipients == r
