"""Comparing expected and actual warnings: one line per warning, paired by rule,
and a diff of what is missing, unexpected or different."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from riskwarn.model.warning import RiskWarning
from riskwarn.testing.fileformat import ExpectedWarning
from riskwarn.validation import show

# -- comparing ----------------------------------------------------------------------------


def warning_line(warning: RiskWarning) -> str:
    """A warning as one line: ``rule level subject time [event ids]``."""
    events = ", ".join(e.id for e in warning.evidence.events)
    return (
        f"{warning.rule} {warning.level.value} {warning.subject.id} "
        f"{warning.time.isoformat()} [{events}]"
    )


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float | str):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _same_scalar(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool) or expected is None:
        return bool(type(expected) is type(actual) and expected == actual)
    if isinstance(expected, int | Decimal):
        number = _number(actual)
        return number is not None and number == expected
    return bool(expected == actual)


def _text(value: Any) -> str:
    """A value in a mismatch: text quoted, lists in brackets, times in ISO 8601."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool) or value is None:
        return show(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def _mismatches(expected: ExpectedWarning, warning: RiskWarning) -> list[str]:
    """``field: expected X, got Y`` for each key given that the warning does not meet."""
    out: list[str] = []

    def differ(name: str, want: Any, got: Any) -> None:
        out.append(f"{name}: expected {_text(want)}, got {_text(got)}")

    given = expected.model_fields_set
    if expected.rule != warning.rule:
        differ("rule", expected.rule, warning.rule)
    if "level" in given and expected.level != warning.level:
        differ("level", expected.level and expected.level.value, warning.level.value)
    if "subject" in given and expected.subject != warning.subject.id:
        differ("subject", expected.subject, warning.subject.id)
    if "time" in given and expected.time != warning.time:
        differ("time", expected.time, warning.time)
    event_ids = [e.id for e in warning.evidence.events]
    if "events" in given and expected.events != event_ids:
        differ("events", expected.events, event_ids)
    if "count" in given and expected.count != warning.count:
        differ("count", expected.count, warning.count)
    recipients = sorted({r.person.id for r in warning.recipients})
    if "recipients" in given and sorted(set(expected.recipients or ())) != recipients:
        differ("recipients", sorted(set(expected.recipients or ())), recipients)
    if "message" in given and expected.message != warning.message:
        differ("message", expected.message, warning.message)
    contains = expected.message_contains
    if "message_contains" in given and contains is not None and contains not in warning.message:
        out.append(f"message: expected to contain {_text(contains)}, got {_text(warning.message)}")
    for name in ("actual", "threshold"):
        got = getattr(warning.evidence, name)
        if name in given and not _same_scalar(getattr(expected, name), got):
            differ(name, getattr(expected, name), got)
    return out


def _expected_line(expected: ExpectedWarning, paired: RiskWarning | None) -> str:
    """The line of an expected warning: the keys given, except that a key the paired
    warning meets is shown as the warning has it (the same instant in its zone); the
    keys not given as in the paired warning, ``*`` when there is none."""
    mine = _line_parts(expected)
    theirs = _warning_parts(paired) if paired is not None else None
    parts = [expected.rule]
    for name, value in mine.items():
        if name in expected.model_fields_set and (
            paired is None or not _meets(expected, paired, name)
        ):
            parts.append(value)
        else:
            parts.append(theirs[name] if theirs is not None else "*")
    return " ".join(parts)


def _line_parts(expected: ExpectedWarning) -> dict[str, str]:
    return {
        "level": expected.level.value if expected.level is not None else "null",
        "subject": expected.subject if expected.subject is not None else "null",
        "time": expected.time.isoformat() if expected.time is not None else "null",
        "events": f"[{', '.join(expected.events)}]" if expected.events is not None else "null",
    }


def _warning_parts(warning: RiskWarning) -> dict[str, str]:
    return {
        "level": warning.level.value,
        "subject": warning.subject.id,
        "time": warning.time.isoformat(),
        "events": f"[{', '.join(e.id for e in warning.evidence.events)}]",
    }


def _meets(expected: ExpectedWarning, warning: RiskWarning, name: str) -> bool:
    if name == "level":
        return expected.level == warning.level
    if name == "subject":
        return expected.subject == warning.subject.id
    if name == "time":
        return expected.time == warning.time
    return expected.events == [e.id for e in warning.evidence.events]


Score = tuple[int, int, int]


def _align(
    expected: Sequence[ExpectedWarning], actual: Sequence[RiskWarning]
) -> list[tuple[int | None, int | None]]:
    """Expected and actual warnings paired in order: the most exact matches, then the
    most pairs of the same rule, then the fewest mismatched keys. Unpaired ones come
    with ``None``; missing ones before unexpected ones between two pairs."""
    n, m = len(expected), len(actual)
    cost = [[_pair_score(e, a) for a in actual] for e in expected]
    best: list[list[Score]] = [[(0, 0, 0)] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            options = [best[i + 1][j], best[i][j + 1]]
            pair = cost[i][j]
            if pair is not None:
                after = best[i + 1][j + 1]
                options.append((after[0] + pair[0], after[1] + pair[1], after[2] + pair[2]))
            best[i][j] = max(options)
    out: list[tuple[int | None, int | None]] = []
    i = j = 0
    missing: list[tuple[int | None, int | None]] = []
    unexpected: list[tuple[int | None, int | None]] = []
    while i < n or j < m:
        pair = cost[i][j] if i < n and j < m else None
        if pair is not None:
            after = best[i + 1][j + 1]
            if best[i][j] == (after[0] + pair[0], after[1] + pair[1], after[2] + pair[2]):
                out += missing + unexpected + [(i, j)]
                missing, unexpected = [], []
                i, j = i + 1, j + 1
                continue
        if i < n and (j == m or best[i][j] == best[i + 1][j]):
            missing.append((i, None))
            i += 1
        else:
            unexpected.append((None, j))
            j += 1
    return out + missing + unexpected


def _pair_score(expected: ExpectedWarning, warning: RiskWarning) -> Score | None:
    if expected.rule != warning.rule:
        return None
    wrong = len(_mismatches(expected, warning))
    return (1 if wrong == 0 else 0, 1, -wrong)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def compare_warnings(
    expected: Sequence[ExpectedWarning],
    actual: Sequence[RiskWarning],
    lines: Sequence[int] | None = None,
) -> str:
    """``""`` when the warnings match the expected ones one to one, in order; else a
    readable diff.

    The diff lists the warnings one per line (`warning_line`): unchanged with two
    spaces, expected but missing with ``-``, unexpected with ``+``. An expected
    warning paired with an actual one of the same rule shows the keys it does not
    meet, as ``expect[i], line L: field: expected X, got Y``. ``lines`` are the
    lines of the expected warnings in their file.
    """
    if len(expected) == len(actual) and not any(
        _mismatches(e, a) for e, a in zip(expected, actual, strict=True)
    ):
        return ""
    pairs = _align(expected, actual)
    partner = {i: j for i, j in pairs if i is not None and j is not None}
    left = [
        _expected_line(e, actual[partner[i]] if i in partner else None)
        for i, e in enumerate(expected)
    ]
    right = [warning_line(w) for w in actual]
    out = [f"expected {_plural(len(expected), 'warning')}, got {len(actual)}:"]
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += [f"    {line}" for line in left[i1:i2]]
            continue
        out += [f"  - {line}" for line in left[i1:i2]]
        out += [f"  + {line}" for line in right[j1:j2]]
    for i, j in pairs:
        if i is None or j is None:
            continue
        where = f"expect[{i}]" + (f", line {lines[i]}" if lines is not None else "")
        out += [f"{where}: {problem}" for problem in _mismatches(expected[i], actual[j])]
    return "\n".join(out)
