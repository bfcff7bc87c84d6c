"""Errors of the warning store, children of `RiskwarnError` like every other phase's.

`AccessDenied` is also a `PermissionError`, so code that guards a viewer's
actions can catch either.
"""

from __future__ import annotations

from riskwarn.errors import RiskwarnError

__all__ = ["AccessDenied", "AuditError", "StoreError", "TransitionError"]


class StoreError(RiskwarnError):
    """A warning store is unreadable, or refused an operation (unknown warning,
    bad time, bad mitigation)."""


class TransitionError(StoreError):
    """A lifecycle change the warning's state does not allow; the message names
    the state, the change tried and the changes allowed."""


class AccessDenied(StoreError, PermissionError):
    """A viewer asked to list, read or change a warning outside what they may see."""


class AuditError(StoreError):
    """The audit log does not verify: an entry was edited, removed or inserted,
    or a warning's state no longer matches its history."""
