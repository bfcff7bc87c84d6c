"""XES logs as events: the streaming reader (plain, gzip, namespaces, malformed files),
mapping files (loading, binding to event types, how attributes become fields), the
time ordering in bounded memory, and `riskwarn run --mapping`."""

from __future__ import annotations

import gzip
import json
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from riskwarn.cli import main
from riskwarn.compiler import event_types
from riskwarn.errors import EventError
from riskwarn.events import EventTypes, Quarantine, Rejected, read_events
from riskwarn.rules.loader import load_ruleset
from riskwarn.xes import BUILTIN_MAPPINGS, load_mapping, read_traces, read_xes, time_ordered
from riskwarn.xes.mapping import field_name

ROOT = Path(__file__).resolve().parent.parent

STEP = {
    "case": "text",
    "activity": "text",
    "document": "text?",
    "status": "text?",
    "role": "text?",
    "amount": "decimal?",
    "budget": "decimal?",
    "case_budget_number": "text?",
    "org_group": "text?",
}


def _types() -> EventTypes:
    types = EventTypes()
    types.declare("step", STEP)
    types.declare("trip", {"case": "text", "activity": "text"})
    return types


def _event(activity: str, time: str, **attributes: str) -> str:
    lines = [f'<string key="concept:name" value="{activity}"/>']
    lines += [f'<string key="{k.replace("_", ":")}" value="{v}"/>' for k, v in attributes.items()]
    if time:
        lines.append(f'<date key="time:timestamp" value="{time}"/>')
    return "    <event>\n" + "".join(f"      {line}\n" for line in lines) + "    </event>\n"


def _trace(case: str | None, *events: str, **attributes: str) -> str:
    head = [] if case is None else [f'<string key="concept:name" value="{case}"/>']
    head += [f'<string key="{k.replace("_", " ")}" value="{v}"/>' for k, v in attributes.items()]
    return (
        "  <trace>\n" + "".join(f"    {line}\n" for line in head) + "".join(events) + "  </trace>\n"
    )


def _log(*traces: str, namespace: bool = True) -> str:
    ns = ' xmlns="http://www.xes-standard.org/"' if namespace else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<log xes.version="1.0"{ns}>\n'
        '  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>\n'
        '  <global scope="event">\n    <string key="org:resource" value="UNKNOWN"/>\n  </global>\n'
        '  <string key="concept:name" value="a test log"/>\n' + "".join(traces) + "</log>\n"
    )


SUBMIT = "Declaration SUBMITTED by EMPLOYEE"
APPROVE = "Declaration FINAL_APPROVED by SUPERVISOR"

LOG = _log(
    _trace(
        "declaration 1",
        _event(
            SUBMIT, "2017-01-09T09:00:00+01:00", org_resource="STAFF MEMBER", org_role="EMPLOYEE"
        ),
        _event(APPROVE, "2017-01-11T10:00:00+01:00", org_resource="p7", org_role="SUPERVISOR"),
        _event("Payment Handled", "2017-01-12T17:00:00+01:00", org_resource="SYSTEM"),
        Amount="26.85120450862128",
        BudgetNumber="budget 7",
        Cost_Type="0",
    ),
    _trace(
        "declaration 2",
        _event(SUBMIT, "2017-01-10T08:00:00+01:00", org_resource="p8", org_group="UNKNOWN"),
        _event("Start trip", "2017-01-09T00:00:00+01:00"),
        Amount="100",
    ),
)

MAPPING = """\
mapping: test
type: step
case: concept:name
actor: org:resource
anonymized: [STAFF MEMBER, SYSTEM]
missing: [UNKNOWN]
fields:
  role: org:role
  amount: [case:Missing, case:Amount]
activities:
  - match: "(?P<document>Declaration|Permit) (?P<status>[A-Z_]+) by .+"
  - {match: "Start trip", type: trip}
  - {match: "Send Reminder", skip: true}
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _line(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line of the ``nth`` line containing ``needle``."""
    found = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    return found[nth - 1]


def _read(tmp_path: Path, log: str, mapping: str = MAPPING, **kw: Any) -> list[Any]:
    path = _write(tmp_path, "log.xes", log)
    mapping_file = _write(tmp_path, "m.yaml", mapping)
    return list(read_xes(path, load_mapping(mapping_file), _types(), **kw))


# -- the reader ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["log.xes", "log.xes.gz", "log-without-suffix"])
@pytest.mark.parametrize("namespace", [True, False])
def test_traces_are_read_with_their_attributes_plain_or_gzip(
    tmp_path: Path, name: str, namespace: bool
) -> None:
    """Gzip is told by the first bytes; the XES namespace is optional; log-level
    attributes, extensions and globals are not part of any trace."""
    text = _log(
        _trace("c1", _event("A", "2020-01-01T00:00:00+01:00"), Amount="1.5"), namespace=namespace
    )
    path = _write(tmp_path, name, text) if name != "log-without-suffix" else tmp_path / name
    if name == "log-without-suffix":
        path.write_bytes(gzip.compress(text.encode()))
    traces = list(read_traces(path))
    assert [(t.number, t.line, t.attributes) for t in traces] == [
        (1, _line(text, "<trace>"), {"concept:name": "c1", "Amount": "1.5"})
    ]
    assert [(e.line, e.attributes) for e in traces[0].events] == [
        (
            _line(text, "<event>"),
            {"concept:name": "A", "time:timestamp": "2020-01-01T00:00:00+01:00"},
        )
    ]


def test_nested_attributes_and_lists_are_not_read_as_values(tmp_path: Path) -> None:
    text = _log(
        '  <trace>\n    <string key="concept:name" value="c1"/>\n'
        '    <float key="meta" value="2.0">\n      <float key="inner" value="1.0"/>\n    </float>\n'
        '    <list key="items">\n      <values><string key="x" value="y"/></values>\n    </list>\n'
        "  </trace>\n"
    )
    traces = list(read_traces(_write(tmp_path, "n.xes", text)))
    assert traces[0].attributes == {"concept:name": "c1", "meta": "2.0"}


ONE = _log(_trace("c1", _event("A", "2020-01-01T00:00:00Z")))


def _error(tmp_path: Path, text: str) -> str:
    path = _write(tmp_path, "bad.xes", text)
    with pytest.raises(EventError) as caught:
        list(read_traces(path))
    return str(caught.value).removeprefix(f"{path}:")


def test_a_malformed_log_is_an_error_at_its_file_and_line(tmp_path: Path) -> None:
    unclosed = ONE.replace("  </event>\n", "", 1)
    assert _error(tmp_path, unclosed) == (
        f"{_line(unclosed, '</trace>')}: invalid XES: Opening and ending tag mismatch: "
        f"event line {_line(unclosed, '<event>')} and trace"
    )
    cut = ONE.replace("</trace>", "</trace")
    assert _error(tmp_path, cut) == f"{_line(cut, '</log>')}: invalid XES: expected '>'"
    assert _error(tmp_path, "") == "1: invalid XES: no element found"


def test_a_file_that_is_not_an_xes_log_is_an_error(tmp_path: Path) -> None:
    text = '<?xml version="1.0"?>\n<events>\n<event/>\n</events>\n'
    assert _error(tmp_path, text) == "2: expected an XES log (a <log> root element), got <events>"


def test_a_log_with_an_external_entity_is_refused_not_expanded(tmp_path: Path) -> None:
    """Entities are not resolved: a log cannot pull in other files."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    text = (
        f'<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY s SYSTEM "file://{secret}">]>\n'
        '<log><trace><string key="concept:name" value="&s;"/></trace></log>\n'
    )
    assert _error(tmp_path, text) == "3: invalid XES: Attribute references external entity 's'"


def test_a_document_without_xes_elements_is_not_a_log(tmp_path: Path) -> None:
    text = '<?xml version="1.0"?>\n\n<html><body/></html>\n'
    assert _error(tmp_path, text) == "3: expected an XES log (a <log> root element), got <html>"


def test_truncated_gzip_and_missing_files_are_errors(tmp_path: Path) -> None:
    whole = gzip.compress(LOG.encode())
    path = tmp_path / "cut.xes.gz"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(EventError) as caught:
        list(read_traces(path))
    assert str(caught.value).startswith(f"{path}: invalid gzip data (")
    with pytest.raises(EventError) as missing:
        list(read_traces(tmp_path / "none.xes"))
    assert str(missing.value) == f"{tmp_path / 'none.xes'}: no such file"


def test_read_events_points_an_xes_log_to_its_reader(tmp_path: Path) -> None:
    with pytest.raises(EventError) as caught:
        read_events(_write(tmp_path, "log.xes.gz", LOG))
    assert str(caught.value) == (
        f"{tmp_path / 'log.xes.gz'}: unsupported file type '.gz' (expected .jsonl, .ndjson or "
        ".csv); an XES log is read with a mapping: riskwarn.xes.read_xes (riskwarn run --mapping)"
    )


# -- mapping files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "field"),
    [
        ("Permit RequestedBudget", "permit_requested_budget"),
        ("org:group", "org_group"),
        ("AMOUNT_REQ", "amount_req"),
        ("RequestedAmount_0", "requested_amount_0"),
        ("travel permit number", "travel_permit_number"),
        ("1st", "a_1st"),
    ],
)
def test_an_attribute_key_becomes_a_snake_case_field_name(key: str, field: str) -> None:
    assert field_name(key) == field


def test_a_mapping_file_with_mistakes_lists_each_at_its_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "m.yaml",
        "mapping: test\ntyp: step\nactivities:\n  - match: '(unclosed'\n  - {match: x, skipp: true}\n",
    )
    with pytest.raises(EventError) as caught:
        load_mapping(path)
    assert str(caught.value).splitlines() == [
        f"{path}:1: missing required field 'type'",
        f"{path}:2: unknown field 'typ' (did you mean 'type'?)",
        f"{path}:4: activities[0].match: not a regular expression (missing ), unterminated subpattern at position 0)",
        f"{path}:5: activities[1]: unknown field 'skipp' (did you mean 'skip'?)",
    ]


def test_a_mapping_that_does_not_fit_the_event_types_is_refused_at_its_lines(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path,
        "m.yaml",
        "mapping: test\ntype: step\nfields:\n  rol: org:role\n  time: x\n"
        "activities:\n  - match: '(?P<stat>.+)'\n  - {match: y, type: stepp}\n"
        "  - {match: z, set: {documnt: d}}\n",
    )
    with pytest.raises(EventError) as caught:
        load_mapping(path).bind(_types())
    assert str(caught.value).splitlines() == [
        f"{path}:4: fields.rol: event type 'step' has no field 'rol' (did you mean 'role'?)",
        f"{path}:5: fields.time: 'time' is set by the mapping's own key, not a field",
        f"{path}:7: activities[0]: event type 'step' has no field 'stat' (did you mean 'status'?)",
        f"{path}:8: activities[1].type: unknown event type 'stepp' (did you mean 'step'?)",
        f"{path}:9: activities[2].set.documnt: event type 'step' has no field 'documnt' (did you mean 'document'?)",
    ]


def test_an_unknown_mapping_name_suggests_a_built_in_one() -> None:
    with pytest.raises(EventError) as caught:
        load_mapping("bpic202")
    assert str(caught.value) == "bpic202: no such mapping file (did you mean 'bpic2020'?)"


@pytest.mark.parametrize(
    ("mapping", "ruleset"),
    [("bpic2020", "reimbursement"), ("wabo", "permits"), ("bpic2012", "loans")],
)
def test_each_built_in_mapping_fits_the_event_type_of_its_ruleset(
    mapping: str, ruleset: str
) -> None:
    rs = load_ruleset(ROOT / "rulesets" / f"{ruleset}.yaml")
    mapper = load_mapping(mapping).bind(event_types([rs]))
    assert mapper.file.mapping.type in rs.event_types
    assert (BUILTIN_MAPPINGS / f"{mapping}.yaml").is_file()


# -- events -------------------------------------------------------------------------------


def test_attributes_become_fields_as_the_mapping_says(tmp_path: Path) -> None:
    events = _read(tmp_path, LOG)
    got = [e.model_dump(exclude_none=True) for e in events]
    assert got == [
        {
            "id": "declaration 2/2",
            "type": "trip",
            "time": datetime(2017, 1, 9, tzinfo=UTC) - timedelta(hours=1),
            "case": "declaration 2",
            "activity": "Start trip",
        },
        {
            "id": "declaration 1/1",
            "type": "step",
            "time": datetime(2017, 1, 9, 8, tzinfo=UTC),
            "case": "declaration 1",
            "activity": SUBMIT,
            "document": "Declaration",
            "status": "SUBMITTED",
            "role": "EMPLOYEE",  # actor STAFF MEMBER: anonymized, absent
            "amount": Decimal("26.85120450862128"),  # exact, from the second reference
            "case_budget_number": "budget 7",  # kept: the type has a field of that name
        },
        {
            "id": "declaration 2/1",
            "type": "step",
            "time": datetime(2017, 1, 10, 7, tzinfo=UTC),
            "actor": "p8",
            "case": "declaration 2",
            "activity": SUBMIT,
            "document": "Declaration",
            "status": "SUBMITTED",
            "amount": Decimal(100),  # org:group UNKNOWN: missing, not kept
        },
        {
            "id": "declaration 1/2",
            "type": "step",
            "time": datetime(2017, 1, 11, 9, tzinfo=UTC),
            "actor": "p7",
            "case": "declaration 1",
            "activity": APPROVE,
            "document": "Declaration",
            "status": "FINAL_APPROVED",
            "role": "SUPERVISOR",
            "amount": Decimal("26.85120450862128"),
            "case_budget_number": "budget 7",
        },
        {
            "id": "declaration 1/3",
            "type": "step",
            "time": datetime(2017, 1, 12, 16, tzinfo=UTC),
            "case": "declaration 1",
            "activity": "Payment Handled",
            "amount": Decimal("26.85120450862128"),
            "case_budget_number": "budget 7",
        },
    ]


def test_stats_count_what_was_read_skipped_anonymized_and_not_kept(tmp_path: Path) -> None:
    log = LOG.replace("Start trip", "Send Reminder")
    path = _write(tmp_path, "log.xes", log)
    xes = read_xes(path, load_mapping(_write(tmp_path, "m.yaml", MAPPING)), _types())
    assert len(list(xes)) == 4
    stats = xes.stats
    assert (stats.traces, stats.read, stats.events, stats.refused, stats.skipped) == (2, 5, 4, 0, 1)
    assert stats.anonymized == 2
    assert dict(stats.unkept) == {"case:Cost Type": 3}
    assert stats.summary() == (
        f"{path}: 2 traces, 5 events read: 4 accepted, 1 skipped; actor anonymized in 2; "
        "attributes not kept (no field for them): case:Cost Type"
    )


def test_unmatched_activities_are_skipped_when_the_mapping_says_so(tmp_path: Path) -> None:
    events = _read(tmp_path, LOG, MAPPING + "unmatched: skip\n")
    assert [e.activity for e in events] == ["Start trip", SUBMIT, SUBMIT, APPROVE]


def test_an_id_attribute_gives_the_event_id_and_a_repeat_is_quarantined(tmp_path: Path) -> None:
    log = _log(
        _trace(
            "c1",
            _event("A", "2020-01-01T00:00:00+01:00", id="e1"),
            _event("B", "2020-01-02T00:00:00+01:00", id="e1"),
        )
    )
    refused: list[Rejected] = []
    events = _read(tmp_path, log, MAPPING + "id: id\n", quarantine=Quarantine(refused.append))
    assert [e.id for e in events] == ["e1"]
    path = tmp_path / "log.xes"
    assert [r.reason for r in refused] == [
        f"{path}:{_line(log, '<event>', 2)}: step.id: duplicate event id 'e1' "
        f"(first at {path}:{_line(log, '<event>', 1)})"
    ]


def test_bad_events_are_quarantined_with_file_line_and_reason(tmp_path: Path) -> None:
    """Reading goes on past each; the raw record holds the trace's and event's attributes."""
    log = _log(
        _trace(
            "c1",
            _event("A", ""),  # no time
            _event("B", "2020-01-01T10:00:00"),  # no zone
            _event("C", "2020-01-01T10:00:00+01:00", Amount="x"),
            _event("D", "2020-01-01T11:00:00+01:00"),
            Amount="lots",
        ),
        _trace(None, _event("E", "2020-01-01T12:00:00+01:00")),
        _trace("c3", _event("F", "2020-01-02T12:00:00+01:00")).replace(
            '<string key="concept:name" value="F"/>', '<string key="concept:name"/>'
        ),
    )
    refused: list[Rejected] = []
    events = _read(tmp_path, log, quarantine=Quarantine(refused.append))
    assert events == []
    path = tmp_path / "log.xes"
    event = [_line(log, "<event>", n) for n in range(1, 7)]
    assert [r.reason for r in refused] == [
        f"{path}:{event[0]}: the event has no time (attribute 'time:timestamp')",
        f"{path}:{event[1]}: step.time: expected a date-time with a time zone, got "
        "'2020-01-01T10:00:00' (add the offset, e.g. +08:00)\n"
        f"{path}:{event[1]}: step.amount: expected a decimal number, got 'lots'",
        f"{path}:{event[2]}: step.amount: expected a decimal number, got 'lots'",
        f"{path}:{event[3]}: step.amount: expected a decimal number, got 'lots'",
        f"{path}:{event[4]}: the trace (line {_line(log, '<trace>', 2)}) has no case id "
        "(attribute 'concept:name')",
        f"{path}:{event[5]}: line {event[5] + 1}: <string> attribute without a value; "
        "the event has no activity (attribute 'concept:name')",
    ]
    assert refused[3].raw == {
        "trace": {"concept:name": "c1", "Amount": "lots"},
        "event": {"concept:name": "D", "time:timestamp": "2020-01-01T11:00:00+01:00"},
    }


def test_without_a_quarantine_the_first_bad_event_raises(tmp_path: Path) -> None:
    log = _log(_trace("c1", _event("A", "")))
    with pytest.raises(EventError) as caught:
        _read(tmp_path, log)
    assert str(caught.value) == (
        f"{tmp_path / 'log.xes'}:{_line(log, '<event>')}: the event has no time "
        "(attribute 'time:timestamp')"
    )


# -- time order ---------------------------------------------------------------------------


@pytest.mark.parametrize("buffer", [1, 3, 7, 1000])
def test_events_come_in_time_order_and_ties_in_input_order(buffer: int) -> None:
    """Through temporary runs (merged 16 at a time) and back, events are unchanged."""
    rng = random.Random(buffer)
    types = _types()
    start = datetime(2020, 1, 1, tzinfo=UTC)
    items = [
        {
            "id": f"e{i}",
            "type": "step",
            "time": (start + timedelta(minutes=rng.randrange(40))).isoformat(),
            "case": f"c{i % 5}",
            "activity": "A",
            "amount": Decimal(rng.randrange(1000)) / 100,
        }
        for i in range(300)
    ]
    events = list(read_events(items, types))
    ordered = list(time_ordered(iter(events), buffer))
    expected = [e for _, e in sorted(enumerate(events), key=lambda p: (p[1].time, p[0]))]
    assert ordered == expected
    assert [e.model_fields_set for e in ordered] == [e.model_fields_set for e in expected]


def test_a_buffer_must_hold_an_event() -> None:
    with pytest.raises(ValueError, match="buffer must be at least 1, got 0"):
        list(time_ordered(iter([]), 0))


# -- riskwarn run -------------------------------------------------------------------------

RULES = {
    "ruleset": "t",
    "version": "1",
    "title": "t",
    "event_types": {"step": STEP, "trip": {"case": "text", "activity": "text"}},
    "rules": [
        {
            "id": "paid_without_approval",
            "title": "t",
            "level": "red",
            "category": "c",
            "basis": "b",
            "when": {"event": "step as pay", "if": "pay.activity == 'Payment Handled'"},
            "unless": {
                "event": "step as ok",
                "if": "ok.status == 'FINAL_APPROVED' and ok.case == pay.case",
                "within": "30d",
            },
            "subject": "pay.case",
        }
    ],
}


def _cli(tmp_path: Path, log: str, *extra: str) -> Any:
    rules = _write(tmp_path, "rules.yaml", json.dumps(RULES))
    path = _write(tmp_path, "log.xes.gz", log)
    mapping = _write(tmp_path, "m.yaml", MAPPING)
    args = ["run", "--rules", str(rules), "--events", str(path), "--mapping", str(mapping)]
    return CliRunner().invoke(main, [*args, "--format", "jsonl", *extra])


def test_run_reads_an_xes_log_with_a_mapping(tmp_path: Path) -> None:
    approved = LOG
    unapproved = LOG.replace(APPROVE, "Declaration REJECTED by SUPERVISOR")
    assert _cli(tmp_path, approved).stdout == ""
    result = _cli(tmp_path, unapproved)
    assert result.exit_code == 0, result.output
    warnings = [json.loads(line) for line in result.stdout.splitlines()]
    assert [
        (w["rule"], w["subject"]["id"], [e["id"] for e in w["evidence"]["events"]])
        for w in warnings
    ] == [("paid_without_approval", "declaration 1", ["declaration 1/3"])]
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'log.xes.gz'}: 2 traces, 5 events read: 5 accepted; actor anonymized in 2; "
        "attributes not kept (no field for them): case:Cost Type"
    ]


def test_run_quarantines_bad_events_of_an_xes_log(tmp_path: Path) -> None:
    log = LOG.replace('value="2017-01-10T08:00:00+01:00"', 'value="soon"')
    quarantine = tmp_path / "q.jsonl"
    result = _cli(tmp_path, log, "--quarantine", str(quarantine))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == f"1 event(s) quarantined (see {quarantine})"
    (record,) = [json.loads(line) for line in quarantine.read_text().splitlines()]
    assert (record["source"], record["line"]) == (
        str(tmp_path / "log.xes.gz"),
        _line(log, "<event>", 4),
    )
    assert record["reason"].endswith(
        "step.time: expected a date-time with a time zone (ISO 8601, e.g. '2024-03-01T09:30:00+08:00'), got 'soon'"
    )


def test_run_refuses_a_malformed_log_with_its_line(tmp_path: Path) -> None:
    log = LOG.replace("  </event>\n", "", 1)
    result = _cli(tmp_path, log)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path / 'log.xes.gz'}:{_line(log, '</trace>')}: invalid XES: Opening and ending "
        f"tag mismatch: event line {_line(log, '<event>')} and trace\n"
    )


def test_run_needs_a_mapping_for_an_xes_log_and_an_xes_log_for_a_mapping(
    tmp_path: Path,
) -> None:
    rules = _write(tmp_path, "rules.yaml", json.dumps(RULES))
    log = _write(tmp_path, "log.xes", LOG)
    other = _write(tmp_path, "e.jsonl", "")
    run = ["run", "--rules", str(rules), "--events"]
    no_mapping = CliRunner().invoke(main, [*run, str(log)])
    assert (no_mapping.exit_code, no_mapping.stderr) == (
        1,
        f"{log}: an XES log needs a mapping (a mapping file, or one of bpic2012, bpic2020, wabo)\n",
    )
    no_log = CliRunner().invoke(main, [*run, str(other), "--mapping", "wabo"])
    assert (no_log.exit_code, no_log.stderr) == (
        1,
        "a mapping is for XES logs (.xes, .xes.gz); no events file is one\n",
    )
