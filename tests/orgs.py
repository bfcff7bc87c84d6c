"""Small builders for organizations in tests: terse, explicit, validated."""

from __future__ import annotations

from typing import Any

from riskwarn.model import Organization

REGION = "339901"


def unit(id: str, name: str | None = None, **kw: Any) -> dict[str, Any]:
    return {
        "id": id,
        "name": name or id,
        "kind": "department",
        "level": "county",
        "region": REGION,
        **kw,
    }


def pos(id: str, unit: str, **kw: Any) -> dict[str, Any]:
    return {
        "id": id,
        "name": kw.pop("name", id),
        "unit": unit,
        "grade": kw.pop("grade", "section_main"),
        **kw,
    }


def person(id: str, **kw: Any) -> dict[str, Any]:
    return {"id": id, "name": kw.pop("name", id), **kw}


def tenure(p: str, position: str, start: str, end: str | None = None) -> dict[str, Any]:
    return {"person": p, "position": position, "start": start, **({"end": end} if end else {})}


def power(
    id: str, unit: str, risk: str = "high", kind: str = "finance", **stages: list[str]
) -> dict[str, Any]:
    return {
        "id": id,
        "name": id,
        "kind": kind,
        "risk": risk,
        "unit": unit,
        "stages": {name: {"holders": holders} for name, holders in stages.items()},
    }


def make_org(**sections: Any) -> Organization:
    """An organization named 测试县 from plain section lists."""
    return Organization.model_validate({"organization": {"name": "测试县"}, **sections})
