"""Both real feeds in ../shared/data/gtfs load and answer (skipped when the folder is missing)."""

from __future__ import annotations

import datetime as dt

import pytest

from jobs.transit import Planner, load_timetable, summarise

from .conftest import SHARED_GTFS


def feed(name: str):
    path = SHARED_GTFS / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path


def test_google_sample_feed():
    tt = load_timetable(feed("google-sample-feed-1"), None)
    planner = Planner(tt)
    # Stagecoach 07:00 shuttle (every 30 min) -> airport 07:20; AB1 08:00 -> Bullfrog 08:10.
    j = planner.depart_at(
        (36.915682, -116.751677), (36.88108, -116.81797), dt.datetime(2008, 1, 7, 7, 5)
    )
    assert j.arrive == dt.datetime(2008, 1, 7, 8, 10)
    assert [leg.route for leg in j.legs if leg.mode == "transit"] == ["30", "10"]


def test_eugene_feed(tmp_path):
    tt = load_timetable(feed("ltd-eugene-2023-01"), tmp_path)
    info = summarise(tt)
    assert info.trips == 5240 and info.stop_times == 150_718 and info.warnings == []
    assert info.first_service_date == dt.date(2023, 1, 8) and info.last_service_date == dt.date(
        2023, 6, 17
    )
    planner = Planner(tt)
    # Eugene Station to Springfield Station on EmX on a Wednesday morning.
    j = planner.depart_at(
        (44.0496, -123.0931), (44.0456, -123.0222), dt.datetime(2023, 1, 11, 8, 0)
    )
    assert j.reachable and j.minutes is not None and j.minutes < 45
    assert "EmX" in [leg.route for leg in j.legs if leg.mode == "transit"]
    back = planner.arrive_by(
        (44.0456, -123.0222), (44.0496, -123.0931), dt.datetime(2023, 1, 11, 17, 0)
    )
    assert back.reachable and back.arrive <= dt.datetime(2023, 1, 11, 17, 0)
