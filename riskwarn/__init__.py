"""riskwarn: post integrity risk-point early warning (岗位廉政风险点预警).

Model an organization's positions, people and power-sharing checks as a
time-versioned graph, scan it for structural risk points, and route explained
warnings to the supervisors responsible.
"""

from importlib.metadata import version

from riskwarn.errors import (
    EngineError,
    EventError,
    Location,
    OrgError,
    Problem,
    RiskwarnError,
    RulesetError,
)
from riskwarn.graph import OrgGraph
from riskwarn.model import (
    Level,
    Organization,
    Recipient,
    Ref,
    RiskWarning,
)
from riskwarn.orgfile import check_org, load_org
from riskwarn.structural import scan

__version__ = version("riskwarn")

__all__ = [
    "EngineError",
    "EventError",
    "Level",
    "Location",
    "OrgError",
    "OrgGraph",
    "Organization",
    "Problem",
    "Recipient",
    "Ref",
    "RiskWarning",
    "RiskwarnError",
    "RulesetError",
    "__version__",
    "check_org",
    "load_org",
    "scan",
]
