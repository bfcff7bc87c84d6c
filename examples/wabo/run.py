"""Run rulesets/permits.yaml over the WABO receipt-phase log (environmental permit
applications, CoSeLoG) and print the warnings per rule.

    python examples/wabo/run.py

The log is read from $RISKWARN_DATA/receipt_wabo (default /work/shared/data/receipt_wabo);
without it the example says so and exits with status 0.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from riskwarn import load_ruleset
from riskwarn.xes import load_mapping
from riskwarn.xes.summary import report, run_log

ROOT = Path(__file__).resolve().parents[2]
LOG = Path(os.environ.get("RISKWARN_DATA", "/work/shared/data")) / "receipt_wabo" / "receipt.xes.gz"


def main() -> int:
    """Run the example; 0 when done or skipped."""
    if not LOG.is_file():
        print(f"skipped: {LOG} is not here (set RISKWARN_DATA to the data folder)")
        return 0
    rulesets = [load_ruleset(ROOT / "rulesets" / "permits.yaml")]
    run = run_log(LOG, load_mapping("wabo"), rulesets)
    print(report([run], rulesets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
