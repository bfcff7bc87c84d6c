"""docs/reports.md stays true: its quick start runs as written, prints what the
page says, and the circular excerpt it quotes is in the circular it makes."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskwarn.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    """The bodies of the fenced blocks tagged ``language`` ("" for untagged), in order."""
    found = []
    for tag, body in re.findall(r"^```(\w*)\n(.*?)^```$", DOC, flags=re.M | re.S):
        if tag == language:
            found.append(body)
    return found


def commands(block: str) -> list[list[str]]:
    """The block's commands, continuation lines joined, output redirections dropped."""
    joined = block.replace("\\\n", " ")
    found = []
    for line in joined.splitlines():
        words = shlex.split(line)
        if not words:
            continue
        assert words[0] == "riskwarn", line
        if ">" in words:
            words = words[: words.index(">")]
        found.append(words[1:])
    return found


def test_the_quick_start_runs_and_prints_what_the_page_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    quick, *_ = blocks("sh")
    printed = []
    for args in commands(quick):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, (args, result.output)
        if args[0] in ("report", "circular"):
            printed.append(result.output)
    expected = blocks("")[0]
    assert "".join(printed) == expected
    excerpt = next(b for b in blocks("markdown") if "### " in b)
    assert excerpt in Path("circular.md").read_text(encoding="utf-8")
    assert Path("report.html").stat().st_size > 10_000
