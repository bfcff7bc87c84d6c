"""Crash and re-run: the engine writes to a store through a `StoreSink` in a
subprocess that dies mid-run (SIGKILL from outside, or ``os._exit`` in the middle
of a write transaction). Everything the sink reported as stored is in the store,
nothing half-written is, the audit log verifies, and re-running the same events
completes the store exactly as one clean run does: nothing lost, nothing twice.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from riskwarn.store import SqliteStore

REPO = Path(__file__).resolve().parent.parent

WORKER = r'''
"""Run the engine over a few hundred events into STORE; print each committed flush."""
import json
import os
import sys
import time
from datetime import timedelta

from riskwarn.store import SqliteStore, StoreSink
from tests.engine_helpers import engine, ev, events, rule, ruleset
from tests.test_store_org import GRAPH, at

path, mode = sys.argv[1], sys.argv[2]
PEOPLE = ["p_clerk", "p_clerk2", "p_educlerk", "p_finhead", "p_eduhead"]
RULES = ruleset(
    rule("big", when={"event": "req", "if": "req.amount > params.big"}, subject="req.who"),
    rule(
        "flood",
        level="orange",
        when={"event": "req"},
        subject="req.who",
        suppress={"for": "2d"},
    ),
)
ITEMS = [
    ev(
        f"r{i}",
        "req",
        at(2) + timedelta(minutes=45 * i),
        ref=f"R{i}",
        amount=50 + (i * 97) % 200,
        who=PEOPLE[i % len(PEOPLE)],
    )
    for i in range(400)
]

store = SqliteStore(path)
flushes = 0


def stored(result):
    global flushes
    flushes += 1
    print(json.dumps(list(result.new) + list(result.updated)), flush=True)
    if mode == "slow":
        time.sleep(0.05)
    if mode == "die-mid-write" and flushes == 3:
        def trace(sql):
            if sql.startswith("INSERT INTO audit"):  # warnings written, audit not, no COMMIT
                os._exit(3)
        store._conn.set_trace_callback(trace)


sink = StoreSink(store, GRAPH, flush_every=7, on_stored=stored)
e = engine(RULES, org=GRAPH, sinks=[sink])
for _ in e.process(events(e, ITEMS)):
    pass
sink.flush()
print("done", flush=True)
'''


def run(tmp_path: Path, store: Path, mode: str) -> subprocess.Popen[str]:
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, str(script), str(store), mode],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str]) -> list[str]:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return out.splitlines()


def contents(path: Path) -> dict[str, tuple[int, str, str, tuple[str, ...]]]:
    """Each stored warning: count, state, level, recipients."""
    with SqliteStore(path) as s:
        return {
            w.id: (
                w.warning.count,
                w.state.value,
                w.level.value,
                tuple(r.person.id for r in w.recipients),
            )
            for w in s.query()
        }


def stored_entries(path: Path) -> list[str]:
    with SqliteStore(path) as s:
        return [e.entity_id for e in s.audit() if e.action == "stored"]


def reported(lines: list[str]) -> set[str]:
    return {wid for line in lines if line.startswith("[") for wid in json.loads(line)}


@pytest.fixture(scope="module")
def reference(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[int, str, str, tuple[str, ...]]]:
    """One clean run: what the store must hold in the end."""
    tmp = tmp_path_factory.mktemp("reference")
    path = tmp / "clean.db"
    lines = finish(run(tmp, path, "normal"))
    assert lines[-1] == "done"
    found = contents(path)
    assert len(found) > 300  # a few hundred warnings, some of them suppression summaries
    assert any(count > 1 for count, *_ in found.values())
    return found


def test_a_run_killed_from_outside_loses_nothing_it_reported_and_a_rerun_completes(
    tmp_path: Path, reference: dict[str, tuple[int, str, str, tuple[str, ...]]]
) -> None:
    path = tmp_path / "w.db"
    proc = run(tmp_path, path, "slow")
    assert proc.stdout is not None
    lines = []
    while len(lines) < 5:
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else ""
        lines.append(line.strip())
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    after_crash = contents(path)
    assert reported(lines) <= set(after_crash)
    assert len(after_crash) < len(reference)
    with SqliteStore(path) as s:
        assert s.verify_audit().ok

    lines = finish(run(tmp_path, path, "normal"))
    assert lines[-1] == "done"
    assert contents(path) == reference
    entries = stored_entries(path)
    assert sorted(entries) == sorted(set(entries)) == sorted(reference)
    with SqliteStore(path) as s:
        assert s.verify_audit().ok


def test_a_crash_inside_a_write_transaction_leaves_nothing_half_written(
    tmp_path: Path, reference: dict[str, tuple[int, str, str, tuple[str, ...]]]
) -> None:
    """The process exits after the fourth batch's warnings were inserted but
    before its audit entries and commit: the store holds exactly the three
    batches reported, and the re-run completes it."""
    path = tmp_path / "w.db"
    proc = run(tmp_path, path, "die-mid-write")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 3, err
    lines = out.splitlines()
    assert len(lines) == 3
    after_crash = contents(path)
    assert set(after_crash) == reported(lines)
    assert sorted(stored_entries(path)) == sorted(after_crash)
    with SqliteStore(path) as s:
        assert s.verify_audit().ok

    lines = finish(run(tmp_path, path, "normal"))
    assert contents(path) == reference
    entries = stored_entries(path)
    assert sorted(entries) == sorted(set(entries)) == sorted(reference)
