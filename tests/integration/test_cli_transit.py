"""`jobs transit reach|batch|info` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobs.cli.transit import transit

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


@pytest.fixture
def feed(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT))
    from tests.unit.transit.conftest import LINE_FEED, write_feed

    return write_feed(tmp_path / "line", LINE_FEED)


def run(*args, input=None):
    return CliRunner().invoke(transit, list(args), input=input)


def test_reach_json_depart_at(feed, tmp_path):
    result = run(
        "reach",
        "--gtfs",
        str(feed),
        "--cache-dir",
        str(tmp_path / "c"),
        "--from",
        "39.0,-94.6",
        "--to",
        "39.0,-94.45",
        "--depart-at",
        "2026-03-03 07:55",
        "--json",
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["reachable"] and body["arrive"] == "2026-03-03T08:40:00" and body["transfers"] == 1
    assert body["minutes"] == 45.0 and body["walk_meters"] == 0
    assert [(leg["mode"], leg["route"], leg["from"], leg["to"]) for leg in body["legs"]] == [
        ("transit", "1", "Stop A", "Stop C"),
        ("transit", "2", "Stop C", "Stop D"),
    ]


def test_reach_arrive_by_human(feed):
    result = run(
        "reach",
        "--gtfs",
        str(feed),
        "--no-cache",
        "--from",
        "39.0,-94.6",
        "--to",
        "39.0,-94.45",
        "--arrive-by",
        "2026-03-03 09:00",
    )
    assert result.exit_code == 0, result.output
    assert "Leave Tue 03 Mar 08:05, arrive 09:00 (55 min, 1 transfer, 0 m walking)" in result.output
    assert "route 2 from Stop C to Stop D" in result.output


def test_gtfs_from_environment(feed, monkeypatch):
    monkeypatch.setenv("JOBS_GTFS_PATH", str(feed))
    result = run("info", "--no-cache", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stops"] == 6


def test_demo_feed_is_the_default(monkeypatch):
    monkeypatch.delenv("JOBS_GTFS_PATH", raising=False)
    result = run("info", "--no-cache")
    assert result.exit_code == 0 and "PMAX" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from", "39.0", "--to", "39.0,-94.45", "--depart-at", "2026-03-03 08:00"],
            "--from: expected LAT,LON",
        ),
        (
            ["--from", "99,0", "--to", "39.0,-94.45", "--depart-at", "2026-03-03 08:00"],
            "out of range",
        ),
        (
            ["--from", "39,-94.6", "--to", "39.0,-94.45", "--depart-at", "2030-03-03 08:00"],
            "outside the feed",
        ),
        (
            ["--from", "39,-94.6", "--to", "39.0,-94.45", "--depart-at", "tomorrow"],
            "is not YYYY-MM-DD HH:MM",
        ),
        (["--from", "39,-94.6", "--to", "39.0,-94.45"], "exactly one of"),
        (
            [
                "--from",
                "39,-94.6",
                "--to",
                "39.0,-94.45",
                "--depart-at",
                "2026-03-03 08:00",
                "--walk-speed",
                "0",
            ],
            "walk speed",
        ),
    ],
)
def test_reach_bad_input_is_one_clear_line(feed, args, message):
    result = run("reach", "--gtfs", str(feed), "--no-cache", *args)
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_feed(tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_text("no")
    result = run("info", "--gtfs", str(junk), "--no-cache")
    assert result.exit_code == 1 and "not a zip archive" in result.output


def test_batch(feed, tmp_path):
    queries = tmp_path / "q.jsonl"
    lines = [
        {"id": "a", "from": [39.0, -94.6], "to": [39.0, -94.45], "depart_at": "2026-03-03 08:01"},
        {"id": "b", "from": [39.0, -94.6], "to": [39.0, -94.45], "arrive_by": "2026-03-03 08:59"},
        {"id": "c", "from": [39.0, -94.6], "to": [39.0, -94.45], "depart_at": "2031-01-01 08:00"},
        {"id": "d", "from": [39.0, -94.6]},
    ]
    queries.write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n")
    result = run("batch", "--gtfs", str(feed), "--no-cache", "--queries", str(queries))
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c", "d", None]
    assert out[0]["arrive"] == "2026-03-03T09:00:00" and out[1]["depart"] == "2026-03-03T08:00:00"
    assert "outside the feed's service" in out[2]["error"]
    assert "line 4" in out[3]["error"] and "line 5" in out[4]["error"]
    assert "3 of 5 queries could not be answered" in result.stderr
