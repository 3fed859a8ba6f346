"""A GTFS feed turned into compact numpy arrays: stops, routes, service days, stop patterns, trips.

Trips that visit the same stops in the same order, on the same route, with the same boarding and
alighting rules, share a *pattern*. Each pattern's trips are sorted by departure and never overtake
one another (patterns are split where they would), which is what RAPTOR's route scan relies on.
Frequency-based trips (frequencies.txt) are expanded into ordinary trips. Blank (non-timepoint) stop
times are interpolated as DESIGN's transit model says.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any

import numpy as np

from jobs.transit.errors import FeedError
from jobs.transit.gtfs import FeedFiles, parse_time

EARTH_RADIUS_M = 6_371_008.8
FORMAT_VERSION = 2

# Every array attribute of Timetable, saved to and loaded from the on-disk cache.
ARRAY_FIELDS = (
    "agency_names",
    "stop_ids",
    "stop_names",
    "stop_lat",
    "stop_lon",
    "route_ids",
    "route_short_names",
    "route_long_names",
    "route_types",
    "service_ids",
    "service_days",
    "pattern_offsets",
    "pattern_stops",
    "pattern_pickup",
    "pattern_dropoff",
    "pattern_route",
    "trip_pattern",
    "trip_service",
    "trip_first_event",
    "trip_ids",
    "event_arrival",
    "event_departure",
    "warnings",
)


class Timetable:
    """A whole feed as arrays; build with `build_timetable` or load with `cache.load_timetable`."""

    checksum: str
    timezone: str
    first_date: dt.date
    agency_names: np.ndarray
    stop_ids: np.ndarray
    stop_names: np.ndarray
    stop_lat: np.ndarray
    stop_lon: np.ndarray
    route_ids: np.ndarray
    route_short_names: np.ndarray
    route_long_names: np.ndarray
    route_types: np.ndarray
    service_ids: np.ndarray
    service_days: np.ndarray  # bool [service, day since first_date]
    pattern_offsets: np.ndarray  # pattern p's stops are pattern_stops[offsets[p]:offsets[p+1]]
    pattern_stops: np.ndarray
    pattern_pickup: np.ndarray  # boarding allowed at that position
    pattern_dropoff: np.ndarray  # alighting allowed at that position
    pattern_route: np.ndarray
    trip_pattern: np.ndarray  # trips sorted by (pattern, first departure)
    trip_service: np.ndarray
    trip_first_event: np.ndarray  # trip t's times: event_*[first_event[t] : + pattern length]
    trip_ids: np.ndarray
    event_arrival: np.ndarray  # seconds since the service day's start; may pass 24:00
    event_departure: np.ndarray
    warnings: np.ndarray

    def __init__(self, checksum: str, timezone: str, first_date: dt.date, **arrays: Any) -> None:
        self.checksum = checksum
        self.timezone = timezone
        self.first_date = first_date
        for name in ARRAY_FIELDS:
            setattr(self, name, arrays[name])

    @property
    def n_stops(self) -> int:
        return len(self.stop_ids)

    @property
    def n_patterns(self) -> int:
        return len(self.pattern_offsets) - 1

    @property
    def last_date(self) -> dt.date:
        return self.first_date + dt.timedelta(days=self.service_days.shape[1] - 1)

    def pattern_length(self) -> np.ndarray:
        """Number of stops of every pattern."""
        return np.diff(self.pattern_offsets)

    def services_on(self, day: dt.date) -> np.ndarray:
        """Boolean mask of the services running on `day` (all False outside the feed's dates)."""
        index = (day - self.first_date).days
        if not 0 <= index < self.service_days.shape[1]:
            return np.zeros(len(self.service_ids), dtype=bool)
        return self.service_days[:, index]

    def service_dates(self) -> list[dt.date]:
        """Every date on which at least one trip runs."""
        used = np.zeros(len(self.service_ids), dtype=bool)
        used[np.unique(self.trip_service)] = True
        days = np.flatnonzero(self.service_days[used].any(axis=0))
        return [self.first_date + dt.timedelta(days=int(d)) for d in days]

    def route_label(self, route: int) -> str:
        """The name riders know a route by: its short name, else its long name, else its id."""
        return str(
            self.route_short_names[route] or self.route_long_names[route] or self.route_ids[route]
        )

    def arrays(self) -> dict[str, np.ndarray]:
        """Every array, by attribute name (for the cache)."""
        return {name: getattr(self, name) for name in ARRAY_FIELDS}


class FeedProblems:
    """Counts skipped rows by file and reason, keeping the first few examples for the message."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], int] = defaultdict(int)
        self.examples: dict[tuple[str, str], list[str]] = defaultdict(list)

    def add(self, file: str, reason: str, where: str) -> None:
        key = (file, reason)
        self.counts[key] += 1
        if len(self.examples[key]) < 3:
            self.examples[key].append(where)

    def messages(self) -> list[str]:
        out = []
        for (file, reason), count in self.counts.items():
            examples = "; ".join(self.examples[(file, reason)])
            out.append(f"{file}: {count} skipped ({reason}), e.g. {examples}")
        return out


def great_circle_m(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle (haversine) distance in metres; works on floats and numpy arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


# A trip pattern: route, stop indexes, may board at each stop, may alight at each stop.
_Pattern = tuple[int, np.ndarray, np.ndarray, np.ndarray]


def _parse_date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%Y%m%d").date()


def build_timetable(feed: FeedFiles, checksum: str | None = None) -> Timetable:
    """Parse a feed's files into a Timetable; broken rows are skipped and counted in `warnings`.

    Raises FeedError when nothing usable remains.
    """
    problems = FeedProblems()
    checksum = checksum or feed.checksum()

    cols, rows = feed.rows("agency.txt")
    agency_names, timezone = [], ""
    for row in rows:
        agency_names.append(row[cols["agency_name"]] if "agency_name" in cols else "")
        if not timezone and "agency_timezone" in cols:
            timezone = row[cols["agency_timezone"]]

    # --- stops
    cols, rows = feed.rows("stops.txt")
    for need in ("stop_id", "stop_lat", "stop_lon"):
        if need not in cols:
            raise FeedError(f"stops.txt: missing column {need}")
    stop_index: dict[str, int] = {}
    stop_ids: list[str] = []
    stop_names: list[str] = []
    stop_lat: list[float] = []
    stop_lon: list[float] = []
    c_id, c_lat, c_lon = cols["stop_id"], cols["stop_lat"], cols["stop_lon"]
    c_name, c_type = cols.get("stop_name"), cols.get("location_type")
    for n, row in enumerate(rows, start=2):
        if c_type is not None and row[c_type] not in ("", "0"):
            continue  # stations, entrances and nodes are not boarding places
        sid = row[c_id]
        try:
            lat, lon = float(row[c_lat]), float(row[c_lon])
        except ValueError:
            problems.add("stops.txt", "coordinates not numbers", f"row {n} stop {sid!r}")
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
            problems.add("stops.txt", "coordinates out of range", f"row {n} stop {sid!r}")
            continue
        if not sid or sid in stop_index:
            problems.add("stops.txt", "blank or repeated stop_id", f"row {n} stop {sid!r}")
            continue
        stop_index[sid] = len(stop_ids)
        stop_ids.append(sid)
        stop_names.append(row[c_name] if c_name is not None else sid)
        stop_lat.append(lat)
        stop_lon.append(lon)
    if not stop_ids:
        raise FeedError("stops.txt: no usable stops")

    # --- routes
    cols, rows = feed.rows("routes.txt")
    if "route_id" not in cols:
        raise FeedError("routes.txt: missing column route_id")
    route_index: dict[str, int] = {}
    route_ids: list[str] = []
    route_short: list[str] = []
    route_long: list[str] = []
    route_types: list[int] = []
    for row in rows:
        rid = row[cols["route_id"]]
        if rid in route_index:
            continue
        route_index[rid] = len(route_ids)
        route_ids.append(rid)
        route_short.append(row[cols["route_short_name"]] if "route_short_name" in cols else "")
        route_long.append(row[cols["route_long_name"]] if "route_long_name" in cols else "")
        rtype = row[cols["route_type"]] if "route_type" in cols else "3"
        route_types.append(int(rtype) if rtype.isdigit() else 3)

    # --- services: calendar.txt weekday ranges, then calendar_dates.txt exceptions
    weekly: dict[str, tuple[list[bool], dt.date, dt.date]] = {}
    cols, rows = feed.rows("calendar.txt")
    days_cols = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    for n, row in enumerate(rows, start=2):
        try:
            sid = row[cols["service_id"]]
            flags = [row[cols[d]] == "1" for d in days_cols]
            start, end = _parse_date(row[cols["start_date"]]), _parse_date(row[cols["end_date"]])
        except (KeyError, ValueError):
            problems.add("calendar.txt", "missing or broken fields", f"row {n}")
            continue
        weekly[sid] = (flags, start, end)
    exceptions: list[tuple[str, dt.date, bool]] = []
    cols, rows = feed.rows("calendar_dates.txt")
    for n, row in enumerate(rows, start=2):
        try:
            sid, day = row[cols["service_id"]], _parse_date(row[cols["date"]])
            kind = row[cols["exception_type"]]
        except (KeyError, ValueError):
            problems.add("calendar_dates.txt", "missing or broken fields", f"row {n}")
            continue
        if kind not in ("1", "2"):
            problems.add("calendar_dates.txt", "exception_type not 1 or 2", f"row {n}")
            continue
        exceptions.append((sid, day, kind == "1"))
    all_dates = [d for _, s, e in weekly.values() for d in (s, e)] + [d for _, d, _ in exceptions]
    if not all_dates:
        raise FeedError("calendar.txt / calendar_dates.txt: no service dates")
    first_date, last_date = min(all_dates), max(all_dates)
    n_days = (last_date - first_date).days + 1
    if n_days > 3700:
        raise FeedError(
            f"calendar.txt: service spans {n_days} days; more than ten years is not a feed"
        )
    service_index: dict[str, int] = {}
    for sid in list(weekly) + [e[0] for e in exceptions]:
        service_index.setdefault(sid, len(service_index))
    service_days = np.zeros((len(service_index), n_days), dtype=bool)
    weekday_of = (np.arange(n_days) + first_date.weekday()) % 7
    for sid, (flags, start, end) in weekly.items():
        lo, hi = (start - first_date).days, (end - first_date).days + 1
        mask = np.asarray(flags)[weekday_of[lo:hi]]
        service_days[service_index[sid], lo:hi] = mask
    for sid, day, added in exceptions:
        service_days[service_index[sid], (day - first_date).days] = added

    # --- trips
    cols, rows = feed.rows("trips.txt")
    for need in ("route_id", "service_id", "trip_id"):
        if need not in cols:
            raise FeedError(f"trips.txt: missing column {need}")
    trip_index: dict[str, int] = {}
    trip_route: list[int] = []
    trip_service: list[int] = []
    trip_names: list[str] = []
    for n, row in enumerate(rows, start=2):
        tid, rid, sid = row[cols["trip_id"]], row[cols["route_id"]], row[cols["service_id"]]
        if rid not in route_index:
            problems.add("trips.txt", "unknown route_id", f"row {n} trip {tid!r} route {rid!r}")
            continue
        if sid not in service_index:
            problems.add("trips.txt", "service_id not in calendar files", f"row {n} trip {tid!r}")
            continue
        if not tid or tid in trip_index:
            problems.add("trips.txt", "blank or repeated trip_id", f"row {n} trip {tid!r}")
            continue
        trip_index[tid] = len(trip_names)
        trip_names.append(tid)
        trip_route.append(route_index[rid])
        trip_service.append(service_index[sid])

    # --- stop_times, as flat columns
    cols, rows = feed.rows("stop_times.txt")
    for need in ("trip_id", "stop_id", "stop_sequence", "arrival_time", "departure_time"):
        if need not in cols:
            raise FeedError(f"stop_times.txt: missing column {need}")
    c_trip, c_stop, c_seq = cols["trip_id"], cols["stop_id"], cols["stop_sequence"]
    c_arr, c_dep = cols["arrival_time"], cols["departure_time"]
    c_pick, c_drop = cols.get("pickup_type"), cols.get("drop_off_type")
    c_dist = cols.get("shape_dist_traveled")
    e_trip, e_stop, e_seq, e_arr, e_dep, e_pick, e_drop, e_dist = [], [], [], [], [], [], [], []
    time_cache: dict[str, int | None] = {}
    for n, row in enumerate(rows, start=2):
        trip = trip_index.get(row[c_trip])
        if trip is None:
            problems.add(
                "stop_times.txt", "unknown or skipped trip_id", f"row {n} trip {row[c_trip]!r}"
            )
            continue
        stop = stop_index.get(row[c_stop])
        if stop is None:
            problems.add("stop_times.txt", "unknown stop_id", f"row {n} stop {row[c_stop]!r}")
            continue
        try:
            seq = int(row[c_seq])
            times = []
            for text in (row[c_arr], row[c_dep]):
                if text not in time_cache:
                    time_cache[text] = parse_time(text)
                times.append(time_cache[text])
        except ValueError:
            problems.add("stop_times.txt", "broken time or stop_sequence", f"row {n}")
            continue
        arr, dep = times
        if arr is None:
            arr = dep
        if dep is None:
            dep = arr
        e_trip.append(trip)
        e_stop.append(stop)
        e_seq.append(seq)
        e_arr.append(-1 if arr is None else arr)
        e_dep.append(-1 if dep is None else dep)
        e_pick.append(c_pick is not None and row[c_pick] == "1")
        e_drop.append(c_drop is not None and row[c_drop] == "1")
        dist = row[c_dist] if c_dist is not None else ""
        try:
            e_dist.append(float(dist) if dist else math.nan)
        except ValueError:
            e_dist.append(math.nan)
    if not e_trip:
        raise FeedError("stop_times.txt: no usable stop times")

    tr = np.asarray(e_trip, dtype=np.int64)
    order = np.lexsort((np.asarray(e_seq), tr))
    tr = tr[order]
    stops_at = np.asarray(e_stop, dtype=np.int64)[order]
    arrivals = np.asarray(e_arr, dtype=np.int64)[order]
    departures = np.asarray(e_dep, dtype=np.int64)[order]
    no_pick = np.asarray(e_pick, dtype=bool)[order]
    no_drop = np.asarray(e_drop, dtype=bool)[order]
    distances = np.asarray(e_dist, dtype=np.float64)[order]
    arrivals, departures, keep_trip = _interpolate(
        tr,
        stops_at,
        arrivals,
        departures,
        distances,
        np.asarray(stop_lat),
        np.asarray(stop_lon),
        len(trip_names),
        trip_names,
        problems,
    )
    keep_event = keep_trip[tr]
    tr, stops_at = tr[keep_event], stops_at[keep_event]
    arrivals, departures = arrivals[keep_event], departures[keep_event]
    no_pick, no_drop = no_pick[keep_event], no_drop[keep_event]

    # --- trips as (route, stops, rules) patterns; frequency templates become many trips
    starts = np.flatnonzero(np.r_[True, tr[1:] != tr[:-1]])
    ends = np.r_[starts[1:], len(tr)]
    frequencies = _read_frequencies(feed, trip_index, problems)
    pattern_key_index: dict[tuple[int, bytes, bytes, bytes], int] = {}
    pattern_keys: list[_Pattern] = []
    out_trip_pattern, out_trip_service, out_trip_name = [], [], []
    out_times: list[tuple[np.ndarray, np.ndarray]] = []
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        trip = int(tr[s])
        stops_t = stops_at[s:e]
        pick_ok = ~no_pick[s:e]
        drop_ok = ~no_drop[s:e]
        pick_ok[-1] = False
        drop_ok[0] = False
        key = (trip_route[trip], stops_t.tobytes(), pick_ok.tobytes(), drop_ok.tobytes())
        pattern = pattern_key_index.get(key)
        if pattern is None:
            pattern = pattern_key_index[key] = len(pattern_keys)
            pattern_keys.append((trip_route[trip], stops_t, pick_ok, drop_ok))
        a, d = arrivals[s:e], departures[s:e]
        runs = frequencies.get(trip)
        if runs is None:
            out_times.append((a, d))
            out_trip_pattern.append(pattern)
            out_trip_service.append(trip_service[trip])
            out_trip_name.append(trip_names[trip])
            continue
        base = d[0]
        for run_start in runs:
            out_times.append((a - base + run_start, d - base + run_start))
            out_trip_pattern.append(pattern)
            out_trip_service.append(trip_service[trip])
            out_trip_name.append(f"{trip_names[trip]}@{_clock(run_start)}")
    if not out_times:
        raise FeedError("stop_times.txt: no trip has usable stop times")

    return _assemble(
        checksum=checksum,
        timezone=timezone,
        first_date=first_date,
        problems=problems,
        pattern_keys=pattern_keys,
        trip_pattern=np.asarray(out_trip_pattern, dtype=np.int64),
        trip_service=np.asarray(out_trip_service, dtype=np.int64),
        trip_names=out_trip_name,
        trip_times=out_times,
        agency_names=agency_names,
        stops=(stop_ids, stop_names, stop_lat, stop_lon),
        routes=(route_ids, route_short, route_long, route_types),
        service_ids=list(service_index),
        service_days=service_days,
    )


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _read_frequencies(
    feed: FeedFiles, trip_index: dict[str, int], problems: FeedProblems
) -> dict[int, list[int]]:
    """Start times of every frequency-based trip, by trip index."""
    runs: dict[int, list[int]] = defaultdict(list)
    cols, rows = feed.rows("frequencies.txt")
    for n, row in enumerate(rows, start=2):
        try:
            trip = trip_index[row[cols["trip_id"]]]
            start = parse_time(row[cols["start_time"]])
            end = parse_time(row[cols["end_time"]])
            headway = int(row[cols["headway_secs"]])
        except (KeyError, ValueError):
            problems.add("frequencies.txt", "unknown trip or broken fields", f"row {n}")
            continue
        if start is None or end is None or headway <= 0 or end < start:
            problems.add("frequencies.txt", "missing times or headway", f"row {n}")
            continue
        runs[trip].extend(range(start, end, headway))
    return {trip: sorted(set(starts)) for trip, starts in runs.items()}


def _interpolate(
    tr: np.ndarray,
    stop: np.ndarray,
    arr: np.ndarray,
    dep: np.ndarray,
    dist: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    n_trips: int,
    trip_names: list[str],
    problems: FeedProblems,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fill blank times linearly by distance; return times and a mask of trips worth keeping."""
    n = len(tr)
    first = np.r_[True, tr[1:] != tr[:-1]]
    last = np.r_[tr[1:] != tr[:-1], True]
    keep = np.zeros(n_trips, dtype=bool)
    keep[tr] = True
    # Trips need two stops and timed first and last stops.
    counts = np.bincount(tr, minlength=n_trips)
    for trip in np.flatnonzero(keep & (counts < 2)):
        problems.add(
            "stop_times.txt", "trip with fewer than two stops", f"trip {trip_names[trip]!r}"
        )
        keep[trip] = False
    blank = arr < 0
    for trip in np.unique(tr[(first | last) & blank]):
        problems.add(
            "stop_times.txt", "first or last stop has no time", f"trip {trip_names[trip]!r}"
        )
        keep[trip] = False
    # Distance along the trip: shape_dist_traveled when the whole trip has it, else great circles.
    hop = np.zeros(n)
    hop[1:] = great_circle_m(lat[stop[:-1]], lon[stop[:-1]], lat[stop[1:]], lon[stop[1:]])
    hop[first] = 0.0
    along = np.cumsum(hop)
    trip_start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    along -= along[trip_start]
    has_dist = np.ones(n_trips, dtype=bool)
    has_dist[tr[np.isnan(dist)]] = False
    use_shape = has_dist[tr]
    along = np.where(use_shape, dist - np.where(use_shape, dist[trip_start], 0.0), along)
    if blank.any():
        idx = np.arange(n)
        prev_known = np.maximum.accumulate(np.where(~blank, idx, 0))
        next_known = np.minimum.accumulate(np.where(~blank, idx, n - 1)[::-1])[::-1]
        inner = blank & keep[tr] & (tr[prev_known] == tr) & (tr[next_known] == tr)
        p, q = prev_known[inner], next_known[inner]
        span = along[q] - along[p]
        frac = np.where(span > 0, (along[inner] - along[p]) / np.where(span > 0, span, 1), 0.0)
        frac = np.clip(frac, 0.0, 1.0)
        filled = np.rint(dep[p] + (arr[q] - dep[p]) * frac).astype(np.int64)
        arr = arr.copy()
        dep = dep.copy()
        arr[inner] = filled
        dep[inner] = filled
    # Times must never go backwards along a trip.
    bad = arr > dep
    bad[1:] |= (dep[:-1] > arr[1:]) & ~first[1:]
    for trip in np.unique(tr[bad & keep[tr]]):
        problems.add(
            "stop_times.txt", "times go backwards along the trip", f"trip {trip_names[trip]!r}"
        )
        keep[trip] = False
    return arr, dep, keep


def _assemble(
    *,
    checksum: str,
    timezone: str,
    first_date: dt.date,
    problems: FeedProblems,
    pattern_keys: list[_Pattern],
    trip_pattern: np.ndarray,
    trip_service: np.ndarray,
    trip_names: list[str],
    trip_times: list[tuple[np.ndarray, np.ndarray]],
    agency_names: list[str],
    stops: tuple[list[str], list[str], list[float], list[float]],
    routes: tuple[list[str], list[str], list[str], list[int]],
    service_ids: list[str],
    service_days: np.ndarray,
) -> Timetable:
    """Split patterns where trips overtake, sort trips, and pack everything into arrays."""
    first_dep = np.fromiter((d[0] for _, d in trip_times), dtype=np.int64, count=len(trip_times))
    order = np.lexsort((first_dep, trip_pattern))
    by_pattern: dict[int, list[int]] = defaultdict(list)
    for t in order.tolist():
        by_pattern[int(trip_pattern[t])].append(t)

    final_patterns: list[_Pattern] = []
    final_trips: list[int] = []
    final_trip_pattern: list[int] = []
    for pattern, trips in sorted(by_pattern.items()):
        arr_m = np.stack([trip_times[t][0] for t in trips])
        dep_m = np.stack([trip_times[t][1] for t in trips])
        if (np.diff(arr_m, axis=0) >= 0).all() and (np.diff(dep_m, axis=0) >= 0).all():
            lanes = [list(range(len(trips)))]
        else:
            lanes = _fifo_lanes(arr_m, dep_m)
        for lane in lanes:
            final_patterns.append(pattern_keys[pattern])
            for i in lane:
                final_trips.append(trips[i])
                final_trip_pattern.append(len(final_patterns) - 1)

    lengths = np.asarray([len(k[1]) for k in final_patterns], dtype=np.int64)
    trip_len = lengths[final_trip_pattern]
    trip_first_event = np.r_[0, np.cumsum(trip_len)[:-1]].astype(np.int64)
    event_arrival = np.concatenate([trip_times[t][0] for t in final_trips]).astype(np.int32)
    event_departure = np.concatenate([trip_times[t][1] for t in final_trips]).astype(np.int32)
    stop_ids, stop_names, stop_lat, stop_lon = stops
    route_ids, route_short, route_long, route_types = routes
    return Timetable(
        checksum=checksum,
        timezone=timezone,
        first_date=first_date,
        agency_names=np.asarray(agency_names, dtype=str),
        stop_ids=np.asarray(stop_ids, dtype=str),
        stop_names=np.asarray(stop_names, dtype=str),
        stop_lat=np.asarray(stop_lat, dtype=np.float64),
        stop_lon=np.asarray(stop_lon, dtype=np.float64),
        route_ids=np.asarray(route_ids, dtype=str),
        route_short_names=np.asarray(route_short, dtype=str),
        route_long_names=np.asarray(route_long, dtype=str),
        route_types=np.asarray(route_types, dtype=np.int32),
        service_ids=np.asarray(service_ids, dtype=str),
        service_days=service_days,
        pattern_offsets=np.r_[0, np.cumsum(lengths)].astype(np.int64),
        pattern_stops=np.concatenate([k[1] for k in final_patterns]).astype(np.int32),
        pattern_pickup=np.concatenate([k[2] for k in final_patterns]),
        pattern_dropoff=np.concatenate([k[3] for k in final_patterns]),
        pattern_route=np.asarray([k[0] for k in final_patterns], dtype=np.int32),
        trip_pattern=np.asarray(final_trip_pattern, dtype=np.int32),
        trip_service=trip_service[final_trips].astype(np.int32),
        trip_first_event=trip_first_event,
        trip_ids=np.asarray([trip_names[t] for t in final_trips], dtype=str),
        event_arrival=event_arrival,
        event_departure=event_departure,
        warnings=np.asarray(problems.messages(), dtype=str),
    )


def _fifo_lanes(arr_m: np.ndarray, dep_m: np.ndarray) -> list[list[int]]:
    """Greedily split trips (sorted by departure) into lanes in which no trip overtakes another."""
    lanes: list[list[int]] = []
    for i in range(len(arr_m)):
        for lane in lanes:
            j = lane[-1]
            if (arr_m[i] >= arr_m[j]).all() and (dep_m[i] >= dep_m[j]).all():
                lane.append(i)
                break
        else:
            lanes.append([i])
    return lanes
