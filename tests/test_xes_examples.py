"""The public logs of examples/bpic2020, examples/wabo and examples/bpic2012: each
imports whole under its built-in mapping with the published numbers of cases and
events, and the examples print the counts their READMEs show. Skipped when the data
folder ($RISKWARN_DATA, default /work/shared/data) is absent."""

from __future__ import annotations

import importlib.util
import itertools
import os
import re
from pathlib import Path
from types import ModuleType

import pytest

from riskwarn.compiler import event_types
from riskwarn.events import Quarantine
from riskwarn.rules.loader import load_ruleset
from riskwarn.xes import load_mapping, read_xes

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("RISKWARN_DATA", "/work/shared/data"))

# cases and events as the data's publishers give them (4TU.ResearchData; the
# READMEs next to the files)
PUBLISHED = [
    ("bpic2020/DomesticDeclarations.xes.gz", "bpic2020", "reimbursement", 10_500, 56_437),
    ("bpic2020/InternationalDeclarations.xes.gz", "bpic2020", "reimbursement", 6_449, 72_151),
    ("bpic2020/PermitLog.xes.gz", "bpic2020", "reimbursement", 7_065, 86_581),
    ("bpic2020/PrepaidTravelCost.xes.gz", "bpic2020", "reimbursement", 2_099, 18_246),
    ("bpic2020/RequestForPayment.xes.gz", "bpic2020", "reimbursement", 6_886, 36_796),
    ("receipt_wabo/receipt.xes.gz", "wabo", "permits", 1_434, 8_577),
    ("bpic2012/BPI_Challenge_2012.xes.gz", "bpic2012", "loans", 13_087, 262_200),
]


def _needs(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path} is not here (set RISKWARN_DATA to the data folder)")


@pytest.mark.parametrize(
    ("log", "mapping", "ruleset", "cases", "events"),
    PUBLISHED,
    ids=[Path(p[0]).name.split(".")[0] for p in PUBLISHED],
)
def test_a_public_log_imports_whole_with_its_published_counts(
    log: str, mapping: str, ruleset: str, cases: int, events: int
) -> None:
    """Every event accepted, in time order; none refused, none skipped."""
    _needs(DATA / log)
    types = event_types([load_ruleset(ROOT / "rulesets" / f"{ruleset}.yaml")])
    quarantine = Quarantine()
    xes = read_xes(DATA / log, load_mapping(mapping), types, quarantine=quarantine)
    times = [event.time for event in xes]
    assert (xes.stats.traces, xes.stats.read, len(times)) == (cases, events, events)
    assert (quarantine.count, xes.stats.skipped) == (0, 0)
    assert all(a <= b for a, b in itertools.pairwise(times))


def _example(name: str) -> ModuleType:
    path = ROOT / "examples" / name / "run.py"
    spec = importlib.util.spec_from_file_location(f"example_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _table(text: str) -> dict[str, dict[str, str]]:
    """The first Markdown table of ``text`` whose header starts with ``rule``, as
    row name → column name → cell."""
    lines = text[text.index("| rule |") :].splitlines()
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    rows: dict[str, dict[str, str]] = {}
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0]] = dict(zip(header[1:], cells[1:], strict=True))
    return rows


def test_the_wabo_example_prints_the_counts_of_its_readme(
    capsys: pytest.CaptureFixture[str],
) -> None:
    module = _example("wabo")
    _needs(module.LOG)
    assert module.main() == 0
    printed = capsys.readouterr().out
    readme = (ROOT / "examples" / "wabo" / "README.md").read_text(encoding="utf-8")
    assert _table(printed) == _table(readme)
    first_lines = re.findall(r"^  \S+: .+$", printed, re.M)
    assert all(line in readme for line in first_lines)


def test_the_bpic2020_example_prints_the_counts_of_its_readme_for_one_log(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """PrepaidTravelCost, the smallest of the five logs: its column of the table."""
    module = _example("bpic2020")
    _needs(module.DATA / "PrepaidTravelCost.xes.gz")
    assert module.main(["PrepaidTravelCost"]) == 0
    printed = _table(capsys.readouterr().out)
    readme = _table((ROOT / "examples" / "bpic2020" / "README.md").read_text(encoding="utf-8"))
    assert {rule: cells["PrepaidTravelCost"] for rule, cells in printed.items()} == {
        rule: cells["PrepaidTravelCost"] for rule, cells in readme.items()
    }


@pytest.mark.parametrize("name", ["bpic2020", "wabo", "bpic2012"])
def test_an_example_without_its_data_says_so_and_succeeds(
    name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RISKWARN_DATA", str(tmp_path))
    module = _example(name)
    assert (module.main([]) if name == "bpic2020" else module.main()) == 0
    assert capsys.readouterr().out.startswith(f"skipped: {tmp_path}")
