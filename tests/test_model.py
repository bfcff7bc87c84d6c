"""The models: strict scalars, exact ratios, periods, moves, statutory kinship,
deterministic warning ids, and JSON round trips."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from riskwarn.model import (
    Interest,
    Level,
    Move,
    Position,
    Quorum,
    Ref,
    Relation,
    RelationClass,
    Tenure,
    warning_id,
)


def messages(exc: ValidationError) -> list[str]:
    return [e["msg"] for e in exc.errors()]


def test_scalars_are_strict_and_unknown_keys_refused() -> None:
    """A quoted boolean is not a boolean, and a misspelt key is an error, not ignored."""
    with pytest.raises(ValidationError) as err:
        Position.model_validate(
            {"id": "p", "name": "n", "unit": "u", "grade": "staff", "principal": "yes", "levle": 1}
        )
    assert [e["type"] for e in err.value.errors()] == ["bool_type", "extra_forbidden"]


def test_ratios_are_exact_and_accept_fractions_or_decimals() -> None:
    """'2/3' stays two thirds exactly; 0.5 is one half; values outside 0..1 are refused."""
    q = Quorum.model_validate({"personnel_at_least": "2/3", "pass_more_than": 0.5})
    assert q.personnel_at_least == Fraction(2, 3)
    assert q.model_dump(mode="json") == {
        "convene_more_than": "1/2",
        "personnel_at_least": "2/3",
        "pass_more_than": "1/2",
    }
    with pytest.raises(ValidationError):
        Quorum.model_validate({"pass_more_than": "3/2"})
    with pytest.raises(ValidationError):
        Quorum.model_validate({"pass_more_than": True})


def test_a_period_ends_after_it_starts_and_end_is_exclusive() -> None:
    """end must follow start; active() covers start and excludes end."""
    t = Tenure(person="a", position="p", start=date(2020, 1, 1), end=date(2021, 1, 1))
    assert t.active(date(2020, 1, 1)) and not t.active(date(2021, 1, 1))
    with pytest.raises(ValidationError) as err:
        Tenure(person="a", position="p", start=date(2020, 1, 1), end=date(2020, 1, 1))
    assert messages(err.value) == ["Value error, end 2020-01-01 must be after start 2020-01-01"]
    with pytest.raises(ValidationError) as err:
        Tenure.model_validate({"person": "a", "position": "p"})
    assert messages(err.value) == ["Value error, a tenure needs a start date"]


@pytest.mark.parametrize(
    ("move", "error"),
    [
        (
            {"position": "p", "parent": "u"},
            "a position move takes unit and/or reports_to, not parent",
        ),
        ({"position": "p"}, "a position move needs a new unit or reports_to"),
        ({"unit": "u", "reports_to": "p"}, "a unit move takes parent, not reports_to"),
        ({"unit": "u"}, "a unit move needs a new parent"),
        ({}, "a move needs a position or a unit"),
    ],
)
def test_a_move_names_what_moves_and_where(move: dict[str, str], error: str) -> None:
    """Each malformed reorganization move says what is wrong."""
    with pytest.raises(ValidationError) as err:
        Move.model_validate(move)
    assert messages(err.value) == [f"Value error, {error}"]


def test_share_is_only_for_owners_and_shareholders() -> None:
    """A director has no share."""
    with pytest.raises(ValidationError) as err:
        Interest.model_validate({"person": "a", "entity": "e", "role": "director", "share": 0.1})
    assert messages(err.value) == [
        "Value error, share is only for owner or shareholder, not director"
    ]


@pytest.mark.parametrize("relation", list(Relation))
def test_every_relation_has_an_inverse_in_the_same_class(relation: Relation) -> None:
    """Seen from the other side a relation inverts, stays in its statutory class, and inverts back."""
    assert relation.inverse.inverse == relation
    assert relation.inverse.relation_class == relation.relation_class
    assert relation.zh


def test_the_statutory_classes_are_as_the_law_lists_them() -> None:
    """公务员法 第74条: spouse, lineal kin, collateral kin within three generations, close in-laws."""
    by_class = {
        c: sorted(r.value for r in Relation if r.relation_class == c) for c in RelationClass
    }
    assert by_class == {
        RelationClass.SPOUSE: ["spouse"],
        RelationClass.LINEAL: ["child", "grandchild", "grandparent", "parent"],
        RelationClass.COLLATERAL: ["cousin", "nephew_niece", "sibling", "uncle_aunt"],
        RelationClass.IN_LAW: [
            "child_in_law",
            "child_spouse_parent",
            "collateral_spouse",
            "parent_in_law",
            "sibling_spouse",
            "spouse_collateral",
            "spouse_sibling",
            "spouse_sibling_spouse",
        ],
    }


def test_warning_ids_depend_on_what_identifies_the_finding_only() -> None:
    """Same inputs give the same id; a different key, level or subject gives another; set order does not matter."""
    subject = Ref(kind="person", id="a", name="甲")
    base = warning_id("structural", "r", Level.RED, subject, ("p", frozenset({"x", "y"})))
    assert base == warning_id("structural", "r", Level.RED, subject, ("p", frozenset({"y", "x"})))
    assert base != warning_id(
        "structural", "r", Level.ORANGE, subject, ("p", frozenset({"x", "y"}))
    )
    assert base != warning_id(
        "structural",
        "r",
        Level.RED,
        subject.model_copy(update={"id": "b"}),
        ("p", frozenset({"x", "y"})),
    )
    assert base.startswith("rw-") and len(base) == 23


ids = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)


@given(
    ids,
    st.text(min_size=1, max_size=10),
    st.sampled_from(["staff", "county_main", "section_deputy"]),
    st.booleans(),
    st.frozensets(st.sampled_from(["finance", "audit", "personnel"])),
)
def test_positions_round_trip_through_json(
    pid: str, name: str, grade: str, principal: bool, functions: frozenset[str]
) -> None:
    """Dumping a model to JSON and validating it back gives an equal model."""
    p = Position.model_validate(
        {
            "id": pid,
            "name": name,
            "unit": "u",
            "grade": grade,
            "principal": principal,
            "functions": sorted(functions),
        }
    )
    assert Position.model_validate_json(p.model_dump_json()) == p
