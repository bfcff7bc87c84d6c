"""The Jinja environments of the reports: templates are package data files in
``riskwarn/reports/templates/``; HTML is autoescaped and Markdown goes through
`md_escape`, so every value a template prints is inert (`riskwarn.reports.text`)."""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from riskwarn.reports.period import zh_time
from riskwarn.reports.text import html_value, md_escape

__all__ = ["cn_number", "html_env", "markdown_env", "render"]


def _when(t: datetime | None, tz: tzinfo) -> str:
    return zh_time(t, tz) if t is not None else ""


_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九: the numbering of 通报 sections
    (from 100 on, Arabic numerals)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def _environment(**options: Any) -> Environment:
    env = Environment(
        loader=PackageLoader("riskwarn.reports", "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        **options,
    )
    env.filters["when"] = _when
    env.filters["cn"] = cn_number
    return env


@cache
def html_env() -> Environment:
    """Autoescaping on for every template, controls shown (`html_value`)."""
    return _environment(autoescape=True, finalize=html_value)


@cache
def markdown_env() -> Environment:
    """No HTML escaping, but every printed value passes through `md_escape`."""
    return _environment(autoescape=False, finalize=md_escape)


def render(env: Environment, template: str, **context: Any) -> str:
    return env.get_template(template).render(**context)
