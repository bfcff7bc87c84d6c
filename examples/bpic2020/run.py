"""Run rulesets/reimbursement.yaml over the five BPI Challenge 2020 logs (TU/e travel
and expense reimbursement) and print the warnings per rule and log.

    python examples/bpic2020/run.py [LOG ...]

The logs are read from $RISKWARN_DATA/bpic2020 (default /work/shared/data/bpic2020);
without them the example says so and exits with status 0. LOG names a subset, e.g.
PrepaidTravelCost.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from riskwarn import load_ruleset
from riskwarn.xes import load_mapping
from riskwarn.xes.summary import report, run_log

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("RISKWARN_DATA", "/work/shared/data")) / "bpic2020"
LOGS = [
    "DomesticDeclarations",
    "InternationalDeclarations",
    "PrepaidTravelCost",
    "RequestForPayment",
    "PermitLog",
]


def main(names: list[str]) -> int:
    """Run the example on the named logs (all five by default); 0 when done or skipped."""
    paths = [DATA / f"{name}.xes.gz" for name in names or LOGS]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"skipped: {missing[0]} is not here (set RISKWARN_DATA to the data folder)")
        return 0
    rulesets = [load_ruleset(ROOT / "rulesets" / "reimbursement.yaml")]
    mapping = load_mapping("bpic2020")
    runs = [run_log(path, mapping, rulesets) for path in paths]
    print(report(runs, rulesets))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
