"""The built-in event types: the core vocabulary the built-in rulesets read."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from riskwarn.events.cadres import AppointmentStep, Attendance, PersonalReport
from riskwarn.events.envelope import Event
from riskwarn.events.funds import Payment, Purchase, Reception
from riskwarn.events.meetings import Decision, Meeting
from riskwarn.events.procurement import Bid, Participation, ProcurementStep
from riskwarn.events.service import (
    LedgerTask,
    Petition,
    PetitionUpdate,
    ServiceCompleted,
    ServiceRequest,
)

__all__ = ["BUILTIN_TYPES"]

_MODELS: tuple[type[Event], ...] = (
    Meeting,
    Decision,
    AppointmentStep,
    PersonalReport,
    Attendance,
    Payment,
    Purchase,
    ProcurementStep,
    Bid,
    Participation,
    Reception,
    ServiceRequest,
    ServiceCompleted,
    Petition,
    PetitionUpdate,
    LedgerTask,
)

BUILTIN_TYPES: Mapping[str, type[Event]] = MappingProxyType(
    {model.model_fields["type"].default: model for model in _MODELS}
)
"""Each built-in event type by name, in the order the reference documents them."""
