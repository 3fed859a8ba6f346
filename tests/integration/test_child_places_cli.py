"""`jobs places import-nces | import-csv | list | coverage` through click on a real database, and
the imported lists reaching the registrant rules."""

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobs.cli import main
from jobs.runtime import Runtime
from jobs.services.child_places import import_nces, stored_child_places
from tests.support.db import query

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "child_places"
PUBLIC = str(FIXTURES / "EDGE_GEOCODE_PUBLICSCH_2324.csv")
PRIVATE = str(FIXTURES / "EDGE_GEOCODE_PRIVATESCH_2122.txt")
CHILD_CARE = str(FIXTURES / "licensed_child_care.csv")
PROGRAM = str(FIXTURES / "program_places.csv")


@pytest.fixture
def jobs(cli_env):
    runner = CliRunner()

    def run(*args):
        return runner.invoke(main, list(args), env=cli_env)

    assert run("db", "upgrade").exit_code == 0
    return run


def as_json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_import_nces_keeps_good_rows_says_what_was_skipped_and_stores_source_date_precision(
    jobs, cli_env
):
    result = jobs("places", "import-nces", PUBLIC)
    assert result.exit_code == 0, result.output
    assert "imported 3 places into 'NCES EDGE public schools' as of 2024-06-30" in result.stderr
    assert "skipped 3" in result.stderr
    assert "EDGE_GEOCODE_PUBLICSCH_2324.csv: line 4: Example Unplaced Academy: no position" in (
        result.stderr
    )
    assert "line 6: 5 fields where the header has 25" in result.stderr
    rows = query(
        cli_env["JOBS_DATABASE_URL"],
        "SELECT name, kind, state, county, source, as_of, precision FROM child_places"
        " ORDER BY name",
    )
    assert [tuple(str(v) for v in row) for row in rows] == [
        ("Example Kaw Point High", "school", "KS", "wyandotte", "NCES EDGE public schools",
         "2024-06-30", "address"),
        ("Example Northtown Middle", "school", "MO", "clay", "NCES EDGE public schools",
         "2024-06-30", "address"),
        ("Example Prospect Elementary", "school", "MO", "jackson", "NCES EDGE public schools",
         "2024-06-30", "address"),
    ]  # fmt: skip


def test_reimporting_a_list_replaces_it(jobs, cli_env):
    assert jobs("places", "import-nces", PUBLIC).exit_code == 0
    again = as_json(jobs("places", "import-nces", PUBLIC, "--as-of", "2024-08-15", "--json"))
    assert again["replaced"] == 3 and again["imported"] == 3 and again["as_of"] == "2024-08-15"
    assert query(cli_env["JOBS_DATABASE_URL"], "SELECT count(*) FROM child_places")[0][0] == 3


def test_import_csv_with_a_column_mapping_and_list_near_a_point(jobs):
    assert jobs("places", "import-nces", PUBLIC).exit_code == 0
    care = as_json(
        jobs("places", "import-csv", "child_care", CHILD_CARE, "--as-of", "2026-10-01", "--json")
    )
    assert care["imported"] == 2 and len(care["skipped"]) == 1
    unmapped = jobs("places", "import-csv", "other", PROGRAM, "--as-of", "2026-01-01")
    assert unmapped.exit_code == 1
    assert "program_places.csv: no lat, lon column" in unmapped.output
    assert "--set column.lat=HEADER" in unmapped.output
    hand = jobs(
        "places", "import-csv", "other", PROGRAM, "--as-of", "2026-01-01",
        "--source", "program hand list", "--set", "column.lat=Lat_Y", "--set", "column.lon=Long_X",
    )  # fmt: skip
    assert hand.exit_code == 0, hand.output
    assert "1 places have no county: they count for distances, not for coverage" in hand.stderr
    near = as_json(
        jobs("places", "list", "--near", "39.0499,-94.5551", "--within", "200", "--json")
    )
    assert [(p["name"], round(p["metres"])) for p in near] == [
        ("Example Prospect Elementary", 0),
        ("Example Little Steps Child Care", 67),
    ]
    everything = as_json(jobs("places", "list", "--json"))
    assert len(everything) == 6
    human = jobs("places", "list", "--near", "39.0499,-94.5551", "--within", "10")
    assert "Example Prospect Elementary" in human.output and "Little Steps" not in human.output


def test_coverage_says_counties_kinds_sources_dates_and_whether_current(jobs):
    assert jobs("places", "import-nces", PUBLIC).exit_code == 0
    assert jobs("places", "import-nces", PRIVATE).exit_code == 0
    assert (
        jobs("places", "import-csv", "child_care", CHILD_CARE, "--as-of", "2026-10-01").exit_code
        == 0
    )
    rows = as_json(jobs("places", "coverage", "--json"))
    found = {(r["state"], r["county"], r["kind"], r["source"]): r for r in rows}
    jackson_public = found[("MO", "jackson", "school", "NCES EDGE public schools")]
    assert jackson_public["as_of"] == "2024-06-30" and jackson_public["places"] == 1
    private = found[("MO", "jackson", "school", "NCES EDGE private schools")]
    assert private["as_of"] == "2022-06-30"
    assert found[("MO", "clay", "child_care", "child care list licensed_child_care.csv")]
    human = jobs("places", "coverage")
    assert "Jackson County, MO  school" in human.output and "as of 2024-06-30" in human.output


def test_bad_input_is_one_clear_line(jobs, tmp_path):
    missing = jobs("places", "import-nces", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 1 and "nope.csv: cannot read" in missing.output
    not_nces = tmp_path / "other.csv"
    not_nces.write_text("ID,NAME,LAT,LON\n1,A,39,-94\n")
    refused = jobs("places", "import-nces", str(not_nces))
    assert refused.exit_code == 1 and "not an NCES EDGE school geocode file" in refused.output
    nothing = tmp_path / "empty_rows.csv"
    nothing.write_text("NCESSCH,NAME,LAT,LON,SCHOOLYEAR\n1,A,,,2023-2024\n")
    none_kept = jobs("places", "import-nces", str(nothing))
    assert none_kept.exit_code == 1 and "no usable row (1 skipped)" in none_kept.output
    bad_date = jobs("places", "import-csv", "child_care", CHILD_CARE, "--as-of", "last fall")
    assert bad_date.exit_code == 1 and "--as-of: give a date as YYYY-MM-DD" in bad_date.output
    assert jobs("places", "list", "--within", "100").exit_code == 1
    far = jobs("places", "list", "--near", "139,-94")
    assert far.exit_code == 1 and "is not a place on the map" in far.output
    assert "--near: give LAT,LON" in jobs("places", "list", "--near", "here").output


@pytest.mark.anyio
async def test_the_runtime_reads_the_table_and_falls_back_to_the_file_list(settings, session):
    runtime = Runtime.build(settings)
    demo = await runtime.child_places_in(session)
    assert "North Kansas City High School" in {p.name for p in demo.places}
    assert await stored_child_places(session, settings.matching) is None
    await import_nces(session, Path(PUBLIC))
    imported = await runtime.child_places_in(session)
    assert {p.name for p in imported.places} == {
        "Example Prospect Elementary",
        "Example Northtown Middle",
        "Example Kaw Point High",
    }
    cover = imported.cover("MO", "jackson", dt.date(2026, 6, 1))
    assert cover.current["school"].source == "NCES EDGE public schools"
    assert cover.missing == {"child_care": "none"}
    assert imported.max_age_days == 730 and imported.edge_margin_m == 100
