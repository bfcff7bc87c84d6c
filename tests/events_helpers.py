"""Small builders for event tests."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def attendance_line(
    event_id: str, person: str = "a", time: str = "2024-03-01T09:00:00+08:00"
) -> str:
    """One valid attendance event as a JSON line."""
    return json.dumps(
        {
            "id": event_id,
            "type": "attendance",
            "time": time,
            "person": person,
            "day": "2024-03-01",
            "status": "present",
        }
    )
