"""Structural risk points (结构性风险): analyzers over the organization graph
as of one day, each finding a routed `RiskWarning`. See docs/structural.md."""

from riskwarn.structural import concentration, kinship, posting, separation, supervision
from riskwarn.structural.base import REGISTRY, RULESET, RULESET_VERSION, Analyzer, Finding, scan

__all__ = ["REGISTRY", "RULESET", "RULESET_VERSION", "Analyzer", "Finding", "scan"]

del concentration, kinship, posting, separation, supervision
