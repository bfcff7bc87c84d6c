"""Escalation: a warning not handled in time rises one level and goes to the
next supervisor up.

Each level has two handling time limits (`EscalationPolicy`): to acknowledge an
open warning, and to dispose of it, both counted from the start of the current
handling period (the warning's time, the last escalation, or a reopening). An
acknowledgement counts only if it came before its deadline. When a deadline
passes while the warning still needs handling (open, acknowledged, verifying),
it rises one level (blue → yellow → orange → red; red stays red), its handling
period starts again at that deadline, and it is routed to the supervisors of
its current top recipients (`route_up`). Everything here
is pure; the store decides when to apply it: in event time in a replay, on the
wall clock in live use.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal, NamedTuple

from riskwarn.calendar import ChineseWorkCalendar, WeekendCalendar, WorkCalendar
from riskwarn.errors import OrgError, RiskwarnError, did_you_mean
from riskwarn.graph import OrgGraph
from riskwarn.model import SupervisionRole
from riskwarn.model.warning import Level, Recipient, Ref
from riskwarn.rules.duration import Duration
from riskwarn.store.errors import StoreError
from riskwarn.store.lifecycle import ACTIVE_STATES, State
from riskwarn.store.records import StoredWarning
from riskwarn.store.subject import conflicted_persons

__all__ = [
    "DEFAULT_LIMITS",
    "Deadline",
    "Escalation",
    "EscalationPolicy",
    "Handling",
    "Holder",
    "Limits",
    "Router",
    "escalate_one",
    "overdue_reason",
    "raise_level",
    "route_up",
]

Kind = Literal["acknowledge", "dispose"]


@dataclass(frozen=True, slots=True)
class Limits:
    """The handling time limits of one level."""

    acknowledge: Duration
    """From the start of the handling period to acknowledging (签收)."""
    dispose: Duration
    """From the start of the handling period to disposing (处置)."""


DEFAULT_LIMITS: Mapping[Level, Limits] = {
    Level.RED: Limits(Duration.parse("1 workday"), Duration.parse("5 workdays")),
    Level.ORANGE: Limits(Duration.parse("2 workdays"), Duration.parse("10 workdays")),
    Level.YELLOW: Limits(Duration.parse("3 workdays"), Duration.parse("15 workdays")),
    Level.BLUE: Limits(Duration.parse("5 workdays"), Duration.parse("20 workdays")),
}
"""The limits when a deployment sets none (docs/store.md, "Escalation")."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """The next deadline of a warning, and which action meets it."""

    at: datetime
    kind: Kind
    limit: Duration


_CALENDARS: dict[str, Callable[[str], WorkCalendar]] = {
    "chinese": lambda tz: ChineseWorkCalendar(tz=tz, fallback="weekends"),
    "weekends": lambda tz: WeekendCalendar(tz=tz),
}
"""The calendars a policy kept in a store may name."""


def raise_level(level: Level) -> Level:
    """One level up; red stays red."""
    return {
        Level.BLUE: Level.YELLOW,
        Level.YELLOW: Level.ORANGE,
        Level.ORANGE: Level.RED,
        Level.RED: Level.RED,
    }[level]


class EscalationPolicy:
    """Handling time limits per level, and the calendar working days are counted on.

    ``limits`` overrides the defaults per level, e.g.
    ``{"red": {"acknowledge": "4h", "dispose": "3 workdays"}}``; a level or
    field left out keeps its default. The calendar is the Chinese working-day
    calendar, counting Monday to Friday in years it has no holiday data for, so
    that escalation never stops for lack of data.

    Raises:
        StoreError: an unknown level or field, or a value that is not a duration
            (every problem listed).
    """

    def __init__(
        self,
        limits: Mapping[Level | str, Mapping[str, str | Duration]] | None = None,
        *,
        calendar: WorkCalendar | None = None,
    ):
        self.calendar: WorkCalendar = (
            calendar if calendar is not None else ChineseWorkCalendar(fallback="weekends")
        )
        table = dict(DEFAULT_LIMITS)
        problems: list[str] = []
        for name, fields in (limits or {}).items():
            try:
                level = Level(name)
            except ValueError:
                levels = [lv.value for lv in Level]
                problems.append(
                    f"escalation.{name}: no level '{name}'{did_you_mean(str(name), levels)}"
                )
                continue
            current = {"acknowledge": table[level].acknowledge, "dispose": table[level].dispose}
            for key, value in fields.items():
                if key not in current:
                    hint = did_you_mean(key, current)
                    problems.append(
                        f"escalation.{level.value}.{key}: expected acknowledge or dispose{hint}"
                    )
                    continue
                try:
                    current[key] = value if isinstance(value, Duration) else Duration.parse(value)
                except RiskwarnError as exc:
                    problems.append(f"escalation.{level.value}.{key}: {exc}")
            table[level] = Limits(current["acknowledge"], current["dispose"])
        if problems:
            raise StoreError("\n".join(problems))
        self.limits: Mapping[Level, Limits] = table

    def deadline(
        self, level: Level, state: State, clock: datetime, acknowledged_at: datetime | None
    ) -> Deadline | None:
        """The next deadline that escalates a warning if missed: acknowledging,
        unless it was acknowledged before that deadline, else disposing; None once
        it no longer needs handling (disposed, closed, mitigated).

        A warning acknowledged late is still escalated at the missed deadline."""
        if state not in ACTIVE_STATES:
            return None
        limits = self.limits[level]
        ack_due = limits.acknowledge.after(clock, self.calendar)
        dispose_due = limits.dispose.after(clock, self.calendar)
        acked_in_time = acknowledged_at is not None and acknowledged_at < ack_due
        if not acked_in_time and ack_due < dispose_due:
            return Deadline(ack_due, "acknowledge", limits.acknowledge)
        return Deadline(dispose_due, "dispose", limits.dispose)

    def settings(self) -> dict[str, Any]:
        """The policy as JSON-like data, to keep it with a store.

        Raises:
            StoreError: the calendar is not one that can be named (a
                `HolidayListCalendar` lives in code, not in a store).
        """
        name = self.calendar.name
        if name not in _CALENDARS:
            raise StoreError(
                f"escalation: calendar '{name}' cannot be kept in a store "
                f"(only {', '.join(_CALENDARS)}): pass the policy each time the store is opened"
            )
        return {
            "calendar": name,
            "timezone": str(getattr(self.calendar.tz, "key", self.calendar.tz)),
            "limits": {
                lv.value: {
                    "acknowledge": str(self.limits[lv].acknowledge),
                    "dispose": str(self.limits[lv].dispose),
                }
                for lv in Level
            },
        }

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> EscalationPolicy:
        """The policy `settings` gave.

        Raises:
            StoreError: an unknown calendar, or limits that do not read.
        """
        name = settings.get("calendar")
        if name not in _CALENDARS:
            raise StoreError(
                f"escalation.calendar: expected one of {', '.join(_CALENDARS)}, got {name!r}"
            )
        calendar = _CALENDARS[name](str(settings.get("timezone") or "Asia/Shanghai"))
        return cls(settings.get("limits") or {}, calendar=calendar)

    def describe(self) -> list[str]:
        """One line per level: ``red: acknowledge within 1 workday, dispose within 5 workdays``."""
        return [
            f"{lv.value}: acknowledge within {self.limits[lv].acknowledge}, "
            f"dispose within {self.limits[lv].dispose}"
            for lv in Level
        ]


class Holder(NamedTuple):
    """A recipient as escalation sees it: tier, person, post, role."""

    tier: int
    person: str
    position: str
    role: str


@dataclass(frozen=True, slots=True)
class Handling:
    """What escalation needs to know of a stored warning (no payload to parse)."""

    id: str
    subject: tuple[str, str]
    """``(kind, id)``."""
    level: Level
    state: State
    clock: datetime
    acknowledged_at: datetime | None
    updated: datetime
    due: datetime | None
    escalations: int = 0
    holders: tuple[Holder, ...] = ()

    @classmethod
    def of(cls, stored: StoredWarning) -> Handling:
        return cls(
            stored.id,
            (stored.warning.subject.kind, stored.warning.subject.id),
            stored.level,
            stored.state,
            stored.clock,
            stored.acknowledged_at,
            stored.updated,
            stored.due,
            stored.escalations,
            tuple(
                Holder(a.tier, a.recipient.person.id, a.recipient.position.id, a.recipient.role)
                for a in stored.assignments
            ),
        )

    @property
    def top_tier(self) -> int:
        return max((h.tier for h in self.holders), default=0)

    def after(self, e: Escalation) -> Handling:
        """This warning once ``e`` is applied."""
        added = tuple(Holder(e.tier, r.person.id, r.position.id, r.role) for r in e.recipients)
        return replace(
            self,
            level=e.to_level,
            clock=e.at,
            updated=max(self.updated, e.at),
            due=e.deadline.at if e.deadline is not None else None,
            escalations=self.escalations + 1,
            holders=self.holders + added,
        )


@dataclass(frozen=True, slots=True)
class Escalation:
    """One escalation: of which warning, when, from and to which level, who was
    added (at ``tier``), the next deadline, and the note for the audit log."""

    warning_id: str
    at: datetime
    from_level: Level
    to_level: Level
    tier: int
    deadline: Deadline | None
    note: str
    recipients: tuple[Recipient, ...] = ()


class Router:
    """Finds the next supervisors up. Answers are remembered per post, role and
    day, and per subject and day: in a replay many warnings escalate through the
    same few supervisors' posts."""

    def __init__(self, graph: OrgGraph):
        self.graph = graph
        self._ups: dict[tuple[str, str, int], list[Recipient]] = {}
        self._conflicted: dict[tuple[str, str, int], frozenset[str]] = {}

    def next(self, h: Handling, at: datetime) -> tuple[list[Recipient], str | None]:
        """Recipients to add (reasons without the escalation's own reason), and a
        note when there are none."""
        top = h.top_tier
        sources = [(x.position, x.role, x.person) for x in h.holders if x.tier == top]
        if not sources:
            return self._first(h.subject, at)
        day = self.graph.day(at)
        key = (*h.subject, day)
        conflicted = self._conflicted.get(key)
        if conflicted is None:
            kind, ident = h.subject
            conflicted = conflicted_persons(self.graph, Ref(kind=kind, id=ident, name=ident), at)
            self._conflicted[key] = conflicted
        assigned = {x.person for x in h.holders} | conflicted
        return route_up(
            lambda post, role: self._up(post, role, at, day), sources, assigned, self.graph
        )

    def _up(self, post: str, role: str, at: datetime, day: int) -> list[Recipient]:
        key = (post, role, day)
        found = self._ups.get(key)
        if found is None:
            found = self._ups[key] = _supervisors(self.graph, post, role, at)
        return found

    def _first(self, subject: tuple[str, str], at: datetime) -> tuple[list[Recipient], str | None]:
        """For a warning nobody received: the subject's own supervisors."""
        kind, ident = subject
        if kind not in ("person", "position", "unit"):
            return [], "no recipients to go up from"
        conflicted = conflicted_persons(self.graph, Ref(kind=kind, id=ident, name=ident), at)
        try:
            routed = self.graph.supervisors(kind, ident, at)
        except OrgError:
            routed = []
        found = [r for r in routed if r.person.id not in conflicted]
        return found, None if found else "no supervisor of the subject"


def route_up(
    ups: Callable[[str, str], list[Recipient]],
    sources: Sequence[tuple[str, str, str]],
    passed_over: Collection[str],
    graph: OrgGraph,
) -> tuple[list[Recipient], str | None]:
    """The next supervisors up from ``sources`` (the current top recipients as
    ``(post, role, person)``): ``ups(post, role)`` gives a post's supervisors in
    the role, else its line superiors. Persons in ``passed_over`` (those already
    assigned, the subject, holders of the subject post, their relatives) are
    skipped, and the search goes on above the posts passed over. Returns the new
    recipients (each reason says whose superior they are, then the routing
    reason) and, when there are none, a note saying why."""
    frontier = [(post, role, _name(graph, person)) for post, role, person in sources]
    seen = {post for post, _, _ in sources}
    for _ in range(16):  # far beyond any real chain of command
        found: dict[str, Recipient] = {}
        passed: list[tuple[str, str, str]] = []
        for post, role, below in frontier:
            for up in ups(post, role):
                if up.person.id in passed_over:
                    if up.position.id not in seen:
                        seen.add(up.position.id)
                        passed.append((up.position.id, up.role, up.person.name))
                    continue
                reason = f"superior of {below} — {up.reason}"
                found.setdefault(up.person.id, up.model_copy(update={"reason": reason}))
        if found:
            return sorted(found.values(), key=lambda r: (r.role, r.person.id)), None
        if not passed:
            break
        frontier = passed
    return [], "no supervisor further up"


def _name(graph: OrgGraph, person: str) -> str:
    found = graph.persons.get(person)
    return found.name if found is not None else person


def _supervisors(graph: OrgGraph, post: str, role: str, at: datetime) -> list[Recipient]:
    """A post's supervisors in ``role``, else its line superiors."""
    try:
        wanted = SupervisionRole(role)
    except ValueError:
        wanted = SupervisionRole.LINE
    try:
        ups = graph.supervisors("position", post, at, roles=[wanted])
        if not ups and wanted is not SupervisionRole.LINE:
            ups = graph.supervisors("position", post, at, roles=[SupervisionRole.LINE])
    except OrgError:  # a post this organization does not know (another org, or removed)
        return []
    return ups


def escalate_one(
    policy: EscalationPolicy,
    h: Handling,
    at: datetime,
    why: str,
    router: Router | None,
    *,
    automatic: bool,
) -> Escalation:
    """Escalate ``h`` at ``at``: one level up, to the next supervisors up (for a
    warning nobody received, to the subject's supervisors), the handling period
    starting again at ``at``. An automatic escalation of a red warning with
    nobody further up ends escalation (no next deadline)."""
    level = raise_level(h.level)
    found: list[Recipient] = []
    missing: str | None = "no organization given to route with"
    if router is not None:
        found, missing = router.next(h, at)
    added = tuple(r.model_copy(update={"reason": f"{why}; {r.reason}"}) for r in found)
    note = f"{why}; {h.level.value} → {level.value}"
    if automatic and h.level is Level.RED and not added:
        note += f"; {missing}: escalation stops"
        return Escalation(h.id, at, h.level, level, h.top_tier, None, note)
    deadline = policy.deadline(level, h.state, at, h.acknowledged_at)
    if missing:
        note += f"; {missing}"
    tier = h.top_tier + 1 if added else h.top_tier
    return Escalation(h.id, at, h.level, level, tier, deadline, note, added)


def overdue_reason(h: Handling, deadline: Deadline | None) -> str:
    """``not acknowledged within 1 workday of … (due …)``."""
    if deadline is None:  # the stored deadline passed but the policy sees none now
        return f"deadline {h.due.isoformat() if h.due else ''} passed"
    done = "acknowledged" if deadline.kind == "acknowledge" else "disposed"
    return (
        f"not {done} within {deadline.limit} of {h.clock.isoformat()} "
        f"(due {deadline.at.isoformat()})"
    )
