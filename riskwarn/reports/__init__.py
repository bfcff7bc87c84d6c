"""Reports for supervisors (docs/reports.md): a self-contained HTML report of
what one reader may see of a warning store — counts, a trend chart in inline
SVG, every warning with its evidence, recipients and history — and a periodic
circular (通报) per unit, in HTML or Markdown. Everything is read through a
`View`, so a person's report shows exactly what their inbox would; every value
is escaped, so nothing in the data is interpreted.

```python
from datetime import UTC, date, datetime
from pathlib import Path

from riskwarn import OrgGraph, load_org
from riskwarn.reports import Period, View, build_report, render_report
from riskwarn.store import SqliteStore

graph = OrgGraph(load_org("examples/county/org"))
with SqliteStore("inbox.db") as store:
    view = View(store, graph, "p053", datetime.now(UTC))   # None: everything
    period = Period(date(2026, 4, 1), date(2026, 6, 30), graph.tz)
    Path("report.html").write_text(render_report(build_report(view, period)), encoding="utf-8")
```
"""

from riskwarn.reports.chart import Bucket, Chart, bar_chart, trend
from riskwarn.reports.circular import (
    Circular,
    Section,
    Standing,
    build_circular,
    render_circular,
    standing,
)
from riskwarn.reports.errors import ReportError
from riskwarn.reports.html import Report, build_report, render_report
from riskwarn.reports.period import Period
from riskwarn.reports.text import md_escape, show_controls
from riskwarn.reports.view import View

__all__ = [
    "Bucket",
    "Chart",
    "Circular",
    "Period",
    "Report",
    "ReportError",
    "Section",
    "Standing",
    "View",
    "bar_chart",
    "build_circular",
    "build_report",
    "md_escape",
    "render_circular",
    "render_report",
    "show_controls",
    "standing",
    "trend",
]
