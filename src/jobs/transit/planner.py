"""Door-to-door trip planning over a Timetable: depart-at, arrive-by, batches and one-to-many."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import cast

import numpy as np

from jobs.transit.errors import QueryError
from jobs.transit.journey import Journey, Leg, Query
from jobs.transit.network import INF, DayNetworks, RoutingNetwork, build_day
from jobs.transit.raptor import POS_BITS, Footpaths, Rounds, best_at, search
from jobs.transit.timetable import Timetable, great_circle_m
from jobs.transit.walking import StopIndex, WalkModel, check_point

Point = tuple[float, float]
CHUNK = 32  # queries searched together


def parse_when(text: str) -> dt.datetime:
    """Parse a local time "YYYY-MM-DD HH:MM" (seconds and a "T" separator are accepted too)."""
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except (ValueError, AttributeError) as exc:
        raise QueryError(f"time {text!r} is not YYYY-MM-DD HH:MM") from exc
    if when.tzinfo is not None:
        raise QueryError(f"time {text!r}: give the local time of the feed, without a time zone")
    return when


class Access:
    """Stops within walking reach of a point, with the walk's seconds and metres."""

    def __init__(self, stops: np.ndarray, seconds: np.ndarray, meters: np.ndarray) -> None:
        self.stops = stops
        self.seconds = seconds
        self.meters = meters


class Planner:
    """Plans journeys on one feed with one walking model; day networks are kept for reuse."""

    def __init__(self, timetable: Timetable, model: WalkModel | None = None, days_kept: int = 4):
        self.timetable = timetable
        self.model = model or WalkModel()
        self.model.check()
        self.index = StopIndex(timetable.stop_lat, timetable.stop_lon)
        src, dst, dist = self.index.pairs_within(self.model.max_transfer_walk / self.model.detour)
        self.footpaths = Footpaths(
            src, dst, self.model.walk_seconds(self.model.walk_meters(dist)), timetable.n_stops
        )
        self._reverse_paths = Footpaths(
            dst, src, self.footpaths_seconds(src, dst), timetable.n_stops
        )
        self._path_meters = {
            (int(a), int(b)): round(m)
            for a, b, m in zip(src, dst, self.model.walk_meters(dist), strict=True)
        }
        self._days: OrderedDict[dt.date, DayNetworks] = OrderedDict()
        self._days_kept = days_kept
        self._dates = set(timetable.service_dates())
        self.max_seconds = int(self.model.max_minutes * 60)

    def footpaths_seconds(self, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
        """Walking seconds between stop pairs."""
        tt = self.timetable
        gc = great_circle_m(tt.stop_lat[src], tt.stop_lon[src], tt.stop_lat[dst], tt.stop_lon[dst])
        return self.model.walk_seconds(self.model.walk_meters(gc))

    # ----- building blocks

    def day(self, day: dt.date) -> DayNetworks:
        """The routing networks of a date, built once and kept (least recently used dropped)."""
        if day in self._days:
            self._days.move_to_end(day)
            return self._days[day]
        networks = build_day(self.timetable, day)
        self._days[day] = networks
        while len(self._days) > self._days_kept:
            self._days.popitem(last=False)
        return networks

    def check_date(self, day: dt.date) -> None:
        """Raise QueryError when the date is outside the feed's service dates."""
        tt = self.timetable
        if not tt.first_date <= day <= tt.last_date:
            raise QueryError(
                f"date {day.isoformat()} is outside the feed's service "
                f"({tt.first_date.isoformat()} to {tt.last_date.isoformat()})"
            )

    def access(self, point: Point, what: str = "point") -> Access:
        """Stops within the access walk of a point."""
        lat, lon = point
        check_point(lat, lon, what)
        stops, gc = self.index.near(lat, lon, self.model.max_access / self.model.detour)
        meters = self.model.walk_meters(gc)
        return Access(stops, self.model.walk_seconds(meters), meters)

    def walk_only(self, a: Point, b: Point) -> tuple[int, int] | None:
        """(seconds, metres) of walking from a to b; None beyond the walk-only limit."""
        return self.model.walk_only(a, b)

    def _start_labels(self, accesses: Sequence[Access], times: Sequence[int]) -> np.ndarray:
        start = np.full((len(accesses), self.timetable.n_stops), INF)
        for q, (acc, t) in enumerate(zip(accesses, times, strict=True)):
            if len(acc.stops):
                np.minimum.at(start[q], acc.stops, t + acc.seconds)
        return start

    def earliest(
        self, net: RoutingNetwork, accesses: Sequence[Access], times: Sequence[int]
    ) -> Rounds:
        """One-to-all earliest arrival search for several (origin access, departure) pairs."""
        start = self._start_labels(accesses, times)
        limit = np.asarray(times, dtype=np.int64) + self.max_seconds
        return search(net, self.footpaths, start, limit, self.model.max_transfers + 1)

    # ----- public questions

    def depart_at(self, origin: Point, destination: Point, when: dt.datetime) -> Journey:
        """The earliest-arriving journey leaving `origin` at `when`."""
        return self.plan([Query(origin=origin, destination=destination, depart_at=when)])[0]

    def arrive_by(self, origin: Point, destination: Point, when: dt.datetime) -> Journey:
        """The journey leaving `origin` as late as possible that still arrives by `when`."""
        return self.plan([Query(origin=origin, destination=destination, arrive_by=when)])[0]

    def plan(self, queries: Sequence[Query]) -> list[Journey]:
        """Answer many queries, grouped by date and direction and searched together.

        Raises QueryError for the first malformed query; use `plan_each` to get errors per query.
        """
        results = self.plan_each(queries)
        for result in results:
            if isinstance(result, QueryError):
                raise result
        return cast(list[Journey], results)  # no QueryError left: each was raised above

    def plan_each(self, queries: Sequence[Query]) -> list[Journey | QueryError]:
        """Answer many queries; a malformed query yields its QueryError in its place."""
        out: list[Journey | QueryError | None] = [None] * len(queries)
        groups: dict[tuple[dt.date, bool], list[int]] = {}
        prepared: dict[int, tuple[Access, Access, int]] = {}
        for i, q in enumerate(queries):
            try:
                if (q.depart_at is None) == (q.arrive_by is None):
                    raise QueryError("give exactly one of depart_at and arrive_by")
                when = q.depart_at or q.arrive_by
                assert when is not None
                self.check_date(when.date())
                acc_o = self.access(q.origin, "from")
                acc_d = self.access(q.destination, "to")
            except QueryError as exc:
                out[i] = exc
                continue
            secs = when.hour * 3600 + when.minute * 60 + when.second
            prepared[i] = (acc_o, acc_d, secs)
            groups.setdefault((when.date(), q.depart_at is not None), []).append(i)
        for (day, forward), members in groups.items():
            nets = self.day(day)
            for lo in range(0, len(members), CHUNK):
                chunk = members[lo : lo + CHUNK]
                if forward:
                    answers = self._depart_chunk(
                        nets, [queries[i] for i in chunk], [prepared[i] for i in chunk]
                    )
                else:
                    answers = self._arrive_chunk(
                        nets, [queries[i] for i in chunk], [prepared[i] for i in chunk]
                    )
                for i, answer in zip(chunk, answers, strict=True):
                    out[i] = answer
        return cast(list[Journey | QueryError], out)  # every query got its answer or error

    def _depart_chunk(
        self,
        nets: DayNetworks,
        queries: Sequence[Query],
        prepared: Sequence[tuple[Access, Access, int]],
    ) -> list[Journey]:
        accesses = [p[0] for p in prepared]
        times = [p[2] for p in prepared]
        rounds = self.earliest(nets.forward, accesses, times)
        return [
            self.journey(nets, rounds, k, q.origin, q.destination, acc_o, acc_d, t)
            for k, (q, (acc_o, acc_d, t)) in enumerate(zip(queries, prepared, strict=True))
        ]

    def _arrive_chunk(
        self,
        nets: DayNetworks,
        queries: Sequence[Query],
        prepared: Sequence[tuple[Access, Access, int]],
    ) -> list[Journey]:
        # Backward search from each destination: the latest door departure that still arrives.
        latest = self.latest_departures(
            nets, [p[1] for p in prepared], [p[2] for p in prepared], [[p[0]] for p in prepared]
        )
        out: list[Journey | None] = [None] * len(queries)
        redo, redo_k = [], []
        for k, q in enumerate(queries):
            deadline = prepared[k][2]
            walk = self.walk_only(q.origin, q.destination)
            depart = latest[k][0]
            if walk is not None and deadline - walk[0] >= depart:
                depart = deadline - walk[0]
            if depart < deadline - self.max_seconds or depart <= -INF // 2:
                out[k] = Journey.unreachable()
            else:
                redo.append(depart)
                redo_k.append(k)
        if redo:
            # The forward search from that departure gives the itinerary (and may arrive earlier).
            rounds = self.earliest(nets.forward, [prepared[k][0] for k in redo_k], redo)
            for j, k in enumerate(redo_k):
                q = queries[k]
                out[k] = self.journey(
                    nets,
                    rounds,
                    j,
                    q.origin,
                    q.destination,
                    prepared[k][0],
                    prepared[k][1],
                    redo[j],
                )
        return cast(list[Journey], out)  # every query got a journey, reachable or not

    def latest_departures(
        self,
        nets: DayNetworks,
        destination_access: Sequence[Access],
        deadlines: Sequence[int],
        origins: Sequence[Sequence[Access]],
    ) -> list[list[int]]:
        """For each destination and deadline, the latest departure from each of its origins.

        Transit only (no walk-only journey); -INF where nothing arrives in time.
        """
        start = self._start_labels(destination_access, [-t for t in deadlines])
        limit = -np.asarray(deadlines, dtype=np.int64) + self.max_seconds
        rounds = search(
            nets.backward, self._reverse_paths, start, limit, self.model.max_transfers + 1
        )
        out = []
        for k, accs in enumerate(origins):
            row = []
            for acc in accs:
                t, _, _ = best_at(rounds, k, acc.stops, acc.seconds)
                row.append(-t if t < INF else -int(INF))
            out.append(row)
        return out

    # ----- itineraries

    def journey(
        self,
        nets: DayNetworks,
        rounds: Rounds,
        k: int,
        origin: Point,
        destination: Point,
        origin_access: Access,
        dest_access: Access,
        depart: int,
    ) -> Journey:
        """The best journey of query k of a forward search that left `origin` at `depart`."""
        best_t, r, stop = best_at(rounds, k, dest_access.stops, dest_access.seconds)
        walk = self.walk_only(origin, destination)
        day0 = dt.datetime.combine(nets.day, dt.time())

        def clock(t: int) -> dt.datetime:
            return day0 + dt.timedelta(seconds=int(t))

        if walk is not None and depart + walk[0] <= best_t:
            arrive = depart + walk[0]
            if arrive - depart > self.max_seconds:
                return Journey.unreachable()
            leg = Leg(
                mode="walk",
                route=None,
                from_="origin",
                to="destination",
                depart=clock(depart),
                arrive=clock(arrive),
                meters=walk[1],
            )
            return Journey(
                reachable=True,
                minutes=round((arrive - depart) / 60, 1),
                depart=clock(depart),
                arrive=clock(arrive),
                transfers=0,
                walk_meters=walk[1],
                legs=[leg],
            )
        if best_t >= INF or best_t - depart > self.max_seconds:
            return Journey.unreachable()
        legs = self._legs(
            nets.forward, rounds, k, r, stop, origin_access, dest_access, best_t, depart, clock
        )
        rides = sum(1 for leg in legs if leg.mode == "transit")
        meters = sum(leg.meters or 0 for leg in legs if leg.mode == "walk")
        return Journey(
            reachable=True,
            minutes=round((best_t - depart) / 60, 1),
            depart=clock(depart),
            arrive=clock(best_t),
            transfers=max(rides - 1, 0),
            walk_meters=meters,
            legs=legs,
        )

    def _legs(
        self,
        net: RoutingNetwork,
        rounds: Rounds,
        k: int,
        r: int,
        stop: int,
        origin_access: Access,
        dest_access: Access,
        arrive: int,
        depart: int,
        clock: Callable[[int], dt.datetime],
    ) -> list[Leg]:
        tt = self.timetable
        i = int(np.flatnonzero(dest_access.stops == stop)[0])
        legs = [
            Leg(
                mode="walk",
                route=None,
                from_=str(tt.stop_names[stop]),
                to="destination",
                depart=clock(rounds.ride[r][k, stop]),
                arrive=clock(arrive),
                from_stop=str(tt.stop_ids[stop]),
                meters=round(dest_access.meters[i]),
            )
        ]
        while True:
            ps = int(rounds.ride_ps[r][k, stop])
            code = int(rounds.ride_code[r][k, stop])
            rank = code // POS_BITS
            board_pos = POS_BITS - 1 - code % POS_BITS
            board_ps = ps - int(net.ps_pos[ps]) + board_pos
            board_stop = int(net.ps_stop[board_ps])
            dep = int(net.dep_flat[net.col_start[board_ps] + rank])
            arr = int(net.arr_flat[net.col_start[ps] + rank])
            route = int(net.pattern_route[net.ps_pattern[ps]])
            legs.append(
                Leg(
                    mode="transit",
                    route=tt.route_label(route),
                    from_=str(tt.stop_names[board_stop]),
                    to=str(tt.stop_names[stop]),
                    depart=clock(dep),
                    arrive=clock(arr),
                    from_stop=str(tt.stop_ids[board_stop]),
                    to_stop=str(tt.stop_ids[stop]),
                )
            )
            # How was the boarding stop reached in time, with as few rides as possible?
            if rounds.start[k, board_stop] <= dep:
                legs.append(self._access_leg(origin_access, board_stop, depart, clock))
                break
            for r2 in range(r):
                if rounds.ride[r2][k, board_stop] <= dep:
                    r, stop = r2, board_stop
                    break
                if rounds.walk[r2][k, board_stop] <= dep:
                    src = int(rounds.walk_from[r2][k, board_stop])
                    legs.append(
                        Leg(
                            mode="walk",
                            route=None,
                            from_=str(tt.stop_names[src]),
                            to=str(tt.stop_names[board_stop]),
                            depart=clock(rounds.ride[r2][k, src]),
                            arrive=clock(rounds.walk[r2][k, board_stop]),
                            from_stop=str(tt.stop_ids[src]),
                            to_stop=str(tt.stop_ids[board_stop]),
                            meters=self._path_meters[(src, board_stop)],
                        )
                    )
                    r, stop = r2, src
                    break
            else:  # pragma: no cover - labels always have a parent
                raise AssertionError("broken RAPTOR labels")
        legs.reverse()
        # A walk of zero metres (the point is at the stop) is no instruction for the rider.
        return [leg for leg in legs if not (leg.mode == "walk" and leg.meters == 0)]

    def arrivals(self, rounds: Rounds, targets: Sequence[Access]) -> np.ndarray:
        """Earliest door arrival (INF if none) of every query of a search at every target: (K, T).

        Transit journeys only; add walk-only journeys with `walk_only`.
        """
        k_queries = rounds.start.shape[0]
        out = np.full((k_queries, len(targets)), INF)
        sizes = np.asarray([len(t.stops) for t in targets], dtype=np.int64)
        has = np.flatnonzero(sizes)
        if len(has) == 0 or rounds.n_rounds == 0:
            return out
        stops = np.concatenate([targets[i].stops for i in has.tolist()])
        seconds = np.concatenate([targets[i].seconds for i in has.tolist()])
        starts = np.r_[0, np.cumsum(sizes[has])[:-1]]
        for ride in rounds.ride:
            cand = ride[:, stops] + seconds
            out[:, has] = np.minimum(out[:, has], np.minimum.reduceat(cand, starts, axis=1))
        return out

    def _access_leg(
        self, access: Access, stop: int, depart: int, clock: Callable[[int], dt.datetime]
    ) -> Leg:
        tt = self.timetable
        i = int(np.flatnonzero(access.stops == stop)[0])
        return Leg(
            mode="walk",
            route=None,
            from_="origin",
            to=str(tt.stop_names[stop]),
            depart=clock(depart),
            arrive=clock(depart + int(access.seconds[i])),
            to_stop=str(tt.stop_ids[stop]),
            meters=round(access.meters[i]),
        )
