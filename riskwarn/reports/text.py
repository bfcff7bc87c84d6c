"""Values as reports show them: nothing from the data is ever interpreted.

In HTML, Jinja's autoescaping turns ``<``, ``>``, ``&`` and quotes into
entities; in Markdown, `md_escape` puts a backslash before every character that
could start markup, turns ``<`` ``>`` ``&`` into escapes too (Markdown passes
raw HTML through) and line breaks into ``<br>``, so a value cannot end a table
row or start a block. In both, invisible control characters — bidirectional
overrides and isolates (which can make text read in another order than it is
stored, "Trojan Source") and C0 controls — are shown as ``[U+202E]``.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

__all__ = ["html_value", "md_escape", "show_controls"]

_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
"""C0 controls but tab and line breaks, DEL, and every bidirectional control."""

_MD_INLINE = re.compile(r"([\\`*_{}\[\]<>()#+!|~$&^\"])")
"""ASCII punctuation that starts, ends or changes inline Markdown (CommonMark
lets any ASCII punctuation be escaped with a backslash); ``-``, ``.`` and ``:``
stay readable, as dates and times are full of them."""

_MD_BLOCK_START = re.compile(r"^(\s*)([-=>]|\d+(?=[.)]))")
"""What would start a list, a setext heading or a quote at the start of a value."""

_MD_AUTOLINK = re.compile(r"(?i)\b(www)\.|\b([a-z][a-z0-9+.-]*):(?=//)")
"""``www.`` and ``scheme://``, which GFM would turn into links."""

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")


def show_controls(text: str) -> str:
    """``text`` with each control character replaced by a visible ``[U+XXXX]``."""
    return _CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def html_value(value: Any) -> Any:
    """Jinja ``finalize`` for HTML: strings get their controls shown (autoescaping
    then escapes them); `Markup` built by the templates passes as it is."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return show_controls(value) if isinstance(value, str) else value


def md_escape(value: Any) -> str:
    """Jinja ``finalize`` for Markdown: any value as inert Markdown text, safe in a
    table cell, a heading or a list item (`Markup` passes as it is)."""
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    text = show_controls(str(value))
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_AUTOLINK.sub(
        lambda m: f"{m.group(1)}\\." if m.group(1) else f"{m.group(2)}\\:", text
    )
    text = _MD_BLOCK_START.sub(_escape_start, text)
    return _LINE_BREAKS.sub("<br>", text)


def _escape_start(m: re.Match[str]) -> str:
    space, mark = m.group(1), m.group(2)
    if mark.isdigit():  # ``1.`` or ``1)``: escape the punctuation after the number
        return space + mark + "\\"
    return space + "\\" + mark
