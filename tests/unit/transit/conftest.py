"""Fixtures for the transit tests: small GTFS feeds written by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.shared_data import SHARED_DATA

SHARED_GTFS = SHARED_DATA / "gtfs"

# A line of stops about 4.3 km apart (too far to walk), C2 is 222 m from C (a 289 m walk).
LINE_FEED = {
    "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\nT,Test Transit,https://example.org,America/Chicago\n",
    "stops.txt": (
        "stop_id,stop_name,stop_lat,stop_lon\n"
        "A,Stop A,39.0000,-94.6000\n"
        "B,Stop B,39.0000,-94.5500\n"
        "C,Stop C,39.0000,-94.5000\n"
        "C2,Stop C2,39.0020,-94.5000\n"
        "D,Stop D,39.0000,-94.4500\n"
        "E,Stop E,39.0500,-94.5000\n"
    ),
    "routes.txt": (
        "route_id,route_short_name,route_long_name,route_type\n"
        "R1,1,A to C,3\nR2,2,C to D,3\nR3,3,C2 to E,3\nR4,4,Saturday B to E,3\n"
        "R5,5,Night owl D to A,3\nR6,6,Frequent B to D,3\nR7,7,Express A to C,3\n"
    ),
    "calendar.txt": (
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "WKDY,1,1,1,1,1,0,0,20260301,20260331\n"
    ),
    "calendar_dates.txt": "service_id,date,exception_type\nONEDAY,20260307,1\n",
    "trips.txt": (
        "route_id,service_id,trip_id\n"
        "R1,WKDY,R1a\nR1,WKDY,R1b\nR2,WKDY,R2a\nR2,WKDY,R2b\nR3,WKDY,R3a\nR4,ONEDAY,R4a\n"
        "R5,WKDY,R5a\nR6,WKDY,R6f\nR7,WKDY,R7a\n"
    ),
    "stop_times.txt": (
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n"
        "R1a,08:00:00,08:00:00,A,1,,\nR1a,08:10:00,08:10:00,B,2,,\nR1a,08:20:00,08:20:00,C,3,,\n"
        "R1b,08:05:00,08:05:00,A,1,,\nR1b,08:15:00,08:15:00,B,2,,\nR1b,08:26:00,08:26:00,C,3,,\n"
        "R2a,08:25:00,08:25:00,C,1,,\nR2a,08:40:00,08:40:00,D,2,,\n"
        "R2b,08:45:00,08:45:00,C,1,,\nR2b,09:00:00,09:00:00,D,2,,\n"
        "R3a,08:30:00,08:30:00,C2,1,,\nR3a,08:50:00,08:50:00,E,2,,\n"
        "R4a,10:00:00,10:00:00,B,1,,\nR4a,10:30:00,10:30:00,E,2,,\n"
        "R5a,24:30:00,24:30:00,D,1,,\nR5a,25:10:00,25:10:00,A,2,,\n"
        "R6f,06:00:00,06:00:00,B,1,,\nR6f,06:15:00,06:15:00,D,2,,\n"
        "R7a,07:00:00,07:00:00,A,1,,\nR7a,07:10:00,07:10:00,B,2,1,\nR7a,07:20:00,07:20:00,C,3,,\n"
    ),
    "frequencies.txt": "trip_id,start_time,end_time,headway_secs\nR6f,06:00:00,07:00:00,1200\n",
}

STOP = {
    "A": (39.0, -94.6),
    "B": (39.0, -94.55),
    "C": (39.0, -94.5),
    "C2": (39.002, -94.5),
    "D": (39.0, -94.45),
    "E": (39.05, -94.5),
}


def write_feed(folder: Path, files: dict[str, str]) -> Path:
    """Write GTFS text files into `folder` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def line_feed(tmp_path: Path) -> Path:
    return write_feed(tmp_path / "line", LINE_FEED)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
