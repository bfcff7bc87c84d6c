"""Organization files: load an `Organization` from YAML, JSON and CSV files, and
check one built in Python.

`load_org` reads, validates and cross-checks every file and reports every
problem at once, each at its file and line; `check_org` runs the same
reference and consistency checks on an `Organization` built in code.
"""

from riskwarn.orgfile.loader import load_org
from riskwarn.orgfile.refs import check_org

__all__ = ["check_org", "load_org"]
