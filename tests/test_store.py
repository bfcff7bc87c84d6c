"""The SQLite warning store: idempotent writing, suppression summaries, the read
side (by recipient, unit, level, category, state, period), tallies, the engine
sink, settings kept with the store, and its versioned schema."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from riskwarn.errors import RiskwarnError
from riskwarn.model import Level
from riskwarn.store import (
    MIGRATIONS,
    EscalationPolicy,
    Migration,
    SqliteStore,
    State,
    StoreError,
    StoreSink,
    WarningQuery,
)
from riskwarn.store.sqlite.schema import migrate, schema_version
from tests.engine_helpers import engine, ev, events, rule, ruleset
from tests.test_store_org import GRAPH, at, policy, warning


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "w.db", policy=policy()) as s:
        yield s


def ids(found: list) -> list[str]:  # type: ignore[type-arg]
    return [s.warning.subject.id for s in found]


# -- writing ---------------------------------------------------------------------------


def test_the_store_file_is_created_on_first_use_with_the_current_schema(tmp_path: Path) -> None:
    """A path that does not exist yet becomes a store at the latest schema version."""
    path = tmp_path / "sub" / "w.db"
    path.parent.mkdir()
    with SqliteStore(path) as s:
        assert s.version == len(MIGRATIONS) == 1
        assert s.count() == 0
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version FROM schema_version").fetchall() == [(1,)]


def test_writing_the_same_warnings_again_stores_each_once(store: SqliteStore) -> None:
    """Replaying a run gives the same ids; the second write changes nothing."""
    batch = [warning("p_clerk", at(2)), warning("p_educlerk", at(3))]
    first = store.put(batch, graph=GRAPH)
    again = store.put(batch, graph=GRAPH)
    assert (len(first.new), first.unchanged) == (2, 0)
    assert (again.new, again.updated, again.unchanged) == ((), (), 2)
    assert store.count() == 2
    assert [e.action for e in store.audit()].count("stored") == 2


def test_a_suppression_summary_updates_the_stored_count_and_evidence(store: SqliteStore) -> None:
    """Same id, higher count: the stored warning now stands for every occurrence;
    a lower count (the first emission replayed) leaves it alone."""
    first = warning("p_clerk", at(2))
    summary = first.model_copy(update={"count": 4})
    store.put([first], graph=GRAPH)
    result = store.put([summary], graph=GRAPH)
    assert result.updated == (first.id,)
    assert store.get(first.id).warning.count == 4
    assert store.put([first], graph=GRAPH).unchanged == 1
    assert store.get(first.id).warning.count == 4
    (entry,) = [e for e in store.history(first.id) if e.action == "count"]
    assert dict(entry.data) == {"count": 4, "previous": 1}


def test_a_batch_holding_a_warning_and_its_summary_keeps_the_summary(store: SqliteStore) -> None:
    """Within one batch the highest count of an id wins, and the id is stored once."""
    first = warning("p_clerk", at(2))
    result = store.put([first, first.model_copy(update={"count": 3})], graph=GRAPH)
    assert result.new == (first.id,)
    assert store.get(first.id).warning.count == 3


def test_a_new_warning_is_open_with_its_recipients_units_and_first_deadline(
    store: SqliteStore,
) -> None:
    """A yellow warning on Monday 2 March 09:00 must be acknowledged within 3
    working days: Tuesday, Wednesday, Thursday, so by Friday 6 March 00:00."""
    w = warning("p_clerk", at(2))
    store.put([w], graph=GRAPH)
    stored = store.get(w.id)
    assert stored.state is State.OPEN
    assert stored.level is Level.YELLOW
    assert stored.warning == w
    assert [(a.tier, a.recipient.person.id) for a in stored.assignments] == [
        (0, "p_vmf"),
        (0, "p_dcfin"),
    ]
    assert stored.units == ("fin_budget",)
    assert stored.due == at(6, 0)


def test_put_refuses_what_is_not_a_warning(store: SqliteStore) -> None:
    with pytest.raises(StoreError, match="put: expected RiskWarning, got dict"):
        store.put([{"id": "x"}])  # type: ignore[list-item]


def test_get_names_an_unknown_id(store: SqliteStore) -> None:
    with pytest.raises(StoreError) as err:
        store.get("rw-nope")
    assert str(err.value) == f"{store.path}: no warning 'rw-nope'"


# -- reading ---------------------------------------------------------------------------


@pytest.fixture
def filled(store: SqliteStore) -> SqliteStore:
    store.put(
        [
            warning("p_clerk", at(2), level=Level.RED),
            warning("p_clerk2", at(3), rule="split", level=Level.ORANGE),
            warning("p_finhead", at(4), ruleset="cadres", rule="rush"),
            warning("p_educlerk", at(5), level=Level.BLUE),
            warning("edu", at(6), kind="unit", ruleset="cadres", rule="quota"),
        ],
        graph=GRAPH,
    )
    return store


def test_query_by_recipient(filled: SqliteStore) -> None:
    """Warnings routed to p_dcedu: those about edu and its staff."""
    assert ids(filled.query(WarningQuery(recipient="p_dcedu"))) == ["p_educlerk", "edu"]


def test_query_by_unit_with_and_without_subunits(filled: SqliteStore) -> None:
    """fin with subunits takes in the budget section's clerks; fin alone only its head."""
    assert ids(filled.query(WarningQuery(units=("fin",)))) == ["p_clerk", "p_clerk2", "p_finhead"]
    assert ids(filled.query(WarningQuery(units=("fin",), include_subunits=False))) == ["p_finhead"]
    assert ids(filled.query(WarningQuery(units=("gov",)))) == [
        "p_clerk",
        "p_clerk2",
        "p_finhead",
        "p_educlerk",
        "edu",
    ]


def test_query_by_level_category_rule_and_period(filled: SqliteStore) -> None:
    assert ids(filled.query(WarningQuery(levels=(Level.RED, Level.BLUE)))) == [
        "p_clerk",
        "p_educlerk",
    ]
    assert ids(filled.query(WarningQuery(categories=("测试",)))) == ["p_finhead", "edu"]
    assert ids(filled.query(WarningQuery(rules=("split", "quota")))) == ["p_clerk2", "edu"]
    assert ids(filled.query(WarningQuery(since=at(3), until=at(5)))) == ["p_clerk2", "p_finhead"]


def test_query_orders_and_pages(filled: SqliteStore) -> None:
    """Severity: red, orange, yellow (oldest first), blue; pages by limit and offset."""
    assert ids(filled.query(WarningQuery(order="severity"))) == [
        "p_clerk",
        "p_clerk2",
        "p_finhead",
        "edu",
        "p_educlerk",
    ]
    assert ids(filled.query(WarningQuery(order="-time", limit=2, offset=1))) == [
        "p_educlerk",
        "p_finhead",
    ]


def test_query_by_subject_and_state(filled: SqliteStore) -> None:
    assert ids(filled.query(WarningQuery(subject=("unit", "edu")))) == ["edu"]
    assert filled.query(WarningQuery(states=(State.CLOSED,))) == []


def test_tally_counts_by_level_category_state_and_unit(filled: SqliteStore) -> None:
    every = WarningQuery()
    assert filled.tally(every, "level") == {"yellow": 2, "blue": 1, "orange": 1, "red": 1}
    assert filled.tally(every, "category") == {"资金": 3, "测试": 2}
    assert filled.tally(every, "state") == {"open": 5}
    assert filled.tally(every, "unit") == {"edu": 2, "fin_budget": 2, "fin": 1}
    assert filled.tally(WarningQuery(units=("fin",)), "rule") == {
        "rush": 1,
        "self_approval": 1,
        "split": 1,
    }


def test_a_bad_query_is_refused(store: SqliteStore) -> None:
    with pytest.raises(StoreError, match=r"query\.order: expected one of time, -time, severity"):
        store.query(WarningQuery(order="name"))  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="tally: expected one of"):
        store.tally(WarningQuery(), "colour")  # type: ignore[arg-type]


def test_without_an_organization_a_warning_has_no_units(store: SqliteStore) -> None:
    """Written without a graph, a warning keeps its recipients but no units."""
    w = warning("p_clerk", at(2))
    store.put([w])
    assert store.get(w.id).units == ()
    assert store.query(WarningQuery(units=("fin",))) == []
    assert ids(store.query(WarningQuery(recipient="p_vmf"))) == ["p_clerk"]


# -- the engine sink ---------------------------------------------------------------------

BIG = rule(
    "big",
    when={"event": "req", "if": "req.amount > params.big"},
    subject="req.who",
    suppress={"for": "7d"},
)


def test_the_sink_stores_what_the_engine_emits_including_summaries(store: SqliteStore) -> None:
    """A flood of four becomes one stored warning with count 4; another subject's
    warning is stored beside it; the engine's output and the store agree. Flushed
    one at a time, the summary updates the warning stored before it."""
    items = [ev(f"r{i}", "req", at(2 + i), ref="A", amount=500, who="p_clerk") for i in range(4)]
    items.append(ev("q", "req", at(20), ref="B", amount=500, who="p_educlerk"))
    sink = StoreSink(store, GRAPH, flush_every=1)
    e = engine(ruleset(BIG), org=GRAPH, sinks=[sink])
    emitted = list(e.process(events(e, items)))
    sink.flush()
    assert [(w.subject.id, w.count) for w in emitted] == [
        ("p_clerk", 1),
        ("p_clerk", 4),
        ("p_educlerk", 1),
    ]
    stored = store.query()
    assert [(s.warning.subject.id, s.warning.count) for s in stored] == [
        ("p_clerk", 4),
        ("p_educlerk", 1),
    ]
    assert stored[0].units == ("fin_budget",)
    assert (sink.new, sink.updated, sink.unchanged) == (2, 1, 0)


def test_the_sink_reports_each_committed_flush(store: SqliteStore) -> None:
    """on_stored sees every committed batch; what it was told is in the store."""
    told: list[str] = []
    sink = StoreSink(store, GRAPH, flush_every=2, on_stored=lambda r: told.extend(r.new))
    for day in range(2, 7):
        sink(warning("p_clerk", at(day)))
    assert len(told) == 4  # two flushes of two; the fifth waits
    assert {s.id for s in store.query()} == set(told)
    sink.flush()
    assert len(told) == 5


def test_the_sink_escalates_in_event_time_when_asked(store: SqliteStore) -> None:
    """With escalate=True the clock is the latest warning time: a yellow warning of
    2 March unacknowledged by Friday 6 March 00:00 is orange once a warning of
    9 March has been written."""
    sink = StoreSink(store, GRAPH, flush_every=1, escalate=True)
    first = warning("p_clerk", at(2))
    sink(first)
    assert store.get(first.id).level is Level.YELLOW
    sink(warning("p_educlerk", at(9)))
    assert store.get(first.id).level is Level.ORANGE


# -- settings and schema -------------------------------------------------------------------


def test_the_policy_is_kept_with_the_store_for_every_later_opener(tmp_path: Path) -> None:
    """Opened once with red limits of 4h/2d, the store applies them when opened
    without a policy; the change is in the audit log."""
    path = tmp_path / "w.db"
    custom = EscalationPolicy({"red": {"acknowledge": "4h", "dispose": "2d"}}, calendar=None)
    SqliteStore(path, policy=custom, remind_days=10).close()
    with SqliteStore(path) as again:
        assert str(again.policy.limits[Level.RED].acknowledge) == "4h"
        assert str(again.policy.limits[Level.RED].dispose) == "2d"
        assert again.policy.calendar.name == "chinese"
        assert again.remind_days == 10
        actions = [(e.entity, e.entity_id) for e in again.audit()]
        assert actions == [("settings", "remind_days"), ("settings", "escalation")]
        w = warning("p_clerk", at(2), level=Level.RED)
        again.put([w])
        assert again.get(w.id).due == at(2, 13)


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("not a database at all, just some text " * 50)
    with pytest.raises(
        StoreError, match=r"notes.db: not a riskwarn store \(file is not a database\)"
    ):
        SqliteStore(junk)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE invoices (n INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError) as err:
        SqliteStore(other)
    assert str(err.value) == (
        f"{other}: not a riskwarn store: an SQLite database with other tables (invoices) "
        "and no schema_version table"
    )


def test_a_later_migration_is_applied_once_and_keeps_the_data(tmp_path: Path) -> None:
    """A store at version 1 opened by code with a second step reaches version 2,
    its warnings intact; opening again applies nothing."""
    path = tmp_path / "w.db"
    w = warning("p_clerk", at(2))
    with SqliteStore(path) as s:
        s.put([w], graph=GRAPH)
    step = Migration(2, "a note per warning", ("ALTER TABLE warnings ADD COLUMN note TEXT",))
    with SqliteStore(path, migrations=(*MIGRATIONS, step)) as s:
        assert s.version == 2
        assert s.get(w.id).warning == w
    conn = sqlite3.connect(path, isolation_level=None)
    assert conn.execute("SELECT version, description FROM schema_version").fetchall() == [
        (1, MIGRATIONS[0].description),
        (2, "a note per warning"),
    ]
    assert migrate(conn, (*MIGRATIONS, step)) == 2
    assert schema_version(conn) == 2


def test_a_store_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    step = Migration(2, "later", ("CREATE TABLE later (x INTEGER)",))
    SqliteStore(path, migrations=(*MIGRATIONS, step)).close()
    with pytest.raises(StoreError) as err:
        SqliteStore(path)
    assert str(err.value) == (
        f"{path}: the store has schema version 2, newer than this riskwarn knows (1): "
        "use a newer riskwarn"
    )


def test_a_failing_migration_is_rolled_back_whole(tmp_path: Path) -> None:
    """A step whose second statement fails leaves no trace of its first."""
    path = tmp_path / "w.db"
    SqliteStore(path).close()
    step = Migration(2, "broken", ("CREATE TABLE half (x INTEGER)", "ALTER TABLE nope ADD y"))
    with pytest.raises(StoreError, match=r"schema migration 2 \(broken\) failed: no such table"):
        SqliteStore(path, migrations=(*MIGRATIONS, step))
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half" not in tables
    assert schema_version(conn) == 1


def test_store_errors_are_riskwarn_errors() -> None:
    assert issubclass(StoreError, RiskwarnError)
