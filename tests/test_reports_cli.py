"""``riskwarn report``: writes a reader's report, wants a reader or --admin, and
turns bad input into one clear message and exit status 1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from riskwarn.cli import main
from tests.test_reports import EDU, articles, page, store_files


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return store_files(tmp_path)


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_the_report_command_writes_a_readers_report(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    db, org = files
    out = tmp_path / "r.html"
    result = run(
        "report",
        "--store",
        str(db),
        "--org",
        str(org),
        "--as",
        "p_vme",
        "--at",
        "2026-04-30",
        "--from",
        "2026-03-01",
        "--to",
        "2026-04-30",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"{out}: 3 warning(s) for 孙丽（副县长（教育））, 3 shown in detail\n"
    assert sorted(articles(page(out.read_text(encoding="utf-8")))) == sorted(EDU)


def test_the_report_command_wants_a_reader_or_admin(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    db, org = files
    base = ["report", "--store", str(db), "--org", str(org), "--out", str(tmp_path / "r.html")]
    for extra in ([], ["--as", "p_vme", "--admin"]):
        result = run(*base, *extra)
        assert result.exit_code == 2
        assert "give either --as PERSON (their view) or --admin (everything)" in result.output


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--admin", "--from", "2026-13-01"],
            "--from: expected a day (2026-06-30), got '2026-13-01'\n",
        ),
        (
            ["--admin", "--from", "2026-04-02", "--to", "2026-04-01"],
            "--to: the period ends on 2026-04-01, before it starts (--from 2026-04-02)\n",
        ),
        (
            ["--admin", "--at", "noon"],
            "--at: expected a day (2026-06-30) or a time (2026-06-30T18:00:00+08:00), got 'noon'\n",
        ),
    ],
)
def test_bad_report_options_are_one_clear_message(
    files: tuple[Path, Path], tmp_path: Path, extra: list[str], message: str
) -> None:
    db, org = files
    result = run(
        "report", "--store", str(db), "--org", str(org), "--out", str(tmp_path / "r.html"), *extra
    )
    assert (result.exit_code, result.output) == (1, message)


def test_an_unknown_reader_is_named(files: tuple[Path, Path], tmp_path: Path) -> None:
    db, org = files
    result = run(
        "report",
        "--store",
        str(db),
        "--org",
        str(org),
        "--as",
        "p_nobody",
        "--out",
        str(tmp_path / "r.html"),
    )
    assert result.exit_code == 1
    assert "p_nobody" in result.output
    assert not (tmp_path / "r.html").exists()


def test_an_unwritable_output_is_named(files: tuple[Path, Path], tmp_path: Path) -> None:
    db, org = files
    out = tmp_path / "missing" / "r.html"
    result = run("report", "--store", str(db), "--org", str(org), "--admin", "--out", str(out))
    assert result.exit_code == 1
    assert result.output.startswith(f"{out}: cannot write (")
