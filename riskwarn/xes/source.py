"""An XES log as a stream of checked events in time order: read trace by trace
(`riskwarn.xes.reader`), mapped (`riskwarn.xes.mapping`), validated like any other
input (a refused event goes to the quarantine with its file, line and reason) and
sorted by time in bounded memory (`riskwarn.xes.ordering`)."""

from __future__ import annotations

import heapq
import itertools
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from riskwarn.errors import EventError, Location
from riskwarn.events import Event, EventTypes, Quarantine, read_events
from riskwarn.events.checking import Checker
from riskwarn.events.seen import SeenIds
from riskwarn.xes.mapping import BUILTIN_MAPPINGS, Mapped, MappingFile
from riskwarn.xes.ordering import DEFAULT_BUFFER, time_ordered
from riskwarn.xes.reader import is_xes, read_traces

__all__ = ["XesLog", "XesStats", "read_sources", "read_xes"]


@dataclass
class XesStats:
    """What reading one log found: traces and ``<event>`` elements read, events
    produced, refused (quarantined), skipped by the mapping, and with an anonymized
    actor; the attributes no field kept, with how many events had them."""

    source: str
    traces: int = 0
    read: int = 0
    events: int = 0
    refused: int = 0
    skipped: int = 0
    anonymized: int = 0
    unkept: Counter[str] = field(default_factory=Counter)

    def summary(self, shown: int = 8) -> str:
        """One line: ``LOG: N traces, N events read: N accepted, ...``, then up to
        ``shown`` attributes not kept."""
        parts = [f"{self.events:,} accepted"]
        for count, what in ((self.refused, "refused"), (self.skipped, "skipped")):
            if count:
                parts.append(f"{count:,} {what}")
        line = f"{self.source}: {self.traces:,} traces, {self.read:,} events read: "
        line += ", ".join(parts)
        if self.anonymized:
            line += f"; actor anonymized in {self.anonymized:,}"
        if self.unkept:
            names = sorted(self.unkept)
            more = f" and {len(names) - shown} more" if len(names) > shown else ""
            line += f"; attributes not kept (no field for them): {', '.join(names[:shown])}{more}"
        return line


class XesLog:
    """The events of an XES log (``.xes`` or ``.xes.gz``) under a mapping, checked
    against ``types`` (the built-ins by default) and yielded in time order (events at
    the same instant in file order). Iterate it once; `stats` then says what was read.

    A refused event goes to ``quarantine`` with its line, reason and attributes, and
    reading goes on (without a quarantine, the first one raises `EventError`);
    ``seen`` catches repeated event ids as `riskwarn.events.read_events` does.
    ``buffer`` events are sorted in memory, more through temporary files.

    Raises:
        EventError: at once, for a mapping that does not fit ``types`` (every problem
            located in the mapping file); while iterating, for a missing file, invalid
            gzip data or XML (file and line), or the first refused event when there is
            no quarantine.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        mapping: MappingFile,
        types: EventTypes | None = None,
        *,
        quarantine: Quarantine | None = None,
        seen: SeenIds | None = None,
        name: str | None = None,
        buffer: int = DEFAULT_BUFFER,
    ):
        self.path = path
        self.name = name or os.fspath(path)
        self.types = types if types is not None else EventTypes.default()
        self.mapper = mapping.bind(self.types)
        self.checker = Checker(self.types, quarantine, seen if seen is not None else SeenIds())
        self.buffer = buffer
        self.stats = XesStats(self.name)

    def __iter__(self) -> Iterator[Event]:
        return time_ordered(self._checked(), self.buffer)

    def _checked(self) -> Iterator[Event]:
        """The valid events in file order; refused ones go to the quarantine."""
        stats, checker, label = self.stats, self.checker, self.name
        for trace in read_traces(self.path, label):
            stats.traces += 1
            stats.read += len(trace.events)
            for item in self.mapper.events(trace):
                if isinstance(item, Mapped):
                    event = checker.mapping(item.record, label, item.line, item.raw, cells=True)
                else:
                    checker.fail(label, item.line, item.reason, item.raw)
                    event = None
                if event is None:
                    stats.refused += 1
                else:
                    stats.events += 1
                    yield event
        stats.skipped = self.mapper.skipped
        stats.anonymized = self.mapper.anonymous
        stats.unkept = self.mapper.unkept


def read_xes(
    path: str | os.PathLike[str],
    mapping: MappingFile,
    types: EventTypes | None = None,
    *,
    quarantine: Quarantine | None = None,
    seen: SeenIds | None = None,
    name: str | None = None,
    buffer: int = DEFAULT_BUFFER,
) -> XesLog:
    """The events of an XES log in time order: see `XesLog`.

    Raises:
        EventError: as `XesLog`.
    """
    return XesLog(path, mapping, types, quarantine=quarantine, seen=seen, name=name, buffer=buffer)


def read_sources(
    paths: Iterable[str | os.PathLike[str]],
    types: EventTypes,
    *,
    mapping: MappingFile | None = None,
    quarantine: Quarantine | None = None,
    buffer: int = DEFAULT_BUFFER,
) -> tuple[Iterator[Event], list[XesLog]]:
    """Events of several files for one run: each XES log in time order under
    ``mapping``, merged by time with the other files (JSONL, CSV: read in their own
    order, one after another), and the logs, whose `XesLog.stats` fill as they are read.

    Raises:
        EventError: an XES log without a mapping, or a mapping without an XES log; and
            as `XesLog` and `read_events`.
    """
    paths = list(paths)
    logs = [
        XesLog(p, mapping, types, quarantine=quarantine, buffer=buffer)
        for p in paths
        if is_xes(p) and mapping is not None
    ]
    if mapping is None and any(is_xes(p) for p in paths):
        first = next(os.fspath(p) for p in paths if is_xes(p))
        known = ", ".join(sorted(p.stem for p in BUILTIN_MAPPINGS.glob("*.yaml")))
        message = f"an XES log needs a mapping (a mapping file, or one of {known})"
        raise EventError(message, location=Location(first))
    if mapping is not None and not logs:
        raise EventError("a mapping is for XES logs (.xes, .xes.gz); no events file is one")
    others = [p for p in paths if not is_xes(p)]
    rest = itertools.chain.from_iterable(
        read_events(p, types, quarantine=quarantine) for p in others
    )
    streams: list[Iterable[Event]] = [iter(log) for log in logs]
    if others:
        streams.append(rest)
    if len(streams) == 1:
        return iter(streams[0]), logs
    return heapq.merge(*streams, key=lambda e: e.time), logs
