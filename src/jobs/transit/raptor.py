"""RAPTOR (Delling, Pajor, Werneck 2012), vectorised with numpy over all route stops and over
several queries at once.

Round k finds, for every stop, the earliest arrival using exactly k rides (or fewer): every route
stop looks up the earliest trip it can board (one `searchsorted`), a running minimum along each
pattern carries the boarded trip downstream, and one walk of the transfer footpaths follows.
Rides are boarded only from stops reached by the access walk, by a ride, or by one transfer walk
after a ride: walks never chain (DESIGN's transit model).
"""

from __future__ import annotations

import numpy as np

from jobs.transit.network import INF, TIME_OFFSET, TIME_SPAN, RoutingNetwork

POS_BITS = 1 << 12  # positions along a pattern (patterns are shorter than 4096 stops)
NO_TRIP = np.int64(1) << 32  # "no trip boarded yet" in the encoded running minimum
SEGMENT = np.int64(1) << 33  # separates patterns in the running minimum


class Footpaths:
    """Transfer walks between distinct stops, sorted by the stop walked to."""

    def __init__(self, src: np.ndarray, dst: np.ndarray, seconds: np.ndarray, n_stops: int) -> None:
        order = np.lexsort((src, dst))
        self.src = np.asarray(src, dtype=np.int64)[order]
        self.dst = np.asarray(dst, dtype=np.int64)[order]
        self.seconds = np.asarray(seconds, dtype=np.int64)[order]
        self.dst_unique, self.dst_starts = np.unique(self.dst, return_index=True)
        self.n_stops = n_stops


class Rounds:
    """Labels of a multi-query search: per round, arrival by ride and by transfer walk.

    Shapes are (queries, stops). `ride_ps` is the route stop alighted at, `ride_code` the trip rank
    and boarding position (rank * POS_BITS + POS_BITS - 1 - position), `walk_from` the stop a
    transfer walk started from.
    """

    def __init__(self, start: np.ndarray) -> None:
        self.start = start
        self.ride: list[np.ndarray] = []
        self.ride_ps: list[np.ndarray] = []
        self.ride_code: list[np.ndarray] = []
        self.walk: list[np.ndarray] = []
        self.walk_from: list[np.ndarray] = []

    @property
    def n_rounds(self) -> int:
        return len(self.ride)


def search(
    net: RoutingNetwork,
    footpaths: Footpaths,
    start: np.ndarray,
    limit: np.ndarray,
    max_rides: int,
) -> Rounds:
    """Earliest arrivals at every stop for K queries.

    start: (K, stops) times at which each query's rider can be at each stop by the access walk
    (INF elsewhere); limit: (K,) latest useful time per query (later labels are dropped).
    """
    k_queries, n_stops = start.shape
    rounds = Rounds(start)
    if len(net.ps_stop) == 0:
        return rounds
    board = np.where(start <= limit[:, None], start, INF)
    cm_off = (net.n_patterns - net.ps_pattern) * SEGMENT
    pos_code = POS_BITS - 1 - net.ps_pos
    for _ in range(max_rides):
        t = board[:, net.ps_stop]
        key = net.ps_key + np.clip(t + TIME_OFFSET, 0, TIME_SPAN - 1)
        idx = np.searchsorted(net.dep_key, key) - net.col_start
        can = (idx < net.ps_ntrips) & net.ps_pickup & (t < INF)
        enc = np.where(can, idx * POS_BITS + pos_code, NO_TRIP) + cm_off
        run = np.minimum.accumulate(enc, axis=1)
        code = np.empty_like(run)
        code[:, 1:] = run[:, :-1] - cm_off[1:]
        code[:, net.ps_first] = NO_TRIP
        ok = (code < NO_TRIP) & net.ps_dropoff
        rank = np.where(ok, code // POS_BITS, 0)
        arr = np.where(ok, net.arr_flat[net.col_start + rank], INF)
        arr[arr > limit[:, None]] = INF

        ride = np.full((k_queries, n_stops), INF)
        ride[:, net.stop_unique] = np.minimum.reduceat(
            arr[:, net.stop_perm], net.stop_starts, axis=1
        )
        ride_ps = np.full((k_queries, n_stops), -1, dtype=np.int64)
        ride_code = np.zeros((k_queries, n_stops), dtype=np.int64)
        qq, jj = np.nonzero((arr < INF) & (arr == ride[:, net.ps_stop]))
        ride_ps[qq, net.ps_stop[jj]] = jj
        ride_code[qq, net.ps_stop[jj]] = code[qq, jj]

        walk = np.full((k_queries, n_stops), INF)
        walk_from = np.full((k_queries, n_stops), -1, dtype=np.int64)
        if len(footpaths.src):
            cand = ride[:, footpaths.src] + footpaths.seconds
            cand[cand > limit[:, None]] = INF
            walk[:, footpaths.dst_unique] = np.minimum.reduceat(cand, footpaths.dst_starts, axis=1)
            qq, jj = np.nonzero((cand < INF) & (cand == walk[:, footpaths.dst]))
            walk_from[qq, footpaths.dst[jj]] = footpaths.src[jj]

        rounds.ride.append(ride)
        rounds.ride_ps.append(ride_ps)
        rounds.ride_code.append(ride_code)
        rounds.walk.append(walk)
        rounds.walk_from.append(walk_from)
        new_board = np.minimum(board, np.minimum(ride, walk))
        if (new_board == board).all():
            break
        board = new_board
    return rounds


def best_at(
    rounds: Rounds, query: int, stops: np.ndarray, seconds: np.ndarray
) -> tuple[int, int, int]:
    """Earliest (time, round, stop) reaching a place from `stops` by a last walk of `seconds`.

    Fewer rides win ties. Returns (INF, -1, -1) when no ride reaches any of the stops.
    """
    best = (int(INF), -1, -1)
    if len(stops) == 0:
        return best
    for r in range(rounds.n_rounds):
        cand = rounds.ride[r][query, stops] + seconds
        i = int(np.argmin(cand))
        if cand[i] < best[0]:
            best = (int(cand[i]), r, int(stops[i]))
    return best
