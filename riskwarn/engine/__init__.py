"""The rules engine: rulesets evaluated over events in event time on durable_rules,
giving explained, routed warnings (docs/engine.md).

`Engine` is the only part of riskwarn that imports durable_rules.
"""

from riskwarn.engine.core import DEFAULT_BATCH, Diagnostic, Engine, Sink
from riskwarn.engine.match import Match, MatchKind

__all__ = ["DEFAULT_BATCH", "Diagnostic", "Engine", "Match", "MatchKind", "Sink"]
