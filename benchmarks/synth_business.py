"""Entities (enterprises, vendors, individual businesses ...) and the persons'
interests in them.

Holders are relatives of staff and business contacts, never staff. A relative
gets no interest in a sector regulated by an organ that a staff relative of
theirs has led, so a conflict of interest appears only where one is planted.
"""

from __future__ import annotations

import random
import string
from datetime import date
from fractions import Fraction

from synth_catalog import PLACE_CHARS, SECTOR_NAMES, SECTORS
from synth_draft import EXTRACT, Draft, Row

from riskwarn.model import EntityKind, InterestRole

__all__ = ["build_business"]

_ENTITIES_PER_PERSON = 0.12
_RELATIVE_HOLDER = 0.6
"""Chance that an interest is held by a staff relative rather than a business contact."""
_KINDS = (
    EntityKind.ENTERPRISE,
    EntityKind.INDIVIDUAL_BUSINESS,
    EntityKind.VENDOR,
    EntityKind.SOCIAL_ORGANIZATION,
    EntityKind.OTHER,
)
_KIND_WEIGHTS = (55, 25, 12, 4, 4)
_SUFFIX = {
    EntityKind.ENTERPRISE: "有限公司",
    EntityKind.INDIVIDUAL_BUSINESS: "经营部",
    EntityKind.VENDOR: "贸易有限公司",
    EntityKind.SOCIAL_ORGANIZATION: "协会",
    EntityKind.OTHER: "专业合作社",
}
_OTHER_ROLES = (InterestRole.DIRECTOR, InterestRole.MANAGER, InterestRole.EMPLOYEE)
_CODE_CHARS = string.digits + "ABCDEFGHJKLMNPQRTUWXY"
_FIRST_DAY = date(1995, 1, 1).toordinal()


def build_business(d: Draft, forbidden: list[set[str]], contacts_from: int) -> None:
    """Add entities and interests (about 0.3 interests per person).

    Persons from ``contacts_from`` on are business contacts; those between the
    staff and them are relatives.
    """
    rng = d.rng
    relatives = list(range(d.staff, contacts_from))
    contacts = list(range(contacts_from, d.persons)) or relatives
    regions = [a.region for a in d.areas]
    width = len(str(round(d.persons * _ENTITIES_PER_PERSON)))
    for number in range(1, round(d.persons * _ENTITIES_PER_PERSON) + 1):
        kind = rng.choices(_KINDS, _KIND_WEIGHTS)[0]
        sector = rng.choice(SECTORS)
        region = rng.choice(regions)
        start = rng.randint(_FIRST_DAY, EXTRACT - 30)
        eid = f"e{number:0{width}d}"
        row: Row = {
            "id": eid,
            "name": "".join(rng.sample(PLACE_CHARS, 2)) + SECTOR_NAMES[sector] + _SUFFIX[kind],
            "kind": kind,
            "sector": sector,
            "credit_code": "91" + region + "".join(rng.choices(_CODE_CHARS, k=10)),
            "start": date.fromordinal(start),
        }
        if rng.random() < 0.05:
            row["end"] = date.fromordinal(rng.randint(start + 1, EXTRACT))
        holders = _holders(
            d,
            forbidden,
            sector,
            relatives,
            contacts,
            1 if kind is EntityKind.INDIVIDUAL_BUSINESS else rng.randint(1, 5),
        )
        row["legal_representative"] = d.person_id(holders[0])
        if rng.random() < 0.7:
            row["address"] = f"示例省{''.join(rng.sample(PLACE_CHARS, 2))}路{rng.randint(1, 999)}号"
        if rng.random() < 0.4:
            row["bank_account"] = "".join(rng.choices(string.digits, k=19))
        d.entities.append(row)
        _interests(d, row, holders, kind)


def _holders(
    d: Draft,
    forbidden: list[set[str]],
    sector: str,
    relatives: list[int],
    contacts: list[int],
    count: int,
) -> list[int]:
    rng = d.rng
    out: list[int] = []
    for _ in range(count):
        person = rng.choice(contacts)
        if relatives and rng.random() < _RELATIVE_HOLDER:
            for _ in range(4):
                candidate = rng.choice(relatives)
                if sector not in forbidden[candidate]:
                    person = candidate
                    break
        if person not in out:
            out.append(person)
    return out


def _interests(d: Draft, entity: Row, holders: list[int], kind: EntityKind) -> None:
    rng = d.rng
    first = entity["start"].toordinal()
    last = entity["end"].toordinal() if "end" in entity else EXTRACT
    owners = 1 if kind is EntityKind.INDIVIDUAL_BUSINESS else rng.randint(1, len(holders))
    shares = _split(rng.randint(6, 10), owners, rng) if owners > 1 else [Fraction(1)]
    for index, person in enumerate(holders):
        row: Row = {"person": d.person_id(person), "entity": entity["id"]}
        if index < owners:
            row["role"] = InterestRole.OWNER if owners == 1 else InterestRole.SHAREHOLDER
            row["share"] = shares[index]
        else:
            row["role"] = rng.choice(_OTHER_ROLES)
        start = rng.randint(first, max(first, last - 1))
        row["start"] = date.fromordinal(start)
        end = None
        if "end" in entity:
            end = last
        elif rng.random() < 0.08 and start < EXTRACT - 1:
            end = rng.randint(start + 1, EXTRACT)
        if end is not None and end > start:
            row["end"] = date.fromordinal(end)
        d.interests.append(row)


def _split(tenths: int, parts: int, rng: random.Random) -> list[Fraction]:
    """``tenths``/10 split into ``parts`` positive shares (``parts`` <= ``tenths``)."""
    bounds = [0, *sorted(rng.sample(range(1, tenths), parts - 1)), tenths]
    return [Fraction(bounds[i + 1] - bounds[i], 10) for i in range(parts)]
