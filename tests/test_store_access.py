"""Access scoping: a viewer sees warnings routed to them or within the units and
posts they supervise or lead, as of the day they look; never one about
themselves, a post they hold, or a relative. Every list, read and change of an
`Inbox` is checked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from riskwarn.errors import OrgError
from riskwarn.model import Level
from riskwarn.store import (
    AccessDenied,
    Action,
    Disposition,
    Inbox,
    SqliteStore,
    State,
    WarningQuery,
    jurisdiction,
)
from tests.test_store_org import GRAPH, at, policy, warning

CLERK = warning("p_clerk", at(2))
CLERK2 = warning("p_clerk2", at(2))
FINHEAD = warning("p_finhead", at(3), level=Level.RED)
EDU = warning("p_educlerk", at(3))
FIN_UNIT = warning("fin", at(4), kind="unit", rule="quota")
CHIEF_POST = warning("fin_chief", at(5), kind="position", rule="concentration")
ALL = [CLERK, CLERK2, FINHEAD, EDU, FIN_UNIT, CHIEF_POST]
NAMES = {
    w.id: name
    for w, name in zip(ALL, ["clerk", "clerk2", "finhead", "edu", "fin", "chief"], strict=True)
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "w.db", policy=policy()) as s:
        s.put(ALL, graph=GRAPH)
        yield s


def seen(inbox: Inbox) -> set[str]:
    return {NAMES[s.id] for s in inbox.list(WarningQuery())}


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        # line supervisor of fin (with subunits): everything in fin
        ("p_vmf", {"clerk", "clerk2", "finhead", "fin", "chief"}),
        # discipline officer for fin: the same
        ("p_dcfin", {"clerk", "clerk2", "finhead", "fin", "chief"}),
        # the other vice mayor and discipline officer: only edu
        ("p_vme", {"edu"}),
        ("p_dcedu", {"edu"}),
        # the mayor leads the government and everything in it
        ("p_mayor", {"clerk", "clerk2", "finhead", "edu", "fin", "chief"}),
        # the head of fin leads fin: all of it but the warning about himself
        ("p_finhead", {"clerk", "clerk2", "fin", "chief"}),
        # the budget section chief leads the section, but p_clerk is his sibling
        # and the post warning is about his own post
        ("p_chief", {"clerk2"}),
        # the discipline secretary supervises posts in dc only: nothing here
        ("p_dcsec", set()),
        # a clerk sees nothing, least of all the warning about himself
        ("p_clerk", set()),
    ],
)
def test_each_viewer_sees_exactly_their_jurisdiction(
    store: SqliteStore, viewer: str, expected: set[str]
) -> None:
    assert seen(store.inbox(viewer, GRAPH, at(10))) == expected


def test_a_supervisor_cannot_read_or_change_another_units_warning(store: SqliteStore) -> None:
    """p_vme supervises edu: fin's warnings are refused with the reason, and
    nothing changes."""
    inbox = store.inbox("p_vme", GRAPH, at(10))
    for attempt in (
        lambda: inbox.read(CLERK.id),
        lambda: inbox.history(CLERK.id),
        lambda: inbox.acknowledge(CLERK.id),
        lambda: inbox.escalate(CLERK.id, "越权"),
        lambda: inbox.change(CLERK.id, Action.DISPOSE, disposition=Disposition.CIRCULAR),
    ):
        with pytest.raises(AccessDenied) as err:
            attempt()
        assert str(err.value) == (
            f"person 'p_vme' may not see warning '{CLERK.id}': it is not routed to them and "
            "its subject is outside their jurisdiction (units edu with their subunits), "
            "or it concerns them, a post they hold or a relative"
        )
    assert isinstance(err.value, PermissionError)
    assert store.get(CLERK.id).state is State.OPEN
    assert [e.action for e in store.history(CLERK.id)] == ["stored"]
    assert inbox.acknowledge(EDU.id, at=at(10)).state is State.ACKNOWLEDGED


def test_a_subject_never_sees_their_own_warning_even_when_routed_to_them(
    store: SqliteStore,
) -> None:
    """A warning about the head of edu, wrongly routed to him as well (as the
    principal of edu), stays hidden from him."""
    own = warning("p_eduhead", at(5), rule="odd")
    (head,) = GRAPH.supervisors("unit", "edu", at(5), ["line"])
    assert head.person.id == "p_eduhead"
    own = own.model_copy(update={"recipients": (*own.recipients, head)})
    store.put([own], graph=GRAPH)
    assert "p_eduhead" in [r.person.id for r in store.get(own.id).recipients]
    inbox = store.inbox("p_eduhead", GRAPH, at(10))
    assert own.id not in {s.id for s in inbox.list(WarningQuery())}
    with pytest.raises(AccessDenied):
        inbox.read(own.id)
    with pytest.raises(AccessDenied):
        inbox.acknowledge(own.id)
    assert own.id in {s.id for s in store.inbox("p_vme", GRAPH, at(10)).list()}


def test_the_holder_of_a_post_never_sees_its_warning_even_after_leaving_it(
    store: SqliteStore,
) -> None:
    """A warning about the post vm_fin in March concerns p_vmf, its holder then. Routed
    to him as well, it stays hidden from him in July, when he no longer holds it."""
    post = warning("vm_fin", at(2), kind="position", rule="concentration")
    (vmf,) = [r for r in warning("p_clerk", at(2)).recipients if r.person.id == "p_vmf"]
    store.put([post.model_copy(update={"recipients": (*post.recipients, vmf)})], graph=GRAPH)
    assert "p_vmf" in [r.person.id for r in store.get(post.id).recipients]
    assert GRAPH.positions_of("p_vmf", at(2, month=7)) == []
    inbox = store.inbox("p_vmf", GRAPH, at(2, month=7))
    assert post.id not in {s.id for s in inbox.list()}
    with pytest.raises(AccessDenied):
        inbox.read(post.id)
    assert post.id in {s.id for s in store.inbox("p_mayor", GRAPH, at(2, month=7)).list()}


def test_a_routed_recipient_sees_the_warning_outside_their_jurisdiction(
    store: SqliteStore,
) -> None:
    """Escalation brings the discipline secretary in: from then on he sees it."""
    assert CLERK.id not in {s.id for s in store.inbox("p_dcsec", GRAPH, at(10)).list()}
    store.escalate_due(at(6, 0), graph=GRAPH)
    inbox = store.inbox("p_dcsec", GRAPH, at(10))
    assert CLERK.id in {s.id for s in inbox.list()}
    assert inbox.acknowledge(CLERK.id, at=at(10)).state is State.ACKNOWLEDGED


def test_jurisdiction_is_as_of_the_day_the_viewer_looks(store: SqliteStore) -> None:
    """p_vmf left vm_fin on 1 June: after that only warnings routed to him remain;
    his successor sees fin's warnings, routed to him or not."""
    later = warning("p_clerk2", at(2, month=7), rule="late")
    store.put([later], graph=GRAPH)
    before, after = (
        store.inbox("p_vmf", GRAPH, at(30, month=5)),
        store.inbox("p_vmf", GRAPH, at(2, month=6)),
    )
    assert later.id in {s.id for s in before.list()}
    assert later.id not in {s.id for s in after.list()}
    # those routed to him while he held the post; not fin's own warning, which
    # went to the head of fin
    assert {NAMES[s.id] for s in after.list() if s.id in NAMES} == {
        "clerk",
        "clerk2",
        "finhead",
        "chief",
    }
    successor = store.inbox("p_vmf2", GRAPH, at(2, month=7))
    assert {s.id for s in successor.list()} >= {CLERK.id, later.id}


def test_jurisdiction_lists_scopes_and_leadership() -> None:
    scope = jurisdiction(GRAPH, "p_finhead", at(10))
    assert (scope.units, scope.own_units, scope.positions, scope.held) == (
        frozenset({"fin"}),
        frozenset(),
        frozenset(),
        frozenset({"fin_head"}),
    )
    assert jurisdiction(GRAPH, "p_mayor", at(10)).positions == {"vm_fin", "vm_edu"}
    assert jurisdiction(GRAPH, "p_chief", at(10)).relatives == {"p_clerk"}


def test_an_unknown_viewer_is_an_organization_error(store: SqliteStore) -> None:
    with pytest.raises(OrgError, match="no person 'p_vmff' \\(did you mean 'p_vmf'\\?\\)"):
        store.inbox("p_vmff", GRAPH, at(10))


def test_the_inbox_lists_open_work_by_default_most_severe_first(store: SqliteStore) -> None:
    inbox = store.inbox("p_vmf", GRAPH, at(10))
    inbox.acknowledge(CLERK2.id, at=at(10))
    inbox.dispose(CLERK2.id, Disposition.REMINDER_TALK, "已提醒", at=at(10, 10))
    listed = [NAMES[s.id] for s in inbox.list()]
    assert "clerk2" not in listed
    assert listed == ["finhead", "clerk", "fin", "chief"]
    assert inbox.count() == 4
