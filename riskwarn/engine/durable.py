"""The one place riskwarn talks to durable_rules.

`DurableRules` holds one compiled rule's durable_rules ruleset and speaks to its C
core directly (``durable_rules_engine``): no `durable.engine.Host`, so no timer
threads and no ``json.dumps`` per message; batches of facts go in as one JSON
text, and the actions they cause are drained synchronously, right after the call.

What it absorbs (docs/durable_rules.md):

- every message gets an explicit id, checked against the live ids of its ruleset
  for a collision of durable_rules' 32-bit FNV-1a hash, so no event is ever
  rejected as "already observed" (and a rejection would be an error, not a loss);
- one ``sid`` per rule: far from the 1,024 limit, and joins stay within the rule;
- a message no rule accepts, an id collision, any other error code or an
  exception from the C core becomes an `EngineError` naming the rule;
- definitions are deep-copied before durable_rules sees them.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
import weakref
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import durable_rules_engine as _core  # type: ignore[import-not-found]

from riskwarn.errors import EngineError, Location

__all__ = ["DurableRules", "fnv1a32"]

_POOL: dict[str, list[DurableRules]] = {}
"""Released rulesets with no facts, by definition, for the next engine to reuse."""
_POOL_SIZE = 16
_NAMES = itertools.count(1)

_FNV_OFFSET = 2166136261
_FNV_PRIME = 16777619
_OK, _NOT_HANDLED, _OBSERVED, _DEFERRED = 0, 1, 2, 3


def fnv1a32(text: str) -> int:
    """durable_rules' hash of a message id (FNV-1a, 32 bits, over the UTF-8 bytes)."""
    h = _FNV_OFFSET
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * _FNV_PRIME) & 0xFFFFFFFF
    return h


def _delete(handle: int) -> None:
    with contextlib.suppress(Exception):  # nothing left to free; a finalizer never raises
        _core.delete_ruleset(handle)


Fired = tuple[str, dict[str, dict[str, Any]]]
"""A durable rule that fired: its name and the matched messages by alias."""


class DurableRules:
    """One rule's durable_rules ruleset, its live message ids and its actions.

    ``name`` is the durable_rules ruleset name; ``rule`` the riskwarn rule id used
    in errors.
    """

    def __init__(self, name: str, rule: str, definition: Mapping[str, Any]):
        self.rule = rule
        self.name = name
        self._next = 0
        self._live: dict[int, str] = {}  # hash -> id
        self.fired = False
        """Whether a rule of it has fired: such a ruleset is never reused (see `release`)."""
        text = json.dumps(copy.deepcopy(dict(definition)), ensure_ascii=False)
        self._key = text
        try:
            self._handle: int = _core.create_ruleset(name, text)
        except Exception as exc:
            raise self._error(f"durable_rules refused the compiled rule: {exc}") from exc
        # durable_rules frees a ruleset only when asked: free it with this object
        self._free = weakref.finalize(self, _delete, self._handle)

    def close(self) -> None:
        """Free the ruleset in durable_rules (also done when this object is collected)."""
        self._free()
        self._live.clear()

    @classmethod
    def acquire(cls, rule: str, definition: Mapping[str, Any]) -> DurableRules:
        """A ruleset for ``definition``: a released one with no facts left when there
        is one (durable_rules never gives back all the memory of a deleted ruleset,
        about 80 KB each, so engines reuse them), else a new one."""
        key = json.dumps(copy.deepcopy(dict(definition)), ensure_ascii=False)
        free = _POOL.get(key)
        if free:
            reused = free.pop()
            reused.rule = rule
            return reused
        return cls(f"rw{next(_NAMES)}", rule, definition)

    def release(self, facts: Iterable[dict[str, Any]] = ()) -> None:
        """Retract ``facts`` (what the ruleset still holds) and give it back for reuse.

        Only a ruleset left holding no facts, whose rules never fired, is reused: in
        durable_rules 2.0.28 retracting the facts of a frame that fired reads past the
        end of its message array (``deleteMessageFromFrame``) and can crash the
        process, so such a ruleset is deleted without retracting anything.
        """
        free = _POOL.setdefault(self._key, [])
        if not self.fired:
            try:
                self.retract_facts(facts)
            except EngineError:
                self.close()
                return
        if self._live or self.fired or len(free) >= _POOL_SIZE:
            self.close()
        else:
            free.append(self)

    def new_id(self) -> str:
        """A fresh message id whose hash no live message of this ruleset has."""
        while True:
            self._next += 1
            mid = format(self._next, "x")
            h = fnv1a32(mid)
            if h not in self._live:
                self._live[h] = mid
                return mid

    def __len__(self) -> int:
        """The number of live message ids (stored facts and the current batch)."""
        return len(self._live)

    def assert_facts(self, facts: list[dict[str, Any]]) -> list[Fired]:
        """Assert ``facts`` in order and return every action they caused, in the order
        durable_rules ran them."""
        if not facts:
            return []
        return self._call(_core.assert_facts, facts, "assert")

    def retract_facts(self, facts: Iterable[dict[str, Any]]) -> list[Fired]:
        """Retract stored facts and free their ids (retraction fires nothing in the
        rules the compiler writes; anything it does fire is returned)."""
        facts = list(facts)
        if not facts:
            return []
        fired = self._call(_core.retract_facts, facts, "retract")
        for fact in facts:
            self._live.pop(fnv1a32(fact["id"]), None)
        return fired

    def _call(self, fn: Any, facts: list[dict[str, Any]], what: str) -> list[Fired]:
        text = json.dumps(facts, ensure_ascii=False, separators=(",", ":"))
        try:
            code, state = fn(self._handle, text)
        except MemoryError:
            raise self._error(f"durable_rules ran out of memory to {what} facts") from None
        except Exception as exc:
            raise self._error(f"durable_rules failed to {what} facts: {exc}") from exc
        if code == _NOT_HANDLED and what == "assert":
            raise self._error(
                "durable_rules handled none of a batch's tests: the compiled rule and "
                "the messages disagree"
            )
        if code == _OBSERVED:
            raise self._error("durable_rules saw a message id twice (a 32-bit id collision)")
        if code not in (_OK, _DEFERRED, _NOT_HANDLED):
            raise self._error(f"durable_rules returned error code {code}")
        return list(self._drain(state))

    def _drain(self, state: int) -> Iterator[Fired]:
        try:
            started = _core.start_action_for_state(self._handle, state)
            if started is None:
                return
            text = started[1]
            while text is not None:
                self.fired = True
                yield from json.loads(text).items()
                text = _core.complete_and_start_action(self._handle, state)
        except Exception as exc:
            raise self._error(f"durable_rules failed while running actions: {exc}") from exc

    def _error(self, message: str) -> EngineError:
        return EngineError(message, location=Location(rule=self.rule))
