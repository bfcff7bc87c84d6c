"""XES event logs (IEEE 1849) as riskwarn events: read trace by trace in bounded
memory, mapped to event types by a mapping file, checked like any other input and
given to the engine in time order (docs/xes.md)."""

from riskwarn.xes.mapping import BUILTIN_MAPPINGS, MappingFile, XesMapping, load_mapping
from riskwarn.xes.ordering import DEFAULT_BUFFER, time_ordered
from riskwarn.xes.reader import is_xes, read_traces
from riskwarn.xes.source import XesLog, XesStats, read_sources, read_xes

__all__ = [
    "BUILTIN_MAPPINGS",
    "DEFAULT_BUFFER",
    "MappingFile",
    "XesLog",
    "XesMapping",
    "XesStats",
    "is_xes",
    "load_mapping",
    "read_sources",
    "read_traces",
    "read_xes",
    "time_ordered",
]
