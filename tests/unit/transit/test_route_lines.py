"""Route lines for maps: shapes where the feed has them, else stop sequences; kept once; cut
at the map's edges."""

from __future__ import annotations

import re

from jobs.transit.cache import demo_feed_path
from jobs.transit.lines import load_route_lines, project, thin
from jobs.web.svg import clipped_runs, matches_map

FEED = {
    "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\nT,T,https://example.org,UTC\n",
    "calendar.txt": (
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "WK,1,1,1,1,1,0,0,20260301,20260331\n"
    ),
    "stops.txt": (
        "stop_id,stop_name,stop_lat,stop_lon\n"
        "A,A,39.00,-94.60\nB,B,39.00,-94.55\nC,C,39.05,-94.55\n"
    ),
    "routes.txt": (
        "route_id,route_short_name,route_long_name,route_type,route_color\n"
        "S,5,Shaped,3,8dc63f\nN,,No shape,3,\n"
    ),
    "trips.txt": (
        "route_id,service_id,trip_id,shape_id\n"
        "S,WK,S1,SH1\nS,WK,S2,SH1\nN,WK,N1,\nN,WK,N2,\nN,WK,N3,\n"
    ),
    "shapes.txt": (
        "shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\n"
        # out of order on purpose; the middle point bends the line, the 4th is nearly straight
        "SH1,39.02,-94.58,2\nSH1,39.00,-94.60,1\nSH1,39.00,-94.55,4\nSH1,39.01,-94.565,3\n"
    ),
    "stop_times.txt": (
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
        "S1,08:00:00,08:00:00,A,1\nS1,08:10:00,08:10:00,B,2\n"
        "N1,08:00:00,08:00:00,A,1\nN1,08:10:00,08:10:00,B,2\nN1,08:20:00,08:20:00,C,3\n"
        "N2,09:20:00,09:20:00,C,1\nN2,09:30:00,09:30:00,B,2\nN2,09:40:00,09:40:00,A,3\n"
        "N3,10:00:00,10:00:00,B,1\nN3,10:10:00,10:10:00,C,2\n"
    ),
}


def _feed(tmp_path):
    for name, text in FEED.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_shapes_come_first_and_each_alignment_is_kept_once(tmp_path):
    lines = load_route_lines(_feed(tmp_path))
    shaped = [line for line in lines if line.route_id == "S"]
    assert len(shaped) == 1, "two trips on one shape draw one line"
    assert shaped[0].name == "5" and shaped[0].colour == "#8DC63F"
    assert shaped[0].points[0] == (39.00, -94.60) and shaped[0].points[-1] == (39.00, -94.55)
    unshaped = [line for line in lines if line.route_id == "N"]
    # A-B-C and its reverse C-B-A are one alignment; the short B-C trip is another.
    assert [line.points for line in unshaped] == [
        ((39.00, -94.60), (39.00, -94.55), (39.05, -94.55)),
        ((39.00, -94.55), (39.05, -94.55)),
    ]
    assert unshaped[0].name == "No shape" and unshaped[0].colour is None


def test_thinning_drops_points_that_do_not_change_the_course():
    straight = [(39.0, -94.6 + i * 0.001) for i in range(50)]
    assert thin(straight) == [straight[0], straight[-1]]
    bent = [(39.0, -94.6), (39.01, -94.59), (39.0, -94.58)]
    assert thin(bent) == bent


def test_a_polyline_is_cut_where_it_leaves_the_box():
    runs = list(clipped_runs([(-10, 50), (50, 50), (50, 150), (50, 50)], 100, 100))
    assert runs == [[(0.0, 50.0), (50.0, 50.0), (50.0, 100.0)], [(50.0, 100.0), (50.0, 50.0)]]
    assert list(clipped_runs([(-10, -10), (-5, 200)], 100, 100)) == []


def test_the_demo_map_draws_the_demo_feeds_lines_under_the_markers():
    transit = project(load_route_lines(demo_feed_path()))
    assert {line.route_id for line in transit.lines} >= {"PMAX", "MMAX", "TMAX", "39", "71"}
    svg = matches_map(
        (39.05, -94.55),
        [(39.10, -94.58, "Forklift Operator", "eligible"), (39.03, -94.66, "Packer", "eligible")],
        transit=transit,
    )
    assert 'data-route="PMAX"' in svg and 'stroke="#8DC63F"' in svg
    assert svg.index('class="transit"') < svg.index("<circle") < svg.index("<title>Home")
    for path in re.findall(r'<path d="M([^"]+)"/>', svg):
        for x, y in (map(float, p.split(",")) for p in path.split("L")):
            assert 0 <= x <= 640 and 0 <= y <= 420, "lines are cut at the map's edges"
    assert "href=" not in svg, "nothing is fetched: no tiles"
    far = matches_map((40.5, -96.0), [], transit=transit)
    assert "transit-line" not in far, "no line crosses a map far from the feed"
