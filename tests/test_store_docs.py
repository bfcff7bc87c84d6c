"""docs/store.md cannot rot: its commands and Python run as shown, its tables
are the code's, and its example messages are the ones the store gives."""

from __future__ import annotations

import re
import shlex
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskwarn.cli import main
from riskwarn.store import Disposition, EscalationPolicy, State
from riskwarn.store.lifecycle import TRANSITIONS

REPO = Path(__file__).resolve().parent.parent
DOC = (REPO / "docs" / "store.md").read_text(encoding="utf-8")
REMINDER = "rw-610b59a12612631ae8f0"


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC, re.S)


def table(header: str) -> list[list[str]]:
    """The rows of the table under ``header``, cells stripped of spaces and backticks."""
    section = DOC.split(header, 1)[1].split("\n\n", 1)[0]
    lines = [ln for ln in section.splitlines() if ln.startswith("|")][1:]  # after |---|
    return [[c.strip().strip("`") for c in ln.strip("|").split("|")] for ln in lines]


def cli(args: list[str], store: Path) -> tuple[int, str, str]:
    fixed = [
        str(store) if a == "inbox.db" else str(REPO / a) if a.startswith("examples/") else a
        for a in args
    ]
    result = CliRunner().invoke(main, fixed)
    return result.exit_code, result.stdout, result.stderr


def commands() -> list[list[str]]:
    """The quick start's command lines, continuations joined, without ``riskwarn``."""
    text = blocks("sh")[0].replace("\\\n", " ")
    return [shlex.split(line)[1:] for line in text.splitlines() if line.strip()]


def test_the_quick_start_commands_run_as_written(tmp_path: Path) -> None:
    store = tmp_path / "inbox.db"
    run = commands()
    assert [c[0] for c in run] == ["run", "inbox", "inbox", "inbox", "inbox", "inbox", "audit"]
    for args in run:
        code, out, err = cli(args, store)
        assert code == 0, (args, err)
    assert "3 warning(s) stored in" in cli(run[0], store)[2]
    code, out, _ = cli(
        [
            "inbox",
            "show",
            REMINDER,
            "--store",
            "inbox.db",
            "--org",
            "examples/county/org",
            "--as",
            "p053",
        ],
        store,
    )
    assert f"{REMINDER}  blue (蓝色)  disposed (已处置)" in out


def test_the_python_examples_run_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quick start, then the mitigation example, in one namespace."""
    (tmp_path / "examples").symlink_to(REPO / "examples")
    monkeypatch.chdir(tmp_path)
    python = blocks("python")
    assert len(python) == 3
    namespace: dict[str, object] = {}
    exec(python[0], namespace)  # quick start
    exec(python[2], namespace)  # mitigation
    exec(python[1], {})  # the policy, in a store of its own
    conn = sqlite3.connect(tmp_path / "inbox.db")
    states = dict(conn.execute("SELECT id, state FROM warnings"))
    assert sorted(states.values()) == ["disposed", "open", "open"]
    assert conn.execute("SELECT id, kind FROM mitigations").fetchall() == [("m-1", "acceptance")]


def test_the_state_table_is_the_code() -> None:
    assert [(r[0], r[1]) for r in table("| state | 中文 | means |")] == [
        (s.value, s.zh) for s in State
    ]


def test_the_transition_table_is_the_code() -> None:
    documented = [
        (start, action.split("`")[0].strip(), end)
        for start, action, end in table("| from | action | to |")
    ]
    assert documented == [
        (state.value, action.value, target.value)
        for state, moves in TRANSITIONS.items()
        for action, target in moves.items()
    ]


def test_the_disposition_table_is_the_code() -> None:
    assert [tuple(r) for r in table("| disposition | 中文 |")] == [
        (d.value, d.zh) for d in Disposition
    ]


def test_the_default_limits_are_documented() -> None:
    documented = [
        f"{lv}: acknowledge within {ack}, dispose within {dis}"
        for lv, ack, dis in table("| level | acknowledge within | dispose within |")
    ]
    assert documented == EscalationPolicy().describe()


def example(after: str) -> str:
    """The one-line code block after ``after``."""
    block = re.search(r"```\n(.*?)\n```", DOC.split(after, 1)[1], re.S)
    assert block is not None
    return block.group(1)


@pytest.fixture
def quick(tmp_path: Path) -> Path:
    store = tmp_path / "inbox.db"
    code, _, err = cli(commands()[0], store)
    assert code == 0, err
    return store


def inbox(store: Path, *args: str) -> tuple[int, str, str]:
    return cli(["inbox", *args, "--store", "inbox.db", "--org", "examples/county/org"], store)


def test_the_transition_error_is_the_stores(quick: Path) -> None:
    assert inbox(quick, "ack", REMINDER, "--as", "p053")[0] == 0
    code, _, err = inbox(quick, "close", REMINDER, "--as", "p053")
    assert code == 1
    assert err.strip() == example("closing the acknowledged reminder of the\nquick start):")


def test_the_access_error_is_the_stores(quick: Path) -> None:
    code, _, err = inbox(quick, "show", "rw-1fe2fd1ab6fd423524fc", "--as", "p061")
    assert code == 1
    assert err.strip() == example("asks for p102's warning\n(natural resources):")


def test_the_audit_error_is_the_stores(quick: Path) -> None:
    at = ["--at", "2026-05-08T10:00:00+08:00"]
    assert inbox(quick, "ack", REMINDER, "--as", "p053", *at)[0] == 0
    conn = sqlite3.connect(quick, isolation_level=None)
    conn.execute("DROP TRIGGER audit_append_only_update")
    conn.execute("UPDATE audit SET actor = 'p061' WHERE seq = 6")
    conn.close()
    code, _, err = cli(["audit", "verify", "inbox.db"], quick)
    assert code == 1
    shown = example("(acknowledged with `--at 2026-05-08T10:00:00+08:00`):")
    assert err.strip() == shown.replace("inbox.db", str(quick))
