"""The lifecycle of a stored warning: states, the changes between them, and the
dispositions (处置方式) a supervisor records.

A warning arrives ``open`` (待处理), is acknowledged (签收) by a recipient, may be
verified (核实中), is disposed (已处置) with one of the dispositions used in
discipline-inspection practice, and is closed (办结). A disposed warning can be
sent back for another check (``reopen`` → verifying). A warning that a
mitigation or acceptance record covers is stored ``mitigated`` and takes no
changes. Everything here is pure: the store applies the state this module
allows and writes the change to the audit log.
"""

from __future__ import annotations

from enum import StrEnum

from riskwarn.errors import did_you_mean
from riskwarn.store.errors import StoreError, TransitionError

__all__ = [
    "ACTIVE_STATES",
    "TRANSITIONS",
    "Action",
    "Disposition",
    "State",
    "next_state",
]


class State(StrEnum):
    """Where a warning stands."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    VERIFYING = "verifying"
    DISPOSED = "disposed"
    CLOSED = "closed"
    MITIGATED = "mitigated"
    """Covered by a mitigation or acceptance record when it was written: never open."""

    @property
    def zh(self) -> str:
        return _STATE_ZH[self]


_STATE_ZH = {
    State.OPEN: "待处理",
    State.ACKNOWLEDGED: "已签收",
    State.VERIFYING: "核实中",
    State.DISPOSED: "已处置",
    State.CLOSED: "已办结",
    State.MITIGATED: "已缓释",
}

ACTIVE_STATES = (State.OPEN, State.ACKNOWLEDGED, State.VERIFYING)
"""States in which a warning still needs handling (an inbox shows these by default)."""


class Action(StrEnum):
    """A change a person makes to a warning's state."""

    ACKNOWLEDGE = "acknowledge"
    VERIFY = "verify"
    DISPOSE = "dispose"
    CLOSE = "close"
    REOPEN = "reopen"

    @property
    def zh(self) -> str:
        return _ACTION_ZH[self]


_ACTION_ZH = {
    Action.ACKNOWLEDGE: "签收",
    Action.VERIFY: "核实",
    Action.DISPOSE: "处置",
    Action.CLOSE: "办结",
    Action.REOPEN: "退回重新核实",
}

TRANSITIONS: dict[State, dict[Action, State]] = {
    State.OPEN: {Action.ACKNOWLEDGE: State.ACKNOWLEDGED},
    State.ACKNOWLEDGED: {Action.VERIFY: State.VERIFYING, Action.DISPOSE: State.DISPOSED},
    State.VERIFYING: {Action.DISPOSE: State.DISPOSED},
    State.DISPOSED: {Action.CLOSE: State.CLOSED, Action.REOPEN: State.VERIFYING},
    State.CLOSED: {},
    State.MITIGATED: {},
}
"""Every allowed change: state → action → new state."""


class Disposition(StrEnum):
    """How a warning was disposed of (处置方式): the first four forms of
    supervision and discipline practice, a circular, a referral, or closing the
    matter as no violation."""

    REMINDER_TALK = "reminder_talk"
    INQUIRY = "inquiry"
    ADMONISHMENT = "admonishment"
    RECTIFICATION = "rectification"
    CIRCULAR = "circular"
    REFERRAL = "referral"
    NO_VIOLATION = "no_violation"
    """Not a violation (予以了结): a reason is required."""

    @property
    def zh(self) -> str:
        return _DISPOSITION_ZH[self]

    @classmethod
    def parse(cls, text: str) -> Disposition:
        """A disposition from its name (``admonishment``) or its Chinese term (``诫勉``).

        Raises:
            StoreError: neither; the message lists both spellings of each.
        """
        text = text.strip()
        for d in cls:
            if text in (d.value, d.zh):
                return d
        known = [d.value for d in cls] + [d.zh for d in cls]
        listed = ", ".join(f"{d.value} ({d.zh})" for d in cls)
        raise StoreError(
            f"disposition: expected one of {listed}, got '{text}'{did_you_mean(text, known)}"
        )


_DISPOSITION_ZH = {
    Disposition.REMINDER_TALK: "提醒谈话",
    Disposition.INQUIRY: "谈话函询",
    Disposition.ADMONISHMENT: "诫勉",
    Disposition.RECTIFICATION: "责令整改",
    Disposition.CIRCULAR: "通报",
    Disposition.REFERRAL: "移送纪检监察",
    Disposition.NO_VIOLATION: "予以了结",
}


def next_state(
    warning_id: str,
    state: State,
    action: Action,
    disposition: Disposition | None = None,
    note: str | None = None,
) -> State:
    """The state ``action`` leads to from ``state``.

    Raises:
        TransitionError: the change is not allowed from ``state`` (the message
            lists the allowed ones), ``dispose`` without a disposition, a
            disposition on another change, or ``no_violation`` without a reason.
    """
    allowed = TRANSITIONS[state]
    where = f"warning '{warning_id}'"
    if action not in allowed:
        options = (
            ", ".join(f"{a.value} (→ {s.value})" for a, s in allowed.items())
            if allowed
            else f"none, {state.value} is final"
        )
        raise TransitionError(
            f"{where} is {state.value} ({state.zh}): cannot {action.value} ({action.zh}) it; "
            f"allowed: {options}"
        )
    if action is Action.DISPOSE and disposition is None:
        names = ", ".join(f"{d.value} ({d.zh})" for d in Disposition)
        raise TransitionError(f"{where}: dispose needs a disposition, one of {names}")
    if action is not Action.DISPOSE and disposition is not None:
        raise TransitionError(
            f"{where}: a disposition goes with dispose, not with {action.value} "
            f"(got {disposition.value})"
        )
    if disposition is Disposition.NO_VIOLATION and not (note or "").strip():
        raise TransitionError(
            f"{where}: disposition no_violation (予以了结) needs a reason: "
            "why the matter is not a violation"
        )
    return allowed[action]
