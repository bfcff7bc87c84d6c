"""Differential tests: the durable_rules engine against the reference evaluator.

`riskwarn.engine.reference.evaluate` is docs/engine.md ("Semantics") in plain
Python. Hypothesis generates rulesets (every event shape, local conditions from a
small grammar, the joins the compiler accepts, durations whose ends collide with
event times, exact units and working days, durations given by parameters whose
defaults and per-run overrides are drawn too, fields a rule ``requires``) and
streams of up to 40 events on a 15-minute grid over few keys, whose optional
fields are often missing and whose lists often empty; the engine, run with
``batch_size`` 1, 3 and 2000, must give exactly the reference's warnings, in the
same order. Hand-written jobs at exact boundaries check both against
docs/engine.md.

The engine runs in another process (tests/differential_worker.py), because
durable_rules' C core can crash the interpreter: a crash or a hang is a failed
test that names the job, never a dead test run. One ``--serve`` worker answers
many examples (engines there reuse durable_rules rulesets from job to job); when
it dies, each job of the request is run again alone in a fresh process to find
the one that crashes, and a failing example is also rerun alone to tell the job
from what earlier jobs left behind. A failure prints the job as JSON; replay it
with ``python -m tests.differential_worker < job.json``.

``RISKWARN_DIFF_EXAMPLES`` sets the number of generated examples (default 150,
about 20 s; ``pytest --hypothesis-show-statistics`` shows what they exercised).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import current_build_context
from hypothesis.errors import InvalidArgument

from riskwarn.compiler import event_types
from riskwarn.engine import Match, MatchKind
from tests.differential_worker import (
    Row,
    calendar_of,
    params_of,
    read_job_events,
    ruleset_of,
    until_of,
    utc,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("RISKWARN_DIFF_EXAMPLES", "150"))
TIMEOUT = 60.0
"""Seconds a request may take before the worker counts as hung."""
RESTART_EVERY = 300
"""Jobs a worker serves before it is replaced (durable_rules keeps some memory of
every ruleset it ever had)."""
WORKER = [sys.executable, "-X", "faulthandler", "-m", "tests.differential_worker"]
ENV = {**os.environ, "PYTHONHASHSEED": "0"}
"""Workers hash alike, so that replaying their requests repeats what they did."""

TZ = timezone(timedelta(hours=8))
BASE = datetime(2026, 3, 5, tzinfo=TZ)
"""00:00 on a Thursday, Beijing time: Friday, a weekend and Monday follow."""
STEP = timedelta(minutes=15)
"""Every event time, ``until`` and duration is a multiple of it, so ends collide."""

EVENT_TYPES = {
    "a": {
        **{"k": "id", "n": "int", "m": "decimal?", "s": "text?", "f": "bool?", "d": "date?"},
        "l": "list[id]?",
    },
    "b": {
        **{"k": "id?", "n": "int?", "m": "decimal?", "s": "text?", "f": "bool?", "d": "date?"},
        "l": "list[id]?",
    },
    "c": {
        **{"k": "id", "n": "int", "m": "decimal", "s": "text", "f": "bool", "d": "date"},
        "l": "list[id]",
    },
}
VALUES: dict[str, list[Any]] = {
    "k": ["k1", "k2", "k3", None],
    "n": [1, 0, 2, -1, 3, None, 2**53 - 1, 2**53 - 2],
    "m": [0.3, None, 0, 0.1, 0.2, 1, 1.0, 1.5, 2, 9999999999999.99, 9999999999999.98],
    "s": ["x", None, "y", "xy"],
    "f": [True, None, False],
    "d": ["2026-03-02", None, "2026-03-01"],
    "l": [["k1"], [], None, ["k3", "k1"]],
}
"""Field values of generated events: few, so that joins and groups hit; numbers at
the edges of what joins compare exactly (docs/engine.md: integers below 2**53,
money to the cent below 10**13); a list empty as often as not (a required list
given as ``[]``, an optional one omitted), which ``requires`` counts as absent."""
REQUIRED = {
    name: {f for f, spec in fields.items() if not spec.endswith("?")}
    for name, fields in EVENT_TYPES.items()
}
MAY_LACK = {
    name: [f for f, spec in fields.items() if spec.endswith("?") or spec.startswith("list")]
    for name, fields in EVENT_TYPES.items()
}
"""The fields an event of each type may lack (None, or an empty list): what rules
``requires``."""
SPANS = ["limit", "window", "notice"]
"""Parameters holding durations; each job draws their defaults (`PARAMS` has the
ones of the hand-written jobs)."""
PARAMS: dict[str, Any] = {"lo": 1, "hi": 2, "dec": 0.3, "key": "k1", "keys": ["k1", "k3"]}
PARAMS |= {"limit": "1h", "window": "1 workday", "notice": "30m"}
OVERRIDES = [{"lo": 0}, {"hi": 3, "dec": 1.5}, {"key": "k2", "keys": ["k2"]}]
LEVELS = ["red", "orange", "yellow", "blue"]
OPS = ["==", "!=", "<", "<=", ">", ">="]
JOINED = [("k", "k"), ("n", "n"), ("n", "m"), ("m", "n"), ("m", "m")]
JOINED += [("s", "s"), ("k", "s"), ("s", "k"), ("f", "f"), ("d", "d")]
"""Pairs of fields a join compares (of one kind: text, number, bool, date)."""
SHAPE_KEYS = ["unless", "expect", "when", "sequence", "count", "sum", "distinct"]

# -- strategies ----------------------------------------------------------------------------

EXACT = ["15m", "30m", "45m", "60m", "90m", "1h", "2h", "3h", "1d", "2d"]
WORKDAYS = ["1 workday", "2 workdays"]
REMINDERS = ["15m", "30m", "1h", "2h", "1d", "1 workday"]
durations = st.one_of(st.sampled_from(EXACT), st.sampled_from(WORKDAYS))
"""Duration texts: the values of duration parameters."""
spans = st.one_of(durations, st.sampled_from([f"params.{name}" for name in SPANS]))
"""A rule's ``within``: a third of them a parameter."""
reminders = st.sampled_from([*REMINDERS, "params.notice", "params.limit"])
"""A rule's ``remind_before``: a quarter of them a parameter (``params.limit``, which
may be the rule's ``within`` too)."""

slots = st.builds(lambda day, slot: day * 96 + slot, st.integers(0, 4), st.integers(-4, 12))
"""A time on the grid, as a number of 15-minute steps from `BASE`: mostly around
midnight (where working-day deadlines fall) of Thursday to Monday."""


def at(slot: int) -> datetime:
    return BASE + slot * STEP


def atoms(x: str) -> st.SearchStrategy[str]:
    """A condition on event ``x`` alone."""
    ops = st.sampled_from(OPS)
    return st.one_of(
        st.builds(
            lambda op, c: f"{x}.n {op} {c}",
            ops,
            st.sampled_from(["1", "0", "2", "-1", "3", "params.lo", "params.hi"]),
        ),
        st.builds(
            lambda op, c: f"{x}.m {op} {c}",
            ops,
            st.sampled_from(["0.3", "0", "0.1", "1.5", "2", "params.dec"]),
        ),
        st.builds(
            lambda op, c: f"{x}.k {op} {c}",
            st.sampled_from(["==", "!="]),
            st.sampled_from(["'k1'", "'k2'", "params.key", "None"]),
        ),
        st.builds(
            lambda op, c: f"{x}.k {op} {c}",
            st.sampled_from(["in", "not in"]),
            st.sampled_from(["['k1', 'k3']", "params.keys", "[]"]),
        ),
        st.sampled_from(
            [
                f"'k1' in {x}.l",
                f"{x}.k not in {x}.l",
                f"{x}.s == None",
                f"{x}.s != None",
                f"'x' in {x}.s",
                f"{x}.s in ['x', 'xy']",
                f"{x}.s < 'xz'",
                f"{x}.m == None",
                f"{x}.n != None",
                f"{x}.n + {x}.m > 1",
                f"{x}.n * 2 - 1 >= params.lo",
                f"{x}.m / 2 < 0.5",
                f"{x}.m - 0.1 == 0.2",
                f"{x}.m + 0.1 + 0.2 == 0.3",
                f"-{x}.n < 0",
                f"{x}.n / 0 == None",
                f"{x}.n + {x}.m == None",
                f"{x}.n in [0, 2, 0.3]",
                f"{x}.m in [1, 0.1]",
                f"{x}.n >= {x}.m",
                "params.lo < params.hi",
                f"{x}.f == True",
                f"{x}.f",
                f"not {x}.f",
                f"{x}.f != False",
                f"{x}.d == None",
                f"{x}.d != None",
                f"unit_of({x}.k) == None",
                f"not related({x}.k, {x}.s)",
            ]
        ),
    )


@st.composite
def conditions(draw: st.DrawFn, x: str, depth: int = 2) -> str:
    """A local condition: atoms under ``not``, ``and``, ``or``."""
    if depth == 0 or draw(st.integers(0, 2)):
        return draw(atoms(x))
    form = draw(st.sampled_from(["not", "and", "or"]))
    left = draw(conditions(x, depth - 1))
    if form == "not":
        return f"not ({left})"
    return f"({left}) {form} ({draw(conditions(x, depth - 1))})"


@st.composite
def joins(draw: st.DrawFn, x: str, earlier: Sequence[str]) -> str:
    """``x.f OP e.g`` or ``e.g OP x.f`` for an ``earlier`` event ``e``, fields of one
    kind: the only cross-event form the compiler takes."""
    other = draw(st.sampled_from(list(earlier)))
    f, g = draw(st.sampled_from(JOINED))
    op = draw(st.sampled_from(["==", "!="] if f in ("k", "f") else OPS))
    if draw(st.booleans()):
        return f"{other}.{g} {op} {x}.{f}"
    return f"{x}.{f} {op} {other}.{g}"


@st.composite
def patterns(draw: st.DrawFn, x: str, earlier: Sequence[str] = ()) -> dict[str, Any]:
    """``{"event": "TYPE as x", "if": ...}``: joins to ``earlier`` events and a local
    part, as a conjunction in any order."""
    parts = draw(st.lists(joins(x, earlier), max_size=2)) if earlier else []
    if draw(st.integers(0, 2)) == 0:
        parts.append(f"({draw(conditions(x))})")
    parts = list(draw(st.permutations(parts)))
    out: dict[str, Any] = {"event": f"{draw(st.sampled_from(list(EVENT_TYPES)))} as {x}"}
    if parts:
        out["if"] = " and ".join(parts)
    return out


@st.composite
def shapes(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["when", "unless", "expect", "sequence", "aggregate"]))
    if kind == "when":
        return {"when": draw(patterns("w"))}
    if kind == "unless":
        unless = draw(patterns("u", ["w"]))
        unless["side"] = draw(st.sampled_from(["before", "after", "either"]))
        unless["within"] = draw(spans)
        return {"when": draw(patterns("w")), "unless": unless}
    if kind == "expect":
        expect = draw(patterns("x", ["w"]))
        expect["within"] = draw(spans)
        out = {"when": draw(patterns("w")), "expect": expect}
        if draw(st.booleans()):
            out["remind_before"] = draw(reminders)
        return out
    if kind == "sequence":
        count = draw(st.integers(2, 3))
        steps = [draw(patterns(f"s{i}", [f"s{j}" for j in range(i)])) for i in range(count)]
        return {"sequence": {"steps": steps, "within": draw(spans)}}
    aggregate = draw(st.sampled_from(["count", "sum", "distinct"]))
    return {aggregate: draw(windows(aggregate))}


@st.composite
def windows(draw: st.DrawFn, aggregate: str) -> dict[str, Any]:
    window = draw(patterns("w"))
    window["within"] = draw(spans)
    window["group_by"] = draw(st.lists(st.sampled_from(["w.k", "w.s", "w.n"]), unique=True))
    if aggregate == "sum":
        window["field"] = draw(st.sampled_from(["w.m", "w.n"]))
    elif aggregate == "distinct":
        window["field"] = draw(st.sampled_from(["w.k", "w.s", "w.n", "w.m"]))
    limit = draw(st.sampled_from([1, 0, 2, 3, 0.3, 1.5, "params.lo", "params.hi", "params.dec"]))
    window[draw(st.sampled_from(["over", "at_least"]))] = limit
    return window


def held(shape: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(alias, type)`` of each event a warning of the rule holds: the ``when`` event,
    the sequence steps or the aggregate's event (never the unless or expect one)."""
    patterns = list(shape["sequence"]["steps"]) if "sequence" in shape else []
    patterns += [shape[key] for key in ("when", "count", "sum", "distinct") if key in shape]
    return [(p["event"].split(" as ")[1], p["event"].split(" as ")[0]) for p in patterns]


@st.composite
def rules(draw: st.DrawFn, i: int) -> dict[str, Any]:
    shape = draw(shapes())
    rule = {
        "id": f"r{i}",
        "title": f"r{i}",
        "level": draw(st.sampled_from(LEVELS)),
        "category": "c",
        "basis": "b",
        **shape,
    }
    if draw(st.integers(0, 3)) == 3:
        fields = [f"{alias}.{f}" for alias, type_ in held(shape) for f in MAY_LACK[type_]]
        rule["requires"] = draw(
            st.lists(st.sampled_from(fields), min_size=1, max_size=2, unique=True)
        )
    if draw(st.integers(0, 19)) == 19:
        rule["enabled"] = False
    return rule


@st.composite
def event_lists(draw: st.DrawFn) -> list[dict[str, Any]]:
    """0 to 40 events on the grid in time order (equal times in drawn order), on a few
    keys so that joins hit; some written in UTC."""
    size = draw(st.one_of(st.integers(0, 10), st.integers(10, 40)))
    drawn = draw(
        st.lists(
            st.tuples(
                slots,
                st.sampled_from(list(EVENT_TYPES)),
                st.fixed_dictionaries({name: st.sampled_from(v) for name, v in VALUES.items()}),
                st.integers(0, 4),
            ),
            min_size=size,
            max_size=size,
        )
    )
    out = []
    for i, (slot, type_, values, zone) in enumerate(sorted(drawn, key=lambda d: d[0])):
        t = at(slot)
        event: dict[str, Any] = {
            "id": f"e{i}",
            "type": type_,
            "time": t.astimezone(UTC).isoformat() if zone == 4 else t.isoformat(),
        }
        for name, value in values.items():
            if value is None and name in REQUIRED[type_]:
                value = next(v for v in VALUES[name] if v is not None)
            if value is not None:
                event[name] = value
        out.append(event)
    return out


def untils(events: Sequence[Mapping[str, Any]]) -> st.SearchStrategy[str | None]:
    """None, or an instant or a day (through its end): mostly at or after the last
    event, sometimes before it (the clock then ends at the last event)."""
    last = datetime.fromisoformat(events[-1]["time"]) if events else BASE
    slot = (last - BASE) // STEP
    day = last.astimezone(TZ).date()
    return st.one_of(
        st.none(),
        st.builds(lambda ahead: at(slot + ahead).isoformat(), st.sampled_from([0, 1, 4, 8, 96])),
        st.builds(lambda ahead: (day + timedelta(days=ahead)).isoformat(), st.integers(-1, 3)),
        st.builds(lambda anywhere: at(anywhere).isoformat(), slots),
    )


def ruleset(
    rule_list: Sequence[dict[str, Any]], params: Mapping[str, Any] = PARAMS
) -> dict[str, Any]:
    return {
        "ruleset": "diff",
        "version": "1",
        "title": "differential",
        "params": dict(params),
        "event_types": EVENT_TYPES,
        "rules": list(rule_list),
    }


span_overrides = st.one_of(
    st.just({}), st.dictionaries(st.sampled_from(SPANS), durations, min_size=1, max_size=2)
)
"""Per-run values of duration parameters: half the jobs override one or two."""


@st.composite
def jobs(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 3))
    events = draw(event_lists())
    defaults = draw(st.fixed_dictionaries(dict.fromkeys(SPANS, durations)))
    job: dict[str, Any] = {
        "ruleset": ruleset([draw(rules(i)) for i in range(count)], {**PARAMS, **defaults}),
        "events": events,
        "until": draw(untils(events)),
        "calendar": "weekends",
    }
    overrides = {**(draw(st.sampled_from([None, *OVERRIDES])) or {}), **draw(span_overrides)}
    if overrides:
        job["params"] = overrides
    return job


# -- the engine, in a worker process --------------------------------------------------------


class Worker:
    """A ``differential_worker --serve`` process, replaced after a crash, a hang or
    `RESTART_EVERY` jobs."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None
        self.stderr: Any = None
        self.served = 0
        self.history: list[str] = []
        """Every request of the current process, to replay a crash that needs them."""

    def run(self, jobs: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """The engine's result for each job; a failed test if the worker crashes or
        hangs (after finding the job that does it alone)."""
        if self.proc is None or self.served >= RESTART_EVERY:
            self._start()
        assert self.proc is not None and self.proc.stdin and self.proc.stdout
        answer: str | None = ""
        self.history.append(json.dumps(jobs, ensure_ascii=False))
        try:
            self.proc.stdin.write(self.history[-1] + "\n")
            self.proc.stdin.flush()
            ready, _, _ = select.select([self.proc.stdout], [], [], TIMEOUT)
            answer = self.proc.stdout.readline() if ready else None
        except BrokenPipeError:
            pass
        if answer:
            self.served += len(jobs)
            return list(json.loads(answer))
        how = f"hung for {TIMEOUT:.0f} s" if answer is None else "died"
        log = self.close()
        fd, name = tempfile.mkstemp(prefix="riskwarn-diff-", suffix=".jsonl")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write("\n".join(self.history) + "\n")
        blame(jobs, f"the engine worker {how} ({log})", Path(name))
        raise AssertionError("unreachable")

    def _start(self) -> None:
        self.close()
        self.stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (lives with the process)
        self.proc = subprocess.Popen(
            [*WORKER, "--serve"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
            encoding="utf-8",
            env=ENV,
        )
        self.served = 0
        self.history = []

    def close(self) -> str:
        """Stop the worker; how it ended and the end of its stderr."""
        if self.proc is None:
            return ""
        proc, self.proc = self.proc, None
        if proc.stdin:
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.close()
        try:
            code = proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
        if proc.stdout:
            proc.stdout.close()
        self.stderr.seek(0)
        tail = self.stderr.read()[-2000:]
        self.stderr.close()
        return f"exit code {code}" + (f"; stderr:\n{tail}" if tail else "")


def alone(job: Mapping[str, Any]) -> dict[str, Any]:
    """The job run alone in a fresh worker: its result, or ``{"crash": how}``."""
    text = json.dumps(job, ensure_ascii=False)
    try:
        done = subprocess.run(
            WORKER, cwd=ROOT, env=ENV, input=text, capture_output=True, text=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return {"crash": f"hangs (over {TIMEOUT:.0f} s)"}
    if done.returncode != 0:
        return {
            "crash": f"exit code {done.returncode} (negative: killed by that signal); "
            f"stderr:\n{done.stderr[-2000:]}"
        }
    return dict(json.loads(done.stdout))


def blame(jobs: Sequence[Mapping[str, Any]], what: str, history: Path) -> None:
    """Fail with the first job that crashes or hangs alone in a fresh worker; if none
    does, with whether replaying the dead worker's requests (saved in ``history``)
    crashes a fresh worker again."""
    job = {k: v for k, v in jobs[0].items() if k != "batch_size"}
    sizes = ", ".join(str(j["batch_size"]) for j in jobs)
    for one in jobs:
        result = alone(one)
        if "crash" in result:
            raise AssertionError(
                f"the engine crashes on this job alone (batch_size={one['batch_size']}): "
                f"{result['crash']}\n{show(one)}"
            )
    requests = len(history.read_text(encoding="utf-8").splitlines())
    with history.open(encoding="utf-8") as replay:
        try:
            done = subprocess.run(
                [*WORKER, "--serve"],
                cwd=ROOT,
                env=ENV,
                stdin=replay,
                capture_output=True,
                text=True,
                timeout=TIMEOUT * 10,
            )
            again = "crashes again" if done.returncode else "does not crash"
            again += f" (exit code {done.returncode})"
        except subprocess.TimeoutExpired:
            again = "hangs"
    raise AssertionError(
        f"{what}\nat the last of its {requests} requests: this job with batch_size {sizes}; "
        f"no job crashes alone; replaying all the requests in a fresh worker {again}: "
        f"python -m tests.differential_worker --serve < {history}\n{show(job)}"
    )


def replayed(jobs: Sequence[Mapping[str, Any]], results: Sequence[Mapping[str, Any]]) -> str:
    """Whether each job gives the same result alone in a fresh worker: the serving
    worker reuses durable_rules rulesets from job to job, so a difference points at
    state left over from earlier jobs. Only for the report of a failure (Hypothesis'
    final run of it, or outside Hypothesis)."""
    try:
        if not current_build_context().is_final:
            return ""
    except InvalidArgument:  # not under Hypothesis
        pass
    lines = []
    for job, result in zip(jobs, results, strict=True):
        fresh = alone(job)
        same = "the same" if fresh == result else f"different: {json.dumps(fresh)}"
        lines.append(f"batch_size={job['batch_size']} alone in a fresh worker: {same}")
    return "\n" + "\n".join(lines)


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    w = Worker()
    yield w
    w.close()


# -- the reference ---------------------------------------------------------------------------


def reference_rows(job: Mapping[str, Any]) -> list[Row]:
    """The reference's matches for the job, as the rows the worker prints."""
    from riskwarn.engine.reference import evaluate

    rs = ruleset_of(job)
    calendar = calendar_of(job.get("calendar", "weekends"))
    until = until_of(job)
    if isinstance(until, date) and not isinstance(until, datetime):  # through that day
        until = datetime(until.year, until.month, until.day, tzinfo=calendar.tz) + timedelta(1)
    matches = evaluate(
        [rs],
        read_job_events(job, event_types([rs])),
        params=params_of(job),
        calendar=calendar,
        until=until,
    )
    levels = {r.id: r.level.value for r in rs.rules}
    return [row_of(m, levels) for m in matches]


def row_of(m: Match, levels: Mapping[str, str]) -> Row:
    level = "blue" if m.kind is MatchKind.REMINDER else levels[m.rule]
    return (m.rule, level, utc(m.time), tuple(e.id for e in m.events), 1)


def rows(result: Mapping[str, Any]) -> list[Row]:
    return [(r, lv, t, tuple(ids), c) for r, lv, t, ids, c in result["warnings"]]


def show(job: Mapping[str, Any], **outputs: Sequence[Row]) -> str:
    lines = ["job:", json.dumps(job, ensure_ascii=False)]
    for name, found in outputs.items():
        lines.append(f"{name}:")
        lines.extend(f"  {json.dumps(r, ensure_ascii=False)}" for r in found)
    return "\n".join(lines)


def check(
    worker: Worker,
    job: Mapping[str, Any],
    batch_sizes: Sequence[int] = (1, 3, 2000),
    expected: Sequence[Row] | None = None,
) -> list[Row]:
    """The engine at each batch size gives the reference's warnings, in order (and
    both give ``expected``, when given). Each kind of failure is raised from a line
    of its own, so that Hypothesis reports (and shrinks) them as distinct failures."""
    jobs = [{**job, "batch_size": b} for b in batch_sizes]
    results = worker.run(jobs)
    try:
        want = reference_rows(job)
    except Exception as exc:
        raise AssertionError(f"the reference raised {exc!r}\n{show(job)}") from exc
    outputs: dict[str, Sequence[Row]] = {}
    pairs = list(zip(batch_sizes, results, strict=True))
    errors = [f"batch_size={b}: {r['error']}" for b, r in pairs if "error" in r]
    if errors:
        raise AssertionError(
            "the engine raised\n" + "\n".join(errors) + "\n" + show(job) + replayed(jobs, results)
        )
    got = {size: rows(result) for size, result in pairs}
    engine = got[batch_sizes[0]]
    if any(found != engine for found in got.values()):
        outputs = {f"engine, batch_size={b}": found for b, found in got.items()}
        raise AssertionError(
            "the engine's warnings depend on batch_size\n"
            + show(job, **outputs)
            + replayed(jobs, results)
        )
    outputs = {"engine": engine, "reference": want}
    if expected is not None:
        outputs["expected"] = list(expected)
    if engine != want:
        outputs["only in the engine"] = [r for r in engine if r not in want]
        outputs["only in the reference"] = [r for r in want if r not in engine]
        raise AssertionError(
            "the engine and the reference disagree\n"
            + show(job, **outputs)
            + replayed(jobs, results)
        )
    if expected is not None and want != list(expected):
        raise AssertionError("both differ from the expected warnings\n" + show(job, **outputs))
    return want


# -- properties -------------------------------------------------------------------------------


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(job=jobs())
def test_engine_agrees_with_reference(worker: Worker, job: dict[str, Any]) -> None:
    found = check(worker, job)
    # what the examples exercised (pytest --hypothesis-show-statistics)
    shapes = {r["id"]: next(k for k in SHAPE_KEYS if k in r) for r in job["ruleset"]["rules"]}
    for shape in sorted({shapes[r[0]] for r in found}):
        event(f"warned: {shape}")
    if any(r[1] == "blue" for r in found):
        event("warned: reminder")
    event(f"warnings: {min(len(found), 10)}{'+' if len(found) >= 10 else ''}")
    # whether the features under test made a difference, by the reference without them
    rule_list = job["ruleset"]["rules"]
    if any("requires" in r for r in rule_list):
        unguarded = [{k: v for k, v in r.items() if k != "requires"} for r in rule_list]
        without = reference_rows({**job, "ruleset": {**job["ruleset"], "rules": unguarded}})
        event(f"requires: {'changed' if without != found else 'kept'} the warnings")
    used = {name for name in SPANS if f"params.{name}" in json.dumps(rule_list)}
    if used:
        event("a duration from params")
    overrides = job.get("params", {})
    if used & set(overrides):
        defaults = {k: v for k, v in overrides.items() if k not in SPANS}
        without = reference_rows({**job, "params": defaults})
        event(f"an overridden duration: {'changed' if without != found else 'kept'} the warnings")


# -- boundaries, by hand ------------------------------------------------------------------------


def rule(id: str, level: str = "red", **shape: Any) -> dict[str, Any]:
    return {"id": id, "title": id, "level": level, "category": "c", "basis": "b", **shape}


def ev(i: int, type_: str, slot: int, **fields: Any) -> dict[str, Any]:
    return {"id": f"e{i}", "type": type_, "time": at(slot).isoformat(), **fields}


def job_of(
    rules: Sequence[dict[str, Any]],
    events: Sequence[dict[str, Any]],
    until: str | None = None,
    params: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A job on `PARAMS`, with ``params`` overriding some for the run."""
    job: dict[str, Any] = {
        "ruleset": ruleset(rules),
        "events": list(events),
        "until": until,
        "calendar": "weekends",
    }
    if params:
        job["params"] = dict(params)
    return job


def hit(rule_id: str, slot: int, *ids: str, level: str = "red") -> Row:
    return (rule_id, level, utc(at(slot)), ids, 1)


SAME_K = "x.k == w.k"
EXPECT_1H = rule(
    "r0", when={"event": "a as w"}, expect={"event": "b as x", "if": SAME_K, "within": "1h"}
)


def unless(side: str, within: str) -> dict[str, Any]:
    excuse = {"event": "b as u", "if": "u.k == w.k", "side": side, "within": within}
    return rule("r0", when={"event": "a as w"}, unless=excuse)


# Slots are 15 minutes from Thursday 2026-03-05 00:00 +08:00: 4 is 01:00, 96 a day.
BOUNDARIES = {
    "expected event exactly at the deadline is late": (
        job_of(
            [EXPECT_1H],
            [
                ev(0, "a", 0, k="k1", n=1),
                ev(1, "a", 1, k="k2", n=1),
                ev(2, "b", 4, k="k1"),
                ev(3, "b", 4, k="k2"),
            ],
        ),
        [hit("r0", 4, "e0")],
    ),
    "unless before: the window ends at within, position decides at one instant": (
        job_of(
            [unless("before", "1h")],
            [
                ev(0, "a", 0, k="k2", n=1),
                ev(1, "b", 0, k="k1"),
                ev(2, "b", 0, k="k2"),
                ev(3, "b", 0, k="k3"),
                ev(4, "a", 0, k="k3", n=1),
                ev(5, "a", 3, k="k1", n=1),
                ev(6, "a", 4, k="k1", n=1),
            ],
        ),
        [hit("r0", 0, "e0"), hit("r0", 4, "e6")],
    ),
    "unless after: an excuse exactly at the deadline is too late": (
        job_of(
            [unless("after", "30m")],
            [
                ev(0, "a", 0, k="k1", n=1),
                ev(1, "a", 0, k="k2", n=1),
                ev(2, "b", 1, k="k2"),
                ev(3, "b", 2, k="k1"),
            ],
        ),
        [hit("r0", 2, "e0")],
    ),
    "unless either: excuses exactly at both ends are outside": (
        job_of(
            [unless("either", "1h")],
            [ev(0, "b", 0, k="k1"), ev(1, "a", 4, k="k1", n=1), ev(2, "b", 8, k="k1")],
        ),
        [hit("r0", 8, "e1")],
    ),
    "sequence: the last step exactly at within is outside": (
        job_of(
            [
                rule(
                    "r0",
                    sequence={
                        "steps": [{"event": "a as s0"}, {"event": "b as s1", "if": "s1.k == s0.k"}],
                        "within": "1h",
                    },
                )
            ],
            [ev(0, "a", 0, k="k1", n=1), ev(1, "b", 3, k="k1"), ev(2, "b", 4, k="k1")],
        ),
        [hit("r0", 3, "e0", "e1")],
    ),
    "count: an event leaves the window exactly at within; a group warns again": (
        job_of(
            [
                rule(
                    "r0",
                    count={"event": "a as w", "group_by": ["w.k"], "within": "1h", "over": 1},
                )
            ],
            [
                ev(0, "a", 0, k="k1", n=1),
                ev(1, "a", 4, k="k1", n=1),
                ev(2, "a", 5, k="k1", n=1),
                ev(3, "a", 6, k="k1", n=1),
                ev(4, "a", 6, k="k2", n=1),
                ev(5, "a", 12, k="k1", n=1),
                ev(6, "a", 13, k="k1", n=1),
            ],
        ),
        [hit("r0", 5, "e1", "e2"), hit("r0", 13, "e5", "e6")],
    ),
    "until exactly at a deadline emits it": (
        job_of([EXPECT_1H], [ev(0, "a", 0, k="k1", n=1)], until=at(4).isoformat()),
        [hit("r0", 4, "e0")],
    ),
    "until just before a deadline leaves it pending": (
        job_of([EXPECT_1H], [ev(0, "a", 0, k="k1", n=1)], until=at(3).isoformat()),
        [],
    ),
    "until before the last event: every event counts, the clock ends at the last": (
        job_of(
            [rule("r0", when={"event": "a as w"}), {**EXPECT_1H, "id": "r1"}],
            [ev(0, "a", 0, k="k1", n=1), ev(1, "a", 5, k="k2", n=1)],
            until=at(1).isoformat(),
        ),
        [hit("r0", 0, "e0"), hit("r1", 4, "e0"), hit("r0", 5, "e1")],
    ),
    "an ordering join with a missing value never holds: the later event's": (
        job_of(
            [
                rule(
                    "r0",
                    when={"event": "a as w"},
                    unless={"event": "b as u", "if": "u.n < w.n", "side": "after", "within": "30m"},
                )
            ],
            [
                ev(0, "a", 0, k="k1", n=2),
                ev(1, "b", 1),
                ev(2, "a", 4, k="k1", n=2),
                ev(3, "b", 5, n=1),
            ],
            until=at(8).isoformat(),
        ),
        [hit("r0", 2, "e0")],
    ),
    "an ordering join with a missing value never holds: the earlier event's": (
        job_of(
            [
                rule(
                    "r0",
                    sequence={
                        "steps": [{"event": "b as s0"}, {"event": "b as s1", "if": "s1.n > s0.n"}],
                        "within": "1h",
                    },
                )
            ],
            [ev(0, "b", 0), ev(1, "b", 1, n=1), ev(2, "b", 2, n=2), ev(3, "b", 3)],
        ),
        [hit("r0", 2, "e1", "e2")],
    ),
    "a day as until runs through its end (24:00 included)": (
        job_of(
            [EXPECT_1H],
            [ev(0, "a", 92, k="k1", n=1), ev(1, "a", 93, k="k1", n=1)],
            until=BASE.date().isoformat(),
        ),
        [hit("r0", 96, "e0")],
    ),
    "working days: due at 24:00 of Monday after a Friday, reminded at 00:00 Monday": (
        job_of(
            [
                rule(
                    "r0",
                    when={"event": "a as w"},
                    expect={"event": "b as x", "if": SAME_K, "within": "1 workday"},
                    remind_before="1 workday",
                )
            ],
            # Friday 10:00; Monday 23:45 is in time, Tuesday 00:00 is late
            [
                ev(0, "a", 136, k="k1", n=1),
                ev(1, "a", 136, k="k2", n=1),
                ev(2, "b", 479, k="k1"),
                ev(3, "b", 480, k="k2"),
            ],
        ),
        [
            hit("r0", 384, "e0", level="blue"),
            hit("r0", 384, "e1", level="blue"),
            hit("r0", 480, "e1"),
        ],
    ),
    "a reminder needs its instant after the event; an expected event at it is late for it": (
        job_of(
            [
                {**EXPECT_1H, "id": "r0", "remind_before": "1h"},
                {**EXPECT_1H, "id": "r1", "remind_before": "30m"},
            ],
            [ev(0, "a", 0, k="k1", n=1), ev(1, "b", 2, k="k1")],
            until=at(8).isoformat(),
        ),
        [hit("r1", 2, "e0", level="blue")],
    ),
    "expect: the deadline of an overridden parameter; an expected event exactly at it is late": (
        job_of(
            [
                rule(
                    "r0",
                    when={"event": "a as w"},
                    expect={"event": "b as x", "if": SAME_K, "within": "params.limit"},
                    remind_before="params.notice",
                )
            ],
            # limit 2h instead of 1h: due at 02:00, reminded 30m (the default) before
            [
                ev(0, "a", 0, k="k1", n=1),
                ev(1, "a", 0, k="k2", n=1),
                ev(2, "b", 7, k="k2"),
                ev(3, "b", 8, k="k1"),
            ],
            params={"limit": "2h"},
        ),
        [
            hit("r0", 6, "e0", level="blue"),
            hit("r0", 6, "e1", level="blue"),
            hit("r0", 8, "e0"),
        ],
    ),
    "sequence: a second step lacking a required field (None, an empty list) is no step": (
        job_of(
            [
                rule(
                    "r0",
                    sequence={
                        "steps": [{"event": "a as s0"}, {"event": "b as s1", "if": "s1.k == s0.k"}],
                        "within": "1h",
                    },
                    requires=["s1.s", "s1.l"],
                )
            ],
            [
                ev(0, "a", 0, k="k1", n=1),
                ev(1, "b", 1, k="k1", l=["k1"]),
                ev(2, "b", 2, k="k1", s="x", l=[]),
                ev(3, "b", 3, k="k1", s="x", l=["k1"]),
                ev(4, "b", 4, k="k1", s="y", l=["k2"]),
            ],
        ),
        [hit("r0", 3, "e0", "e3")],
    ),
    "count: a window of a working day from a parameter; an event lacking a field counts not": (
        job_of(
            [
                rule(
                    "r0",
                    count={
                        "event": "a as w",
                        "group_by": ["w.k"],
                        "within": "params.window",
                        "over": 1,
                    },
                    requires=["w.m"],
                )
            ],
            # Friday 22:00, Sunday 03:00 (no amount), Monday 23:45, Tuesday 00:00: Friday's
            # event leaves the window (1 workday) at 24:00 of Monday
            [
                ev(0, "a", 184, k="k1", n=1, m=1),
                ev(1, "a", 300, k="k1", n=1),
                ev(2, "a", 479, k="k1", n=1, m=0),
                ev(3, "a", 480, k="k1", n=1, m=1),
            ],
        ),
        [hit("r0", 479, "e0", "e2"), hit("r0", 480, "e2", "e3")],
    ),
    "at one instant: rule position first, then event positions": (
        job_of(
            [rule("r0", when={"event": "a as w"}), {**EXPECT_1H, "id": "r1"}],
            [ev(0, "a", 0, k="k1", n=1), ev(1, "a", 4, k="k2", n=1)],
        ),
        [hit("r0", 0, "e0"), hit("r0", 4, "e1"), hit("r1", 4, "e0")],
    ),
}


@pytest.mark.parametrize(("job", "expected"), BOUNDARIES.values(), ids=list(BOUNDARIES))
def test_boundary(worker: Worker, job: dict[str, Any], expected: list[Row]) -> None:
    check(worker, job, expected=expected)
