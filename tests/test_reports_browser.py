"""The report in a real browser: headless Chromium loads it from a local HTTP
server with nothing to complain about (no console message, no blocked load), its
DOM has the counts, the chart and the warnings the HTML was written with, no
element spills out of the page at a desktop width or an A4 page's width (long
Chinese text and long ids wrap, tables keep to the page), and it prints to A4.

Skipped, with the reason, where no ``chromium`` or ``chromium-browser`` is on
the PATH (Debian: ``apt-get install chromium``).

``python -m tests.test_reports_browser docs/img/report.png`` writes the README's
screenshot from the example county's store.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from riskwarn.graph import OrgGraph
from riskwarn.reports import Period, View, build_report, render_report
from riskwarn.store import SqliteStore
from tests.test_reports import LOOK, TZ
from tests.test_reports_county import NOW, STATION2, build_county_store
from tests.test_reports_escaping import hostile_store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium or chromium-browser on the PATH: the report is checked in a real "
    "browser only where one is installed (Debian: apt-get install chromium)",
)

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]
"""Headless, offline: no sandbox (tests may run as root), no network of its own."""


def chromium(user_data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={user_data}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def console(stderr: str) -> list[str]:
    """The page's console messages (errors, CSP violations) from Chromium's log."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A local HTTP server over a fresh folder: its address and the folder."""
    root = tmp_path_factory.mktemp("served")
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def county_report(served: tuple[str, Path]) -> tuple[str, str]:
    """The 派驻第二纪检监察组组长's report on the county store, served: (url, html)."""
    base, root = served
    store_path = root / "county.db"
    graph = build_county_store(store_path)
    with SqliteStore(store_path) as store:
        text = county_html(store, graph)
    (root / "county.html").write_text(text, encoding="utf-8")
    return f"{base}/county.html", text


def county_html(store: SqliteStore, graph: OrgGraph) -> str:
    """From January 2024 to June 2026, as the 派驻第二纪检监察组组长 sees it."""
    (viewer,) = graph.holders(STATION2, NOW)
    view = View(store, graph, viewer, NOW)
    return render_report(build_report(view, Period(date(2024, 1, 1), date(2026, 6, 30), graph.tz)))


def key_texts(doc: Any) -> dict[str, Any]:
    """What must survive parsing: title, counts, bars, warnings and their histories."""

    def texts(xpath: str) -> list[str]:
        return [re.sub(r"\s+", " ", e.text_content()).strip() for e in doc.xpath(xpath)]

    return {
        "title": texts("//title"),
        "h1": texts("//h1"),
        "cards": texts('//div[contains(@class, "card")]'),
        "counts": texts("//table[@id]/tbody/tr"),
        "bars": [
            (r.get("data-bucket"), r.get("data-level"), r.get("data-count"))
            for r in doc.xpath("//svg//rect[@data-count]")
        ],
        "warnings": [a.get("data-id") for a in doc.xpath("//article")],
        "messages": texts('//article//p[@class="message"]'),
        "history": texts('//table[@class="history"]/tbody/tr'),
    }


def test_the_browsers_dom_is_the_report_and_nothing_complains(
    county_report: tuple[str, str], tmp_path: Path
) -> None:
    """Chromium's DOM of the served report has the same key texts as the HTML
    written, the chart is an SVG with its bars, and the console is silent (the
    content security policy blocks nothing because the page asks for nothing)."""
    url, written = county_report
    done = chromium(tmp_path / "profile", "--virtual-time-budget=5000", "--dump-dom", url)
    assert console(done.stderr) == []
    dom = lxml_html.document_fromstring(done.stdout)
    expected = key_texts(lxml_html.document_fromstring(written))
    assert key_texts(dom) == expected
    assert expected["bars"] and expected["warnings"] and expected["history"]
    (svg,) = dom.xpath("//svg")
    assert svg.get("viewbox") or svg.get("viewBox")


MEASURE = """<!DOCTYPE html>
<html><body style="margin:0">
<iframe id="page" src="{src}" style="width:{width}px;height:900px;border:0"></iframe>
<script>
document.getElementById("page").addEventListener("load", function () {{
  var d = this.contentDocument, e = d.documentElement, wide = [];
  d.querySelectorAll("body *").forEach(function (n) {{
    var r = n.getBoundingClientRect();
    if (r.width && r.right > e.clientWidth + 1) wide.push(n.tagName + "." + n.className);
  }});
  document.body.insertAdjacentHTML("beforeend", "<pre id=result></pre>");
  document.getElementById("result").textContent = JSON.stringify(
    {{scrollWidth: e.scrollWidth, clientWidth: e.clientWidth, wide: wide.slice(0, 20)}});
}});
</script>
</body></html>
"""
"""A test page (not the report: the report runs no script) that loads the report
in a frame of a given width and writes down what sticks out to the right."""


def overflow(base: str, root: Path, page: str, width: int, profile: Path) -> dict[str, Any]:
    name = f"measure-{Path(page).stem}-{width}.html"
    (root / name).write_text(MEASURE.format(src=page, width=width), encoding="utf-8")
    done = chromium(profile, "--virtual-time-budget=10000", "--dump-dom", f"{base}/{name}")
    (result,) = lxml_html.document_fromstring(done.stdout).xpath('//pre[@id="result"]')
    measured: dict[str, Any] = json.loads(result.text_content())
    return measured


@pytest.mark.parametrize("width", [1280, 688])
def test_nothing_spills_out_of_the_page(
    county_report: tuple[str, str], served: tuple[str, Path], tmp_path: Path, width: int
) -> None:
    """At a desktop width and at an A4 page's printable width (182 mm), the county
    report and a report full of hostile, very long Chinese text and long unbroken
    strings fit: no horizontal scrolling, no element past the right edge."""
    base, root = served
    store, graph = hostile_store(root / f"hostile-{width}.db")
    with store:
        text = render_report(build_report(View(store, graph, None, LOOK), Period(None, None, TZ)))
    (root / "hostile.html").write_text(text, encoding="utf-8")
    for page in ("county.html", "hostile.html"):
        measured = overflow(base, root, page, width, tmp_path / "profile")
        assert measured["wide"] == [], (page, measured)
        assert measured["scrollWidth"] <= measured["clientWidth"], (page, measured)


def test_the_report_prints_to_a4_pages(county_report: tuple[str, str], tmp_path: Path) -> None:
    """Printing gives a PDF of several A4 pages (595 × 842 points)."""
    url, _ = county_report
    pdf = tmp_path / "report.pdf"
    done = chromium(tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", url)
    assert console(done.stderr) == []
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    assert pages >= 2
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data))
    assert boxes and all(abs(float(w) - 595.9) < 2 and abs(float(h) - 842.9) < 2 for w, h in boxes)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def screenshot(url: str, out: Path, profile: Path, width: int = 1280, height: int = 1500) -> None:
    chromium(profile, f"--window-size={width},{height}", f"--screenshot={out}", url)


def test_a_screenshot_is_taken_at_the_window_size(
    county_report: tuple[str, str], tmp_path: Path
) -> None:
    url, _ = county_report
    out = tmp_path / "shot.png"
    screenshot(url, out, tmp_path / "profile", 1000, 800)
    assert png_size(out) == (1000, 800)
    assert out.stat().st_size > 20_000  # a blank page compresses to a few kilobytes


def write_readme_screenshot(out: Path) -> None:
    """The README's picture: the county report of the 派驻第二纪检监察组组长."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        graph = build_county_store(root / "county.db")
        with SqliteStore(root / "county.db") as store:
            (root / "county.html").write_text(county_html(store, graph), encoding="utf-8")
        screenshot((root / "county.html").as_uri(), out, root / "profile", 1200, 2050)


if __name__ == "__main__":
    write_readme_screenshot(Path(sys.argv[1]))
    print(f"{sys.argv[1]}: {png_size(Path(sys.argv[1]))}, {Path(sys.argv[1]).stat().st_size} bytes")
