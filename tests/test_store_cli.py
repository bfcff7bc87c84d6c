"""`riskwarn run --store`, `riskwarn inbox …` and `riskwarn audit verify` on the
example county and its service-efficiency rules.

The run stores three warnings: 侯杰 (p104, transport) refused a request at first
contact (orange, 28 April), and 龙荣华 (p102, deputy head of natural resources)
did not complete sr-1 in time (a blue reminder on 7 May, yellow on 8 May). All
three go to 蔡淑珍 (p003, line), 汪红霞 (p053, discipline) and 侯彩霞 (p122,
audit); p102's also to 唐博文 (p166, organization).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskwarn.cli import main

REPO = Path(__file__).resolve().parent.parent
ORG = str(REPO / "examples" / "county" / "org")
RUN = [
    "run",
    "--org",
    ORG,
    "--rules",
    str(REPO / "examples" / "service" / "rules.yaml"),
    "--events",
    str(REPO / "examples" / "service" / "events.jsonl"),
    "--until",
    "2026-05-31",
    "--format",
    "jsonl",
]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def store(tmp_path: Path) -> str:
    path = str(tmp_path / "inbox.db")
    code, _, err = invoke(*RUN, "--store", path)
    assert code == 0, err
    return path


def inbox(
    store: str, command: str, *args: str, viewer: str | None = "p053"
) -> tuple[int, str, str]:
    who = ["--as", viewer] if viewer else []
    return invoke("inbox", command, *args, "--store", store, "--org", ORG, *who)


def listed(store: str, viewer: str, *args: str) -> list[dict]:  # type: ignore[type-arg]
    code, out, err = inbox(store, "list", "--format", "json", *args, viewer=viewer)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def ids_by_rule(store: str) -> dict[tuple[str, str], str]:
    return {(w["warning"]["rule"], w["level"]): w["id"] for w in listed(store, "p053")}


def test_run_with_a_store_keeps_the_warnings_once(tmp_path: Path) -> None:
    path = str(tmp_path / "inbox.db")
    code, out, err = invoke(*RUN, "--store", path)
    assert code == 0, err
    assert len(out.splitlines()) == 3
    assert "3 warning(s) stored in " + path + " (3 new, 0 updated, 0 already there)" in err
    code, again, err = invoke(*RUN, "--store", path)
    assert code == 0, err
    assert again == out
    assert "(0 new, 0 updated, 3 already there)" in err


def test_list_shows_a_recipient_their_open_warnings_most_severe_first(store: str) -> None:
    found = listed(store, "p053")
    assert [(w["level"], w["state"], w["warning"]["subject"]["id"]) for w in found] == [
        ("orange", "open", "p104"),
        ("yellow", "open", "p102"),
        ("blue", "open", "p102"),
    ]
    assert [r["person"]["id"] for r in found[1]["recipients"]] == ["p003", "p053", "p166", "p122"]
    assert found[1]["units"] == ["natural_resources"]


def test_list_is_scoped_to_the_viewer(store: str) -> None:
    """The organization department sees p102's warnings only; the head of natural
    resources leads p102's unit; another discipline group and p102 himself see none."""
    assert [w["warning"]["subject"]["id"] for w in listed(store, "p166")] == ["p102", "p102"]
    assert [w["warning"]["subject"]["id"] for w in listed(store, "p096")] == ["p102", "p102"]
    assert listed(store, "p061") == []
    assert listed(store, "p102") == []
    code, out, _ = inbox(store, "list", viewer="p102")
    assert (code, out) == (0, "No warnings for p102.\n")


def test_list_filters_by_level_and_state(store: str) -> None:
    assert [w["level"] for w in listed(store, "p053", "--level", "blue", "--level", "orange")] == [
        "orange",
        "blue",
    ]
    assert listed(store, "p053", "--state", "closed") == []
    assert len(listed(store, "p053", "--all", "--since", "2026-05-01")) == 2


def test_the_table_lists_id_level_state_and_message(store: str) -> None:
    code, out, _ = inbox(store, "list")
    assert code == 0
    assert "open 待处理" in out
    assert "首问即拒" in out
    assert out.rstrip().endswith("3 warning(s)")


def test_another_units_supervisor_is_refused_with_the_reason(store: str) -> None:
    wid = ids_by_rule(store)[("not_completed_in_time", "yellow")]
    for command in ("show", "ack"):
        code, out, err = inbox(store, command, wid, viewer="p061")
        assert code == 1
        assert out == ""
        assert err.startswith(f"person 'p061' may not see warning '{wid}': it is not routed")


def test_a_recipient_handles_a_warning_from_acknowledgement_to_closing(store: str) -> None:
    wid = ids_by_rule(store)[("not_completed_in_time", "blue")]
    at = ["--at", "2026-05-08T10:00:00+08:00"]
    assert inbox(store, "ack", wid, "--note", "收到", *at) == (
        0,
        f"{wid}: open → acknowledged (已签收)\n",
        "",
    )
    code, _, err = inbox(store, "dispose", wid, "--disposition", "予以了结", *at)
    assert code == 1
    assert "needs a reason" in err
    code, out, err = inbox(
        store,
        "dispose",
        wid,
        "--disposition",
        "予以了结",
        "--note",
        "5月6日已办结，系统未同步",
        *at,
    )
    assert (code, out) == (
        0,
        f"{wid}: acknowledged → disposed (已处置) (no_violation 予以了结)\n",
    ), err
    assert inbox(store, "close", wid, *at)[1] == f"{wid}: disposed → closed (已办结)\n"
    code, _, err = inbox(store, "close", wid, *at)
    assert code == 1
    assert err == (
        f"warning '{wid}' is closed (已办结): cannot close (办结) it; allowed: none, closed is final\n"
    )
    code, out, _ = inbox(store, "show", wid)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{wid}  blue (蓝色)  closed (已办结)"
    assert "  disposed:  no_violation (予以了结): 5月6日已办结，系统未同步" in lines
    assert "  subject:   龙荣华 (person p102); units natural_resources" in lines
    assert lines[-4:] == [
        "  #4 2026-05-07T00:00:00+08:00 stored by riskwarn → open",
        "  #6 2026-05-08T10:00:00+08:00 acknowledge by p053 open → acknowledged — 收到",
        "  #7 2026-05-08T10:00:00+08:00 dispose by p053 acknowledged → disposed — 5月6日已办结，系统未同步",
        "  #8 2026-05-08T10:00:00+08:00 close by p053 disposed → closed",
    ]


def test_show_as_json_carries_the_history(store: str) -> None:
    wid = ids_by_rule(store)[("rejected_by_first_receiver", "orange")]
    code, out, _ = inbox(store, "show", wid, "--format", "json", viewer="p003")
    assert code == 0
    data = json.loads(out)
    assert data["warning"]["subject"]["name"] == "侯杰"
    assert [(h["action"], h["to"]) for h in data["history"]] == [("stored", "open")]


def test_escalate_due_in_event_time_then_by_hand(store: str) -> None:
    """As of 5 May the orange warning of 28 April (2 working days: 29, 30 April)
    is red and with the county head and the discipline deputy secretary above its
    line and discipline recipients; its next deadline falls after the May Day
    holidays. Then p003 refers the yellow one up by hand: it goes also to the
    county party secretary, above its organization-department recipient."""
    ids = ids_by_rule(store)
    code, out, err = invoke(
        "inbox", "escalate", "--due", "--at", "2026-05-05", "--store", store, "--org", ORG
    )
    assert code == 0, err
    orange = ids[("rejected_by_first_receiver", "orange")]
    assert out.splitlines() == [
        "1 warning(s) escalated as of 2026-05-06T00:00:00+08:00",
        f"  {orange} orange → red: p014, p134",
    ]
    yellow = ids[("not_completed_in_time", "yellow")]
    code, out, err = inbox(store, "escalate", yellow, "--note", "需县政府协调", viewer="p003")
    assert (code, out) == (0, f"{yellow}: yellow → orange; now also with p014, p134, p169\n"), err
    # the county head leads the county government: he sees the blue reminder too
    assert [w["level"] for w in listed(store, "p014")] == ["red", "orange", "blue"]


def test_escalate_needs_an_id_or_due(store: str) -> None:
    code, _, err = invoke("inbox", "escalate", "--store", store, "--org", ORG)
    assert code == 2
    assert "give either WARNING_ID (with --as and --note) or --due" in err


def test_audit_verify_on_a_store_written_by_the_commands(store: str) -> None:
    wid = ids_by_rule(store)[("not_completed_in_time", "yellow")]
    inbox(store, "ack", wid)
    code, out, _ = invoke("audit", "verify", store)
    assert code == 0
    assert out.startswith(f"{store}: audit log intact: 6 entries, head ")


def test_a_missing_store_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = inbox(str(tmp_path / "none.db"), "list")
    assert code == 2
    assert "does not exist" in err


def test_a_mitigation_recorded_in_the_inbox_keeps_later_warnings_of_the_rule_mitigated(
    tmp_path: Path,
) -> None:
    """p053 accepts the first-contact risk for p104 until the end of May: a later
    refusal by p104 arrives mitigated, not open; p061, who may not see the warning,
    cannot record one."""
    path = str(tmp_path / "inbox.db")
    code, _, err = invoke(*RUN, "--store", path)
    assert code == 0, err
    wid = ids_by_rule(path)[("rejected_by_first_receiver", "orange")]
    until = ["--reason", "窗口人手不足，已安排双人受理", "--until", "2026-05-31"]
    code, _, err = inbox(path, "mitigate", wid, *until, viewer="p061")
    assert code == 1 and "may not see warning" in err
    code, out, err = inbox(path, "mitigate", wid, *until, "--accept", "--at", "2026-05-01")
    assert code == 0, err
    assert "acceptance (风险接受) of service_efficiency/rejected_by_first_receiver for p104" in out
    assert "until 2026-06-01T00:00:00+08:00" in out
    later = tmp_path / "later.jsonl"
    later.write_text(
        '{"id": "sr-9", "type": "service_request", "time": "2026-05-12T09:00:00+08:00", '
        '"service": "食品经营许可", "first_receiver": "p104", "handler": "p104"}\n'
        '{"id": "done-9", "type": "service_completed", "time": "2026-05-12T11:00:00+08:00", '
        '"request_id": "sr-9", "outcome": "refused", "reason": "材料不全"}\n',
        encoding="utf-8",
    )
    rerun = [*RUN[: RUN.index("--events") + 1], str(later), *RUN[RUN.index("--until") :]]
    code, _, err = invoke(*rerun, "--store", path)
    assert code == 0, err
    found = listed(path, "p053", "--state", "mitigated")
    assert [(w["warning"]["rule"], w["warning"]["evidence"]["events"][0]["id"]) for w in found] == [
        ("rejected_by_first_receiver", "sr-9")
    ]
    assert wid not in {w["id"] for w in found}  # the first one stays as it was
    code, _, err = invoke("audit", "verify", path)
    assert code == 0, err


def test_all_and_state_together_are_a_usage_error(store: str) -> None:
    code, _, err = inbox(store, "list", "--all", "--state", "closed")
    assert code == 2
    assert "give --all or --state, not both" in err
