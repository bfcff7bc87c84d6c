"""The error of the reports phase, a child of `RiskwarnError` like every other phase's."""

from __future__ import annotations

from riskwarn.errors import RiskwarnError

__all__ = ["ReportError"]


class ReportError(RiskwarnError):
    """A report or circular cannot be made: a period that ends before it starts,
    a unit the organization does not have, a viewer and an administrator both
    or neither, or an output file that cannot be written."""
