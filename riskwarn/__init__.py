"""riskwarn: post integrity risk-point early warning (岗位廉政风险点预警).

Model an organization's positions, people and power-sharing checks as a
time-versioned graph, scan it for structural risk points, evaluate declarative
rulesets over events in event time, and route explained warnings to the
supervisors responsible.
"""

from importlib.metadata import version

from riskwarn.engine import Engine
from riskwarn.errors import (
    EngineError,
    EventError,
    Location,
    OrgError,
    Problem,
    RiskwarnError,
    RulesetError,
)
from riskwarn.events import Event, EventTypes, Quarantine, read_events
from riskwarn.graph import OrgGraph
from riskwarn.model import (
    Level,
    Organization,
    Recipient,
    Ref,
    RiskWarning,
)
from riskwarn.orgfile import check_org, load_org
from riskwarn.rules.loader import load_ruleset
from riskwarn.rules.model import Ruleset
from riskwarn.structural import scan

__version__ = version("riskwarn")

__all__ = [
    "Engine",
    "EngineError",
    "Event",
    "EventError",
    "EventTypes",
    "Level",
    "Location",
    "OrgError",
    "OrgGraph",
    "Organization",
    "Problem",
    "Quarantine",
    "Recipient",
    "Ref",
    "RiskWarning",
    "RiskwarnError",
    "Ruleset",
    "RulesetError",
    "__version__",
    "check_org",
    "load_org",
    "load_ruleset",
    "read_events",
    "scan",
]
