"""A summary of a feed: agencies, routes, stops, service dates, first and last trips, warnings."""

from __future__ import annotations

import datetime as dt

import msgspec
import numpy as np

from jobs.transit.timetable import Timetable


class RouteSummary(msgspec.Struct, kw_only=True):
    """One route: its id, the name riders use, its long name and how many trips it has."""

    id: str
    name: str
    long_name: str
    trips: int


class FeedInfo(msgspec.Struct, kw_only=True):
    """What `jobs transit info` prints."""

    checksum: str
    agencies: list[str]
    timezone: str
    routes: list[RouteSummary]
    stops: int
    trips: int
    stop_times: int
    patterns: int
    first_service_date: dt.date | None
    last_service_date: dt.date | None
    service_days: int
    first_departure: str | None  # service-day clock, may pass 24:00
    last_arrival: str | None
    warnings: list[str]


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def summarise(timetable: Timetable) -> FeedInfo:
    """Summarise a loaded feed."""
    tt = timetable
    dates = tt.service_dates()
    trip_route = tt.pattern_route[tt.trip_pattern]
    counts = np.bincount(trip_route, minlength=len(tt.route_ids))
    routes = [
        RouteSummary(
            id=str(tt.route_ids[r]),
            name=tt.route_label(r),
            long_name=str(tt.route_long_names[r]),
            trips=int(counts[r]),
        )
        for r in range(len(tt.route_ids))
    ]
    warnings = [str(w) for w in tt.warnings]
    unused = [r.id for r in routes if r.trips == 0]
    if unused:
        warnings.append(
            f"routes.txt: {len(unused)} route(s) without usable trips: {', '.join(unused[:5])}"
        )
    lengths = tt.pattern_length()[tt.trip_pattern]
    first_dep = tt.event_departure[tt.trip_first_event]
    last_arr = tt.event_arrival[tt.trip_first_event + lengths - 1]
    return FeedInfo(
        checksum=tt.checksum,
        agencies=[str(a) for a in tt.agency_names],
        timezone=tt.timezone,
        routes=routes,
        stops=tt.n_stops,
        trips=len(tt.trip_ids),
        stop_times=len(tt.event_arrival),
        patterns=tt.n_patterns,
        first_service_date=dates[0] if dates else None,
        last_service_date=dates[-1] if dates else None,
        service_days=len(dates),
        first_departure=_clock(int(first_dep.min())) if len(first_dep) else None,
        last_arrival=_clock(int(last_arr.max())) if len(last_arr) else None,
        warnings=warnings,
    )
