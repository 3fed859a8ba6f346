"""Transit benchmark on the LTD (Eugene) feed: load, one-to-all earliest arrival, batch queries.

Each figure is printed with its ratio against a simple baseline run in the same process:
parsing without the cache, and a plain connection scan (every stop time in departure order,
pure Python) for the same queries. Goals: cached load <= 1 s, one-to-all <= 10 ms median,
batch <= 20 ms a query including arrive-by queries.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from jobs.transit import Planner, Query, load_timetable
from jobs.transit.network import INF

ROOT = Path(__file__).resolve().parents[1]
FEED = ROOT.parent / "shared" / "data" / "gtfs" / "ltd-eugene-2023-01"
DAY = dt.date(2023, 1, 11)


def connection_scan_baseline(planner: Planner, access, t0: int) -> np.ndarray:
    """Earliest arrival at every stop by a plain connection scan (no footpaths): the baseline."""
    conns = planner._bench_connections  # type: ignore[attr-defined]
    best = np.full(planner.timetable.n_stops, int(INF), dtype=np.int64).tolist()
    for s, sec in zip(access.stops.tolist(), access.seconds.tolist(), strict=True):
        best[s] = min(best[s], t0 + sec)
    on_trip = set()
    for dep, arr, a, b, trip in conns:
        if dep < t0:
            continue
        if trip in on_trip or best[a] <= dep:
            on_trip.add(trip)
            if arr < best[b]:
                best[b] = arr
    return np.asarray(best)


def connections(planner: Planner) -> list[tuple[int, int, int, int, int]]:
    net = planner.day(DAY).forward
    out = []
    for ps in range(len(net.ps_stop) - 1):
        if net.ps_pattern[ps + 1] != net.ps_pattern[ps]:
            continue
        lo, n = int(net.col_start[ps]), int(net.ps_ntrips[ps])
        nxt = int(net.col_start[ps + 1])
        pattern_first_trip = int(net.pattern_trip_start[net.ps_pattern[ps]])
        for r in range(n):
            out.append(
                (
                    int(net.dep_flat[lo + r]),
                    int(net.arr_flat[nxt + r]),
                    int(net.ps_stop[ps]),
                    int(net.ps_stop[ps + 1]),
                    pattern_first_trip + r,
                )
            )
    out.sort()
    return out


def main() -> int:
    if not FEED.exists():
        print(f"skipped: {FEED} not present")
        return 0
    with tempfile.TemporaryDirectory() as cache:
        t = time.perf_counter()
        load_timetable(FEED, None)
        cold = time.perf_counter() - t
        load_timetable(FEED, cache)  # fill the cache
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            tt = load_timetable(FEED, cache)
            runs.append(time.perf_counter() - t)
        cached = statistics.median(runs)
    print(
        f"feed load: cold {cold:.2f} s, cached {cached * 1000:.0f} ms "
        f"(goal <= 1 s; {cold / cached:.0f}x faster than parsing)"
    )

    planner = Planner(tt)
    t = time.perf_counter()
    planner.day(DAY)
    print(f"day network build: {(time.perf_counter() - t) * 1000:.0f} ms (once per date)")
    planner._bench_connections = connections(planner)  # type: ignore[attr-defined]
    rng = np.random.default_rng(7)
    origins = rng.integers(tt.n_stops, size=40)
    fast, slow = [], []
    for s in origins:
        point = (float(tt.stop_lat[s]), float(tt.stop_lon[s]))
        acc = planner.access(point)
        t0 = int(rng.integers(6, 18)) * 3600
        t = time.perf_counter()
        planner.earliest(planner.day(DAY).forward, [acc], [t0])
        fast.append(time.perf_counter() - t)
        t = time.perf_counter()
        connection_scan_baseline(planner, acc, t0)
        slow.append(time.perf_counter() - t)
    one, base = statistics.median(fast) * 1000, statistics.median(slow) * 1000
    print(
        f"one-to-all earliest arrival: median {one:.2f} ms (goal <= 10 ms); "
        f"connection-scan baseline {base:.1f} ms, ratio {base / one:.1f}x"
    )

    queries = []
    for i in range(400):
        a, b = rng.integers(tt.n_stops, size=2)
        when = dt.datetime.combine(DAY, dt.time(int(rng.integers(6, 21)), int(rng.integers(60))))
        o = (float(tt.stop_lat[a]), float(tt.stop_lon[a]))
        d = (float(tt.stop_lat[b]), float(tt.stop_lon[b]))
        queries.append(
            Query(id=i, origin=o, destination=d, depart_at=when)
            if i % 2
            else Query(id=i, origin=o, destination=d, arrive_by=when)
        )
    t = time.perf_counter()
    answers = planner.plan(queries)
    batch = (time.perf_counter() - t) / len(queries) * 1000
    t = time.perf_counter()
    for q in queries[:40]:
        planner.plan([q])
    single = (time.perf_counter() - t) / 40 * 1000
    reachable = sum(a.reachable for a in answers)
    print(
        f"batch: {batch:.2f} ms a query over {len(queries)} queries, half arrive-by "
        f"(goal <= 20 ms; {reachable} reachable); one at a time {single:.2f} ms, "
        f"ratio {single / batch:.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
