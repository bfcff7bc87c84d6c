"""Working-day calendars: which local days are working days, and deadlines counted in them.

See docs/calendar.md for the counting conventions.
"""

from riskwarn.calendar.base import SHANGHAI, BaseWorkCalendar, Fallback, WorkCalendar, require_aware
from riskwarn.calendar.calendars import ChineseWorkCalendar, HolidayListCalendar, WeekendCalendar

__all__ = [
    "SHANGHAI",
    "BaseWorkCalendar",
    "ChineseWorkCalendar",
    "Fallback",
    "HolidayListCalendar",
    "WeekendCalendar",
    "WorkCalendar",
    "require_aware",
]
