"""Loading GTFS: interpolation, frequencies, service files, bad input, the on-disk cache."""

from __future__ import annotations

import datetime as dt
import zipfile

import numpy as np
import pytest

from jobs.transit import FeedError, Planner, load_timetable, summarise
from jobs.transit import cache as cache_module

from .conftest import LINE_FEED, write_feed

BLANK_TIMES = dict(
    LINE_FEED,
    **{
        "stop_times.txt": (
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence,shape_dist_traveled\n"
            "R1a,08:00:00,08:00:00,A,1,0\nR1a,,,B,2,3000\nR1a,08:20:00,08:20:00,C,3,4000\n"
            "R1b,08:00:00,08:00:00,A,1,\nR1b,,,B,2,\nR1b,08:20:00,08:20:00,C,3,\n"
        ),
        "trips.txt": "route_id,service_id,trip_id\nR1,WKDY,R1a\nR1,WKDY,R1b\n",
        "frequencies.txt": "trip_id,start_time,end_time,headway_secs\n",
    },
)


def times_of(tt, trip_id):
    t = int(np.flatnonzero(tt.trip_ids == trip_id)[0])
    n = int(tt.pattern_length()[tt.trip_pattern[t]])
    first = tt.trip_first_event[t]
    return tt.event_arrival[first : first + n].tolist()


def test_line_feed_counts_and_frequencies(line_feed):
    tt = load_timetable(line_feed, None)
    assert tt.n_stops == 6 and len(tt.trip_ids) == 8 + 3  # R6f runs at 06:00, 06:20 and 06:40
    assert sorted(str(t) for t in tt.trip_ids if str(t).startswith("R6f")) == [
        "R6f@06:00:00",
        "R6f@06:20:00",
        "R6f@06:40:00",
    ]
    assert times_of(tt, "R5a") == [24 * 3600 + 1800, 25 * 3600 + 600]  # past 24:00 kept as is
    assert list(tt.warnings) == []


def test_blank_times_interpolated_by_shape_distance_else_by_great_circle(tmp_path):
    tt = load_timetable(write_feed(tmp_path / "f", BLANK_TIMES), None)
    assert times_of(tt, "R1a")[1] == 8 * 3600 + 15 * 60  # 3000 of 4000 m: 3/4 of 20 minutes
    assert times_of(tt, "R1b")[1] == 8 * 3600 + 10 * 60  # B is half way from A to C


def test_calendar_dates_only_and_calendar_only(tmp_path):
    only_dates = dict(LINE_FEED)
    del only_dates["calendar.txt"]
    tt = load_timetable(write_feed(tmp_path / "a", only_dates), None)
    assert tt.service_dates() == [dt.date(2026, 3, 7)]
    only_weekly = dict(LINE_FEED)
    del only_weekly["calendar_dates.txt"]
    tt = load_timetable(write_feed(tmp_path / "b", only_weekly), None)
    assert len(tt.service_dates()) == 22  # weekdays of March 2026
    assert any("service_id not in calendar files" in w for w in tt.warnings)


def test_zip_with_a_folder_inside_loads_the_same(tmp_path, line_feed):
    archive = tmp_path / "feed.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name, text in LINE_FEED.items():
            z.writestr(f"gtfs/{name}", text)
    assert len(load_timetable(archive, None).trip_ids) == len(
        load_timetable(line_feed, None).trip_ids
    )


def test_not_gtfs_and_missing_files(tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"this is not a zip")
    with pytest.raises(FeedError, match="not a zip"):
        load_timetable(junk, None)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(FeedError, match="not a GTFS feed"):
        load_timetable(other, None)
    partial = dict(LINE_FEED)
    del partial["stop_times.txt"]
    with pytest.raises(FeedError, match=r"missing required file.*stop_times\.txt"):
        load_timetable(write_feed(tmp_path / "p", partial), None)
    with pytest.raises(FeedError, match="not found"):
        load_timetable(tmp_path / "nowhere", None)


def test_broken_rows_are_skipped_and_counted(tmp_path):
    broken = dict(LINE_FEED)
    broken["stops.txt"] += "X,Bad place,123.0,-94.5\n"
    broken["stop_times.txt"] += "R1a,08:30:00,08:30:00,NOPE,4,,\nR2a,8:4x:00,08:45:00,D,3,,\n"
    broken["trips.txt"] += "NOROUTE,WKDY,Z1\n"
    tt = load_timetable(write_feed(tmp_path / "f", broken), None)
    text = "\n".join(tt.warnings)
    assert "stops.txt: 1 skipped (coordinates out of range), e.g. row 8 stop 'X'" in text
    assert "stop_times.txt: 1 skipped (unknown stop_id), e.g. row 23 stop 'NOPE'" in text
    assert "stop_times.txt: 1 skipped (broken time or stop_sequence), e.g. row 24" in text
    assert "trips.txt: 1 skipped (unknown route_id)" in text
    # the good rows are all still there
    assert len(tt.trip_ids) == 11
    assert summarise(tt).warnings[: len(tt.warnings)] == list(tt.warnings)


def test_nothing_usable_is_an_error(tmp_path):
    empty = dict(
        LINE_FEED,
        **{"stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"},
    )
    with pytest.raises(FeedError, match="no usable stop times"):
        load_timetable(write_feed(tmp_path / "f", empty), None)


def test_cache_is_used_and_damage_is_rebuilt(tmp_path, line_feed, monkeypatch):
    cache_dir = tmp_path / "cache"
    first = load_timetable(line_feed, cache_dir)
    files = list(cache_dir.glob("*.npz"))
    assert len(files) == 1

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(cache_module, "build_timetable", no_parsing)
    again = load_timetable(line_feed, cache_dir)
    for name, array in first.arrays().items():
        assert np.array_equal(array, getattr(again, name)), name
    assert again.first_date == first.first_date and again.checksum == first.checksum
    monkeypatch.undo()
    files[0].write_bytes(b"damaged")
    rebuilt = load_timetable(line_feed, cache_dir)
    assert len(rebuilt.trip_ids) == len(first.trip_ids)
    # A changed feed has another checksum, so another cache entry.
    (line_feed / "frequencies.txt").write_text("trip_id,start_time,end_time,headway_secs\n")
    assert len(load_timetable(line_feed, cache_dir).trip_ids) == 9
    assert len(list(cache_dir.glob("*.npz"))) == 2


def test_overtaking_trips_are_split_into_lanes(tmp_path):
    overtaking = dict(
        LINE_FEED,
        **{
            "trips.txt": "route_id,service_id,trip_id\nR1,WKDY,slow\nR1,WKDY,fast\n",
            "stop_times.txt": (
                "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                "slow,08:00:00,08:00:00,A,1\nslow,08:40:00,08:40:00,B,2\nslow,09:00:00,09:00:00,C,3\n"
                "fast,08:05:00,08:05:00,A,1\nfast,08:15:00,08:15:00,B,2\nfast,08:25:00,08:25:00,C,3\n"
            ),
            "frequencies.txt": "trip_id,start_time,end_time,headway_secs\n",
        },
    )
    tt = load_timetable(write_feed(tmp_path / "f", overtaking), None)
    assert tt.n_patterns == 2
    j = Planner(tt).depart_at((39.0, -94.6), (39.0, -94.5), dt.datetime(2026, 3, 3, 7, 59))
    assert j.arrive == dt.datetime(2026, 3, 3, 8, 25)  # the later, faster bus wins
