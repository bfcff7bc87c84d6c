"""Events in time order in bounded memory: an external merge sort.

An XES log holds its events trace by trace, while the engine takes them in time order.
Up to ``buffer`` events are sorted in memory; a longer stream is cut into sorted runs of
that size, written to temporary files in blocks and merged, at most ``_FAN_IN`` runs at
a time (more runs are first merged into longer ones). Memory is then at most about
``buffer + _FAN_IN * _BLOCK`` events, however many traces and events the log has; the
files are deleted when the merge ends or is abandoned. An event is written as its type name and its
validated values (a declared type is a class made at run time, which pickle cannot
name) and rebuilt without validating it again.
"""

from __future__ import annotations

import contextlib
import heapq
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from riskwarn.events import Event

__all__ = ["DEFAULT_BUFFER", "time_ordered"]

DEFAULT_BUFFER = 20_000
"""Events sorted in memory before a run is written to a temporary file."""

_BLOCK = 500
"""Events per pickled block: what a run being merged holds in memory."""
_FAN_IN = 16
"""Runs merged at once."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

_Item = tuple[int, int, Event]
_Stored = tuple[int, int, str, dict[str, Any], set[str]]


def time_ordered(events: Iterable[Event], buffer: int = DEFAULT_BUFFER) -> Iterator[Event]:
    """``events`` by time; events at the same instant keep their input order.

    Raises:
        ValueError: ``buffer`` is less than 1.
    """
    if buffer < 1:
        raise ValueError(f"buffer must be at least 1, got {buffer}")
    run: list[_Item] = []
    classes: dict[str, type[Event]] = {}
    with tempfile.TemporaryDirectory(prefix="riskwarn-sort-") as name:
        folder = Path(name)
        runs: list[Path] = []
        for n, event in enumerate(events):
            run.append(((event.time - _EPOCH) // _MICROSECOND, n, event))
            if len(run) >= buffer:
                run.sort(key=_key)
                runs.append(_spill(run, folder / f"run-{len(runs)}", classes))
                run = []
        run.sort(key=_key)
        if not runs:
            yield from (event for _, _, event in run)
            return
        if run:
            runs.append(_spill(run, folder / f"run-{len(runs)}", classes))
        made = len(runs)
        while len(runs) > _FAN_IN:  # merge the oldest runs into one, until few are left
            group, runs = runs[:_FAN_IN], runs[_FAN_IN:]
            with _merged(group, classes) as items:
                runs.append(_spill(items, folder / f"run-{made}", classes))
            made += 1
            for path in group:
                path.unlink()
        with _merged(runs, classes) as items:
            yield from (event for _, _, event in items)


def _key(item: _Item) -> tuple[int, int]:
    return item[0], item[1]


def _spill(items: Iterable[_Item], path: Path, classes: dict[str, type[Event]]) -> Path:
    """Write sorted ``items`` to ``path`` in blocks; note each event's class."""
    with path.open("wb") as out:
        block: list[_Stored] = []
        for us, n, event in items:
            classes.setdefault(event.type, type(event))
            block.append((us, n, event.type, event.__dict__, event.model_fields_set))
            if len(block) >= _BLOCK:
                pickle.dump(block, out, protocol=pickle.HIGHEST_PROTOCOL)
                block = []
        if block:
            pickle.dump(block, out, protocol=pickle.HIGHEST_PROTOCOL)
    return path


@contextlib.contextmanager
def _merged(paths: list[Path], classes: dict[str, type[Event]]) -> Iterator[Iterator[_Item]]:
    """The items of sorted run files, merged; the files are closed on leaving."""
    with contextlib.ExitStack() as stack:
        files = [stack.enter_context(path.open("rb")) for path in paths]
        yield heapq.merge(*(_blocks(f, classes) for f in files), key=_key)


def _blocks(file: IO[bytes], classes: dict[str, type[Event]]) -> Iterator[_Item]:
    """The items of a run file, one block in memory at a time."""
    while True:
        try:
            block: list[_Stored] = pickle.load(file)  # our own file, written just before
        except EOFError:
            return
        for us, n, name, values, fields_set in block:
            yield us, n, classes[name].model_construct(fields_set, **values)
