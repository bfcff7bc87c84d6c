"""Builders for engine tests: a ruleset over small custom event types, events at
hours of March 2026 (Beijing time), and a run that returns compact tuples."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from riskwarn.calendar import WeekendCalendar
from riskwarn.engine import Engine
from riskwarn.events import Event, read_events
from riskwarn.model import RiskWarning
from riskwarn.rules.model import Ruleset

TZ = timezone(timedelta(hours=8))

EVENT_TYPES = {
    "req": {"ref": "id", "amount": "decimal?", "who": "id?"},
    "done": {"ref": "id"},
    "ok": {"ref": "id"},
}


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A time in March 2026, Beijing time (2026-03-02 is a Monday)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=TZ)


def rule(id: str, level: str = "red", **shape: Any) -> dict[str, Any]:
    return {"id": id, "title": id, "level": level, "category": "测试", "basis": "测试", **shape}


def ruleset(*rules: dict[str, Any], **extra: Any) -> Ruleset:
    return Ruleset.model_validate(
        {
            "ruleset": extra.pop("name", "t"),
            "version": "1",
            "title": "测试",
            "params": extra.pop("params", {"big": 100}),
            "event_types": EVENT_TYPES,
            "rules": list(rules),
            **extra,
        }
    )


def ev(id: str, type: str, time: datetime, **fields: Any) -> dict[str, Any]:
    return {"id": id, "type": type, "time": time.isoformat(), **fields}


def events(engine: Engine, items: Iterable[dict[str, Any]]) -> list[Event]:
    return list(read_events(list(items), engine.types))


def engine(*rulesets: Ruleset, org: Any = None, **kw: Any) -> Engine:
    kw.setdefault("calendar", WeekendCalendar())
    return Engine(org, list(rulesets), **kw)


def brief(warnings: Sequence[RiskWarning]) -> list[tuple[str, str, str, list[str]]]:
    """``(rule, level, time, [event ids])`` per warning, times shortened to ``DD HH:MM``."""
    return [
        (w.rule, w.level.value, w.time.strftime("%d %H:%M"), [e.id for e in w.evidence.events])
        for w in warnings
    ]


def run(
    rs: Ruleset | Sequence[Ruleset],
    items: Iterable[dict[str, Any]],
    until: datetime | None = None,
    **kw: Any,
) -> list[tuple[str, str, str, list[str]]]:
    sets = [rs] if isinstance(rs, Ruleset) else list(rs)
    e = engine(*sets, **kw)
    return brief(list(e.process(events(e, items), until=until)))
