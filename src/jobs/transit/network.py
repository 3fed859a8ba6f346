"""One day's timetable laid out for the vectorised RAPTOR scan, forwards and backwards in time.

A query on date D may use trips of the service days D-1 (times past 24:00 run after midnight on D),
D and D+1, so the day network holds all three, shifted onto D's clock (seconds since D's midnight).

Layout: every (pattern, position) pair is a *route stop* ("ps"). For each ps the departure and
arrival times of the pattern's trips are stored contiguously, sorted (patterns never overtake), so
one `searchsorted` over all route stops finds the earliest boardable trip everywhere at once.
The backward network is the same day with time reversed (times negated, stop order reversed,
boarding and alighting swapped): the latest departure that arrives by T is an earliest arrival
from -T in it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from jobs.transit.timetable import Timetable, _fifo_lanes

DAY = 86_400
TIME_OFFSET = 3 * DAY  # makes every (possibly negated) time non-negative inside a search key
TIME_SPAN = 1 << 20  # larger than any offset time
INF = np.int64(1) << 40  # "not reached"


class RoutingNetwork:
    """One direction of one day, as flat arrays over route stops (see module docstring)."""

    def __init__(
        self,
        n_stops: int,
        pattern_stops: list[np.ndarray],
        pattern_pickup: list[np.ndarray],
        pattern_dropoff: list[np.ndarray],
        pattern_route: np.ndarray,
        trip_pattern: np.ndarray,
        trip_ref: np.ndarray,
        trip_shift: np.ndarray,
        event_arrival: np.ndarray,
        event_departure: np.ndarray,
    ) -> None:
        # Trips come sorted by pattern then departure; events trip-major.
        self.n_stops = n_stops
        n_patterns = len(pattern_stops)
        self.n_patterns = n_patterns
        lengths = np.asarray([len(s) for s in pattern_stops], dtype=np.int64)
        self.pattern_route = pattern_route
        self.pattern_ps_start = np.r_[0, np.cumsum(lengths)].astype(np.int64)
        n_ps = int(self.pattern_ps_start[-1])
        self.ps_stop = (
            np.concatenate(pattern_stops).astype(np.int64) if n_ps else np.zeros(0, np.int64)
        )
        self.ps_pickup = np.concatenate(pattern_pickup) if n_ps else np.zeros(0, bool)
        self.ps_dropoff = np.concatenate(pattern_dropoff) if n_ps else np.zeros(0, bool)
        self.ps_pattern = np.repeat(np.arange(n_patterns, dtype=np.int64), lengths)
        self.ps_pos = np.arange(n_ps, dtype=np.int64) - self.pattern_ps_start[self.ps_pattern]
        self.ps_first = self.ps_pos == 0
        n_trips = np.bincount(trip_pattern, minlength=n_patterns).astype(np.int64)
        self.pattern_trip_start = np.r_[0, np.cumsum(n_trips)].astype(np.int64)
        self.trip_ref = trip_ref
        self.trip_shift = trip_shift
        self.ps_ntrips = n_trips[self.ps_pattern]
        self.col_start = np.r_[0, np.cumsum(self.ps_ntrips)[:-1]].astype(np.int64)
        # Scatter events (trip-major) into route-stop-major columns.
        trip_len = lengths[trip_pattern]
        rank = np.arange(len(trip_pattern)) - self.pattern_trip_start[trip_pattern]
        ev_trip = np.repeat(np.arange(len(trip_pattern)), trip_len)
        ev_pos = np.arange(len(ev_trip)) - np.repeat(np.r_[0, np.cumsum(trip_len)[:-1]], trip_len)
        ev_ps = self.pattern_ps_start[trip_pattern[ev_trip]] + ev_pos
        flat = self.col_start[ev_ps] + rank[ev_trip] if len(ev_trip) else np.zeros(0, np.int64)
        self.arr_flat = np.empty(len(flat), dtype=np.int64)
        self.dep_flat = np.empty(len(flat), dtype=np.int64)
        self.arr_flat[flat] = event_arrival
        self.dep_flat[flat] = event_departure
        self.ps_key = np.arange(n_ps, dtype=np.int64) * TIME_SPAN
        col_of_event = np.repeat(np.arange(n_ps, dtype=np.int64), self.ps_ntrips)
        self.dep_key = col_of_event * TIME_SPAN + np.clip(
            self.dep_flat + TIME_OFFSET, 0, TIME_SPAN - 1
        )
        self.arr_key = col_of_event * TIME_SPAN + np.clip(
            self.arr_flat + TIME_OFFSET, 0, TIME_SPAN - 1
        )
        # Route stops grouped by stop, for the per-stop minimum.
        self.stop_perm = np.argsort(self.ps_stop, kind="stable")
        self.stop_unique, self.stop_starts = np.unique(
            self.ps_stop[self.stop_perm], return_index=True
        )
        self.max_len = int(lengths.max()) if n_patterns else 1

    def trip_of(self, ps: int, rank: int) -> int:
        """Index into trip_ref / trip_shift of the rank-th trip of route stop `ps`'s pattern."""
        return int(self.pattern_trip_start[self.ps_pattern[ps]] + rank)


class DayNetworks:
    """The forward and backward routing networks of one query date."""

    def __init__(self, day: dt.date, forward: RoutingNetwork, backward: RoutingNetwork) -> None:
        self.day = day
        self.forward = forward
        self.backward = backward


def build_day(timetable: Timetable, day: dt.date) -> DayNetworks:
    """Lay out the trips of days D-1, D and D+1 on D's clock, forwards and backwards."""
    tt = timetable
    lengths = tt.pattern_length()
    refs, shifts = [], []
    for k in (-1, 0, 1):
        running = tt.services_on(day + dt.timedelta(days=k))[tt.trip_service]
        idx = np.flatnonzero(running)
        refs.append(idx)
        shifts.append(np.full(len(idx), k * DAY, dtype=np.int64))
    ref = np.concatenate(refs)
    shift = np.concatenate(shifts)
    base_pattern = tt.trip_pattern[ref].astype(np.int64)
    first_dep = tt.event_departure[tt.trip_first_event[ref]] + shift
    order = np.lexsort((first_dep, base_pattern))
    ref, shift, base_pattern = ref[order], shift[order], base_pattern[order]
    ev_arr, ev_dep = _gather(tt, ref, shift, lengths)

    # Trips of different days are each in order, but together they may overtake: split lanes.
    lane = np.zeros(len(ref), dtype=np.int64)
    trip_len = lengths[base_pattern]
    starts = np.r_[0, np.cumsum(trip_len)[:-1]].astype(np.int64)
    same_prev = np.r_[False, base_pattern[1:] == base_pattern[:-1]]
    if same_prev.any():
        ev_trip = np.repeat(np.arange(len(ref)), trip_len)
        ev_check = same_prev[ev_trip]
        e = np.flatnonzero(ev_check)
        back = e - trip_len[ev_trip[e]]
        bad = (ev_arr[e] < ev_arr[back]) | (ev_dep[e] < ev_dep[back])
        for pattern in np.unique(base_pattern[ev_trip[e[bad]]]):
            members = np.flatnonzero(base_pattern == pattern)
            rows = [np.arange(starts[m], starts[m] + trip_len[m]) for m in members]
            lanes = _fifo_lanes(
                np.stack([ev_arr[r] for r in rows]), np.stack([ev_dep[r] for r in rows])
            )
            for lane_no, lane_members in enumerate(lanes):
                lane[members[lane_members]] = lane_no
        if lane.any():
            order = np.lexsort((ev_dep[starts], lane, base_pattern))
            ref, shift, base_pattern, lane = (
                ref[order],
                shift[order],
                base_pattern[order],
                lane[order],
            )
            ev_arr, ev_dep = _gather(tt, ref, shift, lengths)
    # Dense virtual pattern ids for (base pattern, lane) in trip order.
    key = base_pattern * 1024 + lane
    new_group = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, bool)
    trip_vp = np.cumsum(new_group) - 1
    vp_base = base_pattern[new_group]

    pat_stops, pat_pick, pat_drop = [], [], []
    for p in vp_base.tolist():
        lo, hi = tt.pattern_offsets[p], tt.pattern_offsets[p + 1]
        pat_stops.append(tt.pattern_stops[lo:hi])
        pat_pick.append(tt.pattern_pickup[lo:hi])
        pat_drop.append(tt.pattern_dropoff[lo:hi])
    route = tt.pattern_route[vp_base].astype(np.int64)
    forward = RoutingNetwork(
        tt.n_stops, pat_stops, pat_pick, pat_drop, route, trip_vp, ref, shift, ev_arr, ev_dep
    )

    # Backward: reverse trip order within each pattern, stop order within each trip, negate times.
    rank = np.arange(len(ref)) - np.flatnonzero(new_group)[trip_vp]
    rev_order = np.lexsort((-rank, trip_vp))
    t_len = lengths[base_pattern][rev_order]
    t_start = np.r_[0, np.cumsum(lengths[base_pattern])[:-1]].astype(np.int64)[rev_order]
    pos = np.arange(int(t_len.sum())) - np.repeat(np.r_[0, np.cumsum(t_len)[:-1]], t_len)
    src = np.repeat(t_start + t_len - 1, t_len) - pos
    backward = RoutingNetwork(
        tt.n_stops,
        [s[::-1] for s in pat_stops],
        [d[::-1] for d in pat_drop],
        [p[::-1] for p in pat_pick],
        route,
        trip_vp[rev_order],
        ref[rev_order],
        shift[rev_order],
        -ev_dep[src],
        -ev_arr[src],
    )
    return DayNetworks(day, forward, backward)


def _gather(
    tt: Timetable, ref: np.ndarray, shift: np.ndarray, lengths: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Events (arrival, departure) of the given trips, trip-major, shifted onto D's clock."""
    trip_len = lengths[tt.trip_pattern[ref]]
    total = int(trip_len.sum())
    out_start = np.r_[0, np.cumsum(trip_len)[:-1]].astype(np.int64)
    idx = np.repeat(tt.trip_first_event[ref] - out_start, trip_len) + np.arange(total)
    add = np.repeat(shift, trip_len)
    return tt.event_arrival[idx].astype(np.int64) + add, tt.event_departure[idx].astype(
        np.int64
    ) + add
