"""Who held which position when: tenures over 2014–2026 with rotation.

Each post gets a timeline of holding periods (slots) separated by short
vacancies: key posts rotate every 2–5 years, other leader posts every 3–7,
section chiefs every 3–8, staff every 3–9. Slots are then chained into careers
in date order: a person whose slot ends waits for the next slot of the same
tier, or is promoted into the next tier up when nobody waits there; someone new
is hired when nobody waits at all. Leader and chief posts are always filled;
staff posts only as far as the staff number asked for allows.
"""

from __future__ import annotations

import heapq
import random
from datetime import date

from synth_draft import EXTRACT, FAR, START, Draft, Post

__all__ = ["assign_tenures"]

_YEAR = 365.25
_LENGTH = {"key": (2.0, 5.0), "leader": (3.0, 7.0), "chief": (3.0, 8.0), "staff": (3.0, 9.0)}
"""Slot length in years, by kind of post: key posts (functions or ``key_post``) rotate fastest."""
_GAP = {2: (0, 120), 1: (0, 90), 0: (30, 540)}
"""Vacancy between two holders in days, by tier."""
_CONTINUE = 0.85
"""Chance that a person whose slot ended takes another one."""
_STALE = 900
"""Days a person waits for a next post before leaving the organization."""
_PERSONS_PER_STAFF_POST = 1.0
"""Persons one more filled staff post brings over the period (calibrated)."""


def assign_tenures(d: Draft, staff: int, long_posts: int) -> None:
    """Fill the posts of ``d`` with about ``staff`` persons; set `Draft.tenures`,
    `Draft.holder` and `Draft.staff`.

    Leader and chief posts are always filled; staff posts in a random order
    until the staff number is reached (estimated after a trial run without them).
    ``long_posts`` leader or key posts get a current holder far beyond the
    rotation limits (half of them ten years or more: red; the others five to
    seven years in a key post: yellow).
    """
    rng = d.rng
    timelines = [_timeline(d, post.tier, _kind(d, post), post.segments) for post in d.posts]
    _plant_long(d, timelines, long_posts)
    optional = [i for i, post in enumerate(d.posts) if post.tier == 0]
    rng.shuffle(optional)
    seed = rng.getrandbits(64)
    fixed = [i for i, post in enumerate(d.posts) if post.tier > 0]
    low = _chain(d, _slots(timelines, fixed), seed)[0]
    extra = max(0, round((staff - low) / _PERSONS_PER_STAFF_POST))
    persons, assigned = _chain(d, _slots(timelines, fixed + optional[:extra]), seed)
    for person, (start, end, index) in assigned:
        _record(d, person, start, end, index)
    d.staff = persons


def _kind(d: Draft, post: Post) -> str:
    row = d.position[post.segments[0][0]]
    if row.get("functions") or row.get("key_post"):
        return "key"
    return ("staff", "chief", "leader")[post.tier]


def _slots(timelines: list[list[tuple[int, int]]], posts: list[int]) -> list[tuple[int, int, int]]:
    return sorted((start, end, index) for index in posts for start, end in timelines[index])


def _chain(
    d: Draft, slots: list[tuple[int, int, int]], seed: int
) -> tuple[int, list[tuple[int, tuple[int, int, int]]]]:
    """Persons for the slots in date order: (number of persons, [(person, slot)])."""
    rng = random.Random(seed)
    tiers = [post.tier for post in d.posts]
    pools: list[list[tuple[int, int, int]]] = [[], [], []]
    persons = 0
    assigned = []
    for sequence, slot in enumerate(slots):
        start, end, index = slot
        tier = tiers[index]
        person = -1
        for pool in (pools[tier], pools[tier - 1]) if tier else (pools[0],):  # promote if need be
            while pool and pool[0][0] < start - _STALE:
                heapq.heappop(pool)
            if pool and pool[0][0] <= start:
                person = heapq.heappop(pool)[2]
                break
        if person < 0:
            person, persons = persons, persons + 1
        assigned.append((person, slot))
        if end < FAR and rng.random() < _CONTINUE:
            heapq.heappush(pools[tier], (end, sequence, person))
    return persons, assigned


def _timeline(
    d: Draft, tier: int, kind: str, segments: list[tuple[str, int, int]]
) -> list[tuple[int, int]]:
    """Holding periods of one post: (first day, end day), `FAR` when still held."""
    rng = d.rng
    life_start, life_end = segments[0][1], segments[-1][2]
    low, high = _LENGTH[kind]
    gap_low, gap_high = _GAP[tier]
    # first holders are spread over 2014–2015: the data begins in 2014
    t = (
        START + rng.randint(0, 540)
        if life_start <= START
        else life_start + rng.randint(gap_low, gap_high)
    )
    out: list[tuple[int, int]] = []
    while t <= EXTRACT and t < life_end:
        end = min(t + int(rng.uniform(low, high) * _YEAR), life_end)
        if end > EXTRACT:
            end = FAR
        out.append((t, end))
        t = end + rng.randint(gap_low, gap_high)
    return out


def _plant_long(d: Draft, timelines: list[list[tuple[int, int]]], count: int) -> None:
    """Give ``count`` leader or chief posts a current holder who has stayed far too
    long: half ten years or more (red), half five to seven years in a key post (yellow)."""
    rng = d.rng
    candidates = [  # leader and chief posts are always filled
        index
        for index, post in enumerate(d.posts)
        if post.tier > 0 and post.rotating and _whole(post) and timelines[index]
    ]
    red = rng.sample(candidates, min((count + 1) // 2, len(candidates)))
    taken = set(red)
    keys = [i for i in candidates if i not in taken and _kind(d, d.posts[i]) == "key"]
    yellow = rng.sample(keys, min(count // 2, len(keys)))
    for index, years in [(i, rng.uniform(10.05, 12.3)) for i in red] + [
        (i, rng.uniform(5.1, 7.0)) for i in yellow
    ]:
        start = max(START, EXTRACT - int(years * _YEAR))
        kept = [(a, min(b, start)) for a, b in timelines[index] if a < start]
        timelines[index] = [*kept, (start, FAR)]
        d.planted["rotation_overdue"] += 1


def _whole(post: Post) -> bool:
    """Whether the post has one position, there from the start of the data to its end."""
    return len(post.segments) == 1 and post.segments[0][1] <= START and post.segments[0][2] >= FAR


def _record(d: Draft, person: int, start: int, end: int, index: int) -> None:
    """The tenures of one slot: one per segment of the post it overlaps."""
    pid = d.person_id(person)
    for position, seg_start, seg_end in d.posts[index].segments:
        a, b = max(start, seg_start), min(end, seg_end)
        if a >= b:
            continue
        row = {"person": pid, "position": position, "start": date.fromordinal(a)}
        if b < FAR:
            row["end"] = date.fromordinal(b)
        else:
            d.holder[position] = pid
        d.tenures.append(row)
