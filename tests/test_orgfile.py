"""Specification of the organization-file loader (`load_org`) and checker (`check_org`)."""

from __future__ import annotations

import errno
import os
import shutil
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from riskwarn.errors import Location, OrgError, Problem
from riskwarn.model import (
    SECTIONS,
    AdminLevel,
    Body,
    BodyKind,
    Check,
    CheckKind,
    Entity,
    Function,
    Grade,
    Interest,
    InterestRole,
    Model,
    Move,
    Organization,
    OrgInfo,
    Person,
    Position,
    Power,
    PowerKind,
    Quorum,
    Reorganization,
    Risk,
    Stage,
    StageName,
    SupervisionRole,
    SupervisionScope,
    Tenure,
    Unit,
    UnitKind,
)
from riskwarn.orgfile import check_org, load_org

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid_org"
INVALID = DATA / "invalid_org"
DOCS = Path(__file__).parent.parent / "docs" / "org-format.md"

ORG_HEADER = "organization:\n  name: 示例县\n"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)
    return path


def load_error(*paths: str | os.PathLike[str]) -> str:
    with pytest.raises(OrgError) as info:
        load_org(*paths)
    return str(info.value)


# --- valid files ------------------------------------------------------------------


def test_a_folder_of_yaml_json_and_csv_files_loads_as_one_organization() -> None:
    """Items of every file of a folder are merged into one organization, file by file."""
    org = load_org(VALID)

    assert org.organization == OrgInfo(name="示例县", timezone="Asia/Shanghai")
    assert [len(getattr(org, s)) for s in SECTIONS] == [4, 4, 1, 4, 3, 1, 1, 1, 1, 2, 2, 2, 1]
    assert org.units[2] == Unit(
        id="finance_bureau",
        name="示例县财政局",
        kind=UnitKind.DEPARTMENT,
        level=AdminLevel.COUNTY,
        region="330102",
        parent="county_government",
        regulates=("public_finance",),
    )
    assert org.positions[3] == Position(
        id="budget_chief",
        name="预算股股长",
        unit="budget_section",
        grade=Grade.STAFF,
        functions=frozenset({Function.FINANCE, Function.APPROVAL}),
        key_post=True,
        reports_to="finance_director",
        start=date(2015, 1, 1),
    )
    assert org.bodies[0] == Body(
        id="bureau_meeting",
        name="财政局局务会",
        kind=BodyKind.BUREAU_AFFAIRS,
        unit="finance_bureau",
        members=("finance_director", "budget_chief"),
        quorum=Quorum(personnel_at_least=Fraction(3, 4)),
    )
    assert org.reorganizations == (
        Reorganization(
            at=date(2019, 3, 1),
            title="机构改革 (预算股改由县政府直管)",
            moves=(Move(unit="budget_section", parent="county_government"),),
        ),
    )


def test_json_documents_load_like_yaml() -> None:
    """A JSON file holds the same sections as a YAML file, nested values included."""
    org = load_org(VALID)

    assert org.powers == (
        Power(
            id="fund_allocation",
            name="专项资金分配",
            kind=PowerKind.FINANCE,
            risk=Risk.HIGH,
            unit="finance_bureau",
            stages={
                StageName.PROPOSAL: Stage(holders=("budget_chief",)),
                StageName.DECISION: Stage(holders=("bureau_meeting",), risk=Risk.MEDIUM),
                StageName.EXECUTION: Stage(holders=("budget_chief",)),
            },
        ),
    )
    assert org.supervision[1] == SupervisionScope(
        supervisor="party_secretary",
        role=SupervisionRole.DISCIPLINE,
        positions=("county_head", "finance_director"),
        include_subunits=False,
        start=date(2016, 1, 1),
    )


def test_csv_rows_load_with_empty_cells_left_out() -> None:
    """Each CSV row is an item; an empty cell leaves its field at the default."""
    org = load_org(VALID)

    assert org.persons == (
        Person(id="p_wang", name="王伟", birth_date=date(1970, 5, 12), origin_region="330102"),
        Person(id="p_li", name="李娜", birth_date=date(1975, 11, 3)),
        Person(id="p_zhang", name="张强", origin_region="330100"),
        Person(id="p_zhao", name="赵敏", birth_date=date(1998, 2, 20)),
    )
    assert org.tenures[1] == Tenure(
        person="p_li", position="finance_director", start=date(2012, 1, 1), end=date(2021, 1, 1)
    )
    assert org.interests == (
        Interest(
            person="p_zhao",
            entity="e_build",
            role=InterestRole.SHAREHOLDER,
            share=Fraction(3, 10),
            start=date(2019, 7, 1),
        ),
    )
    assert org.entities[0] == Entity(
        id="e_build",
        name="示例建设有限公司",
        sector="construction",
        legal_representative="p_zhao",
        credit_code="91330102MA2B3C4D5E",
    )
    assert org.checks[1] == Check(
        checker="bureau_meeting",
        power="fund_allocation",
        stage=StageName.PROPOSAL,
        kind=CheckKind.COLLECTIVE_DECISION,
    )


def test_a_folder_and_its_files_listed_in_path_order_give_the_same_organization() -> None:
    """Naming the files of a folder one by one, sorted, is the same as naming the folder."""
    files = sorted(p for p in VALID.iterdir() if p.is_file())

    assert load_org(*files) == load_org(VALID)


def test_files_are_merged_in_the_order_given(tmp_path: Path) -> None:
    """Explicit files are read in the order given, so their items come in that order."""
    write(tmp_path / "org.yaml", ORG_HEADER + "persons:\n  - id: p_yaml\n    name: 甲\n")
    write(tmp_path / "persons.csv", "id,name\np_csv,乙\n")

    org = load_org(tmp_path / "persons.csv", tmp_path / "org.yaml")

    assert [p.id for p in org.persons] == ["p_csv", "p_yaml"]


def test_a_csv_file_with_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """A UTF-8 byte-order mark, as Excel writes it, is not part of the first column name."""
    write(tmp_path / "org.yaml", ORG_HEADER)
    (tmp_path / "persons.csv").write_bytes("\ufeffid,name\r\np_wang,王伟\r\n".encode())

    assert load_org(tmp_path).persons == (Person(id="p_wang", name="王伟"),)


def test_a_file_reached_twice_is_loaded_once(tmp_path: Path) -> None:
    """A file named twice, or named and inside a named folder, is read once, at its first place."""
    shutil.copytree(VALID, tmp_path / "org")
    folder = tmp_path / "org"

    assert load_org(folder, folder / "persons.csv") == load_org(folder)
    assert load_org(folder / "persons.csv", folder) == load_org(
        folder / "persons.csv", *sorted(p for p in folder.iterdir() if p.name != "persons.csv")
    )
    assert load_org(folder / "org.yaml", folder / "org.yaml").organization.name == "示例县"


def test_a_folder_skips_hidden_files_hidden_folders_and_other_file_types(tmp_path: Path) -> None:
    """Hidden files and folders and files that are not YAML, JSON or CSV are not read."""
    write(tmp_path / "org.yaml", ORG_HEADER)
    write(tmp_path / ".draft.yaml", "not: [valid")
    write(tmp_path / ".git" / "persons.csv", "id,name\np_x,某\n")
    write(tmp_path / "README.md", "# notes")
    write(tmp_path / "people" / "persons.csv", "id,name\np_wang,王伟\n")

    assert load_org(tmp_path) == Organization(
        organization=OrgInfo(name="示例县"), persons=(Person(id="p_wang", name="王伟"),)
    )


def test_empty_files_and_empty_sections_contribute_nothing(tmp_path: Path) -> None:
    """An empty YAML, JSON or CSV file, a comment-only file and a null section add no item."""
    write(tmp_path / "org.yaml", ORG_HEADER + "units:\n# every unit commented out\n")
    write(tmp_path / "empty.yaml", "")
    write(tmp_path / "comments.yml", "# nothing yet\n")
    write(tmp_path / "empty.json", "")
    write(tmp_path / "persons.csv", "")
    write(tmp_path / "tenures.csv", "person,position,start\n\n,,\n")

    assert load_org(tmp_path) == Organization(organization=OrgInfo(name="示例县"))


def test_yaml_dates_need_no_quotes_and_stay_text_in_text_fields(tmp_path: Path) -> None:
    """An unquoted date is a date in a date field and plain text in a text field."""
    write(
        tmp_path / "org.yaml",
        ORG_HEADER + "persons:\n  - id: p_1\n    name: 2020-01-01\n    birth_date: 1990-01-02\n",
    )

    assert load_org(tmp_path).persons == (
        Person(id="p_1", name="2020-01-01", birth_date=date(1990, 1, 2)),
    )


# --- errors -----------------------------------------------------------------------


def _invalid_cases() -> list[str]:
    return sorted(p.stem for p in INVALID.glob("*.expected"))


def _case_path(case: str) -> str:
    """The file or folder of a case; the case name itself when nothing has it (a missing path)."""
    entries = [
        p.name
        for p in INVALID.iterdir()
        if p.suffix != ".expected" and (p.name == case if p.is_dir() else p.stem == case)
    ]
    return entries[0] if entries else case


@pytest.mark.parametrize("case", _invalid_cases())
def test_an_invalid_organization_reports_every_problem_located_and_sorted(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each case in tests/data/invalid_org raises an OrgError whose text is `<case>.expected`.

    Paths in messages are shown as given: the case is loaded from within the folder.
    """
    expected = (INVALID / f"{case}.expected").read_text(encoding="utf-8")
    monkeypatch.chdir(INVALID)

    assert load_error(_case_path(case)) + "\n" == expected


def test_the_error_holds_one_located_problem_per_issue(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each problem carries its file, line and field path apart from its message."""
    monkeypatch.chdir(INVALID)
    with pytest.raises(OrgError) as info:
        load_org("several_problems")

    assert info.value.problems[0] == Problem(
        Location("several_problems/org.yaml", 14, path="positions[0].reports_to"),
        "no position 'county_head'",
    )
    assert [(p.location.file, p.location.line) for p in info.value.problems] == [
        ("several_problems/org.yaml", 14),
        ("several_problems/org.yaml", 18),
        ("several_problems/persons.json", 4),
        ("several_problems/persons.json", 4),
        ("several_problems/tables/tenures.csv", 3),
    ]


def test_load_org_needs_a_path() -> None:
    """Calling load_org with no path is an error, not an empty organization."""
    assert load_error() == "load_org needs at least one file or folder"


def test_a_file_that_cannot_be_read_is_reported(tmp_path: Path) -> None:
    """A file found in a folder but not readable (here a dangling link) is a problem."""
    write(tmp_path / "org.yaml", ORG_HEADER)
    (tmp_path / "units.yaml").symlink_to(tmp_path / "gone.yaml")

    reason = os.strerror(errno.ENOENT)
    assert load_error(tmp_path) == f"{tmp_path / 'units.yaml'}: cannot read: {reason}"


def test_a_huge_csv_cell_is_reported_as_invalid_csv(tmp_path: Path) -> None:
    """A cell over the csv module's size limit is an invalid-CSV problem at its row."""
    write(tmp_path / "org.yaml", ORG_HEADER)
    write(tmp_path / "persons.csv", "id,name\np_1," + "x" * 200_000 + "\n")

    assert load_error(tmp_path) == (
        f"{tmp_path / 'persons.csv'}:2: invalid CSV: field larger than field limit (131072)"
    )


def test_a_document_nested_too_deeply_is_reported(tmp_path: Path) -> None:
    """A pathologically nested document is a problem, not a crash."""
    write(tmp_path / "org.yaml", ORG_HEADER)
    write(tmp_path / "units.yaml", "units: " + "[" * 400 + "]" * 400 + "\n")

    assert load_error(tmp_path) == f"{tmp_path / 'units.yaml'}: syntax error: nested too deeply"


# --- check_org ----------------------------------------------------------------------


def test_check_org_finds_nothing_in_a_consistent_organization() -> None:
    """The example organization is consistent: no problem."""
    assert check_org(load_org(VALID)) == []


def _unit(id_: str, **fields: str) -> Unit:
    return Unit(
        id=id_,
        name=id_,
        kind=UnitKind.DEPARTMENT,
        level=AdminLevel.COUNTY,
        region="330102",
        **fields,
    )


def test_check_org_locates_problems_by_field_path_only() -> None:
    """Problems of an organization built in Python name a field path and no file."""
    org = Organization(
        organization=OrgInfo(name="示例县"),
        units=(_unit("finance_bureau"), _unit("audit_bureau", parent="audit_bureau")),
        positions=(
            Position(id="director", name="局长", unit="finance_burea", grade=Grade.SECTION_MAIN),
            Position(id="director", name="副局长", unit="finance_bureau", grade=Grade.STAFF),
        ),
        powers=(
            Power(
                id="fund",
                name="资金",
                kind=PowerKind.FINANCE,
                risk=Risk.HIGH,
                unit="finance_bureau",
                stages={StageName.DECISION: Stage(holders=("director", "meeting"))},
            ),
        ),
        checks=(
            Check(
                checker="director", power="fund", stage=StageName.EXECUTION, kind=CheckKind.REVIEW
            ),
        ),
        persons=(Person(id="p_wang", name="王伟"),),
        tenures=(
            Tenure(person="p_wang", position="director", start=date(2020, 1, 1)),
            Tenure(person="p_li", position="director", start=date(2020, 1, 1)),
        ),
    )

    assert check_org(org) == [
        Problem(
            Location(path="positions[1].id"),
            "duplicate position id 'director' (first at positions[0])",
        ),
        Problem(Location(path="units[1].parent"), "a unit cannot be its own parent"),
        Problem(
            Location(path="positions[0].unit"),
            "no unit 'finance_burea' (did you mean 'finance_bureau'?)",
        ),
        Problem(Location(path="tenures[1].person"), "no person 'p_li'"),
        Problem(
            Location(path="powers[0].stages.decision.holders[1]"), "no position or body 'meeting'"
        ),
        Problem(
            Location(path="checks[0].stage"),
            "power 'fund' has no stage 'execution' (it has: decision)",
        ),
    ]
    assert str(check_org(org)[0]) == (
        "positions[1].id: duplicate position id 'director' (first at positions[0])"
    )


def test_check_org_names_cycles_and_dates_outside_a_period() -> None:
    """A parent cycle is named once, from its first unit; a tenure before its post is located."""
    org = Organization(
        organization=OrgInfo(name="示例县"),
        units=(_unit("a", parent="b"), _unit("b", parent="c"), _unit("c", parent="a")),
        positions=(
            Position(
                id="director", name="局长", unit="a", grade=Grade.STAFF, start=date(2012, 3, 1)
            ),
        ),
        persons=(Person(id="p_wang", name="王伟"),),
        tenures=(Tenure(person="p_wang", position="director", start=date(2010, 1, 1)),),
    )

    assert [str(p) for p in check_org(org)] == [
        "units[0].parent: parent cycle a -> b -> c -> a (a unit cannot be its own ancestor)",
        "tenures[0].start: tenure starts 2010-01-01, "
        "before position 'director' exists (from 2012-03-01)",
    ]


# --- docs ---------------------------------------------------------------------------


def test_the_format_reference_names_every_section_and_field() -> None:
    """docs/org-format.md documents every section and every field of its items, nested ones too."""
    text = DOCS.read_text(encoding="utf-8")
    models: dict[str, type[Model]] = {
        "organization": OrgInfo,
        **SECTIONS,
        "quorum": Quorum,
        "stages": Stage,
        "moves": Move,
    }
    undocumented = [
        f"{name}.{field}"
        for name, model in models.items()
        for field in model.model_fields
        if f"`{name}`" not in text or f"`{field}`" not in text
    ]

    assert undocumented == []


def test_moves_and_kinship_are_checked_for_consistency() -> None:
    """A move into a unit that does not exist yet, two moves of one thing on one day,
    and a pair declared as spouses and as parent and child are all reported."""
    from riskwarn import check_org
    from tests.orgs import make_org, person, pos, unit

    org = make_org(
        units=[unit("a"), unit("b", start="2025-01-01"), unit("c")],
        positions=[pos("p", "a")],
        persons=[person("x"), person("y")],
        kinship=[
            {"person": "x", "relative": "y", "relation": "spouse"},
            {"person": "y", "relative": "x", "relation": "parent"},
        ],
        reorganizations=[
            {
                "at": "2020-01-01",
                "title": "r",
                "moves": [{"position": "p", "unit": "b"}, {"position": "p", "unit": "c"}],
            }
        ],
    )
    assert [str(p) for p in check_org(org)] == [
        "reorganizations[0].moves[0].unit: move dated 2020-01-01, before unit 'b' exists (from 2025-01-01)",
        "reorganizations[0].moves[1].unit: position 'p' has its unit moved twice on 2020-01-01 (also reorganizations[0].moves[0])",
        "kinship[1].relation: 'x' and 'y' are related as spouse in kinship[0]; got child (both read as what 'y' is to 'x')",
    ]


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    """A few hundred bytes of nested YAML aliases are refused instead of expanding to 10^8 values."""
    bomb = tmp_path / "bomb.yaml"
    lines = ["organization: {name: x}", "persons:", "  - &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"  - &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(OrgError) as err:
        load_org(bomb)
    assert str(err.value) == f"{bomb}:1: the document expands to too many values (YAML aliases?)"
