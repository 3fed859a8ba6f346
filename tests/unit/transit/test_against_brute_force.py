"""Property: RAPTOR's answers equal a brute-force search over every trip on random small feeds."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobs.transit import Planner, Query, load_timetable

from .conftest import write_feed

DAY = dt.date(2026, 3, 4)  # a Wednesday; "ONE" service runs on this date only
SPEED, DETOUR, ACCESS, TRANSFER, WALK_ONLY, WINDOW = 1.25, 1.3, 1000.0, 400.0, 2000.0, 4 * 3600


def walk_seconds(a, b):
    """(seconds, walking metres) between two points, as DESIGN's transit model says."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    meters = 2 * 6_371_008.8 * math.asin(math.sqrt(min(h, 1.0))) * DETOUR
    return math.ceil(round(meters / SPEED, 3)), meters


@st.composite
def feeds(draw):
    n_stops = draw(st.integers(3, 7))
    # Stops on a 330 m grid over ~7 km: some pairs within a transfer walk, most far apart.
    stops = [
        (
            round(39.0 + draw(st.integers(0, 20)) * 0.003, 6),
            round(-94.6 + draw(st.integers(0, 20)) * 0.0038, 6),
        )
        for _ in range(n_stops)
    ]
    trips = []  # (service, [(stop, arr, dep, pickup_ok, drop_ok)])
    for _route in range(draw(st.integers(1, 4))):
        path = draw(st.lists(st.integers(0, n_stops - 1), min_size=2, max_size=5, unique=True))
        flags = [
            (draw(st.booleans()) or draw(st.booleans()), draw(st.booleans()) or draw(st.booleans()))
            for _ in path
        ]
        for _trip in range(draw(st.integers(1, 4))):
            hour = draw(st.sampled_from([6, 7, 8, 23, 24, 25, 12]))
            t = (hour * 60 + draw(st.integers(0, 90))) * 60
            rows = []
            for i, s in enumerate(path):
                if i:
                    t += draw(st.integers(1, 25)) * 60
                dwell = draw(st.sampled_from([0, 0, 60]))
                rows.append((s, t, t + dwell, flags[i][0], flags[i][1]))
                t += dwell
            trips.append((draw(st.sampled_from(["ALL", "ONE"])), rows))
    return stops, trips


def gtfs_files(stops, trips):
    clock = lambda s: f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"  # noqa: E731
    times = ["trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type"]
    trip_rows = ["route_id,service_id,trip_id"]
    for n, (service, rows) in enumerate(trips):
        trip_rows.append(f"R,{service},t{n}")
        for i, (s, arr, dep, pick, drop) in enumerate(rows):
            times.append(
                f"t{n},{clock(arr)},{clock(dep)},S{s},{i + 1},{0 if pick else 1},{0 if drop else 1}"
            )
    return {
        "stops.txt": "stop_id,stop_name,stop_lat,stop_lon\n"
        + "".join(f"S{i},S{i},{lat:.6f},{lon:.6f}\n" for i, (lat, lon) in enumerate(stops)),
        "routes.txt": "route_id,route_short_name,route_type\nR,R,3\n",
        "trips.txt": "\n".join(trip_rows) + "\n",
        "stop_times.txt": "\n".join(times) + "\n",
        "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
        "start_date,end_date\nALL,1,1,1,1,1,1,1,20260301,20260331\n",
        "calendar_dates.txt": "service_id,date,exception_type\nONE,20260304,1\n",
    }


def running(trips, day):
    """Trips running on `day`'s clock: (rows shifted by the service day's offset)."""
    out = []
    for service, rows in trips:
        for shift in (-1, 0, 1):
            service_day = day + dt.timedelta(days=shift)
            runs = service == "ALL" or service_day == DAY
            if runs and dt.date(2026, 3, 1) <= service_day <= dt.date(2026, 3, 31):
                out.append(
                    [(s, a + shift * 86400, d + shift * 86400, p, q) for s, a, d, p, q in rows]
                )
    return out


def brute_earliest(stops, trips, origin, destination, t0):
    """Earliest door arrival by trying every trip from every reached stop, round by round."""
    best = math.inf
    walk = walk_seconds(origin, destination)
    if walk[1] <= WALK_ONLY:
        best = t0 + walk[0]
    board = {}
    for s, p in enumerate(stops):
        sec, meters = walk_seconds(origin, p)
        if meters <= ACCESS:
            board[s] = t0 + sec
    egress = {}
    for s, p in enumerate(stops):
        sec, meters = walk_seconds(p, destination)
        if meters <= ACCESS:
            egress[s] = sec
    active = running(trips, DAY)
    for _ in range(9):
        ride = {}
        for rows in active:
            for i, (s, _a, dep, pick, _d) in enumerate(rows):
                if pick and board.get(s, math.inf) <= dep:
                    for s2, arr, _dep2, _p2, drop in rows[i + 1 :]:
                        if drop:
                            ride[s2] = min(ride.get(s2, math.inf), arr)
        walked = {}
        for a, t in ride.items():
            for b, p in enumerate(stops):
                sec, meters = walk_seconds(stops[a], p)
                if b != a and meters <= TRANSFER:
                    walked[b] = min(walked.get(b, math.inf), t + sec)
        for s, t in ride.items():
            if s in egress:
                best = min(best, t + egress[s])
        changed = False
        for labels in (ride, walked):
            for s, t in labels.items():
                if t < board.get(s, math.inf):
                    board[s] = t
                    changed = True
        if not changed:
            break
    return best if best - t0 <= WINDOW else None


def brute_latest(stops, trips, origin, destination, deadline):
    """Latest departure that still arrives by `deadline` (None if none within the window)."""
    candidates = {deadline - walk_seconds(origin, destination)[0]}
    for rows in running(trips, DAY):
        for s, _a, dep, pick, _d in rows:
            sec, meters = walk_seconds(origin, stops[s])
            if pick and meters <= ACCESS:
                candidates.add(dep - sec)
    for depart in sorted(candidates, reverse=True):
        if depart > deadline or depart < deadline - WINDOW:
            continue
        arrive = brute_earliest(stops, trips, origin, destination, depart)
        if arrive is not None and arrive <= deadline:
            return depart
    return None


def near(data, stops):
    """A point within a few hundred metres of a random stop."""
    lat, lon = data.draw(st.sampled_from(stops))
    return (
        round(lat + data.draw(st.integers(-3, 3)) * 0.001, 6),
        round(lon + data.draw(st.integers(-3, 3)) * 0.001, 6),
    )


@settings(
    max_examples=70, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(feed=feeds(), data=st.data(), arrive=st.booleans())
def test_matches_brute_force(tmp_path_factory, feed, data, arrive):
    stops, trips = feed
    # Ask about places and times near the trips, so that most answers need a ride.
    _, rows = data.draw(st.sampled_from(trips))
    i = data.draw(st.integers(0, len(rows) - 2))
    origin = near(data, [stops[rows[i][0]]])
    destination = near(data, [stops[r[0]] for r in rows[i + 1 :]] + stops)
    anchor = rows[i][2] if not arrive else rows[-1][1]
    minute = (anchor // 60 + data.draw(st.integers(-20, 20))) % (24 * 60)
    folder = write_feed(tmp_path_factory.mktemp("feed"), gtfs_files(stops, trips))
    planner = Planner(load_timetable(folder, None))
    when = dt.datetime.combine(DAY, dt.time()) + dt.timedelta(minutes=minute % (24 * 60))
    t0 = (minute % (24 * 60)) * 60
    day0 = dt.datetime.combine(DAY, dt.time())
    if arrive:
        journey = planner.plan([Query(origin=origin, destination=destination, arrive_by=when)])[0]
        expected = brute_latest(stops, trips, origin, destination, t0)
        if expected is None:
            assert not journey.reachable
            return
        assert journey.reachable
        assert journey.depart == day0 + dt.timedelta(seconds=expected)
        assert journey.arrive <= when
    else:
        journey = planner.plan([Query(origin=origin, destination=destination, depart_at=when)])[0]
        expected = brute_earliest(stops, trips, origin, destination, t0)
        if expected is None:
            assert not journey.reachable
            return
        assert journey.reachable and journey.depart == when
        assert journey.arrive == day0 + dt.timedelta(seconds=expected)
    # The legs are a journey a rider can follow: each starts after the previous one ends.
    assert journey.legs
    assert journey.legs[0].depart >= journey.depart and journey.legs[-1].arrive == journey.arrive
    for before, after in zip(journey.legs, journey.legs[1:], strict=False):
        assert before.arrive <= after.depart
    assert journey.transfers == max(sum(leg.mode == "transit" for leg in journey.legs) - 1, 0)
