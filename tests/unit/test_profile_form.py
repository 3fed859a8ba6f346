"""The specialist's profile form: the posted form read as a participant document, a stored
participant shown as the form's values (and read back unchanged), problems next to their fields."""

from __future__ import annotations

from datetime import date

from litestar.datastructures import FormMultiDict

from jobs.services.profiles import check_document
from jobs.store import CriminalRecord, Participant, Supervision
from jobs.web.profile_form import (
    document_from_form,
    echo_values,
    form_values,
    problems_by_field,
    read_form,
)


def _form(**fields: object) -> FormMultiDict:
    pairs: list[tuple[str, object]] = []
    for name, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append((name, one))
    return FormMultiDict(pairs)


def _stored() -> Participant:
    return Participant(
        external_ref="P-7",
        name="Ana Tester",
        home_address="1 Main St",
        home_postal_code="64108",
        home_lat=39.1,
        home_lon=-94.58,
        skills=["forklift", "pallet jack"],
        credentials=["OSHA 10"],
        work_history=[{"title": "Warehouse associate", "years": 2.5}],
        desired_titles=["Loader"],
        drivers_license=True,
        has_vehicle=False,
        max_commute_minutes=45,
        min_hourly_wage=16.5,
        availability=[{"days": ["mon", "tue"], "start": "07:00", "end": "15:00"}],
        supervision=Supervision(
            agency="missouri_pp",
            approved_states=["MO", "KS"],
            approved_counties=["Jackson"],
            standing_permits=[],
            curfew_start="21:00",
            curfew_end="06:00",
            electronic_monitoring=True,
            conditions=["no_alcohol_venues", "occupational_restriction"],
            restricted_occupations=["childcare"],
            restricted_sites=[{"label": "School", "lat": 39.0, "lon": -94.5, "radius_m": 300.0}],
            obligations=[
                {
                    "label": "Group",
                    "days": ["thu"],
                    "start": "18:00",
                    "end": "20:00",
                    "lat": None,
                    "lon": None,
                    "movable": False,
                }
            ],
        ),
        record=CriminalRecord(
            felony=True,
            offense_categories=["theft_fraud"],
            conviction_date=date(2019, 3, 1),
            release_date=date(2023, 5, 1),
            registrant=False,
        ),
    )


def test_the_lists_typed_one_a_line_become_the_document():
    document = document_from_form(
        _form(
            external_ref=" P-1 ",
            name=" Ben ",
            work_history="Line cook, 3\nDishwasher",
            availability="Mon, Tue 07:00-15:00",
            approved_states="mo, ks",
            restricted_sites="School; 39.1, -94.5; 300",
            obligations="Group; thu; 18:00-20:00",
            conditions=["no_minors", "no_computer"],
            drivers_license="on",
            max_commute_minutes="45",
        )
    )
    assert document["external_ref"] == "P-1" and document["name"] == "Ben"
    assert document["work_history"] == [
        {"title": "Line cook", "years": 3.0},
        {"title": "Dishwasher", "years": 0.0},
    ]
    assert document["availability"] == [{"days": ["mon", "tue"], "start": "07:00", "end": "15:00"}]
    assert document["drivers_license"] is True and document["has_vehicle"] is False
    assert document["max_commute_minutes"] == 45
    supervision = document["supervision"]
    assert supervision["approved_states"] == ["MO", "KS"]
    assert supervision["curfew"] is None  # neither end given
    assert supervision["conditions"] == ["no_minors", "no_computer"]
    assert supervision["restricted_sites"] == [
        {"label": "School", "lat": 39.1, "lon": -94.5, "radius_m": 300.0}
    ]
    assert supervision["obligations"] == [
        {"label": "Group", "days": ["thu"], "start": "18:00", "end": "20:00"}
    ]
    item, problems = check_document(document)
    assert problems == [] and item is not None and item.name == "Ben"


def test_a_stored_participant_shown_in_the_form_reads_back_the_same():
    stored = _stored()
    values = form_values(stored)
    assert values["work_history"] == "Warehouse associate, 2.5"
    assert values["restricted_sites"] == "School; 39.0, -94.5; 300"
    assert values["conviction_date"] == "2019-03-01"
    posted = {k: ("on" if v is True else v) for k, v in values.items() if v is not False}
    item, problems = check_document(document_from_form(_form(**posted)))
    assert problems == [] and item is not None
    assert item.external_ref == "P-7" and item.home.lat == 39.1
    assert item.skills == ["forklift", "pallet jack"]
    assert item.work_history[0].years == 2.5
    assert item.supervision.curfew is not None and item.supervision.curfew.start == "21:00"
    assert item.supervision.conditions == ["no_alcohol_venues", "occupational_restriction"]
    assert item.supervision.electronic_monitoring is True
    assert item.record.release_date == date(2023, 5, 1)


def test_problems_stand_next_to_their_form_fields_as_sentences():
    assert problems_by_field(
        [
            ("home", "give both lat and lon, or neither"),
            ("supervision.curfew.start", "expected a time of day HH:MM between 00:00 and 23:59"),
            ("supervision.obligations[0]", "give both lat and lon, or neither"),
            ("name", "expected `str` of length >= 1"),
        ]
    ) == {
        "home_lat": "Give both lat and lon, or neither.",
        "curfew_start": "Expected a time of day HH:MM between 00:00 and 23:59.",
        "obligations": "Give both lat and lon, or neither.",
        "name": "Expected `str` of length >= 1.",
    }


def test_a_bad_value_is_named_by_its_field_in_plain_words():
    late = _form(external_ref="P-1", name="Ben", curfew_start="25:00", curfew_end="06:00")
    _, errors = read_form(late)
    assert errors == {"curfew_start": "Enter a curfew start time like 22:00"}
    half = _form(external_ref="P-1", name="Ben", home_lat="39.1")
    _, errors = read_form(half)
    assert errors == {"home_lon": "Enter both latitude and longitude, or leave both empty"}


def test_every_field_is_read_in_one_pass():
    form = _form(
        external_ref="P-1",
        name="",
        curfew_start="10pm",
        max_commute_minutes="an hour",
        availability="weekdays",
        release_date="2020-01-01",
        conviction_date="2021-01-01",
        conditions=["occupational_restriction"],
    )
    document, errors = read_form(form)
    assert set(errors) == {
        "name",
        "curfew_start",
        "curfew_end",
        "max_commute_minutes",
        "availability",
        "release_date",
        "restricted_occupations",
    }
    assert errors["release_date"] == "The release date must be on or after the conviction date"
    assert document["max_commute_minutes"] == 60, "a bad value never reaches the document"


def test_the_posted_form_is_shown_again_with_its_boxes_and_lists():
    values = echo_values(_form(name="Ben", felony="on", offense_categories=["dui", "other"]))
    assert values["name"] == "Ben"
    assert values["felony"] is True and values["registrant"] is False
    assert values["offense_categories"] == ["dui", "other"] and values["conditions"] == []
