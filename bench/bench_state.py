"""State-scale rematch: every participant against every open posting, in 1 and in 2 processes.

Synthetic data from the matching benchmark's generator (postings spread over the Kansas City
metro, participants with supervision rules, transit answers for a share of the postings). The
rematch is the pure ``rank`` of each participant against one shared ``PostingBook``: the same
function a task queue's workers would run, split here over ``multiprocessing`` (fork: the
workers share the parent's book instead of building their own).

Issue #19 asks for 20,000 participants x 150,000 postings with 1 and 2 workers. On the shared
2-core machine that would take hours, so by default a slice of the participants
(``--participants``, 16) is ranked against all 150,000 postings and the full figure is
extrapolated linearly (each participant costs the same pass over the book). Printed: wall time,
participants/s, the 2-worker speed-up (goal >= 1.8x on 2 cores) and the workers needed for
55,000 participants nightly in one hour. A CPU loop timed first says how busy the machine was.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_matching import (
    TODAY,
    make_participants,
    make_postings,
    make_reaches,
)
from jobs.matching import ChildPlaces, PostingBook, parse_child_places, rank, score_weights
from jobs.runtime import DEMO_CHILD_PLACES

STATE = (20_000, 150_000)
NIGHTLY = 55_000
GOAL_SPEEDUP = 1.8
_shared: dict = {}


def cpu_baseline() -> float:
    """Milliseconds for a fixed pure-Python loop (best of 3)."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for i in range(300_000):
            total += i * i % 7
        best = min(best, time.perf_counter() - started)
    return best * 1000


def rematch(indexes: list[int]) -> int:
    """Rank the participants at ``indexes`` against every posting (top 50 each)."""
    book, people, reaches, weights, children = (
        _shared["book"], _shared["people"], _shared["reaches"], _shared["weights"],
        _shared["children"],
    )  # fmt: skip
    for k in indexes:
        rank(people[k], book, reaches[k % len(reaches)], TODAY, weights, limit=50,
             child_places=children)  # fmt: skip
    return len(indexes)


def timed(workers: int, n_people: int) -> float:
    chunks = [list(range(k, n_people, workers)) for k in range(workers)]
    started = time.perf_counter()
    if workers == 1:
        rematch(chunks[0])
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            assert sum(pool.map(rematch, chunks)) == n_people
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=STATE[1])
    parser.add_argument("--participants", type=int, default=16)
    args = parser.parse_args()
    print(f"CPU loop (machine speed now): {cpu_baseline():.1f} ms")
    rng = random.Random(19)
    started = time.perf_counter()
    postings = make_postings(args.postings, rng)
    people = make_participants(args.participants, rng)
    reaches = [make_reaches(postings, rng, 0.05) for _ in range(min(args.participants, 8))]
    _shared.update(
        book=PostingBook(postings),
        people=people,
        reaches=reaches,
        weights=score_weights({}),
        children=ChildPlaces(parse_child_places(DEMO_CHILD_PLACES.read_bytes())),
    )
    print(f"{args.postings:,} postings, {args.participants} participants, posting book: "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    one = timed(1, args.participants)
    two = timed(2, args.participants)
    rate_one, rate_two = args.participants / one, args.participants / two
    speedup = one / two
    for workers, wall, rate in ((1, one, rate_one), (2, two, rate_two)):
        full = STATE[0] / rate
        print(f"{workers} worker{'s' if workers > 1 else ''}: {wall:.1f} s for "
              f"{args.participants} participants = {rate:.2f} participants/s -> "
              f"{STATE[0]:,} x {args.postings:,} extrapolated: {full / 3600:.1f} h")  # fmt: skip
    print(f"2-worker speed-up: {speedup:.2f}x (goal >= {GOAL_SPEEDUP}x: "
          f"{'met' if speedup >= GOAL_SPEEDUP else 'NOT met'})")  # fmt: skip
    needed = NIGHTLY / (rate_one * 3600)
    print(f"paper estimate: {NIGHTLY:,} participants x {args.postings:,} postings in one hour "
          f"needs {NIGHTLY / 3600:.1f} participants/s = about {needed:.0f} worker processes "
          f"at this run's single-worker rate (cores, not threads; fewer once candidate "
          f"pruning skips unreachable postings)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
