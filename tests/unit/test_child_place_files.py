"""Reading the public lists of places for children: NCES EDGE school geocode files and CSV lists,
bad rows skipped and said (file and line), good rows kept."""

import datetime as dt
from pathlib import Path

import pytest

from jobs.errors import InvalidInput
from jobs.services.child_place_files import (
    NCES_PRIVATE,
    NCES_PUBLIC,
    read_nces,
    read_place_csv,
    read_text,
    school_year_end,
)

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "child_places"
PUBLIC = HERE / "EDGE_GEOCODE_PUBLICSCH_2324.csv"
PRIVATE = HERE / "EDGE_GEOCODE_PRIVATESCH_2122.txt"
CHILD_CARE = HERE / "licensed_child_care.csv"
PROGRAM = HERE / "program_places.csv"


def test_an_nces_public_school_file_keeps_good_rows_and_says_which_were_skipped():
    reading = read_nces(read_text(PUBLIC), "public.csv")
    assert reading.source == NCES_PUBLIC and reading.as_of == dt.date(2024, 6, 30)
    assert [(r.name, r.state, r.county, r.ref) for r in reading.rows] == [
        ("Example Prospect Elementary", "MO", "jackson", "290000000001"),
        ("Example Northtown Middle", "MO", "clay", "290000000002"),
        ("Example Kaw Point High", "KS", "wyandotte", "200000000006"),
    ]
    first = reading.rows[0]
    assert (first.lat, first.lon, first.precision) == (39.0499, -94.5551, "address")
    assert first.street == "4300 Prospect Ave" and first.postal_code == "64130"
    assert reading.skipped == [
        "public.csv: line 4: Example Unplaced Academy: no position (latitude and longitude);"
        " geocode it first",
        "public.csv: line 5: Example Zero School: position '0', '0' is not a place",
        "public.csv: line 6: 5 fields where the header has 25",
    ]


def test_an_nces_private_school_txt_is_read_by_its_ppin():
    reading = read_nces(read_text(PRIVATE), "private.txt")
    assert reading.source == NCES_PRIVATE and reading.as_of == dt.date(2022, 6, 30)
    (row,) = reading.rows
    assert (row.name, row.ref, row.county) == ("Example Parish School", "A9900001", "jackson")


def test_an_nces_date_can_be_given_and_is_needed_without_schoolyear():
    text = "NCESSCH,NAME,LAT,LON\n1,Example School,39.1,-94.5\n"
    with pytest.raises(InvalidInput, match=r"x\.csv: no SCHOOLYEAR.*--as-of"):
        read_nces(text, "x.csv")
    reading = read_nces(text, "x.csv", as_of=dt.date(2025, 9, 1))
    assert reading.as_of == dt.date(2025, 9, 1) and reading.without_county == 1


def test_a_file_that_is_not_nces_is_refused_naming_the_file():
    with pytest.raises(InvalidInput, match=r"other\.csv: not an NCES EDGE school geocode file"):
        read_nces("ID,NAME,LAT,LON\n1,A,39,-94\n", "other.csv")
    with pytest.raises(InvalidInput, match=r"thin\.csv: NCES file without the LAT, LON"):
        read_nces("NCESSCH,NAME\n1,A\n", "thin.csv")
    with pytest.raises(InvalidInput, match=r"empty\.csv: the file is empty"):
        read_nces("", "empty.csv")


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(InvalidInput, match=r"missing\.csv: cannot read"):
        read_text(tmp_path / "missing.csv")


def test_a_licensed_child_care_list_recognises_its_headers():
    reading = read_place_csv(
        read_text(CHILD_CARE), "cc.csv", "child_care", as_of=dt.date(2026, 10, 1)
    )
    assert reading.source == "child care list cc.csv"
    assert [(r.name, r.ref, r.county, r.precision) for r in reading.rows] == [
        ("Example Little Steps Child Care", "CC-0001", "jackson", "given"),
        ("Example Northland Preschool", "CC-0003", "clay", "given"),  # county from the ZIP
    ]
    assert reading.skipped == [
        "cc.csv: line 3: Example Unmapped Day Care: no position (latitude and longitude);"
        " geocode it first"
    ]


def test_other_headers_are_mapped_with_column_settings():
    with pytest.raises(InvalidInput, match=r"prog\.csv: no lat, lon column .*--set column\.lat="):
        read_place_csv(read_text(PROGRAM), "prog.csv", "other", as_of=dt.date(2026, 1, 1))
    reading = read_place_csv(
        read_text(PROGRAM),
        "prog.csv",
        "other",
        as_of=dt.date(2026, 1, 1),
        source="program hand list",
        columns={"column.lat": "Lat_Y", "column.lon": "Long_X"},
    )
    (row,) = reading.rows
    assert (row.name, row.kind, row.lat, row.lon) == ("Example Youth Pool", "other", 39.06, -94.54)
    assert reading.source == "program hand list" and reading.without_county == 1


def test_bad_column_settings_and_kinds_are_refused():
    text = read_text(PROGRAM)
    with pytest.raises(InvalidInput, match="no such header in the file"):
        read_place_csv(text, "p.csv", "other", as_of=dt.date.today(), columns={"column.lat": "Y"})
    with pytest.raises(InvalidInput, match="FIELD one of"):
        read_place_csv(text, "p.csv", "other", as_of=dt.date.today(), columns={"lat": "Lat_Y"})
    with pytest.raises(InvalidInput, match="kind: choose one of"):
        read_place_csv(text, "p.csv", "park", as_of=dt.date.today())


@pytest.mark.parametrize(
    ("text", "end"),
    [("2023-2024", dt.date(2024, 6, 30)), ("2023-24", dt.date(2024, 6, 30)),
     ("2324", dt.date(2024, 6, 30)), ("soon", None), ("2325", None)],
)  # fmt: skip
def test_school_years(text, end):
    assert school_year_end(text) == end
