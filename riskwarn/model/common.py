"""Shared building blocks of the models: the strict frozen base, ids, periods."""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    model_validator,
)

__all__ = [
    "Id",
    "Model",
    "Period",
    "Ratio",
    "Region",
    "StrictBool",
    "StrictFloat",
    "StrictInt",
    "StrictStr",
    "Text",
]


class Model(BaseModel):
    """Base of every riskwarn model: frozen, unknown keys refused.

    Scalars are strict (a quoted ``"30"`` is not a number, ``"yes"`` is not a
    boolean); enums, dates and sequences accept their JSON spellings.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


Id = Annotated[str, StringConstraints(strict=True, pattern=r"^[\w.\-]+$", max_length=200)]
"""An identifier: letters (any script), digits, ``_``, ``.`` and ``-``."""

Text = Annotated[str, StringConstraints(strict=True, min_length=1)]
"""A non-empty string."""

Region = Annotated[str, StringConstraints(strict=True, pattern=r"^\d{6}$")]
"""A GB/T 2260 administrative division code: six digits, ``330000`` province,
``330100`` city, ``330102`` county."""


def _ratio(value: Any) -> Any:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise ValueError("a ratio such as '2/3' or 0.5 is expected")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(value).limit_denominator(1000)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*/\s*\d+\s*|\s*\d*\.?\d+\s*", value):
        try:
            return Fraction(value.replace(" ", ""))
        except ZeroDivisionError:
            pass
    raise ValueError("a ratio such as '2/3' or 0.5 is expected")


Ratio = Annotated[
    Fraction,
    BeforeValidator(_ratio),
    Field(ge=0, le=1),
    PlainSerializer(lambda f: f"{f.numerator}/{f.denominator}", return_type=str),
]
"""A share between 0 and 1, written ``"2/3"`` or ``0.5``; kept exact."""


class Period(Model):
    """A validity period: from ``start`` (inclusive) to ``end`` (exclusive).

    ``end`` is the first day on which the thing no longer holds (the day of the
    removal or the next appointment). Either may be omitted: open at that side.
    """

    start: date | None = None
    end: date | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError(f"end {self.end} must be after start {self.start}")
        return self

    def active(self, day: date) -> bool:
        """Whether the period covers ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)
