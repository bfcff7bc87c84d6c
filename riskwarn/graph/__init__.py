"""The organization as a time-versioned graph (`OrgGraph`), with as-of queries,
supervisor routing and explanation paths."""

from riskwarn.graph.build import FOREVER, Rel, key
from riskwarn.graph.core import At, InterestLink, OrgGraph, Relative

__all__ = ["FOREVER", "At", "InterestLink", "OrgGraph", "Rel", "Relative", "key"]
