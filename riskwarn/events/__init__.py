"""Events: what happened, when, by whom — validated, typed records that rules read in
event time.

Every event has the envelope of `Event` (``id``, ``type``, ``time``, ``actor``,
``unit``) and the fields of its type: a built-in type (`BUILTIN_TYPES`) or a custom one
added to an `EventTypes`. `read_events` reads them lazily from JSONL, CSV or Python and
sends the invalid ones, with their reasons, to a `Quarantine`.
"""

from riskwarn.events.builtin import BUILTIN_TYPES
from riskwarn.events.cadres import (
    AppointmentStep,
    Attendance,
    AttendanceStatus,
    PersonalReport,
    SelectionStep,
)
from riskwarn.events.envelope import (
    ENVELOPE_FIELDS,
    Day,
    DecimalNumber,
    Event,
    EventId,
    EventTime,
    Money,
)
from riskwarn.events.funds import Payment, Purchase, PurchaseMethod, Reception
from riskwarn.events.meetings import (
    Decision,
    DecisionCategory,
    DecisionMode,
    Meeting,
    MeetingKind,
    Opinion,
    Resolution,
    Statement,
)
from riskwarn.events.procurement import (
    Bid,
    Participation,
    ParticipationRole,
    ProcurementStep,
    ProcurementStepKind,
)
from riskwarn.events.quarantine import Quarantine, Rejected
from riskwarn.events.reading import read_events
from riskwarn.events.registry import FIELD_TYPES, EventTypes
from riskwarn.events.seen import SeenIds
from riskwarn.events.service import (
    Disposition,
    LedgerTask,
    Petition,
    PetitionAction,
    PetitionKind,
    PetitionUpdate,
    ServiceCompleted,
    ServiceOutcome,
    ServiceRequest,
)
from riskwarn.events.writing import dump_event, write_events

__all__ = [
    "BUILTIN_TYPES",
    "ENVELOPE_FIELDS",
    "FIELD_TYPES",
    "AppointmentStep",
    "Attendance",
    "AttendanceStatus",
    "Bid",
    "Day",
    "DecimalNumber",
    "Decision",
    "DecisionCategory",
    "DecisionMode",
    "Disposition",
    "Event",
    "EventId",
    "EventTime",
    "EventTypes",
    "LedgerTask",
    "Meeting",
    "MeetingKind",
    "Money",
    "Opinion",
    "Participation",
    "ParticipationRole",
    "Payment",
    "PersonalReport",
    "Petition",
    "PetitionAction",
    "PetitionKind",
    "PetitionUpdate",
    "ProcurementStep",
    "ProcurementStepKind",
    "Purchase",
    "PurchaseMethod",
    "Quarantine",
    "Reception",
    "Rejected",
    "Resolution",
    "SeenIds",
    "SelectionStep",
    "ServiceCompleted",
    "ServiceOutcome",
    "ServiceRequest",
    "Statement",
    "dump_event",
    "read_events",
    "write_events",
]
