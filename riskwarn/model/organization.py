"""The whole organization: every table, as loaded from files or built in code."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import field_validator

from riskwarn.model.common import Model, Text
from riskwarn.model.org import Body, Entity, Interest, Kinship, Person, Position, Tenure, Unit
from riskwarn.model.powers import Check, Power, Quota, Reorganization, SupervisionScope

__all__ = ["SECTIONS", "OrgInfo", "Organization"]


class OrgInfo(Model):
    """About the organization as a whole."""

    name: Text
    timezone: Text = "Asia/Shanghai"
    """Local time zone: an event time is turned into a local day with it."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone '{value}'") from None
        return value


class Organization(Model):
    """Every table of an organization. References between them are checked by
    `riskwarn.load_org` (or `riskwarn.check_org`), not by the constructor."""

    organization: OrgInfo
    units: tuple[Unit, ...] = ()
    positions: tuple[Position, ...] = ()
    bodies: tuple[Body, ...] = ()
    persons: tuple[Person, ...] = ()
    tenures: tuple[Tenure, ...] = ()
    kinship: tuple[Kinship, ...] = ()
    entities: tuple[Entity, ...] = ()
    interests: tuple[Interest, ...] = ()
    powers: tuple[Power, ...] = ()
    checks: tuple[Check, ...] = ()
    supervision: tuple[SupervisionScope, ...] = ()
    quotas: tuple[Quota, ...] = ()
    reorganizations: tuple[Reorganization, ...] = ()


SECTIONS: dict[str, type[Model]] = {
    "units": Unit,
    "positions": Position,
    "bodies": Body,
    "persons": Person,
    "tenures": Tenure,
    "kinship": Kinship,
    "entities": Entity,
    "interests": Interest,
    "powers": Power,
    "checks": Check,
    "supervision": SupervisionScope,
    "quotas": Quota,
    "reorganizations": Reorganization,
}
"""The list sections of an organization file and the model of one item."""
