"""Duplicate event ids, in bounded memory: the ids of the most recently accepted events
are kept exactly, in a window of a fixed size; an id repeated further apart than the
window is not noticed."""

from __future__ import annotations

from array import array

__all__ = ["SeenIds"]


class SeenIds:
    """The ids of the last ``window`` events accepted, each with where it was read.

    ``window=None`` keeps every id (exact over the whole stream; memory grows with it).
    Share one instance between `read_events` calls to catch a repeat across sources.
    A window of 100,000 ids of about 12 characters takes about 20 MB; every million ids
    kept take about 145 MB.
    """

    DEFAULT_WINDOW = 100_000

    def __init__(self, window: int | None = DEFAULT_WINDOW) -> None:
        """Raises ``ValueError`` when ``window`` is below 1."""
        if window is not None and window < 1:
            raise ValueError(f"window must be at least 1, got {window}")
        self.window = window
        self._slot_of: dict[str, int] = {}
        self._ids: list[str | None] = []
        self._lines = array("q")
        self._source_of_slot = array("I")
        self._sources: list[str] = []
        self._source_index: dict[str, int] = {}
        self._next = 0

    def __len__(self) -> int:
        return len(self._slot_of)

    def first(self, event_id: str) -> str | None:
        """Where ``event_id`` was first accepted (``file:line``), if it is in the window."""
        slot = self._slot_of.get(event_id)
        if slot is None:
            return None
        return f"{self._sources[self._source_of_slot[slot]]}:{self._lines[slot]}"

    def add(self, event_id: str, source: str, line: int) -> None:
        """Remember ``event_id`` (not in the window: see `first`), read at
        ``source:line``, forgetting the oldest id when the window is full."""
        index = self._source_index.get(source)
        if index is None:
            index = self._source_index[source] = len(self._sources)
            self._sources.append(source)
        if self.window is None or self._next < self.window:
            slot = self._next
            self._ids.append(event_id)
            self._lines.append(line)
            self._source_of_slot.append(index)
        else:
            slot = self._next % self.window
            oldest = self._ids[slot]
            if oldest is not None:
                del self._slot_of[oldest]
            self._ids[slot] = event_id
            self._lines[slot] = line
            self._source_of_slot[slot] = index
        self._slot_of[event_id] = slot
        self._next += 1
