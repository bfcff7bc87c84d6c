"""docs/rules.md cannot rot: its rulesets load, its templates parse, its errors are real."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from riskwarn.errors import RulesetError
from riskwarn.rules.loader import load_ruleset
from riskwarn.rules.template import parse_template

DOC = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
YAML_BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC, re.S)


def full_rulesets() -> list[str]:
    """The YAML blocks that are whole ruleset files (they have a top-level ``ruleset:``)."""
    return [b for b in YAML_BLOCKS if re.search(r"^ruleset:", b, re.M)]


def error_lines() -> list[str]:
    """The lines of the code block in the Errors section."""
    section = DOC.split("\n## Errors\n", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.S)
    assert block is not None
    return block.group(1).splitlines()


def test_the_doc_has_the_blocks_this_test_reads() -> None:
    """At least one full ruleset, one template fragment, and eight error lines."""
    assert len(full_rulesets()) >= 1
    assert len(YAML_BLOCKS) > len(full_rulesets())
    assert len(error_lines()) == 8


@pytest.mark.parametrize("block", full_rulesets())
def test_every_ruleset_in_the_doc_loads(block: str, tmp_path: Path) -> None:
    """Written to a file as shown, each example ruleset loads without a problem."""
    path = tmp_path / "example.yaml"
    path.write_text(block, encoding="utf-8")
    ruleset = load_ruleset(path)
    assert ruleset.rules


def test_every_template_in_the_doc_parses() -> None:
    """The message and message_en of every YAML block, fragments included, are valid templates."""
    found = 0
    for block in YAML_BLOCKS:
        for match in re.finditer(r"^\s*(?:message|message_en): (.+)$", block, re.M):
            text = YAML(typ="safe").load(match.group(1))
            assert parse_template(text).placeholders
            found += 1
    assert found >= 3


# A file that makes every mistake the Errors section shows, on the lines it shows.
FUNDS = """\
ruleset: funds
version: "1"
title: 资金与采购风险
title_en: Funds and procurement risks
params:
  large_fund: 500000
  open_tender: 2000000
rules:
  - id: self_approval
    title: 自批自付
    level: red
    category: 资金
    basis: 相互制约; ISO 37001 A.11
    when:
      event: payment
      if: payment.aprover == payment.initiator or related(payment.approver, payment.payee)
    subject: payment.approver
    message: "{payment.approver.name} 审批了自己发起的付款 {payment.amout} 元"
    suppress: {for: 30d, by: [subjet]}

  - id: large_fund_without_collective_decision
    title: 大额资金无集体决策
    level: red
    category: 三重一大
    basis: 三重一大
    when:
      event: payment
      if: payment.amount >= params.large_fnd
    unless:
      event: decision as d
      if: d.meeting_ref == payment.decision_ref
      within: 180d
    subject: payment.approver

  - id: split
    title: 化整为零
    level: red
    category: 采购
    basis: 政府采购法 第28条
    sum:
      event: purchse as p
      field: p.amount
      group_by: [p.fiscal_year, p.budget_item]
      within: 365d
      over: params.open_tender
  - id: rot
    title: 轮岗
    level: yellow
    category: 结构性风险
    basis: 公务员转任规定
    analyzer: {id: rotation_overdue, params: {limit_yeras: 3}}
  - id: bad
    title: t
    level: purple
    category: c
    basis: b
    when: {event: payment}
  - id: bad
    title: 重复
    level: red
    category: c
    basis: b
    when: {event: payment}
"""


def test_the_errors_section_is_what_the_loader_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading the file above gives exactly the lines of the Errors section, in order."""
    (tmp_path / "funds.yaml").write_text(FUNDS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RulesetError) as err:
        load_ruleset("funds.yaml")
    assert str(err.value).splitlines() == error_lines()
