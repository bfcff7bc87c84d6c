"""The registry of event types: the built-ins, types declared as data, types registered
from Python."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Literal

import pytest
from pydantic import ValidationError

from riskwarn.errors import EventError, RulesetError
from riskwarn.events import (
    BUILTIN_TYPES,
    FIELD_TYPES,
    DecimalNumber,
    Event,
    EventTypes,
    Payment,
    read_events,
)
from riskwarn.model.common import Id

T0 = datetime(2024, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=8)))


def test_default_holds_the_builtins_and_each_registry_is_separate() -> None:
    """`EventTypes.default()` is a fresh registry of the built-ins: adding a type to one
    registry leaves the others alone."""
    one, other = EventTypes.default(), EventTypes()
    one.declare("fuel_fill", {"litres": "decimal"})

    assert list(other) == list(BUILTIN_TYPES)
    assert "fuel_fill" in one and "fuel_fill" not in other
    assert len(one) == len(BUILTIN_TYPES) + 1
    assert one.is_builtin("payment") and not one.is_builtin("fuel_fill")


def test_model_names_the_nearest_type_when_there_is_none() -> None:
    """A misspelt type name is an `EventError` with a suggestion."""
    with pytest.raises(EventError) as err:
        EventTypes().model("paymnet")
    assert str(err.value) == "unknown event type 'paymnet' (did you mean 'payment'?)"
    assert EventTypes().model("payment") is Payment


def test_declare_builds_an_event_model_from_type_names() -> None:
    """Each vocabulary name maps to a strict field; ``?`` makes a scalar default to
    ``None`` and a list default to empty."""
    types = EventTypes()
    model = types.declare(
        "fuel_fill",
        {
            "card": "id",
            "litres": "decimal",
            "station": "text?",
            "full": "bool",
            "pump": "int?",
            "day": "date",
            "paid_at": "datetime?",
            "drivers": "list[id]?",
            "notes": "list[text]",
        },
        doc="A fuel-card fill (加油).",
    )

    assert types.model("fuel_fill") is model
    assert model.__name__ == "FuelFill"
    assert model.__doc__ == "A fuel-card fill (加油)."
    event = model.model_validate(
        {
            "id": "f1",
            "time": T0,
            "card": "c-9",
            "litres": Decimal("45.5"),
            "full": True,
            "day": "2024-03-01",
            "notes": [],
        }
    )
    assert event.model_dump() == {
        "id": "f1",
        "type": "fuel_fill",
        "time": T0,
        "actor": None,
        "unit": None,
        "card": "c-9",
        "litres": Decimal("45.5"),
        "station": None,
        "full": True,
        "pump": None,
        "day": date(2024, 3, 1),
        "paid_at": None,
        "drivers": (),
        "notes": (),
    }
    with pytest.raises(ValidationError) as err:
        model.model_validate({"id": "f2", "time": T0, "card": "c", "litres": 1, "full": "yes"})
    assert [e["loc"] for e in err.value.errors()] == [("full",), ("day",), ("notes",)]


def test_declare_knows_the_documented_vocabulary() -> None:
    """The type names are exactly those documented."""
    assert list(FIELD_TYPES) == [
        "text",
        "int",
        "decimal",
        "bool",
        "date",
        "datetime",
        "id",
        "list[text]",
        "list[id]",
    ]


def test_declare_reports_every_problem_at_once_with_hints() -> None:
    """A declaration with several mistakes is one `RulesetError` listing them all, each
    at ``<type>.<field>``, with the nearest type name where there is one."""
    with pytest.raises(RulesetError) as err:
        EventTypes().declare(
            "fuel_fill",
            {
                "litres": "decmal",
                "price": "float",
                "station": "varchar",
                "id": "text",
                "Card": "id",
                "class": "text",
                "copy": "text",
                "model_no": "text",
                "count": 3,  # type: ignore[dict-item]
            },
        )
    assert str(err.value) == (
        "fuel_fill.litres: unknown field type 'decmal' (did you mean 'decimal'?)\n"
        "fuel_fill.price: unknown field type 'float' (did you mean 'decimal'?)\n"
        "fuel_fill.station: unknown field type 'varchar' (expected one of text, int, "
        "decimal, bool, date, datetime, id, list[text], list[id], and '?' for optional)\n"
        "fuel_fill.id: 'id' is an envelope field, which every event has "
        "(id, type, time, actor, unit)\n"
        "fuel_fill.Card: expected a field name (lowercase letters, digits and '_', "
        "starting with a letter, at most 64 characters), got 'Card'\n"
        "fuel_fill.class: expected a field name (lowercase letters, digits and '_', "
        "starting with a letter, at most 64 characters), got 'class' (a Python keyword)\n"
        "fuel_fill.copy: 'copy' is reserved (an attribute of every event)\n"
        "fuel_fill.model_no: 'model_no' is reserved (names starting with 'model_' belong "
        "to pydantic)\n"
        "fuel_fill.count: expected a type name such as 'text' or 'decimal?', got 3"
    )


@pytest.mark.parametrize(
    ("name", "fields", "message"),
    [
        ("payment", {}, "event type 'payment' is built in (choose another name)"),
        (
            "Fuel Fill",
            {},
            "expected an event type name (lowercase letters, digits and '_', starting with "
            "a letter, at most 64 characters), got 'Fuel Fill'",
        ),
        (
            "fuel_fill",
            ["litres"],
            "fuel_fill: expected a mapping of field name to type name, got a list",
        ),
    ],
)
def test_declare_refuses_a_bad_or_built_in_name_or_a_non_mapping(
    name: str, fields: object, message: str
) -> None:
    """The type name must be new and well formed; the fields a mapping."""
    with pytest.raises(RulesetError) as err:
        EventTypes().declare(name, fields)  # type: ignore[arg-type]
    assert str(err.value) == message


def test_declare_refuses_a_name_declared_already() -> None:
    """A custom type is declared once per registry."""
    types = EventTypes()
    types.declare("fuel_fill", {"litres": "decimal"})
    with pytest.raises(RulesetError) as err:
        types.declare("fuel_fill", {"litres": "decimal"})
    assert str(err.value) == "event type 'fuel_fill' is already registered"


class FuelCardFill(Event):
    """A fuel-card fill (加油卡加油)."""

    type: Literal["fuel_card_fill"] = "fuel_card_fill"
    card: Id
    litres: DecimalNumber


def test_register_adds_a_python_model_that_read_events_then_reads() -> None:
    """A registered subclass of `Event` is a type like the built-ins."""
    types = EventTypes()
    assert types.register("fuel_card_fill", FuelCardFill) is FuelCardFill

    line = (
        '{"id":"f1","type":"fuel_card_fill","time":"2024-03-01T09:30:00+08:00",'
        '"card":"c-9","litres":45.5}'
    )
    assert list(read_events([line], types)) == [
        FuelCardFill(id="f1", time=T0, card="c-9", litres=Decimal("45.5"))
    ]


def test_register_reports_every_problem_at_once() -> None:
    """A model whose ``type`` is not fixed to the name, that redefines an envelope field
    or has a badly named field is refused with every problem listed."""

    class Loose(Event):
        id: int  # type: ignore[assignment]
        Litres: DecimalNumber

    with pytest.raises(EventError) as err:
        EventTypes().register("fuel_card_fill", Loose)
    assert str(err.value) == (
        "fuel_card_fill.type: expected Loose to declare type: Literal['fuel_card_fill'] = "
        "'fuel_card_fill', got str with no default\n"
        "fuel_card_fill.id: 'id' is an envelope field and cannot be redefined\n"
        "fuel_card_fill.Litres: expected a field name (lowercase letters, digits and '_', "
        "starting with a letter, at most 64 characters), got 'Litres'"
    )


def test_register_refuses_a_model_of_another_name_or_not_an_event() -> None:
    """The model's fixed type must be the name registered; a non-Event is refused."""
    types = EventTypes()
    with pytest.raises(EventError) as err:
        types.register("fuel", FuelCardFill)
    assert str(err.value) == (
        "fuel.type: expected FuelCardFill to declare type: Literal['fuel'] = 'fuel', "
        "got Literal['fuel_card_fill'] = 'fuel_card_fill'"
    )
    with pytest.raises(EventError) as err:
        types.register("fuel", dict)  # type: ignore[arg-type]
    assert str(err.value) == "fuel: expected a subclass of Event, got dict"
    with pytest.raises(EventError) as err:
        types.register("payment", FuelCardFill)
    assert str(err.value).startswith("event type 'payment' is built in (choose another name)\n")
