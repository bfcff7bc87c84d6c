"""The lifecycle of a stored warning and its hash-chained audit log: allowed and
refused changes, dispositions, and tampering that `riskwarn audit verify` finds."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskwarn.cli import main
from riskwarn.store import (
    Action,
    Disposition,
    SqliteStore,
    State,
    StoreError,
    TransitionError,
)
from riskwarn.store.audit import GENESIS, chain_hash
from riskwarn.store.lifecycle import TRANSITIONS, next_state
from tests.test_store_org import GRAPH, at, policy, warning

W = warning("p_clerk", at(2))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "w.db", policy=policy()) as s:
        s.put([W], graph=GRAPH)
        yield s


def walk(store: SqliteStore, *steps: tuple[Action, Disposition | None, str | None]) -> State:
    state = store.get(W.id).state
    for hour, (action, disposition, note) in enumerate(steps, start=10):
        state = store.transition(
            W.id, action, actor="p_vmf", at=at(3, hour), note=note, disposition=disposition
        ).state
    return state


def test_the_full_path_open_to_closed_is_recorded_step_by_step(store: SqliteStore) -> None:
    """open → acknowledged → verifying → disposed (诫勉) → closed, each step an
    audit entry with who, when, from, to and the note."""
    final = walk(
        store,
        (Action.ACKNOWLEDGE, None, "收到"),
        (Action.VERIFY, None, "调取凭证"),
        (Action.DISPOSE, Disposition.ADMONISHMENT, "对当事人诫勉"),
        (Action.CLOSE, None, None),
    )
    assert final is State.CLOSED
    stored = store.get(W.id)
    assert stored.disposition is Disposition.ADMONISHMENT
    assert stored.disposition_note == "对当事人诫勉"
    assert stored.acknowledged_at == at(3, 10)
    assert stored.disposed_at == at(3, 12)
    assert stored.due is None
    trail = [
        (e.actor, e.at, e.action, e.from_state, e.to_state, e.note) for e in store.history(W.id)
    ]
    assert trail == [
        ("riskwarn", at(2), "stored", None, "open", None),
        ("p_vmf", at(3, 10), "acknowledge", "open", "acknowledged", "收到"),
        ("p_vmf", at(3, 11), "verify", "acknowledged", "verifying", "调取凭证"),
        ("p_vmf", at(3, 12), "dispose", "verifying", "disposed", "对当事人诫勉"),
        ("p_vmf", at(3, 13), "close", "disposed", "closed", None),
    ]
    assert dict(store.history(W.id)[3].data) == {"disposition": "admonishment"}


def test_an_illegal_change_is_refused_naming_state_change_and_allowed_ones(
    store: SqliteStore,
) -> None:
    with pytest.raises(TransitionError) as err:
        store.transition(W.id, Action.CLOSE, actor="p_vmf", at=at(3))
    assert str(err.value) == (
        f"warning '{W.id}' is open (待处理): cannot close (办结) it; "
        "allowed: acknowledge (→ acknowledged)"
    )
    walk(store, (Action.ACKNOWLEDGE, None, None))
    with pytest.raises(TransitionError) as err:
        store.transition(W.id, Action.REOPEN, actor="p_vmf", at=at(4), note="x")
    assert str(err.value) == (
        f"warning '{W.id}' is acknowledged (已签收): cannot reopen (退回重新核实) it; "
        "allowed: verify (→ verifying), dispose (→ disposed)"
    )
    assert store.get(W.id).state is State.ACKNOWLEDGED
    assert [e.action for e in store.history(W.id)] == ["stored", "acknowledge"]


def test_a_closed_warning_takes_no_more_changes(store: SqliteStore) -> None:
    walk(
        store,
        (Action.ACKNOWLEDGE, None, None),
        (Action.DISPOSE, Disposition.CIRCULAR, None),
        (Action.CLOSE, None, None),
    )
    with pytest.raises(TransitionError, match=r"is closed .*allowed: none, closed is final"):
        store.transition(W.id, Action.ACKNOWLEDGE, actor="p_vmf", at=at(5))


def test_no_violation_needs_a_reason(store: SqliteStore) -> None:
    """予以了结 without saying why is refused; with a reason it is recorded."""
    walk(store, (Action.ACKNOWLEDGE, None, None))
    for note in (None, "  "):
        with pytest.raises(TransitionError) as err:
            store.transition(
                W.id,
                Action.DISPOSE,
                actor="p_vmf",
                at=at(4),
                disposition=Disposition.NO_VIOLATION,
                note=note,
            )
        assert str(err.value) == (
            f"warning '{W.id}': disposition no_violation (予以了结) needs a reason: "
            "why the matter is not a violation"
        )
    stored = store.transition(
        W.id,
        Action.DISPOSE,
        actor="p_vmf",
        at=at(4),
        disposition=Disposition.NO_VIOLATION,
        note="经核实系正常审批",
    )
    assert (stored.state, stored.disposition_note) == (State.DISPOSED, "经核实系正常审批")


def test_dispose_needs_a_disposition_and_only_dispose_takes_one(store: SqliteStore) -> None:
    walk(store, (Action.ACKNOWLEDGE, None, None))
    with pytest.raises(TransitionError, match="dispose needs a disposition, one of reminder_talk"):
        store.transition(W.id, Action.DISPOSE, actor="p_vmf", at=at(4))
    with pytest.raises(TransitionError, match="a disposition goes with dispose, not with verify"):
        store.transition(
            W.id, Action.VERIFY, actor="p_vmf", at=at(4), disposition=Disposition.INQUIRY
        )


def test_reopening_sends_a_disposed_warning_back_and_restarts_its_clock(
    store: SqliteStore,
) -> None:
    """A reopened warning is verifying again, without its disposition, and its
    dispose deadline counts from the reopening: 15 working days from Monday 9
    March is the end of Monday 30 March."""
    walk(
        store,
        (Action.ACKNOWLEDGE, None, None),
        (Action.DISPOSE, Disposition.REMINDER_TALK, None),
    )
    stored = store.transition(W.id, Action.REOPEN, actor="p_dcfin", at=at(9), note="复核不充分")
    assert (stored.state, stored.disposition, stored.clock) == (State.VERIFYING, None, at(9))
    assert stored.due == at(31, 0)


def test_every_disposition_has_its_chinese_term_and_parses_from_either() -> None:
    assert [(d.value, d.zh) for d in Disposition] == [
        ("reminder_talk", "提醒谈话"),
        ("inquiry", "谈话函询"),
        ("admonishment", "诫勉"),
        ("rectification", "责令整改"),
        ("circular", "通报"),
        ("referral", "移送纪检监察"),
        ("no_violation", "予以了结"),
    ]
    assert Disposition.parse("诫勉") is Disposition.ADMONISHMENT
    assert Disposition.parse("referral") is Disposition.REFERRAL
    with pytest.raises(StoreError, match="got 'admonish' \\(did you mean 'admonishment'\\?\\)"):
        Disposition.parse("admonish")


def test_the_transition_table_allows_exactly_the_documented_changes() -> None:
    """Every (state, action) pair: allowed ones lead where the table says, the rest raise."""
    allowed = {
        (State.OPEN, Action.ACKNOWLEDGE): State.ACKNOWLEDGED,
        (State.ACKNOWLEDGED, Action.VERIFY): State.VERIFYING,
        (State.ACKNOWLEDGED, Action.DISPOSE): State.DISPOSED,
        (State.VERIFYING, Action.DISPOSE): State.DISPOSED,
        (State.DISPOSED, Action.CLOSE): State.CLOSED,
        (State.DISPOSED, Action.REOPEN): State.VERIFYING,
    }
    assert {(s, a): t for s, moves in TRANSITIONS.items() for a, t in moves.items()} == allowed
    for state in State:
        for action in Action:
            disposition = Disposition.CIRCULAR if action is Action.DISPOSE else None
            if (state, action) in allowed:
                assert next_state("w", state, action, disposition) is allowed[(state, action)]
            else:
                with pytest.raises(TransitionError):
                    next_state("w", state, action, disposition)


def test_a_change_before_the_warning_arose_or_without_a_time_zone_is_refused(
    store: SqliteStore,
) -> None:
    with pytest.raises(StoreError, match="is before the warning arose"):
        store.transition(W.id, Action.ACKNOWLEDGE, actor="p_vmf", at=at(1))
    with pytest.raises(StoreError, match="at: expected an aware datetime"):
        store.transition(W.id, Action.ACKNOWLEDGE, actor="p_vmf", at=at(3).replace(tzinfo=None))


# -- the audit log ---------------------------------------------------------------------


def verify(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["audit", "verify", str(path)])
    return result.exit_code, result.stdout + result.stderr


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A store with two warnings and a few changes: eight entries."""
    path = tmp_path / "w.db"
    with SqliteStore(path, policy=policy()) as s:
        s.put([W, warning("p_educlerk", at(2))], graph=GRAPH)
        for hour, (action, disposition) in enumerate(
            [(Action.ACKNOWLEDGE, None), (Action.DISPOSE, Disposition.RECTIFICATION)], start=10
        ):
            s.transition(W.id, action, actor="p_vmf", at=at(3, hour), disposition=disposition)
    return path


def tamper(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_append_only_update")
    conn.execute("DROP TRIGGER audit_append_only_delete")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def test_an_intact_log_verifies(history: Path) -> None:
    code, out = verify(history)
    assert code == 0
    assert out.startswith(f"{history}: audit log intact: 6 entries, head ")


def test_each_entry_hash_covers_the_previous_hash_and_its_content(history: Path) -> None:
    with SqliteStore(history) as s:
        entries = list(s.audit())
    prev = GENESIS
    for entry in entries:
        assert entry.prev == prev
        assert entry.hash == chain_hash(prev, entry.content())
        prev = entry.hash


def test_the_log_refuses_updates_and_deletes_through_sqlite(history: Path) -> None:
    """Append-only triggers stop an accidental edit; tampering must drop them first."""
    conn = sqlite3.connect(history)
    with pytest.raises(sqlite3.IntegrityError, match="the audit log is append-only"):
        conn.execute("UPDATE audit SET note = 'x' WHERE seq = 4")
    with pytest.raises(sqlite3.IntegrityError, match="the audit log is append-only"):
        conn.execute("DELETE FROM audit WHERE seq = 4")


def test_an_edited_entry_is_found(history: Path) -> None:
    """Rewriting who acknowledged is caught at that entry."""
    tamper(history, "UPDATE audit SET actor = 'p_mayor' WHERE seq = 5")
    code, out = verify(history)
    assert code == 1
    assert out == (
        f"{history}: audit entry #5 2026-03-03T10:00:00+08:00 acknowledge warning {W.id} "
        "by p_mayor: its content does not match its hash (edited after it was written)\n"
    )


def test_an_edited_entry_with_a_recomputed_hash_is_found_at_the_next(history: Path) -> None:
    """Whoever recomputes the edited entry's hash breaks the link of the one after."""
    with SqliteStore(history) as s:
        entry = list(s.audit())[4]
    forged = replace(entry, actor="p_mayor").sealed(entry.prev)
    tamper(history, f"UPDATE audit SET actor = 'p_mayor', hash = '{forged.hash}' WHERE seq = 5")
    code, out = verify(history)
    assert code == 1
    assert "audit entry #6 " in out
    assert "it does not follow entry #5" in out


def test_a_deleted_entry_is_found(history: Path) -> None:
    tamper(history, "DELETE FROM audit WHERE seq = 5")
    code, out = verify(history)
    assert code == 1
    assert f"audit entry #6 2026-03-03T11:00:00+08:00 dispose warning {W.id} by p_vmf: " in out
    assert "entry #5 is missing (removed)" in out


def test_entries_removed_at_the_end_are_found(history: Path) -> None:
    tamper(history, "DELETE FROM audit WHERE seq = 6")
    code, out = verify(history)
    assert code == 1
    assert "the log ends at entry #5 but the store recorded 6 entries" in out


def test_a_state_changed_outside_the_store_is_found(history: Path) -> None:
    """Closing a warning by editing its row leaves its history ending elsewhere."""
    tamper(history, f"UPDATE warnings SET state = 'closed' WHERE id = '{W.id}'")
    code, out = verify(history)
    assert code == 1
    assert out == (
        f"{history}: warning '{W.id}' is closed/yellow but its history ends "
        "disposed/yellow (changed outside the store)\n"
    )


def test_a_deleted_warning_is_found(history: Path) -> None:
    tamper(
        history,
        f"DELETE FROM recipients WHERE warning_id = '{W.id}'",
        f"DELETE FROM subject_units WHERE warning_id = '{W.id}'",
        f"DELETE FROM subject_positions WHERE warning_id = '{W.id}'",
        f"DELETE FROM conflicts WHERE warning_id = '{W.id}'",
        f"DELETE FROM warnings WHERE id = '{W.id}'",
    )
    code, out = verify(history)
    assert code == 1
    assert f"warning '{W.id}' has a history but is gone (deleted)" in out


def test_verify_on_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    code, out = verify(tmp_path / "nothing.db")
    assert code == 2
    assert "does not exist" in out
